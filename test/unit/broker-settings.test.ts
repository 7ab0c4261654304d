// Pure broker and UI settings, computed from validated config: no Pulumi involved.

import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HEALTHCHECK_FILES, hostBootstrapServers, internalBootstrapServers, nodeEnvironment, nodeHealthcheck, planNodes, quorumVoters, replicationDefaults, toEnvList } from "../../components/cluster/broker-settings";
import { deriveClusterId, parseClusterConfig, type ClusterConfig, type RawClusterConfig } from "../../components/cluster/cluster-config";
import { uiEnvironment } from "../../components/cluster/kafka-ui-settings";

const ctx = { namespace: "kafka-cluster", stack: "dev", hasAdminPassword: true, hasUiPassword: true };
const config = (raw: RawClusterConfig = {}): ClusterConfig => parseClusterConfig(raw, ctx);

describe("planNodes", () => {
    it("makes the first three of five combined nodes controllers", () => {
        const nodes = planNodes(config({ brokers: "5" }));
        expect(nodes.map(n => [n.id, n.hostname, n.roles.join("+"), n.externalPort])).toEqual([
            [1, "kafka-1", "broker+controller", 9092],
            [2, "kafka-2", "broker+controller", 9093],
            [3, "kafka-3", "broker+controller", 9094],
            [4, "kafka-4", "broker", 9095],
            [5, "kafka-5", "broker", 9096],
        ]);
    });

    it("uses a single voter for two combined brokers, so the quorum size stays odd", () => {
        const nodes = planNodes(config({ brokers: "2" }));
        expect(quorumVoters(nodes)).toBe("1@kafka-1:9093");
        expect(nodes[1].roles).toEqual(["broker"]);
    });

    it("adds dedicated controllers without external ports in isolated mode", () => {
        const nodes = planNodes(config({ controllerMode: "isolated", brokers: "1", controllers: "5", name: "k" }));
        const controllers = nodes.filter(n => n.roles.join() === "controller");
        expect(controllers.map(n => n.hostname)).toEqual(["k-controller-1", "k-controller-2", "k-controller-3", "k-controller-4", "k-controller-5"]);
        expect(controllers.every(n => n.externalPort === undefined)).toBe(true);
        expect(new Set(nodes.map(n => n.id)).size).toBe(nodes.length);
        expect(nodes.map(n => n.volumeName)).toContain("k-controller-1-data");
    });
});

describe("bootstrap lists", () => {
    it("lists only brokers, by localhost port for the host and by container name inside", () => {
        const nodes = planNodes(config({ controllerMode: "isolated", brokers: "2", externalPortBase: "29092" }));
        expect(hostBootstrapServers(nodes)).toBe("localhost:29092,localhost:29093");
        expect(internalBootstrapServers(nodes)).toBe("kafka-1:19092,kafka-2:19092");
    });
});

describe("replicationDefaults", () => {
    it.each([[1, 1, 1], [2, 2, 1], [3, 3, 2], [9, 3, 2]])("%i brokers: factor %i, min ISR %i", (brokers, rf, isr) => {
        expect(replicationDefaults(brokers)).toEqual({ replicationFactor: rf, minInsyncReplicas: isr });
    });
});

