// The cluster program with `target: strimzi`, under Pulumi mocks: the Strimzi resources it
// declares, the same topology, security and sizes as the Docker rendering of the same keys, the
// keys it refuses, and its data-safety guard.

import { describe, expect, it } from "vitest";
import { envOf, isSecretEnvelope, runClusterProgram, TYPES, type DeclaredResource, type ProgramRun } from "./cluster-program";
import { shippedStackConfig } from "./stack-files";

const ADMIN_PASSWORD = "admin-Secret-456";
const UI_PASSWORD = "ui-Secret-123-abcdef";
const STRIMZI = { target: "strimzi" };

/** Node counts by role set, as the Docker nodes run them (KAFKA_PROCESS_ROLES). */
function dockerTopology(run: ProgramRun): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const c of run.ofType(TYPES.container)) {
        const roles = envOf(c).KAFKA_PROCESS_ROLES;
        if (roles === undefined) continue;
        const key = roles.split(",").sort().join("+");
        counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
}

/** Node counts by role set, as the Strimzi node pools declare them (roles x replicas). */
function strimziTopology(run: ProgramRun): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const p of run.ofType(TYPES.strimziNodePool)) {
        const key = [...p.plain.spec.roles].sort().join("+");
        counts[key] = (counts[key] ?? 0) + p.plain.spec.replicas;
    }
    return counts;
}

const kafkaSpec = (run: ProgramRun) => run.ofType(TYPES.strimziKafka)[0].plain.spec;

describe("the same keys give the same cluster on Docker and on Strimzi", () => {
    const layouts: Record<string, string>[] = [
        {},
        { brokers: "1" },
        { brokers: "5", controllers: "3" },
        { controllerMode: "isolated", brokers: "2", controllers: "3" },
        { controllerMode: "isolated", brokers: "4", controllers: "5", heapMb: "1024", memoryMb: "2048" },
    ];
    for (const layout of layouts) {
        for (const security of ["plaintext", "sasl", "sasl_ssl"]) {
            it(`${JSON.stringify(layout)} with ${security}: node roles and counts, protocol, authorization, super users, heap and memory`, async () => {
                const config = { ...layout, security };
                const secrets: Record<string, string> = security === "plaintext" ? {} : { adminPassword: ADMIN_PASSWORD };
                const docker = await runClusterProgram({ ...config, uiEnabled: "false" }, secrets);
                const strimzi = await runClusterProgram({ ...config, ...STRIMZI }, secrets);

                expect(strimziTopology(strimzi)).toEqual(dockerTopology(docker));
                expect(strimzi.outputs.brokerCount).toBe(docker.outputs.brokerCount);
                expect(strimzi.outputs.securityProtocol).toBe(docker.outputs.securityProtocol);
                expect(strimzi.outputs.adminUser).toBe(docker.outputs.adminUser);

                const nodeEnv = envOf(docker.ofType(TYPES.container)[0]);
                const spec = kafkaSpec(strimzi);
                const [listener] = spec.kafka.listeners;
                // Authorization, deny by default with the admin as super user, exactly when Docker's nodes have it.
                expect(spec.kafka.authorization !== undefined).toBe(nodeEnv.KAFKA_AUTHORIZER_CLASS_NAME !== undefined);
                if (spec.kafka.authorization) {
                    expect(spec.kafka.authorization.superUsers.map((u: string) => `User:${u}`).join(";")).toBe(nodeEnv.KAFKA_SUPER_USERS);
                    expect(listener.authentication).toEqual({ type: "scram-sha-512" });
                } else {
                    expect(listener.authentication).toBeUndefined();
                }
                expect(listener.tls).toBe(docker.outputs.securityProtocol === "SASL_SSL");
                // The brokers' cluster-wide properties are the Docker nodes' KAFKA_* settings.
                for (const [property, value] of Object.entries(spec.kafka.config as Record<string, string>)) {
                    const brokerEnv = envOf(docker.ofType(TYPES.container).find(c => envOf(c).KAFKA_PROCESS_ROLES?.includes("broker"))!);
                    expect(brokerEnv[`KAFKA_${property.toUpperCase().replace(/\./g, "_")}`], property).toBe(value);
                }
                for (const pool of strimzi.ofType(TYPES.strimziNodePool)) {
                    expect(`-Xms${pool.plain.spec.jvmOptions["-Xms"]} -Xmx${pool.plain.spec.jvmOptions["-Xmx"]}`).toBe(nodeEnv.KAFKA_HEAP_OPTS);
                    expect(pool.plain.spec.resources.limits.memory).toBe(`${docker.ofType(TYPES.container)[0].plain.memory}Mi`);
                }
            });
        }
    }
});

