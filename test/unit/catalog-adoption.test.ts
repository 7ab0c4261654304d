// Adoption: a live cluster's snapshot turned into a catalog the topics stack accepts as it is,
// with nothing lost or granted that the cluster did not hold, and the same file every time.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aclKey, expandAcls } from "../../components/topics/acl-expansion";
import { parseCatalog, parseCatalogSources, type AclEntry, type Catalog, type ServiceSpec } from "../../components/topics/catalog";
import {
    adoptionFiles, adoptionReportLines, catalogFromSnapshot, liveValueProblems, type Adoption, type ClusterSnapshot, type SnapshotAcl, type SnapshotTopic,
} from "../../components/topics/catalog-adoption";
import { checkReservedNames } from "../../components/topics/reserved-names-check";
import { COMMON_RESERVED_PREFIXES } from "../../components/shared/reserved-names";

const EXAMPLE = readFileSync(join(__dirname, "../../topics/catalog.yaml"), "utf8");

const snapshotOf = (s: Partial<ClusterSnapshot>): ClusterSnapshot => ({ topics: [], users: [], acls: [], quotas: [], ...s });
const topic = (name: string, config: Record<string, string> = {}, partitions = 3, replicationFactor = 3): SnapshotTopic => ({ name, partitions, replicationFactor, config });

/** Kafka's enum spelling of a catalog value: IdempotentWrite -> IDEMPOTENT_WRITE, transactionalId -> TRANSACTIONAL_ID. */
const kafkaEnum = (v: string) => v.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
/** The entry as a cluster's snapshot lists it. */
const toKafka = (e: AclEntry): SnapshotAcl => ({
    principal: e.principal, host: e.host, operation: kafkaEnum(e.operation), permission: kafkaEnum(e.permission),
    resourceType: kafkaEnum(e.resourceType), resourceName: e.resourceName, patternType: kafkaEnum(e.patternType),
});
/** An entry in the catalog's spelling: allow from any host, literal, unless told. */
const entry = (principal: string, resourceType: AclEntry["resourceType"], resourceName: string, operation: string, more: Partial<AclEntry> = {}): AclEntry =>
    ({ principal, resourceType, resourceName, patternType: "literal", operation, permission: "allow", host: "*", ...more });

/** Each layout's files parsed as the topics stack reads them. */
function parsedLayouts(adoption: Adoption): Array<{ layout: string; catalog: Catalog }> {
    const single = adoptionFiles(adoption, { kind: "file", name: "catalog.adopted.yaml" });
    const dir = adoptionFiles(adoption, { kind: "directory" });
    return [
        { layout: "file", catalog: parseCatalogSources(single.map(f => ({ file: f.file, text: f.text })), "dev", { label: "catalog.adopted.yaml" }) },
        { layout: "directory", catalog: parseCatalogSources(dir.map(f => ({ file: `adopted/${f.file}`, text: f.text })), "dev", { label: "adopted/" }) },
    ];
}

/** Adopts the entries (as Kafka lists them) on a cluster with these topics. */
function adoptAcls(acls: AclEntry[], topicNames: string[] = ["orders.order.created", "orders.order.state"]) {
    const adoption = catalogFromSnapshot(snapshotOf({ topics: topicNames.map(n => topic(n)), acls: acls.map(toKafka) }));
    const layouts = parsedLayouts(adoption);
    for (const { catalog } of layouts) {
        // Nothing lost, nothing added.
        expect(sortedKeys(expandAcls(catalog))).toEqual(sortedKeys(acls));
    }
    return { adoption, catalog: layouts[0].catalog };
}

const sortedKeys = (entries: AclEntry[]) => [...new Set(entries.map(aclKey))].sort();