describe("nodeEnvironment", () => {
    it("gives a broker-only node no controller listener", () => {
        const cfg = config({ brokers: "4" });
        const nodes = planNodes(cfg);
        const env = nodeEnvironment(nodes[3], nodes, cfg);
        expect(env.KAFKA_LISTENERS).toBe("INTERNAL://:19092,EXTERNAL://:9092");
        expect(env.KAFKA_PROCESS_ROLES).toBe("broker");
        expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
    });

    it("sets the heap from config and disables automatic topic creation", () => {
        const cfg = config({ heapMb: "768", memoryMb: "1536" });
        const nodes = planNodes(cfg);
        const env = nodeEnvironment(nodes[0], nodes, cfg);
        expect(env.KAFKA_HEAP_OPTS).toBe("-Xms768m -Xmx768m");
        expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe("false");
    });

    it("refuses sasl without admin credentials", () => {
        const cfg = config({ security: "sasl" });
        const nodes = planNodes(cfg);
        expect(() => nodeEnvironment(nodes[0], nodes, cfg)).toThrow(/no admin credentials/);
    });

    it("escapes quotes in the admin password inside JAAS values", () => {
        const cfg = config({ security: "sasl" });
        const nodes = planNodes(cfg);
        const env = nodeEnvironment(nodes[0], nodes, cfg, { user: "admin", password: 'pa"ss\\word' });
        expect(env.KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG).toContain('password="pa\\"ss\\\\word"');
    });

    it("configures a controller-only node's SASL listener without broker settings", () => {
        const cfg = config({ security: "sasl", controllerMode: "isolated" });
        const nodes = planNodes(cfg);
        const env = nodeEnvironment(nodes[0], nodes, cfg, { user: "admin", password: "pw" });
        expect(env.KAFKA_PROCESS_ROLES).toBe("controller");
        expect(env.KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL).toBe("PLAIN");
        expect(env.KAFKA_INTER_BROKER_LISTENER_NAME).toBeUndefined();
        expect(env.KAFKA_SASL_ENABLED_MECHANISMS).toBeUndefined();
    });
});

describe("toEnvList", () => {
    it("sorts keys so an unchanged config never shows a diff", () => {
        expect(toEnvList({ B: "2", A: "1=x" })).toEqual(["A=1=x", "B=2"]);
    });
});

describe("nodeHealthcheck", () => {
    it("authenticates under sasl with the JAAS value already in the container, not a literal password", () => {
        const cfg = config({ security: "sasl" });
        const [node] = planNodes(cfg);
        const test = nodeHealthcheck(node, cfg).tests[1];
        expect(test).toContain('"$KAFKA_LISTENER_NAME_INTERNAL_PLAIN_SASL_JAAS_CONFIG"');
        expect(test).toContain("--command-config /tmp/healthcheck.properties");
    });
});

describe("uiEnvironment", () => {
    it("adds SASL client properties for the admin under sasl", () => {
        const cfg = config({ security: "sasl" });
        const env = uiEnvironment(cfg, planNodes(cfg), { user: "ops", password: "ui" }, { user: "admin", password: "pw" });
        expect(env.KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM).toBe("PLAIN");
        expect(env.KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG).toBe('org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="pw";');
        expect(env.SPRING_SECURITY_USER_NAME).toBe("ops");
    });
});

describe("deriveClusterId", () => {
    it("is a 22-character base64url id, stable per project and stack", () => {
        const id = deriveClusterId("kafka-cluster", "dev");
        expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(deriveClusterId("kafka-cluster", "dev")).toBe(id);
        expect(deriveClusterId("kafka-cluster", "prod")).not.toBe(id);
    });

    it("is overridden by an explicit clusterId", () => {
        expect(config({ clusterId: "MkU3OEVBNTcwNTJENDM2Qk" }).clusterId).toBe("MkU3OEVBNTcwNTJENDM2Qk");
    });
});

describe("image references in config", () => {
    it.each(["redis:7", "apache/kafka:20250101", "registry.local:5000/kafka:4.3.1", "apache/kafka@sha256:" + "a".repeat(64)])("accepts the pinned %s", ref => {
        expect(config({ kafkaImage: ref }).kafkaImage).toBe(ref);
    });

    it.each(["registry.local:5000/kafka", "apache/kafka:latest", "Apache/Kafka:4", "apache/kafka@sha256:abc"])("refuses %s", ref => {
        expect(() => config({ kafkaImage: ref })).toThrow(/kafka-cluster:kafkaImage/);
    });
});

