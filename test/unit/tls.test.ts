// TLS, the pure parts: the cluster's sasl_ssl mode (listeners, stores, clients), the certificates
// it plans, the checks of an organisation's CA, the refusal of a security switch that would roll,
// and the topics stack's TLS settings for an external cluster. Each refusal names its key, says
// what is wrong and how to fix it.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeEnvironment, nodeHealthcheck, planNodes } from "../../components/cluster/broker-settings";
import { caCertProblem, parseClusterConfig, type ClusterConfig } from "../../components/cluster/cluster-config";
import { checkClusterChanges } from "../../components/cluster/cluster-safety";
import { securityMode } from "../../components/cluster/security";
import { caKeyProblem, certificatePlan, expiringSoon, pemKeystore } from "../../components/cluster/tls-settings";
import { ConfigError } from "../../components/shared/config-error";
import { providerArgs } from "../../components/shared/kafka-provider";
import { parseTopicsConfig } from "../../components/topics/topics-config";

const dir = mkdtempSync(join(tmpdir(), "tls-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A throwaway CA (openssl), valid for `days`; its key only lives in the test's folder. */
function makeCa(name: string, days: number, ca = true): { cert: string; key: string } {
    const key = join(dir, `${name}.key`), cert = join(dir, `${name}.pem`);
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
        "-days", String(days), "-subj", `/CN=${name}`, "-addext", `basicConstraints=critical,CA:${ca ? "TRUE" : "FALSE"}`], { stdio: "ignore" });
    return { cert: readFileSync(cert, "utf8"), key: readFileSync(key, "utf8") };
}

const ctx = { namespace: "kafka-cluster", stack: "staging", hasAdminPassword: true, hasUiPassword: true, hasSchemaRegistryPassword: true, hasSchemaRegistryApiPassword: true };
const tlsConfig = (raw: Record<string, string> = {}, extra: Partial<typeof ctx> & { hasTlsCaKey?: boolean } = {}) =>
    parseClusterConfig({ security: "sasl_ssl", schemaRegistryEnabled: "true", ...raw }, { ...ctx, ...extra });

function refusal(run: () => unknown): string {
    try {
        run();
    } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
    }
    throw new Error("expected a refusal");
}

