// The catalog parser: effective values per environment, and one precise message per bad catalog.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ACL_OPERATIONS, CatalogError, MAX_ALIAS_COUNT, parseCatalog, TOPIC_CONFIG_KEYS, type Catalog } from "../../components/topics/catalog";
import { CatalogSchema, catalogJsonSchema } from "../../components/topics/catalog-schema";

const EXAMPLE = readFileSync(join(__dirname, "../../topics/catalog.yaml"), "utf8");
const SCHEMA = JSON.parse(readFileSync(join(__dirname, "../../topics/catalog.schema.json"), "utf8"));

const topicOf = (c: Catalog, name: string) => c.topics.find(t => t.name === name)!;

describe("the example catalog", () => {
    const dev = parseCatalog(EXAMPLE, "catalog.yaml", "dev", { brokerCount: 3 });
    const staging = parseCatalog(EXAMPLE, "catalog.yaml", "staging", { brokerCount: 3 });
    const prod = parseCatalog(EXAMPLE, "catalog.yaml", "prod", { brokerCount: 3 });

    it("starts with the schema reference editors use", () => {
        expect(EXAMPLE.split("\n")[0]).toBe("# yaml-language-server: $schema=./catalog.schema.json");
    });

    it("declares the same topics, users and services in every environment", () => {
        for (const c of [dev, staging, prod]) {
            expect(c.topics.map(t => t.name)).toEqual([
                "orders.order.created", "orders.order.cancelled", "orders.order.state",
                "payments.payment.authorized", "payments.payment.failed",
                "shipping.shipment.dispatched", "shipping.shipment.delivered", "people.person.updated",
            ]);
            expect(c.users.map(u => u.name)).toEqual(["orders-api", "payments-worker", "shipping-worker", "analytics-reader", "ops-admin"]);
            expect(c.services.map(s => s.name)).toEqual(["orders-api", "payments-worker", "shipping-worker", "analytics-reader", "legacy-etl"]);
        }
    });

    it("applies each environment's overrides and only those", () => {
        const created = (c: Catalog) => topicOf(c, "orders.order.created");
        expect(created(dev)).toEqual({
            name: "orders.order.created", partitions: 3, replicationFactor: 1, allowReplace: false, allowDataLoss: false,
            config: { "cleanup.policy": "delete", "retention.ms": "86400000", "min.insync.replicas": "1" },
            schemas: [{ role: "value", file: "orders/v1/order_created.proto", compatibility: "BACKWARD", fileAt: { file: "catalog.yaml", path: "topics[0].valueSchema.file", line: 17 } }],
            valueSchemaEnvironments: ["dev", "staging", "prod"],
        });
        expect(created(staging)).toMatchObject({ partitions: 6, replicationFactor: 3, config: { "retention.ms": "604800000", "min.insync.replicas": "2" } });
        expect(created(prod)).toMatchObject({ partitions: 12, replicationFactor: 3, config: { "retention.ms": "1209600000", "min.insync.replicas": "2", "cleanup.policy": "delete" } });
        // No override for staging/prod: base values.
        expect(topicOf(prod, "orders.order.cancelled")).toMatchObject({ partitions: 3, replicationFactor: 3 });
        expect(topicOf(dev, "orders.order.cancelled")).toMatchObject({ partitions: 3, replicationFactor: 1 });
    });

    it("keeps config values as strings and reads allowReplace", () => {
        for (const t of prod.topics) for (const v of Object.values(t.config)) expect(typeof v).toBe("string");
        expect(prod.topics.filter(t => t.allowReplace).map(t => t.name)).toEqual(["shipping.shipment.delivered"]);
    });

    it("resolves service defaults: principal User:<name>, groups [name], prefixes from a trailing *", () => {
        const payments = dev.services.find(s => s.name === "payments-worker")!;
        expect(payments.principal).toBe("User:payments-worker");
        expect(payments.groups).toEqual([{ name: "payments-worker", patternType: "literal" }]);
        const analytics = dev.services.find(s => s.name === "analytics-reader")!;
        expect(analytics.consumes).toEqual([{ name: "orders.", patternType: "prefixed" }]);
        expect(analytics.groups).toEqual([{ name: "analytics-", patternType: "prefixed" }]);
        expect(dev.externalPrincipals).toEqual(["User:legacy-etl"]);
    });

    it("defaults explicit ACLs' host to * and the cluster resource name to kafka-cluster", () => {
        expect(dev.acls).toContainEqual({ principal: "User:ops-admin", resourceType: "cluster", resourceName: "kafka-cluster", patternType: "literal", operation: "Describe", permission: "allow", host: "*" });
        expect(dev.acls.every(a => a.host === "*")).toBe(true);
    });
});

