// Topics-stack rules for kafka.Topic: durability, partition and retention bounds, naming, cleanup
// policy, and protection against deletion. Each rule is a pure function from the topic's inputs
// (name, partitions, replicationFactor, config) to violation messages.

import type { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    PRODUCTION_CLASS_SCHEMA, resourceValidation, stackValidation, type StackRule, type Subject, TYPES, violation,
} from "./shared";

/** The topic's name: its `name` input, else the Pulumi resource name. */
export function topicName(props: Record<string, any>, s: Subject): string {
    return typeof props.name === "string" && props.name !== "" ? props.name : s.name;
}

/** A topic config value as Kafka reads it (the provider takes strings), or undefined when unset. */
function topicConfig(props: Record<string, any>, key: string): string | undefined {
    const v = props.config?.[key];
    return v === undefined || v === null ? undefined : String(v).trim();
}

const INTEGER = /^-?\d+$/;

// ---------------------------------------------------------------------------------------------

export interface ReplicationConfig {
    productionClass: boolean;
    minReplicationFactor: number;
    minInsyncReplicas: number;
    requireMinInsyncReplicas: boolean;
}
export const replicationSchema: PolicyConfigSchema = {
    properties: {
        productionClass: PRODUCTION_CLASS_SCHEMA,
        minReplicationFactor: { type: "integer", minimum: 1, default: 3, description: "Smallest replication factor of a topic in a production-class stack." },
        minInsyncReplicas: { type: "integer", minimum: 1, default: 2, description: "Smallest min.insync.replicas of a topic in a production-class stack." },
        requireMinInsyncReplicas: {
            type: "boolean", default: true,
            description: "In production-class stacks, require min.insync.replicas on every topic: the broker default is not visible to a preview of the topics stack.",
        },
    },
};

/**
 * Everywhere: min.insync.replicas, when set, must not exceed the replication factor (acks=all
 * writes would always fail). Production-class: replication factor >= minReplicationFactor and
 * minInsyncReplicas <= min.insync.replicas < replication factor (one replica may be down).
 */
export const checkReplication = (props: Record<string, any>, s: Subject, cfg: ReplicationConfig): string[] => {
    const name = topicName(props, s);
    const rf = props.replicationFactor;
    const rawIsr = topicConfig(props, "min.insync.replicas");
    const out: string[] = [];
    if (rawIsr !== undefined && !INTEGER.test(rawIsr)) {
        return [violation(s, name, `topic "${name}" has min.insync.replicas "${rawIsr}", not an integer`, `set config "min.insync.replicas" to an integer such as "2"`)];
    }
    const isr = rawIsr === undefined ? undefined : Number(rawIsr);
    if (typeof rf === "number" && isr !== undefined && isr > rf) {
        out.push(violation(s, name, `topic "${name}" has min.insync.replicas ${isr} above its replication factor ${rf}: every acks=all write would fail`, `set min.insync.replicas to at most ${Math.max(1, rf - 1)}, or raise replicationFactor`));
    }
    if (!cfg.productionClass) return out;
    if (typeof rf !== "number" || rf < cfg.minReplicationFactor) {
        out.push(violation(s, name, `topic "${name}" has replication factor ${rf ?? "unset"} in a production-class stack; at least ${cfg.minReplicationFactor} is required so a broker can fail without losing data`, `set replicationFactor: ${cfg.minReplicationFactor} in the topic catalog`));
    }
    if (isr === undefined) {
        if (cfg.requireMinInsyncReplicas) {
            out.push(violation(s, name, `topic "${name}" does not set min.insync.replicas in a production-class stack (the broker default is invisible to this check)`, `set config "min.insync.replicas": "${cfg.minInsyncReplicas}"`));
        }
    } else {
        if (isr < cfg.minInsyncReplicas) {
            out.push(violation(s, name, `topic "${name}" has min.insync.replicas ${isr}; a production-class stack needs at least ${cfg.minInsyncReplicas}, or an acks=all write can be acknowledged by a single replica`, `set config "min.insync.replicas": "${cfg.minInsyncReplicas}"`));
        }
        if (typeof rf === "number" && isr === rf) {
            out.push(violation(s, name, `topic "${name}" has min.insync.replicas ${isr} equal to its replication factor ${rf}: one broker down stops all acks=all writes`, `set min.insync.replicas to ${rf - 1} (below the replication factor)`));
        }
    }
    return out;
};