describe("security sasl_ssl", () => {
    const cfg = tlsConfig();
    const nodes = planNodes(cfg);
    const admin = { user: "admin", password: "admin-password-0123" };

    it("runs SASL_SSL on every listener, with PEM stores and the host-name check", () => {
        const env = nodeEnvironment(nodes[0], nodes, cfg, admin);
        expect(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe("INTERNAL:SASL_SSL,EXTERNAL:SASL_SSL,CONTROLLER:SASL_SSL");
        expect(env).toMatchObject({
            KAFKA_SSL_KEYSTORE_TYPE: "PEM", KAFKA_SSL_KEYSTORE_LOCATION: "/etc/kafka/tls/node.pem",
            KAFKA_SSL_TRUSTSTORE_TYPE: "PEM", KAFKA_SSL_TRUSTSTORE_LOCATION: "/etc/kafka/tls/ca.pem",
            KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM: "https", KAFKA_AUTHORIZER_CLASS_NAME: "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        });
        // No key material in the environment: only where the uploaded files are.
        expect(Object.values(env).join("\n")).not.toMatch(/BEGIN .*PRIVATE KEY/);
    });

    it("has the healthcheck, the UI and the registry trust the CA", () => {
        expect(nodeHealthcheck(nodes[0], cfg).tests[1]).toContain("security.protocol=SASL_SSL\\nssl.truststore.type=PEM\\nssl.truststore.location=/etc/kafka/tls/ca.pem\\n");
        const mode = securityMode("sasl_ssl");
        expect(mode.uiClientEnvironment(admin)).toMatchObject({ KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: "SASL_SSL", KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_LOCATION: "/etc/kafka-ui/tls/ca.pem" });
        expect(mode.registryClientEnvironment({ user: "schema-registry", password: "x".repeat(16) })).toMatchObject({ APICURIO_KAFKA_COMMON_SSL_TRUSTSTORE_LOCATION: "/deployments/tls/ca.pem" });
    });

    it("gives each container its files, private keys owned by the image's user with mode 0600", () => {
        const mode = securityMode("sasl_ssl");
        expect(mode.tlsFiles("node")).toEqual([
            { file: "/etc/kafka/tls/ca.pem", content: "ca", mode: "0644", owner: "1000" },
            { file: "/etc/kafka/tls/node.pem", content: "keystore", mode: "0600", owner: "1000" },
        ]);
        expect(mode.tlsFiles("registry").find(f => f.content === "key")).toEqual({ file: "/deployments/tls/registry.key", content: "key", mode: "0600", owner: "1001" });
        expect(securityMode("sasl").tlsFiles("node")).toEqual([]);
    });

    it("serves the registry's API over HTTPS with basic authentication", () => {
        const server = securityMode("sasl_ssl").registryServer({ user: "registry", password: "api-password-01234" });
        expect(server).toMatchObject({ port: 8443, scheme: "https" });
        expect(server.environment).toMatchObject({
            QUARKUS_HTTP_SSL_CERTIFICATE_FILES: "/deployments/tls/registry.crt", QUARKUS_SECURITY_USERS_EMBEDDED_USERS_REGISTRY: "api-password-01234",
            QUARKUS_HTTP_AUTH_PERMISSION_APIS_PATHS: "/apis/*", QUARKUS_HTTP_AUTH_PERMISSION_APIS_POLICY: "authenticated",
        });
        expect(securityMode("sasl").registryServer()).toEqual({ port: 8080, scheme: "http", environment: {} });
    });
});

describe("certificatePlan", () => {
    it("names each node by container name, localhost, 127.0.0.1 and the advertised host; the registry too", () => {
        const cfg = tlsConfig({ advertisedHost: "kafka.example.internal", bindAddress: "0.0.0.0" });
        const plan = certificatePlan(cfg, planNodes(cfg), cfg.tls!);
        expect(plan.certificates.map(c => c.name)).toEqual(["kafka-1", "kafka-2", "kafka-3", "kafka-schema-registry"]);
        expect(plan.certificates[0]).toEqual({ name: "kafka-1", commonName: "kafka-1", dnsNames: ["kafka-1", "localhost", "kafka.example.internal"], ipAddresses: ["127.0.0.1"] });
        expect(plan).toMatchObject({ caCommonName: "kafka cluster CA", validityHours: 365 * 24, earlyRenewalHours: 30 * 24 });
    });

    it("puts an advertised IP address among the IP names", () => {
        const cfg = tlsConfig({ advertisedHost: "10.0.0.5", bindAddress: "0.0.0.0", schemaRegistryEnabled: "false" }, { hasSchemaRegistryApiPassword: false });
        expect(certificatePlan(cfg, planNodes(cfg), cfg.tls!).certificates[0].ipAddresses).toEqual(["10.0.0.5", "127.0.0.1"]);
    });

    it("writes Kafka's PEM keystore key first, then the chain", () => {
        expect(pemKeystore("KEY", "CERT\n", "CA")).toBe("KEY\nCERT\nCA\n");
    });
});

describe("cluster config under TLS", () => {
    it("refuses bindAddress 0.0.0.0 without TLS, naming the fix", () => {
        expect(refusal(() => parseClusterConfig({ security: "sasl", bindAddress: "0.0.0.0" }, ctx)))
            .toMatch(/kafka-cluster:bindAddress \(found "0\.0\.0\.0"\) publishes every port on all of this host's network interfaces, but security sasl sends the passwords and all data in clear; fix: .*pulumi config set security sasl_ssl/);
        expect(tlsConfig({ bindAddress: "0.0.0.0" }).bindAddress).toBe("0.0.0.0");
    });

    it("needs the registry API's password under TLS, and refuses TLS settings without TLS", () => {
        expect(refusal(() => tlsConfig({}, { hasSchemaRegistryApiPassword: false }))).toMatch(/kafka-cluster:schemaRegistryApiPassword is required while the schema registry is enabled and security is sasl_ssl/);
        expect(refusal(() => parseClusterConfig({ security: "sasl", tlsCertValidityDays: "90" }, ctx))).toMatch(/kafka-cluster:tlsCertValidityDays \(found "90"\) is only used when security is sasl_ssl \(security is sasl\)/);
    });

    it("accepts an organisation's CA with its key, and refuses a certificate that is no CA, an expired or expiring one, or one without its key", () => {
        const org = makeCa("org-ca", 3650);
        expect(tlsConfig({ tlsCaCert: org.cert }, { hasTlsCaKey: true }).tls).toMatchObject({ caCert: org.cert });
        expect(refusal(() => tlsConfig({ tlsCaCert: org.cert }))).toMatch(/kafka-cluster:tlsCaKey is required with tlsCaCert/);
        expect(caCertProblem(makeCa("leaf", 365, false).cert, 30)).toMatch(/is not a CA certificate/);
        expect(caCertProblem(makeCa("short", 10).cert, 30)).toMatch(/within the 30-day renewal window/);
        expect(caCertProblem(org.cert, 30, new Date(Date.now() + 3651 * 86_400_000))).toMatch(/^expired on /);
        expect(caCertProblem("not a certificate", 30)).toMatch(/is not a PEM certificate/);
    });

    it("checks the CA key against its certificate without ever showing it", () => {
        const org = makeCa("signer", 3650), other = makeCa("other", 3650);
        expect(caKeyProblem(org.cert, org.key)).toBeUndefined();
        expect(caKeyProblem(org.cert, other.key)).toBe("is not the private key of the tlsCaCert certificate");
        const garbled = caKeyProblem(org.cert, "-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----");
        expect(garbled).toMatch(/is not a PEM private key/);
        expect(garbled).not.toContain("not-a-key");
    });
});

describe("expiringSoon", () => {
    it("lists the certificates within the window, the soonest first, and the expired ones", () => {
        const now = new Date("2026-12-01T00:00:00Z");
        expect(expiringSoon({ a: "2027-06-01T00:00:00Z", b: "2026-12-20T00:00:00Z", c: "2026-11-30T00:00:00Z" }, 30, now))
            .toEqual(["c (expired 2026-11-30T00:00:00.000Z)", "b (expires 2026-12-20T00:00:00.000Z)"]);
    });
});

describe("a security switch on a deployed cluster", () => {
    const identity = { clusterId: "id", networkName: "net", volumeNames: ["v1"] };
    it("is refused while it would roll, with the exact steps", () => {
        const message = refusal(() => checkClusterChanges({ ...identity, securityProtocol: "SASL_PLAINTEXT" }, { ...identity, securityProtocol: "SASL_SSL" },
            { namespace: "kafka-cluster", stack: "staging", acceptDataLoss: false, rolling: true }));
        expect(message).toMatch(/kafka-cluster:security \(found "SASL_SSL"\) would switch every listener from SASL_PLAINTEXT to SASL_SSL one node at a time: a restarted node cannot talk to the nodes still on SASL_PLAINTEXT/);
        expect(message).toContain("fix: switch all nodes at once, on purpose: 1. stop the cluster's producers and consumers; 2. pulumi config set rollingUpdates false && pulumi up");
        expect(message).toContain("the cluster's CA (pulumi stack output caCert)");
    });

    it("goes through with rolling updates off, and for a first deployment", () => {
        expect(() => checkClusterChanges({ ...identity, securityProtocol: "SASL_PLAINTEXT" }, { ...identity, securityProtocol: "SASL_SSL" },
            { namespace: "kafka-cluster", stack: "staging", acceptDataLoss: false, rolling: false })).not.toThrow();
        expect(() => checkClusterChanges({}, { ...identity, securityProtocol: "SASL_SSL" }, { namespace: "kafka-cluster", stack: "staging", acceptDataLoss: false, rolling: true })).not.toThrow();
    });
});

describe("the topics stack on an external TLS cluster", () => {
    const topicsCtx = { namespace: "kafka-topics", project: "kafka-topics", stack: "prod", organization: "organization", hasAdminPassword: true };
    const external = { bootstrapServers: "b1:9096", securityProtocol: "SASL_SSL", adminUser: "ops" };
    const org = makeCa("external-ca", 3650);

    it("refuses SASL_SSL without a CA, naming the ways to give one", () => {
        expect(refusal(() => parseTopicsConfig(external, topicsCtx)))
            .toMatch(/kafka-topics:caCert is required with securityProtocol SASL_SSL: the brokers' certificates are checked against the CA that signed them; fix: pulumi config set caCertFile ca\.pem .*pulumi config set tlsSystemRoots true/);
    });

    it("takes the CA, a client certificate with its key, and passes them to the Kafka provider", () => {
        const client = makeCa("client", 365, false);
        const cfg = parseTopicsConfig({ ...external, caCert: org.cert, clientCert: client.cert }, { ...topicsCtx, hasClientKey: true });
        expect(cfg.explicit).toMatchObject({ caCert: org.cert, clientCert: client.cert });
        expect(providerArgs(cfg.explicit!, "pw", { clientKey: "KEY" })).toMatchObject({ tlsEnabled: true, caCert: org.cert, clientCert: client.cert, clientKey: "KEY", saslMechanism: "scram-sha512" });
        expect(refusal(() => parseTopicsConfig({ ...external, caCert: org.cert, clientCert: client.cert }, topicsCtx))).toMatch(/kafka-topics:clientKey is required with clientCert/);
    });

    it("takes a CA file inside the topics folder only, the system's roots, or skipTlsVerify as an explicit opt-in", () => {
        expect(parseTopicsConfig({ ...external, caCertFile: "prod-ca.pem" }, topicsCtx).caCertFile).toBe("prod-ca.pem");
        expect(refusal(() => parseTopicsConfig({ ...external, caCertFile: "../../etc/ca.pem" }, topicsCtx))).toMatch(/kafka-topics:caCertFile \(found "\.\.\/\.\.\/etc\/ca\.pem"\) must be a path inside the topics folder/);
        expect(parseTopicsConfig({ ...external, tlsSystemRoots: "true" }, topicsCtx).explicit).not.toHaveProperty("caCert");
        expect(providerArgs(parseTopicsConfig({ ...external, skipTlsVerify: "true" }, topicsCtx).explicit!, "pw")).toMatchObject({ skipTlsVerify: true });
    });

    it("works with SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN over SASL_SSL", () => {
        for (const [m, provider] of [["SCRAM-SHA-256", "scram-sha256"], ["SCRAM-SHA-512", "scram-sha512"], ["PLAIN", "plain"]]) {
            const cfg = parseTopicsConfig({ ...external, caCert: org.cert, saslMechanism: m }, topicsCtx);
            expect(providerArgs(cfg.explicit!, "pw")).toMatchObject({ tlsEnabled: true, saslMechanism: provider });
        }
    });

    it("refuses TLS settings on a cluster reached without TLS", () => {
        expect(refusal(() => parseTopicsConfig({ bootstrapServers: "b1:9092", caCert: org.cert }, topicsCtx))).toMatch(/kafka-topics:caCert is only used with securityProtocol SASL_SSL or SSL \(it is PLAINTEXT\)/);
    });
});
