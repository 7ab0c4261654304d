// Conformance of the cluster stack on a real Docker Engine with a real Kafka image.
//
// The Pulumi Docker provider cannot be built on this project's machines (its Go module is not
// served by the module proxy), so these tests take the exact network, volume and container specs
// that index.ts declares (evaluated under Pulumi mocks, no hand-typed copy) and create them
// through the Docker Engine API. Clients run on the host with Kafka's own Java client.
//
// Set KAFKA_REAL_TESTS=off to run only the unit and mock tests (e.g. on a machine without Docker).

import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probe, type Connection } from "../../scripts/lib/kafka-probe";
import { envOf, runClusterProgram, type ProgramRun } from "../mock/cluster-program";
import { DockerHarness } from "./docker-harness";

const REAL = process.env.KAFKA_REAL_TESTS !== "off";
const IMAGE = process.env.KAFKA_TEST_IMAGE ?? "kafka-local:4.3.1";
const HEALTHY_WITHIN_MS = 240_000;

/** Names and ports of its own, so a test cluster never touches a user's `kafka-net` or port 9092. */
function testConfig(prefix: string, portBase: number, extra: Record<string, string>) {
    const id = randomBytes(3).toString("hex");
    return {
        id,
        config: {
            name: `${prefix}-${id}`, networkName: `${prefix}-${id}-net`, kafkaImage: IMAGE,
            externalPortBase: String(portBase), uiEnabled: "false", heapMb: "384", memoryMb: "768", ...extra,
        },
    };
}

/** Every harness, registered before it creates anything, so afterAll cleans up even a half-started cluster. */
const harnesses: DockerHarness[] = [];

async function startCluster(prefix: string, portBase: number, extra: Record<string, string>, secrets: Record<string, string> = {}) {
    const { id, config } = testConfig(prefix, portBase, extra);
    const run = await runClusterProgram(config, secrets, `test-${id}`);
    const harness = new DockerHarness(run, id);
    harnesses.push(harness);
    await harness.requireImage(IMAGE);
    const started = Date.now();
    await harness.createAll();
    const names = harness.containers().map(c => c.plain.name as string);
    await harness.waitHealthy(names, HEALTHY_WITHIN_MS);
    return { run, harness, names, healthyAfterMs: Date.now() - started };
}

/** Removes what every registered harness created (by id) and forgets them. */
async function cleanupClusters() {
    const errors = (await Promise.all(harnesses.splice(0).map(h => h.cleanup()))).flat();
    expect(errors).toEqual([]);
}

const outputs = (run: ProgramRun) => run.outputs as { bootstrapServers: string; containerNames: string[] };