export interface PartitionsConfig { minPartitions: number; maxPartitions: number }
export const partitionsSchema: PolicyConfigSchema = {
    properties: {
        minPartitions: { type: "integer", minimum: 1, default: 1, description: "Fewest partitions a topic may have." },
        maxPartitions: { type: "integer", minimum: 1, default: 64, description: "Most partitions a topic may have (partitions can be added later, never removed)." },
    },
};

export const checkPartitions = (props: Record<string, any>, s: Subject, cfg: PartitionsConfig): string[] => {
    const name = topicName(props, s);
    const p = props.partitions;
    if (typeof p === "number" && Number.isInteger(p) && p >= cfg.minPartitions && p <= cfg.maxPartitions) return [];
    return [violation(s, name, `topic "${name}" has ${p === undefined ? "no partition count" : `partitions ${JSON.stringify(p)}`}, outside the allowed ${cfg.minPartitions}..${cfg.maxPartitions}`,
        `set partitions between ${cfg.minPartitions} and ${cfg.maxPartitions} (partitions can be added later, never removed), or change this policy's bounds`)];
};

export interface NamingConfig { pattern: string; exemptTopics: string[] }
export const namingSchema: PolicyConfigSchema = {
    properties: {
        pattern: { type: "string", default: "^[a-z0-9-]+\\.[a-z0-9-]+\\.[a-z0-9-]+$", description: "Regular expression every topic name matches: by default <domain>.<entity>.<event>, lowercase." },
        exemptTopics: { type: "array", items: { type: "string" }, default: [], description: "Topic names exempt from the convention (e.g. names fixed by a third-party tool)." },
    },
};

export const checkNaming = (props: Record<string, any>, s: Subject, cfg: NamingConfig): string[] => {
    const name = topicName(props, s);
    if (cfg.exemptTopics.includes(name) || new RegExp(cfg.pattern).test(name)) return [];
    return [violation(s, name, `topic name "${name}" does not match the naming convention ${cfg.pattern}`,
        `rename it to <domain>.<entity>.<event> in lowercase, e.g. "orders.order.created" (renaming a topic creates a new one: migrate its data), or add it to exemptTopics`)];
};

export interface RetentionConfig { minRetentionMs: number; maxRetentionMs: number; allowInfinite: boolean }
export const retentionSchema: PolicyConfigSchema = {
    properties: {
        minRetentionMs: { type: "integer", minimum: 0, default: 3_600_000, description: "Shortest retention.ms allowed (default one hour)." },
        maxRetentionMs: { type: "integer", minimum: 0, default: 2_592_000_000, description: "Longest retention.ms allowed (default 30 days)." },
        allowInfinite: { type: "boolean", default: false, description: "Allow retention.ms -1 (keep forever)." },
    },
};

/** 604800000 -> "7 days", 3600000 -> "1 hours", 60000 -> "1 minutes": enough to read a bound at a glance. */
const human = (ms: number) =>
    ms >= 86_400_000 ? `${+(ms / 86_400_000).toFixed(2)} days` : ms >= 3_600_000 ? `${+(ms / 3_600_000).toFixed(2)} hours` : `${+(ms / 60_000).toFixed(2)} minutes`;

export const checkRetention = (props: Record<string, any>, s: Subject, cfg: RetentionConfig): string[] => {
    const name = topicName(props, s);
    const raw = topicConfig(props, "retention.ms");
    if (raw === undefined) return []; // the broker default (7 days) applies
    const bounds = `${cfg.minRetentionMs}..${cfg.maxRetentionMs} ms (${human(cfg.minRetentionMs)}..${human(cfg.maxRetentionMs)})`;
    if (!INTEGER.test(raw)) {
        return [violation(s, name, `topic "${name}" has retention.ms "${raw}", not an integer number of milliseconds`, `set config "retention.ms" to a value in ${bounds}`)];
    }
    const ms = Number(raw);
    if (ms === -1) {
        return cfg.allowInfinite ? [] : [violation(s, name, `topic "${name}" has retention.ms -1 (keep forever), which this stack does not allow`, `set config "retention.ms" within ${bounds}, or set allowInfinite: true for this policy`)];
    }
    if (ms < cfg.minRetentionMs || ms > cfg.maxRetentionMs) {
        return [violation(s, name, `topic "${name}" has retention.ms ${ms} (${human(ms)}), outside ${bounds}`, `set config "retention.ms" within ${bounds}, or change this policy's bounds`)];
    }
    return [];
};

