// Topics-stack rule for client quotas: in a production-class stack, every principal allowed to
// write to a topic has a produce quota, so one runaway producer cannot fill the brokers' disks or
// starve the others. Advice, not a gate: a quota's right size is the owner's decision.

import type { PolicyConfigSchema, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { aclOf, same } from "./acl-rules";
import { PRODUCTION_CLASS_SCHEMA, stackValidation, type StackRule, TYPES } from "./shared";

export interface ProduceQuotaConfig { productionClass: boolean; exemptPrincipals: string[] }
export const produceQuotaSchema: PolicyConfigSchema = {
    properties: {
        productionClass: PRODUCTION_CLASS_SCHEMA,
        exemptPrincipals: { type: "array", items: { type: "string" }, default: [], description: "Principals that write without a produce quota on purpose." },
    },
};

/** The user names that hold a producer_byte_rate quota in the stack. */
function usersWithProduceQuota(resources: PolicyResource[]): Set<string> {
    const out = new Set<string>();
    for (const r of resources) {
        if (r.type !== TYPES.quota || r.props.entityType !== "user" || typeof r.props.entityName !== "string") continue;
        const config = (r.props.config ?? {}) as Record<string, unknown>;
        if (config.producer_byte_rate !== undefined) out.add(r.props.entityName);
    }
    return out;
}

export const checkProduceQuota: StackRule<ProduceQuotaConfig> = (resources, cfg) => {
    // Only the catalog's grants: the cluster stack's own ACLs (the schema registry's) are its services'.
    if (!cfg.productionClass || !resources.some(r => r.type === TYPES.topicsCatalog)) return [];
    const limited = usersWithProduceQuota(resources);
    const writers = new Map<string, string>();
    for (const r of resources) {
        if (r.type !== TYPES.acl) continue;
        const a = aclOf(r.props);
        if (!same(a.permission, "Allow") || !same(a.resourceType, "Topic") || !(same(a.operation, "Write") || same(a.operation, "All"))) continue;
        // A wildcard principal has no quota of its own; acl-no-wildcard-principal reports it.
        if (!/^User:[^*]/i.test(a.principal) || cfg.exemptPrincipals.includes(a.principal)) continue;
        if (!writers.has(a.principal)) writers.set(a.principal, r.urn);
    }
    return [...writers].filter(([p]) => !limited.has(p.slice(p.indexOf(":") + 1))).map(([principal, urn]) => ({
        message: `${principal} may write to topics but has no produce quota: one runaway producer can fill the brokers' disks and slow every other client. ` +
            `Fix: add a quota to topics/catalog.yaml, e.g. \`- user: ${principal.slice(principal.indexOf(":") + 1)}\` with \`producerByteRate: 1048576\` (bytes per second per broker), or list ${principal} in this policy's exemptPrincipals`,
        urn,
    }));
};

export const quotaPolicies: StackValidationPolicy[] = [
    {
        name: "kafka-produce-quota",
        description: "In production-class stacks, every principal allowed to write to a topic has a produce quota (advisory).",
        enforcementLevel: "advisory",
        configSchema: produceQuotaSchema,
        validateStack: stackValidation(produceQuotaSchema, checkProduceQuota),
    },
];
