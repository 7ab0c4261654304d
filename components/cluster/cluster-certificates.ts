// ClusterCertificates: the CA and the certificates of a cluster under TLS, through the Pulumi
// ecosystem's own TLS provider (@pulumi/tls). The stack's own CA (an ECDSA key and a self-signed
// certificate), or an organisation's (its certificate, and its key as a secret); then one key,
// request and signed certificate per certificate of the plan (tls-settings.ts). Private keys are
// Pulumi secrets. A certificate within its renewal window is replaced by the next `up`, and the
// containers that use it roll one at a time. This component only wires resources.

import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { TlsFile } from "./security";
import { CA_VALIDITY_DAYS, pemKeystore, type CertificatePlan } from "./tls-settings";

export interface ClusterCertificatesArgs {
    plan: CertificatePlan;
    /** An organisation's CA: its certificate (PEM) and key (a Pulumi secret). Unset: the stack creates one. */
    ownCa?: { certPem: string; keyPem: pulumi.Input<string> };
}

export interface IssuedCertificate {
    certPem: pulumi.Output<string>;
    /** The private key, PKCS#8 PEM (secret). */
    keyPem: pulumi.Output<string>;
    /** Key, certificate and CA in one PEM file: Kafka's PEM keystore (secret). */
    keystorePem: pulumi.Output<string>;
    /** When the certificate stops being valid (RFC 3339). */
    validityEndTime: pulumi.Output<string>;
}

export const CLUSTER_CERTIFICATES_TYPE = "kafka-as-code:index:ClusterCertificates";

const KEY = { algorithm: "ECDSA", ecdsaCurve: "P256" } as const;

export class ClusterCertificates extends pulumi.ComponentResource {
    /** The CA certificate (public): what every client trusts. */
    readonly caCertPem: pulumi.Output<string>;
    /** The CA's private key (secret): for a target that signs its own node certificates with it (Strimzi's custom CA). */
    readonly caKeyPem: pulumi.Output<string>;
    readonly issued: Record<string, IssuedCertificate> = {};
    /** Certificate name -> its end of validity: exported, and read by the policy pack from this component's inputs. */
    readonly expiries: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: ClusterCertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(CLUSTER_CERTIFICATES_TYPE, name, {}, opts);
        const parent = { parent: this };
        const { plan } = args;

        let caKeyPem: pulumi.Output<string>;
        if (args.ownCa) {
            this.caCertPem = pulumi.output(args.ownCa.certPem);
            caKeyPem = pulumi.secret(args.ownCa.keyPem);
        } else {
            const caKey = new tls.PrivateKey(`${name}-ca-key`, KEY, parent);
            const ca = new tls.SelfSignedCert(`${name}-ca`, {
                privateKeyPem: caKey.privateKeyPem,
                isCaCertificate: true,
                subject: { commonName: plan.caCommonName, organization: "kafka-as-code" },
                validityPeriodHours: CA_VALIDITY_DAYS * 24,
                allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
            }, parent);
            this.caCertPem = ca.certPem;
            caKeyPem = caKey.privateKeyPem;
        }
        this.caKeyPem = pulumi.secret(caKeyPem);

        for (const c of plan.certificates) {
            const key = new tls.PrivateKey(`${name}-${c.name}-key`, KEY, parent);
            const request = new tls.CertRequest(`${name}-${c.name}-request`, {
                privateKeyPem: key.privateKeyPem,
                subject: { commonName: c.commonName, organization: "kafka-as-code" },
                dnsNames: c.dnsNames,
                ipAddresses: c.ipAddresses,
            }, parent);
            const cert = new tls.LocallySignedCert(`${name}-${c.name}-cert`, {
                certRequestPem: request.certRequestPem,
                caPrivateKeyPem: caKeyPem,
                caCertPem: this.caCertPem,
                validityPeriodHours: plan.validityHours,
                earlyRenewalHours: plan.earlyRenewalHours,
                allowedUses: ["digital_signature", "key_encipherment", "server_auth", "client_auth"],
            }, parent);
            const keyPem = pulumi.secret(key.privateKeyPemPkcs8);
            this.issued[c.name] = {
                certPem: cert.certPem,
                keyPem,
                keystorePem: pulumi.secret(pulumi.all([keyPem, cert.certPem, this.caCertPem]).apply(([k, crt, ca]) => pemKeystore(k, crt, ca))),
                validityEndTime: cert.validityEndTime,
            };
        }
        this.expiries = pulumi.all(Object.entries(this.issued).map(([n, i]) => i.validityEndTime.apply(t => [n, t] as const)))
            .apply(pairs => Object.fromEntries(pairs));
        this.registerOutputs({ caCertPem: this.caCertPem, expiries: this.expiries });
    }

    /**
     * A container's TLS files as Docker uploads (copied in when the container is created: never in
     * its environment or `docker inspect`), with the material of the certificate `certName`.
     */
    uploads(files: TlsFile[], certName?: string): docker.types.input.ContainerUpload[] {
        const issued = certName === undefined ? undefined : this.issued[certName];
        const material = (f: TlsFile): pulumi.Output<string> => {
            if (f.content === "ca") return this.caCertPem;
            if (!issued) throw new Error(`${f.file} needs the certificate of a named container`);
            return f.content === "keystore" ? issued.keystorePem : f.content === "key" ? issued.keyPem : issued.certPem;
        };
        return files.map(f => ({ file: f.file, content: material(f), permissions: f.mode, owner: f.owner, group: f.owner }));
    }
}
