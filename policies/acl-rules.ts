// Topics-stack rules for kafka.Acl: no grants to everyone, no blanket `All` outside the admins, no
// literal `*` resource unless allowed. Values are compared case-insensitively (the provider accepts
// `Allow`/`ALLOW`, `All`/`ALL`); messages show them as declared.

import type { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resourceValidation, type Subject, TYPES, violation } from "./shared";

interface Acl {
    principal: string;
    host: string;
    operation: string;
    permission: string;
    resourceType: string;
    resourceName: string;
    pattern: string;
}

export function aclOf(props: Record<string, any>): Acl {
    const s = (v: unknown, dflt = "") => (typeof v === "string" ? v : dflt);
    return {
        principal: s(props.aclPrincipal),
        host: s(props.aclHost, "*"),
        operation: s(props.aclOperation),
        permission: s(props.aclPermissionType),
        resourceType: s(props.aclResourceType),
        resourceName: s(props.aclResourceName),
        // The provider's default pattern type is Literal.
        pattern: s(props.resourcePatternTypeFilter, "Literal"),
    };
}

export const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const describeAcl = (a: Acl) => `${a.permission} ${a.operation} on ${a.resourceType} "${a.resourceName}" (${a.pattern}) for ${a.principal} from host ${a.host}`;
/** `User:*` and a bare `*` both mean every principal, including unauthenticated ones (User:ANONYMOUS). */
const isWildcardPrincipal = (p: string) => p.trim() === "*" || /^user:\*$/i.test(p.trim());

export const checkWildcardPrincipal = (props: Record<string, any>, s: Subject): string[] => {
    const a = aclOf(props);
    if (!same(a.permission, "Allow") || !isWildcardPrincipal(a.principal)) return [];
    return [violation(s, undefined, `ACL "${describeAcl(a)}" allows the wildcard principal ${a.principal}: every user, including anonymous clients, gets it`,
        `grant the access to named principals (User:<service>) created as SCRAM users in the catalog; a Deny for ${a.principal} is allowed`)];
};

export interface AllOperationConfig { adminPrincipals: string[] }
export const allOperationSchema: PolicyConfigSchema = {
    properties: {
        adminPrincipals: { type: "array", items: { type: "string" }, default: ["User:admin"], description: "Principals allowed to hold the All operation." },
    },
};

export const checkAllOperation = (props: Record<string, any>, s: Subject, cfg: AllOperationConfig): string[] => {
    const a = aclOf(props);
    if (!same(a.permission, "Allow") || !same(a.operation, "All")) return [];
    if (cfg.adminPrincipals.some(p => p === a.principal)) return [];
    return [violation(s, undefined, `ACL "${describeAcl(a)}" grants operation All to ${a.principal}, who is not an admin principal (${cfg.adminPrincipals.join(", ") || "none configured"})`,
        `grant only the operations needed (producer: Write and Describe on the topic; consumer: Read on the topic and on its group), or add ${a.principal} to adminPrincipals`)];
};

export interface WildcardResourceConfig { allowWildcardResource: boolean; wildcardPrincipals: string[] }
export const wildcardResourceSchema: PolicyConfigSchema = {
    properties: {
        allowWildcardResource: { type: "boolean", default: false, description: "Allow ACLs on the literal resource name * (every topic, group, ...) for everyone." },
        wildcardPrincipals: {
            type: "array", items: { type: "string" }, default: [],
            description: "Principals allowed ACLs on the literal resource name * (e.g. an operators' inspection account); every other principal is not.",
        },
    },
};

export const checkWildcardResource = (props: Record<string, any>, s: Subject, cfg: WildcardResourceConfig): string[] => {
    const a = aclOf(props);
    if (cfg.allowWildcardResource || a.resourceName.trim() !== "*" || !same(a.pattern, "Literal")) return [];
    if (same(a.permission, "Deny") || cfg.wildcardPrincipals.includes(a.principal)) return [];
    return [violation(s, undefined, `ACL "${describeAcl(a)}" applies to the literal resource name * (every ${a.resourceType.toLowerCase() || "resource"})`,
        `name the resource, or use resourcePatternTypeFilter "Prefixed" with a prefix such as "<domain>."; or list the principal in this policy's wildcardPrincipals`)];
};

export const aclPolicies: Array<ResourceValidationPolicy | StackValidationPolicy> = [
    {
        name: "acl-no-wildcard-principal",
        description: "No ACL allows the wildcard principal User:*.",
        enforcementLevel: "mandatory",
        configSchema: { properties: {} },
        validateResource: resourceValidation(TYPES.acl, { properties: {} }, checkWildcardPrincipal),
    },
    {
        name: "acl-all-operation-admins-only",
        description: "Only the configured admin principals are allowed the All operation.",
        enforcementLevel: "mandatory",
        configSchema: allOperationSchema,
        validateResource: resourceValidation(TYPES.acl, allOperationSchema, checkAllOperation),
    },
    {
        name: "acl-no-wildcard-resource",
        description: "No Allow ACL on the literal resource name * unless allowed.",
        enforcementLevel: "mandatory",
        configSchema: wildcardResourceSchema,
        validateResource: resourceValidation(TYPES.acl, wildcardResourceSchema, checkWildcardResource),
    },
];
