// Shared building blocks of the kafka-guardrails policy pack: resource type tokens, reading a
// policy's config with the defaults of its own schema, reading container environments and labels,
// recognising secrets in the shapes a policy can receive, and the violation message format.
//
// Nothing here imports a provider SDK: the pack compares type tokens, so it starts fast and needs
// neither @pulumi/docker nor @pulumi/kafka at run time.

import type {
    PolicyConfigSchema, PolicyResource, PolicyResourceOptions, ReportViolation, ResourceValidation,
    ResourceValidationArgs, StackValidation, StackValidationArgs,
} from "@pulumi/policy";
import { DATA_DIR, LABELS } from "../components/shared/kafka-names";

export const TYPES = {
    container: "docker:index/container:Container",
    remoteImage: "docker:index/remoteImage:RemoteImage",
    volume: "docker:index/volume:Volume",
    network: "docker:index/network:Network",
    topic: "kafka:index/topic:Topic",
    acl: "kafka:index/acl:Acl",
    scramUser: "kafka:index/userScramCredential:UserScramCredential",
    quota: "kafka:index/quota:Quota",
    /** A schema registry subject: the topics stack's dynamic resource (components/topics/schema-subject.ts, SCHEMA_SUBJECT_TYPE). */
    schemaSubject: "pulumi-nodejs:dynamic/schemas:Subject",
    /** The component holding a topics stack's subjects (components/topics/topic-schemas.ts, TOPIC_SCHEMAS_TYPE). */
    topicSchemas: "kafka-as-code:index:TopicSchemas",
    /** The component holding a topics stack's topics, users, ACLs and quotas (components/topics/topics-catalog.ts, TOPICS_CATALOG_TYPE). */
    topicsCatalog: "kafka-as-code:index:TopicsCatalog",
    /** The topics stack's explicit Kafka provider. */
    kafkaProvider: "pulumi:providers:kafka",
    /** Strimzi's resources, as the cluster stack declares them with target strimzi (@pulumi/kubernetes CustomResource). */
    strimziKafka: "kubernetes:kafka.strimzi.io/v1:Kafka",
    strimziNodePool: "kubernetes:kafka.strimzi.io/v1:KafkaNodePool",
} as const;

/** Label the cluster program puts on every Docker object: `broker+controller`, `controller`, `ui`, `data`, ... */
export const ROLE_LABEL = LABELS.role;
/** Label naming the cluster a container belongs to (one stack may in principle hold several clusters). */
export const CLUSTER_LABEL = LABELS.cluster;
/** Where the official apache/kafka image keeps its data (its declared volume). */
export const DEFAULT_DATA_DIR = DATA_DIR;

/** The `productionClass` parameter, shared by every policy whose check is stricter for production-class stacks. */
export const PRODUCTION_CLASS_SCHEMA = {
    type: "boolean",
    default: false,
    description: "true for production-class stacks (staging, prod): the stricter checks apply.",
} as const;

/** What a rule needs to know about the resource it reports on. */
export interface Subject {
    /** Pulumi type token. */
    type: string;
    /** Pulumi resource name (the logical name in the program). */
    name: string;
    urn: string;
    opts?: Partial<PolicyResourceOptions>;
}

/**
 * Config of a policy: the values the engine passes (`args.getConfig()`), with every missing key
 * taken from the `default` of the policy's own configSchema. The engine validates a config file
 * against the schema, but this pack does not rely on it filling in defaults: without any config
 * file `getConfig()` returns `{}`.
 */
export function configOf<T>(schema: PolicyConfigSchema, given: object | undefined): T {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(schema.properties)) {
        if (typeof s === "object" && s.default !== undefined) out[k] = structuredClone(s.default);
    }
    for (const [k, v] of Object.entries(given ?? {})) {
        if (k !== "enforcementLevel" && v !== undefined && v !== null) out[k] = v;
    }
    return out as T;
}

/** Type names for messages: `docker.Container`, `kafka.Topic`, `pulumi-nodejs.Subject`, `kafka-as-code.TopicSchemas`. */
export function typeLabel(type: string): string {
    const m = /^([^:]+):(?:[^/:]*\/)?[^:]*:(.+)$/.exec(type);
    return m ? `${m[1]}.${m[2]}` : type;
}

/**
 * The one message format of this pack: which resource, what is wrong (with the offending value),
 * and how to fix it. `display` is the object's own name (container name, topic name) when it has one.
 */
export function violation(subject: Subject, display: string | undefined, problem: string, fix: string): string {
    const where = display && display !== subject.name ? `"${display}" (resource ${subject.name}, ${subject.urn})` : `"${subject.name}" (${subject.urn})`;
    return `${typeLabel(subject.type)} ${where}: ${problem}. Fix: ${fix}`;
}