describe("the shipped prod stack (target strimzi)", async () => {
    const run = await runClusterProgram(shippedStackConfig(".", "prod"), { adminPassword: ADMIN_PASSWORD }, "prod");

    it("declares a Kafka and its node pools in namespace kafka, through one Kubernetes provider, and nothing of Docker", () => {
        const kafka = run.ofType(TYPES.strimziKafka);
        expect(kafka).toHaveLength(1);
        expect(kafka[0].plain.metadata).toMatchObject({ name: "kafka-prod", namespace: "kafka" });
        expect(kafka[0].plain.apiVersion).toBe("kafka.strimzi.io/v1");
        expect(kafka[0].plain.spec.kafka.version).toBe("4.3.1");
        const pools = run.ofType(TYPES.strimziNodePool).map(p => ({ name: p.plain.metadata.name, roles: p.plain.spec.roles, replicas: p.plain.spec.replicas, cluster: p.plain.metadata.labels["strimzi.io/cluster"] }));
        expect(pools).toEqual([
            { name: "kafka-prod-controller", roles: ["controller"], replicas: 3, cluster: "kafka-prod" },
            { name: "kafka-prod-broker", roles: ["broker"], replicas: 3, cluster: "kafka-prod" },
        ]);
        expect(run.ofType(TYPES.kubernetesProvider)).toHaveLength(1);
        expect(run.ofType(TYPES.kubernetesProvider)[0].plain).toMatchObject({ namespace: "kafka" });
        for (const t of [TYPES.container, TYPES.network, TYPES.volume, TYPES.image]) expect(run.ofType(t)).toEqual([]);
        for (const r of run.resources.filter(r => r.type.startsWith("kubernetes:"))) {
            expect(r.options?.provider, r.name).toMatch(/pulumi:providers:kubernetes::/);
        }
    });

    it("keeps each node's claim when the cluster is deleted, at the configured size", () => {
        for (const pool of run.ofType(TYPES.strimziNodePool)) {
            expect(pool.plain.spec.storage).toEqual({ type: "persistent-claim", size: "100Gi", deleteClaim: false });
        }
    });

    it("serves SCRAM-SHA-512 over TLS with the stack's CA, simple authorization and the admin as a KafkaUser whose password is a secret", () => {
        const spec = kafkaSpec(run);
        expect(spec.kafka.listeners).toEqual([{ name: "scramtls", port: 9093, type: "internal", tls: true, authentication: { type: "scram-sha-512" } }]);
        expect(spec.kafka.authorization).toEqual({ type: "simple", superUsers: ["admin"] });
        expect(spec.clusterCa).toEqual({ generateCertificateAuthority: false });
        const [user] = run.ofType(TYPES.strimziUser);
        expect(user.plain.metadata.name).toBe("admin");
        expect(user.plain.spec.authentication.password.valueFrom.secretKeyRef).toEqual({ name: "kafka-prod-admin-password", key: "password" });
        const secrets = Object.fromEntries(run.ofType(TYPES.kubernetesSecret).map(s => [s.plain.metadata.name, s]));
        expect(Object.keys(secrets).sort()).toEqual(["kafka-prod-admin-password", "kafka-prod-cluster-ca", "kafka-prod-cluster-ca-cert"]);
        // The value, or the whole stringData around it, travels as a Pulumi secret.
        const secretAt = (data: Record<string, unknown>, key: string) => isSecretEnvelope(data) || isSecretEnvelope(data[key]);
        expect(secretAt(secrets["kafka-prod-admin-password"].inputs.stringData, "password")).toBe(true);
        expect(secretAt(secrets["kafka-prod-cluster-ca"].inputs.stringData, "ca.key")).toBe(true);
        expect(secrets["kafka-prod-cluster-ca"].plain.metadata.labels).toMatchObject({ "strimzi.io/kind": "Kafka", "strimzi.io/cluster": "kafka-prod" });
        expect(secrets["kafka-prod-cluster-ca"].plain.metadata.annotations).toEqual({ "strimzi.io/ca-key-generation": "0" });
        expect(JSON.stringify(run.resources.filter(r => r.type.startsWith("kubernetes:kafka")).map(r => r.plain))).not.toContain(ADMIN_PASSWORD);
    });

    it("exports the contract the topics stack reads: the bootstrap service, SASL_SSL with SCRAM-SHA-512, the CA, the admin", () => {
        expect(run.outputs).toMatchObject({
            target: "strimzi", bootstrapServers: "kafka-prod-kafka-bootstrap.kafka.svc:9093", securityProtocol: "SASL_SSL", saslMechanism: "SCRAM-SHA-512",
            adminUser: "admin", brokerCount: 3, brokerHeapMb: 2048, kubernetesNamespace: "kafka", kafkaResourceName: "kafka-prod", storageSizeGi: 100, deleteClaims: false,
            reservedPrincipals: ["User:admin"],
        });
        expect(String(run.outputs.caCert)).toContain("BEGIN CERTIFICATE");
        expect(run.secretOutputs).toContain("adminPassword");
        for (const k of ["networkName", "clusterId", "volumeNames", "uiUrl", "schemaRegistryUrl"]) expect(run.outputs[k], k).toBeUndefined();
    });

    it("refuses to run without the admin password, naming the command", async () => {
        const error = await runClusterProgram(shippedStackConfig(".", "prod"), {}, "prod").catch((e: Error) => e);
        expect(String(error)).toMatch(/adminPassword is required when security is sasl_ssl.*pulumi config set --secret adminPassword/);
    });
});

