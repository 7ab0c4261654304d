// The topics stack's catalog, for real: the topics, SCRAM users and ACLs that topics/index.ts
// declares for the dev environment (evaluated under Pulumi mocks against a real SASL cluster's
// outputs) are created through Kafka's Admin API, then checked with Kafka itself: partitions,
// replication and configs as declared, exactly the declared ACLs, and each user allowed where its
// role allows and denied where it does not.
//
// The Pulumi Kafka provider cannot be built here (its Go module is not served), so this stands in
// for `pulumi up` of the topics stack; `npm test` runs it with the other real tests.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probe, type Connection } from "../../scripts/lib/kafka-probe";
import { runClusterProgram } from "../mock/cluster-program";
import { EXAMPLE_PASSWORDS, runTopicsProgram } from "../mock/topics-program";
import { DockerHarness } from "./docker-harness";
import { aclKey, probeSpec, type ProbeAcl, type ProbeSpec } from "./kafka-spec";

const REAL = process.env.KAFKA_REAL_TESTS !== "off";
const IMAGE = process.env.KAFKA_TEST_IMAGE ?? "kafka-local:4.3.1";

describe.skipIf(!REAL)("real topics catalog on a SASL cluster", () => {
    const adminPassword = `adm-${randomBytes(12).toString("hex")}`;
    let harness: DockerHarness | undefined;
    /** Holds the spec with every user's password: removed in afterAll. */
    let specDir: string | undefined;
    let spec: ProbeSpec;
    /** What Kafka reports after the apply. */
    let actual: { topics: ProbeSpec["topics"]; acls: ProbeAcl[] };
    let bootstrap: string;
    const admin = (): Connection => ({ bootstrap, securityProtocol: "SASL_PLAINTEXT", mechanism: "PLAIN", user: "admin", password: adminPassword });
    const user = (name: string): Connection => ({ bootstrap, securityProtocol: "SASL_PLAINTEXT", mechanism: "SCRAM-SHA-512", user: name, password: EXAMPLE_PASSWORDS[name] });

    beforeAll(async () => {
        await DockerHarness.requireEngine();
        const id = randomBytes(3).toString("hex");
        const cluster = await runClusterProgram({
            name: `kc-${id}`, networkName: `kc-${id}-net`, kafkaImage: IMAGE, brokers: "1", security: "sasl",
            externalPortBase: "39292", uiEnabled: "false", heapMb: "384", memoryMb: "768",
        }, { adminPassword }, `test-${id}`);
        harness = new DockerHarness(cluster, id);
        await harness.requireImage(IMAGE);
        await harness.createAll();
        await harness.waitHealthy(harness.containers().map(c => c.plain.name), 240_000);

        // The topics program reads the cluster through a StackReference: answer it with this cluster's outputs.
        // This cluster runs no schema registry: the catalog's subjects are not applied here (the
        // end-to-end suite registers them in a real one), so any registry URL lets the program run.
        const outputs: Record<string, unknown> = { ...cluster.outputs, adminPassword, schemaRegistryUrl: "http://127.0.0.1:9" };
        bootstrap = String(outputs.bootstrapServers);
        const topics = await runTopicsProgram({ stack: "dev", stacks: { "organization/kafka-cluster/dev": outputs } });
        spec = probeSpec(topics);
        specDir = mkdtempSync(join(tmpdir(), "topics-spec-"));
        const file = join(specDir, "spec.json");
        writeFileSync(file, JSON.stringify(spec), { mode: 0o600 });
        const applied = await probe("apply", admin(), { spec: file });
        expect(applied, JSON.stringify(applied)).toMatchObject({ ok: true, topics: spec.topics.length, users: spec.users.length, acls: spec.acls.length });
        actual = await probe("describe", admin(), { spec: file }) as unknown as typeof actual;
    }, 360_000);

    afterAll(async () => {
        if (specDir) rmSync(specDir, { recursive: true, force: true });
        expect(await harness?.cleanup() ?? []).toEqual([]);
    }, 120_000);

    it("creates every topic with the declared partitions, replication factor and configs", () => {
        expect(spec.topics.length).toBeGreaterThan(0);
        const byName = new Map(actual.topics.map(t => [t.name, t]));
        for (const t of spec.topics) {
            expect(byName.get(t.name), t.name).toMatchObject({ partitions: t.partitions, replicationFactor: t.replicationFactor });
            expect(byName.get(t.name)!.config, t.name).toEqual(t.config);
        }
    });

    it("holds exactly the declared ACLs, nothing more", () => {
        const declared = spec.acls.map(a => aclKey(a, true)).sort();
        expect(actual.acls.map(a => aclKey(a, false)).sort()).toEqual(declared);
    });

    it("lets a service produce to its topics and refuses others", async () => {
        const own = await probe("produce", user("orders-api"), { topic: "orders.order.created", messages: 10, prefix: "ok" });
        expect(own, JSON.stringify(own.error)).toMatchObject({ ok: true, acked: 10 });
        const foreign = await probe("produce", user("payments-worker"), { topic: "orders.order.created", messages: 1, prefix: "no" });
        expect(foreign).toMatchObject({ ok: false });
        expect(String(foreign.error ?? "")).toMatch(/TopicAuthorization|not authorized/i);
    }, 120_000);

    it("lets a service consume its topics in its own group, and refuses another group or topic", async () => {
        const inGroup = await probe("consume", user("payments-worker"), { topic: "orders.order.created", expect: 10, group: "payments-worker", "timeout-ms": 45_000 });
        expect(inGroup, JSON.stringify(inGroup)).toMatchObject({ ok: true, count: 10 });
        const otherGroup = await probe("consume", user("payments-worker"), { topic: "orders.order.created", expect: 1, group: "someone-else", "timeout-ms": 20_000 });
        expect(otherGroup).toMatchObject({ ok: false });
        expect(String(otherGroup.error)).toMatch(/GroupAuthorization/);
        const otherTopic = await probe("consume", user("payments-worker"), { topic: "shipping.shipment.dispatched", expect: 1, "timeout-ms": 20_000 });
        expect(otherTopic).toMatchObject({ ok: false });
        expect(String(otherTopic.error)).toMatch(/TopicAuthorization/);
    }, 180_000);

    it("applies prefixed grants and explicit denies", async () => {
        const prefixed = await probe("consume", user("analytics-reader"), { topic: "orders.order.created", expect: 10, group: "analytics-daily", "timeout-ms": 45_000 });
        expect(prefixed, JSON.stringify(prefixed)).toMatchObject({ ok: true, count: 10 });
        const outsidePrefix = await probe("consume", user("analytics-reader"), { topic: "payments.payment.failed", expect: 1, "timeout-ms": 20_000 });
        expect(outsidePrefix).toMatchObject({ ok: false });
        const denied = await probe("consume", user("ops-admin"), { topic: "payments.payment.authorized", expect: 1, "timeout-ms": 20_000 });
        expect(denied).toMatchObject({ ok: false });
        expect(String(denied.error)).toMatch(/TopicAuthorization/);
    }, 180_000);

    it("rejects a catalog user with a wrong password", async () => {
        const result = await probe("check-auth", { ...user("orders-api"), password: "wrong" });
        expect(result).toMatchObject({ ok: false });
        expect(String(result.error)).toMatch(/SaslAuthentication|Authentication failed/i);
    }, 60_000);
});
