// The policy configuration of each environment, written once: each policy's defaults are the
// `default`s of its own configSchema (in the rule files), and below is only what an environment
// changes. `npm run generate` writes the full files the Pulumi CLI reads
// (policies/config/<env>.json, one entry per policy); a test fails when they are stale.

import { policies } from "./pack";
import type { Environment } from "../components/shared/environments";

type Entry = Record<string, unknown>;

/** Topics exempt from protection: a replay topic whose data can be rebuilt. */
const REPLAY_TOPICS = ["shipping.shipment.delivered"];
/** The operators' tooling account, the one principal allowed wildcard resources. */
const OPERATORS = ["User:ops-admin"];

/** What production-class stacks share: everything mandatory, stricter sizes, protected topics. */
const productionClass: Record<string, Entry> = {
    all: { enforcementLevel: "mandatory" },
    "container-memory-limit": { minMemoryMb: 256 },
    // A rotation in progress is normal for a while: advice, even where everything else is mandatory.
    "kafka-standby-admin": { enforcementLevel: "advisory" },
    // A quota's right size is the service owner's call: advice, like the rotation above.
    "kafka-produce-quota": { productionClass: true, enforcementLevel: "advisory" },
    "production-min-brokers": { productionClass: true },
    "topic-replication": { productionClass: true },
    "topic-unclean-leader-election": { productionClass: true },
    "kafka-node-tls": { productionClass: true },
    "kafka-provider-tls": { productionClass: true },
    "kafka-provider-verifies-certificates": { productionClass: true },
    "topic-protect-option": { productionClass: true, exemptTopics: REPLAY_TOPICS },
    "protected-topics-present": { productionClass: true, exemptTopics: REPLAY_TOPICS },
    "acl-no-wildcard-resource": { wildcardPrincipals: OPERATORS },
    "schema-compatibility-not-none": { productionClass: true },
    "schema-value-in-every-environment": { productionClass: true },
    "strimzi-persistent-storage": { productionClass: true },
    "strimzi-authorization": { productionClass: true },
};

export const ENVIRONMENTS: Record<Environment, Record<string, Entry>> = {
    // Advice only: the dev cluster is for trying things; retention and partitions may be small.
    dev: {
        all: { enforcementLevel: "advisory" },
        "docker-image-digest": { enforcementLevel: "disabled" },
        "kafka-ui-authentication": { requireAuthentication: false },
        "topic-partitions-bounds": { maxPartitions: 12 },
        "topic-retention-bounds": { minRetentionMs: 60000, allowInfinite: true },
        "topic-data-bounds": { minRetentionBytes: 1048576, minLocalRetentionMs: 60000, minLocalRetentionBytes: 1048576, minSegmentMs: 60000, minSegmentBytes: 1048576 },
        "topic-protect-option": { exemptTopics: REPLAY_TOPICS },
        "protected-topics-present": { exemptTopics: REPLAY_TOPICS },
        "acl-no-wildcard-resource": { wildcardPrincipals: OPERATORS },
    },
    // Production-class, on images pinned by tag (a digest is advised).
    staging: {
        ...productionClass,
        "docker-image-digest": { enforcementLevel: "advisory" },
    },
    // Production-class, on images pinned by digest, with a longer retention allowed.
    prod: {
        ...productionClass,
        "docker-image-pinned": { requireDigest: true },
        "docker-image-digest": { enforcementLevel: "disabled" },
        "topic-retention-bounds": { maxRetentionMs: 7776000000 },
    },
};

/** The full config file of an environment: every policy, its schema defaults overlaid with the environment's values. */
export function fullPolicyConfig(env: Environment): Record<string, Entry> {
    const changes = ENVIRONMENTS[env];
    const out: Record<string, Entry> = { all: changes.all };
    for (const policy of policies) {
        const schema = (policy.configSchema?.properties ?? {}) as Record<string, { default?: unknown }>;
        const defaults = Object.fromEntries(Object.entries(schema).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default]));
        out[policy.name] = { ...defaults, ...changes[policy.name] };
    }
    return out;
}
