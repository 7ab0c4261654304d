// What a cluster keeps for itself against a hostile catalog: its admin and standby admin, its
// schema registry's user, Kafka's internal topics and the registry's journal and groups. The
// cluster stack computes them from its config; the topics stack refuses a catalog that takes them.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseClusterConfig } from "../../components/cluster/cluster-config";
import { clusterReservedNames } from "../../components/cluster/cluster-reserved-names";
import { ConfigError } from "../../components/shared/config-error";
import { patternReachesPrefix, reservedPrefixReached } from "../../components/shared/reserved-names";
import { parseCatalog } from "../../components/topics/catalog";
import { checkReservedNames, reservedNamesOf } from "../../components/topics/reserved-names-check";

const clusterConfig = (raw: Record<string, string>) => parseClusterConfig(raw, {
    namespace: "kafka-cluster", stack: "dev", hasAdminPassword: true, hasStandbyAdminPassword: raw.standbyAdminUser !== undefined, hasUiPassword: true, hasSchemaRegistryPassword: true,
});

describe("clusterReservedNames", () => {
    it("under SASL with the registry: the admin, the standby admin, the registry's user, and the registry's topics and groups", () => {
        expect(clusterReservedNames(clusterConfig({ security: "sasl", schemaRegistryEnabled: "true", standbyAdminUser: "admin-b" }))).toEqual({
            principals: ["User:admin", "User:admin-b", "User:schema-registry"],
            resourcePrefixes: ["__", "kafkasql-", "registry-events", "apicurio-"],
        });
    });

    it("without SASL there are no principals; without the registry only Kafka's own topics", () => {
        expect(clusterReservedNames(clusterConfig({}))).toEqual({ principals: [], resourcePrefixes: ["__"] });
    });
});

describe("patternReachesPrefix and reservedPrefixReached", () => {
    it("a literal name under the prefix, the literal *, and prefixes that cover or lie within it", () => {
        expect(patternReachesPrefix("kafkasql-journal", "literal", "kafkasql-")).toBe(true);
        expect(patternReachesPrefix("*", "literal", "kafkasql-")).toBe(true);
        expect(patternReachesPrefix("kafka", "prefixed", "kafkasql-")).toBe(true);
        expect(patternReachesPrefix("kafkasql-j", "prefixed", "kafkasql-")).toBe(true);
        expect(patternReachesPrefix("orders.", "prefixed", "kafkasql-")).toBe(false);
        expect(patternReachesPrefix("kafka", "literal", "kafkasql-")).toBe(false);
    });

    it("counts only allow entries that read, write or change", () => {
        const acl = { resourceType: "topic", resourceName: "*", patternType: "literal" as const, permission: "allow" };
        expect(reservedPrefixReached({ ...acl, operation: "Write" }, ["kafkasql-"])).toBe("kafkasql-");
        expect(reservedPrefixReached({ ...acl, operation: "DescribeConfigs" }, ["kafkasql-"])).toBeUndefined();
        expect(reservedPrefixReached({ ...acl, operation: "Write", permission: "deny" }, ["kafkasql-"])).toBeUndefined();
    });
});

describe("checkReservedNames (topics stack)", () => {
    const reserved = { principals: ["User:admin", "User:schema-registry"], resourcePrefixes: ["__", "kafkasql-", "registry-events", "apicurio-"] };
    const source = "cluster stack organization/kafka-cluster/dev";
    const TOPIC = "topics:\n  - name: orders.order.created\n    partitions: 1\n    replicationFactor: 1\n";
    function refusal(yaml: string): string {
        try {
            checkReservedNames(parseCatalog(yaml, "catalog.yaml", "dev"), reserved, source);
        } catch (e) {
            expect(e).toBeInstanceOf(ConfigError);
            return (e as Error).message;
        }
        throw new Error("expected a refusal");
    }

    it("refuses a user named like the admin or the registry's user, at its line", () => {
        const message = refusal(`${TOPIC}users:\n  - name: orders-api\n  - name: admin\n  - name: schema-registry\n`);
        expect(message).toMatch(/catalog\.yaml:7 users\[1\]\.name \(found "User:admin"\) is a principal the cluster keeps for itself \(cluster stack organization\/kafka-cluster\/dev: User:admin, User:schema-registry\)/);
        expect(message).toMatch(/catalog\.yaml:8 users\[2\]\.name \(found "User:schema-registry"\)/);
        expect(message).toContain("2 problems");
    });

    it("refuses Write on the registry's journal, from an explicit ACL and from a service's role", () => {
        const message = refusal(`${TOPIC}users:\n  - name: sneaky\nacls:\n  - principal: User:sneaky\n    resourceType: topic\n    resourceName: kafkasql-\n    patternType: prefixed\n    operation: Write\n    permission: allow\n` +
            "services:\n  - name: sneaky\n    produces: [\"kafka*\"]\n");
        expect(message).toMatch(/catalog\.yaml:8 acls\[0\] \(found "Write on topic kafkasql-\*"\) reaches kafkasql-\*, which the cluster's own services use/);
        expect(message).toMatch(/services\[0\]\.name \(found "Write on topic kafka\*"\) reaches kafkasql-\*/);
    });

    it("refuses a service whose default group lies in the registry's groups, and a topic under __", () => {
        expect(refusal(`${TOPIC}users:\n  - name: apicurio-x\nservices:\n  - name: apicurio-x\n    consumes: [orders.order.created]\n`)).toContain(`(found "Read on group apicurio-x") reaches apicurio-*`);
        expect(refusal("topics:\n  - name: __mine\n    partitions: 1\n    replicationFactor: 1\n")).toMatch(/catalog\.yaml:2 topics\[0\] \(found "__mine"\) starts with __/);
    });

    it("passes the example catalog (its operators' Describe on every topic included)", () => {
        const example = readFileSync(join(__dirname, "../../topics/catalog.yaml"), "utf8");
        expect(() => checkReservedNames(parseCatalog(example, "catalog.yaml", "dev"), reserved, source)).not.toThrow();
    });

    it("of a cluster reached by config, knows the admin it connects as and the common platforms' prefixes", () => {
        expect(reservedNamesOf({ saslUsername: "platform-admin" })).toEqual({ principals: ["User:platform-admin"], resourcePrefixes: ["__", "_schemas", "_confluent"] });
        expect(reservedNamesOf({ saslUsername: "admin" }, { principals: ["User:admin", "User:schema-registry"], resourcePrefixes: ["__"] }))
            .toEqual({ principals: ["User:admin", "User:schema-registry"], resourcePrefixes: ["__"] });
    });
});
