// Schema registry policies of the kafka-guardrails pack (schemas:Subject and the TopicSchemas
// component), run through the policy harness on inputs shaped like the ones the topics stack
// declares (components/topics/schema-subject.ts, components/topics/topic-schemas.ts).

import { describe, expect, it } from "vitest";
import { loadPackConfig, runPack, type PackConfig, type TestResource, urnOf, validateResource } from "./policy-harness";
import { shippedStackConfig } from "../mock/stack-files";

const SUBJECT = "pulumi-nodejs:dynamic/schemas:Subject";
const TOPIC_SCHEMAS = "kafka-as-code:index:TopicSchemas";
const dev = loadPackConfig("dev");
const staging = loadPackConfig("staging");
const prod = loadPackConfig("prod");
const at = { stack: "staging", project: "kafka-topics" };

function subject(inputs: Partial<{ subject: string; file: string; schema: string; compatibility: string }> = {}): TestResource {
    const all = {
        registryUrl: "http://127.0.0.1:8086",
        subject: "people.person.updated-value",
        file: "people/v1/person.proto",
        schema: `syntax = "proto3";\npackage people.v1;\nmessage Person { string id = 1; }\n`,
        compatibility: "BACKWARD",
        references: [],
        __provider: "serialized-dynamic-provider",
        ...inputs,
    };
    const name = `schemas-${all.subject}`;
    return { type: SUBJECT, name, inputs: all, urn: urnOf(SUBJECT, name, { ...at, parentType: TOPIC_SCHEMAS }) };
}

function topicSchemas(valueSchemaEnvironments: Record<string, string[]>, environment = "staging"): TestResource {
    return { type: TOPIC_SCHEMAS, name: "schemas", inputs: { environment, valueSchemaEnvironments }, urn: urnOf(TOPIC_SCHEMAS, "schemas", at) };
}

const messages = async (policy: string, r: TestResource, cfg: PackConfig) => (await validateResource(policy, r, cfg, at)).map(d => d.message);

describe("schema-compatibility-not-none", () => {
    const run = (r: TestResource, cfg: PackConfig = staging) => messages("schema-compatibility-not-none", r, cfg);

    it("accepts BACKWARD and stricter levels in production-class stacks", async () => {
        expect(await run(subject(), prod)).toEqual([]);
        for (const level of ["BACKWARD_TRANSITIVE", "FORWARD", "FULL", "FULL_TRANSITIVE"]) expect(await run(subject({ compatibility: level }))).toEqual([]);
    });

    it("rejects NONE in staging and prod, naming the subject, its file and the fix", async () => {
        const ds = await validateResource("schema-compatibility-not-none", subject({ compatibility: "NONE" }), staging, at);
        expect(ds).toHaveLength(1);
        expect(ds[0].enforcementLevel).toBe("mandatory");
        const m = ds[0].message;
        expect(m).toContain(`pulumi-nodejs.Subject "people.person.updated-value" (resource schemas-people.person.updated-value, urn:pulumi:staging::kafka-topics::`);
        expect(m).toContain(`subject "people.person.updated-value" (topics/schemas/people/v1/person.proto) has compatibility NONE in a production-class stack`);
        expect(m).toContain("Fix: set compatibility: BACKWARD (or stricter, e.g. FULL_TRANSITIVE) in the catalog's valueSchema for this environment");
        expect(await run(subject({ compatibility: "NONE" }), prod)).toHaveLength(1);
        expect(await run(subject({ subject: "orders.order.created-key", file: "orders/v1/order_key.proto", compatibility: "NONE" }))).toEqual([expect.stringContaining("in the catalog's keySchema for this environment")]);
    });

    it("says nothing outside production class: NONE in dev, or with no config file at all", async () => {
        const none = subject({ compatibility: "NONE" });
        expect(await run(none, dev)).toEqual([]);
        expect(await run(none, {})).toEqual([]);
    });

    it("checks only subjects (not other resources that carry a compatibility input)", async () => {
        const other: TestResource = { type: "kafka:index/topic:Topic", name: "topic-x", inputs: { name: "x.y.z", compatibility: "NONE" } };
        expect(await run(other)).toEqual([]);
    });
});