describe.skipIf(!REAL)("real 3-broker cluster from the stack's declared specs", () => {
    let cluster: Awaited<ReturnType<typeof startCluster>>;
    let conn: Connection;

    beforeAll(async () => {
        await DockerHarness.requireEngine();
        cluster = await startCluster("kt", 39092, { brokers: "3" });
        conn = { bootstrap: outputs(cluster.run).bootstrapServers };
        console.log(`[real] 3-broker cluster healthy after ${(cluster.healthyAfterMs / 1000).toFixed(1)} s`);
    }, HEALTHY_WITHIN_MS + 60_000);
    afterAll(cleanupClusters, 120_000);


    it("turns every container healthy through its own declared healthcheck", async () => {
        for (const name of cluster.names) {
            const info = await cluster.harness.handle(name).inspect();
            expect(info.Config.Healthcheck?.Test).toEqual(cluster.harness.container(name).plain.healthcheck.tests);
            expect(info.State.Health?.Status).toBe("healthy");
            expect(info.HostConfig.RestartPolicy?.Name).toBe("unless-stopped");
        }
    });

    it("runs every broker with no Linux capability and no-new-privileges, and still healthy", async () => {
        for (const name of cluster.names) {
            const info = await cluster.harness.handle(name).inspect();
            expect(info.HostConfig.CapDrop).toEqual(["ALL"]);
            expect(info.HostConfig.SecurityOpt).toEqual(["no-new-privileges:true"]);
            // What the kernel applies to the broker process itself (PID 1): no effective capability, no privilege gain.
            const status = await cluster.harness.exec(name, ["cat", "/proc/1/status"]);
            expect(status.output).toMatch(/^CapEff:\s+0+$/m);
            expect(status.output).toMatch(/^NoNewPrivs:\s+1$/m);
        }
    });

    it("forms a KRaft quorum of the declared voters with a leader", async () => {
        const [first] = cluster.names;
        const { code, output } = await cluster.harness.exec(first, ["/opt/kafka/bin/kafka-metadata-quorum.sh", "--bootstrap-server", "localhost:19092", "describe", "--status"]);
        expect(code, output).toBe(0);
        const leader = Number(/LeaderId:\s*(\d+)/.exec(output)?.[1]);
        const voters = [...(/CurrentVoters:\s*(.*)/.exec(output)?.[1] ?? "").matchAll(/"id":\s*(\d+)/g)].map(m => Number(m[1])).sort();
        const declared = envOf(cluster.harness.container(first)).KAFKA_CONTROLLER_QUORUM_VOTERS.split(",").map(v => Number(v.split("@")[0])).sort();
        expect(voters).toEqual(declared);
        expect(declared).toContain(leader);
    }, 60_000);

    it("produces and consumes from the host through every advertised external listener", async () => {
        for (const bootstrap of conn.bootstrap.split(",")) {
            // Three partitions with three replicas: leaders spread over all brokers, so the client
            // must reach every broker's advertised address, not just the one it bootstrapped from.
            const result = await probe("roundtrip", { bootstrap }, { messages: 50, partitions: 3, "replication-factor": 3 });
            expect(result, JSON.stringify(result)).toMatchObject({ ok: true, acked: 50, consumed: 50, missing: 0 });
        }
    }, 180_000);

    it("passes the user-facing smoke round trip (npm run smoke)", async () => {
        const { stdout, stderr } = await promisify(execFile)("npx", ["tsx", "scripts/smoke.ts", "--messages", "100"], {
            env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: conn.bootstrap },
            timeout: 120_000,
        }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? "", stderr: e.stderr ?? String(e) }));
        expect(stdout, stderr).toContain("smoke OK");
        expect(stdout).toMatch(/acknowledged \(acks=all\) 100, consumed 100, missing 0/);
    }, 150_000);

    it("keeps every acknowledged message while one broker is stopped, and the broker rejoins", async () => {
        const topic = "durable-orders";
        expect(await probe("create-topic", conn, { topic, partitions: 3, "replication-factor": 3, "min-isr": 2 })).toMatchObject({ created: topic });
        const victim = cluster.names[2];
        await cluster.harness.handle(victim).stop({ t: 10 });
        const liveConn = { bootstrap: conn.bootstrap.split(",").slice(0, 2).join(",") };
        const produced = await probe("produce", liveConn, { topic, messages: 200, prefix: "while-down" });
        expect(produced.ok, JSON.stringify(produced.error)).toBe(true);
        expect(produced.acked).toBe(200);
        const consumed = await probe("consume", liveConn, { topic, expect: 200 });
        expect(new Set(consumed.values as string[])).toEqual(new Set(produced.ackedValues as string[]));

        await cluster.harness.handle(victim).start();
        await cluster.harness.waitHealthy([victim], HEALTHY_WITHIN_MS);
        const victimId = Number(envOf(cluster.harness.container(victim)).KAFKA_NODE_ID);
        let isrComplete = false;
        for (let i = 0; i < 60 && !isrComplete; i++) {
            const d = await probe("describe-topic", conn, { topic });
            isrComplete = (d.partitions as Array<{ isr: number[] }>).every(p => p.isr.includes(victimId));
            if (!isrComplete) await new Promise(r => setTimeout(r, 2000));
        }
        expect(isrComplete, `broker ${victimId} did not rejoin every ISR within 120 s`).toBe(true);
    }, 400_000);

    it("keeps a broker's data when its container is replaced (same named volume)", async () => {
        const name = cluster.names[1];
        const marker = `/var/lib/kafka/data/.replaced-${randomBytes(4).toString("hex")}`;
        expect((await cluster.harness.exec(name, ["touch", marker])).code).toBe(0);
        const metaBefore = await cluster.harness.exec(name, ["cat", "/var/lib/kafka/data/meta.properties"]);
        const oldId = (await cluster.harness.handle(name).inspect()).Id;

        const newId = await cluster.harness.replaceContainer(name);
        expect(newId).not.toBe(oldId);
        await cluster.harness.waitHealthy([name], HEALTHY_WITHIN_MS);
        expect((await cluster.harness.exec(name, ["test", "-f", marker])).code).toBe(0);
        const metaAfter = await cluster.harness.exec(name, ["cat", "/var/lib/kafka/data/meta.properties"]);
        expect(metaAfter.output).toBe(metaBefore.output);
        const consumed = await probe("consume", conn, { topic: "durable-orders", expect: 200 });
        expect(consumed.count).toBe(200);
    }, 400_000);
});

