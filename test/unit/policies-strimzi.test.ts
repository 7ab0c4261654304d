// The kafka-guardrails pack on the cluster stack's Strimzi resources (target strimzi), through the
// policy harness: the shipped prod stack passes the prod policy config, and each rule stops the
// unsafe edit of those exact inputs that it names.

import { describe, expect, it } from "vitest";
import { runClusterProgram, unwrapSecrets, type ProgramRun } from "../mock/cluster-program";
import { shippedStackConfig } from "../mock/stack-files";
import { loadPackConfig, runPack, type TestResource, urnOf, validateResource, validateStack } from "./policy-harness";

const ADMIN_PASSWORD = "admin-Secret-456";
const COMPONENT = "kafka-as-code:index:StrimziCluster";
const T = { kafka: "kubernetes:kafka.strimzi.io/v1:Kafka", pool: "kubernetes:kafka.strimzi.io/v1:KafkaNodePool" } as const;

function fromProgram(run: ProgramRun, stack: string): TestResource[] {
    return run.resources.map(r => ({
        type: r.type, name: r.name, inputs: r.inputs,
        urn: urnOf(r.type, r.name, { stack, parentType: r.type === COMPONENT ? undefined : COMPONENT }),
    }));
}
function edit(r: TestResource, change: (inputs: Record<string, any>) => void): TestResource {
    const inputs = structuredClone(unwrapSecrets(r.inputs));
    change(inputs);
    return { ...r, inputs };
}

const dev = loadPackConfig("dev");
const prod = loadPackConfig("prod");

describe("Strimzi policies", async () => {
    const run = await runClusterProgram(shippedStackConfig(".", "prod"), { adminPassword: ADMIN_PASSWORD }, "prod");
    const resources = fromProgram(run, "prod");
    const kafka = resources.find(r => r.type === T.kafka)!;
    const pools = resources.filter(r => r.type === T.pool);
    const broker = pools.find(p => p.inputs.metadata.name === "kafka-prod-broker")!;

    it("the shipped prod stack passes the whole pack under the prod policy config", async () => {
        expect(await runPack(resources, prod)).toEqual([]);
    });

    describe("strimzi-persistent-storage", () => {
        it("strimzi-persistent-storage: ephemeral storage everywhere, deleteClaim true in production-class stacks", async () => {
            const ephemeral = edit(broker, i => { i.spec.storage = { type: "ephemeral" }; });
            const [d] = await validateResource("strimzi-persistent-storage", ephemeral, dev);
            expect(d.message).toMatch(/node pool "kafka-prod-broker" keeps its data on ephemeral storage, which is lost whenever a pod restarts\. Fix: use type persistent-claim/);
            const deleting = edit(broker, i => { i.spec.storage.deleteClaim = true; });
            const [p] = await validateResource("strimzi-persistent-storage", deleting, prod);
            expect(p.message).toMatch(/has deleteClaim true: deleting the Kafka cluster would delete its claims, with the data\. Fix: set deleteClaim: false/);
            expect(p.enforcementLevel).toBe("mandatory");
            expect(await validateResource("strimzi-persistent-storage", deleting, dev)).toEqual([]);
            const jbod = edit(broker, i => { i.spec.storage = { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "1Gi", deleteClaim: true }] }; });
            expect((await validateResource("strimzi-persistent-storage", jbod, prod)).map(x => x.policyName)).toEqual(["strimzi-persistent-storage"]);
        });
    });

    describe("strimzi-authorization", () => {
        it("strimzi-authorization: a production-class Kafka without authorization", async () => {
            const open = edit(kafka, i => { delete i.spec.kafka.authorization; });
            const [d] = await validateResource("strimzi-authorization", open, prod);
            expect(d.message).toMatch(/Kafka "kafka-prod" has no authorization: every client that reaches a listener may read and write every topic\. Fix: pulumi config set security sasl_ssl/);
            expect(await validateResource("strimzi-authorization", open, dev)).toEqual([]);
        });
    });

    describe("strimzi-external-listener-tls", () => {
        it("strimzi-external-listener-tls: a listener outside Kubernetes without TLS or authentication, in every environment", async () => {
            const external = edit(kafka, i => { i.spec.kafka.listeners.push({ name: "ext", port: 9094, type: "loadbalancer", tls: false, authentication: { type: "scram-sha-512" } }); });
            const [d] = await validateResource("strimzi-external-listener-tls", external, dev);
            expect(d.message).toMatch(/listener "ext" \(type loadbalancer\) is reachable from outside the Kubernetes cluster without TLS\. Fix: give it tls: true/);
            const anonymous = edit(kafka, i => { i.spec.kafka.listeners.push({ name: "ext", port: 9094, type: "nodeport", tls: true }); });
            expect((await validateResource("strimzi-external-listener-tls", anonymous, dev))[0].message).toContain("without authentication");
        });
    });

    describe("strimzi-version-pinned", () => {
        it("strimzi-version-pinned: no spec.kafka.version", async () => {
            const floating = edit(kafka, i => { delete i.spec.kafka.version; });
            const [d] = await validateResource("strimzi-version-pinned", floating, prod);
            expect(d.message).toMatch(/has no spec\.kafka\.version, so an operator upgrade changes its Kafka release/);
        });
    });

    it("the quorum and broker-count rules count node pool replicas", async () => {
        const even = resources.map(r => (r === pools[0] ? edit(r, i => { i.spec.replicas = 2; }) : r));
        const [q] = await validateStack("kraft-controller-count-odd", even, prod);
        expect(q.message).toMatch(/cluster "kafka-prod" has 2 KRaft controllers \(kafka-prod-controller\[0\], kafka-prod-controller\[1\]\), an even number/);
        const small = resources.map(r => (r === broker ? edit(r, i => { i.spec.replicas = 1; }) : r));
        const [b] = await validateStack("production-min-brokers", small, prod);
        expect(b.message).toMatch(/cluster "kafka-prod" of this production-class stack has 1 broker\(s\) \(kafka-prod-broker\[0\]\), fewer than 3/);
    });
});