describe("schema-value-in-every-environment", () => {
    const run = (r: TestResource, cfg: PackConfig = staging) => messages("schema-value-in-every-environment", r, cfg);

    it("accepts topics with a value schema in dev, staging and prod, and a component with no topic", async () => {
        expect(await run(topicSchemas({ "orders.order.created": ["dev", "staging", "prod"], "people.person.updated": ["dev", "staging", "prod"] }))).toEqual([]);
        expect(await run(topicSchemas({}), prod)).toEqual([]);
    });

    it("rejects a topic with a value schema in dev only, naming the topic and the missing environments", async () => {
        const ds = await validateResource("schema-value-in-every-environment", topicSchemas({ "orders.order.created": ["dev", "staging", "prod"], "people.person.updated": ["dev"] }), staging, at);
        expect(ds).toHaveLength(1);
        expect(ds[0].enforcementLevel).toBe("mandatory");
        const m = ds[0].message;
        expect(m).toContain(`kafka-as-code.TopicSchemas "schemas" (urn:pulumi:staging::kafka-topics::kafka-as-code:index:TopicSchemas::schemas)`);
        expect(m).toContain(`topic "people.person.updated" has a value schema in dev but not in staging, prod`);
        expect(m).toContain("Fix: declare valueSchema on the topic itself in topics/catalog.yaml (not only in an environments.<env> override)");
        expect(m).toContain("or remove it from every environment");
    });

    it("reports each incomplete topic once, in prod as in staging", async () => {
        const ds = await run(topicSchemas({ "a.b.c": ["prod"], "d.e.f": ["dev", "staging"], "g.h.i": ["dev", "staging", "prod"] }, "prod"), prod);
        expect(ds).toEqual([
            expect.stringContaining(`topic "a.b.c" has a value schema in prod but not in dev, staging`),
            expect.stringContaining(`topic "d.e.f" has a value schema in dev, staging but not in prod`),
        ]);
    });

    it("says nothing outside production class", async () => {
        const devOnly = topicSchemas({ "people.person.updated": ["dev"] }, "dev");
        expect(await run(devOnly, dev)).toEqual([]);
        expect(await run(devOnly, {})).toEqual([]);
    });
});

describe("the topics program's schemas (topics/index.ts under mocks) through the whole pack", async () => {
    const { runTopicsProgram, STAGING_CLUSTER_OUTPUTS } = await import("../mock/topics-program");
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const staged = { stack: "staging", project: "kafka-topics" };
    const stackConfig = shippedStackConfig("topics", "staging");
    const schemaPolicies = (name: string) => name.startsWith("schema-");
    const resourcesOf = (run: Awaited<ReturnType<typeof runTopicsProgram>>): TestResource[] =>
        run.resources.map(r => ({ type: r.type, name: r.name, inputs: r.inputs, urn: urnOf(r.type, r.name, staged) }));
    const shippedCatalog = readFileSync(join(__dirname, "../../topics/catalog.yaml"), "utf8");
    const runStaging = (catalogText?: string) => runTopicsProgram({
        stack: "staging", config: stackConfig, catalogText, stacks: { "organization/kafka-cluster/staging": STAGING_CLUSTER_OUTPUTS },
    });

    it("the shipped catalog declares subjects and the component, and passes the schema policies in staging", async () => {
        const run = await runStaging();
        expect(run.ofType(SUBJECT).length).toBeGreaterThan(0);
        expect(run.ofType(TOPIC_SCHEMAS)).toHaveLength(1);
        expect(await runPack(resourcesOf(run), staging, { ...staged, only: schemaPolicies })).toEqual([]);
    });

    it("a value schema declared only in a prod override, and compatibility NONE, fail in staging", async () => {
        // Each edit must apply to the shipped catalog (a changed catalog.yaml fails here, not later).
        const edit = (text: string, [from, to]: [string, string]) => {
            expect(text, `topics/catalog.yaml still contains ${JSON.stringify(from)}`).toContain(from);
            return text.replace(from, to);
        };
        const catalog = ([
            ["    valueSchema:\n      file: people/v1/person.proto\n      compatibility: BACKWARD\n", "    valueSchema:\n      file: people/v1/person.proto\n      compatibility: NONE\n"],
            ["      prod:\n        partitions: 12\n", "      prod:\n        partitions: 12\n        valueSchema:\n          file: orders/v1/order_created.proto\n"],
            ["    valueSchema:\n      file: orders/v1/order_created.proto   # imports common/v1/money.proto\n", ""],
        ] as Array<[string, string]>).reduce(edit, shippedCatalog);
        const run = await runStaging(catalog);
        const ds = await runPack(resourcesOf(run), staging, { ...staged, only: schemaPolicies });
        expect(ds.map(d => [d.policyName, d.message]).sort()).toEqual([
            ["schema-compatibility-not-none", expect.stringContaining(`subject "people.person.updated-value" (topics/schemas/people/v1/person.proto) has compatibility NONE`)],
            ["schema-value-in-every-environment", expect.stringContaining(`topic "orders.order.created" has a value schema in prod but not in dev, staging`)],
        ]);
    });
});
