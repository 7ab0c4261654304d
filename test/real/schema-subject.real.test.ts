// The SchemaSubject provider against a real schema registry (the image the cluster stack runs,
// created from the stack's own declared specs) on a real Kafka broker: how a change of the
// registry's URL is handled, and what a delete leaves behind. Before, a URL written with a
// trailing slash deleted every version of a subject (soft, then permanent) and registered the
// schema again as version 1, with a new id.

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subjectProvider, type SubjectOutputs, type SubjectProps } from "../../components/topics/schema-subject";
import { runClusterProgram, type DeclaredResource } from "../mock/cluster-program";
import { DockerHarness } from "./docker-harness";

const REAL = process.env.KAFKA_REAL_TESTS !== "off";
const IMAGE = process.env.KAFKA_TEST_IMAGE ?? "kafka-local:4.3.1";
const REGISTRY_IMAGE = process.env.SCHEMA_REGISTRY_TEST_IMAGE || "schema-registry-local:3.3.3";
const HEALTHY_WITHIN_MS = 300_000;
const PORT = 39385, EMPTY_PORT = 39386;

const SUBJECT = "people.person.updated-value";
const V1 = 'syntax = "proto3";\npackage people.v1;\nmessage Person { string name = 1; int32 id = 2; }\n';
const V2 = 'syntax = "proto3";\npackage people.v1;\nmessage Person { string name = 1; int32 id = 2; string email = 3; }\n';

describe.skipIf(!REAL)("the schema subject provider on a real registry", () => {
    let harness: DockerHarness;
    const url = `http://127.0.0.1:${PORT}`;
    const props = (over: Partial<SubjectProps> = {}): SubjectProps =>
        ({ registryUrl: url, subject: SUBJECT, file: "people/v1/person.proto", schema: V1, compatibility: "BACKWARD", references: [], ...over });
    const ccompat = async (base: string, path: string) => {
        const res = await fetch(`${base}/apis/ccompat/v7${path}`, { signal: AbortSignal.timeout(30_000) });
        return { status: res.status, json: await res.json() as any };
    };
    let deployed: SubjectOutputs;

    beforeAll(async () => {
        await DockerHarness.requireEngine();
        const id = randomBytes(3).toString("hex");
        const run = await runClusterProgram({
            name: `ks-${id}`, networkName: `ks-${id}-net`, kafkaImage: IMAGE, brokers: "1", externalPortBase: "39392", uiEnabled: "false",
            heapMb: "384", memoryMb: "768", schemaRegistryEnabled: "true", schemaRegistryImage: REGISTRY_IMAGE, schemaRegistryPort: String(PORT),
        }, {}, `test-${id}`);
        harness = new DockerHarness(run, id);
        await harness.requireImage(IMAGE);
        await harness.requireImage(REGISTRY_IMAGE);
        await harness.createAll();
        // The first registry creates the shared events topic; a second one started beside it races
        // it to the creation, and the loser exits with TopicExistsException. So the second starts after.
        await harness.waitHealthy(harness.containers().map(c => c.plain.name as string), HEALTHY_WITHIN_MS);
        // A second registry on the same broker, with a journal of its own: a registry that does not hold the subject.
        const registry = harness.containers().find(c => (c.plain.name as string).endsWith("-schema-registry"))!;
        const empty: DeclaredResource = {
            ...registry,
            plain: {
                ...registry.plain, name: `ks-${id}-empty-registry`, hostname: `ks-${id}-empty-registry`,
                ports: registry.plain.ports.map((p: Record<string, unknown>) => ({ ...p, external: EMPTY_PORT })),
                envs: [...registry.plain.envs, "APICURIO_KAFKASQL_TOPIC=kafkasql-journal-empty", "APICURIO_KAFKASQL_SNAPSHOTS_TOPIC=kafkasql-snapshots-empty"],
            },
        };
        await harness.createContainer(empty);
        await harness.waitHealthy([empty.plain.name], HEALTHY_WITHIN_MS);
        deployed = (await subjectProvider.create(props())).outs!;
        deployed = (await subjectProvider.update!(SUBJECT, deployed, props({ schema: V2 }))).outs!;
        expect(deployed).toMatchObject({ version: 2 });
    }, 2 * HEALTHY_WITHIN_MS + 120_000);
    afterAll(async () => expect(await harness?.cleanup() ?? []).toEqual([]), 120_000);

    it("takes the same registry spelled another way as no change, and sends it nothing that changes a subject", async () => {
        for (const spelling of [`${url}/`, `HTTP://127.0.0.1:${PORT}//`]) {
            expect(await subjectProvider.diff!(SUBJECT, deployed, props({ registryUrl: spelling, schema: V2 })), spelling).toEqual({ changes: false, replaces: [] });
        }
        const versions = await ccompat(url, `/subjects/${SUBJECT}/versions`);
        expect(versions.json).toEqual([1, 2]);
    });

    it("moves to another URL of a registry that holds the subject as an update: its versions and ids stay", async () => {
        const other = `http://localhost:${PORT}`;
        expect(await subjectProvider.diff!(SUBJECT, deployed, props({ registryUrl: other, schema: V2 }))).toEqual({ changes: true, replaces: [] });
        const { outs } = await subjectProvider.update!(SUBJECT, deployed, props({ registryUrl: other, schema: V2 }));
        expect(outs).toMatchObject({ registryUrl: other, version: 2, schemaId: deployed.schemaId });
        expect((await ccompat(url, `/subjects/${SUBJECT}/versions`)).json).toEqual([1, 2]);
    });

    it("stops at preview before a registry that lacks the subject, and changes neither registry", async () => {
        const empty = `http://127.0.0.1:${EMPTY_PORT}`;
        const e = await subjectProvider.diff!(SUBJECT, deployed, props({ registryUrl: empty, schema: V2 })).then(() => undefined, (x: Error) => x);
        expect(e?.message).toContain(`the schema registry at ${empty} has no subject ${SUBJECT}, which this stack keeps at ${url}`);
        expect(e?.message).toContain("move the registry's data first");
        expect((await ccompat(empty, "/subjects")).json).toEqual([]);
        expect((await ccompat(url, `/subjects/${SUBJECT}/versions`)).json).toEqual([1, 2]);
    });

    it("deletes softly: the subject leaves the list, its ids still resolve, and it can come back", async () => {
        await subjectProvider.delete!(SUBJECT, deployed);
        expect((await ccompat(url, "/subjects")).json).not.toContain(SUBJECT);
        // A message written with the deleted subject's schema id still decodes.
        const byId = await ccompat(url, `/schemas/ids/${deployed.schemaId}`);
        expect(byId.status).toBe(200);
        expect(byId.json.schema).toContain("string email = 3");
        const back = (await subjectProvider.create(props({ schema: V2 }))).outs!;
        expect(back.schemaId).toBe(deployed.schemaId);
        expect((await ccompat(url, "/subjects")).json).toContain(SUBJECT);
    });
});