describe("topics", () => {
    it("adopts only the topic configs the catalog knows, and warns about the others by topic and key", () => {
        const { document, report } = catalogFromSnapshot(snapshotOf({
            topics: [topic("orders.order.created", {
                "cleanup.policy": "compact", "retention.ms": "86400000", "confluent.placement.constraints": "{}", "message.timestamp.type": "LogAppendTime",
            })],
        }));
        expect(document.topics).toEqual([{
            name: "orders.order.created", partitions: 3, replicationFactor: 3,
            config: { "cleanup.policy": "compact", "message.timestamp.type": "LogAppendTime", "retention.ms": "86400000" },
        }]);
        expect(report.warnings).toHaveLength(1);
        expect(report.warnings[0]).toContain("topic orders.order.created");
        expect(report.warnings[0]).toContain("confluent.placement.constraints");
        expect(report.warnings[0]).toContain("the catalog cannot hold it, so the adopting up stops on this topic");
    });

    it("leaves out, with a warning, config values the parser would refuse, so the catalog still parses", () => {
        const adoption = catalogFromSnapshot(snapshotOf({
            topics: [topic("orders.order.created", { "segment.ms": "1000", "min.insync.replicas": "3", "retention.ms": "1000" })],
        }));
        expect(adoption.document.topics![0].config).toEqual({ "retention.ms": "1000" });
        expect(adoption.report.warnings.map(w => /config (\S+)/.exec(w)?.[1])).toEqual(["segment.ms=1000", "min.insync.replicas=3"]);
        for (const { catalog } of parsedLayouts(adoption)) expect(catalog.topics[0].config).toEqual({ "retention.ms": "1000" });
    });

    it("keeps partitions and replication factor as read, values as strings, topics sorted by name", () => {
        const { document } = catalogFromSnapshot(snapshotOf({
            topics: [topic("shipping.b", { "retention.ms": "5" }, 12, 2), topic("orders.a", {}, 1, 1)],
        }));
        expect(document.topics).toEqual([
            { name: "orders.a", partitions: 1, replicationFactor: 1 },
            { name: "shipping.b", partitions: 12, replicationFactor: 2, config: { "retention.ms": "5" } },
        ]);
    });

    it("leaves out internal and reserved topics, counted by reason", () => {
        const topics = ["__amazon_msk_canary", "__consumer_offsets", "_schemas", "_confluent-metrics", "kafkasql-journal", "orders.order.created"].map(n => topic(n));
        const { document, report } = catalogFromSnapshot(snapshotOf({ topics }), { reservedPrefixes: ["kafkasql-"] });
        expect(document.topics!.map(t => t.name)).toEqual(["orders.order.created"]);
        expect(report.topics).toBe(1);
        expect(report.leftOut.topics).toEqual([
            { reason: "starts with __, a prefix the cluster keeps for its own services", names: ["__amazon_msk_canary", "__consumer_offsets"] },
            { reason: "starts with _confluent, a prefix the cluster keeps for its own services", names: ["_confluent-metrics"] },
            { reason: "starts with _schemas, a prefix the cluster keeps for its own services", names: ["_schemas"] },
            { reason: "starts with kafkasql-, a prefix the cluster keeps for its own services", names: ["kafkasql-journal"] },
        ]);
        // Without the registry's prefix, its journal is an ordinary topic.
        expect(catalogFromSnapshot(snapshotOf({ topics })).document.topics!.map(t => t.name)).toEqual(["kafkasql-journal", "orders.order.created"]);
    });
});

