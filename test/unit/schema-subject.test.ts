// The SchemaSubject provider (components/topics/schema-subject.ts) against a fake schema registry: an in-memory
// Confluent-compatible ccompat v7 API plus Apicurio's native v3 dry run, on 127.0.0.1. No Docker, no
// real registry: the fake records every request, so each test asserts on the calls the provider made
// (which, in which order, with which body and content type), not only on what it returned.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { subjectProvider, type SubjectOutputs, type SubjectProps, type SubjectReference } from "../../components/topics/schema-subject";

// ---------------------------------------------------------------------------------------------
// The fake registry
// ---------------------------------------------------------------------------------------------

interface Version { version: number; id: number; schema: string; references: SubjectReference[] }
interface Subject { versions: Version[]; level?: string; softDeleted: boolean }
interface Recorded { method: string; path: string; contentType: string | undefined; body: any; status: number }

const DEFAULT_LEVEL = "BACKWARD";
/** Apicurio's wording, spaces before the commas included: the provider tidies them. */
const CAUSE = { description: "Field type changed, message Person , before: int32 , after string", context: "/Person" };

class FakeRegistry {
    subjects = new Map<string, Subject>();
    requests: Recorded[] = [];
    /** Global ids start far from 1, so a test can tell a schema id from a version number. */
    nextId = 41;
    /** Whether a new schema breaks the subject's level (a level of NONE accepts anything). */
    incompatible: (schema: string) => boolean = schema => schema.includes("string id = 2");
    private server!: Server;
    url = "";

    reset(): void {
        this.subjects.clear();
        this.requests = [];
        this.nextId = 41;
        this.incompatible = schema => schema.includes("string id = 2");
    }

    /** A version registered out of band (another tool, another stack), straight into the store. */
    put(subject: string, schema: string, references: SubjectReference[] = []): Version {
        const s = this.subjects.get(subject) ?? { versions: [], softDeleted: false };
        this.subjects.set(subject, s);
        const v = { version: s.versions.length + 1, id: this.nextId++, schema, references };
        s.versions.push(v);
        return v;
    }

    /** The requests so far, as "METHOD path?query", for order assertions. */
    calls(): string[] {
        return this.requests.map(r => `${r.method} ${r.path}`);
    }

    async start(): Promise<void> {
        this.server = createServer((req, res) => void this.handle(req, res));
        await new Promise<void>(resolve => this.server.listen(0, "127.0.0.1", resolve));
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>(resolve => this.server.close(() => resolve()));
    }

