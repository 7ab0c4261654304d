// Policy test harness: runs the kafka-guardrails pack's own policy objects (policies/pack.ts) the
// way the Pulumi engine and @pulumi/policy 1.21 run them, without the Pulumi CLI.
//
// What it reproduces, and from where:
// - Props: resource inputs as Pulumi serializes them (secrets in the wire envelope, unknowns as the
//   engine's sentinel strings) go through a protobuf Struct and the SDK's own
//   `deserializeProperties` + `unknownCheckingProxy` (node_modules/@pulumi/policy/server.js,
//   analyze and analyzeStack). That is shape "engine", the default: secrets arrive as plain
//   values, and reading an unknown value raises the SDK's UnknownValueError, which is reported as
//   an advisory "can't run policy ... during preview" diagnostic, as the SDK does. Shape
//   "remediation" is what remediateResource gets (secrets wrapped in the SDK's Secret class behind
//   a proxy); shape "wire" passes the serialized inputs untouched (secret envelopes visible).
// - Args: type token, props, urn, name, opts (protect, additionalSecretOutputs, ...), stackTags,
//   getConfig (the policy's entry of a pack config file minus enforcementLevel, exactly like the
//   SDK's makeGetConfigFun: no schema defaults are filled in), notApplicable.
// - Enforcement: a policy's level is its entry's enforcementLevel, else the config file's `all`,
//   else the policy's own level, else the pack's; `disabled` policies do not run.
// - Config files: `checkPackConfig` validates a policies/config/<env>.json against the policies'
//   configSchemas (names, enforcement levels, property names, JSON types, minimum, items).
//
// Typical use:
//   const diags = await runPack(resources, loadPackConfig("dev"));
//   expect(diags.map(d => d.policyName)).toEqual([]);
//   const one = await validateResource("topic-naming-convention", topic({ name: "Orders" }), packConfig);

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type {
    EnforcementLevel, PolicyResource, PolicyResourceOptions, ResourceValidationArgs, ResourceValidationPolicy,
    StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";
import { packArgs, policies } from "../../policies/pack";

const ROOT = path.resolve(__dirname, "../..");
const req = createRequire(path.join(ROOT, "package.json"));
// Internal modules of @pulumi/policy (their .d.ts files are empty): the exact code the pack runs under.
const { deserializeProperties } = req("@pulumi/policy/deserialize") as {
    deserializeProperties(struct: { toJavaScript(): unknown }, proxySecrets: boolean): Record<string, any>;
};
const proxy = req("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T>(v: T): T;
    UnknownValueError: new (...a: any[]) => Error;
    unknownStringValue: string;
    unknownNumberValue: string;
    unknownArrayValue: string;
    unknownObjectValue: string;
};
const { Struct } = req("google-protobuf/google/protobuf/struct_pb") as {
    Struct: { fromJavaScript(v: unknown): { toJavaScript(): unknown } };
};

/** Pulumi's secret envelope, as inputs are serialized (what test/mock's `inputs` hold). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const secret = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });
/** The engine's markers for values unknown during preview. */
export const UNKNOWN = {
    string: proxy.unknownStringValue,
    number: proxy.unknownNumberValue,
    array: proxy.unknownArrayValue,
    object: proxy.unknownObjectValue,
};

export type Shape = "engine" | "remediation" | "wire";

/** Serialized inputs as a policy receives them (see the header). */
export function toPolicyProps(inputs: Record<string, any>, shape: Shape = "engine"): Record<string, any> {
    if (shape === "wire") return inputs;
    // The gRPC request carries a google.protobuf.Struct: JSON only (undefined fields dropped).
    const struct = Struct.fromJavaScript(JSON.parse(JSON.stringify(inputs)));
    return proxy.unknownCheckingProxy(deserializeProperties(struct, shape === "remediation"));
}

export interface TestResource {
    type: string;
    /** Pulumi resource name. */
    name: string;
    /** Serialized inputs (secret envelopes and unknown sentinels allowed). */
    inputs: Record<string, any>;
    urn?: string;
    opts?: Partial<PolicyResourceOptions>;
}

export function urnOf(type: string, name: string, opts: { stack?: string; project?: string; parentType?: string } = {}): string {
    const chain = opts.parentType ? `${opts.parentType}$${type}` : type;
    return `urn:pulumi:${opts.stack ?? "dev"}::${opts.project ?? "kafka-cluster"}::${chain}::${name}`;
}

function optionsOf(r: TestResource): PolicyResourceOptions {
    return {
        protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        ...r.opts,
    };
}

// ---------------------------------------------------------------------------------------------
// Pack config (the JSON of `pulumi preview --policy-pack-config <file>`)

export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
export type PackConfig = Record<string, PolicyConfigEntry>;

export function loadPackConfig(env: "dev" | "staging" | "prod"): PackConfig {
    return JSON.parse(readFileSync(path.join(ROOT, "policies", "config", `${env}.json`), "utf8"));
}

const levelOf = (e: PolicyConfigEntry | undefined): EnforcementLevel | undefined =>
    typeof e === "string" ? e : e?.enforcementLevel;

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

export function policyNamed(name: string): AnyPolicy {
    const p = policies.find(x => x.name === name);
    if (!p) throw new Error(`no policy named ${name} in the pack (have: ${policies.map(x => x.name).join(", ")})`);
    return p;
}

export function enforcementLevel(p: AnyPolicy, config: PackConfig): EnforcementLevel {
    return levelOf(config[p.name]) ?? levelOf(config.all) ?? p.enforcementLevel ?? packArgs.enforcementLevel ?? "advisory";
}

/** What `args.getConfig()` returns for a policy: its entry without enforcementLevel, `{}` when none. */
export function policyParams(name: string, config: PackConfig): Record<string, unknown> {
    const e = config[name];
    if (e === undefined || typeof e === "string") return {};
    const { enforcementLevel: _, ...params } = e;
    return params;
}

// ---------------------------------------------------------------------------------------------
// Running policies

export interface Diagnostic {
    policyName: string;
    enforcementLevel: EnforcementLevel;
    message: string;
    urn?: string;
}

class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => { throw new NotApplicable(reason); };
const stackTags: ReadonlyMap<string, string> = new Map();

async function guarded(p: AnyPolicy, level: EnforcementLevel, out: Diagnostic[], run: () => unknown): Promise<void> {
    try {
        await run();
    } catch (e) {
        if (e instanceof NotApplicable) return;
        if (e instanceof proxy.UnknownValueError) {
            out.push({ policyName: p.name, enforcementLevel: "advisory", message: `can't run policy '${p.name}' during preview: ${e.message}` });
            return;
        }
        throw e;
    }
}

export interface RunOptions {
    shape?: Shape;
    stack?: string;
    project?: string;
}

/** Runs one policy's validateResource on one resource, as the engine does during preview. */
export async function validateResource(name: string, r: TestResource, config: PackConfig = {}, o: RunOptions = {}): Promise<Diagnostic[]> {
    const p = policyNamed(name) as ResourceValidationPolicy;
    if (!p.validateResource) throw new Error(`${name} is not a resource policy`);
    return runResourcePolicy(p, r, config, o);
}

async function runResourcePolicy(p: ResourceValidationPolicy, r: TestResource, config: PackConfig, o: RunOptions): Promise<Diagnostic[]> {
    const out: Diagnostic[] = [];
    const level = enforcementLevel(p, config);
    if (level === "disabled" || !p.validateResource) return out;
    const reported = level === "remediate" ? "mandatory" : level;
    const urn = r.urn ?? urnOf(r.type, r.name, o);
    const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
    for (const validate of validations) {
        const props = toPolicyProps(r.inputs, o.shape);
        const args: ResourceValidationArgs = {
            type: r.type, props, urn, name: r.name, opts: optionsOf(r), stackTags,
            isType: () => { throw new Error("the pack compares type tokens; isType is not used"); },
            asType: () => { throw new Error("the pack compares type tokens; asType is not used"); },
            getConfig: <T extends object>() => policyParams(p.name, config) as T,
            notApplicable,
        };
        await guarded(p, reported, out, () => validate(args, (message: string) => out.push({ policyName: p.name, enforcementLevel: reported, message, urn })));
    }
    return out;
}

function policyResources(rs: TestResource[], o: RunOptions): PolicyResource[] {
    return rs.map(r => ({
        type: r.type, name: r.name, urn: r.urn ?? urnOf(r.type, r.name, o), props: toPolicyProps(r.inputs, o.shape),
        opts: optionsOf(r), dependencies: [], propertyDependencies: {},
        isType: () => { throw new Error("not used"); },
        asType: () => { throw new Error("not used"); },
    }));
}

/** Runs one stack policy over a set of resources. */
export async function validateStack(name: string, rs: TestResource[], config: PackConfig = {}, o: RunOptions = {}): Promise<Diagnostic[]> {
    const p = policyNamed(name) as StackValidationPolicy;
    if (!p.validateStack) throw new Error(`${name} is not a stack policy`);
    return runStackPolicy(p, rs, config, o);
}

async function runStackPolicy(p: StackValidationPolicy, rs: TestResource[], config: PackConfig, o: RunOptions): Promise<Diagnostic[]> {
    const out: Diagnostic[] = [];
    const level = enforcementLevel(p, config);
    if (level === "disabled") return out;
    const reported = level === "remediate" ? "mandatory" : level;
    const args: StackValidationArgs = {
        resources: policyResources(rs, o), stackTags, notApplicable,
        getConfig: <T extends object>() => policyParams(p.name, config) as T,
    };
    await guarded(p, reported, out, () => p.validateStack(args, (message: string, urn?: string) => out.push({ policyName: p.name, enforcementLevel: reported, message, urn })));
    return out;
}

/** The whole pack over a stack: every resource policy on every resource, then every stack policy. */
export async function runPack(rs: TestResource[], config: PackConfig = {}, o: RunOptions & { only?: (name: string) => boolean } = {}): Promise<Diagnostic[]> {
    const out: Diagnostic[] = [];
    const selected = policies.filter(p => !o.only || o.only(p.name));
    for (const r of rs) {
        for (const p of selected) if ("validateResource" in p && p.validateResource) out.push(...await runResourcePolicy(p, r, config, o));
    }
    for (const p of selected) if ("validateStack" in p) out.push(...await runStackPolicy(p, rs, config, o));
    return out;
}

// ---------------------------------------------------------------------------------------------
// Config file validation (the subset of JSON Schema the pack's configSchemas use)

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

function typeProblems(where: string, v: unknown, schema: any): string[] {
    if (typeof schema !== "object" || schema === null) return [];
    const t = schema.type as string | undefined;
    const actual = Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v;
    const ok = t === undefined || t === actual || (t === "number" && actual === "integer");
    if (!ok) return [`${where}: expected ${t}, got ${actual} ${JSON.stringify(v)}`];
    const out: string[] = [];
    if (typeof v === "number" && typeof schema.minimum === "number" && v < schema.minimum) out.push(`${where}: ${v} is below the minimum ${schema.minimum}`);
    if (schema.enum && !schema.enum.includes(v)) out.push(`${where}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    if (Array.isArray(v) && schema.items) v.forEach((x, i) => out.push(...typeProblems(`${where}[${i}]`, x, schema.items)));
    if (typeof v === "string" && schema.pattern && !new RegExp(schema.pattern).test(v)) out.push(`${where}: does not match ${schema.pattern}`);
    return out;
}

/** Every problem of a pack config file: unknown policies, bad levels, unknown or mistyped parameters. */
export function checkPackConfig(config: PackConfig): string[] {
    const out: string[] = [];
    for (const [name, entry] of Object.entries(config)) {
        const level = levelOf(entry);
        if (level !== undefined && !LEVELS.includes(level)) out.push(`${name}: enforcementLevel ${JSON.stringify(level)} is not one of ${LEVELS.join(", ")}`);
        if (name === "all") {
            if (typeof entry === "object" && Object.keys(entry).some(k => k !== "enforcementLevel")) out.push(`all: only enforcementLevel can be set`);
            continue;
        }
        const p = policies.find(x => x.name === name);
        if (!p) { out.push(`${name}: no such policy in the pack`); continue; }
        const props = p.configSchema?.properties ?? {};
        for (const [k, v] of Object.entries(policyParams(name, config))) {
            if (!(k in props)) out.push(`${name}.${k}: not in the policy's configSchema (${Object.keys(props).join(", ") || "no parameters"})`);
            else out.push(...typeProblems(`${name}.${k}`, v, props[k]));
        }
        for (const k of p.configSchema?.required ?? []) {
            if (!(k in policyParams(name, config))) out.push(`${name}.${k}: required`);
        }
    }
    return out;
}

export { typeProblems as schemaProblems };
