// Rules on encryption in transit, for both stacks: production-class clusters and topics stacks
// speak TLS; a Kafka node whose ports leave loopback does on every listener; the topics stack never
// skips checking the brokers' certificates where it matters; and no certificate runs into its end
// unnoticed (the cluster stack labels every container with its certificate's expiry).

import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { containerName, envMap, kafkaRoles, labelsOf, PRODUCTION_CLASS_SCHEMA, resourceValidation, type Subject, TYPES, violation } from "./shared";
import { LABELS } from "../components/shared/kafka-names";

const TLS_PROTOCOLS = ["SSL", "SASL_SSL"];

/** The protocols of a Kafka node's listeners (KAFKA_LISTENER_SECURITY_PROTOCOL_MAP), by listener name. */
function listenerProtocols(props: Record<string, any>): Record<string, string> {
    const map = envMap(props).KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? "";
    return Object.fromEntries(map.split(",").map(e => e.split(":").map(x => x.trim())).filter(e => e.length === 2 && e[0] !== ""));
}

export interface TlsRequiredConfig { productionClass: boolean }
export const tlsRequiredSchema: PolicyConfigSchema = { properties: { productionClass: PRODUCTION_CLASS_SCHEMA } };

/**
 * A Kafka node: every listener TLS in a production-class stack, and always when it publishes a port
 * beyond loopback (traffic that leaves the machine is encrypted).
 */
export const checkNodeTls = (props: Record<string, any>, s: Subject, cfg: TlsRequiredConfig): string[] => {
    if (!kafkaRoles(props)) return [];
    const name = containerName(props, s.name);
    const plain = Object.entries(listenerProtocols(props)).filter(([, p]) => !TLS_PROTOCOLS.includes(p)).map(([l, p]) => `${l}:${p}`);
    if (plain.length === 0) return [];
    const open = ((props.ports ?? []) as Array<Record<string, any>>).filter(p => p.ip !== "127.0.0.1");
    const out: string[] = [];
    if (cfg.productionClass) {
        out.push(violation(s, name, `Kafka node "${name}" of a production-class stack has listeners without TLS (${plain.join(", ")})`,
            "pulumi config set security sasl_ssl (TLS on every listener, certificates from the cluster's CA); see the README, \"TLS\""));
    }
    if (open.length > 0) {
        out.push(violation(s, name, `Kafka node "${name}" publishes port ${open.map(p => p.external ?? p.internal).join(", ")} beyond loopback with listeners without TLS (${plain.join(", ")}): passwords and data would leave the machine in clear`,
            "pulumi config set security sasl_ssl, or pulumi config set bindAddress 127.0.0.1"));
    }
    return out;
};

/** A topics stack's Kafka provider connects with TLS in a production-class stack, and never skips the certificate check there. */
export const checkProviderTls = (props: Record<string, any>, s: Subject, cfg: TlsRequiredConfig): string[] => {
    if (!cfg.productionClass) return [];
    if (props.tlsEnabled === false) {
        return [violation(s, undefined, "the Kafka provider of a production-class stack connects without TLS (tlsEnabled false)",
            "connect through the cluster's TLS listener: securityProtocol SASL_SSL (or SSL), with its CA (caCert or caCertFile)")];
    }
    return [];
};

export const checkSkipTlsVerify = (props: Record<string, any>, s: Subject, cfg: TlsRequiredConfig): string[] => {
    if (props.skipTlsVerify !== true) return [];
    return [violation(s, undefined, `the Kafka provider skips checking the brokers' certificates (skipTlsVerify)${cfg.productionClass ? " in a production-class stack" : ""}: anyone on the path can pose as the cluster and read the passwords`,
        "give the cluster's CA instead (pulumi config set caCertFile <file>, or caCert), and pulumi config rm skipTlsVerify")];
};

export interface CertificateExpiryConfig { warnDays: number }
export const certificateExpirySchema: PolicyConfigSchema = {
    properties: {
        warnDays: { type: "integer", minimum: 1, default: 30, description: "Report a certificate that expires within this many days (the cluster stack renews within tlsRenewBeforeDays, 30 by default)." },
    },
};

/** Reads the expiry the cluster stack labels a container with; `now` for tests. */
export const checkCertificateExpiry = (props: Record<string, any>, s: Subject, cfg: CertificateExpiryConfig, now = new Date()): string[] => {
    const label = labelsOf(props)[LABELS.certificateExpires];
    if (label === undefined) return [];
    const name = containerName(props, s.name);
    const ends = new Date(label);
    if (Number.isNaN(ends.getTime())) return [violation(s, name, `container "${name}" has certificate expiry label "${label}", not a time`, "let the cluster stack set it (pulumi up)")];
    const days = (ends.getTime() - now.getTime()) / 86_400_000;
    if (days >= cfg.warnDays) return [];
    return [violation(s, name, `the certificate of container "${name}" ${days <= 0 ? "expired" : "expires"} on ${ends.toISOString()} (${days <= 0 ? "already" : `in ${days.toFixed(1)} days`}, within ${cfg.warnDays})`,
        "run pulumi up on the cluster stack: it renews certificates within tlsRenewBeforeDays of their end, rolling the nodes one at a time")];
};

export const tlsPolicies: ResourceValidationPolicy[] = [
    {
        name: "kafka-node-tls",
        description: "Kafka nodes use TLS on every listener in production-class stacks, and whenever they publish a port beyond loopback.",
        enforcementLevel: "mandatory",
        configSchema: tlsRequiredSchema,
        validateResource: resourceValidation(TYPES.container, tlsRequiredSchema, checkNodeTls),
    },
    {
        name: "kafka-provider-tls",
        description: "A production-class topics stack connects to Kafka with TLS.",
        enforcementLevel: "mandatory",
        configSchema: tlsRequiredSchema,
        validateResource: resourceValidation(TYPES.kafkaProvider, tlsRequiredSchema, checkProviderTls),
    },
    {
        name: "kafka-provider-verifies-certificates",
        description: "The Kafka provider checks the brokers' certificates (no skipTlsVerify); refused in production-class stacks.",
        enforcementLevel: "mandatory",
        configSchema: tlsRequiredSchema,
        validateResource: resourceValidation(TYPES.kafkaProvider, tlsRequiredSchema, checkSkipTlsVerify),
    },
    {
        name: "tls-certificate-expiry",
        description: "No container's certificate expires within the warning window (advice in dev, mandatory in production-class stacks).",
        enforcementLevel: "mandatory",
        configSchema: certificateExpirySchema,
        validateResource: resourceValidation(TYPES.container, certificateExpirySchema, (p, s, c: CertificateExpiryConfig) => checkCertificateExpiry(p, s, c)),
    },
];
