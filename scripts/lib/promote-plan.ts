// What `npm run promote -- <from> <to>` copies: pure functions over `pulumi config --json` output.
//
// Only keys on a project's allow-list are promoted: values that describe *what* runs (the image
// versions, the catalog file, the protocol version), never *where* or *as whom* it runs
// (environment, names, networks, ports, cluster references, protection, sizes, security mode) and
// never a secret, even one on the list.

import { DOCKER_ONLY_KEYS } from "../../components/cluster/cluster-config";

/** `pulumi config --json`: `{ "<namespace>:<key>": { "value"?: string, "secret": boolean, "objectValue"?: ... } }`. */
export type ConfigJson = Record<string, { value?: string; secret?: boolean; objectValue?: unknown }>;

export interface PromotionPolicy {
    project: string;
    /** Keys (without the namespace) that carry the same value in every environment once promoted. */
    promotable: readonly string[];
    /** Why everything else stays: shown to the user. */
    note: string;
    /** Promotable keys the destination stack does not take (a Strimzi stack has no UI or registry image), with why. */
    refusedBy?: (destination: ConfigJson) => { keys: readonly string[]; why: string } | undefined;
}

export const PROMOTION_POLICIES: Record<string, PromotionPolicy> = {
    "kafka-cluster": {
        project: "kafka-cluster",
        promotable: ["kafkaImage", "uiImage", "schemaRegistryImage"],
        note: "target, name, networkName, ports, brokers, controllers, security, heap and memory sizes, bindAddress, clusterId, the Kubernetes settings, whether the schema registry runs and the passwords are per environment",
        refusedBy: destination => destination["kafka-cluster:target"]?.value === "strimzi"
            ? { keys: DOCKER_ONLY_KEYS, why: "Docker only: the destination's target is strimzi" }
            : undefined,
    },
    "kafka-topics": {
        project: "kafka-topics",
        promotable: ["catalog", "kafkaVersion"],
        note: "environment, clusterStack, bootstrapServers, connection settings, protectTopics, previousOutputsStack and the passwords are per environment; " +
            "the catalog's per-environment values live in catalog.yaml under `environments:` and are promoted by reviewing that file",
    },
};

export type ChangeKind = "set" | "unchanged" | "kept" | "secret-skipped";

export interface KeyChange {
    key: string;
    kind: ChangeKind;
    from?: string;
    to?: string;
    /** Explanation for kept and skipped keys. */
    why?: string;
}

export interface PromotionPlan {
    project: string;
    fromStack: string;
    toStack: string;
    changes: KeyChange[];
    /** The `pulumi config cp` invocations (keys with their namespace) that perform the "set" changes. */
    copies: string[];
}

function bare(key: string, namespace: string): string {
    return key.startsWith(`${namespace}:`) ? key.slice(namespace.length + 1) : key;
}

function shown(e: ConfigJson[string] | undefined): string | undefined {
    if (!e) return undefined;
    if (e.secret) return "[secret]";
    if (e.value !== undefined) return e.value;
    if (e.objectValue !== undefined) return JSON.stringify(e.objectValue);
    return undefined;
}

/** Compares the two stacks' config and lists, key by key, what promotion does. */
export function planPromotion(policy: PromotionPolicy, fromStack: string, toStack: string, source: ConfigJson, target: ConfigJson): PromotionPlan {
    const ns = policy.project;
    const keys = new Set([...Object.keys(source), ...Object.keys(target)]);
    const changes: KeyChange[] = [];
    const copies: string[] = [];
    const refused = policy.refusedBy?.(target);
    for (const full of [...keys].sort()) {
        const key = bare(full, ns);
        const s = source[full];
        const t = target[full];
        const promotable = policy.promotable.includes(key) && full.startsWith(`${ns}:`);
        if (promotable && refused?.keys.includes(key)) {
            if (s && shown(s) !== shown(t)) changes.push({ key, kind: "kept", from: shown(s), to: shown(t), why: refused.why });
            continue;
        }
        if (s?.secret || t?.secret) {
            // Secrets stay in their own stack, encrypted with its own secrets provider.
            if (s?.secret) changes.push({ key, kind: "secret-skipped", why: "secrets are never promoted: set them per stack with `pulumi config set --secret`" });
            continue;
        }
        if (!promotable) {
            if (shown(s) !== shown(t)) changes.push({ key, kind: "kept", from: shown(s), to: shown(t), why: "environment-specific" });
            continue;
        }
        if (!s) continue; // not set in the source: the target keeps its own value or the default
        if (shown(s) === shown(t)) {
            changes.push({ key, kind: "unchanged", to: shown(t) });
        } else {
            changes.push({ key, kind: "set", from: shown(t), to: shown(s) });
            copies.push(full);
        }
    }
    return { project: ns, fromStack, toStack, changes, copies };
}

/** Human-readable lines for one project's plan. */
export function describePlan(plan: PromotionPlan): string[] {
    const lines = [`${plan.project}: ${plan.fromStack} -> ${plan.toStack}`];
    const none = "(not set)";
    for (const c of plan.changes) {
        switch (c.kind) {
            case "set": lines.push(`  ~ ${c.key}: ${c.from ?? none} -> ${c.to}`); break;
            case "unchanged": lines.push(`  = ${c.key}: ${c.to} (already the same)`); break;
            case "kept": lines.push(`  . ${c.key}: kept ${c.to ?? none} in ${plan.toStack} (${plan.fromStack} has ${c.from ?? none}; ${c.why})`); break;
            case "secret-skipped": lines.push(`  . ${c.key}: secret, not copied (${c.why})`); break;
        }
    }
    if (!plan.copies.length) lines.push("  no promotable value differs");
    return lines;
}
