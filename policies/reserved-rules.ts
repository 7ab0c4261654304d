// A topics stack's rule for what a cluster keeps for itself (components/shared/reserved-names.ts):
// no catalog user or ACL principal that is one of the cluster's own principals, no topic in a
// reserved namespace, and no allow ACL that reaches one. The topics stack refuses these itself
// for a cluster stack, which exports its reserved names; this rule covers stacks connected to a
// cluster by config, whose own principals and prefixes are listed here per environment.

import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { COMMON_RESERVED_PREFIXES, reservedPrefixOf, reservedPrefixReached } from "../components/shared/reserved-names";
import { stackValidation, type StackRule, TYPES } from "./shared";

export interface ReservedNamesConfig { reservedPrincipals: string[]; reservedPrefixes: string[] }
export const reservedNamesSchema: PolicyConfigSchema = {
    properties: {
        reservedPrincipals: {
            type: "array", items: { type: "string" }, default: ["User:admin", "User:admin-b", "User:schema-registry"],
            description: "Principals the cluster keeps for itself (its admins, its schema registry's user): no catalog declares a user, service or ACL for them.",
        },
        reservedPrefixes: {
            type: "array", items: { type: "string" }, default: [...COMMON_RESERVED_PREFIXES, "kafkasql-", "registry-events", "apicurio-"],
            description: "Prefixes of the topics, groups and transactional ids the cluster's own services use: no catalog topic starts with one, and no allow ACL beyond Describe reaches one.",
        },
    },
};

/** Whether a resource belongs to a topics catalog (its URN's type chain names the TopicsCatalog component). */
const inCatalog = (urn: string) => urn.includes(`${TYPES.topicsCatalog}$`);
const str = (v: unknown) => (typeof v === "string" ? v : "");

export const checkReservedNames: StackRule<ReservedNamesConfig> = (resources, cfg) => {
    const out: Array<{ message: string; urn: string }> = [];
    const reservedPrincipal = (principal: string) => cfg.reservedPrincipals.some(p => p.toLowerCase() === principal.toLowerCase());
    const fix = "give it a name of its own; if the cluster really has no such principal or namespace, change this policy's reservedPrincipals or reservedPrefixes";
    for (const r of resources.filter(x => inCatalog(x.urn))) {
        const p = r.props as Record<string, unknown>;
        if (r.type === TYPES.scramUser && reservedPrincipal(`User:${str(p.username)}`)) {
            out.push({ urn: r.urn, message: `SCRAM user "${str(p.username)}" is a principal the cluster keeps for itself (${cfg.reservedPrincipals.join(", ")}): its credential would let the catalog sign in as the cluster's admin or reset its registry's password. Fix: ${fix}` });
        }
        if (r.type === TYPES.topic) {
            const prefix = reservedPrefixOf(str(p.name), cfg.reservedPrefixes);
            if (prefix) out.push({ urn: r.urn, message: `topic "${str(p.name)}" starts with ${prefix}, a prefix the cluster's own services use. Fix: ${fix}` });
        }
        if (r.type === TYPES.acl) {
            const principal = str(p.aclPrincipal);
            if (reservedPrincipal(principal)) {
                out.push({ urn: r.urn, message: `ACL for ${principal}, a principal the cluster keeps for itself (${cfg.reservedPrincipals.join(", ")}). Fix: ${fix}` });
            }
            const acl = {
                resourceType: str(p.aclResourceType), resourceName: str(p.aclResourceName), operation: str(p.aclOperation), permission: str(p.aclPermissionType),
                patternType: str(p.resourcePatternTypeFilter).toLowerCase() === "prefixed" ? "prefixed" as const : "literal" as const,
            };
            const prefix = reservedPrefixReached(acl, cfg.reservedPrefixes);
            if (prefix) {
                out.push({ urn: r.urn, message: `ACL "${acl.permission} ${acl.operation} on ${acl.resourceType} ${acl.resourceName} (${acl.patternType})" for ${principal} reaches ${prefix}*, which the cluster's own services use (a Write into a schema registry's journal skips every compatibility check). Fix: narrow the resource so it does not cover ${prefix}, or grant only Describe or DescribeConfigs` });
            }
        }
    }
    return out;
};

export const reservedPolicies: StackValidationPolicy[] = [
    {
        name: "catalog-reserved-names",
        description: "A topics catalog declares none of the cluster's own principals, no topic in a reserved namespace, and no grant that reaches one.",
        enforcementLevel: "mandatory",
        configSchema: reservedNamesSchema,
        validateStack: stackValidation(reservedNamesSchema, checkReservedNames),
    },
];
