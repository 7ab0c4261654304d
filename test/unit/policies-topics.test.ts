// Topics-stack policies of the kafka-guardrails pack (kafka.Topic and kafka.Acl), run through the
// policy harness on inputs shaped like the @pulumi/kafka resources the topics stack declares.

import { describe, expect, it } from "vitest";
import {
    loadPackConfig, runPack, type PackConfig, type TestResource, UNKNOWN, urnOf, validateResource, validateStack,
} from "./policy-harness";
import { shippedStackConfig } from "../mock/stack-files";

const TOPIC = "kafka:index/topic:Topic";
const ACL = "kafka:index/acl:Acl";
const dev = loadPackConfig("dev");
const staging = loadPackConfig("staging");
const prod = loadPackConfig("prod");
const at = { stack: "staging", project: "kafka-topics" };

function topic(inputs: Partial<{ name: string; partitions: number; replicationFactor: number; config: Record<string, string> }> = {}, protect = true, resourceName?: string): TestResource {
    const all = { name: "orders.order.created", partitions: 6, replicationFactor: 3, config: { "min.insync.replicas": "2", "retention.ms": "604800000", "cleanup.policy": "delete" }, ...inputs };
    const name = resourceName ?? `topic-${all.name}`;
    return { type: TOPIC, name, inputs: all, opts: { protect }, urn: urnOf(TOPIC, name, at) };
}

function acl(inputs: Partial<Record<"aclPrincipal" | "aclHost" | "aclOperation" | "aclPermissionType" | "aclResourceType" | "aclResourceName" | "resourcePatternTypeFilter", string>> = {}): TestResource {
    const all = {
        aclPrincipal: "User:orders-service", aclHost: "*", aclOperation: "Write", aclPermissionType: "Allow",
        aclResourceType: "Topic", aclResourceName: "orders.order.created", resourcePatternTypeFilter: "Literal", ...inputs,
    };
    const name = `acl-${all.aclPrincipal}-${all.aclOperation}-${all.aclResourceName}`;
    return { type: ACL, name, inputs: all, urn: urnOf(ACL, name, at) };
}

const messages = async (policy: string, r: TestResource, cfg: PackConfig) => (await validateResource(policy, r, cfg, at)).map(d => d.message);

describe("topic-replication", () => {
    const run = (r: TestResource, cfg: PackConfig = staging) => messages("topic-replication", r, cfg);

    it("accepts replication factor 3 with min.insync.replicas 2 in a production-class stack", async () => {
        expect(await run(topic())).toEqual([]);
    });

    it("rejects replication factor 1 in a production-class stack, naming topic, value and fix", async () => {
        const [m, ...rest] = await run(topic({ replicationFactor: 1, config: {} }));
        expect(m).toContain(`kafka.Topic "orders.order.created" (resource topic-orders.order.created, urn:pulumi:staging::kafka-topics::`);
        expect(m).toContain("replication factor 1 in a production-class stack; at least 3");
        expect(m).toContain("Fix: set replicationFactor: 3");
        expect(rest).toEqual([expect.stringContaining("does not set min.insync.replicas")]);
    });

    it("rejects min.insync.replicas 1 and min.insync.replicas equal to the replication factor", async () => {
        expect(await run(topic({ config: { "min.insync.replicas": "1" } }))).toEqual([expect.stringContaining("min.insync.replicas 1; a production-class stack needs at least 2")]);
        expect(await run(topic({ config: { "min.insync.replicas": "3" } }))).toEqual([expect.stringContaining("equal to its replication factor 3")]);
    });

    it("accepts replication factor 1 in dev, but never min.insync.replicas above the replication factor", async () => {
        expect(await run(topic({ replicationFactor: 1, config: {} }), dev)).toEqual([]);
        expect(await run(topic({ replicationFactor: 1, config: { "min.insync.replicas": "2" } }), dev)).toEqual([expect.stringContaining("above its replication factor 1")]);
        expect(await run(topic({ config: { "min.insync.replicas": "two" } }), dev)).toEqual([expect.stringContaining(`"two", not an integer`)]);
    });

    it("with no config file at all, uses the schema defaults (not production-class)", async () => {
        expect(await run(topic({ replicationFactor: 1, config: {} }), {})).toEqual([]);
    });
});