describe("target strimzi refuses what has no meaning there, before declaring anything", () => {
    const refusal = async (config: Record<string, string>, secrets: Record<string, string> = {}) => {
        const error = await runClusterProgram(config, secrets).catch((e: Error & { declared?: unknown[] }) => e);
        expect(error).toBeInstanceOf(Error);
        expect((error as { declared?: unknown[] }).declared).toEqual([]);
        return String(error);
    };

    it("Docker's ports, network, cluster id, rolling switch, UI and registry, each by key", async () => {
        const message = await refusal({ ...STRIMZI, networkName: "net", bindAddress: "0.0.0.0", externalPortBase: "19092", clusterId: "AAAAAAAAAAAAAAAAAAAAAA", uiEnabled: "true", schemaRegistryEnabled: "true" }, { uiPassword: UI_PASSWORD });
        for (const k of ["networkName", "bindAddress", "externalPortBase", "clusterId", "uiEnabled", "schemaRegistryEnabled"]) {
            expect(message).toMatch(new RegExp(`kafka-cluster:${k} \\(found "[^"]+"\\) has no meaning with target strimzi: .*; fix: pulumi config rm ${k}`));
        }
        expect(message).toMatch(/kafka-cluster:uiPassword has no meaning with target strimzi: the Kafka UI and the schema registry run on Docker only; fix: pulumi config rm uiPassword/);
        expect(message).not.toContain(UI_PASSWORD);
    });

    it("a kafkaImage without a release tag, an admin that is no Kubernetes name, a missing kubeconfig file", async () => {
        const message = await refusal({ ...STRIMZI, kafkaImage: "apache/kafka@sha256:" + "a".repeat(64), security: "sasl", adminUser: "Admin_1", kubeconfig: "/nonexistent/kubeconfig" }, { adminPassword: ADMIN_PASSWORD });
        expect(message).toMatch(/kafka-cluster:kafkaImage .* must end in a Kafka release tag \(x\.y\.z\) with target strimzi/);
        expect(message).toMatch(/kafka-cluster:adminUser \(found "Admin_1"\) must be a Kubernetes name with target strimzi/);
        expect(message).toMatch(/kafka-cluster:kubeconfig \(found "\/nonexistent\/kubeconfig"\) is not a file on this machine/);
    });

    it("Strimzi's keys with target docker", async () => {
        const message = await refusal({ kubeNamespace: "kafka", storageSizeGi: "10" }, { uiPassword: UI_PASSWORD });
        expect(message).toMatch(/kafka-cluster:kubeNamespace \(found "kafka"\) is only used with target strimzi \(target is docker\); fix: pulumi config rm kubeNamespace, or pulumi config set target strimzi/);
        expect(message).toMatch(/kafka-cluster:storageSizeGi .* is only used with target strimzi/);
    });
});