describe.skipIf(!REAL)("real single-broker cluster with security sasl", () => {
    const adminPassword = `adm-${randomBytes(12).toString("hex")}`;
    let cluster: Awaited<ReturnType<typeof startCluster>>;
    let bootstrap: string;

    beforeAll(async () => {
        await DockerHarness.requireEngine();
        cluster = await startCluster("ks", 39192, { brokers: "1", security: "sasl" }, { adminPassword });
        bootstrap = outputs(cluster.run).bootstrapServers;
        console.log(`[real] 1-broker SASL cluster healthy after ${(cluster.healthyAfterMs / 1000).toFixed(1)} s`);
    }, HEALTHY_WITHIN_MS + 60_000);
    afterAll(cleanupClusters, 120_000);

    it("keeps the files holding the admin password readable by the broker's user only", async () => {
        const [name] = cluster.names;
        for (const file of ["/opt/kafka/config/server.properties", "/tmp/healthcheck.properties"]) {
            const stat = await cluster.harness.exec(name, ["stat", "-c", "%a %U", file]);
            expect(stat.output.trim(), file).toBe("600 appuser");
        }
        expect((await cluster.harness.exec(name, ["grep", "-c", "sasl.jaas.config", "/opt/kafka/config/server.properties"])).output.trim()).not.toBe("0");
    }, 60_000);

    it("rejects an unauthenticated client", async () => {
        const result = await probe("check-auth", { bootstrap });
        expect(result.ok).toBe(false);
    }, 60_000);

    it("rejects the admin with a wrong password", async () => {
        const result = await probe("check-auth", { bootstrap, securityProtocol: "SASL_PLAINTEXT", mechanism: "PLAIN", user: "admin", password: "wrong" });
        expect(result).toMatchObject({ ok: false });
        expect(result.error).toMatch(/SaslAuthenticationException|Authentication failed/i);
    }, 60_000);

    it("rejects a SCRAM user that was never created", async () => {
        const result = await probe("check-auth", { bootstrap, securityProtocol: "SASL_PLAINTEXT", mechanism: "SCRAM-SHA-512", user: "nobody", password: "x" });
        expect(result).toMatchObject({ ok: false });
    }, 60_000);

    it("lets the admin produce and consume, and keeps the data across a container replacement", async () => {
        const admin: Connection = { bootstrap, securityProtocol: "SASL_PLAINTEXT", mechanism: "PLAIN", user: "admin", password: adminPassword };
        const first = await probe("roundtrip", admin, { topic: "kept", messages: 20, partitions: 1, keep: true });
        expect(first, JSON.stringify(first)).toMatchObject({ ok: true, consumed: 20 });
        const [name] = cluster.names;
        await cluster.harness.replaceContainer(name);
        await cluster.harness.waitHealthy([name], HEALTHY_WITHIN_MS);
        const again = await probe("consume", admin, { topic: "kept", expect: 20 });
        expect(again.count).toBe(20);
    }, 400_000);
});