describe("topic-partitions-bounds", () => {
    const run = (r: TestResource, cfg: PackConfig = dev) => messages("topic-partitions-bounds", r, cfg);

    it("accepts a count within bounds", async () => {
        expect(await run(topic({ partitions: 12 }))).toEqual([]);
        expect(await run(topic({ partitions: 1 }))).toEqual([]);
    });

    it("rejects counts above and below the configured bounds", async () => {
        expect(await run(topic({ partitions: 13 }))).toEqual([expect.stringContaining("partitions 13, outside the allowed 1..12")]);
        expect(await run(topic({ partitions: 13 }), staging)).toEqual([]);
        expect(await run(topic({ partitions: 0 }))).toHaveLength(1);
        expect(await run(topic({ partitions: 2 }), { "topic-partitions-bounds": { minPartitions: 3 } })).toEqual([expect.stringContaining("outside the allowed 3..64")]);
    });
});

describe("topic-naming-convention", () => {
    const run = (r: TestResource, cfg: PackConfig = staging) => messages("topic-naming-convention", r, cfg);

    it("accepts <domain>.<entity>.<event>", async () => {
        expect(await run(topic({ name: "payments.card-charge.settled" }))).toEqual([]);
    });

    it("rejects other shapes, naming the topic and the convention", async () => {
        expect(await run(topic({ name: "Orders" }))).toEqual([expect.stringContaining(`topic name "Orders" does not match the naming convention ^[a-z0-9-]+\\.[a-z0-9-]+\\.[a-z0-9-]+$`)]);
        expect(await run(topic({ name: "orders.created" }))).toHaveLength(1);
        expect(await run(topic({ name: "orders.order.created.v2" }))).toHaveLength(1);
    });

    it("follows a configured pattern and exemptions", async () => {
        const cfg: PackConfig = { "topic-naming-convention": { pattern: "^[a-z]+_[a-z]+$", exemptTopics: ["LegacyTopic"] } };
        expect(await run(topic({ name: "orders_created" }), cfg)).toEqual([]);
        expect(await run(topic({ name: "LegacyTopic" }), cfg)).toEqual([]);
        expect(await run(topic({ name: "orders.order.created" }), cfg)).toHaveLength(1);
    });
});

describe("topic-retention-bounds", () => {
    const run = (r: TestResource, cfg: PackConfig = staging) => messages("topic-retention-bounds", r, cfg);
    const retention = (ms: string) => topic({ config: { "min.insync.replicas": "2", "retention.ms": ms } });

    it("accepts a value within bounds, and an unset value (broker default)", async () => {
        expect(await run(retention("604800000"))).toEqual([]);
        expect(await run(topic({ config: { "min.insync.replicas": "2" } }))).toEqual([]);
    });

    it("rejects values outside the bounds and non-numbers", async () => {
        expect(await run(retention("60000"))).toEqual([expect.stringContaining("retention.ms 60000 (1 minutes), outside 3600000..2592000000 ms (1 hours..30 days)")]);
        expect(await run(retention("31536000000"))).toEqual([expect.stringContaining("retention.ms 31536000000 (365 days)")]);
        expect(await run(retention("7d"))).toEqual([expect.stringContaining(`"7d", not an integer`)]);
    });

    it("allows -1 only where configured (dev)", async () => {
        expect(await run(retention("-1"))).toEqual([expect.stringContaining("retention.ms -1 (keep forever)")]);
        expect(await run(retention("-1"), dev)).toEqual([]);
    });
});

