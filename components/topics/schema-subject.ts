// SchemaSubject: one subject of the schema registry, as a Pulumi dynamic resource over the
// registry's Confluent-compatible REST API (Apicurio Registry's ccompat v7), with the reasons for an
// incompatibility from its native v3 API (ccompat answers only "is_compatible": false).
//
//   create   registers the schema, then sets the subject's compatibility level
//   diff     compares normalized schemas (comments and formatting are not a change); a changed
//            schema is checked against the subject's latest version, so `pulumi preview` fails on
//            an incompatible change, naming the .proto file, the subject and the rule it breaks
//   update   sets the level first (the new version must satisfy the new level), then registers
//   delete   soft-deletes the subject: it leaves the registry's subject list, while its versions
//            and ids stay resolvable for the messages already written with them; the stack's
//            `protect` option keeps subjects of staging and prod from ever getting here
//   read     the latest version and level, so `pulumi refresh` shows a subject changed out of band
//
// The registry's URL is compared in one spelling (normalizeRegistryUrl). A new URL is an update,
// never a replacement: the subject must already be in the registry at the new URL (the same
// registry, or one its data was moved to, which keeps the ids messages carry); otherwise the
// preview stops with the steps. Nothing is ever deleted from a registry because its URL changed.
//
// The provider's functions are serialized into the state by Pulumi: they use only what is defined
// in this file and Node's global fetch.

import * as http from "node:http";
import * as https from "node:https";
import * as pulumi from "@pulumi/pulumi";
import type { CompatibilityLevel } from "./catalog-schema";

export interface SubjectReference {
    /** The import path, as written in the importing file. */
    name: string;
    subject: string;
    version: number;
}

/** How to reach a registry: its base URL, the CA its certificate is checked against, and the credentials it asks for. */
export interface RegistryAccess {
    registryUrl: string;
    /** An https registry's CA certificate (PEM); unset: the system's roots. */
    registryCa?: string;
    /** The Authorization header's value (`Basic ...` or `Bearer ...`): a Pulumi secret, kept encrypted in the state. */
    registryAuth?: string;
}

/** What the provider receives (all inputs resolved). */
export interface SubjectProps extends RegistryAccess {
    subject: string;
    /** The .proto file, relative to topics/schemas/, for messages. */
    file: string;
    schema: string;
    compatibility: CompatibilityLevel;
    references: SubjectReference[];
}

export interface SubjectOutputs extends SubjectProps {
    /** The subject's version that holds this schema. */
    version: number;
    /** The registry's global id of the schema. */
    schemaId: number;
}

export interface SchemaSubjectArgs {
    registryUrl: pulumi.Input<string>;
    registryCa?: pulumi.Input<string>;
    /** Pass a Pulumi secret. */
    registryAuth?: pulumi.Input<string>;
    subject: pulumi.Input<string>;
    file: pulumi.Input<string>;
    schema: pulumi.Input<string>;
    compatibility: pulumi.Input<CompatibilityLevel>;
    references: pulumi.Input<pulumi.Input<{ name: pulumi.Input<string>; subject: pulumi.Input<string>; version: pulumi.Input<number> }>[]>;
}

/** The type token policies and `pulumi stack export` see. */
export const SCHEMA_SUBJECT_TYPE = "pulumi-nodejs:dynamic/schemas:Subject";

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A .proto text reduced to its tokens: comments dropped, whitespace between tokens made one space.
 * Two files with the same tokens declare the same schema.
 */
export function normalizeProto(text: string): string {
    const tokens = text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z0-9_.+-]+|\S/g) ?? [];
    return tokens.filter(t => !t.startsWith("//") && !t.startsWith("/*")).join(" ");
}

/**
 * An error for the user, not a crash: Pulumi's dynamic provider host prints `${error}: ${error.stack}`,
 * so the stack is replaced by what it means for the deployment.
 */
function refusal(message: string): Error {
    const e = new Error(message);
    e.stack = "nothing was changed";
    return e;
}

/** A request target: the registry (how to reach it) and the full URL. */
interface Target {
    reg: RegistryAccess;
    url: string;
}

