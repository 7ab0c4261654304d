// The topics stack's data-safety guard on retention: compared with the previous deployment, a
// shorter retention (time or bytes) and a switch from compaction to deletion stop at preview
// unless the topic opts in with allowDataLoss; keeping as much or more passes.

import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../components/topics/catalog";
import { ConfigError } from "../../components/shared/config-error";
import { checkTopicChanges, retentionLosses, retentionSettings } from "../../components/topics/topic-safety";
import type { RetentionSettings } from "../../components/topics/topics-outputs";

const catalog = (config: Record<string, string>, extra = "") => parseCatalog(
    `topics:\n  - name: orders.order.state\n    partitions: 3\n    replicationFactor: 1\n${extra}    config:\n${Object.entries(config).map(([k, v]) => `      ${k}: "${v}"\n`).join("")}`,
    "catalog.yaml", "dev");
const ctx = { stack: "dev", unprotectCommand: (t: string) => `pulumi state unprotect ${t}` };
const deployed = (r: Partial<RetentionSettings>) => ({ topicRetention: { "orders.order.state": { retentionMs: 604_800_000, retentionBytes: -1, cleanupPolicy: "delete", ...r } } });

function refusal(run: () => void): string {
    try {
        run();
    } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
    }
    throw new Error("expected a refusal");
}

describe("retentionSettings", () => {
    it("takes Kafka's defaults for what a topic does not set, and one spelling of cleanup.policy", () => {
        expect(retentionSettings({ config: {} })).toEqual({ retentionMs: 604_800_000, retentionBytes: -1, cleanupPolicy: "delete" });
        expect(retentionSettings({ config: { "retention.ms": "-1", "retention.bytes": "1073741824", "cleanup.policy": "delete, compact" } }))
            .toEqual({ retentionMs: -1, retentionBytes: 1_073_741_824, cleanupPolicy: "compact,delete" });
    });
});

describe("retentionLosses", () => {
    const base: RetentionSettings = { retentionMs: 86_400_000, retentionBytes: -1, cleanupPolicy: "compact" };
    it("names each way a topic would keep less", () => {
        expect(retentionLosses(base, { ...base, retentionMs: 3_600_000 })).toEqual(["retention.ms from 86400000 to 3600000"]);
        expect(retentionLosses(base, { ...base, retentionBytes: 1_048_576 })).toEqual(["retention.bytes from -1 to 1048576"]);
        expect(retentionLosses(base, { ...base, cleanupPolicy: "delete" })).toEqual([expect.stringContaining("cleanup.policy from compact to delete")]);
        expect(retentionLosses(base, { ...base, cleanupPolicy: "compact,delete" })).toEqual([expect.stringContaining("cleanup.policy from compact to compact,delete")]);
        expect(retentionLosses({ ...base, retentionMs: -1 }, { ...base, retentionMs: 2_592_000_000 })).toEqual(["retention.ms from -1 to 2592000000"]);
    });

    it("is empty when the topic keeps as much or more", () => {
        expect(retentionLosses(base, base)).toEqual([]);
        expect(retentionLosses(base, { ...base, retentionMs: -1, retentionBytes: -1 })).toEqual([]);
        expect(retentionLosses({ ...base, cleanupPolicy: "delete" }, { ...base, cleanupPolicy: "compact" })).toEqual([]);
    });
});

describe("checkTopicChanges: retention", () => {
    it("stops a shorter retention than deployed, at the topic's catalog line, with the opt-in", () => {
        const message = refusal(() => checkTopicChanges(deployed({}), catalog({ "retention.ms": "3600000" }), ctx));
        expect(message).toMatch(/catalog\.yaml:2 topics\[0\]\.config \(orders\.order\.state\) \(found "retention\.ms from 604800000 to 3600000"\) would make topic orders\.order\.state keep less than it does now/);
        expect(message).toContain("fix: keep the deployed values; or, to accept deleting that data, add `allowDataLoss: true` to topic orders.order.state");
    });

    it("stops a switch from compaction to deletion, and a new size bound on an unbounded topic", () => {
        expect(refusal(() => checkTopicChanges(deployed({ cleanupPolicy: "compact" }), catalog({ "cleanup.policy": "delete" }), ctx))).toContain("cleanup.policy from compact to delete");
        expect(refusal(() => checkTopicChanges(deployed({}), catalog({ "retention.bytes": "104857600" }), ctx))).toContain("retention.bytes from -1 to 104857600");
    });

    it("lets the change through with allowDataLoss, or when the topic keeps at least as much", () => {
        expect(() => checkTopicChanges(deployed({}), catalog({ "retention.ms": "3600000" }, "    allowDataLoss: true\n"), ctx)).not.toThrow();
        expect(() => checkTopicChanges(deployed({}), catalog({ "retention.ms": "1209600000" }), ctx)).not.toThrow();
        expect(() => checkTopicChanges({}, catalog({ "retention.ms": "3600000" }), ctx)).not.toThrow();
    });
});