describe("data safety on Strimzi, at preview", () => {
    const deployed = { target: "strimzi", securityProtocol: "SASL_PLAINTEXT", kubernetesNamespace: "kafka", kafkaResourceName: "kafka", storageSizeGi: 10, deleteClaims: false };
    const secrets = { adminPassword: ADMIN_PASSWORD };
    const base = { ...STRIMZI, security: "sasl" };
    const refused = async (config: Record<string, string>) => {
        const error = await runClusterProgram({ ...base, ...config }, secrets, "dev", deployed).catch((e: Error & { declared?: unknown[] }) => e);
        expect(error).toBeInstanceOf(Error);
        // Nothing but the read of the previous deployment.
        expect((error as { declared?: DeclaredResource[] }).declared?.map(r => r.type)).toEqual(["pulumi:pulumi:StackReference"]);
        return String(error);
    };

    it("a heap change goes through: the same resources, only the node pools' JVM options change", async () => {
        const run = await runClusterProgram({ ...base, heapMb: "768", memoryMb: "1536" }, secrets, "dev", deployed);
        expect(run.ofType(TYPES.strimziNodePool).map(p => p.plain.spec.jvmOptions)).toEqual([{ "-Xms": "768m", "-Xmx": "768m" }]);
    });

    it("stops claims that would be deleted with the cluster, a shrunk claim, a renamed or moved Kafka, and a change of target", async () => {
        expect(await refused({ retainVolumes: "false" })).toMatch(/kafka-cluster:retainVolumes \(found "false"\) would set deleteClaim true on every node pool: .* deletes every node's persistent volume claim, with its data; fix: pulumi config rm retainVolumes .*acceptDataLoss true/);
        expect(await refused({ storageSizeGi: "5" })).toMatch(/kafka-cluster:storageSizeGi \(found "5"\) would shrink every node's claim from 10Gi to 5Gi/);
        expect(await refused({ name: "kafka-b" })).toMatch(/kafka-cluster:name \(found "kafka-b"\) would replace the Kafka resource kafka with kafka-b/);
        expect(await refused({ kubeNamespace: "other" })).toMatch(/kafka-cluster:kubeNamespace \(found "other"\) would move the Kafka resource from namespace kafka to other/);
        const toDocker = await runClusterProgram({ security: "sasl", uiEnabled: "false" }, secrets, "dev", deployed).catch((e: Error) => String(e));
        expect(toDocker).toMatch(/kafka-cluster:target \(found "docker"\) would create a new, empty cluster on docker and destroy the one deployed on strimzi/);
    });

    it("keeps the deployed metadata version across a Kafka upgrade until metadataVersion finalizes it, as on Docker", async () => {
        const fresh = await runClusterProgram({ ...base }, secrets);
        expect(kafkaSpec(fresh).kafka).toMatchObject({ version: "4.3.1", metadataVersion: "4.3" });
        const upgraded = await runClusterProgram({ ...base, kafkaImage: "apache/kafka:4.3.1" }, secrets, "dev", { ...deployed, metadataVersion: "4.2" });
        expect(kafkaSpec(upgraded).kafka).toMatchObject({ version: "4.3.1", metadataVersion: "4.2" });
        expect(upgraded.outputs.metadataVersion).toBe("4.2");
        const finalized = await runClusterProgram({ ...base, metadataVersion: "4.3-IV0" }, secrets, "dev", { ...deployed, metadataVersion: "4.2" });
        expect(kafkaSpec(finalized).kafka.metadataVersion).toBe("4.3-IV0");
        const bad = await runClusterProgram({ ...base, metadataVersion: "latest" }, secrets).catch((e: Error) => String(e));
        expect(bad).toMatch(/kafka-cluster:metadataVersion \(found "latest"\) must be a KRaft metadata version such as 4\.3 or 4\.3-IV0/);
    });

    it("lets one such change through with acceptDataLoss", async () => {
        const run = await runClusterProgram({ ...base, retainVolumes: "false", acceptDataLoss: "true" }, secrets, "dev", deployed);
        expect(run.ofType(TYPES.strimziNodePool)[0].plain.spec.storage.deleteClaim).toBe(true);
    });

    it("a Docker deployment from before the target setting counts as docker", async () => {
        const error = await runClusterProgram({ ...base }, secrets, "dev", { clusterId: "x", networkName: "kafka-net", volumeNames: ["kafka-1-data"], securityProtocol: "SASL_PLAINTEXT" }).catch((e: Error) => String(e));
        expect(error).toMatch(/would create a new, empty cluster on strimzi and destroy the one deployed on docker/);
    });
});