describe("users and principals", () => {
    it("adopts every SCRAM user as User:<name> under externalPrincipals, never under users, and says how to manage its password", () => {
        const adoption = catalogFromSnapshot(snapshotOf({
            users: [{ name: "payments-worker", mechanisms: ["SCRAM-SHA-512"] }, { name: "orders-api", mechanisms: ["SCRAM-SHA-256"] }],
        }));
        expect(adoption.document.users).toBeUndefined();
        expect(adoption.document.externalPrincipals).toEqual(["User:orders-api", "User:payments-worker"]);
        expect(adoption.report.unmanagedPasswords.map(u => u.user)).toEqual(["orders-api", "payments-worker"]);
        expect(adoption.report.unmanagedPasswords[1].manage).toContain("pulumi config set --secret --path 'userPasswords.payments-worker'");
        expect(adoption.report.unmanagedPasswords[1].manage).toContain("move it from externalPrincipals to users");
        // Nothing else to declare: the files say so, and parse.
        for (const { catalog } of parsedLayouts(adoption)) {
            expect(catalog.users).toEqual([]);
            expect(catalog.externalPrincipals).toEqual(["User:orders-api", "User:payments-worker"]);
        }
    });

    it("leaves out the reserved principals' users, ACLs and quotas, so the stack's reserved-names check passes", () => {
        const admin = "User:admin";
        const adoption = catalogFromSnapshot(snapshotOf({
            topics: [topic("orders.order.created")],
            users: [{ name: "admin", mechanisms: ["SCRAM-SHA-512"] }, { name: "registry", mechanisms: ["SCRAM-SHA-512"] }, { name: "orders-api", mechanisms: ["SCRAM-SHA-512"] }],
            acls: [
                toKafka(entry(admin, "topic", "orders.order.created", "All")),
                toKafka(entry("User:registry", "topic", "kafkasql-journal", "Write")),
                toKafka(entry("User:orders-api", "topic", "orders.order.created", "Read")),
            ],
            quotas: [{ entity: { user: "admin" }, values: { producer_byte_rate: 1e6 } }, { entity: { user: "orders-api" }, values: { producer_byte_rate: 1e6 } }],
        }), { reservedPrincipals: [admin, "User:registry"], reservedPrefixes: ["kafkasql-"] });
        const { report, document } = adoption;
        expect(report.leftOut.users).toEqual([{ reason: "a principal the cluster keeps for itself", names: ["admin", "registry"] }]);
        expect(report.leftOut.acls).toEqual([{
            reason: "of a principal the cluster keeps for itself",
            names: ["User:admin ALLOW ALL on TOPIC orders.order.created (LITERAL), host *", "User:registry ALLOW WRITE on TOPIC kafkasql-journal (LITERAL), host *"],
        }]);
        expect(report.leftOut.quotas).toEqual([{ reason: "of a principal the cluster keeps for itself", names: ["user admin"] }]);
        expect(document.externalPrincipals).toEqual(["User:orders-api"]);
        for (const { catalog } of parsedLayouts(adoption)) {
            expect(() => checkReservedNames(catalog, { principals: [admin, "User:registry"], resourcePrefixes: [...COMMON_RESERVED_PREFIXES, "kafkasql-"] }, "test")).not.toThrow();
            expect(catalog.quotas.map(q => q.entityName)).toEqual(["orders-api"]);
        }
    });

    it("leaves out ACLs on resource types the catalog cannot express, and grants that reach reserved prefixes", () => {
        const { report, document } = catalogFromSnapshot(snapshotOf({
            acls: [
                { principal: "User:a", host: "*", operation: "DESCRIBE", permission: "ALLOW", resourceType: "DELEGATION_TOKEN", resourceName: "t", patternType: "LITERAL" },
                { principal: "User:a", host: "*", operation: "CREATE_TOKENS", permission: "ALLOW", resourceType: "USER", resourceName: "b", patternType: "LITERAL" },
                toKafka(entry("User:a", "topic", "*", "Read")),
                toKafka(entry("User:a", "topic", "*", "Describe")),
            ],
        }));
        expect(report.leftOut.acls.map(l => [l.reason, l.names.length])).toEqual([
            ["on a DELEGATION_TOKEN resource, which the catalog cannot express", 1],
            ["on a USER resource, which the catalog cannot express", 1],
            ["reaches __*, which the cluster keeps for its own services", 1],
        ]);
        expect(document.acls).toEqual([{ principal: "User:a", resourceType: "topic", resourceName: "*", operation: "Describe", permission: "allow" }]);
    });

    it("lists every other principal an ACL or quota names, and opts in to a wildcard principal in the file that holds it", () => {
        const acls = [
            entry("Group:ops", "group", "*", "Describe"),
            entry("User:CN=billing,OU=apps", "topic", "orders.order.created", "Read"),
            entry("User:*", "topic", "orders.order.created", "Describe"),
        ];
        const { adoption } = adoptAcls(acls);
        expect(adoption.document.externalPrincipals).toEqual(["Group:ops", "User:*", "User:CN=billing,OU=apps"]);
        expect(adoption.document.allowWildcardPrincipals).toBe(true);
        const access = adoptionFiles(adoption, { kind: "directory" }).find(f => f.file === "access.yaml")!;
        expect(access.text).toContain("allowWildcardPrincipals: true");
    });
});