describe("topic-data-bounds", () => {
    const run = (config: Record<string, string>, cfg: PackConfig = prod) => messages("topic-data-bounds", topic({ config: { "min.insync.replicas": "2", ...config } }), cfg);

    it("rejects each of the values that delete or refuse data as soon as they apply", async () => {
        expect(await run({ "retention.bytes": "1" })).toEqual([expect.stringMatching(/retention\.bytes 1, outside 104857600 or more \(or -1\): the broker deletes a partition's oldest data beyond it/)]);
        expect(await run({ "local.retention.ms": "1" })).toEqual([expect.stringContaining("local.retention.ms 1, outside 3600000 or more (or -1, -2)")]);
        expect(await run({ "local.retention.bytes": "1" })).toEqual([expect.stringContaining("local.retention.bytes 1, outside")]);
        expect(await run({ "segment.ms": "1" })).toEqual([expect.stringContaining("segment.ms 1, outside 3600000 or more")]);
        expect(await run({ "segment.bytes": "14" })).toEqual([expect.stringContaining("segment.bytes 14, outside 16777216 or more")]);
        expect(await run({ "max.message.bytes": "10" })).toEqual([expect.stringContaining("max.message.bytes 10, outside 65536..10485760: larger records are refused")]);
        expect(await run({ "max.message.bytes": "104857600" })).toHaveLength(1);
        expect(await run({ "segment.ms": "soon" })).toEqual([expect.stringContaining(`segment.ms "soon", not an integer`)]);
    });

    it("accepts Kafka's special values, values within bounds, and unset configs", async () => {
        expect(await run({ "retention.bytes": "-1", "local.retention.ms": "-2", "local.retention.bytes": "-1", "segment.ms": "604800000", "segment.bytes": "1073741824", "max.message.bytes": "1048588", "min.compaction.lag.ms": "0" })).toEqual([]);
        expect(await run({})).toEqual([]);
    });

    it("takes dev's smaller bounds, as advice", async () => {
        expect(await run({ "segment.ms": "60000", "retention.bytes": "1048576" }, dev)).toEqual([]);
        const [d] = await validateResource("topic-data-bounds", topic({ config: { "retention.bytes": "1" } }), dev, at);
        expect(d.enforcementLevel).toBe("advisory");
    });
});

describe("topic-unclean-leader-election", () => {
    const unclean = (v: string) => topic({ config: { "min.insync.replicas": "2", "unclean.leader.election.enable": v } });

    it("refuses it in a production-class stack", async () => {
        const [d] = await validateResource("topic-unclean-leader-election", unclean("true"), prod, at);
        expect(d.enforcementLevel).toBe("mandatory");
        expect(d.message).toMatch(/enables unclean\.leader\.election\.enable in a production-class stack: a replica that missed acknowledged writes may become leader.*Fix: remove the setting/);
    });

    it("advises against it in dev, and is quiet when it is off", async () => {
        const [d] = await validateResource("topic-unclean-leader-election", unclean("true"), dev, at);
        expect(d.enforcementLevel).toBe("advisory");
        expect(await messages("topic-unclean-leader-election", unclean("false"), prod)).toEqual([]);
    });
});

describe("topic-cleanup-policy", () => {
    const run = (policy: string) => messages("topic-cleanup-policy", topic({ config: { "min.insync.replicas": "2", "cleanup.policy": policy } }), staging);

    it("accepts delete, compact and both (in either order, with spaces)", async () => {
        for (const p of ["delete", "compact", "compact,delete", "delete,compact", "compact, delete"]) expect(await run(p)).toEqual([]);
    });

    it("rejects anything else", async () => {
        expect(await run("compacted")).toEqual([expect.stringContaining(`cleanup.policy "compacted"; allowed: "delete", "compact"`)]);
        expect(await run("Delete")).toHaveLength(1);
        expect(await run("")).toHaveLength(1);
    });
});

describe("topic-protect-option", () => {
    const run = (r: TestResource, cfg: PackConfig) => messages("topic-protect-option", r, cfg);

    it("requires protect: true on every topic of a production-class stack, except exempt ones", async () => {
        expect(await run(topic({}, true), prod)).toEqual([]);
        expect(await run(topic({ name: "shipping.shipment.delivered" }, false), prod)).toEqual([]);
        const listedToo: PackConfig = { ...prod, "topic-protect-option": { productionClass: true, exemptTopics: ["orders.order.created"], protectedTopics: ["orders.order.created"] } };
        expect(await run(topic({}, false), listedToo)).toHaveLength(1);
        expect(await run(topic({}, false), prod)).toEqual([expect.stringContaining("is in a production-class stack but is declared without the protect option")]);
    });

    it("requires it in dev only for listed protected topics", async () => {
        const cfg: PackConfig = { ...dev, "topic-protect-option": { protectedTopics: ["orders.order.created"] } };
        expect(await run(topic({}, false), dev)).toEqual([]);
        expect(await run(topic({}, false), cfg)).toEqual([expect.stringContaining("is a protected topic")]);
        expect(await run(topic({ name: "orders.order.shipped" }, false), cfg)).toEqual([]);
    });
});

describe("protected-topics-present", () => {
    const cfg: PackConfig = { ...prod, "protected-topics-present": { protectedTopics: ["orders.order.created", "payments.payment.settled"] } };

    it("accepts a stack that still declares every protected topic", async () => {
        const rs = [topic(), topic({ name: "payments.payment.settled" })];
        expect(await validateStack("protected-topics-present", rs, cfg, at)).toEqual([]);
    });

    it("rejects a topics stack from which a protected topic was removed (it would be deleted)", async () => {
        const ds = await validateStack("protected-topics-present", [topic(), acl()], cfg, at);
        expect(ds.map(d => d.message)).toEqual([expect.stringContaining(`protected topic "payments.payment.settled" is not declared by this stack`)]);
        expect(ds[0].enforcementLevel).toBe("mandatory");
    });

    it("says nothing on a stack without Kafka resources (the cluster stack)", async () => {
        const container: TestResource = { type: "docker:index/container:Container", name: "kafka-kafka-1", inputs: { name: "kafka-1" } };
        expect(await validateStack("protected-topics-present", [container], cfg, at)).toEqual([]);
    });
});

describe("kafka-produce-quota", () => {
    const QUOTA = "kafka:index/quota:Quota";
    const quota = (entityName: string, config: Record<string, string>, entityType = "user"): TestResource =>
        ({ type: QUOTA, name: `quota-${entityName}`, inputs: { entityType, entityName, config }, urn: urnOf(QUOTA, `quota-${entityName}`, at) });
    const writer = acl();
    const reader = acl({ aclPrincipal: "User:reporting", aclOperation: "Read" });
    const component: TestResource = { type: "kafka-as-code:index:TopicsCatalog", name: "catalog", inputs: {} };
    const inTopicsStack = (...rs: TestResource[]) => [component, ...rs];

    it("advises, in a production-class stack, a produce quota for every principal that may write", async () => {
        const ds = await validateStack("kafka-produce-quota", inTopicsStack(writer, reader, quota("orders-service", { consumer_byte_rate: "1024" })), prod, at);
        expect(ds.map(d => d.message)).toEqual([expect.stringContaining("User:orders-service may write to topics but has no produce quota")]);
        expect(ds[0].message).toMatch(/Fix: add a quota to topics\/catalog\.yaml, e\.g\. `- user: orders-service` with `producerByteRate: 1048576`/);
        expect(ds[0].enforcementLevel).toBe("advisory");
    });

    it("is satisfied by a user quota with producer_byte_rate, but not by a client-id quota of the same name", async () => {
        expect(await validateStack("kafka-produce-quota", inTopicsStack(writer, reader, quota("orders-service", { producer_byte_rate: "1048576" })), prod, at)).toEqual([]);
        expect(await validateStack("kafka-produce-quota", inTopicsStack(writer, quota("orders-service", { producer_byte_rate: "1048576" }, "client-id")), prod, at)).toHaveLength(1);
    });

    it("leaves exempt principals, Deny entries, dev stacks and the cluster stack's own ACLs alone", async () => {
        expect(await validateStack("kafka-produce-quota", [writer], prod, at)).toEqual([]);
        const cfg: PackConfig = { ...prod, "kafka-produce-quota": { productionClass: true, exemptPrincipals: ["User:orders-service"] } };
        expect(await validateStack("kafka-produce-quota", inTopicsStack(writer), cfg, at)).toEqual([]);
        expect(await validateStack("kafka-produce-quota", inTopicsStack(acl({ aclPermissionType: "Deny" })), prod, at)).toEqual([]);
        expect(await validateStack("kafka-produce-quota", inTopicsStack(writer), dev, at)).toEqual([]);
    });
});

describe("acl-no-wildcard-principal", () => {
    const run = (r: TestResource) => messages("acl-no-wildcard-principal", r, staging);

    it("accepts a named principal, and a Deny for User:*", async () => {
        expect(await run(acl())).toEqual([]);
        expect(await run(acl({ aclPrincipal: "User:*", aclPermissionType: "Deny" }))).toEqual([]);
    });

    it("rejects Allow for User:* (any case) and for a bare *", async () => {
        const [m] = await run(acl({ aclPrincipal: "User:*", aclOperation: "Read" }));
        expect(m).toContain(`kafka.Acl "acl-User:*-Read-orders.order.created"`);
        expect(m).toContain(`ACL "Allow Read on Topic "orders.order.created" (Literal) for User:* from host *" allows the wildcard principal User:*`);
        expect(await run(acl({ aclPrincipal: "user:*", aclPermissionType: "ALLOW" }))).toHaveLength(1);
        expect(await run(acl({ aclPrincipal: "*" }))).toHaveLength(1);
    });
});

describe("acl-all-operation-admins-only", () => {
    const run = (r: TestResource, cfg: PackConfig = staging) => messages("acl-all-operation-admins-only", r, cfg);

    it("accepts All for the admin principal, and specific operations for others", async () => {
        expect(await run(acl({ aclPrincipal: "User:admin", aclOperation: "All", aclResourceType: "Cluster", aclResourceName: "kafka-cluster" }))).toEqual([]);
        expect(await run(acl({ aclOperation: "Read" }))).toEqual([]);
        expect(await run(acl({ aclOperation: "All", aclPermissionType: "Deny" }))).toEqual([]);
    });

    it("rejects All for anyone else, in any case, and follows the configured admin list", async () => {
        expect(await run(acl({ aclOperation: "All" }))).toEqual([expect.stringContaining("grants operation All to User:orders-service, who is not an admin principal (User:admin)")]);
        expect(await run(acl({ aclOperation: "ALL" }))).toHaveLength(1);
        expect(await run(acl({ aclOperation: "All" }), { "acl-all-operation-admins-only": { adminPrincipals: ["User:orders-service"] } })).toEqual([]);
    });
});

describe("acl-no-wildcard-resource", () => {
    const run = (r: TestResource, cfg: PackConfig = staging) => messages("acl-no-wildcard-resource", r, cfg);

    it("accepts a named resource and a prefixed pattern", async () => {
        expect(await run(acl())).toEqual([]);
        expect(await run(acl({ aclResourceName: "orders.", resourcePatternTypeFilter: "Prefixed" }))).toEqual([]);
        // A Prefixed "*" matches only names that start with a literal "*": not a wildcard.
        expect(await run(acl({ aclResourceName: "*", resourcePatternTypeFilter: "Prefixed" }))).toEqual([]);
    });

    it("rejects the literal * (also when the pattern type is left to its Literal default), unless allowed", async () => {
        expect(await run(acl({ aclResourceName: "*", aclOperation: "Read" }))).toEqual([expect.stringContaining("applies to the literal resource name * (every topic)")]);
        const noPattern = acl({ aclResourceName: "*" });
        delete noPattern.inputs.resourcePatternTypeFilter;
        expect(await run(noPattern)).toHaveLength(1);
        expect(await run(acl({ aclResourceName: "*" }), { "acl-no-wildcard-resource": { allowWildcardResource: true } })).toEqual([]);
        const ops = acl({ aclPrincipal: "User:ops-admin", aclOperation: "Describe", aclResourceType: "Group", aclResourceName: "*" });
        expect(await run(ops)).toEqual([]); // staging.json lists User:ops-admin in wildcardPrincipals
        expect(await run(ops, {})).toHaveLength(1);
    });
});

const kafkaProvider = (inputs: Record<string, unknown>): TestResource => ({ type: "pulumi:providers:kafka", name: "kafka", inputs: { bootstrapServers: ["b:9096"], ...inputs }, urn: urnOf("pulumi:providers:kafka", "kafka", at) });

describe("kafka-provider-tls", () => {
    const provider = kafkaProvider;
    it("requires TLS in a production-class stack, not in dev", async () => {
        expect((await validateResource("kafka-provider-tls", provider({ tlsEnabled: false }), prod, at))[0].message).toMatch(/connects without TLS \(tlsEnabled false\).*Fix: connect through the cluster's TLS listener/);
        expect(await validateResource("kafka-provider-tls", provider({ tlsEnabled: true, caCert: "PEM" }), prod, at)).toEqual([]);
        expect(await validateResource("kafka-provider-tls", provider({ tlsEnabled: false }), dev, at)).toEqual([]);
    });
});

describe("kafka-provider-verifies-certificates", () => {
    const provider = kafkaProvider;
    it("refuses skipTlsVerify in prod, and advises against it in dev", async () => {
        const [d] = await validateResource("kafka-provider-verifies-certificates", provider({ tlsEnabled: true, skipTlsVerify: true }), prod, at);
        expect(d.enforcementLevel).toBe("mandatory");
        expect(d.message).toMatch(/skips checking the brokers' certificates \(skipTlsVerify\) in a production-class stack.*Fix: give the cluster's CA instead/);
        expect((await validateResource("kafka-provider-verifies-certificates", provider({ tlsEnabled: true, skipTlsVerify: true }), dev, at))[0].enforcementLevel).toBe("advisory");
        expect(await validateResource("kafka-provider-verifies-certificates", provider({ tlsEnabled: true }), prod, at)).toEqual([]);
    });
});

describe("catalog-reserved-names", () => {
    const inCatalog = (r: TestResource): TestResource => ({ ...r, urn: urnOf(r.type, r.name, { ...at, parentType: "kafka-as-code:index:TopicsCatalog" }) });
    const user = (username: string): TestResource => inCatalog({ type: "kafka:index/userScramCredential:UserScramCredential", name: `user-${username}`, inputs: { username, scramMechanism: "SCRAM-SHA-512", password: "x".repeat(20) } });
    const run = async (rs: TestResource[], cfg: PackConfig = prod) => (await validateStack("catalog-reserved-names", rs, cfg, at)).map(d => d.message);

    it("refuses a catalog user that is the cluster's admin or its schema registry's user", async () => {
        expect(await run([user("admin"), user("schema-registry"), user("orders-api")])).toEqual([
            expect.stringMatching(/SCRAM user "admin" is a principal the cluster keeps for itself.*Fix: give it a name of its own/),
            expect.stringContaining(`SCRAM user "schema-registry" is a principal the cluster keeps for itself`),
        ]);
    });

    it("refuses a Write on the registry's journal, and a prefix that covers it", async () => {
        expect(await run([inCatalog(acl({ aclResourceName: "kafkasql-", resourcePatternTypeFilter: "Prefixed" }))])).toEqual([expect.stringContaining("reaches kafkasql-*, which the cluster's own services use")]);
        expect(await run([inCatalog(acl({ aclResourceName: "kafka", resourcePatternTypeFilter: "Prefixed" }))])).toEqual([expect.stringContaining("reaches kafkasql-*")]);
        expect(await run([inCatalog(acl({ aclOperation: "Read", aclResourceType: "Group", aclResourceName: "apicurio-1" }))])).toEqual([expect.stringContaining("reaches apicurio-*")]);
        expect(await run([inCatalog(topic({ name: "__consumer_offsets" }))])).toEqual([expect.stringContaining(`topic "__consumer_offsets" starts with __`)]);
        expect(await run([inCatalog(acl({ aclPrincipal: "User:admin" }))])).toEqual([expect.stringContaining("ACL for User:admin, a principal the cluster keeps for itself")]);
    });

    it("lets Describe on every topic, denials and the catalog's own names through", async () => {
        expect(await run([
            inCatalog(acl({ aclPrincipal: "User:ops-admin", aclOperation: "DescribeConfigs", aclResourceName: "*" })),
            inCatalog(acl({ aclPermissionType: "Deny", aclOperation: "Read", aclResourceName: "kafkasql-journal" })),
            inCatalog(acl()), inCatalog(topic()), user("orders-api"),
        ])).toEqual([]);
    });

    it("looks only at a topics catalog: the cluster stack's own registry user is its to declare", async () => {
        const own = { ...user("schema-registry"), urn: urnOf("kafka:index/userScramCredential:UserScramCredential", "reg-user", { stack: "staging", parentType: "kafka-as-code:index:SchemaRegistry" }) };
        expect(await run([own])).toEqual([]);
    });
});

describe("a topics stack through the whole pack", () => {
    const good = [
        topic(), topic({ name: "payments.payment.settled", partitions: 3, config: { "min.insync.replicas": "2", "cleanup.policy": "compact" } }),
        acl(), acl({ aclOperation: "Describe" }), acl({ aclPrincipal: "User:admin", aclOperation: "All", aclResourceType: "Cluster", aclResourceName: "kafka-cluster" }),
        { type: "kafka-as-code:index:TopicsCatalog", name: "catalog", inputs: {} },
        { type: "kafka:index/quota:Quota", name: "quota-orders-service", inputs: { entityType: "user", entityName: "orders-service", config: { producer_byte_rate: "1048576" } } },
    ];

    it("a well-formed catalog passes the production policy config", async () => {
        expect(await runPack(good, prod, at)).toEqual([]);
    });

    it("a deliberately bad catalog fails with exactly the expected policies", async () => {
        const bad = [
            topic({ name: "Orders", replicationFactor: 1, partitions: 500, config: { "retention.ms": "-1", "cleanup.policy": "archive" } }, false),
            acl({ aclPrincipal: "User:*", aclOperation: "All", aclResourceName: "*" }),
        ];
        const ds = await runPack(bad, prod, at);
        expect([...new Set(ds.map(d => d.policyName))].sort()).toEqual([
            "acl-all-operation-admins-only", "acl-no-wildcard-principal", "acl-no-wildcard-resource",
            "topic-cleanup-policy", "topic-naming-convention", "topic-partitions-bounds", "topic-protect-option",
            "topic-replication", "topic-retention-bounds",
        ]);
        expect(ds.every(d => d.enforcementLevel === "mandatory")).toBe(true);
        // The same catalog in dev: advice only.
        expect((await runPack(bad, dev, at)).every(d => d.enforcementLevel === "advisory")).toBe(true);
    });

    it("a value unknown during preview makes the policy report that it could not run, as advice", async () => {
        const ds = await validateResource("topic-partitions-bounds", topic({ partitions: UNKNOWN.number as unknown as number }), prod, at);
        expect(ds).toEqual([{ policyName: "topic-partitions-bounds", enforcementLevel: "advisory", message: expect.stringContaining("during preview: number value at .partitions can't be known during preview") }]);
    });
});

describe("the topics program (topics/index.ts under mocks) through the whole pack", async () => {
    const { runTopicsProgram, STAGING_CLUSTER_OUTPUTS } = await import("../mock/topics-program");
    const stackConfig = (stack: string) => shippedStackConfig("topics", stack);
    // Pulumi's mocks do not pass resource options, so `protect` is taken from the program's own
    // `protectedTopics` output (the topics it declares with protect: true).
    const resourcesOf = (run: Awaited<ReturnType<typeof runTopicsProgram>>, stack: string): TestResource[] => {
        const protectedTopics = new Set((run.outputs.protectedTopics ?? []) as string[]);
        return run.resources.map(r => ({
            type: r.type, name: r.name, inputs: r.inputs, urn: urnOf(r.type, r.name, { stack, project: "kafka-topics" }),
            opts: { protect: r.type === TOPIC && protectedTopics.has(String(r.plain.name)) },
        }));
    };

    it("the shipped dev stack passes the dev policy config without any finding", async () => {
        const run = await runTopicsProgram({ stack: "dev", config: stackConfig("dev") });
        expect(run.ofType(TOPIC).length).toBeGreaterThan(3);
        expect(await runPack(resourcesOf(run, "dev"), dev, { stack: "dev", project: "kafka-topics" })).toEqual([]);
    });

    it("the shipped staging stack passes the staging policy config", async () => {
        const run = await runTopicsProgram({ stack: "staging", config: stackConfig("staging"), stacks: { "organization/kafka-cluster/staging": STAGING_CLUSTER_OUTPUTS } });
        expect(await runPack(resourcesOf(run, "staging"), staging, { stack: "staging", project: "kafka-topics" })).toEqual([]);
    });

    it("the same catalog as staging but without topic protection fails topic-protect-option only", async () => {
        const run = await runTopicsProgram({ stack: "staging", config: { ...stackConfig("staging"), protectTopics: "false" }, stacks: { "organization/kafka-cluster/staging": STAGING_CLUSTER_OUTPUTS } });
        const ds = await runPack(resourcesOf(run, "staging"), staging, { stack: "staging", project: "kafka-topics" });
        expect([...new Set(ds.map(d => d.policyName))]).toEqual(["topic-protect-option"]);
        // Every topic but the one the catalog marks allowReplace (exempt in the policy config).
        expect(ds).toHaveLength(run.ofType(TOPIC).length - 1);
        expect(ds.map(d => d.message).join("\n")).not.toContain(`"shipping.shipment.delivered"`);
    });
});