// ---------------------------------------------------------------------------------------------
// Secrets
//
// How a policy sees a Pulumi secret (see policies/README.md, "Secrets"): the engine sends secret
// inputs to the policy pack with their secret marker, but @pulumi/policy unwraps them before
// validateResource / validateStack run, so there they are plain values with no trace of having
// been secret. Only remediateResource sees them wrapped (as instances of the SDK's `Secret`
// class). A value still in Pulumi's wire envelope (`{"4dabf18193072939515e22adb298388d":
// "1b47061264138c4ac30d75fd1eb44270", value}`) is recognised as well, so a rule is right in
// every shape it can be given.

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** True when `v` is visibly a secret: an SDK `Secret` wrapper or Pulumi's serialized secret envelope. */
export function isMarkedSecret(v: unknown): boolean {
    if (typeof v !== "object" || v === null) return false;
    // @pulumi/policy's Secret class: a plain object with one `value` field, constructor named Secret.
    if ((v as object).constructor?.name === "Secret" && "value" in (v as object)) return true;
    return (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** The value inside a secret marker (or the value itself when it is not marked). */
export function unmarkSecret(v: unknown): unknown {
    let x = v;
    while (isMarkedSecret(x)) x = (x as { value: unknown }).value;
    return x;
}

/**
 * The raw object behind @pulumi/policy's property proxies (remediation props wrap secrets in a
 * proxy that hides the `Secret` wrappers on access). Returns `v` unchanged when it is no proxy.
 */
export function rawTarget(v: unknown): unknown {
    let x = v;
    for (let i = 0; i < 4 && typeof x === "object" && x !== null; i++) {
        const inner = (x as Record<string, unknown>).__getSpecialProxyTarget;
        if (inner === undefined || inner === x) break;
        x = inner;
    }
    return x;
}

// ---------------------------------------------------------------------------------------------
// Containers

export interface EnvEntry {
    name: string;
    value: string;
    /** The entry, or the whole `envs` list, was visibly a secret. */
    secret: boolean;
}

/** Parses a docker.Container's `envs` (`KEY=value` strings) in any of the shapes above. */
export function envEntries(props: Record<string, any>): EnvEntry[] {
    // Values are read through the SDK's proxy, so an entry unknown during preview raises the SDK's
    // UnknownValueError (reported by the engine as "can't run policy during preview") instead of
    // being skipped. Secret markers are read from the raw object behind the proxies.
    const list = unmarkSecret(props.envs);
    if (!Array.isArray(list)) return [];
    const rawList = (rawTarget(props) as Record<string, unknown> | undefined)?.envs;
    const listSecret = isMarkedSecret(rawList);
    const rawItems = unmarkSecret(rawList);
    const out: EnvEntry[] = [];
    for (let i = 0; i < list.length; i++) {
        const secret = listSecret || isMarkedSecret(list[i]) || (Array.isArray(rawItems) && isMarkedSecret(rawItems[i]));
        const s = unmarkSecret(list[i]);
        if (typeof s !== "string") continue;
        const eq = s.indexOf("=");
        out.push({ name: eq < 0 ? s : s.slice(0, eq), value: eq < 0 ? "" : s.slice(eq + 1), secret });
    }
    return out;
}

export function envMap(props: Record<string, any>): Record<string, string> {
    return Object.fromEntries(envEntries(props).map(e => [e.name, e.value]));
}

export function labelsOf(props: Record<string, any>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const l of (props.labels ?? []) as Array<{ label?: string; value?: string }>) {
        if (l && typeof l.label === "string") out[l.label] = String(l.value ?? "");
    }
    return out;
}

export interface KafkaRoles {
    broker: boolean;
    controller: boolean;
}

/**
 * A container is a Kafka node when its role label names broker or controller, or its environment
 * sets KAFKA_NODE_ID or KAFKA_PROCESS_ROLES. Its roles come from KAFKA_PROCESS_ROLES, else the label.
 */
export function kafkaRoles(props: Record<string, any>): KafkaRoles | undefined {
    const env = envMap(props);
    const label = labelsOf(props)[ROLE_LABEL] ?? "";
    const fromEnv = env.KAFKA_PROCESS_ROLES;
    const labelSaysNode = /broker|controller/.test(label);
    if (fromEnv === undefined && env.KAFKA_NODE_ID === undefined && !labelSaysNode) return undefined;
    const roles = (fromEnv ?? label).split(/[,+]/).map(r => r.trim());
    return { broker: roles.includes("broker"), controller: roles.includes("controller") };
}

/** The container's own name (`kafka-1`), else the Pulumi resource name. */
export function containerName(props: Record<string, any>, fallback: string): string {
    return typeof props.name === "string" && props.name !== "" ? props.name : fallback;
}

// ---------------------------------------------------------------------------------------------
// Wiring rules into @pulumi/policy

/** A resource rule as a pure function: the messages of every violation, none when the resource is fine. */
export type ResourceRule<C> = (props: Record<string, any>, subject: Subject, config: C) => string[];
/** A stack rule as a pure function over all resources of the stack. */
export type StackRule<C> = (resources: PolicyResource[], config: C) => Array<{ message: string; urn?: string }>;

/** A validateResource for one resource type, reading its config with schema defaults. */
export function resourceValidation<C>(type: string, schema: PolicyConfigSchema, rule: ResourceRule<C>): ResourceValidation {
    return (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== type) return;
        const config = configOf<C>(schema, args.getConfig<object>());
        for (const message of rule(args.props, { type: args.type, name: args.name, urn: args.urn, opts: args.opts }, config)) {
            report(message);
        }
    };
}

/** A validateStack reading its config with schema defaults; each violation is reported against its resource's URN. */
export function stackValidation<C>(schema: PolicyConfigSchema, rule: StackRule<C>): StackValidation {
    return (args: StackValidationArgs, report: ReportViolation) => {
        const config = configOf<C>(schema, args.getConfig<object>());
        for (const v of rule(args.resources, config)) report(v.message, v.urn);
    };
}