    private live(name: string): Subject | undefined {
        const s = this.subjects.get(name);
        return s && !s.softDeleted && s.versions.length > 0 ? s : undefined;
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const text = Buffer.concat(chunks).toString("utf8");
        const url = new URL(req.url ?? "/", "http://fake");
        const rec: Recorded = {
            method: req.method ?? "",
            path: url.pathname + url.search,
            contentType: req.headers["content-type"],
            body: text === "" ? undefined : JSON.parse(text),
            status: 0,
        };
        this.requests.push(rec);
        const send = (status: number, json: unknown) => {
            rec.status = status;
            res.writeHead(status, { "Content-Type": "application/json" });
            res.end(JSON.stringify(json));
        };
        const notFound = () => send(404, { error_code: 40401, message: "Subject not found" });
        const m = (re: RegExp) => url.pathname.match(re);
        let g: RegExpMatchArray | null;

        // ccompat v7
        if (req.method === "POST" && (g = m(/^\/apis\/ccompat\/v7\/subjects\/([^/]+)\/versions$/))) {
            const name = decodeURIComponent(g[1]);
            const s = this.live(name);
            const level = s?.level ?? DEFAULT_LEVEL;
            if (s && level !== "NONE" && this.incompatible(rec.body.schema)) {
                return send(409, { error_code: 409, message: "Schema being registered is incompatible with an earlier schema" });
            }
            // Like Confluent: a schema the subject already holds (at any version) gets its existing id, no new version.
            const known = s?.versions.find(v => v.schema === rec.body.schema);
            if (known) return send(200, { id: known.id });
            if (this.subjects.get(name)?.softDeleted) this.subjects.delete(name);
            return send(200, { id: this.put(name, rec.body.schema, rec.body.references ?? []).id });
        }
        if (req.method === "POST" && (g = m(/^\/apis\/ccompat\/v7\/subjects\/([^/]+)$/))) {
            // Which version of the subject holds this schema.
            const name = decodeURIComponent(g[1]);
            const v = this.live(name)?.versions.find(x => x.schema === rec.body.schema);
            if (!v) return send(404, { error_code: 40403, message: "Schema not found" });
            return send(200, { subject: name, version: v.version, id: v.id, schema: v.schema });
        }
        if (req.method === "GET" && (g = m(/^\/apis\/ccompat\/v7\/subjects\/([^/]+)\/versions\/latest$/))) {
            const name = decodeURIComponent(g[1]);
            const v = this.live(name)?.versions.at(-1);
            if (!v) return notFound();
            return send(200, { subject: name, version: v.version, id: v.id, schema: v.schema, schemaType: "PROTOBUF", references: v.references });
        }
        if ((g = m(/^\/apis\/ccompat\/v7\/config\/([^/]+)$/))) {
            const s = this.live(decodeURIComponent(g[1]));
            if (!s) return notFound();
            if (req.method === "PUT") {
                s.level = rec.body.compatibility;
                return send(200, { compatibility: s.level });
            }
            if (req.method === "GET") return send(200, { compatibilityLevel: s.level ?? DEFAULT_LEVEL });
        }
        if (req.method === "POST" && (g = m(/^\/apis\/ccompat\/v7\/compatibility\/subjects\/([^/]+)\/versions\/latest$/))) {
            const s = this.live(decodeURIComponent(g[1]));
            if (!s) return notFound();
            return send(200, { is_compatible: (s.level ?? DEFAULT_LEVEL) === "NONE" || !this.incompatible(rec.body.schema) });
        }
        if (req.method === "DELETE" && (g = m(/^\/apis\/ccompat\/v7\/subjects\/([^/]+)$/))) {
            const name = decodeURIComponent(g[1]);
            const s = this.subjects.get(name);
            if (url.searchParams.get("permanent") === "true") {
                // Like Confluent: a permanent delete needs a soft delete first.
                if (!s) return notFound();
                if (!s.softDeleted) return send(404, { error_code: 40405, message: "Subject was not deleted first before being permanently deleted" });
                this.subjects.delete(name);
                return send(200, s.versions.map(v => v.version));
            }
            if (!s || s.softDeleted) return notFound();
            // Like Apicurio: a subject that versions of another subject (soft-deleted ones too) reference stays.
            const referencedBy = [...this.subjects.entries()].filter(([n, x]) => n !== name && x.versions.some(v => v.references.some(r => r.subject === name)));
            if (referencedBy.length > 0) return send(422, { error_code: 42205, message: `There are subjects referencing ${name}` });
            s.softDeleted = true;
            return send(200, s.versions.map(v => v.version));
        }

        // Apicurio v3: the dry run that explains an incompatibility. It takes only application/json.
        if (req.method === "POST" && (g = m(/^\/apis\/registry\/v3\/groups\/default\/artifacts\/([^/]+)\/versions$/))) {
            if (url.searchParams.get("dryRun") !== "true") return send(400, { detail: "only dry runs in this fake" });
            if (!rec.contentType?.startsWith("application/json")) {
                return send(415, { status: 415, title: "Unsupported Media Type", detail: `Content-Type ${rec.contentType}` });
            }
            const s = this.live(decodeURIComponent(g[1]));
            if (!s) return send(404, { status: 404, title: "ArtifactNotFoundException", detail: "No artifact" });
            if ((s.level ?? DEFAULT_LEVEL) !== "NONE" && this.incompatible(rec.body.content.content)) {
                return send(400, {
                    causes: [CAUSE],
                    detail: "Incompatible artifact: people.person.updated-value [PROTOBUF], num of incompatible diffs: {1}",
                    name: "RuleViolationException",
                    status: 400,
                    title: "Incompatible artifact",
                });
            }
            return send(200, { groupId: "default", artifactId: decodeURIComponent(g[1]), version: String(s.versions.length + 1) });
        }
        send(404, { error_code: 404, message: `no route ${req.method} ${url.pathname}` });
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const SUBJECT = "people.person.updated-value";
const FILE = "people/v1/person.proto";
const PERSON = 'syntax = "proto3";\npackage people.v1;\nmessage Person {\n  string name = 1;\n  int32 id = 2;\n}\n';
/** The same tokens as PERSON: comments and layout only. */
const PERSON_REFORMATTED = '// A person.\nsyntax   =   "proto3";\n\npackage people.v1;\n/* the record */\nmessage Person { string name = 1;   int32 id = 2; // the key\n}\n';
/** A compatible evolution: a new field with a new number. */
const PERSON_WITH_EMAIL = 'syntax = "proto3";\npackage people.v1;\nmessage Person {\n  string name = 1;\n  int32 id = 2;\n  string email = 3;\n}\n';
/** An incompatible one: field 2 changes type (the fake's predicate matches "string id = 2"). */
const PERSON_STRING_ID = 'syntax = "proto3";\npackage people.v1;\nmessage Person {\n  string name = 1;\n  string id = 2;\n}\n';
const MONEY = 'syntax = "proto3";\npackage common.v1;\nmessage Money { string currency = 1; int64 minor_units = 2; }\n';

const fake = new FakeRegistry();
const provider = subjectProvider;

function props(over: Partial<SubjectProps> = {}): SubjectProps {
    return { registryUrl: fake.url, subject: SUBJECT, file: FILE, schema: PERSON, compatibility: "BACKWARD", references: [], ...over };
}

/** A subject created through the provider; the fake's log is cleared so the test sees only its own calls. */
async function created(over: Partial<SubjectProps> = {}): Promise<SubjectOutputs> {
    const r = await provider.create(props(over));
    fake.requests = [];
    return r.outs!;
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error> {
    try {
        await p;
    } catch (e) {
        return e as Error;
    }
    throw new Error("expected a rejection");
}

const isCompatibilityCall = (r: Recorded) => r.path.includes("/compatibility/") || r.path.includes("/apis/registry/v3/");

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe("create", () => {
    it("registers the schema with its references, then sets the level, and returns the registry's version and id", async () => {
        // A referenced subject first, so the schema's id (42) is neither 1 nor its version.
        fake.put("common.v1.money", MONEY);
        const refs = [{ name: "common/v1/money.proto", subject: "common.v1.money", version: 1 }];
        const r = await provider.create(props({ references: refs, compatibility: "FULL" }));

        // Order matters: a level can only be set on a subject that exists.
        expect(fake.calls()).toEqual([
            `POST /apis/ccompat/v7/subjects/${SUBJECT}/versions`,
            `POST /apis/ccompat/v7/subjects/${SUBJECT}`,
            `PUT /apis/ccompat/v7/config/${SUBJECT}`,
        ]);
        expect(fake.requests[0].body).toEqual({ schemaType: "PROTOBUF", schema: PERSON, references: refs });
        expect(fake.requests[2].body).toEqual({ compatibility: "FULL" });

        const stored = fake.subjects.get(SUBJECT)!;
        expect(stored.level).toBe("FULL");
        expect(stored.versions).toEqual([{ version: 1, id: 42, schema: PERSON, references: refs }]);

        expect(r.id).toBe(SUBJECT);
        expect(r.outs).toEqual({ ...props({ references: refs, compatibility: "FULL" }), version: 1, schemaId: 42 });
    });

    it("reports the version the registry gives, not an assumed 1, when the subject already has versions", async () => {
        fake.put(SUBJECT, PERSON);
        const r = await provider.create(props({ schema: PERSON_WITH_EMAIL }));
        expect(r.outs!.version).toBe(2);
        expect(r.outs!.schemaId).toBe(42);
    });
});

describe("diff", () => {
    it("a reformatted schema with the same level is no change, and asks the registry nothing about compatibility", async () => {
        const olds = await created();
        const d = await provider.diff!(SUBJECT, olds, props({ schema: PERSON_REFORMATTED }));
        expect(d.changes).toBe(false);
        expect(d.replaces).toEqual([]);
        expect(fake.requests.filter(isCompatibilityCall)).toEqual([]);
    });

    it("a changed schema is an update in place, after a compatibility check", async () => {
        const olds = await created();
        const d = await provider.diff!(SUBJECT, olds, props({ schema: PERSON_WITH_EMAIL }));
        expect(d.changes).toBe(true);
        expect(d.replaces).toEqual([]);
        const check = fake.requests.find(r => r.path === `/apis/ccompat/v7/compatibility/subjects/${SUBJECT}/versions/latest`);
        expect(check?.body).toEqual({ schemaType: "PROTOBUF", schema: PERSON_WITH_EMAIL, references: [] });
    });

    it("the same registry spelled another way is no change", async () => {
        const olds = await created();
        const port = new URL(fake.url).port;
        for (const spelling of [`${fake.url}/`, `${fake.url}//`, `HTTP://127.0.0.1:${port}/`]) {
            expect(await provider.diff!(SUBJECT, olds, props({ registryUrl: spelling })), spelling).toEqual({ changes: false, replaces: [] });
        }
        expect(fake.calls()).toEqual([]);
    });

    it("never replaces: a changed subject is refused, not deleted and registered again", async () => {
        const olds = await created();
        const e = await rejection(provider.diff!(SUBJECT, olds, props({ subject: "people.person.renamed-value" })));
        expect(e.message).toMatch(/subject people\.person\.updated-value cannot become people\.person\.renamed-value/);
        expect(fake.calls().filter(c => c.startsWith("DELETE"))).toEqual([]);
    });

    describe("a new registry URL", () => {
        const other = new FakeRegistry();
        beforeAll(() => other.start());
        afterAll(() => other.stop());
        beforeEach(() => other.reset());

        it("is an update when the registry there holds the subject: registered there, nothing deleted anywhere", async () => {
            const olds = await created();
            other.nextId = 7;
            other.put(SUBJECT, PERSON);
            const moved = props({ registryUrl: other.url });
            expect(await provider.diff!(SUBJECT, olds, moved)).toEqual({ changes: true, replaces: [] });
            const { outs } = await provider.update!(SUBJECT, olds, moved);
            // The version and id are the new registry's, where the schema already was (no new version).
            expect(outs).toMatchObject({ registryUrl: other.url, version: 1, schemaId: 7 });
            expect(other.subjects.get(SUBJECT)!.versions).toHaveLength(1);
            expect([...fake.calls(), ...other.calls()].filter(c => c.startsWith("DELETE"))).toEqual([]);
            expect(fake.subjects.get(SUBJECT)!.softDeleted).toBe(false);
        });

        it("stops at preview when the registry there lacks the subject, with the steps, touching neither registry", async () => {
            const olds = await created();
            const e = await rejection(provider.diff!(SUBJECT, olds, props({ registryUrl: `${other.url}/` })));
            expect(e.message).toContain(`the schema registry at ${other.url} has no subject ${SUBJECT}, which this stack keeps at ${fake.url}`);
            expect(e.message).toContain("registering it anew would give it other ids than the messages already written carry");
            expect(e.message).toContain(`Fix: move the registry's data first (Apicurio: GET ${fake.url}/apis/registry/v3/admin/export`);
            expect(e.stack).toBe("nothing was changed");
            expect(other.calls()).toEqual([`GET /apis/ccompat/v7/subjects/${SUBJECT}/versions/latest`]);
            expect(fake.calls()).toEqual([]);
        });
    });

    it("a changed level alone is a change in place", async () => {
        const olds = await created();
        const d = await provider.diff!(SUBJECT, olds, props({ compatibility: "FULL" }));
        expect(d.changes).toBe(true);
        expect(d.replaces).toEqual([]);
    });

    it("a changed reference version is a change", async () => {
        fake.put("common.v1.money", MONEY);
        fake.put("common.v1.money", MONEY + "// v2\n");
        const olds = await created({ references: [{ name: "common/v1/money.proto", subject: "common.v1.money", version: 1 }] });
        const d = await provider.diff!(SUBJECT, olds, props({ references: [{ name: "common/v1/money.proto", subject: "common.v1.money", version: 2 }] }));
        expect(d.changes).toBe(true);
    });
});

describe("diff refuses an incompatible change (the preview's check)", () => {
    it("names the file, the subject, the level and the registry's cause", async () => {
        const olds = await created();
        const e = await rejection(provider.diff!(SUBJECT, olds, props({ schema: PERSON_STRING_ID })));
        expect(e.message).toContain(`topics/schemas/${FILE}`);
        expect(e.message).toContain(`subject ${SUBJECT}`);
        expect(e.message).toContain("not BACKWARD compatible");
        // The registry's description, with its " ," tidied to ",".
        expect(e.message).toContain("Field type changed, message Person, before: int32, after string (at /Person)");
        expect(e.message).toContain("latest version 1");
        // A refusal for the user, not a crash.
        expect(e.stack).toBe("nothing was changed");

        // The reasons come from Apicurio's v3 dry run, which takes only application/json.
        const dry = fake.requests.find(r => r.path.startsWith(`/apis/registry/v3/groups/default/artifacts/${SUBJECT}/versions`));
        expect(dry).toBeDefined();
        expect(dry!.path).toContain("dryRun=true");
        expect(dry!.contentType).toMatch(/^application\/json\b/);
        expect(dry!.body.content).toMatchObject({ content: PERSON_STRING_ID, contentType: "application/x-protobuf" });
        expect(dry!.status).toBe(400);
        // Nothing was registered.
        expect(fake.subjects.get(SUBJECT)!.versions).toHaveLength(1);
    });

    it("a compatible changed schema passes", async () => {
        const olds = await created();
        await expect(provider.diff!(SUBJECT, olds, props({ schema: PERSON_WITH_EMAIL }))).resolves.toMatchObject({ changes: true });
        expect(fake.requests.some(r => r.path.includes("/apis/registry/v3/"))).toBe(false);
    });

    it("when the level changes too, diff leaves the check to the registry at update", async () => {
        const olds = await created();
        // FORWARD, not NONE: the check must be skipped because the level changes, not because it is NONE.
        const d = await provider.diff!(SUBJECT, olds, props({ schema: PERSON_STRING_ID, compatibility: "FORWARD" }));
        expect(d.changes).toBe(true);
        expect(fake.requests.filter(isCompatibilityCall)).toEqual([]);
    });

    it("with level NONE there is no check", async () => {
        const olds = await created({ compatibility: "NONE" });
        const d = await provider.diff!(SUBJECT, olds, props({ schema: PERSON_STRING_ID, compatibility: "NONE" }));
        expect(d.changes).toBe(true);
        expect(fake.requests.filter(isCompatibilityCall)).toEqual([]);
    });
});

describe("update", () => {
    it("a changed level alone sets the config and registers nothing", async () => {
        const olds = await created();
        const r = await provider.update!(SUBJECT, olds, props({ compatibility: "FULL" }));
        expect(fake.calls()).toEqual([`PUT /apis/ccompat/v7/config/${SUBJECT}`]);
        expect(fake.requests[0].body).toEqual({ compatibility: "FULL" });
        expect(fake.subjects.get(SUBJECT)!.level).toBe("FULL");
        expect(fake.subjects.get(SUBJECT)!.versions).toHaveLength(1);
        expect(r.outs).toMatchObject({ compatibility: "FULL", version: olds.version, schemaId: olds.schemaId });
    });

    it("a changed schema registers a new version and returns it", async () => {
        const olds = await created();
        const r = await provider.update!(SUBJECT, olds, props({ schema: PERSON_WITH_EMAIL }));
        expect(fake.calls()).toContain(`POST /apis/ccompat/v7/subjects/${SUBJECT}/versions`);
        expect(fake.calls().some(c => c.startsWith("PUT "))).toBe(false);
        expect(r.outs).toMatchObject({ schema: PERSON_WITH_EMAIL, version: 2, schemaId: 42 });
    });

    it("sets a changed level BEFORE registering, so the new version is judged by the new level", async () => {
        // Under BACKWARD the fake refuses "string id = 2" with a 409; under NONE it accepts it. So the
        // update succeeds only if the level is set first.
        const olds = await created();
        const r = await provider.update!(SUBJECT, olds, props({ schema: PERSON_STRING_ID, compatibility: "NONE" }));
        const calls = fake.calls();
        const put = calls.indexOf(`PUT /apis/ccompat/v7/config/${SUBJECT}`);
        const post = calls.indexOf(`POST /apis/ccompat/v7/subjects/${SUBJECT}/versions`);
        expect(put).toBeGreaterThanOrEqual(0);
        expect(post).toBeGreaterThan(put);
        expect(r.outs).toMatchObject({ schema: PERSON_STRING_ID, compatibility: "NONE", version: 2 });
    });

    it("a return to an earlier schema reports the version that holds it, not the latest", async () => {
        const v1 = await created();
        const v2 = (await provider.update!(SUBJECT, v1, props({ schema: PERSON_WITH_EMAIL }))).outs!;
        const back = await provider.update!(SUBJECT, v2, props({ schema: PERSON }));
        expect(back.outs).toMatchObject({ version: 1, schemaId: v1.schemaId });
        expect(fake.subjects.get(SUBJECT)!.versions).toHaveLength(2);
    });

    it("a new level and a schema refused under it: the old level is put back, so nothing was changed", async () => {
        const olds = await created();
        const e = await rejection(provider.update!(SUBJECT, olds, props({ schema: PERSON_STRING_ID, compatibility: "FULL" })));
        expect(e.message).toContain("Field type changed");
        expect(fake.subjects.get(SUBJECT)!.level).toBe(olds.compatibility);
        expect(fake.subjects.get(SUBJECT)!.versions).toHaveLength(1);
    });

    it("a 409 on register is refused with the registry's reasons", async () => {
        const olds = await created();
        const e = await rejection(provider.update!(SUBJECT, olds, props({ schema: PERSON_STRING_ID })));
        expect(e.message).toContain("not BACKWARD compatible");
        expect(e.message).toContain("Field type changed, message Person, before: int32, after string");
        expect(e.stack).toBe("nothing was changed");
    });
});

describe("delete", () => {
    it("deletes softly only: the versions and their ids stay for the messages written with them", async () => {
        await created();
        await provider.delete!(SUBJECT, props() as SubjectOutputs);
        expect(fake.calls()).toEqual([`DELETE /apis/ccompat/v7/subjects/${SUBJECT}`]);
        expect(fake.requests.map(r => r.status)).toEqual([200]);
        expect(fake.subjects.get(SUBJECT)).toMatchObject({ softDeleted: true, versions: [{ version: 1, id: 41 }] });
    });

    it("keeps an imported file's subject that versions of another subject still reference, without failing", async () => {
        fake.put("common.v1.money", MONEY);
        await created({ references: [{ name: "common/v1/money.proto", subject: "common.v1.money", version: 1 }] });
        await provider.delete!(SUBJECT, props() as SubjectOutputs);
        await expect(provider.delete!("common.v1.money", props({ subject: "common.v1.money", schema: MONEY }) as SubjectOutputs)).resolves.toBeUndefined();
        expect(fake.requests.map(r => r.status)).toEqual([200, 422]);
        expect(fake.subjects.get("common.v1.money")?.softDeleted).toBe(false);
    });

    it("a subject already gone (404) is fine", async () => {
        await expect(provider.delete!(SUBJECT, props() as SubjectOutputs)).resolves.toBeUndefined();
        expect(fake.requests.map(r => r.status)).toEqual([404]);
    });
});

describe("read", () => {
    it("returns the registry's latest version and level", async () => {
        const olds = await created();
        fake.subjects.get(SUBJECT)!.level = "FULL_TRANSITIVE"; // changed out of band
        const r = await provider.read!(SUBJECT, olds);
        expect(r.id).toBe(SUBJECT);
        expect(r.props).toMatchObject({ version: 1, schemaId: olds.schemaId, compatibility: "FULL_TRANSITIVE", schema: PERSON });
    });

    it("keeps the state's text when the registry's differs only in formatting", async () => {
        const olds = await created({ schema: PERSON_REFORMATTED });
        fake.subjects.get(SUBJECT)!.versions[0].schema = PERSON; // the registry's own layout
        const r = await provider.read!(SUBJECT, olds);
        expect(r.props!.schema).toBe(PERSON_REFORMATTED);
    });

    it("returns the registry's text and version when a version was registered out of band", async () => {
        const olds = await created();
        const v = fake.put(SUBJECT, PERSON_WITH_EMAIL);
        const r = await provider.read!(SUBJECT, olds);
        expect(r.props).toMatchObject({ schema: PERSON_WITH_EMAIL, version: 2, schemaId: v.id });
    });

    it("returns no id when the subject is gone", async () => {
        const olds = await created();
        fake.subjects.delete(SUBJECT);
        const r = await provider.read!(SUBJECT, olds);
        expect(r).toEqual({});
        expect(r.id).toBeUndefined();
    });
});

describe("a registry that does not answer", () => {
    /** A port that was free a moment ago: nothing listens there. */
    async function closedPort(): Promise<number> {
        const s = createServer();
        await new Promise<void>(resolve => s.listen(0, "127.0.0.1", resolve));
        const port = (s.address() as AddressInfo).port;
        await new Promise<void>(resolve => s.close(() => resolve()));
        return port;
    }

    it("says where and how to start it, without a stack trace", async () => {
        const origin = `http://127.0.0.1:${await closedPort()}`;
        const down = props({ registryUrl: `${origin}/some/prefix/` });
        // One call at a time (thunks), so no rejection goes unhandled while another is awaited.
        for (const attempt of [
            () => provider.create(down),
            () => provider.read!(SUBJECT, { ...down, version: 1, schemaId: 1 }),
            () => provider.delete!(SUBJECT, { ...down, version: 1, schemaId: 1 }),
        ]) {
            const e = await rejection(attempt());
            expect(e.message).toContain(`does not answer at ${origin} `);
            expect(e.message).toContain("pulumi config set schemaRegistryEnabled true");
            expect(e.message).toContain("point schemaRegistryUrl at a running one");
            // The dynamic provider host prints `${error}: ${error.stack}`: no frames in it.
            expect(e.stack).toBe("nothing was changed");
            expect(e.stack).not.toMatch(/\n\s+at /);
        }
    });
});
