// The cluster program evaluated under Pulumi mocks: the exact resources and inputs it declares.

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { envOf, isSecretEnvelope, MOCK_CERT_END, mockPem, runClusterProgram, TYPES, type DeclaredResource, type ProgramRun } from "./cluster-program";
import { shippedStackConfig } from "./stack-files";

const UI_PASSWORD = "ui-Secret-123-abcdef";
const ADMIN_PASSWORD = "admin-Secret-456";
const REGISTRY_PASSWORD = "registry-Secret-789";
const API_PASSWORD = "api-Secret-0123456789";

const brokerNodes = (run: ProgramRun) => run.ofType(TYPES.container).filter(c => c.plain.name !== "kafka-ui" && envOf(c).KAFKA_PROCESS_ROLES?.includes("broker"));
const kafkaNodes = (run: ProgramRun) => run.ofType(TYPES.container).filter(c => envOf(c).KAFKA_NODE_ID !== undefined);
const uiContainer = (run: ProgramRun) => run.ofType(TYPES.container).find(c => envOf(c).KAFKA_NODE_ID === undefined);

describe("cluster stack, default dev config (3 combined nodes, plaintext, UI on)", async () => {
    const run = await runClusterProgram({}, { uiPassword: UI_PASSWORD });

    it("declares one bridge network named kafka-net", () => {
        const nets = run.ofType(TYPES.network);
        expect(nets).toHaveLength(1);
        expect(nets[0].plain).toMatchObject({ name: "kafka-net", driver: "bridge" });
    });

    it("declares one named volume per node, mounted at the image's data directory", () => {
        const volumes = run.ofType(TYPES.volume).map(v => v.plain.name).sort();
        expect(volumes).toEqual(["kafka-1-data", "kafka-2-data", "kafka-3-data"]);
        for (const node of kafkaNodes(run)) {
            expect(node.plain.volumes).toEqual([{ volumeName: `${node.plain.name}-data`, containerPath: "/var/lib/kafka/data" }]);
            expect(envOf(node).KAFKA_LOG_DIRS).toBe("/var/lib/kafka/data");
        }
    });

    it("runs three brokers that are also the three KRaft voters", () => {
        const nodes = kafkaNodes(run);
        expect(nodes.map(n => n.plain.name).sort()).toEqual(["kafka-1", "kafka-2", "kafka-3"]);
        for (const n of nodes) {
            const env = envOf(n);
            expect(env.KAFKA_PROCESS_ROLES).toBe("broker,controller");
            expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
        }
    });

    it("gives every node the same stable cluster id, derived from the stack", async () => {
        const ids = new Set(kafkaNodes(run).map(n => envOf(n).CLUSTER_ID));
        expect(ids.size).toBe(1);
        const [id] = [...ids];
        expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
        const again = await runClusterProgram({}, { uiPassword: UI_PASSWORD });
        expect(envOf(kafkaNodes(again)[0]).CLUSTER_ID).toBe(id);
        const otherStack = await runClusterProgram({}, { uiPassword: UI_PASSWORD }, "staging");
        expect(envOf(kafkaNodes(otherStack)[0]).CLUSTER_ID).not.toBe(id);
    });

    it("advertises a distinct localhost port per broker and publishes it on 127.0.0.1", () => {
        const ports = brokerNodes(run).map(b => {
            const env = envOf(b);
            const external = /EXTERNAL:\/\/localhost:(\d+)/.exec(env.KAFKA_ADVERTISED_LISTENERS)![1];
            expect(b.plain.ports).toEqual([{ internal: 9092, external: Number(external), ip: "127.0.0.1", protocol: "tcp" }]);
            expect(env.KAFKA_ADVERTISED_LISTENERS).toContain(`INTERNAL://${b.plain.name}:19092`);
            return Number(external);
        });
        expect(new Set(ports).size).toBe(ports.length);
        expect(ports.sort()).toEqual([9092, 9093, 9094]);
        for (const c of run.ofType(TYPES.container)) {
            for (const p of c.plain.ports ?? []) expect(p.ip).toBe("127.0.0.1");
        }
    });

    it("gives every container a readiness healthcheck, restart unless-stopped and a memory limit", () => {
        for (const c of run.ofType(TYPES.container)) {
            const hc = c.plain.healthcheck;
            expect(hc.tests[0]).toBe("CMD-SHELL");
            expect(hc).toMatchObject({ interval: expect.any(String), timeout: expect.any(String), startPeriod: expect.any(String) });
            expect(hc.retries).toBeGreaterThan(0);
            expect(c.plain.restart).toBe("unless-stopped");
            expect(c.plain.memory).toBeGreaterThan(0);
            // Unset, the daemon reports its own swap default and the stack never converges.
            expect(c.plain.memorySwap).toBe(c.plain.memory);
            expect(c.plain.wait).toBe(true);
        }
        for (const b of brokerNodes(run)) expect(b.plain.healthcheck.tests[1]).toContain("kafka-topics.sh --bootstrap-server localhost:19092 --describe --under-replicated-partitions");
    });

    it("gives every Kafka node time for a controlled shutdown when it is stopped or replaced", () => {
        for (const n of kafkaNodes(run)) {
            expect(n.plain.destroyGraceSeconds, n.name).toBeGreaterThanOrEqual(30);
            expect(n.plain.stopTimeout, n.name).toBe(n.plain.destroyGraceSeconds);
        }
    });

    it("derives durable internal-topic replication from three brokers", () => {
        const env = envOf(brokerNodes(run)[0]);
        expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe("3");
        expect(env.KAFKA_TRANSACTION_STATE_LOG_MIN_ISR).toBe("2");
        expect(env.KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR).toBe("3");
        expect(env.KAFKA_MIN_INSYNC_REPLICAS).toBe("2");
    });

    it("pins the broker and UI images and uses them through RemoteImage resources", () => {
        const images = run.ofType(TYPES.image).map(i => i.plain.name).sort();
        expect(images).toEqual(["apache/kafka:4.3.1", "kafbat/kafka-ui:v1.4.2"]);
        for (const c of kafkaNodes(run)) expect(c.plain.image).toBe("apache/kafka:4.3.1");
    });

    it("tells the UI of no schema registry when none runs", () => {
        expect(envOf(uiContainer(run)!).KAFKA_CLUSTERS_0_SCHEMAREGISTRY).toBeUndefined();
    });

    it("points the UI at the internal listener, with the login form on", () => {
        const ui = uiContainer(run)!;
        const env = envOf(ui);
        expect(env.KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS).toBe("kafka-1:19092,kafka-2:19092,kafka-3:19092");
        expect(env.AUTH_TYPE).toBe("LOGIN_FORM");
        expect(env.SPRING_SECURITY_USER_PASSWORD).toBe(UI_PASSWORD);
        expect(ui.plain.ports).toEqual([{ internal: 8080, external: 8080, ip: "127.0.0.1", protocol: "tcp" }]);
        expect(ui.plain.networksAdvanced[0].name).toBe("kafka-net");
    });

    it("keeps the UI password secret: a secret input, in no plain input or output", () => {
        const ui = uiContainer(run)!;
        expect(isSecretEnvelope(ui.inputs.envs)).toBe(true);
        for (const r of run.resources) {
            const { envs: _envs, ...rest } = r.inputs;
            expect(JSON.stringify(rest)).not.toContain(UI_PASSWORD);
            if (!isSecretEnvelope(r.inputs.envs)) expect(JSON.stringify(r.inputs.envs ?? "")).not.toContain(UI_PASSWORD);
        }
        expect(JSON.stringify(run.outputs)).not.toContain(UI_PASSWORD);
    });

    it("exports what the topics stack needs", () => {
        expect(run.outputs).toMatchObject({
            bootstrapServers: "localhost:9092,localhost:9093,localhost:9094",
            internalBootstrapServers: "kafka-1:19092,kafka-2:19092,kafka-3:19092",
            networkName: "kafka-net",
            containerNames: ["kafka-1", "kafka-2", "kafka-3", "kafka-ui"],
            brokerCount: 3,
            brokerHeapMb: 512,
            uiUrl: "http://127.0.0.1:8080",
            securityProtocol: "PLAINTEXT",
        });
        expect(run.outputs.adminPassword).toBeUndefined();
    });

    it("exports the names the cluster keeps for itself: no principal without SASL, Kafka's internal topics", () => {
        expect(run.outputs).toMatchObject({ reservedPrincipals: [], reservedResourcePrefixes: ["__"] });
    });

    it("drops every Linux capability and sets no-new-privileges on every container", () => {
        for (const c of run.ofType(TYPES.container)) {
            expect(c.plain.capabilities, c.plain.name).toEqual({ drops: ["ALL"] });
            expect(c.plain.securityOpts, c.plain.name).toEqual(["no-new-privileges:true"]);
        }
    });

    it("parents every resource to the KafkaCluster component", () => {
        expect(run.ofType(TYPES.cluster)).toHaveLength(1);
        const children = run.resources.filter(r => r.type.startsWith("docker:"));
        for (const r of children) expect(r.name.startsWith("kafka-")).toBe(true);
    });
});