export interface DataBoundsConfig {
    minRetentionBytes: number;
    minLocalRetentionMs: number;
    minLocalRetentionBytes: number;
    minSegmentMs: number;
    minSegmentBytes: number;
    minCompactionLagMs: number;
    minMaxMessageBytes: number;
    maxMaxMessageBytes: number;
}
const MIB = 1024 * 1024;
export const dataBoundsSchema: PolicyConfigSchema = {
    properties: {
        minRetentionBytes: { type: "integer", minimum: 0, default: 100 * MIB, description: "Smallest retention.bytes (per partition) allowed; -1 (no size limit) is always allowed." },
        minLocalRetentionMs: { type: "integer", minimum: 0, default: 3_600_000, description: "Smallest local.retention.ms (tiered storage) allowed; -2 (follow retention.ms) and -1 are always allowed." },
        minLocalRetentionBytes: { type: "integer", minimum: 0, default: 100 * MIB, description: "Smallest local.retention.bytes allowed; -2 (follow retention.bytes) and -1 are always allowed." },
        minSegmentMs: { type: "integer", minimum: 0, default: 3_600_000, description: "Smallest segment.ms allowed: shorter rolls a segment (files, and deletions under retention) every few messages." },
        minSegmentBytes: { type: "integer", minimum: 0, default: 16 * MIB, description: "Smallest segment.bytes allowed." },
        minCompactionLagMs: { type: "integer", minimum: 0, default: 0, description: "Smallest min.compaction.lag.ms allowed: how long a superseded value stays readable before compaction may remove it." },
        minMaxMessageBytes: { type: "integer", minimum: 0, default: 65_536, description: "Smallest max.message.bytes allowed: below it, ordinary producers' writes are refused." },
        maxMaxMessageBytes: { type: "integer", minimum: 0, default: 10 * MIB, description: "Largest max.message.bytes allowed: very large messages strain the brokers' memory and replication." },
    },
};

/** Each bounded config: its key, the config's bound, and the special values Kafka gives a meaning of their own. */
const DATA_BOUNDS: Array<{ key: string; min: (c: DataBoundsConfig) => number; max?: (c: DataBoundsConfig) => number; special: number[]; why: string }> = [
    { key: "retention.bytes", min: c => c.minRetentionBytes, special: [-1], why: "the broker deletes a partition's oldest data beyond it" },
    { key: "local.retention.ms", min: c => c.minLocalRetentionMs, special: [-1, -2], why: "local copies older than it are deleted" },
    { key: "local.retention.bytes", min: c => c.minLocalRetentionBytes, special: [-1, -2], why: "local copies beyond it are deleted" },
    { key: "segment.ms", min: c => c.minSegmentMs, special: [], why: "segments roll this often, and retention deletes whole segments" },
    { key: "segment.bytes", min: c => c.minSegmentBytes, special: [], why: "segments roll at this size, and retention deletes whole segments" },
    { key: "min.compaction.lag.ms", min: c => c.minCompactionLagMs, special: [], why: "superseded values may be compacted away after this long" },
    { key: "max.message.bytes", min: c => c.minMaxMessageBytes, max: c => c.maxMaxMessageBytes, special: [], why: "larger records are refused" },
];