describe("folding ACLs into services: exact only", () => {
    const T = "orders.order.created";
    const svc = "User:orders-api";

    it("keeps Write without Describe explicit (a produces role would add Describe)", () => {
        const { adoption, catalog } = adoptAcls([entry(svc, "topic", T, "Write")]);
        expect(adoption.document.services).toBeUndefined();
        expect(catalog.acls).toEqual([entry(svc, "topic", T, "Write")]);
    });

    it("folds Read and Describe on a topic plus a group Read into consumes and groups", () => {
        const acls = [entry(svc, "topic", T, "Read"), entry(svc, "topic", T, "Describe"), entry(svc, "group", "orders-api", "Read")];
        const { adoption, catalog } = adoptAcls(acls);
        expect(adoption.document.services).toEqual([{ name: "orders-api", consumes: [T], groups: ["orders-api"] }]);
        expect(adoption.document.acls).toBeUndefined();
        expect(adoption.report).toMatchObject({ servicesFolded: 1, aclsFolded: 3, explicitAcls: 0 });
        expect(catalog.services[0].principal).toBe(svc);
    });

    it("writes groups: [] for a consumer without group ACLs (the parser's default would grant one)", () => {
        const { adoption, catalog } = adoptAcls([entry(svc, "topic", T, "Read"), entry(svc, "topic", T, "Describe")]);
        expect(adoption.document.services).toEqual([{ name: "orders-api", consumes: [T], groups: [] }]);
        expect(catalog.services[0].groups).toEqual([]);
    });

    it("keeps a group Read explicit when the principal consumes nothing", () => {
        const acls = [entry(svc, "topic", T, "Write"), entry(svc, "topic", T, "Describe"), entry(svc, "group", "orders-api", "Read")];
        const { adoption } = adoptAcls(acls);
        expect(adoption.document.services).toEqual([{ name: "orders-api", produces: [T] }]);
        expect(adoption.document.acls).toEqual([{ principal: svc, resourceType: "group", resourceName: "orders-api", operation: "Read", permission: "allow" }]);
    });

    it("keeps a deny explicit next to the allows it folds", () => {
        const acls = [entry(svc, "topic", T, "Read"), entry(svc, "topic", T, "Describe"), entry(svc, "topic", T, "Write", { permission: "deny" })];
        const { adoption } = adoptAcls(acls);
        expect(adoption.document.services).toEqual([{ name: "orders-api", consumes: [T], groups: [] }]);
        expect(adoption.document.acls).toEqual([{ principal: svc, resourceType: "topic", resourceName: T, operation: "Write", permission: "deny" }]);
    });

    it("keeps entries for a host other than * explicit", () => {
        const acls = [entry(svc, "topic", T, "Read", { host: "10.0.0.5" }), entry(svc, "topic", T, "Describe", { host: "10.0.0.5" })];
        const { adoption } = adoptAcls(acls);
        expect(adoption.document.services).toBeUndefined();
        expect(adoption.document.acls).toHaveLength(2);
        expect(adoption.document.acls!.every(a => a.host === "10.0.0.5")).toBe(true);
    });

    it("keeps a literal topic the cluster does not hold explicit, and folds a prefix as <prefix>*", () => {
        const acls = [
            entry(svc, "topic", "ghost.topic", "Write"), entry(svc, "topic", "ghost.topic", "Describe"),
            entry(svc, "topic", "orders.", "Write", { patternType: "prefixed" }), entry(svc, "topic", "orders.", "Describe", { patternType: "prefixed" }),
        ];
        const { adoption } = adoptAcls(acls);
        expect(adoption.document.services).toEqual([{ name: "orders-api", produces: ["orders.*"] }]);
        expect(adoption.document.acls!.map(a => a.resourceName)).toEqual(["ghost.topic", "ghost.topic"]);
    });

    it("folds transactional ids and cluster IdempotentWrite; leaves out principals that cannot be a service's name", () => {
        const acls = [
            entry(svc, "transactionalId", "orders-api-tx-", "Write", { patternType: "prefixed" }), entry(svc, "transactionalId", "orders-api-tx-", "Describe", { patternType: "prefixed" }),
            entry(svc, "cluster", "kafka-cluster", "IdempotentWrite"),
            entry("Group:etl", "topic", T, "Write"), entry("Group:etl", "topic", T, "Describe"),
        ];
        const { adoption } = adoptAcls(acls);
        expect(adoption.document.services).toEqual([{ name: "orders-api", transactionalIds: ["orders-api-tx-*"], idempotentWriteOnCluster: true }]);
        expect(adoption.document.acls!.map(a => a.principal)).toEqual(["Group:etl", "Group:etl"]);
    });

    it("adopts a mixed set with the same expandAcls, as a set, as the cluster's ACLs", () => {
        const acls = [
            // produces + consumes with two groups, one prefixed
            entry(svc, "topic", T, "Write"), entry(svc, "topic", T, "Describe"),
            entry(svc, "topic", "orders.order.state", "Read"), entry(svc, "topic", "orders.order.state", "Describe"),
            entry(svc, "group", "orders-api", "Read"), entry(svc, "group", "orders-", "Read", { patternType: "prefixed" }),
            // unmatched operations, All, a deny and a host
            entry(svc, "topic", T, "DescribeConfigs"), entry(svc, "group", "orders-api", "Describe"),
            entry("User:ops", "topic", "*", "DescribeConfigs"), entry("User:ops", "cluster", "kafka-cluster", "Describe"),
            entry("User:ops", "topic", "payments.", "Read", { patternType: "prefixed", permission: "deny" }),
            entry("User:etl", "topic", "orders.order.state", "All", { host: "192.168.1.7" }),
            entry("User:etl", "group", "etl group", "Read"),
        ];
        // A duplicate as Kafka might list it twice.
        const { adoption, catalog } = adoptAcls([...acls, acls[0]]);
        expect(catalog.services.map(s => s.name)).toEqual(["orders-api"]);
        expect(adoption.report.aclsFolded + adoption.report.explicitAcls).toBe(acls.length);
    });
});

