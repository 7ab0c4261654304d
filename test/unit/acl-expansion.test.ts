// Roles expand to exactly the least-privilege ACLs, nothing extra; names and order are stable.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aclKey, aclResourceName, expandAcls, expandService, providerAclArgs } from "../../components/topics/acl-expansion";
import { parseCatalog, type AclEntry, type ServiceSpec } from "../../components/topics/catalog";

const EXAMPLE = readFileSync(join(__dirname, "../../topics/catalog.yaml"), "utf8");
const lit = (name: string) => ({ name, patternType: "literal" as const });
const allow = (principal: string, resourceType: AclEntry["resourceType"], resourceName: string, operation: string, patternType: AclEntry["patternType"] = "literal"): AclEntry =>
    ({ principal, resourceType, resourceName, patternType, operation, permission: "allow", host: "*" });
const service = (s: Partial<ServiceSpec>): ServiceSpec => ({
    name: "svc", principal: "User:svc", produces: [], consumes: [], groups: [lit("svc")], transactionalIds: [], idempotentWriteOnCluster: false, ...s,
});
const short = (e: AclEntry) => `${e.resourceType}:${e.resourceName}${e.patternType === "prefixed" ? "*" : ""}:${e.operation}`;

describe("expandService", () => {
    it("produces T gives Topic T Write and Describe, nothing else (no Cluster IdempotentWrite, KIP-679)", () => {
        expect(expandService(service({ produces: [lit("t")] }))).toEqual([
            allow("User:svc", "topic", "t", "Write"),
            allow("User:svc", "topic", "t", "Describe"),
        ]);
    });

    it("consumes T gives Topic T Read and Describe, and Group Read on each of its groups", () => {
        expect(expandService(service({ consumes: [lit("t")], groups: [lit("g1"), { name: "g2-", patternType: "prefixed" }] }))).toEqual([
            allow("User:svc", "topic", "t", "Read"),
            allow("User:svc", "topic", "t", "Describe"),
            allow("User:svc", "group", "g1", "Read"),
            allow("User:svc", "group", "g2-", "Read", "prefixed"),
        ]);
    });

    it("gives a producer-only service no group access", () => {
        expect(expandService(service({ produces: [lit("t")], groups: [lit("g")] })).some(e => e.resourceType === "group")).toBe(false);
    });

    it("transactionalIds give TransactionalId Write and Describe", () => {
        expect(expandService(service({ transactionalIds: [{ name: "svc-tx-", patternType: "prefixed" }] }))).toEqual([
            allow("User:svc", "transactionalId", "svc-tx-", "Write", "prefixed"),
            allow("User:svc", "transactionalId", "svc-tx-", "Describe", "prefixed"),
        ]);
    });

    it("adds Cluster IdempotentWrite only when asked for (old clients)", () => {
        expect(expandService(service({ produces: [lit("t")], idempotentWriteOnCluster: true })).map(short))
            .toEqual(["topic:t:Write", "topic:t:Describe", "cluster:kafka-cluster:IdempotentWrite"]);
    });

    it("keeps a prefixed topic pattern prefixed", () => {
        expect(expandService(service({ consumes: [{ name: "orders.", patternType: "prefixed" }] })).map(short))
            .toEqual(["topic:orders.*:Read", "topic:orders.*:Describe", "group:svc:Read"]);
    });
});