/** The configs that delete or refuse data as soon as they apply stay within the configured bounds. */
export const checkDataBounds = (props: Record<string, any>, s: Subject, cfg: DataBoundsConfig): string[] => {
    const name = topicName(props, s);
    const out: string[] = [];
    for (const b of DATA_BOUNDS) {
        const raw = topicConfig(props, b.key);
        if (raw === undefined) continue;
        const min = b.min(cfg), max = b.max?.(cfg);
        const range = `${min}${max === undefined ? " or more" : `..${max}`}${b.special.length ? ` (or ${b.special.join(", ")})` : ""}`;
        const v = Number(raw);
        if (!INTEGER.test(raw)) {
            out.push(violation(s, name, `topic "${name}" has ${b.key} "${raw}", not an integer`, `set config "${b.key}" to ${range}`));
        } else if (!b.special.includes(v) && (v < min || (max !== undefined && v > max))) {
            out.push(violation(s, name, `topic "${name}" has ${b.key} ${v}, outside ${range}: ${b.why}`, `set config "${b.key}" to ${range}, or change this policy's bounds`));
        }
    }
    return out;
};

export interface UncleanElectionConfig { productionClass: boolean }
export const uncleanElectionSchema: PolicyConfigSchema = { properties: { productionClass: PRODUCTION_CLASS_SCHEMA } };

/**
 * unclean.leader.election.enable lets a replica that missed acknowledged writes become leader:
 * those writes are lost. Refused in production-class stacks, advised against elsewhere.
 */
export const checkUncleanElection = (props: Record<string, any>, s: Subject, cfg: UncleanElectionConfig): string[] => {
    const name = topicName(props, s);
    if (topicConfig(props, "unclean.leader.election.enable")?.toLowerCase() !== "true") return [];
    return [violation(s, name, `topic "${name}" enables unclean.leader.election.enable${cfg.productionClass ? " in a production-class stack" : ""}: a replica that missed acknowledged writes may become leader, and those writes are lost`,
        `remove the setting (Kafka's default is false); to get a partition back when every in-sync replica is gone, run kafka-leader-election.sh --election-type unclean for that partition once, by hand`)];
};

export interface CleanupConfig { allowedPolicies: string[] }
export const cleanupSchema: PolicyConfigSchema = {
    properties: {
        allowedPolicies: {
            type: "array", items: { type: "string" }, default: ["delete", "compact", "compact,delete", "delete,compact"],
            description: "Allowed values of cleanup.policy (spaces around commas are ignored, as Kafka does).",
        },
    },
};

export const checkCleanupPolicy = (props: Record<string, any>, s: Subject, cfg: CleanupConfig): string[] => {
    const name = topicName(props, s);
    const raw = topicConfig(props, "cleanup.policy");
    if (raw === undefined) return [];
    const normalized = raw.split(",").map(p => p.trim()).join(",");
    if (cfg.allowedPolicies.includes(normalized)) return [];
    return [violation(s, name, `topic "${name}" has cleanup.policy "${raw}"; allowed: ${cfg.allowedPolicies.map(p => `"${p}"`).join(", ")}`,
        `set config "cleanup.policy" to "delete" (time/size retention) or "compact" (keep the last value per key)`)];
};

// ---------------------------------------------------------------------------------------------
// Deletion protection

export interface ProtectConfig { productionClass: boolean; protectedTopics: string[]; exemptTopics: string[] }
export const protectSchema: PolicyConfigSchema = {
    properties: {
        productionClass: PRODUCTION_CLASS_SCHEMA,
        protectedTopics: { type: "array", items: { type: "string" }, default: [], description: "Topics that must be declared with protect: true (and stay declared) in every stack." },
        exemptTopics: {
            type: "array", items: { type: "string" }, default: [],
            description: "Topics of a production-class stack that may go without protect (the catalog's allowReplace topics, whose data may be lost). A listed protected topic is never exempt.",
        },
    },
};

/** Every topic of a production-class stack, and every listed protected topic, has `protect: true`. */
export const checkProtectOption = (props: Record<string, any>, s: Subject, cfg: ProtectConfig): string[] => {
    const name = topicName(props, s);
    const listed = cfg.protectedTopics.includes(name);
    if (!listed && (!cfg.productionClass || cfg.exemptTopics.includes(name))) return [];
    if (s.opts?.protect === true) return [];
    const why = listed ? "is a protected topic" : "is in a production-class stack";
    return [violation(s, name, `topic "${name}" ${why} but is declared without the protect option, so removing it from the catalog would delete it and its data`,
        `declare the topic with { protect: true } (the topics stack does this for production-class stacks); to delete it on purpose, first set protect: false in a reviewed change`)];
};

