// Pure: the certificates a cluster under TLS needs, and what they name. Every Kafka node gets one
// for its container name (inter-broker and controller traffic, and containers on the cluster
// network), localhost and 127.0.0.1 (clients on the host, and the node's own healthcheck), and the
// advertised host when the brokers are reached by another name; the schema registry gets one for
// its HTTPS API. All are signed by the cluster's CA: the stack's own, or an organisation's.

import { createPrivateKey, X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import type { ClusterConfig, TlsConfig } from "./cluster-config";
import type { KafkaNode } from "./broker-settings";
import { registryHostname } from "./schema-registry-settings";

/** The CA the stack creates when none is given: ten years, ECDSA P-256 as every certificate. */
export const CA_VALIDITY_DAYS = 3650;

export interface CertificateSpec {
    /** The certificate's key in the stack (`kafka-1`, `kafka-schema-registry`): part of its resources' names. */
    name: string;
    commonName: string;
    dnsNames: string[];
    ipAddresses: string[];
}

export interface CertificatePlan {
    caCommonName: string;
    certificates: CertificateSpec[];
    validityHours: number;
    /** Hours before expiry from which the certificate is renewed (replaced) by the next up. */
    earlyRenewalHours: number;
}

/** The names a certificate covers: its own host name, the host's loopback names, and the advertised host. */
function subjectNames(hostname: string, advertisedHost: string): { dnsNames: string[]; ipAddresses: string[] } {
    const names = [hostname, "localhost", advertisedHost, "127.0.0.1"];
    return {
        dnsNames: [...new Set(names.filter(n => isIP(n) === 0))],
        ipAddresses: [...new Set(names.filter(n => isIP(n) !== 0))],
    };
}

export function certificatePlan(cfg: Pick<ClusterConfig, "name" | "advertisedHost" | "schemaRegistry">, nodes: KafkaNode[], tls: TlsConfig): CertificatePlan {
    const certificates: CertificateSpec[] = nodes.map(n => ({ name: n.hostname, commonName: n.hostname, ...subjectNames(n.hostname, cfg.advertisedHost) }));
    if (cfg.schemaRegistry.enabled) {
        const host = registryHostname(cfg);
        certificates.push({ name: host, commonName: host, ...subjectNames(host, cfg.advertisedHost) });
    }
    return {
        caCommonName: `${cfg.name} cluster CA`,
        certificates,
        validityHours: tls.certValidityDays * 24,
        earlyRenewalHours: tls.renewBeforeDays * 24,
    };
}

/** Kafka's PEM keystore: the private key (PKCS#8), then the certificate chain, leaf first. */
export function pemKeystore(keyPkcs8: string, certPem: string, caCertPem: string): string {
    const block = (s: string) => (s.endsWith("\n") ? s : `${s}\n`);
    return block(keyPkcs8) + block(certPem) + block(caCertPem);
}

/**
 * Why an organisation's CA key cannot sign for its certificate, in words that never include the
 * key; undefined when it can, or when either is unset (the config check reports a missing one).
 */
export function caKeyProblem(certPem: string | undefined, keyPem: string | undefined): string | undefined {
    if (!certPem || !keyPem) return undefined;
    let key;
    try {
        key = createPrivateKey(keyPem);
    } catch {
        return "is not a PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN EC/RSA PRIVATE KEY-----, unencrypted)";
    }
    try {
        if (!new X509Certificate(certPem).checkPrivateKey(key)) return "is not the private key of the tlsCaCert certificate";
    } catch {
        return undefined; // an unreadable certificate is reported on tlsCaCert
    }
    return undefined;
}

/**
 * The certificates that expire within `withinDays` of `now` (ISO times by name), each as a phrase
 * for a warning; empty when none does.
 */
export function expiringSoon(expiries: Record<string, string>, withinDays: number, now = new Date()): string[] {
    return Object.entries(expiries)
        .map(([name, end]) => ({ name, end: new Date(end) }))
        .filter(e => !Number.isNaN(e.end.getTime()) && e.end.getTime() - now.getTime() < withinDays * 86_400_000)
        .sort((a, b) => a.end.getTime() - b.end.getTime())
        .map(e => `${e.name} (${e.end.getTime() <= now.getTime() ? "expired" : "expires"} ${e.end.toISOString()})`);
}