describe("cluster stack with security sasl", async () => {
    const run = await runClusterProgram({ security: "sasl" }, { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD });

    it("runs SASL_PLAINTEXT listeners with the StandardAuthorizer, deny by default, admin as super user", () => {
        for (const b of brokerNodes(run)) {
            const env = envOf(b);
            expect(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe("INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
            expect(env.KAFKA_AUTHORIZER_CLASS_NAME).toBe("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            expect(env.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND).toBe("false");
            expect(env.KAFKA_SUPER_USERS).toBe("User:admin");
            expect(env.KAFKA_SASL_ENABLED_MECHANISMS).toBe("PLAIN,SCRAM-SHA-512");
            expect(env.KAFKA_LISTENER_NAME_INTERNAL_PLAIN_SASL_JAAS_CONFIG).toContain(`user_admin="${ADMIN_PASSWORD}"`);
        }
    });

    it("keeps the admin password secret in every container and output", () => {
        for (const c of run.ofType(TYPES.container)) {
            expect(isSecretEnvelope(c.inputs.envs)).toBe(true);
            const { envs: _envs, ...rest } = c.inputs;
            expect(JSON.stringify(rest)).not.toContain(ADMIN_PASSWORD);
        }
        expect(run.secretOutputs).toContain("adminPassword");
        expect(run.outputs).toMatchObject({ securityProtocol: "SASL_PLAINTEXT", saslMechanism: "PLAIN", adminUser: "admin" });
    });

    it("authenticates the healthcheck and the UI as the admin", () => {
        for (const b of brokerNodes(run)) {
            expect(b.plain.healthcheck.tests[1]).toContain("--command-config /tmp/healthcheck.properties");
            expect(b.plain.healthcheck.tests[1]).not.toContain(ADMIN_PASSWORD);
        }
        const env = envOf(uiContainer(run)!);
        expect(env.KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL).toBe("SASL_PLAINTEXT");
        expect(env.KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG).toContain(`password="${ADMIN_PASSWORD}"`);
    });
});

describe("cluster stack during an admin password rotation (a standby admin)", async () => {
    const STANDBY_PASSWORD = "standby-pw-0123456789";
    const run = await runClusterProgram({ security: "sasl", standbyAdminUser: "admin-b" },
        { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, standbyAdminPassword: STANDBY_PASSWORD });

    it("every node accepts both admins as super users but connects as the active one", () => {
        for (const n of run.ofType(TYPES.container).filter(c => c !== uiContainer(run))) {
            const env = envOf(n);
            expect(env.KAFKA_SUPER_USERS).toBe("User:admin;User:admin-b");
            for (const listener of ["CONTROLLER", ...(env.KAFKA_INTER_BROKER_LISTENER_NAME ? ["INTERNAL", "EXTERNAL"] : [])]) {
                const jaas = env[`KAFKA_LISTENER_NAME_${listener}_PLAIN_SASL_JAAS_CONFIG`];
                expect(jaas).toContain(`username="admin" password="${ADMIN_PASSWORD}"`);
                expect(jaas).toContain(`user_admin="${ADMIN_PASSWORD}" user_admin-b="${STANDBY_PASSWORD}";`);
            }
        }
    });

    it("keeps the standby password secret and out of every output; the UI and the outputs stay on the active admin", () => {
        for (const c of run.ofType(TYPES.container)) {
            expect(isSecretEnvelope(c.inputs.envs)).toBe(true);
            const { envs: _envs, ...rest } = c.inputs;
            expect(JSON.stringify(rest)).not.toContain(STANDBY_PASSWORD);
        }
        expect(JSON.stringify(run.outputs)).not.toContain(STANDBY_PASSWORD);
        expect(run.outputs).toMatchObject({ adminUser: "admin" });
        expect(envOf(uiContainer(run)!).KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG).toContain('username="admin"');
    });
});

describe("cluster stack in isolated mode", async () => {
    const run = await runClusterProgram({ controllerMode: "isolated", brokers: "2", controllers: "3", uiEnabled: "false" });

    it("declares dedicated controllers and broker-only nodes with the right roles", () => {
        const roles = Object.fromEntries(kafkaNodes(run).map(n => [n.plain.name, envOf(n).KAFKA_PROCESS_ROLES]));
        expect(roles).toEqual({
            "kafka-controller-1": "controller", "kafka-controller-2": "controller", "kafka-controller-3": "controller",
            "kafka-1": "broker", "kafka-2": "broker",
        });
    });

    it("lists exactly the controllers as voters, and publishes no controller port", () => {
        for (const n of kafkaNodes(run)) {
            const env = envOf(n);
            expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe("101@kafka-controller-1:9093,102@kafka-controller-2:9093,103@kafka-controller-3:9093");
            if (env.KAFKA_PROCESS_ROLES === "controller") {
                expect(env.KAFKA_LISTENERS).toBe("CONTROLLER://:9093");
                expect(env.KAFKA_ADVERTISED_LISTENERS).toBeUndefined();
                expect(n.plain.ports).toEqual([]);
                expect(n.plain.healthcheck.tests[1]).toContain("kafka-metadata-quorum.sh --bootstrap-controller localhost:9093");
            } else {
                expect(env.KAFKA_LISTENERS).not.toContain("CONTROLLER");
            }
        }
    });

    it("declares no UI when it is turned off, and a volume per node", () => {
        expect(uiContainer(run)).toBeUndefined();
        expect(run.ofType(TYPES.image)).toHaveLength(1);
        expect(run.ofType(TYPES.volume)).toHaveLength(5);
        expect(run.outputs.uiUrl).toBeUndefined();
        // An undefined stack output makes Pulumi warn on every run: unset outputs are left out.
        expect(Object.keys(run.outputs)).not.toContain("uiUrl");
        expect(Object.entries(run.outputs).filter(([, v]) => v === undefined)).toEqual([]);
    });
});

describe("cluster stack with one broker", async () => {
    const run = await runClusterProgram({ brokers: "1", uiEnabled: "false", bindAddress: "0.0.0.0", security: "sasl_ssl" }, { adminPassword: ADMIN_PASSWORD });

    it("works with replication factor 1 and binds all interfaces only when asked", () => {
        const [node] = kafkaNodes(run);
        const env = envOf(node);
        expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe("1");
        expect(env.KAFKA_MIN_INSYNC_REPLICAS).toBe("1");
        expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe("1@kafka-1:9093");
        expect(node.plain.ports[0].ip).toBe("0.0.0.0");
    });
});

describe("cluster stack refuses bad config before declaring anything", () => {
    const cases: Array<[string, Record<string, string>, Record<string, string>, RegExp]> = [
        ["brokers out of range", { brokers: "12" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:brokers \(found "12"\) must be an integer from 1 to 9/],
        ["brokers not an integer", { brokers: "two" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:brokers \(found "two"\) must be an integer/],
        ["even controller count", { controllerMode: "isolated", controllers: "2" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:controllers \(found "2"\) must be odd.*pulumi config set controllers 1/],
        ["unknown security mode", { security: "tls" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:security \(found "tls"\) must be one of plaintext, sasl/],
        ["unknown controller mode", { controllerMode: "zookeeper" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:controllerMode \(found "zookeeper"\) must be one of combined, isolated/],
        ["UI port colliding with a broker port", { uiPort: "9093" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:uiPort \(found "9093"\) collides with the broker ports 9092\.\.9094/],
        ["image tagged latest", { kafkaImage: "apache/kafka:latest" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:kafkaImage \(found "apache\/kafka:latest"\) must be pinned/],
        ["all interfaces without authentication", { bindAddress: "0.0.0.0" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:bindAddress \(found "0\.0\.0\.0"\) publishes every port on all of this host's network interfaces, but security plaintext sends all data, without authentication, in clear.*pulumi config set bindAddress 127\.0\.0\.1/],
        ["a short UI password", {}, { uiPassword: "short-pw" }, /kafka-cluster:uiPassword is shorter than 16 characters; a password must be 16 to 128 characters.*fix: openssl rand -base64 24 \| tr -d '\\n' \| pulumi config set --secret uiPassword/],
        ["an admin password that would inject a JAAS option", { security: "sasl" }, { uiPassword: UI_PASSWORD, adminPassword: 'x" user_evil="pw-long-enough' }, /kafka-cluster:adminPassword has a character outside A-Z a-z 0-9/],
        ["an admin password with a backslash", { security: "sasl" }, { uiPassword: UI_PASSWORD, adminPassword: "abcdefgh\\ijklmnopq" }, /kafka-cluster:adminPassword has a character outside/],
        ["a UI password with a Spring placeholder", {}, { uiPassword: "${SPRING_SECURITY_USER_NAME}-abc" }, /kafka-cluster:uiPassword has a character outside/],
        ["a password with a line break", { security: "sasl" }, { uiPassword: UI_PASSWORD, adminPassword: "abcdefghijklmnop\nlog.dirs=/tmp" }, /kafka-cluster:adminPassword has a character outside/],
        ["untagged image", { uiImage: "kafbat/kafka-ui" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:uiImage \(found "kafbat\/kafka-ui"\) must be pinned/],
        ["missing UI password", {}, {}, /kafka-cluster:uiPassword is required while the Kafka UI is enabled.*pulumi config set --secret uiPassword/],
        ["missing admin password with sasl", { security: "sasl", uiEnabled: "false" }, {}, /kafka-cluster:adminPassword is required when security is sasl.*pulumi config set --secret adminPassword/],
        ["a standby admin without its password", { security: "sasl", standbyAdminUser: "admin-b" }, { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD }, /kafka-cluster:standbyAdminPassword is required while standbyAdminUser is set.*pulumi config set --secret standbyAdminPassword/],
        ["a standby admin password without a user", { security: "sasl" }, { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, standbyAdminPassword: "standby-pw-0123456789" }, /kafka-cluster:standbyAdminUser is required while standbyAdminPassword is set.*pulumi config set standbyAdminUser admin-b/],
        ["a standby admin named like the admin", { security: "sasl", standbyAdminUser: "admin" }, { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, standbyAdminPassword: "standby-pw-0123456789" }, /kafka-cluster:standbyAdminUser \(found "admin"\) must differ from adminUser.*pulumi config set standbyAdminUser admin-b/],
        ["a standby admin without sasl", { standbyAdminUser: "admin-b" }, { uiPassword: UI_PASSWORD, standbyAdminPassword: "standby-pw-0123456789" }, /kafka-cluster:standbyAdminUser \(found "admin-b"\) is only used when security is sasl/],
        ["a short standby admin password", { security: "sasl", standbyAdminUser: "admin-b" }, { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, standbyAdminPassword: "tiny-pw-7" }, /kafka-cluster:standbyAdminPassword is shorter than 16 characters/],
        ["a typo in a key", { broker: "3" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:broker \(found "3"\) is not a setting of this stack/],
        ["bind address other than loopback or all", { bindAddress: "10.0.0.1" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:bindAddress \(found "10\.0\.0\.1"\) must be one of 127\.0\.0\.1, 0\.0\.0\.0/],
        ["memory below heap", { heapMb: "1024", memoryMb: "1024" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:memoryMb \(found "1024"\) must leave at least 256 MB above heapMb/],
        ["UI password stored in plain text", { uiPassword: "plain-pw" }, {}, /kafka-cluster:uiPassword is stored in plain text in Pulumi\.dev\.yaml.*pulumi config set --secret uiPassword/],
        ["bad cluster id", { clusterId: "abc" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:clusterId \(found "abc"\) must be a 22-character base64url/],
        ["a schema registry under sasl without its password", { security: "sasl", schemaRegistryEnabled: "true" }, { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD }, /kafka-cluster:schemaRegistryPassword is required while the schema registry is enabled and security is sasl.*pulumi config set --secret schemaRegistryPassword/],
        ["a schema registry user named like the admin", { security: "sasl", schemaRegistryEnabled: "true", schemaRegistryUser: "admin" }, { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, schemaRegistryPassword: REGISTRY_PASSWORD }, /kafka-cluster:schemaRegistryUser \(found "admin"\) must differ from the admin users/],
        ["a schema registry port colliding with the UI", { schemaRegistryEnabled: "true", schemaRegistryPort: "8080" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:schemaRegistryPort \(found "8080"\) collides with a port of the brokers \(9092\.\.9094\) or the Kafka UI \(8080\); fix: pulumi config set schemaRegistryPort 9095/],
        ["all interfaces under SASL without TLS (passwords in clear)", { security: "sasl", bindAddress: "0.0.0.0", schemaRegistryEnabled: "true" }, { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, schemaRegistryPassword: REGISTRY_PASSWORD }, /kafka-cluster:bindAddress \(found "0\.0\.0\.0"\) publishes every port on all of this host's network interfaces, but security sasl sends the passwords and all data in clear; fix: .*pulumi config set security sasl_ssl/],
        ["a schema registry image tagged latest", { schemaRegistryEnabled: "true", schemaRegistryImage: "apicurio/apicurio-registry:latest" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:schemaRegistryImage \(found "apicurio\/apicurio-registry:latest"\) must be pinned/],
        ["more combined voters than brokers", { brokers: "1", controllers: "3" }, { uiPassword: UI_PASSWORD }, /kafka-cluster:controllers \(found "3"\) must be an integer from 1 to 1/],
    ];

    it.each(cases)("%s", async (_name, config, secrets, message) => {
        let run: ProgramRun | undefined;
        const error = await runClusterProgram(config, secrets).then(r => { run = r; return undefined; }, (e: Error) => e);
        expect(run, `expected the program to refuse ${JSON.stringify(config)}`).toBeUndefined();
        expect(error!.message).toMatch(message);
        expect(error!.message).toContain("nothing was changed");
        expect((error as { declared?: unknown[] }).declared).toEqual([]);
        for (const secret of Object.values(secrets)) expect(error!.message).not.toContain(secret);
    });

    it("never prints the value of a misspelt secret key", async () => {
        const error = await runClusterProgram({}, { uiPassword: UI_PASSWORD, uiPasword: "hunter2-secret" }).catch((e: Error) => e);
        expect(String(error)).toMatch(/kafka-cluster:uiPasword \(found "\[secret\]"\) is not a setting of this stack/);
        expect(String(error)).not.toContain("hunter2-secret");
    });

    it("reports every problem at once", async () => {
        const error = await runClusterProgram({ brokers: "0", security: "none" }, {}).catch((e: Error) => e);
        expect(String(error)).toMatch(/3 problems/);
    });
});

describe("the shipped stack files", () => {
    const stackConfig = (stack: string) => shippedStackConfig(".", stack);

    it("dev: evaluates to a 3-broker SASL cluster on kafka-net (users and ACLs of the topics stack need it)", async () => {
        const run = await runClusterProgram(stackConfig("dev"), { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, schemaRegistryPassword: REGISTRY_PASSWORD }, "dev");
        expect(run.outputs).toMatchObject({
            networkName: "kafka-net", brokerCount: 3, securityProtocol: "SASL_PLAINTEXT", saslMechanism: "PLAIN", adminUser: "admin",
            bootstrapServers: "localhost:9092,localhost:9093,localhost:9094", schemaRegistryUrl: "http://127.0.0.1:8085",
        });
        expect(run.secretOutputs).toContain("adminPassword");
    });

    it("dev: the schema registry keeps its data in Kafka and is a SCRAM user of its own, with rights on its own topics and groups only", async () => {
        const run = await runClusterProgram(stackConfig("dev"), { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, schemaRegistryPassword: REGISTRY_PASSWORD }, "dev");
        // The UI knows the registry (its Confluent-compatible API, by container name on the cluster network).
        expect(envOf(run.ofType(TYPES.container).find(c => c.plain.name === "kafka-ui")!).KAFKA_CLUSTERS_0_SCHEMAREGISTRY).toBe("http://kafka-schema-registry:8080/apis/ccompat/v7");
        // What no catalog may take: the admin and the registry's user, the registry's topics and groups.
        expect(run.outputs).toMatchObject({
            reservedPrincipals: ["User:admin", "User:schema-registry"],
            reservedResourcePrefixes: ["__", "kafkasql-", "registry-events", "apicurio-"],
        });
        const registry = run.ofType(TYPES.container).find(c => c.plain.name === "kafka-schema-registry")!;
        const env = envOf(registry);
        expect(env).toMatchObject({
            APICURIO_STORAGE_KIND: "kafkasql",
            APICURIO_KAFKASQL_BOOTSTRAP_SERVERS: "kafka-1:19092,kafka-2:19092,kafka-3:19092",
            APICURIO_KAFKA_COMMON_SECURITY_PROTOCOL: "SASL_PLAINTEXT",
            APICURIO_KAFKA_COMMON_SASL_MECHANISM: "SCRAM-SHA-512",
        });
        expect(env.APICURIO_KAFKA_COMMON_SASL_JAAS_CONFIG).toContain(`username="schema-registry" password="${REGISTRY_PASSWORD}"`);
        expect(isSecretEnvelope(registry.inputs.envs)).toBe(true);
        expect(registry.plain.ports).toEqual([{ internal: 8080, external: 8085, ip: "127.0.0.1", protocol: "tcp" }]);
        // A fixed name: a replacement (also `pulumi up --replace`) removes the old container first.
        for (const c of run.ofType(TYPES.container)) expect(c.options?.deleteBeforeReplace, c.plain.name).toBe(true);
        // Every healthcheck duration as Docker reports it back (Go's format: 2m0s, not 120s), or each preview shows a change.
        for (const c of run.ofType(TYPES.container)) {
            for (const d of ["interval", "timeout", "startPeriod"]) expect(c.plain.healthcheck[d], `${c.plain.name} ${d}`).toMatch(/^(?:[1-9]\d*m(?:[0-9]|[1-5][0-9])|[1-9]|[1-5][0-9])s$/);
        }
        expect(registry.plain.healthcheck.tests.join(" ")).toMatch(/\/dev\/tcp\/127\.0\.0\.1\/9000.*GET \/health\/ready/);

        const user = run.ofType("kafka:index/userScramCredential:UserScramCredential");
        expect(user.map(u => u.plain.username)).toEqual(["schema-registry"]);
        expect(isSecretEnvelope(user[0].inputs.password)).toBe(true);
        const acls = run.ofType("kafka:index/acl:Acl").map(a => a.plain);
        expect(new Set(acls.map(a => a.aclPrincipal))).toEqual(new Set(["User:schema-registry"]));
        expect(acls.map(a => `${a.aclResourceType} ${a.resourcePatternTypeFilter} ${a.aclResourceName} ${a.aclOperation}`).sort()).toEqual([
            ...["Read", "Describe"].map(op => `Group Prefixed apicurio- ${op}`),
            ...["Create", "Read", "Write", "Describe", "DescribeConfigs"].map(op => `Topic Literal registry-events ${op}`),
            ...["Create", "Read", "Write", "Describe", "DescribeConfigs"].map(op => `Topic Prefixed kafkasql- ${op}`),
        ].sort());
        expect(acls.some(a => ["All", "Delete", "Alter", "AlterConfigs"].includes(a.aclOperation))).toBe(false);
        // The provider that declares them connects as the admin, on the host's listeners.
        const provider = run.ofType("pulumi:providers:kafka")[0];
        expect(provider.plain).toMatchObject({ saslMechanism: "plain", saslUsername: "admin", tlsEnabled: "false" });
        expect(isSecretEnvelope(provider.inputs.saslPassword)).toBe(true);
    });

    it("dev: refuses to run without its secrets, naming the commands", async () => {
        const error = await runClusterProgram(stackConfig("dev"), {}, "dev").catch((e: Error) => e);
        expect(String(error)).toMatch(/adminPassword is required when security is sasl.*pulumi config set --secret adminPassword/);
        expect(String(error)).toMatch(/uiPassword is required/);
        expect(String(error)).toMatch(/schemaRegistryPassword is required while the schema registry is enabled and security is sasl.*pulumi config set --secret schemaRegistryPassword/);
    });

    const stagingSecrets = { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, schemaRegistryPassword: REGISTRY_PASSWORD, schemaRegistryApiPassword: API_PASSWORD };

    it("staging: evaluates to a SASL_SSL cluster with dedicated controllers and its own names and ports", async () => {
        const run = await runClusterProgram(stackConfig("staging"), stagingSecrets, "staging");
        expect(run.outputs).toMatchObject({
            networkName: "kafka-stg-net", securityProtocol: "SASL_SSL",
            bootstrapServers: "localhost:29092,localhost:29093,localhost:29094",
            schemaRegistryUrl: "https://127.0.0.1:8086", schemaRegistryApiUser: "registry",
        });
        expect(kafkaNodes(run).filter(n => envOf(n).KAFKA_PROCESS_ROLES === "controller")).toHaveLength(3);
    });

    it("staging: refuses to run without its secrets, naming the commands", async () => {
        const error = await runClusterProgram(stackConfig("staging"), {}, "staging").catch((e: Error) => e);
        expect(String(error)).toMatch(/adminPassword is required when security is sasl_ssl/);
        expect(String(error)).toMatch(/uiPassword is required/);
        expect(String(error)).toMatch(/schemaRegistryApiPassword is required while the schema registry is enabled and security is sasl_ssl/);
    });
});

describe("cluster stack under TLS (the shipped staging stack, sasl_ssl)", async () => {
    const secrets = { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, schemaRegistryPassword: REGISTRY_PASSWORD, schemaRegistryApiPassword: API_PASSWORD };
    const run = await runClusterProgram(shippedStackConfig(".", "staging"), secrets, "staging");
    const nodes = kafkaNodes(run);
    const byName = (name: string) => run.ofType(TYPES.container).find(c => c.plain.name === name)!;

    it("issues a CA and one certificate per node and for the registry, each for its names, with its ECDSA key", () => {
        expect(run.ofType(TYPES.selfSignedCert)).toHaveLength(1);
        expect(run.ofType(TYPES.selfSignedCert)[0].plain).toMatchObject({ isCaCertificate: true, subject: { commonName: "kafka-stg cluster CA" } });
        const requests = run.ofType(TYPES.certRequest).map(r => r.plain);
        expect(requests.map(r => r.subject.commonName).sort()).toEqual([...nodes.map(n => n.plain.name), "kafka-stg-schema-registry"].sort());
        expect(requests.find(r => r.subject.commonName === "kafka-stg-1")).toMatchObject({ dnsNames: ["kafka-stg-1", "localhost"], ipAddresses: ["127.0.0.1"] });
        for (const k of run.ofType(TYPES.privateKey)) expect(k.plain).toMatchObject({ algorithm: "ECDSA", ecdsaCurve: "P256" });
        for (const c of run.ofType(TYPES.locallySignedCert)) {
            expect(c.plain).toMatchObject({ validityPeriodHours: 365 * 24, earlyRenewalHours: 30 * 24, allowedUses: ["digital_signature", "key_encipherment", "server_auth", "client_auth"] });
            expect(isSecretEnvelope(c.inputs.caPrivateKeyPem), "the CA key reaches the signer as a secret").toBe(true);
        }
    });

    it("uploads each node's key and chain (0600, its user's) and the CA; nothing of them in the environment", () => {
        for (const n of nodes) {
            const uploads = n.plain.uploads as Array<Record<string, string>>;
            expect(uploads.map(u => [u.file, u.permissions, u.owner, u.group])).toEqual([["/etc/kafka/tls/ca.pem", "0644", "1000", "1000"], ["/etc/kafka/tls/node.pem", "0600", "1000", "1000"]]);
            // The key reaches the engine as a secret (the state keeps it encrypted).
            expect(JSON.stringify(n.inputs.uploads)).toContain("4dabf18193072939515e22adb298388d");
            expect(uploads[1].content).toMatch(/^-----BEGIN PRIVATE KEY-----[\s\S]*-----BEGIN CERTIFICATE-----[\s\S]*-----BEGIN CERTIFICATE-----/);
            expect(n.plain.envs.join("\n")).not.toMatch(/BEGIN/);
            expect(n.plain.labels).toContainEqual({ label: "io.kafka-as-code.certificate-expires", value: MOCK_CERT_END });
        }
    });

    it("serves the registry over HTTPS with its own certificate and basic authentication; the UI trusts the CA and logs in to the registry", () => {
        const registry = byName("kafka-stg-schema-registry");
        expect(registry.plain.ports).toEqual([{ internal: 8443, external: 8086, ip: "127.0.0.1", protocol: "tcp" }]);
        expect((registry.plain.uploads as Array<Record<string, string>>).map(u => [u.file, u.permissions, u.owner])).toEqual([
            ["/deployments/tls/ca.pem", "0644", "1001"], ["/deployments/tls/registry.crt", "0644", "1001"], ["/deployments/tls/registry.key", "0600", "1001"]]);
        expect(envOf(registry)).toMatchObject({ QUARKUS_SECURITY_USERS_EMBEDDED_USERS_REGISTRY: API_PASSWORD, APICURIO_KAFKA_COMMON_SECURITY_PROTOCOL: "SASL_SSL" });
        const ui = byName("kafka-stg-ui");
        expect(envOf(ui)).toMatchObject({
            KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: "SASL_SSL", KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_LOCATION: "/etc/kafka-ui/tls/ca.pem",
            KAFKA_CLUSTERS_0_SCHEMAREGISTRYAUTH_USERNAME: "registry", KAFKA_CLUSTERS_0_SCHEMAREGISTRYAUTH_PASSWORD: API_PASSWORD,
        });
        expect((ui.plain.uploads as Array<Record<string, string>>).map(u => u.file)).toEqual(["/etc/kafka-ui/tls/ca.pem"]);
    });

    it("exports the CA (plain) and each certificate's expiry; the registry's API password only as a secret", () => {
        expect(run.outputs.caCert).toBe(mockPem("CERTIFICATE", "kafka-stg-tls-ca"));
        expect(run.outputs.certificateExpiries).toEqual(Object.fromEntries([...nodes.map(n => n.plain.name), "kafka-stg-schema-registry"].map(n => [n, MOCK_CERT_END])));
        expect(run.secretOutputs).toContain("schemaRegistryApiPassword");
        expect(run.secretOutputs).not.toContain("caCert");
    });

    it("an organisation's CA: no CA of its own, its key as a secret", async () => {
        const orgCa = readFileSync(join(__dirname, "../../topics/prod-ca.pem"), "utf8");
        const own = await runClusterProgram({ ...shippedStackConfig(".", "staging"), tlsCaCert: orgCa }, { ...secrets, tlsCaKey: "-----BEGIN PRIVATE KEY-----\nnot checked here\n-----END PRIVATE KEY-----\n" }, "staging")
            .catch((e: Error) => e);
        // The key is checked against the certificate on the secret's value, never shown.
        expect(String(own)).toMatch(/kafka-cluster:tlsCaKey is not a PEM private key/);
        expect(String(own)).not.toContain("not checked here");
    });

    it("refuses a switch from sasl to sasl_ssl that would roll, before declaring anything", async () => {
        const previous = { securityProtocol: "SASL_PLAINTEXT", clusterId: run.outputs.clusterId, networkName: "kafka-stg-net", volumeNames: run.outputs.volumeNames };
        const error = await runClusterProgram(shippedStackConfig(".", "staging"), secrets, "staging", previous).catch((e: Error & { declared?: unknown[] }) => e);
        expect(String(error)).toMatch(/kafka-cluster:security \(found "SASL_SSL"\) would switch every listener from SASL_PLAINTEXT to SASL_SSL one node at a time/);
        expect((error as { declared?: Array<{ type: string }> }).declared?.filter(r => r.type !== "pulumi:pulumi:StackReference")).toEqual([]);
    });

    it("warns of certificates within the renewal window, from the previous deployment", async () => {
        const soon = new Date(Date.now() + 5 * 86_400_000).toISOString();
        const warned = await runClusterProgram(shippedStackConfig(".", "staging"), secrets, "staging",
            { securityProtocol: "SASL_SSL", clusterId: run.outputs.clusterId, networkName: "kafka-stg-net", volumeNames: run.outputs.volumeNames, certificateExpiries: { "kafka-stg-1": soon } });
        expect(warned.warnings.join("\n")).toMatch(/certificates within 30 days of their end: kafka-stg-1 \(expires .*\); pulumi up renews them/);
    });
});

describe("a schema registry without SASL", async () => {
    const run = await runClusterProgram({ schemaRegistryEnabled: "true" }, { uiPassword: UI_PASSWORD });
    it("connects in plaintext, declares no Kafka user, ACL or provider, and needs no password", () => {
        const registry = run.ofType(TYPES.container).find(c => c.plain.name === "kafka-schema-registry")!;
        expect(envOf(registry)).toEqual({
            APICURIO_STORAGE_KIND: "kafkasql", APICURIO_KAFKASQL_BOOTSTRAP_SERVERS: "kafka-1:19092,kafka-2:19092,kafka-3:19092", APICURIO_REST_DELETION_ARTIFACT_ENABLED: "true",
        });
        expect(run.resources.filter(r => r.type.startsWith("kafka:") || r.type === "pulumi:providers:kafka")).toEqual([]);
        expect(run.outputs.schemaRegistryUrl).toBe("http://127.0.0.1:8085");
    });
});

describe("cluster stack refuses a change that would lose or strand the brokers' data", () => {
    const deployed = async () => {
        const run = await runClusterProgram({}, { uiPassword: UI_PASSWORD });
        const { clusterId, networkName, volumeNames } = run.outputs as { clusterId: string; networkName: string; volumeNames: string[] };
        return { clusterId, networkName, volumeNames };
    };
    const refusal = async (config: Record<string, string>) => {
        const error = await runClusterProgram(config, { uiPassword: UI_PASSWORD }, "dev", await deployed()).catch((e: Error) => e);
        expect(error).toBeInstanceOf(Error);
        expect((error as unknown as { declared: DeclaredResource[] }).declared.filter(r => r.type !== "pulumi:pulumi:StackReference")).toEqual([]);
        return (error as Error).message;
    };

    it("passes when nothing that holds data changes", async () => {
        const run = await runClusterProgram({ heapMb: "640", memoryMb: "1280" }, { uiPassword: UI_PASSWORD }, "dev", await deployed());
        expect(run.ofType(TYPES.container).length).toBeGreaterThan(0);
    });

    it("a new name: new, empty volumes, the old ones left behind", async () => {
        expect(await refusal({ name: "kafka2" })).toMatch(/kafka-cluster:name \(found "kafka2-1-data, kafka2-2-data, kafka2-3-data"\) would move the brokers' data from volumes kafka-1-data, kafka-2-data, kafka-3-data to new, empty volumes .*acceptDataLoss true/);
    });

    it("a new cluster id: the brokers would refuse their volumes", async () => {
        const message = await refusal({ clusterId: "AAAAAAAAAAAAAAAAAAAAAA" });
        expect(message).toMatch(/kafka-cluster:clusterId \(found "AAAAAAAAAAAAAAAAAAAAAA"\) would change the KRaft cluster id from \S+ to AAAAAAAAAAAAAAAAAAAAAA: the brokers refuse their existing volumes/);
        expect(message).toMatch(/fix: pulumi config set clusterId \S+; or, to do it on purpose/);
    });

    it("a new network: every container re-created at once", async () => {
        expect(await refusal({ networkName: "other-net" })).toMatch(/kafka-cluster:networkName \(found "other-net"\) would replace network kafka-net with other-net/);
    });

    it("lets the change through with acceptDataLoss", async () => {
        const run = await runClusterProgram({ name: "kafka2", acceptDataLoss: "true" }, { uiPassword: UI_PASSWORD }, "dev", await deployed());
        expect(run.ofType(TYPES.volume).map(v => v.plain.name)).toContain("kafka2-1-data");
    });
});

describe("cluster stack changes a deployed cluster one node at a time", () => {
    const nodeUrns = (run: ProgramRun) => kafkaNodes(run).map(n => ({ name: n.name, deps: n.options?.dependencies ?? [] }));

    it("starts the nodes of a first deployment together (a quorum needs its voters)", async () => {
        const run = await runClusterProgram({ uiEnabled: "false" });
        for (const n of nodeUrns(run)) expect(n.deps.filter(d => d.includes("docker:index/container:Container")), n.name).toEqual([]);
    });

    it("chains the nodes of a deployed cluster, so a replacement rolls: each waits for the one before", async () => {
        const previous = { clusterId: "m4hHhsgsu_emB_bW-B6GMQ", networkName: "kafka-net", volumeNames: ["kafka-1-data", "kafka-2-data", "kafka-3-data"] };
        const run = await runClusterProgram({ uiEnabled: "false" }, {}, "dev", previous);
        const nodes = nodeUrns(run);
        expect(nodes.map(n => n.name)).toEqual(["kafka-kafka-1", "kafka-kafka-2", "kafka-kafka-3"]);
        expect(nodes[0].deps.filter(d => d.includes("Container"))).toEqual([]);
        expect(nodes[1].deps).toContainEqual(expect.stringMatching(/docker:index\/container:Container::kafka-kafka-1$/));
        expect(nodes[2].deps).toContainEqual(expect.stringMatching(/docker:index\/container:Container::kafka-kafka-2$/));
        const off = await runClusterProgram({ uiEnabled: "false", rollingUpdates: "false" }, {}, "dev", previous);
        for (const n of nodeUrns(off)) expect(n.deps.filter(d => d.includes("Container"))).toEqual([]);
    });
});