/**
 * Stack rule: every protected topic is still declared. A policy never sees a deletion step, but the
 * stack policy sees every resource the program declares, so a protected topic that is missing from
 * it is about to be deleted (or was never created).
 */
export const checkProtectedTopicsPresent: StackRule<ProtectConfig> = (resources, cfg) => {
    if (cfg.protectedTopics.length === 0) return [];
    const isTopicsStack = resources.some(r => r.type.startsWith("kafka:") || r.type === "pulumi:providers:kafka");
    if (!isTopicsStack) return [];
    const declared = new Set(resources.filter(r => r.type === TYPES.topic).map(r => topicName(r.props, r)));
    return cfg.protectedTopics.filter(t => !declared.has(t)).map(t => ({
        message: `protected topic "${t}" is not declared by this stack: applying it would delete the topic and its data (or it was never created). Fix: put "${t}" back into the topic catalog; to retire it on purpose, remove it from this policy's protectedTopics in a reviewed change first`,
    }));
};

// ---------------------------------------------------------------------------------------------

export const topicPolicies: Array<ResourceValidationPolicy | StackValidationPolicy> = [
    {
        name: "topic-replication",
        description: "Production-class topics have replication factor >= 3 and 2 <= min.insync.replicas < replication factor; min.insync.replicas never exceeds the replication factor.",
        enforcementLevel: "mandatory",
        configSchema: replicationSchema,
        validateResource: resourceValidation(TYPES.topic, replicationSchema, checkReplication),
    },
    {
        name: "topic-partitions-bounds",
        description: "A topic's partition count is within the configured bounds.",
        enforcementLevel: "mandatory",
        configSchema: partitionsSchema,
        validateResource: resourceValidation(TYPES.topic, partitionsSchema, checkPartitions),
    },
    {
        name: "topic-naming-convention",
        description: "Topic names follow the configured convention (<domain>.<entity>.<event> by default).",
        enforcementLevel: "mandatory",
        configSchema: namingSchema,
        validateResource: resourceValidation(TYPES.topic, namingSchema, checkNaming),
    },
    {
        name: "topic-retention-bounds",
        description: "retention.ms is within the configured bounds; -1 (forever) only when allowed.",
        enforcementLevel: "mandatory",
        configSchema: retentionSchema,
        validateResource: resourceValidation(TYPES.topic, retentionSchema, checkRetention),
    },
    {
        name: "topic-data-bounds",
        description: "Configs that delete or refuse data as soon as they apply (retention.bytes, local retention, segment size and time, min.compaction.lag.ms, max.message.bytes) stay within the configured bounds.",
        enforcementLevel: "mandatory",
        configSchema: dataBoundsSchema,
        validateResource: resourceValidation(TYPES.topic, dataBoundsSchema, checkDataBounds),
    },
    {
        name: "topic-unclean-leader-election",
        description: "No topic enables unclean leader election (acknowledged writes can be lost); refused in production-class stacks.",
        enforcementLevel: "mandatory",
        configSchema: uncleanElectionSchema,
        validateResource: resourceValidation(TYPES.topic, uncleanElectionSchema, checkUncleanElection),
    },
    {
        name: "topic-cleanup-policy",
        description: "cleanup.policy is delete, compact, or both.",
        enforcementLevel: "mandatory",
        configSchema: cleanupSchema,
        validateResource: resourceValidation(TYPES.topic, cleanupSchema, checkCleanupPolicy),
    },
    {
        name: "topic-protect-option",
        description: "Topics of production-class stacks, and listed protected topics, are declared with protect: true.",
        enforcementLevel: "mandatory",
        configSchema: protectSchema,
        validateResource: resourceValidation(TYPES.topic, protectSchema, checkProtectOption),
    },
    {
        name: "protected-topics-present",
        description: "Every listed protected topic is still declared by the topics stack (not being deleted).",
        enforcementLevel: "mandatory",
        configSchema: protectSchema,
        validateStack: stackValidation(protectSchema, checkProtectedTopicsPresent),
    },
];
