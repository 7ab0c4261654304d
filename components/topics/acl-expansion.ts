// Pure: services' roles expanded into least-privilege ACL entries, plus the catalog's explicit
// entries; deduplicated, in a deterministic order, with deterministic resource names (the same
// entry always gets the same Pulumi name, so reordering the catalog never deletes and re-creates
// an ACL, which would briefly cut a service off).
//
//   produces T        -> Topic T: Write, Describe   (Kafka >= 3 lets Write cover idempotent
//                        produce, KIP-679, so no Cluster IdempotentWrite unless asked for)
//   consumes T        -> Topic T: Read, Describe; and Group g: Read for each of the service's groups
//   transactionalIds  -> TransactionalId x: Write, Describe
//   idempotentWriteOnCluster: true -> Cluster kafka-cluster: IdempotentWrite (clients older than 3.0)

import { createHash } from "node:crypto";
import {
    CLUSTER_RESOURCE_NAME, type AclEntry, type AclPatternType, type AclPermission, type AclResourceType, type Catalog, type NamePattern, type ServiceSpec,
} from "./catalog";

/** @pulumi/kafka's spelling of each catalog value (the provider's string enums). */
const PROVIDER_RESOURCE_TYPE: Record<AclResourceType, string> = {
    topic: "Topic", group: "Group", cluster: "Cluster", transactionalId: "TransactionalID",
};
const PROVIDER_PATTERN: Record<AclPatternType, string> = { literal: "Literal", prefixed: "Prefixed" };
const PROVIDER_PERMISSION: Record<AclPermission, string> = { allow: "Allow", deny: "Deny" };

/** The ACL entries one service's roles need, and nothing more. */
export function expandService(service: ServiceSpec): AclEntry[] {
    const out: AclEntry[] = [];
    const allow = (resourceType: AclResourceType, p: NamePattern, operation: string) =>
        out.push({ principal: service.principal, resourceType, resourceName: p.name, patternType: p.patternType, operation, permission: "allow", host: "*" });
    for (const t of service.produces) {
        allow("topic", t, "Write");
        allow("topic", t, "Describe");
    }
    for (const t of service.consumes) {
        allow("topic", t, "Read");
        allow("topic", t, "Describe");
    }
    if (service.consumes.length > 0) {
        for (const g of service.groups) allow("group", g, "Read");
    }
    for (const x of service.transactionalIds) {
        allow("transactionalId", x, "Write");
        allow("transactionalId", x, "Describe");
    }
    if (service.idempotentWriteOnCluster) {
        allow("cluster", { name: CLUSTER_RESOURCE_NAME, patternType: "literal" }, "IdempotentWrite");
    }
    return out;
}

/** Every ACL of the catalog: expanded roles plus explicit entries, deduplicated and sorted. */
export function expandAcls(catalog: Pick<Catalog, "services" | "acls">): AclEntry[] {
    const all = [...catalog.services.flatMap(expandService), ...catalog.acls.map(a => ({ ...a }))];
    const unique = new Map<string, AclEntry>();
    for (const e of all) unique.set(aclKey(e), e);
    return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/** Canonical identity of an entry: two entries with the same key are the same Kafka ACL. */
export function aclKey(e: AclEntry): string {
    return [e.principal, e.resourceType, e.patternType, e.resourceName, e.operation, e.permission, e.host].join("|");
}

/**
 * A readable, unique and stable Pulumi name for an entry: `<prefix>-acl-<user>-<type>-<name>-<op>-<perm>-<hash>`.
 * The hash of the canonical key keeps names unique when the readable part is cut or sanitized.
 */
export function aclResourceName(prefix: string, e: AclEntry): string {
    const principalName = e.principal.slice(e.principal.indexOf(":") + 1);
    const target = `${e.resourceName}${e.patternType === "prefixed" ? "*" : ""}`;
    const readable = [principalName, e.resourceType, target, e.operation, e.permission]
        .join("-").toLowerCase().replace(/[^a-z0-9._*-]/g, "_").replace(/\*/g, "+").slice(0, 160);
    const hash = createHash("sha256").update(aclKey(e)).digest("hex").slice(0, 8);
    return `${prefix}-acl-${readable}-${hash}`;
}

/**
 * The provider's import id of an entry (`pulumi import kafka:index/acl:Acl`): its inputs joined by
 * `|`, in the provider's spelling.
 */
export function aclImportId(e: AclEntry): string {
    const a = providerAclArgs(e);
    return [a.aclPrincipal, a.aclHost, a.aclOperation, a.aclPermissionType, a.aclResourceType, a.aclResourceName, a.resourcePatternTypeFilter].join("|");
}

/** The kafka.Acl inputs of an entry. */
export function providerAclArgs(e: AclEntry) {
    return {
        aclPrincipal: e.principal,
        aclHost: e.host,
        aclOperation: e.operation,
        aclPermissionType: PROVIDER_PERMISSION[e.permission],
        aclResourceType: PROVIDER_RESOURCE_TYPE[e.resourceType],
        aclResourceName: e.resourceName,
        resourcePatternTypeFilter: PROVIDER_PATTERN[e.patternType],
    };
}