/**
 * One request to the registry, through Node's own http/https (an https registry's CA is given per
 * request; the credentials go in the Authorization header). Never throws a stack trace: a
 * registry that does not answer is a one-line refusal with what to do.
 */
async function call(method: string, target: Target, body?: unknown, contentType = "application/vnd.schemaregistry.v1+json"): Promise<{ status: number; json: any }> {
    const url = new URL(target.url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { Accept: "application/json" };
    if (payload !== undefined) Object.assign(headers, { "Content-Type": contentType, "Content-Length": String(Buffer.byteLength(payload)) });
    if (target.reg.registryAuth) headers.Authorization = target.reg.registryAuth;
    const lib = url.protocol === "https:" ? https : http;
    let res: { status: number; text: string };
    try {
        res = await new Promise((resolve, reject) => {
            const req = lib.request(url, { method, headers, timeout: REQUEST_TIMEOUT_MS, ...(url.protocol === "https:" && target.reg.registryCa ? { ca: target.reg.registryCa } : {}) }, r => {
                const chunks: Buffer[] = [];
                r.on("data", (c: Buffer) => chunks.push(c));
                r.on("end", () => resolve({ status: r.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
                r.on("error", reject);
            });
            req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
            req.on("error", reject);
            req.end(payload);
        });
    } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const tlsProblem = /certificate|self[- ]signed|unable to verify|CERT_|ERR_TLS/i.test(`${err.code ?? ""} ${err.message}`);
        throw refusal(`the schema registry does not answer at ${url.origin} (${err.code ?? err.message}): ` + (tlsProblem
            ? "its certificate is not signed by the CA this stack trusts (the cluster stack's caCert output, or the stack's caCert); check schemaRegistryUrl and the CA"
            : "start it with the cluster stack (pulumi config set schemaRegistryEnabled true && pulumi up in the repository root), or point schemaRegistryUrl at a running one"));
    }
    let json: any;
    try { json = res.text === "" ? undefined : JSON.parse(res.text); } catch { json = res.text; }
    if (res.status === 401 || res.status === 403) {
        throw refusal(`the schema registry at ${url.origin} refused this stack's credentials (HTTP ${res.status}): ` +
            "check the registry's user and password (the cluster stack's schemaRegistryApiPassword, or this stack's schemaRegistryUser/schemaRegistryPassword or schemaRegistryToken)");
    }
    return { status: res.status, json };
}

/**
 * The registry's base URL in one spelling: scheme and host in lower case, no default port, no
 * trailing slash. `http://Registry:80/` and `http://registry` are the same registry.
 */
export function normalizeRegistryUrl(url: string): string {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
}

/** A URL of the registry's API: `api` is `ccompat/v7` (Confluent's) or `registry/v3` (Apicurio's). */
function apiUrl(reg: RegistryAccess, api: "ccompat/v7" | "registry/v3", path: string): Target {
    return { reg, url: `${normalizeRegistryUrl(reg.registryUrl)}/apis/${api}${path}` };
}

function ccompat(reg: RegistryAccess, path: string): Target {
    return apiUrl(reg, "ccompat/v7", path);
}

/** One request to a registry's Confluent-compatible API, with its CA and credentials (the smoke test lists subjects with it). */
export function ccompatRequest(reg: RegistryAccess, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    return call(method, ccompat(reg, path), body);
}

function failed(what: string, props: { subject: string }, r: { status: number; json: any }): Error {
    const detail = typeof r.json === "object" && r.json !== null ? (r.json.message ?? r.json.detail ?? JSON.stringify(r.json)) : String(r.json ?? "");
    return refusal(`schema registry: ${what} subject ${props.subject} failed (HTTP ${r.status}): ${detail}`);
}

function registration(p: SubjectProps) {
    return { schemaType: "PROTOBUF", schema: p.schema, references: p.references.map(r => ({ name: r.name, subject: r.subject, version: r.version })) };
}

async function latest(p: RegistryAccess & Pick<SubjectProps, "subject">): Promise<{ version: number; id: number; schema: string } | undefined> {
    const r = await call("GET", ccompat(p, `/subjects/${encodeURIComponent(p.subject)}/versions/latest`));
    if (r.status === 404) return undefined;
    if (r.status !== 200) throw failed("reading the latest version of", p, r);
    return r.json;
}

async function register(p: SubjectProps): Promise<{ version: number; schemaId: number }> {
    const r = await call("POST", ccompat(p, `/subjects/${encodeURIComponent(p.subject)}/versions`), registration(p));
    if (r.status === 409) throw refusal(await incompatibility(p, undefined));
    if (r.status !== 200) throw failed("registering a version of", p, r);
    // The version that holds this schema: a schema the subject already has (a rollback to an
    // earlier version) is not registered again, so the latest version may be another one.
    const found = await call("POST", ccompat(p, `/subjects/${encodeURIComponent(p.subject)}`), registration(p));
    if (found.status === 200 && typeof found.json?.version === "number") return { version: found.json.version, schemaId: r.json.id };
    const now = await latest(p);
    return { version: now?.version ?? 0, schemaId: r.json.id };
}

/** The subject's compatibility level in the registry, or undefined when it has none of its own. */
async function currentLevel(p: RegistryAccess & Pick<SubjectProps, "subject">): Promise<CompatibilityLevel | undefined> {
    const r = await call("GET", ccompat(p, `/config/${encodeURIComponent(p.subject)}`));
    return r.status === 200 ? r.json?.compatibilityLevel : undefined;
}

async function setCompatibility(p: SubjectProps): Promise<void> {
    const r = await call("PUT", ccompat(p, `/config/${encodeURIComponent(p.subject)}`), { compatibility: p.compatibility });
    if (r.status !== 200) throw failed(`setting compatibility ${p.compatibility} on`, p, r);
}

/**
 * Why a schema is not compatible with the subject: the registry's own list of causes, from a dry
 * run of the native v3 API (the ccompat API gives none), as one message for the preview.
 */
async function incompatibility(p: SubjectProps, level: string | undefined): Promise<string> {
    const dry = await call("POST", apiUrl(p, "registry/v3", `/groups/default/artifacts/${encodeURIComponent(p.subject)}/versions?dryRun=true`), {
        content: {
            content: p.schema,
            contentType: "application/x-protobuf",
            references: p.references.map(r => ({ name: r.name, groupId: "default", artifactId: r.subject, version: String(r.version) })),
        },
    }, "application/json");
    const causes: string[] = Array.isArray(dry.json?.causes)
        ? dry.json.causes.map((c: { description?: string; context?: string }) => `${(c.description ?? "").replace(/\s+,/g, ",").trim()}${c.context ? ` (at ${c.context})` : ""}`)
        : [dry.json?.detail ?? dry.json?.message ?? "the registry gave no reason"];
    const rule = level ?? await currentLevel(p) ?? "its";
    const now = await latest(p);
    return `topics/schemas/${p.file} is not ${rule} compatible with subject ${p.subject} (latest version ${now?.version ?? "?"}): ${causes.join("; ")}. ` +
        `Fix: make the change ${rule} compatible (add fields with new numbers, never change a field's type or reuse its number; mark removed numbers \`reserved\`), ` +
        `or publish the new shape on a new topic or subject`;
}

const sameReferences = (a: SubjectReference[] = [], b: SubjectReference[] = []) =>
    JSON.stringify(a.map(r => [r.name, r.subject, r.version])) === JSON.stringify(b.map(r => [r.name, r.subject, r.version]));

/** Whether a new version must be registered: other tokens, or other references. */
const schemaChanged = (olds: SubjectProps, news: SubjectProps) =>
    normalizeProto(olds.schema) !== normalizeProto(news.schema) || !sameReferences(olds.references, news.references);

export const subjectProvider: pulumi.dynamic.ResourceProvider<SubjectProps, SubjectOutputs> = {
    async create(inputs) {
        const { version, schemaId } = await register(inputs);
        await setCompatibility(inputs);
        return { id: inputs.subject, outs: { ...inputs, version, schemaId } };
    },

    async diff(_id, olds, news) {
        // The subject is the resource's identity (its name is part of the resource's name): a
        // different one is another resource, never this one replaced.
        if (olds.subject !== news.subject) throw refusal(`subject ${olds.subject} cannot become ${news.subject}: declare the new subject as a resource of its own`);
        const moved = normalizeRegistryUrl(olds.registryUrl) !== normalizeRegistryUrl(news.registryUrl);
        if (moved && await latest(news) === undefined) {
            throw refusal(`the schema registry at ${normalizeRegistryUrl(news.registryUrl)} has no subject ${news.subject}, which this stack keeps at ${normalizeRegistryUrl(olds.registryUrl)}. ` +
                "A registry URL change does not copy or delete subjects: registering it anew would give it other ids than the messages already written carry. " +
                `Fix: move the registry's data first (Apicurio: GET ${normalizeRegistryUrl(olds.registryUrl)}/apis/registry/v3/admin/export, then POST the file to ${normalizeRegistryUrl(news.registryUrl)}/apis/registry/v3/admin/import, which keeps the ids), then preview again; ` +
                "or keep schemaRegistryUrl pointing at the registry that holds the subject");
        }
        const newSchema = schemaChanged(olds, news);
        // New credentials or a new CA are a change too (the state keeps what reaches the registry), but nothing to send it.
        const access = olds.registryCa !== news.registryCa || olds.registryAuth !== news.registryAuth;
        const changes = moved || newSchema || access || olds.compatibility !== news.compatibility || olds.file !== news.file;
        // The preview's check: the new schema against the subject's latest version (in the
        // registry it will be in), under the registry's level for the subject. When the change also
        // sets a new level, the registry checks the new version at `up` instead, after update has
        // set the level.
        if (newSchema && olds.compatibility === news.compatibility && news.compatibility !== "NONE") {
            const r = await call("POST", ccompat(news, `/compatibility/subjects/${encodeURIComponent(news.subject)}/versions/latest`), registration(news));
            if (r.status === 200 && r.json?.is_compatible === false) throw refusal(await incompatibility(news, news.compatibility));
            if (r.status !== 200 && r.status !== 404) throw failed("checking compatibility with", news, r);
        }
        return { changes, replaces: [] };
    },

    async update(_id, olds, news) {
        const levelChanged = olds.compatibility !== news.compatibility;
        if (levelChanged) await setCompatibility(news);
        if (!schemaChanged(olds, news)) {
            // A moved registry holds the subject under its own version and id (diff checked that it has it).
            const moved = normalizeRegistryUrl(olds.registryUrl) !== normalizeRegistryUrl(news.registryUrl);
            const now = moved ? await register(news) : { version: olds.version, schemaId: olds.schemaId };
            return { outs: { ...news, ...now } };
        }
        try {
            return { outs: { ...news, ...await register(news) } };
        } catch (e) {
            // Refused under the new level: put the old level back, so that nothing was changed.
            if (levelChanged) await setCompatibility(olds);
            throw e;
        }
    },

    async delete(id, props) {
        // Soft only: the ids of the versions stay resolvable for messages written with them.
        const r = await call("DELETE", ccompat(props, `/subjects/${encodeURIComponent(id)}`));
        // An imported file's subject stays while (soft-deleted) versions of other subjects reference
        // it: records written with those still need it to be decoded.
        if (r.status === 422 && /referenc/i.test(JSON.stringify(r.json ?? ""))) return;
        if (r.status !== 200 && r.status !== 404) throw failed("deleting", props, r);
    },

    async read(id, props) {
        if (!props) return {};
        const now = await latest({ ...props, subject: id });
        if (!now) return {};
        const level = await currentLevel({ ...props, subject: id });
        const same = normalizeProto(now.schema) === normalizeProto(props.schema);
        return {
            id,
            props: {
                ...props,
                schema: same ? props.schema : now.schema,
                compatibility: level ?? props.compatibility,
                version: now.version,
                schemaId: now.id,
            },
        };
    },
};

/** One registry subject. Its outputs include the version that holds the schema. */
export class SchemaSubject extends pulumi.dynamic.Resource {
    declare readonly version: pulumi.Output<number>;
    declare readonly schemaId: pulumi.Output<number>;
    declare readonly subject: pulumi.Output<string>;

    constructor(name: string, args: SchemaSubjectArgs, opts?: pulumi.CustomResourceOptions) {
        // The credentials stay a secret in the state's outputs too.
        super(subjectProvider, name, { ...args, version: undefined, schemaId: undefined },
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "registryAuth"] }, "schemas", "Subject");
    }
}
