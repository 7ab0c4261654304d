// Translates the Kafka resources the topics program declares (recorded under Pulumi mocks) into
// the spec KafkaProbe's `apply` creates through Kafka's Admin API. Any input this translation does
// not know is an error, so the real test never silently drops a declared setting.

import type { DeclaredResource, ProgramRun } from "../mock/cluster-program";
import { TOPICS_TYPES } from "../mock/topics-program";

export interface ProbeAcl {
    resourceType: string;
    resourceName: string;
    patternType: string;
    principal: string;
    host: string;
    operation: string;
    permission: string;
}

export interface ProbeSpec {
    topics: Array<{ name: string; partitions: number; replicationFactor: number; config: Record<string, string> }>;
    users: Array<{ name: string; mechanism: string; iterations: number; password: string }>;
    acls: ProbeAcl[];
}

function known(r: DeclaredResource, keys: string[]) {
    const unknown = Object.keys(r.plain).filter(k => !keys.includes(k) && r.plain[k] !== undefined);
    if (unknown.length) throw new Error(`${r.type} ${r.name} declares ${unknown.join(", ")}, which test/real/kafka-spec.ts does not translate yet`);
}

/** Kafka's own enum spelling (what describeAcls returns) of a provider value such as "IdempotentWrite". */
export function kafkaEnum(providerValue: string): string {
    return providerValue.replace("ID", "Id").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

export function probeSpec(run: ProgramRun): ProbeSpec {
    return {
        topics: run.ofType(TOPICS_TYPES.topic).map(r => {
            known(r, ["name", "partitions", "replicationFactor", "config"]);
            return { name: r.plain.name, partitions: r.plain.partitions, replicationFactor: r.plain.replicationFactor, config: r.plain.config ?? {} };
        }),
        users: run.ofType(TOPICS_TYPES.user).map(r => {
            known(r, ["username", "scramMechanism", "scramIterations", "password"]);
            return { name: r.plain.username, mechanism: r.plain.scramMechanism, iterations: r.plain.scramIterations ?? 4096, password: r.plain.password };
        }),
        acls: run.ofType(TOPICS_TYPES.acl).map(r => {
            known(r, ["aclResourceType", "aclResourceName", "resourcePatternTypeFilter", "aclPrincipal", "aclHost", "aclOperation", "aclPermissionType"]);
            return {
                resourceType: r.plain.aclResourceType, resourceName: r.plain.aclResourceName,
                patternType: r.plain.resourcePatternTypeFilter ?? "Literal", principal: r.plain.aclPrincipal,
                host: r.plain.aclHost, operation: r.plain.aclOperation, permission: r.plain.aclPermissionType,
            };
        }),
    };
}

/** One comparable string per ACL, in Kafka's enum spelling. */
export function aclKey(a: ProbeAcl, providerSpelling: boolean): string {
    const e = (v: string) => (providerSpelling ? kafkaEnum(v) : v);
    return [e(a.resourceType), a.resourceName, e(a.patternType), a.principal, a.host, e(a.operation), e(a.permission)].join(" ");
}