describe("quotas", () => {
    it("converts user and client-id quotas to the catalog's keys, whole byte rates, and names the users as principals", () => {
        const values = JSON.parse('{"producer_byte_rate": 1048576.0, "consumer_byte_rate": 2097151.9999999998, "request_percentage": 50.5, "controller_mutation_rate": 2.0}');
        const adoption = catalogFromSnapshot(snapshotOf({
            quotas: [{ entity: { "client-id": "orders-api-producer" }, values: { producer_byte_rate: 524288 } }, { entity: { user: "orders-api" }, values }],
        }));
        expect(adoption.document.quotas).toEqual([
            { user: "orders-api", producerByteRate: 1048576, consumerByteRate: 2097152, requestPercentage: 50.5, controllerMutationRate: 2 },
            { clientId: "orders-api-producer", producerByteRate: 524288 },
        ]);
        expect(adoption.document.externalPrincipals).toEqual(["User:orders-api"]);
        expect(adoption.report.warnings).toEqual([expect.stringContaining("consumer_byte_rate 2097151.9999999998 is adopted as 2097152")]);
        for (const { catalog } of parsedLayouts(adoption)) {
            expect(catalog.quotas).toEqual([
                { entityType: "user", entityName: "orders-api", rates: { producer_byte_rate: 1048576, consumer_byte_rate: 2097152, request_percentage: 50.5, controller_mutation_rate: 2 } },
                { entityType: "client-id", entityName: "orders-api-producer", rates: { producer_byte_rate: 524288 } },
            ]);
        }
    });

    it("leaves out default, combined and other entities, and keys the catalog does not manage, each with a reason", () => {
        const { document, report } = catalogFromSnapshot(snapshotOf({
            quotas: [
                { entity: { user: null }, values: { producer_byte_rate: 1 } },
                { entity: { "client-id": null }, values: { producer_byte_rate: 1 } },
                { entity: { user: "a", "client-id": "b" }, values: { producer_byte_rate: 1 } },
                { entity: { ip: "10.0.0.1" }, values: { connection_creation_rate: 5 } },
                { entity: { user: "c" }, values: { producer_byte_rate: 1024, some_future_rate: 3 } },
                { entity: { user: "d" }, values: { some_future_rate: 3 } },
            ],
        }));
        expect(document.quotas).toEqual([{ user: "c", producerByteRate: 1024 }]);
        expect(report.leftOut.quotas).toEqual([
            { reason: "a default quota (of every user or client id without its own), which the catalog cannot express", names: ["client-id <default>", "user <default>"] },
            { reason: "on an entity other than one user or one client id, which the catalog cannot express", names: ["client-id b, user a", "ip 10.0.0.1"] },
            { reason: "sets no rate the catalog manages", names: ["user d"] },
            { reason: "some_future_rate is not a quota the catalog manages (it stays set in Kafka)", names: ["user c", "user d"] },
        ]);
    });
});