describe("one schema for the parser and the JSON Schema (components/topics/catalog-schema.ts)", () => {
    it("accepts the example catalog", () => {
        expect(CatalogSchema.safeParse(parseYaml(EXAMPLE)).error).toBeUndefined();
    });

    it.each([
        ["a partition count beyond int32", "topics:\n  - name: t\n    partitions: 2147483648\n    replicationFactor: 1\n"],
        ["an unknown topic key", "topics:\n  - name: t\n    partitions: 1\n    replicationFactor: 1\n    retention: 7d\n"],
        ["an illegal topic name", "topics:\n  - name: a/b\n    partitions: 1\n    replicationFactor: 1\n"],
        ["a bad cleanup.policy", "topics:\n  - name: t\n    partitions: 1\n    replicationFactor: 1\n    config:\n      cleanup.policy: compacted\n"],
        ["a dirty ratio above 1", "topics:\n  - name: t\n    partitions: 1\n    replicationFactor: 1\n    config:\n      min.cleanable.dirty.ratio: \"1.5\"\n"],
        ["an unknown ACL resource type", "acls:\n  - principal: User:a\n    resourceType: delegationToken\n    resourceName: t\n    operation: Describe\n    permission: allow\n"],
    ])("refuses %s, as the parser does", (_name, text) => {
        expect(CatalogSchema.safeParse(parseYaml(text)).success).toBe(false);
        expect(() => parseCatalog(text, "bad.yaml", "dev")).toThrow(CatalogError);
    });

    it("is what the checked-in JSON Schema was generated from", () => {
        expect(SCHEMA).toEqual(JSON.parse(JSON.stringify(catalogJsonSchema())));
    });
});