describe("expandAcls on the example catalog", () => {
    const catalog = parseCatalog(EXAMPLE, "catalog.yaml", "dev");
    const acls = expandAcls(catalog);
    const of = (principal: string) => acls.filter(a => a.principal === principal).map(short).sort();

    it("gives each service exactly its roles' ACLs", () => {
        expect(of("User:orders-api")).toEqual([
            "group:orders-api:Read",
            "topic:orders.order.cancelled:Describe", "topic:orders.order.cancelled:Write",
            "topic:orders.order.created:Describe", "topic:orders.order.created:Write",
            "topic:orders.order.state:Describe", "topic:orders.order.state:Write",
            "topic:payments.payment.authorized:Describe", "topic:payments.payment.authorized:Read",
            "topic:payments.payment.failed:Describe", "topic:payments.payment.failed:Read",
            "transactionalId:orders-api-tx-*:Describe", "transactionalId:orders-api-tx-*:Write",
        ]);
        expect(of("User:payments-worker")).toEqual([
            "group:payments-worker:Read",
            "topic:orders.order.created:Describe", "topic:orders.order.created:Read",
            "topic:payments.payment.authorized:Describe", "topic:payments.payment.authorized:Write",
            "topic:payments.payment.failed:Describe", "topic:payments.payment.failed:Write",
        ]);
        expect(of("User:shipping-worker")).toEqual([
            "group:shipping-worker-replay:Read", "group:shipping-worker:Read",
            "topic:orders.order.state:Describe", "topic:orders.order.state:Read",
            "topic:payments.payment.authorized:Describe", "topic:payments.payment.authorized:Read",
            "topic:shipping.shipment.delivered:Describe", "topic:shipping.shipment.delivered:Write",
            "topic:shipping.shipment.dispatched:Describe", "topic:shipping.shipment.dispatched:Write",
        ]);
        expect(of("User:analytics-reader")).toEqual(["group:analytics-*:Read", "topic:orders.*:Describe", "topic:orders.*:Read"]);
        expect(of("User:legacy-etl")).toEqual(["group:legacy-etl:Read", "topic:orders.order.state:Describe", "topic:orders.order.state:Read"]);
    });

    it("adds the explicit entries as written, deny included", () => {
        expect(acls.filter(a => a.principal === "User:ops-admin")).toEqual(expect.arrayContaining([
            { principal: "User:ops-admin", resourceType: "topic", resourceName: "payments.", patternType: "prefixed", operation: "Read", permission: "deny", host: "*" },
            allow("User:ops-admin", "cluster", "kafka-cluster", "Describe"),
        ]));
        expect(of("User:ops-admin")).toEqual(["cluster:kafka-cluster:Describe", "group:*:Describe", "topic:*:DescribeConfigs", "topic:payments.*:Read"]);
    });

    it("has nothing beyond the roles and the explicit entries (40 in all), and no duplicates", () => {
        expect(acls).toHaveLength(13 + 7 + 10 + 3 + 3 + 4);
        expect(new Set(acls.map(aclKey)).size).toBe(acls.length);
        expect(acls.some(a => a.operation === "IdempotentWrite" || a.operation === "All")).toBe(false);
    });

    it("deduplicates an explicit entry that a role already grants", () => {
        const withDup = { ...catalog, acls: [...catalog.acls, allow("User:legacy-etl", "topic", "orders.order.state", "Read")] };
        expect(expandAcls(withDup)).toHaveLength(acls.length);
    });

    it("is deterministic: the catalog's order does not change the result", () => {
        const shuffled = { services: [...catalog.services].reverse(), acls: [...catalog.acls].reverse() };
        expect(expandAcls(shuffled)).toEqual(acls);
    });
});

describe("ACL resource names and provider arguments", () => {
    const e = allow("User:orders-api", "topic", "orders.order.created", "Write");

    it("names an entry readably and stably, from its content only", () => {
        expect(aclResourceName("catalog", e)).toMatch(/^catalog-acl-orders-api-topic-orders\.order\.created-write-allow-[0-9a-f]{8}$/);
        expect(aclResourceName("catalog", { ...e })).toBe(aclResourceName("catalog", e));
    });

    it("gives entries that differ in any field different names", () => {
        const variants: AclEntry[] = [e, { ...e, host: "10.0.0.1" }, { ...e, permission: "deny" }, { ...e, patternType: "prefixed" }, { ...e, operation: "Describe" }, { ...e, principal: "User:other" }];
        expect(new Set(variants.map(v => aclResourceName("catalog", v))).size).toBe(variants.length);
    });

    it("maps catalog values to the provider's enums", () => {
        expect(providerAclArgs({ ...allow("User:x", "transactionalId", "x-", "Write", "prefixed"), permission: "deny" })).toEqual({
            aclPrincipal: "User:x", aclHost: "*", aclOperation: "Write", aclPermissionType: "Deny",
            aclResourceType: "TransactionalID", aclResourceName: "x-", resourcePatternTypeFilter: "Prefixed",
        });
        expect(providerAclArgs(allow("User:x", "group", "g", "Read"))).toMatchObject({ aclResourceType: "Group", aclPermissionType: "Allow", resourcePatternTypeFilter: "Literal" });
    });
});
