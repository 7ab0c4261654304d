// The names a cluster keeps for itself: its own principals (the admin, the standby admin of a
// password rotation, the schema registry's user) and the prefixes of the topics, groups and
// transactional ids its own services use (Kafka's internal `__` topics, the registry's journal and
// consumer groups). The cluster stack exports them; the topics stack refuses a catalog that
// declares those principals or grants on those resources, and the policy pack does the same for
// stacks connected to a cluster by config. Pure, no SDK.

/** Kafka's internal topics (`__consumer_offsets`, `__transaction_state`, ...). */
export const KAFKA_INTERNAL_PREFIX = "__";

/**
 * Prefixes that clusters outside this project commonly keep for their own services: Confluent's
 * schema registry (`_schemas`) and platform topics (`_confluent`), Kafka Connect's and Strimzi's
 * internal topics are named by their operators and are listed in the policy config where used.
 */
export const COMMON_RESERVED_PREFIXES = [KAFKA_INTERNAL_PREFIX, "_schemas", "_confluent"] as const;

export interface ReservedNames {
    /** `User:<name>` of each principal the cluster keeps for itself. */
    principals: string[];
    /** Prefixes of topic, group and transactional id names the cluster's own services use. */
    resourcePrefixes: string[];
}

/** Operations that only show that a resource exists, or its configs: harmless on a reserved resource. */
const LOOK_ONLY = ["describe", "describeconfigs"];

/**
 * Whether an ACL resource pattern reaches a name with `prefix`: a literal name that starts with it,
 * the literal `*` (every name), or a prefixed pattern that covers names starting with it (the
 * pattern `kafka` covers `kafkasql-journal`) or lies within it.
 */
export function patternReachesPrefix(name: string, patternType: "literal" | "prefixed", prefix: string): boolean {
    if (patternType === "literal") return name === "*" || name.startsWith(prefix);
    return name.startsWith(prefix) || prefix.startsWith(name);
}

/**
 * The reserved prefix an allow ACL on a topic, group or transactional id reaches with an operation
 * that reads, writes or changes it; undefined when it reaches none. Deny entries and Describe or
 * DescribeConfigs take nothing from the cluster's own services.
 */
export function reservedPrefixReached(
    acl: { resourceType: string; resourceName: string; patternType: "literal" | "prefixed"; operation: string; permission: string },
    prefixes: readonly string[],
): string | undefined {
    if (acl.permission.toLowerCase() !== "allow" || LOOK_ONLY.includes(acl.operation.toLowerCase())) return undefined;
    if (acl.resourceType.toLowerCase() === "cluster") return undefined;
    return prefixes.find(p => patternReachesPrefix(acl.resourceName, acl.patternType, p));
}

/** The reserved prefix a name starts with (a topic name, say); undefined when none. */
export function reservedPrefixOf(name: string, prefixes: readonly string[]): string | undefined {
    return prefixes.find(p => name.startsWith(p));
}