describe("schemas in the catalog", () => {
    const text = `topics:\n${topic("    valueSchema:\n      file: people/v1/person.proto\n    environments:\n      prod:\n        valueSchema:\n          compatibility: FULL_TRANSITIVE\n      staging:\n        keySchema:\n          file: people/v1/person_key.proto\n")}`;

    it("defaults the level to BACKWARD and applies each environment's schema override", () => {
        expect(topicOf(parseCatalog(text, "c.yaml", "dev"), "orders.order.created").schemas).toEqual([
            { role: "value", file: "people/v1/person.proto", compatibility: "BACKWARD", fileAt: { file: "c.yaml", path: "topics[0].valueSchema.file", line: 6 } },
        ]);
        expect(topicOf(parseCatalog(text, "c.yaml", "prod"), "orders.order.created").schemas).toMatchObject([{ role: "value", compatibility: "FULL_TRANSITIVE", fileAt: { line: 6 } }]);
        expect(topicOf(parseCatalog(text, "c.yaml", "staging"), "orders.order.created").schemas.map(s => [s.role, s.file, s.fileAt.path])).toEqual([
            ["key", "people/v1/person_key.proto", "topics[0].environments.staging.keySchema.file"],
            ["value", "people/v1/person.proto", "topics[0].valueSchema.file"],
        ].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    });

    it("records in which environments a topic has a value schema", () => {
        const onlyDev = `topics:\n${topic("    environments:\n      dev:\n        valueSchema:\n          file: p.proto\n")}`;
        for (const env of ["dev", "staging", "prod"] as const) {
            const t = topicOf(parseCatalog(onlyDev, "c.yaml", env), "orders.order.created");
            expect(t.valueSchemaEnvironments).toEqual(["dev"]);
            expect(t.schemas.length).toBe(env === "dev" ? 1 : 0);
        }
        expect(topicOf(parseCatalog(text, "c.yaml", "staging"), "orders.order.created").valueSchemaEnvironments).toEqual(["dev", "staging", "prod"]);
    });
});

describe("the JSON Schema matches the parser", () => {
    it("lists the same topic configs", () => {
        expect(Object.keys(SCHEMA.$defs.topicConfig.properties).sort()).toEqual([...TOPIC_CONFIG_KEYS].sort());
    });

    it("allows the same operations per resource type", () => {
        const rules = SCHEMA.$defs.acl.allOf.filter((r: any) => r.if.properties.resourceType.const);
        const fromSchema = Object.fromEntries(rules.map((r: any) => [r.if.properties.resourceType.const, r.then.properties.operation.enum]));
        expect(fromSchema).toEqual(ACL_OPERATIONS);
    });

    it("allows the same top-level, topic, service and ACL keys", () => {
        expect(Object.keys(SCHEMA.properties).sort()).toEqual(["acls", "allowEmpty", "allowWildcardPrincipals", "deletedTopics", "externalPrincipals", "quotas", "services", "topics", "users"]);
        expect(Object.keys(SCHEMA.$defs.quota.properties).sort()).toEqual(["clientId", "consumerByteRate", "controllerMutationRate", "description", "environments", "producerByteRate", "requestPercentage", "user"]);
        expect(Object.keys(SCHEMA.$defs.quotaOverride.properties).sort()).toEqual(["consumerByteRate", "controllerMutationRate", "producerByteRate", "requestPercentage"]);
        expect(Object.keys(SCHEMA.$defs.topic.properties).sort()).toEqual(["allowDataLoss", "allowReplace", "config", "description", "environments", "keySchema", "name", "partitions", "replicationFactor", "valueSchema"]);
        expect(Object.keys(SCHEMA.$defs.schema.properties).sort()).toEqual(["compatibility", "file"]);
        expect(Object.keys(SCHEMA.$defs.override.properties).sort()).toEqual(["config", "keySchema", "partitions", "replicationFactor", "valueSchema"]);
        expect(Object.keys(SCHEMA.$defs.service.properties).sort()).toEqual(["consumes", "description", "groups", "idempotentWriteOnCluster", "name", "principal", "produces", "transactionalIds"]);
        expect(Object.keys(SCHEMA.$defs.acl.properties).sort()).toEqual(["description", "host", "operation", "patternType", "permission", "principal", "resourceName", "resourceType"]);
        expect(Object.keys(SCHEMA.$defs.topic.properties.environments.properties)).toEqual(["dev", "staging", "prod"]);
    });
});

const topic = (extra = "", name = "orders.order.created") =>
    `  - name: ${name}\n    partitions: 3\n    replicationFactor: 1\n${extra}`;
const USERS = "users:\n  - name: orders-api\n";

function problemsOf(text: string, env: "dev" | "staging" | "prod" = "dev", brokerCount?: number): string {
    try {
        parseCatalog(text, "bad.yaml", env, { brokerCount });
    } catch (e) {
        expect(e).toBeInstanceOf(CatalogError);
        expect((e as Error).message).toMatch(/^Invalid configuration in catalog bad\.yaml \(environment \w+\): \d+ problems?, nothing was changed\./);
        return (e as Error).message;
    }
    throw new Error("expected the catalog to be refused");
}

describe("bad catalogs: each stops with its own message (file:line, path, value, problem, fix)", () => {
    const cases: Array<[string, string, RegExp, ("dev" | "staging" | "prod")?, number?]> = [
        ["YAML syntax error", "topics:\n  - name: [oops\n", /bad\.yaml:\d+ is not valid YAML/],
        ["duplicate YAML key", `topics:\n${topic("    partitions: 4\n")}`, /bad\.yaml:5 is not valid YAML: Map keys must be unique.*fix: remove the repeated key/],
        ["unknown top-level key", `topic:\n${topic()}`, /bad\.yaml:1 topic is not a known key here; fix: remove it or use one of: topics, users/],
        ["unknown topic key (typo)", `topics:\n${topic("    retention: 7d\n")}`, /bad\.yaml:5 topics\[0\]\.retention is not a known key here/],
        ["duplicate topic", `topics:\n${topic()}${topic()}`, /bad\.yaml:5 topics\[1\]\.name \(found "orders\.order\.created"\) duplicates topics\[0\]/],
        ["illegal characters in a topic name", `topics:\n${topic("", "orders/created")}`, /bad\.yaml:2 topics\[0\]\.name \(found "orders\/created"\) contains characters Kafka does not allow/],
        ["topic name too long", `topics:\n${topic("", "a".repeat(250))}`, /topics\[0\]\.name \(found "a{250}"\) is 250 characters long; Kafka allows at most 249/],
        ["topic name '..'", `topics:\n${topic("", '".."')}`, /topics\[0\]\.name \(found "\.\."\) cannot be "\." or "\.\."/],
        ["topic names colliding on . and _", `topics:\n${topic("", "orders.created")}${topic("", "orders_created")}`, /topics\[1\]\.name \(found "orders_created"\) collides with topic orders\.created/],
        ["zero partitions", "topics:\n  - name: t\n    partitions: 0\n    replicationFactor: 1\n", /bad\.yaml:3 topics\[0\]\.partitions \(found "0"\) must be a whole number of at least 1/],
        ["fractional partitions", "topics:\n  - name: t\n    partitions: 2.5\n    replicationFactor: 1\n", /topics\[0\]\.partitions \(found "2\.5"\) must be a whole number/],
        ["missing replication factor", "topics:\n  - name: t\n    partitions: 1\n", /topics\[0\]\.replicationFactor is required/],
        ["replication factor above the broker count", "topics:\n  - name: t\n    partitions: 1\n    replicationFactor: 3\n", /bad\.yaml:4 topics\[0\]\.replicationFactor \(found "3"\) is larger than the cluster's 1 broker\(s\) in dev.*at most 1/, "dev", 1],
        ["replication factor above the broker count in a prod override", "topics:\n  - name: t\n    partitions: 1\n    replicationFactor: 1\n    environments:\n      prod:\n        replicationFactor: 5\n", /bad\.yaml:7 topics\[0\]\.environments\.prod\.replicationFactor \(found "5"\) is larger than the cluster's 3 broker\(s\) in prod/, "prod", 3],
        ["min.insync.replicas equal to a replication factor > 1", `topics:\n  - name: t\n    partitions: 1\n    replicationFactor: 2\n    config:\n      min.insync.replicas: "2"\n`, /bad\.yaml:6 topics\[0\]\.config\["min\.insync\.replicas"\] \(found "2"\) must be lower than the replication factor \(2\) in dev.*one broker down stops every write/],
        ["min.insync.replicas above the replication factor in one environment only", `topics:\n  - name: t\n    partitions: 1\n    replicationFactor: 3\n    config:\n      min.insync.replicas: "2"\n    environments:\n      dev:\n        replicationFactor: 1\n`, /topics\[0\]\.config\["min\.insync\.replicas"\] \(found "2"\) must be lower than the replication factor \(1\) in dev.*no write with acks=all can ever succeed/],
        ["unquoted config value", `topics:\n${topic("    config:\n      retention.ms: 604800000\n")}`, /bad\.yaml:6 topics\[0\]\.config\["retention\.ms"\] \(found "604800000"\) must be a string.*fix: quote it: "retention\.ms": "604800000"/],
        ["retention.bytes that empties every partition", `topics:\n${topic('    config:\n      retention.bytes: "1"\n')}`, /bad\.yaml:6 topics\[0\]\.config\["retention\.bytes"\] \(found "1"\) must be a whole number of at least 1048576 \(1 MiB per partition; -1 keeps all\), or -1, as a string; fix: "retention\.bytes": "-1"/],
        ["local.retention.ms of 1 ms", `topics:\n${topic('    config:\n      local.retention.ms: "1"\n')}`, /config\["local\.retention\.ms"\] \(found "1"\) must be a whole number of at least 60000 .*, or -1 or -2/],
        ["local.retention.bytes of 1 byte", `topics:\n${topic('    config:\n      local.retention.bytes: "1"\n')}`, /config\["local\.retention\.bytes"\] \(found "1"\) must be a whole number of at least 1048576/],
        ["segment.ms of 1 ms", `topics:\n${topic('    config:\n      segment.ms: "1"\n')}`, /config\["segment\.ms"\] \(found "1"\) must be a whole number of at least 60000 \(one minute\)/],
        ["segment.bytes of 14 bytes", `topics:\n${topic('    config:\n      segment.bytes: "14"\n')}`, /config\["segment\.bytes"\] \(found "14"\) must be a whole number of at least 1048576 \(1 MiB, Kafka 4's own minimum\)/],
        ["negative min.compaction.lag.ms", `topics:\n${topic('    config:\n      min.compaction.lag.ms: "-5"\n')}`, /config\["min\.compaction\.lag\.ms"\] \(found "-5"\) must be a whole number of at least 0/],
        ["max.message.bytes that refuses every write", `topics:\n${topic('    config:\n      max.message.bytes: "10"\n')}`, /config\["max\.message\.bytes"\] \(found "10"\) must be a whole number of at least 1024/],
        ["bad cleanup.policy", `topics:\n${topic("    config:\n      cleanup.policy: compacted\n")}`, /topics\[0\]\.config\["cleanup\.policy"\] \(found "compacted"\) must be one of delete, compact, compact,delete/],
        ["unknown topic config", `topics:\n${topic("    config:\n      retention.m: \"1\"\n")}`, /topics\[0\]\.config\["retention\.m"\] is not a Kafka topic config/],
        ["non-numeric retention", `topics:\n${topic("    config:\n      retention.ms: 7d\n")}`, /topics\[0\]\.config\["retention\.ms"\] \(found "7d"\) must be a whole number/],
        ["override for an unknown environment", `topics:\n${topic("    environments:\n      production:\n        partitions: 6\n")}`, /bad\.yaml:6 topics\[0\]\.environments\.production is not an environment of this project; fix: use one of: dev, staging, prod/],
        ["override of a key that cannot differ", `topics:\n${topic("    environments:\n      prod:\n        name: other\n")}`, /topics\[0\]\.environments\.prod\.name is not a known key here; fix: remove it or use one of: partitions, replicationFactor, config/],
        ["a password in a user", `users:\n  - name: orders-api\n    password: hunter2\n`, /bad\.yaml:3 users\[0\]\.password looks like a secret.*pulumi config set --secret --path 'userPasswords\.orders-api'/],
        ["a secret anywhere (nested in a topic config)", `topics:\n${topic("    config:\n      sasl.jaas.config: x\n")}`, /topics\[0\]\.config\["sasl\.jaas\.config"\] looks like a secret/],
        ["duplicate user", `users:\n  - name: orders-api\n  - name: orders-api\n`, /bad\.yaml:3 users\[1\]\.name \(found "orders-api"\) duplicates users\[0\]/],
        ["duplicate service", `topics:\n${topic()}${USERS}services:\n  - name: orders-api\n  - name: orders-api\n`, /services\[1\]\.name \(found "orders-api"\) duplicates services\[0\]/],
        ["service principal of an unknown user", `topics:\n${topic()}services:\n  - name: billing\n    produces: [orders.order.created]\n`, /bad\.yaml:6 services\[0\]\.name \(found "User:billing"\) refers to user billing, which is not declared under users.*externalPrincipals/],
        ["service producing an undeclared topic", `topics:\n${topic()}${USERS}services:\n  - name: orders-api\n    produces: [orders.order.creatd]\n`, /bad\.yaml:9 services\[0\]\.produces\[0\] \(found "orders\.order\.creatd"\) is not a topic declared in this catalog/],
        ["a * in the middle of a pattern", `topics:\n${topic()}${USERS}services:\n  - name: orders-api\n    consumes: ["orders.*.created"]\n`, /services\[0\]\.consumes\[0\] \(found "orders\.\*\.created"\) must be a topic name, or a prefix followed by a single trailing \*/],
        ["operation not valid for the resource type", `${USERS}acls:\n  - principal: User:orders-api\n    resourceType: group\n    resourceName: g\n    operation: Write\n    permission: allow\n`, /bad\.yaml:7 acls\[0\]\.operation \(found "Write"\) is not an operation of resourceType group; fix: use one of: Read, Describe, Delete, All/],
        ["IdempotentWrite on a topic", `${USERS}acls:\n  - principal: User:orders-api\n    resourceType: topic\n    resourceName: t\n    operation: IdempotentWrite\n    permission: allow\n`, /acls\[0\]\.operation \(found "IdempotentWrite"\) is not an operation of resourceType topic/],
        ["ACL for an unknown user", `acls:\n  - principal: User:mallory\n    resourceType: topic\n    resourceName: t\n    operation: Read\n    permission: allow\n`, /bad\.yaml:2 acls\[0\]\.principal \(found "User:mallory"\) refers to user mallory, which is not declared under users/],
        ["unknown resource type", `${USERS}acls:\n  - principal: User:orders-api\n    resourceType: delegationToken\n    resourceName: t\n    operation: Describe\n    permission: allow\n`, /acls\[0\]\.resourceType \(found "delegationToken"\) must be one of topic, group, cluster, transactionalId/],
        ["prefixed cluster ACL", `${USERS}acls:\n  - principal: User:orders-api\n    resourceType: cluster\n    patternType: prefixed\n    operation: Describe\n    permission: allow\n`, /acls\[0\]\.patternType \(found "prefixed"\) must be literal for resourceType cluster/],
        ["bad permission", `${USERS}acls:\n  - principal: User:orders-api\n    resourceType: topic\n    resourceName: t\n    operation: Read\n    permission: grant\n`, /acls\[0\]\.permission \(found "grant"\) must be one of allow, deny/],
        ["quota with neither user nor clientId", `${USERS}quotas:\n  - producerByteRate: 1024\n`, /bad\.yaml:4 quotas\[0\] names neither a user nor a client id; fix: set exactly one of `user: <catalog user>` and `clientId: <client\.id>`/],
        ["quota with both user and clientId", `${USERS}quotas:\n  - user: orders-api\n    clientId: c\n    producerByteRate: 1024\n`, /quotas\[0\] names both a user and a client id/],
        ["quota of an unknown user", `${USERS}quotas:\n  - user: orders-ap\n    producerByteRate: 1024\n`, /bad\.yaml:4 quotas\[0\]\.user \(found "orders-ap"\) is not a user declared in this catalog; fix: add `- name: orders-ap` under users, or list "User:orders-ap" under externalPrincipals/],
        ["quota of a client id with a space", `${USERS}quotas:\n  - clientId: "my client"\n    producerByteRate: 1024\n`, /quotas\[0\]\.clientId \(found "my client"\) must be a client id without spaces/],
        ["quota without a rate", `${USERS}quotas:\n  - user: orders-api\n`, /bad\.yaml:4 quotas\[0\] sets no rate in environment dev; fix: set at least one of producerByteRate, consumerByteRate, requestPercentage, controllerMutationRate/],
        ["fractional byte rate", `${USERS}quotas:\n  - user: orders-api\n    producerByteRate: 10.5\n`, /bad\.yaml:5 quotas\[0\]\.producerByteRate \(found "10\.5"\) must be a whole number of bytes per second, at least 1; fix: producerByteRate: 1048576/],
        ["byte rate as a string", `${USERS}quotas:\n  - user: orders-api\n    consumerByteRate: "1MB"\n`, /quotas\[0\]\.consumerByteRate \(found "1MB"\) must be a whole number of bytes per second/],
        ["zero request percentage", `${USERS}quotas:\n  - user: orders-api\n    requestPercentage: 0\n`, /quotas\[0\]\.requestPercentage \(found "0"\) must be a number above 0; fix: requestPercentage: 50/],
        ["unknown quota key", `${USERS}quotas:\n  - user: orders-api\n    producerRate: 1024\n`, /bad\.yaml:5 quotas\[0\]\.producerRate is not a known key here; fix: remove it or use one of: user, clientId/],
        ["duplicate quota entity", `${USERS}quotas:\n  - user: orders-api\n    producerByteRate: 1024\n  - user: orders-api\n    consumerByteRate: 1024\n`, /bad\.yaml:6 quotas\[1\]\.user \(found "orders-api"\) duplicates quotas\[0\]; fix: set every rate of this user in one entry/],
        ["bad rate in another environment's quota override", `${USERS}quotas:\n  - user: orders-api\n    producerByteRate: 1024\n    environments:\n      prod:\n        producerByteRate: -1\n`, /bad\.yaml:8 quotas\[0\]\.environments\.prod\.producerByteRate \(found "-1"\) must be a whole number/],
        ["quota override for an unknown environment", `${USERS}quotas:\n  - user: orders-api\n    producerByteRate: 1024\n    environments:\n      production:\n        producerByteRate: 2048\n`, /quotas\[0\]\.environments\.production is not an environment of this project/],
        ["host that is not an IP", `${USERS}acls:\n  - principal: User:orders-api\n    resourceType: topic\n    resourceName: t\n    operation: Read\n    permission: allow\n    host: app.example.com\n`, /acls\[0\]\.host \(found "app\.example\.com"\) must be \* or an IP address/],
        ["topics not a list", "topics:\n  name: t\n", /bad\.yaml:1 topics \(found "\{\\"name\\":\\"t\\"\}"\) must be a list/],
        ["an alias to no anchor", `topics:\n${topic("    config: *std\n")}`, /bad\.yaml:5 is not valid YAML: alias \*std refers to no anchor defined before it; fix: define `&std`/],
        ["an unterminated quote, located where it opens", `topics:\n  - name: "orders.order.created\n    partitions: 3\n    replicationFactor: 1\nusers: []\n`, /bad\.yaml:2 is not valid YAML: the double-quoted string that starts here is never closed; fix: add the closing "/],
        ["a list-valued config, with a fix that is valid YAML", `topics:\n${topic("    config:\n      cleanup.policy: [compact, delete]\n")}`, /topics\[0\]\.config\["cleanup\.policy"\] \(found "\[\\"compact\\",\\"delete\\"\]"\) must be a string.*fix: quote it: "cleanup\.policy": "compact,delete"$/m],
        ["partitions beyond Kafka's int32", "topics:\n  - name: t\n    partitions: 2147483648\n    replicationFactor: 1\n", /topics\[0\]\.partitions \(found "2147483648"\) must be a whole number of at least 1 and at most 2147483647/],
        ["partitions of 1e300", "topics:\n  - name: t\n    partitions: 1e300\n    replicationFactor: 1\n", /topics\[0\]\.partitions \(found "1e\+300"\) must be a whole number/],
        ["a schema that is not a .proto file", `topics:\n${topic("    valueSchema:\n      file: person.avsc\n")}`, /bad\.yaml:6 topics\[0\]\.valueSchema\.file \(found "person\.avsc"\) must be a \.proto file/],
        ["a schema path out of topics/schemas", `topics:\n${topic("    valueSchema:\n      file: ../secrets.proto\n")}`, /topics\[0\]\.valueSchema\.file \(found "\.\.\/secrets\.proto"\) must be a path inside topics\/schemas\//],
        ["a schema without a file", `topics:\n${topic("    valueSchema:\n      compatibility: FULL\n")}`, /bad\.yaml:5 topics\[0\]\.valueSchema\.file is required/],
        ["an unknown compatibility level", `topics:\n${topic("    keySchema:\n      file: k.proto\n      compatibility: STRICT\n")}`, /bad\.yaml:7 topics\[0\]\.keySchema\.compatibility \(found "STRICT"\) is not a compatibility level of the schema registry \(BACKWARD, BACKWARD_TRANSITIVE.*NONE\); fix: compatibility: BACKWARD/],
        ["an unknown compatibility level in a prod override, found in dev", `topics:\n${topic("    valueSchema:\n      file: p.proto\n    environments:\n      prod:\n        valueSchema:\n          compatibility: full\n")}`, /bad\.yaml:10 topics\[0\]\.environments\.prod\.valueSchema\.compatibility \(found "full"\)/],
        ["an override of a schema the topic does not declare, without a file", `topics:\n${topic("    environments:\n      staging:\n        valueSchema:\n          compatibility: FULL\n")}`, /bad\.yaml:7 topics\[0\]\.environments\.staging\.valueSchema declares a value schema for staging without a file/, "prod"],
        ["an unknown key in a schema", `topics:\n${topic("    valueSchema:\n      file: p.proto\n      subject: custom\n")}`, /topics\[0\]\.valueSchema\.subject is not a known key here; fix: remove it or use one of: file, compatibility/],
        ["a replication factor beyond Kafka's int16, broker count unknown", "topics:\n  - name: t\n    partitions: 1\n    replicationFactor: 40000\n", /topics\[0\]\.replicationFactor \(found "40000"\) must be a whole number of at least 1 and at most 32767/],
        ["an empty catalog", "", /bad\.yaml:1 \(top level\) declares no topic, user or ACL.*add `allowEmpty: true`/],
        ["a comment-only catalog", "# nothing here yet\n", /declares no topic, user or ACL/],
        ["a bad name under deletedTopics", `topics:\n${topic()}deletedTopics: ["orders/old"]\n`, /bad\.yaml:5 deletedTopics\[0\] \(found "orders\/old"\) contains characters Kafka does not allow/],
        ["a wildcard external principal", `topics:\n${topic()}externalPrincipals: ["User:*"]\n`, /bad\.yaml:5 externalPrincipals\[0\] \(found "User:\*"\) is a wildcard principal.*allowWildcardPrincipals: true/],
        ["a wildcard group principal in an ACL", `acls:\n  - principal: Group:*\n    resourceType: topic\n    resourceName: t\n    operation: Read\n    permission: allow\n`, /acls\[0\]\.principal \(found "Group:\*"\) is a wildcard principal/],
        ["an IPv4 host out of range", `${USERS}acls:\n  - principal: User:orders-api\n    resourceType: topic\n    resourceName: t\n    operation: Read\n    permission: allow\n    host: 999.999.999.999\n`, /acls\[0\]\.host \(found "999\.999\.999\.999"\) must be \* or an IP address/],
        ["a host of colons only", `${USERS}acls:\n  - principal: User:orders-api\n    resourceType: topic\n    resourceName: t\n    operation: Read\n    permission: allow\n    host: "::::"\n`, /acls\[0\]\.host \(found "::::"\) must be \* or an IP address/],
    ];

    it.each(cases)("%s", (_name, text, message, env, brokers) => {
        expect(problemsOf(text, env, brokers)).toMatch(message);
    });

    it("has at least 15 distinct bad catalogs", () => {
        expect(new Set(cases.map(c => c[1])).size).toBeGreaterThanOrEqual(15);
    });

    it("reports every problem of a catalog at once, each on its own line", () => {
        const message = problemsOf(`topics:\n  - name: "a b"\n    partitions: 0\n    replicationFactor: 1\n    config:\n      retention.ms: 5\n`);
        expect(message).toMatch(/3 problems/);
        expect(message.split("\n").filter(l => l.startsWith("  - bad.yaml:"))).toHaveLength(3);
    });

    it("accepts a shared config anchor on many topics (alias references well above YAML's default limit)", () => {
        const topics = Array.from({ length: 500 }, (_, i) => `  - name: t${i}\n    partitions: 1\n    replicationFactor: 1\n    config: ${i === 0 ? "&std\n      cleanup.policy: delete" : "*std"}\n`).join("");
        const c = parseCatalog(`topics:\n${topics}`, "ok.yaml", "dev");
        expect(c.topics).toHaveLength(500);
        expect(c.topics[499].config).toEqual({ "cleanup.policy": "delete" });
    });

    it("refuses an alias bomb beyond the documented limit, located, with a fix", () => {
        // 10 levels of 10 aliases each: 10^10 references once expanded.
        const levels = Array.from({ length: 10 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(", ")}]`);
        const message = problemsOf(`l0: &l0 x\n${levels.join("\n")}\n`);
        expect(message).toMatch(new RegExp(`bad\\.yaml:2 is not valid YAML: .*more than ${MAX_ALIAS_COUNT} alias references.*fix: write the repeated values out`));
    });

    it("lists at most 50 problems, and says how many more there are", () => {
        const topics = Array.from({ length: 20_000 }, (_, i) => `  - name: t${i}\n    partitions: 0\n    replicationFactor: 1\n`).join("");
        const message = problemsOf(`topics:\n${topics}`);
        expect(message).toMatch(/^Invalid configuration in catalog bad\.yaml \(environment dev\): 20000 problems/);
        expect(message.split("\n").filter(l => l.startsWith("  - bad.yaml:"))).toHaveLength(50);
        expect(message).toMatch(/\.\.\. and 19950 more problems \(fix the ones above and run again to see the rest\)$/);
    });

    it("takes an empty catalog, and wildcard principals, only with their explicit opt-in", () => {
        expect(parseCatalog("allowEmpty: true\n", "ok.yaml", "dev").topics).toEqual([]);
        const c = parseCatalog(`allowWildcardPrincipals: true\ntopics:\n${topic()}externalPrincipals: ["User:*"]\n`, "ok.yaml", "dev");
        expect(c.externalPrincipals).toEqual(["User:*"]);
        const ipv6 = parseCatalog(`${USERS}acls:\n  - principal: User:orders-api\n    resourceType: cluster\n    operation: Describe\n    permission: allow\n    host: "fe80::1"\n`, "ok.yaml", "dev");
        expect(ipv6.acls[0].host).toBe("fe80::1");
    });

    it("keeps the problems structured (file, path, line) for tools", () => {
        try {
            parseCatalog(`topics:\n${topic("    partitions: 4\n".replace("partitions", "partitons"))}`, "bad.yaml", "dev");
            expect.unreachable();
        } catch (e) {
            expect((e as CatalogError).problems).toEqual([expect.objectContaining({ file: "bad.yaml", path: "topics[0].partitons", line: 5 })]);
        }
    });

    it("validates every environment's overrides, not only the current one", () => {
        const text = `topics:\n${topic("    environments:\n      prod:\n        partitions: -1\n")}`;
        expect(problemsOf(text, "dev")).toMatch(/topics\[0\]\.environments\.prod\.partitions \(found "-1"\)/);
    });

    it("reads quotas per user and per client id, with this environment's override only", () => {
        const text = `${USERS}externalPrincipals: ["User:legacy"]\nquotas:\n  - user: orders-api\n    producerByteRate: 1024\n    environments:\n      prod:\n        producerByteRate: 4096\n        requestPercentage: 25.5\n` +
            `  - clientId: batch-export\n    consumerByteRate: 2048\n  - user: legacy\n    controllerMutationRate: 0.5\n`;
        expect(parseCatalog(text, "ok.yaml", "dev").quotas).toEqual([
            { entityType: "user", entityName: "orders-api", rates: { producer_byte_rate: 1024 } },
            { entityType: "client-id", entityName: "batch-export", rates: { consumer_byte_rate: 2048 } },
            { entityType: "user", entityName: "legacy", rates: { controller_mutation_rate: 0.5 } },
        ]);
        const prod = parseCatalog(text, "ok.yaml", "prod");
        expect(prod.quotas[0].rates).toEqual({ producer_byte_rate: 4096, request_percentage: 25.5 });
        expect(prod.declaredAt.quotas[0]).toEqual({ file: "ok.yaml", path: "quotas[0].user", line: 5 });
    });

    it("lets externalPrincipals be used without a declared user", () => {
        const c = parseCatalog(`topics:\n${topic()}externalPrincipals: ["User:legacy"]\nservices:\n  - name: legacy\n    consumes: [orders.order.created]\n`, "ok.yaml", "dev");
        expect(c.services[0].principal).toBe("User:legacy");
    });
});
