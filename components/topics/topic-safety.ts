// Pure: the data-safety guard of the topics stack. It compares the catalog with what the previous
// deployment of the same stack exported (topics-outputs.ts) and stops, before anything is
// declared, a change that would delete a topic's data:
//   - fewer partitions than before: Kafka cannot remove partitions, so the provider deletes and
//     re-creates the topic (@pulumi/kafka Topic: "decreasing partitions requires topic recreation");
//   - a protected topic gone from the catalog;
//   - a shorter retention (time or bytes) or a switch from compaction to deletion: applied in
//     place, but the broker then deletes what the old setting kept.
// A topic's name is its identity (renaming is a delete plus a create), which the second rule covers.
// Replication factor changes and other config changes are applied in place and keep the data.

import type { Catalog, TopicSpec } from "./catalog";
import type { PreviousDeployment, RetentionSettings } from "./topics-outputs";
import { ConfigError, configErrorReport, type ConfigProblem } from "../shared/config-error";

export type { PreviousDeployment };

/** Kafka's defaults for a topic that does not set them (log.retention.hours=168, log.retention.bytes=-1, log.cleanup.policy=delete). */
const KAFKA_DEFAULTS = { retentionMs: 604_800_000, retentionBytes: -1, cleanupPolicy: "delete" } as const;

/** How long a topic keeps its data, its unset settings at Kafka's defaults. */
export function retentionSettings(t: Pick<TopicSpec, "config">): RetentionSettings {
    const num = (k: string, dflt: number) => (t.config[k] === undefined ? dflt : Number(t.config[k]));
    return {
        retentionMs: num("retention.ms", KAFKA_DEFAULTS.retentionMs),
        retentionBytes: num("retention.bytes", KAFKA_DEFAULTS.retentionBytes),
        cleanupPolicy: (t.config["cleanup.policy"] ?? KAFKA_DEFAULTS.cleanupPolicy).split(",").map(p => p.trim()).sort().join(","),
    };
}

/** -1 keeps everything: larger than any bound. */
const asBound = (v: number) => (v < 0 ? Infinity : v);

/** What a topic would lose with the new settings, each as a phrase; none when it keeps at least as much. */
export function retentionLosses(before: RetentionSettings, after: RetentionSettings): string[] {
    const losses: string[] = [];
    if (asBound(after.retentionMs) < asBound(before.retentionMs)) losses.push(`retention.ms from ${before.retentionMs} to ${after.retentionMs}`);
    if (asBound(after.retentionBytes) < asBound(before.retentionBytes)) losses.push(`retention.bytes from ${before.retentionBytes} to ${after.retentionBytes}`);
    const deletes = (p: string) => p.split(",").includes("delete");
    if (!deletes(before.cleanupPolicy) && deletes(after.cleanupPolicy)) losses.push(`cleanup.policy from ${before.cleanupPolicy} to ${after.cleanupPolicy} (compacted history becomes subject to retention)`);
    return losses;
}

export interface SafetyContext {
    stack: string;
    /** The command that lifts the protection of a topic already removed from the program. */
    unprotectCommand: (topic: string) => string;
}

export function checkTopicChanges(previous: PreviousDeployment, catalog: Catalog, ctx: SafetyContext): void {
    const problems: ConfigProblem[] = [];
    const before = previous.topicPartitions ?? {};
    catalog.topics.forEach(t => {
        const old = before[t.name];
        if (typeof old === "number" && t.partitions < old && !t.allowReplace) {
            const at = catalog.topicAt[t.name];
            problems.push({
                key: `${at.file}${at.line ? `:${at.line}` : ""} ${at.path}.partitions (${t.name})`,
                value: String(t.partitions),
                problem: `would decrease topic ${t.name} from ${old} to ${t.partitions} partitions: Kafka cannot remove partitions, so the topic would be deleted and re-created and its data lost`,
                fix: `keep partitions at ${old} or more; or, to accept losing the data, add \`allowReplace: true\` to topic ${t.name} in the catalog`,
            });
        }
    });
    catalog.topics.forEach(t => {
        const old = previous.topicRetention?.[t.name];
        if (old === undefined || t.allowDataLoss) return;
        const losses = retentionLosses(old, retentionSettings(t));
        if (losses.length === 0) return;
        const at = catalog.topicAt[t.name];
        problems.push({
            key: `${at.file}${at.line ? `:${at.line}` : ""} ${at.path}.config (${t.name})`,
            value: losses.join("; "),
            problem: `would make topic ${t.name} keep less than it does now: the brokers delete what the deployed setting still keeps as soon as the change applies`,
            fix: `keep the deployed values; or, to accept deleting that data, add \`allowDataLoss: true\` to topic ${t.name} in the catalog for this change`,
        });
    });
    const declared = new Set(catalog.topics.map(t => t.name));
    for (const name of previous.protectedTopics ?? []) {
        if (declared.has(name) || catalog.deletedTopics.includes(name)) continue;
        const was = typeof before[name] === "number" ? ` (${before[name]} partitions)` : "";
        problems.push({
            key: `${catalog.file} topics`,
            value: name,
            problem: `no longer declares topic ${name}${was}, which is deployed and protected: removing it would delete its data`,
            fix: `put the topic back in the catalog (a rename is a new topic); or, to delete it on purpose, list it under deletedTopics and run: ${ctx.unprotectCommand(name)}`,
        });
    }
    if (problems.length > 0) {
        throw new ConfigError(configErrorReport(`stack ${ctx.stack} (data safety, catalog ${catalog.file})`, problems), problems);
    }
}