describe("round trip: a cluster created from topics/catalog.yaml adopts back to the same catalog", () => {
    const C = parseCatalog(EXAMPLE, "catalog.yaml", "dev");
    const snapshot: ClusterSnapshot = {
        topics: C.topics.map(t => ({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, config: { ...t.config } })),
        users: C.users.map(u => ({ name: u.name, mechanisms: ["SCRAM-SHA-512"] })),
        acls: expandAcls(C).map(toKafka),
        quotas: C.quotas.map(q => ({ entity: { [q.entityType]: q.entityName }, values: { ...q.rates } })),
    };
    const adoption = catalogFromSnapshot(snapshot);
    const topicsOf = (c: Catalog) => c.topics.map(t => ({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, config: t.config }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    const quotasOf = (c: Catalog) => [...c.quotas].sort((a, b) => (`${a.entityType} ${a.entityName}` < `${b.entityType} ${b.entityName}` ? -1 : 1));
    const roles = (s: ServiceSpec) => ({
        ...s, produces: s.produces.map(p => p.name).sort(), consumes: s.consumes.map(p => p.name).sort(),
        groups: s.groups.map(p => p.name).sort(), transactionalIds: s.transactionalIds.map(p => p.name).sort(),
    });

    it.each(parsedLayouts(adoption))("$layout: same topics, ACLs and quotas; every user external", ({ catalog }) => {
        expect(topicsOf(catalog)).toEqual(topicsOf(C));
        expect(sortedKeys(expandAcls(catalog))).toEqual(sortedKeys(expandAcls(C)));
        expect(quotasOf(catalog)).toEqual(quotasOf(C));
        for (const u of C.users) expect(catalog.externalPrincipals).toContain(`User:${u.name}`);
        // Roles come back as the same services; ops-admin's entries match no role and stay explicit.
        expect(catalog.services.map(roles).sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual(C.services.map(roles).sort((a, b) => (a.name < b.name ? -1 : 1)));
        expect(catalog.acls.map(aclKey).sort()).toEqual(C.acls.map(aclKey).sort());
    });

    it("reports nothing left out and every user's way to manage its password", () => {
        expect(adoption.report.leftOut).toEqual({ topics: [], users: [], acls: [], quotas: [] });
        expect(adoption.report.warnings).toEqual([]);
        expect(adoption.report.unmanagedPasswords.map(u => u.user)).toEqual(C.users.map(u => u.name).sort());
        const lines = adoptionReportLines(adoption.report);
        expect(lines[0]).toBe("adopted 8 topic(s), 6 external principal(s), 5 service(s) (folded from 36 ACL entries), 4 explicit ACL entries and 4 quota(s)");
        expect(lines.filter(l => l.includes("userPasswords."))).toHaveLength(C.users.length);
    });

    it("writes one file per domain plus access.yaml, each with the schema reference and where it came from", () => {
        const files = adoptionFiles(adoption, { kind: "directory" });
        expect(files.map(f => f.file)).toEqual(["access.yaml", "orders.yaml", "payments.yaml", "people.yaml", "shipping.yaml"]);
        for (const f of files) {
            expect(f.text.split("\n")[0]).toBe("# yaml-language-server: $schema=../catalog.schema.json");
            expect(f.text).toContain("Generated by `npm run adopt` from a live cluster");
        }
        const [single] = adoptionFiles(adoption, { kind: "file", name: "catalog.adopted.yaml" });
        expect(single.file).toBe("catalog.adopted.yaml");
        expect(single.text.split("\n")[0]).toBe("# yaml-language-server: $schema=./catalog.schema.json");
    });
});

describe("files", () => {
    it("writes only access.yaml when the cluster has no topics, and allowEmpty where a file declares nothing", () => {
        const usersOnly = catalogFromSnapshot(snapshotOf({ users: [{ name: "a", mechanisms: ["SCRAM-SHA-512"] }] }));
        expect(adoptionFiles(usersOnly, { kind: "directory" }).map(f => f.file)).toEqual(["access.yaml"]);
        expect(usersOnly.document.allowEmpty).toBe(true);
        const empty = catalogFromSnapshot(snapshotOf({}));
        for (const a of [usersOnly, empty]) parsedLayouts(a);
        // A domain named like the access file does not overwrite it.
        const clash = catalogFromSnapshot(snapshotOf({ topics: [topic("access.log.written")], acls: [toKafka(entry("User:a", "topic", "access.log.written", "Read"))] }));
        expect(adoptionFiles(clash, { kind: "directory" }).map(f => f.file)).toEqual(["access-2.yaml", "access.yaml"]);
        parsedLayouts(clash);
    });

    it("writes the same files when run twice, whatever order the snapshot lists things in", () => {
        const C = parseCatalog(EXAMPLE, "catalog.yaml", "dev");
        const snapshot: ClusterSnapshot = {
            topics: C.topics.map(t => topic(t.name, t.config, t.partitions, t.replicationFactor)),
            users: C.users.map(u => ({ name: u.name, mechanisms: ["SCRAM-SHA-512"] })),
            acls: expandAcls(C).map(toKafka),
            quotas: C.quotas.map(q => ({ entity: { [q.entityType]: q.entityName }, values: { ...q.rates } })),
        };
        const reversed: ClusterSnapshot = {
            topics: [...snapshot.topics].reverse(), users: [...snapshot.users].reverse(), acls: [...snapshot.acls].reverse(), quotas: [...snapshot.quotas].reverse(),
        };
        for (const layout of [{ kind: "file", name: "c.yaml" }, { kind: "directory" }] as const) {
            const first = adoptionFiles(catalogFromSnapshot(snapshot), layout);
            expect(adoptionFiles(catalogFromSnapshot(snapshot), layout)).toEqual(first);
            expect(adoptionFiles(catalogFromSnapshot(reversed), layout)).toEqual(first);
        }
    });
});

describe("liveValueProblems: the adopting up against what Kafka holds", () => {
    const catalog = parseCatalog(EXAMPLE, "catalog.yaml", "dev");
    const live = catalog.topics.map(t => ({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, config: { ...t.config } }));

    it("finds nothing when Kafka holds the catalog's values, or does not have the topic", () => {
        expect(liveValueProblems(catalog, live)).toEqual([]);
        expect(liveValueProblems(catalog, live.slice(1))).toEqual([]);
    });

    it("names each differing field of each topic, a config set only in Kafka or only in the catalog included", () => {
        const changed = live.map(t => t.name !== "orders.order.state" ? t
            : { ...t, replicationFactor: 2, config: { ...t.config, "max.message.bytes": "3000000", "cleanup.policy": "delete" } });
        const problems = liveValueProblems(catalog, changed);
        expect(problems.map(p => [p.key, p.value])).toEqual([
            [expect.stringMatching(/^catalog\.yaml:\d+ topics\[2\] replicationFactor \(topic orders\.order\.state\)$/), "1"],
            [expect.stringMatching(/topics\[2\] config\["cleanup\.policy"\] \(topic orders\.order\.state\)$/), "compact"],
            [expect.stringMatching(/topics\[2\] config\["max\.message\.bytes"\] \(topic orders\.order\.state\)$/), "(not set)"],
        ]);
        expect(problems[2].fix).toBe('set config["max.message.bytes"] to 3000000 in the catalog (or run npm run adopt again), or change Kafka first');
    });
});
