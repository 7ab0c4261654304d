// Pure: refuses a catalog that takes what the cluster keeps for itself (reserved-names.ts): a user
// or principal that is the admin, the standby admin or the schema registry's user (a SCRAM
// credential for the super user, a reset of the registry's password, or a quota that throttles
// either), a topic in a reserved namespace, and an allow ACL that reaches the registry's journal
// and groups or Kafka's internal topics (a Write there goes past every compatibility check).
// Located like every catalog problem.

import { ConfigError, configErrorReport, type ConfigProblem } from "../shared/config-error";
import { COMMON_RESERVED_PREFIXES, reservedPrefixOf, reservedPrefixReached, type ReservedNames } from "../shared/reserved-names";
import { expandService } from "./acl-expansion";
import type { AclEntry, Catalog, SourceLocation } from "./catalog";
import type { KafkaConnection } from "./kafka-connection";

/**
 * What the stack's cluster keeps for itself: a cluster stack says so in its outputs; of a cluster
 * reached by config (or a cluster stack deployed before it exported them) the stack knows the
 * admin it connects as, Kafka's internal topics and the common platforms' prefixes. The policy
 * pack's `catalog-reserved-names` rule lists more for such clusters.
 */
export function reservedNamesOf(conn: Pick<KafkaConnection, "saslUsername">, fromCluster?: Partial<ReservedNames>): ReservedNames {
    const admin = conn.saslUsername ? [`User:${conn.saslUsername}`] : [];
    return {
        principals: [...new Set([...admin, ...(fromCluster?.principals ?? [])])],
        resourcePrefixes: fromCluster?.resourcePrefixes ?? [...COMMON_RESERVED_PREFIXES],
    };
}

export function checkReservedNames(
    catalog: Pick<Catalog, "file" | "environment" | "topics" | "users" | "services" | "acls" | "quotas" | "topicAt" | "declaredAt">,
    reserved: ReservedNames,
    source: string,
): void {
    const problems: ConfigProblem[] = [];
    const key = (at: SourceLocation | undefined, fallback: string) => at ? `${at.file}${at.line ? `:${at.line}` : ""} ${at.path}` : `${catalog.file} ${fallback}`;
    const principals = new Set(reserved.principals);
    const ownPrincipal = (principal: string, at: SourceLocation | undefined, what: string) => {
        if (!principals.has(principal)) return;
        problems.push({
            key: key(at, what), value: principal,
            problem: `is a principal the cluster keeps for itself (${source}: ${reserved.principals.join(", ")}); a catalog that declares it could take over the admin or lock out the schema registry`,
            fix: "give the service or user a name of its own",
        });
    };
    const grant = (acl: AclEntry, at: SourceLocation | undefined, what: string) => {
        const prefix = reservedPrefixReached(acl, reserved.resourcePrefixes);
        if (prefix === undefined) return;
        const target = `${acl.resourceType} ${acl.patternType === "prefixed" ? `${acl.resourceName}*` : acl.resourceName}`;
        problems.push({
            key: key(at, what), value: `${acl.operation} on ${target}`,
            problem: `reaches ${prefix}*, which the cluster's own services use (${source}); a grant there goes around them (a Write into the registry's journal skips every compatibility check)`,
            fix: `narrow the ${acl.patternType === "prefixed" || acl.resourceName === "*" ? "prefix so it does not cover" : "name so it is not under"} ${prefix}, or grant only Describe or DescribeConfigs`,
        });
    };

    for (const t of catalog.topics) {
        const prefix = reservedPrefixOf(t.name, reserved.resourcePrefixes);
        if (prefix !== undefined) {
            problems.push({
                key: key(catalog.topicAt[t.name], "topics"), value: t.name,
                problem: `starts with ${prefix}, a prefix the cluster's own services use (${source})`, fix: "name the topic <domain>.<entity>.<event>",
            });
        }
    }
    for (const u of catalog.users) ownPrincipal(`User:${u.name}`, catalog.declaredAt.users[u.name], "users");
    for (const s of catalog.services) {
        ownPrincipal(s.principal, catalog.declaredAt.services[s.name], "services");
        for (const acl of expandService(s)) grant(acl, catalog.declaredAt.services[s.name], "services");
    }
    catalog.acls.forEach((acl, i) => {
        ownPrincipal(acl.principal, catalog.declaredAt.acls[i], "acls");
        grant(acl, catalog.declaredAt.acls[i], "acls");
    });
    catalog.quotas.forEach((q, i) => {
        if (q.entityType === "user") ownPrincipal(`User:${q.entityName}`, catalog.declaredAt.quotas[i], "quotas");
    });
    if (problems.length > 0) {
        throw new ConfigError(configErrorReport(`catalog ${catalog.file} (environment ${catalog.environment})`, problems), problems);
    }
}
