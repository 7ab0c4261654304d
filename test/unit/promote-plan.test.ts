// scripts/lib/promote-plan.ts: which keys `npm run promote` copies, on `pulumi config --json`
// shaped input (the real CLI run is test/real/promote.real.test.ts).

import { describe, expect, it } from "vitest";
import { describePlan, planPromotion, PROMOTION_POLICIES, type ConfigJson } from "../../scripts/lib/promote-plan";

const v = (value: string) => ({ value, secret: false });
const secret = { secret: true };

describe("planPromotion", () => {
    it("copies only allow-listed, non-secret, differing keys of the cluster project", () => {
        const dev: ConfigJson = {
            "kafka-cluster:kafkaImage": v("apache/kafka:4.3.2"), "kafka-cluster:uiImage": v("kafbat/kafka-ui:v1.4.2"),
            "kafka-cluster:networkName": v("kafka-net"), "kafka-cluster:externalPortBase": v("9092"), "kafka-cluster:uiPassword": secret,
            "kafka-cluster:schemaRegistryImage": v("apicurio/apicurio-registry:3.3.4"), "kafka-cluster:schemaRegistryPort": v("8085"),
        };
        const staging: ConfigJson = {
            "kafka-cluster:kafkaImage": v("apache/kafka:4.3.1"), "kafka-cluster:uiImage": v("kafbat/kafka-ui:v1.4.2"),
            "kafka-cluster:networkName": v("kafka-stg-net"), "kafka-cluster:name": v("kafka-stg"), "kafka-cluster:adminPassword": secret,
            "kafka-cluster:schemaRegistryPort": v("8086"),
        };
        const plan = planPromotion(PROMOTION_POLICIES["kafka-cluster"], "dev", "staging", dev, staging);
        expect(plan.copies).toEqual(["kafka-cluster:kafkaImage", "kafka-cluster:schemaRegistryImage"]);
        expect(plan.changes).toEqual([
            { key: "externalPortBase", kind: "kept", from: "9092", to: undefined, why: "environment-specific" },
            { key: "kafkaImage", kind: "set", from: "apache/kafka:4.3.1", to: "apache/kafka:4.3.2" },
            { key: "name", kind: "kept", from: undefined, to: "kafka-stg", why: "environment-specific" },
            { key: "networkName", kind: "kept", from: "kafka-net", to: "kafka-stg-net", why: "environment-specific" },
            { key: "schemaRegistryImage", kind: "set", from: undefined, to: "apicurio/apicurio-registry:3.3.4" },
            { key: "schemaRegistryPort", kind: "kept", from: "8085", to: "8086", why: "environment-specific" },
            { key: "uiImage", kind: "unchanged", to: "kafbat/kafka-ui:v1.4.2" },
            expect.objectContaining({ key: "uiPassword", kind: "secret-skipped" }),
        ]);
        expect(describePlan(plan)).toContain("  ~ kafkaImage: apache/kafka:4.3.1 -> apache/kafka:4.3.2");
    });

    it("to a Strimzi stack (target strimzi): the Kafka version moves, the Docker-only images stay behind, saying why", () => {
        const staging: ConfigJson = {
            "kafka-cluster:kafkaImage": v("apache/kafka:4.3.2"), "kafka-cluster:uiImage": v("kafbat/kafka-ui:v1.4.3"),
            "kafka-cluster:schemaRegistryImage": v("apicurio/apicurio-registry:3.3.4"), "kafka-cluster:networkName": v("kafka-stg-net"),
        };
        const prod: ConfigJson = { "kafka-cluster:target": v("strimzi"), "kafka-cluster:kafkaImage": v("apache/kafka:4.3.1"), "kafka-cluster:kubeNamespace": v("kafka") };
        const plan = planPromotion(PROMOTION_POLICIES["kafka-cluster"], "staging", "prod", staging, prod);
        expect(plan.copies).toEqual(["kafka-cluster:kafkaImage"]);
        expect(plan.changes).toContainEqual({ key: "uiImage", kind: "kept", from: "kafbat/kafka-ui:v1.4.3", to: undefined, why: "Docker only: the destination's target is strimzi" });
        expect(plan.changes).toContainEqual({ key: "schemaRegistryImage", kind: "kept", from: "apicurio/apicurio-registry:3.3.4", to: undefined, why: "Docker only: the destination's target is strimzi" });
        expect(plan.changes).toContainEqual({ key: "target", kind: "kept", from: undefined, to: "strimzi", why: "environment-specific" });
    });

    it("never promotes topics environment identity, nor a secret even if it were allow-listed", () => {
        const policy = { ...PROMOTION_POLICIES["kafka-topics"], promotable: [...PROMOTION_POLICIES["kafka-topics"].promotable, "adminPassword"] };
        const dev: ConfigJson = {
            "kafka-topics:environment": v("dev"), "kafka-topics:clusterStack": v("organization/kafka-cluster/dev"), "kafka-topics:protectTopics": v("false"),
            "kafka-topics:catalog": v("catalog.yaml"), "kafka-topics:kafkaVersion": v("3.9.0"), "kafka-topics:adminPassword": secret, "kafka-topics:userPasswords": secret,
        };
        const staging: ConfigJson = {
            "kafka-topics:environment": v("staging"), "kafka-topics:clusterStack": v("organization/kafka-cluster/staging"), "kafka-topics:protectTopics": v("true"),
            "kafka-topics:catalog": v("catalog.yaml"),
        };
        const plan = planPromotion(policy, "dev", "staging", dev, staging);
        expect(plan.copies).toEqual(["kafka-topics:kafkaVersion"]);
        expect(plan.changes.filter(c => c.kind === "secret-skipped").map(c => c.key)).toEqual(["adminPassword", "userPasswords"]);
        expect(plan.changes.filter(c => c.kind === "kept").map(c => c.key)).toEqual(["clusterStack", "environment", "protectTopics"]);
    });

    it("the allow-lists hold no environment-identity key", () => {
        const identity = ["environment", "clusterStack", "name", "networkName", "externalPortBase", "uiPort", "protectTopics", "bootstrapServers", "previousOutputsStack", "clusterId"];
        for (const p of Object.values(PROMOTION_POLICIES)) for (const k of identity) expect(p.promotable).not.toContain(k);
    });
});