describe("the broker healthcheck's catch-up test (run in a shell, as the container runs it)", () => {
    const cfg = parseClusterConfig({}, { namespace: "kafka-cluster", stack: "dev", hasAdminPassword: false, hasUiPassword: true });
    const broker = planNodes(cfg)[1]; // node id 2
    const awk = /(awk -v id=.*?') (\/tmp\/healthcheck\.out)/.exec(nodeHealthcheck(broker, cfg).tests[1])![1];
    const lagging = (describe: string) => {
        const r = spawnSync("bash", ["-c", `${awk} <<'EOF'\n${describe}\nEOF`], { env: { ...process.env, KAFKA_NODE_ID: "2" } });
        return r.status !== 0;
    };
    const line = (replicas: string, isr: string) => `\tTopic: t\tTopicId: x\tPartition: 0\tLeader: 1\tReplicas: ${replicas}\tIsr: ${isr}\tElr: \tLastKnownElr: `;

    it("is ready with no under-replicated partition, or one it is in sync for", () => {
        expect(lagging("")).toBe(false);
        expect(lagging(line("1,2,3", "1,2"))).toBe(false);   // broker 3 down: not this broker's lag
        expect(lagging(line("1,3,12", "1,3"))).toBe(false);  // broker 12 is not broker 2
    });

    it("is not ready while one of its own replicas is out of sync", () => {
        expect(lagging(line("1,2,3", "1,3"))).toBe(true);
        expect(lagging([line("1,3", "1"), line("2,3", "3")].join("\n"))).toBe(true);
    });
});

describe("the broker healthcheck's catch-up gate (run in a shell, Kafka's tools replaced by stand-ins)", () => {
    const cfg = parseClusterConfig({}, { namespace: "kafka-cluster", stack: "dev", hasAdminPassword: false, hasUiPassword: true });
    const test = nodeHealthcheck(planNodes(cfg)[1], cfg).tests[1];
    // Runs the healthcheck as the container does, with /opt/kafka/bin, PID 1's stat and the marker
    // pointing into a temporary directory; the stand-in tools record that they ran.
    function run(opts: { started: string; marker?: string; describe: string; quorumExit?: number }) {
        const dir = mkdtempSync(join(tmpdir(), "hc-"));
        try {
            mkdirSync(join(dir, "bin"));
            const tool = (name: string, body: string) => { writeFileSync(join(dir, "bin", name), `#!/bin/sh\necho ${name} >> ${dir}/calls\n${body}\n`); chmodSync(join(dir, "bin", name), 0o755); };
            tool("kafka-topics.sh", `cat ${dir}/describe`);
            tool("kafka-metadata-quorum.sh", `exit ${opts.quorumExit ?? 0}`);
            writeFileSync(join(dir, "describe"), opts.describe);
            writeFileSync(join(dir, "stat"), `1 (java) S 0 1 1 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 ${opts.started} 1 1\n`);
            if (opts.marker !== undefined) writeFileSync(join(dir, "marker"), `${opts.marker}\n`);
            const script = test.replaceAll("/opt/kafka/bin/", `${dir}/bin/`).replaceAll(HEALTHCHECK_FILES.processStat, join(dir, "stat"))
                .replaceAll(HEALTHCHECK_FILES.caughtUpMarker, join(dir, "marker")).replaceAll("/tmp/healthcheck.out", join(dir, "out"));
            const r = spawnSync("sh", ["-c", script], { env: { ...process.env, KAFKA_NODE_ID: "2" } });
            return {
                healthy: r.status === 0,
                calls: existsSync(join(dir, "calls")) ? readFileSync(join(dir, "calls"), "utf8").trim().split("\n") : [],
                marker: existsSync(join(dir, "marker")) ? readFileSync(join(dir, "marker"), "utf8").trim() : undefined,
            };
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    }
    const lagging = "\tTopic: t\tTopicId: x\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,3";

    it("after a start, runs the full catch-up test and stays unhealthy while a replica lags, without marking", () => {
        expect(run({ started: "4711", describe: lagging })).toEqual({ healthy: false, calls: ["kafka-topics.sh"], marker: undefined });
    });

    it("marks this start once it has caught up", () => {
        expect(run({ started: "4711", describe: "" })).toEqual({ healthy: true, calls: ["kafka-topics.sh"], marker: "4711" });
    });

    it("once caught up in this start, asks the quorum only, and its answer decides", () => {
        expect(run({ started: "4711", marker: "4711", describe: lagging })).toEqual({ healthy: true, calls: ["kafka-metadata-quorum.sh"], marker: "4711" });
        expect(run({ started: "4711", marker: "4711", describe: "", quorumExit: 1 }).healthy).toBe(false);
    });

    it("a mark from an earlier start of the container does not count", () => {
        expect(run({ started: "9000", marker: "4711", describe: lagging })).toEqual({ healthy: false, calls: ["kafka-topics.sh"], marker: "4711" });
    });
});
