// The topics catalog: topics, SCRAM users, services with roles, and explicit ACLs, in one YAML file
// shared by every environment. `parseCatalog` validates the whole file once and returns typed,
// effective values for one environment (its overrides applied). Every problem names the file, the
// line and the path (`topics[3].replicationFactor`), the value found, what is wrong and the fix;
// all problems are reported together, before any resource is declared. The steps below share one
// CatalogReader (catalog-reader.ts), which holds the document and collects the problems.

import { isIP } from "node:net";
import { visit, type Document } from "yaml";
import { ConfigError, configErrorReport } from "../shared/config-error";
import { HEAP_MEASUREMENT, heapForReplicas, heapVerdict, replicasPerBroker } from "../shared/broker-sizing";
import { USER_NAME } from "../shared/kafka-names";
import { setPasswordCommand } from "../shared/password-rule";
import {
    ACL_OPERATIONS, ACL_PERMISSIONS, ACL_RESOURCE_TYPES, CATALOG_KEYS, COMPATIBILITY_LEVELS, DEFAULT_COMPATIBILITY, ENVIRONMENTS, GROUP_OR_CLIENT_ID, QUOTA_ENTITIES, QUOTA_KEYS, QUOTA_WHOLE_KEYS, SCHEMA_ROLES, SCHEMAS_DIR, MAX_PARTITIONS, MAX_REPLICATION_FACTOR, PRINCIPAL, TOPIC_CONFIG_KEYS,
    TOPIC_NAME, TOPIC_NAME_MAX, type AclPatternType, type AclPermission, type AclResourceType, type CompatibilityLevel, type Environment, type QuotaEntityType, type QuotaKey, type SchemaRole,
} from "./catalog-schema";
import { CatalogReader, formatPath, isPlainObject, SECRET_KEY, type CatalogProblem, type Path } from "./catalog-reader";

export { ACL_OPERATIONS, ACL_RESOURCE_TYPES, ENVIRONMENTS, MAX_PARTITIONS, MAX_REPLICATION_FACTOR, TOPIC_CONFIG_KEYS };
export type { AclPatternType, AclPermission, AclResourceType, CompatibilityLevel, Environment, QuotaEntityType, SchemaRole };
export { formatPath };
export type { CatalogProblem };

/** The only resource name of the Cluster resource type. */
export const CLUSTER_RESOURCE_NAME = "kafka-cluster";

export interface TopicSpec {
    name: string;
    partitions: number;
    replicationFactor: number;
    /** Topic configs; values are strings, exactly as Kafka reports them (no provider drift). */
    config: Record<string, string>;
    /** The catalog accepts a change that recreates this topic (its data is lost). */
    allowReplace: boolean;
    /** The catalog accepts a config change that deletes data already written (topic-safety.ts). */
    allowDataLoss: boolean;
    /** Its key and value schemas in this environment (none, one or both). */
    schemas: SchemaSpec[];
    /** The environments in which it declares a value schema (a policy wants all or none). */
    valueSchemaEnvironments: Environment[];
}

/** A topic's Protobuf schema: subject `<topic>-<role>` in the schema registry. */
export interface SchemaSpec {
    role: SchemaRole;
    /** The .proto file, relative to topics/schemas/. */
    file: string;
    compatibility: CompatibilityLevel;
    /** Where `file` is set in the catalog, for messages about the file. */
    fileAt: SourceLocation;
}

/** Where a value is set in the catalog file, for messages about it found after parsing. */
export interface SourceLocation {
    file: string;
    path: string;
    line?: number;
}

export interface UserSpec {
    name: string;
}

/** A topic, group or transactional id reference: `orders.` + `*` means every name with that prefix. */
export interface NamePattern {
    name: string;
    patternType: AclPatternType;
}

export interface ServiceSpec {
    name: string;
    principal: string;
    produces: NamePattern[];
    consumes: NamePattern[];
    groups: NamePattern[];
    transactionalIds: NamePattern[];
    /** Adds Cluster IdempotentWrite, only needed by clients older than Kafka 3.0 (KIP-679). */
    idempotentWriteOnCluster: boolean;
}

/** One ACL: an explicit catalog entry, or one a service's role expands to (acl-expansion.ts). */
export interface AclEntry {
    principal: string;
    resourceType: AclResourceType;
    resourceName: string;
    patternType: AclPatternType;
    operation: string;
    permission: AclPermission;
    host: string;
}

/** The client quotas of one user or client id in one environment. */
export interface QuotaSpec {
    entityType: QuotaEntityType;
    entityName: string;
    /** Kafka's quota keys (producer_byte_rate, ...) and their values; at least one. */
    rates: Record<string, number>;
}

/** A validated catalog with the overrides of one environment applied. */
export interface Catalog {
    /** The catalog file, or the directory of a catalog split across files (`catalog/ (slice a.yaml)`). */
    file: string;
    environment: Environment;
    topics: TopicSpec[];
    users: UserSpec[];
    services: ServiceSpec[];
    acls: AclEntry[];
    quotas: QuotaSpec[];
    externalPrincipals: string[];
    /** Topics deliberately removed from the catalog: the data-safety guard lets them go. */
    deletedTopics: string[];
    /** Where each topic's effective replication factor is set, by topic name. */
    replicationFactorAt: Record<string, SourceLocation>;
    /** Where each topic is declared (`topics[i]` of its file), by topic name. */
    topicAt: Record<string, SourceLocation>;
    /** Where each user and service is declared (its name), each explicit ACL entry (parallel to `acls`) and each quota (parallel to `quotas`). */
    declaredAt: { users: Record<string, SourceLocation>; services: Record<string, SourceLocation>; acls: SourceLocation[]; quotas: SourceLocation[] };
}

/** One file of a catalog: its path as messages show it (relative to the topics folder) and text. */
export interface CatalogSource {
    file: string;
    text: string;
}

/** What is known about the target cluster (from the cluster stack's outputs or config). */
export interface ClusterInfo {
    brokerCount?: number;
}

/** The error thrown for a bad catalog: every problem, with file, line and path. */
export class CatalogError extends ConfigError {
    constructor(message: string, readonly problems: CatalogProblem[]) {
        super(message, problems);
        this.name = "CatalogError";
    }
}

/**
 * How many alias references (`*std`) a catalog may use. YAML aliases can blow up exponentially (a
 * "billion laughs" file); this bound stops that while leaving room for real catalogs, such as one
 * shared `config: &std` on thousands of topics.
 */
export const MAX_ALIAS_COUNT = 100_000;

const {
    top: TOP_KEYS, topic: TOPIC_KEYS, override: OVERRIDE_KEYS, schema: SCHEMA_KEYS, user: USER_KEYS, service: SERVICE_KEYS, acl: ACL_KEYS, quota: QUOTA_CATALOG_KEYS, quotaOverride: QUOTA_OVERRIDE_KEYS,
} = CATALOG_KEYS;

/**
 * Parses, validates and resolves the catalog for one environment. Throws one `CatalogError`
 * listing every problem. `clusterInfo.brokerCount`, when known, bounds the replication factors.
 */
export function parseCatalog(text: string, file: string, env: Environment, clusterInfo: ClusterInfo = {}): Catalog {
    return parseCatalogSources([{ file, text }], env, { ...clusterInfo, label: file });
}

/**
 * A catalog split across files, one per team or domain. Each file is checked like a whole catalog;
 * topic, user and service names are unique across the files, and references (a service consuming
 * another team's topic, an ACL for another team's user) resolve across them. `slice` lists the
 * files whose topics, users, services and ACLs this stack declares (default: all); the other files
 * are read only for their names, so every stack validates the whole catalog.
 */
export function parseCatalogSources(sources: CatalogSource[], env: Environment, opts: ClusterInfo & { label: string; slice?: readonly string[] }): Catalog {
    const readers: CatalogReader[] = [];
    const unreadable: CatalogProblem[] = [];
    for (const s of sources) {
        try {
            readers.push(readCatalog(s.text, s.file, env));
        } catch (e) {
            if (!(e instanceof CatalogError)) throw e;
            unreadable.push(...e.problems);
        }
    }
    if (unreadable.length > 0) throw catalogError(opts.label, env, unreadable);

    // Names first, from every file: what the references of any file may point at.
    const parts = readers.map(r => {
        checkShape(r);
        return { r, ...resolveTopics(r), ...readUsers(r), ...readExternalPrincipals(r), inSlice: !opts.slice || opts.slice.includes(r.file) };
    });
    const topicNames = uniqueAcrossFiles(parts.map(p => ({ r: p.r, names: p.topicNames, list: "topics" })));
    const userNames = uniqueAcrossFiles(parts.map(p => ({ r: p.r, names: p.userNames, list: "users" })));
    const externalPrincipals = [...new Set(parts.flatMap(p => p.externalPrincipals))];

    const catalog: Catalog = {
        file: opts.label, environment: env, topics: [], users: [], services: [], acls: [], quotas: [], externalPrincipals, deletedTopics: [], replicationFactorAt: {}, topicAt: {},
        declaredAt: { users: {}, services: {}, acls: [], quotas: [] },
    };
    const serviceFiles = new Map<string, string>();
    const quotaFiles = new Map<string, string>();
    for (const p of parts) {
        const refs: References = { topicNames, userNames, externalPrincipals, allowWildcards: p.allowWildcards };
        const { services, serviceAt } = readServices(p.r, refs);
        for (const s of services) {
            const other = serviceFiles.get(s.name);
            if (other) p.r.report(["services"], s.name, `declares service ${s.name}, which ${other} declares too`, "declare each service in one file");
            else serviceFiles.set(s.name, p.r.file);
        }
        const { acls, aclAt } = readAcls(p.r, refs);
        const { quotas, quotaAt } = readQuotas(p.r, refs);
        quotas.forEach((q, i) => {
            const entity = `${q.entityType} ${q.entityName}`;
            const other = quotaFiles.get(entity);
            if (other && other !== p.r.file) p.r.report(quotaAt[i], q.entityName, `has quotas in ${other} too`, `declare the quotas of ${entity} in one file`);
            else quotaFiles.set(entity, p.r.file);
        });
        const deletedTopics = readDeletedTopics(p.r, topicNames);
        if (!p.inSlice) continue;
        checkNotEmpty(p.r);
        catalog.topics.push(...p.topics);
        catalog.users.push(...p.users);
        catalog.services.push(...services);
        catalog.acls.push(...acls);
        catalog.quotas.push(...quotas);
        const at = (path: Path): SourceLocation => ({ file: p.r.file, path: formatPath(path), line: p.r.lineOf(path) });
        for (const [name, i] of p.userNames) catalog.declaredAt.users[name] = at(["users", i, "name"]);
        for (const [name, path] of serviceAt) catalog.declaredAt.services[name] = at(path);
        catalog.declaredAt.acls.push(...aclAt.map(at));
        catalog.declaredAt.quotas.push(...quotaAt.map(at));
        catalog.deletedTopics.push(...deletedTopics);
        Object.assign(catalog.replicationFactorAt, p.replicationFactorAt);
        for (const [name, i] of p.topicNames) catalog.topicAt[name] = { file: p.r.file, path: `topics[${i}]`, line: p.r.lineOf(["topics", i]) };
    }
    const problems = [...readers.flatMap(r => r.problems), ...replicationProblems(catalog, opts.brokerCount)];
    if (problems.length > 0) throw catalogError(opts.label, env, problems);
    return catalog;
}

/**
 * One map of the names of every file (name to its index in its file); a name already declared by
 * an earlier file is reported where it is declared again.
 */
function uniqueAcrossFiles(files: Array<{ r: CatalogReader; names: ReadonlyMap<string, number>; list: "topics" | "users" }>): Map<string, number> {
    const all = new Map<string, number>();
    const fileOf = new Map<string, string>();
    for (const { r, names, list } of files) {
        for (const [name, i] of names) {
            const other = fileOf.get(name);
            if (other !== undefined && other !== r.file) {
                r.report([list, i, "name"], name, `is also declared in ${other}`, `declare each ${list === "topics" ? "topic" : "user"} in one file of the catalog`);
                continue;
            }
            all.set(name, i);
            fileOf.set(name, r.file);
        }
    }
    return all;
}

function catalogError(file: string, env: Environment, problems: CatalogProblem[]): CatalogError {
    return new CatalogError(configErrorReport(`catalog ${file} (environment ${env})`, problems), problems);
}

function fail(r: CatalogReader): never {
    throw catalogError(r.file, r.env, r.problems);
}

// ---- 1. read: the YAML, with its line numbers ----

/**
 * The file's YAML, read into a reader holding its top-level mapping. Invalid YAML, or a file that
 * is not a mapping, stops here with a CatalogError: the later steps need its values.
 */
function readCatalog(text: string, file: string, env: Environment): CatalogReader {
    const r = new CatalogReader(file, env, text);
    checkYaml(r, text);
    if (r.problems.length > 0) fail(r);

    let root: unknown;
    try {
        root = r.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
    } catch (e) {
        r.yamlProblem(firstAlias(r.doc), `${(e as Error).message} (more than ${MAX_ALIAS_COUNT} alias references)`,
            "write the repeated values out, or split the catalog; nested aliases multiply (an alias of a list of aliases counts each)");
        return fail(r);
    }
    if (!isPlainObject(root)) {
        r.report([], root, "must be a mapping with topics, users, services and acls", "start the file with `topics:`");
        return fail(r);
    }
    r.top = root;
    return r;
}

/** The parser's syntax errors, and aliases the document cannot resolve. */
function checkYaml(r: CatalogReader, text: string): void {
    for (const err of r.doc.errors) {
        const quote = err.code === "MISSING_CHAR" ? /closing (["'])quote/.exec(err.message)?.[1] : undefined;
        if (quote) {
            // The parser reports an unclosed quote where the file ends; the quote that opened it is the last one before.
            const opening = openingQuote(text, quote, err.pos[0]);
            r.yamlProblem(opening, `the ${quote === '"' ? "double" : "single"}-quoted string that starts here is never closed`, `add the closing ${quote} on this line`);
        } else {
            r.yamlProblem(err.pos?.[0], err.message.split("\n")[0], err.code === "DUPLICATE_KEY" ? "remove the repeated key" : "fix the YAML syntax");
        }
    }
    // Aliases the document cannot resolve (`*std` before, or without, `&std`).
    visit(r.doc, {
        Alias(_, node) {
            if (node.resolve(r.doc) === undefined) {
                r.yamlProblem(node.range?.[0], `alias *${node.source} refers to no anchor defined before it`, `define \`&${node.source}\` on a value above this line, or write the value out`);
            }
        },
    });
}

// ---- 2. shape: secret-looking keys and top-level keys ----

function checkShape(r: CatalogReader): void {
    const top = r.top;
    // Secrets first: such keys are reported as secrets (not as unknown keys) and never echoed.
    findSecretKeys(top, [], (path) => {
        const userIndex = path[0] === "users" && typeof path[1] === "number" ? path[1] : undefined;
        const userName = userIndex !== undefined ? (top.users as any[])?.[userIndex]?.name : undefined;
        r.report(path, undefined, "looks like a secret: passwords and credentials never go in the catalog",
            `remove it and keep it as a stack secret: ${passwordCommand(typeof userName === "string" ? userName : "<user>")}`);
    });
    r.checkKeys(top, [], TOP_KEYS);
}

// ---- 3. topics, with this environment's overrides applied ----

/** A topic's values in one environment, and the path where each is set (for messages). */
interface TopicValues {
    partitions?: number;
    rf?: number;
    config: Record<string, string>;
    paths: Record<string, Path>;
    schemas: Partial<Record<SchemaRole, SchemaValues>>;
}

/** A key or value schema as far as it is set: a file, a compatibility level, and where each is set. */
interface SchemaValues {
    file?: string;
    compatibility?: CompatibilityLevel;
    /** The mapping that declares it (`topics[i].valueSchema` or an override's). */
    at: Path;
    fileAt?: Path;
}

function resolveTopics(r: CatalogReader) {
    const topics: TopicSpec[] = [];
    const replicationFactorAt: Record<string, SourceLocation> = {};
    const topicNames = new Map<string, number>();
    const foldedNames = new Map<string, string>();
    r.list("topics").forEach((raw, i) => {
        const path: Path = ["topics", i];
        const t = r.asObject(raw, path, "topic");
        if (!t) return;
        r.checkKeys(t, path, TOPIC_KEYS);
        const name = r.str(t, path, "name", true);
        r.str(t, path, "description", false);
        if (name !== undefined) checkTopicName(r, name, path, i, topicNames, foldedNames);
        const base = baseValues(r, t, path);
        const allowReplace = r.bool(t, path, "allowReplace");
        const allowDataLoss = r.bool(t, path, "allowDataLoss");
        const effective = environmentValues(r, t, path, base);
        checkMinInsyncReplicas(r, t, path, effective);
        const mine = effective.get(r.env)!;
        const schemas = schemaSpecs(r, effective);
        const valueSchemaEnvironments = ENVIRONMENTS.filter(e => effective.get(e)!.schemas.value?.file !== undefined);
        if (name !== undefined && mine.partitions !== undefined && mine.rf !== undefined) {
            topics.push({ name, partitions: mine.partitions, replicationFactor: mine.rf, config: mine.config, allowReplace, allowDataLoss, schemas, valueSchemaEnvironments });
            const rfPath = mine.paths.replicationFactor;
            replicationFactorAt[name] = { file: r.file, path: formatPath(rfPath), line: r.lineOf(rfPath) };
        }
    });
    return { topics, replicationFactorAt, topicNames };
}

/** Records topics[i]'s name: legal, declared once, and not colliding with another in Kafka. */
function checkTopicName(r: CatalogReader, name: string, path: Path, i: number, topicNames: Map<string, number>, foldedNames: Map<string, string>): void {
    const nameProblem = topicNameProblem(name);
    if (nameProblem) r.report([...path, "name"], name, nameProblem, "use letters, digits, '.', '_' and '-' only, at most 249 characters, e.g. orders.order.created");
    if (topicNames.has(name)) {
        r.report([...path, "name"], name, `duplicates topics[${topicNames.get(name)}]`, "declare each topic once; use `environments:` for values that differ per environment");
        return;
    }
    topicNames.set(name, i);
    // Kafka refuses topics whose names differ only by '.' vs '_' (they collide in metric names).
    const folded = name.replace(/\./g, "_");
    const other = foldedNames.get(folded);
    if (other !== undefined) r.report([...path, "name"], name, `collides with topic ${other}: Kafka treats '.' and '_' as the same in metric names and refuses one of them`, "rename one of the two topics");
    else foldedNames.set(folded, name);
}

/** The topic's own values, before any environment's override. */
function baseValues(r: CatalogReader, t: Record<string, unknown>, path: Path): TopicValues {
    return {
        partitions: r.positiveInt(t.partitions, [...path, "partitions"], "partitions", true, MAX_PARTITIONS),
        rf: r.positiveInt(t.replicationFactor, [...path, "replicationFactor"], "replication factor", true, MAX_REPLICATION_FACTOR),
        config: r.topicConfig(t.config, [...path, "config"]),
        paths: { partitions: [...path, "partitions"], replicationFactor: [...path, "replicationFactor"], config: [...path, "config"] },
        schemas: Object.fromEntries(SCHEMA_ROLES.filter(role => t[`${role}Schema`] !== undefined)
            .map(role => [role, readSchema(r, t[`${role}Schema`], [...path, `${role}Schema`], true)])),
    };
}

/**
 * A keySchema or valueSchema mapping: `file` (required on the topic, optional in an override), a .proto path inside
 * topics/schemas/, and `compatibility`, one of the registry's levels. Whether the file exists and
 * parses is checked when the files are read (schema-files.ts).
 */
function readSchema(r: CatalogReader, raw: unknown, path: Path, required: boolean): SchemaValues {
    const out: SchemaValues = { at: path };
    const o = r.asObject(raw, path, "schema: file and compatibility");
    if (!o) return out;
    r.checkKeys(o, path, SCHEMA_KEYS);
    const file = r.str(o, path, "file", required);
    if (file !== undefined) {
        const normal = file.replace(/\\/g, "/");
        if (!normal.endsWith(".proto")) r.report([...path, "file"], file, "must be a .proto file (Protobuf is the schema type this catalog registers)", "file: people/v1/person.proto");
        else if (normal.startsWith("/") || normal.split("/").includes("..")) r.report([...path, "file"], file, `must be a path inside topics/${SCHEMAS_DIR}/, relative to it`, "file: people/v1/person.proto");
        else {
            out.file = normal;
            out.fileAt = [...path, "file"];
        }
    }
    const level = r.str(o, path, "compatibility", false);
    if (level !== undefined) {
        if ((COMPATIBILITY_LEVELS as readonly string[]).includes(level)) out.compatibility = level as CompatibilityLevel;
        else r.report([...path, "compatibility"], level, `is not a compatibility level of the schema registry (${COMPATIBILITY_LEVELS.join(", ")})`, `compatibility: ${DEFAULT_COMPATIBILITY}`);
    }
    return out;
}

/** This environment's schemas; an override that sets only a level must sit on a schema with a file. */
function schemaSpecs(r: CatalogReader, effective: Map<Environment, TopicValues>): SchemaSpec[] {
    const specs: SchemaSpec[] = [];
    for (const [e, eff] of effective) {
        for (const role of SCHEMA_ROLES) {
            const s = eff.schemas[role];
            if (!s) continue;
            if (s.file === undefined || s.fileAt === undefined) {
                // Reported once, for the environment whose override declares it without a file.
                if (s.at.includes(e)) r.report(s.at, undefined, `declares a ${role} schema for ${e} without a file (the topic has none to override)`, `add \`file: <path>.proto\` here, or declare ${role}Schema on the topic itself`);
                continue;
            }
            if (e !== r.env) continue;
            specs.push({ role, file: s.file, compatibility: s.compatibility ?? DEFAULT_COMPATIBILITY, fileAt: { file: r.file, path: formatPath(s.fileAt), line: r.lineOf(s.fileAt) } });
        }
    }
    return specs;
}

/**
 * Every environment's values: the base with that environment's override applied. Every override is
 * validated, not only this environment's, so a bad prod value fails in dev already.
 */
function environmentValues(r: CatalogReader, t: Record<string, unknown>, path: Path, base: TopicValues): Map<Environment, TopicValues> {
    const effective = new Map<Environment, TopicValues>();
    for (const e of ENVIRONMENTS) {
        const schemas = Object.fromEntries(Object.entries(base.schemas).map(([role, v]) => [role, { ...v }]));
        effective.set(e, { ...base, config: { ...base.config }, paths: { ...base.paths }, schemas });
    }
    if (t.environments === undefined || t.environments === null) return effective;
    const envs = r.asObject(t.environments, [...path, "environments"], "environment overrides");
    for (const [e, rawOverride] of Object.entries(envs ?? {})) {
        const opath: Path = [...path, "environments", e];
        if (!(ENVIRONMENTS as readonly string[]).includes(e)) {
            r.report(opath, undefined, "is not an environment of this project", `use one of: ${ENVIRONMENTS.join(", ")}`);
            continue;
        }
        if (r.isSecretKey(e)) continue;
        const o = r.asObject(rawOverride, opath, "override of partitions, replicationFactor or config");
        if (o) applyOverride(r, o, opath, effective.get(e as Environment)!);
    }
    return effective;
}

function applyOverride(r: CatalogReader, o: Record<string, unknown>, opath: Path, eff: TopicValues): void {
    r.checkKeys(o, opath, OVERRIDE_KEYS);
    if (o.partitions !== undefined) {
        eff.partitions = r.positiveInt(o.partitions, [...opath, "partitions"], "partitions", false, MAX_PARTITIONS);
        eff.paths.partitions = [...opath, "partitions"];
    }
    if (o.replicationFactor !== undefined) {
        eff.rf = r.positiveInt(o.replicationFactor, [...opath, "replicationFactor"], "replication factor", false, MAX_REPLICATION_FACTOR);
        eff.paths.replicationFactor = [...opath, "replicationFactor"];
    }
    if (o.config !== undefined) {
        Object.assign(eff.config, r.topicConfig(o.config, [...opath, "config"]));
        eff.paths.config = [...opath, "config"];
    }
    for (const role of SCHEMA_ROLES) {
        const raw = o[`${role}Schema`];
        if (raw === undefined) continue;
        const over = readSchema(r, raw, [...opath, `${role}Schema`], false);
        const base = eff.schemas[role];
        eff.schemas[role] = {
            file: over.file ?? base?.file,
            fileAt: over.fileAt ?? base?.fileAt,
            compatibility: over.compatibility ?? base?.compatibility,
            at: base?.file !== undefined ? base.at : over.at,
        };
    }
}

/** min.insync.replicas must stay below the replication factor in every environment. */
function checkMinInsyncReplicas(r: CatalogReader, t: Record<string, unknown>, path: Path, effective: Map<Environment, TopicValues>): void {
    for (const [e, eff] of effective) {
        const isr = eff.config["min.insync.replicas"];
        if (eff.rf === undefined || isr === undefined || !/^\d+$/.test(isr)) continue;
        const n = Number(isr);
        if (n > eff.rf || (n === eff.rf && eff.rf > 1)) {
            const isrPath = configKeyPath(t, e, eff.paths.config, path);
            r.report(isrPath, isr,
                `must be lower than the replication factor (${eff.rf}) in ${e}: with min.insync.replicas >= replicas, ${n > eff.rf ? "no write with acks=all can ever succeed" : "one broker down stops every write with acks=all"}`,
                `set min.insync.replicas to ${Math.max(1, eff.rf - 1)} for ${e}, or raise replicationFactor`);
        }
    }
}

// ---- 4. users, external principals, services and explicit ACLs, and what they refer to ----

/** What services and ACLs may refer to: the catalog's topics, users and external principals. */
interface References {
    topicNames: ReadonlyMap<string, number>;
    userNames: ReadonlyMap<string, number>;
    externalPrincipals: readonly string[];
    /** `allowWildcardPrincipals: true` at the top of the catalog. */
    allowWildcards: boolean;
}

function readUsers(r: CatalogReader) {
    const users: UserSpec[] = [];
    const userNames = new Map<string, number>();
    r.list("users").forEach((raw, i) => {
        const path: Path = ["users", i];
        const u = r.asObject(raw, path, "user");
        if (!u) return;
        r.checkKeys(u, path, USER_KEYS);
        r.str(u, path, "description", false);
        const name = r.str(u, path, "name", true);
        if (name === undefined) return;
        if (!USER_NAME.test(name)) {
            r.report([...path, "name"], name, "must be a user name of letters, digits, '.', '_', '-' (1..64)", "e.g. orders-api");
            return;
        }
        if (userNames.has(name)) {
            r.report([...path, "name"], name, `duplicates users[${userNames.get(name)}]`, "declare each user once");
            return;
        }
        userNames.set(name, i);
        users.push({ name });
    });
    return { users, userNames };
}

function readExternalPrincipals(r: CatalogReader) {
    // A wildcard principal (User:*, Group:*) grants to everyone: only with an explicit opt-in.
    const allowWildcards = r.top.allowWildcardPrincipals === true;
    if (r.top.allowWildcardPrincipals !== undefined && typeof r.top.allowWildcardPrincipals !== "boolean") {
        r.report(["allowWildcardPrincipals"], r.top.allowWildcardPrincipals, "must be true or false", "allowWildcardPrincipals: true");
    }
    const externalPrincipals: string[] = [];
    for (const { value, path } of r.stringList(r.top, [], "externalPrincipals")) {
        if (!PRINCIPAL.test(value)) r.report(path, value, "must be a principal such as User:legacy-etl", `"User:${value}"`);
        else if (!wildcardProblem(r, allowWildcards, value, path)) externalPrincipals.push(value);
    }
    return { externalPrincipals, allowWildcards };
}

/** Reports a wildcard principal that is not opted in; true when it did. */
function wildcardProblem(r: CatalogReader, allowWildcards: boolean, principal: string, path: Path): boolean {
    if (allowWildcards || !/^[A-Za-z]+:\*$/.test(principal)) return false;
    r.report(path, principal, "is a wildcard principal: every client, authenticated or not, gets what it is granted",
        "name the principals one by one; or, if everyone really needs this, add `allowWildcardPrincipals: true` at the top of the catalog");
    return true;
}

/** A principal a service or ACL grants to: a user of this catalog, or one listed as external. */
function checkPrincipal(r: CatalogReader, refs: References, principal: string, path: Path): void {
    if (!PRINCIPAL.test(principal)) {
        r.report(path, principal, "must be a principal of the form User:<name>", `"User:${principal}"`);
        return;
    }
    if (wildcardProblem(r, refs.allowWildcards, principal, path)) return;
    if (refs.externalPrincipals.includes(principal)) return;
    const [type, name] = [principal.slice(0, principal.indexOf(":")), principal.slice(principal.indexOf(":") + 1)];
    if (type !== "User") {
        r.report(path, principal, "is not a User principal declared in this catalog", `list it under externalPrincipals if it is managed elsewhere`);
    } else if (!refs.userNames.has(name)) {
        r.report(path, principal, `refers to user ${name}, which is not declared under users`,
            `add \`- name: ${name}\` under users (and ${passwordCommand(name)}), or list "${principal}" under externalPrincipals if it is managed elsewhere`);
    }
}

/** A name or `prefix*` a service uses; a literal topic must be declared in this catalog. */
function namePattern(r: CatalogReader, refs: References, value: string, path: Path, what: "topic" | "group" | "transactional id"): NamePattern | undefined {
    const prefixed = value.endsWith("*");
    const name = prefixed ? value.slice(0, -1) : value;
    if (name === "" || name.includes("*")) {
        r.report(path, value, `must be a ${what} name, or a prefix followed by a single trailing *`, what === "topic" ? `e.g. "orders." + "*"` : `e.g. "${what === "group" ? "orders-" : "orders-tx-"}*"`);
        return undefined;
    }
    if (what === "topic") {
        const p = prefixed ? (TOPIC_NAME.test(name) ? undefined : "must use Kafka's topic characters") : topicNameProblem(name);
        if (p) { r.report(path, value, p, "use letters, digits, '.', '_' and '-'"); return undefined; }
        if (!prefixed && !refs.topicNames.has(name)) {
            r.report(path, value, "is not a topic declared in this catalog", `declare it under topics, fix the name, or use a prefix ending in * for topics managed elsewhere`);
            return undefined;
        }
    } else if (!GROUP_OR_CLIENT_ID.test(name)) {
        r.report(path, value, `must be a ${what} without spaces (1..255 characters)`, `e.g. orders-api`);
        return undefined;
    }
    return { name, patternType: prefixed ? "prefixed" : "literal" };
}

/** The file's services, and where each is declared (its name). */
function readServices(r: CatalogReader, refs: References): { services: ServiceSpec[]; serviceAt: Map<string, Path> } {
    const services: ServiceSpec[] = [];
    const serviceAt = new Map<string, Path>();
    const serviceNames = new Map<string, number>();
    r.list("services").forEach((raw, i) => {
        const path: Path = ["services", i];
        const s = r.asObject(raw, path, "service");
        if (!s) return;
        r.checkKeys(s, path, SERVICE_KEYS);
        r.str(s, path, "description", false);
        const name = r.str(s, path, "name", true);
        if (name === undefined) return;
        if (!USER_NAME.test(name)) r.report([...path, "name"], name, "must be a name of letters, digits, '.', '_', '-' (1..64)", "e.g. orders-api");
        if (serviceNames.has(name)) {
            r.report([...path, "name"], name, `duplicates services[${serviceNames.get(name)}]`, "declare each service once");
            return;
        }
        serviceNames.set(name, i);
        services.push(readService(r, refs, s, path, name));
        serviceAt.set(name, [...path, "name"]);
    });
    return { services, serviceAt };
}

/** A service's principal and roles; names are checked by readServices. */
function readService(r: CatalogReader, refs: References, s: Record<string, unknown>, path: Path, name: string): ServiceSpec {
    const principal = r.str(s, path, "principal", false) ?? `User:${name}`;
    checkPrincipal(r, refs, principal, s.principal === undefined ? [...path, "name"] : [...path, "principal"]);
    const collect = (key: string, what: "topic" | "group" | "transactional id") =>
        r.stringList(s, path, key).map(x => namePattern(r, refs, x.value, x.path, what)).filter((x): x is NamePattern => x !== undefined);
    const produces = collect("produces", "topic");
    const consumes = collect("consumes", "topic");
    const groups = s.groups === undefined ? [{ name, patternType: "literal" as const }] : collect("groups", "group");
    const transactionalIds = collect("transactionalIds", "transactional id");
    const idempotentWriteOnCluster = r.bool(s, path, "idempotentWriteOnCluster");
    return { name, principal, produces, consumes, groups, transactionalIds, idempotentWriteOnCluster };
}

/** The file's explicit ACL entries, and where each is declared (parallel lists). */
function readAcls(r: CatalogReader, refs: References): { acls: AclEntry[]; aclAt: Path[] } {
    const acls: AclEntry[] = [];
    const aclAt: Path[] = [];
    r.list("acls").forEach((raw, i) => {
        const path: Path = ["acls", i];
        const a = r.asObject(raw, path, "ACL entry");
        const acl = a && readAcl(r, refs, a, path);
        if (acl) {
            acls.push(acl);
            aclAt.push(path);
        }
    });
    return { acls, aclAt };
}

/** One explicit ACL entry, or undefined when a part of it is missing or wrong (and reported). */
function readAcl(r: CatalogReader, refs: References, a: Record<string, unknown>, path: Path): AclEntry | undefined {
    r.checkKeys(a, path, ACL_KEYS);
    r.str(a, path, "description", false);
    const principal = r.str(a, path, "principal", true);
    if (principal !== undefined) checkPrincipal(r, refs, principal, [...path, "principal"]);
    const resourceType = r.enumOf(a, path, "resourceType", ACL_RESOURCE_TYPES, undefined);
    const patternType = r.enumOf(a, path, "patternType", ["literal", "prefixed"] as const, "literal");
    const permission = r.enumOf(a, path, "permission", ["allow", "deny"] as const, undefined);
    const resourceName = aclResourceName(r, a, path, resourceType, patternType);
    const operation = r.str(a, path, "operation", true);
    if (operation !== undefined && resourceType !== undefined && !ACL_OPERATIONS[resourceType].includes(operation)) {
        r.report([...path, "operation"], operation, `is not an operation of resourceType ${resourceType}`, `use one of: ${ACL_OPERATIONS[resourceType].join(", ")}`);
    }
    const host = r.str(a, path, "host", false) ?? "*";
    if (host !== "*" && isIP(host) === 0) r.report([...path, "host"], host, "must be * or an IP address, IPv4 or IPv6 (Kafka matches ACL hosts by IP only)", `host: "*"`);
    if (principal && resourceType && resourceName && patternType && operation && permission) {
        return { principal, resourceType, resourceName, patternType, operation, permission, host };
    }
    return undefined;
}

/** The ACL's resourceName: always kafka-cluster for the cluster; a topic's is checked like a topic name. */
function aclResourceName(r: CatalogReader, a: Record<string, unknown>, path: Path, resourceType: AclResourceType | undefined, patternType: AclPatternType | undefined): string | undefined {
    const resourceName = r.str(a, path, "resourceName", resourceType !== "cluster");
    if (resourceType === "cluster") {
        if (resourceName !== undefined && resourceName !== CLUSTER_RESOURCE_NAME) {
            r.report([...path, "resourceName"], resourceName, `must be ${CLUSTER_RESOURCE_NAME} for resourceType cluster`, `resourceName: ${CLUSTER_RESOURCE_NAME} (or leave it out)`);
        }
        if (patternType === "prefixed") r.report([...path, "patternType"], "prefixed", "must be literal for resourceType cluster", "patternType: literal");
        return CLUSTER_RESOURCE_NAME;
    }
    if (resourceType === "topic" && resourceName !== undefined) {
        const p = patternType === "prefixed" ? (TOPIC_NAME.test(resourceName) ? undefined : "must use Kafka's topic characters") : (resourceName === "*" ? undefined : topicNameProblem(resourceName));
        if (p) r.report([...path, "resourceName"], resourceName, p, "use letters, digits, '.', '_' and '-'");
    }
    return resourceName;
}

/**
 * The file's client quotas (parallel lists: the quotas, and where each names its user or client
 * id). A user must be one the catalog knows, so a typo cannot limit nobody; a client id is free.
 */
function readQuotas(r: CatalogReader, refs: References): { quotas: QuotaSpec[]; quotaAt: Path[] } {
    const quotas: QuotaSpec[] = [];
    const quotaAt: Path[] = [];
    const seen = new Map<string, number>();
    r.list("quotas").forEach((raw, i) => {
        const path: Path = ["quotas", i];
        const q = r.asObject(raw, path, "quota: user or clientId, and rates");
        if (!q) return;
        r.checkKeys(q, path, QUOTA_CATALOG_KEYS);
        r.str(q, path, "description", false);
        const user = r.str(q, path, "user", false);
        const clientId = r.str(q, path, "clientId", false);
        if ((user === undefined) === (clientId === undefined)) {
            r.report(path, undefined, user === undefined ? "names neither a user nor a client id" : "names both a user and a client id",
                "set exactly one of `user: <catalog user>` and `clientId: <client.id>` (one quota entry per user and per client id)");
            return;
        }
        const entityType = user !== undefined ? QUOTA_ENTITIES.user : QUOTA_ENTITIES.clientId;
        const entityName = (user ?? clientId)!;
        const namePath: Path = [...path, user !== undefined ? "user" : "clientId"];
        if (user !== undefined) {
            if (!USER_NAME.test(user)) r.report(namePath, user, "must be a user name of letters, digits, '.', '_', '-' (1..64)", "e.g. orders-api");
            else if (!refs.userNames.has(user) && !refs.externalPrincipals.includes(`User:${user}`)) {
                r.report(namePath, user, "is not a user declared in this catalog", `add \`- name: ${user}\` under users, or list "User:${user}" under externalPrincipals if it is managed elsewhere`);
            }
        } else if (!GROUP_OR_CLIENT_ID.test(entityName)) {
            r.report(namePath, entityName, "must be a client id without spaces or * (1..255 characters)", "e.g. clientId: orders-api-producer");
        }
        const key = `${entityType} ${entityName}`;
        if (seen.has(key)) {
            r.report(namePath, entityName, `duplicates quotas[${seen.get(key)}]`, `set every rate of this ${entityType} in one entry`);
            return;
        }
        seen.set(key, i);
        const rates = quotaRates(r, q, path);
        const envs = q.environments === undefined ? undefined : r.asObject(q.environments, [...path, "environments"], "environment overrides of the rates");
        for (const [e, o] of Object.entries(envs ?? {})) {
            const opath: Path = [...path, "environments", e];
            if (!(ENVIRONMENTS as readonly string[]).includes(e)) {
                r.report(opath, undefined, "is not an environment of this project", `use one of: ${ENVIRONMENTS.join(", ")}`);
                continue;
            }
            // Every environment's override is checked; this environment's applies.
            const over = r.asObject(o, opath, "override of the rates");
            if (!over) continue;
            r.checkKeys(over, opath, QUOTA_OVERRIDE_KEYS);
            const overRates = quotaRates(r, over, opath);
            if (e === r.env) Object.assign(rates, overRates);
        }
        if (Object.keys(rates).length === 0) {
            r.report(path, undefined, `sets no rate in environment ${r.env}`, `set at least one of ${Object.keys(QUOTA_KEYS).join(", ")}`);
            return;
        }
        quotas.push({ entityType, entityName, rates });
        quotaAt.push(namePath);
    });
    return { quotas, quotaAt };
}

/** The rates set in one mapping, by Kafka's quota key; a bad value is reported and left out. */
function quotaRates(r: CatalogReader, o: Record<string, unknown>, path: Path): Record<string, number> {
    const rates: Record<string, number> = {};
    for (const key of Object.keys(QUOTA_KEYS) as QuotaKey[]) {
        const v = o[key];
        if (v === undefined) continue;
        const whole = QUOTA_WHOLE_KEYS.includes(key);
        if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || (whole && !Number.isInteger(v))) {
            r.report([...path, key], v, whole ? "must be a whole number of bytes per second, at least 1" : "must be a number above 0",
                whole ? `${key}: 1048576   # 1 MiB/s per broker` : `${key}: ${key === "requestPercentage" ? "50" : "10"}`);
            continue;
        }
        rates[QUOTA_KEYS[key]] = v;
    }
    return rates;
}

// ---- 5. deleted topics, the empty-catalog opt-in, and the bounds (replicationProblems) ----

function readDeletedTopics(r: CatalogReader, topicNames: ReadonlyMap<string, number>): string[] {
    const deletedTopics: string[] = [];
    for (const { value, path } of r.stringList(r.top, [], "deletedTopics")) {
        const nameProblem = topicNameProblem(value);
        if (nameProblem) r.report(path, value, nameProblem, "list the exact name of the deleted topic");
        else if (topicNames.has(value)) r.report(path, value, "is both declared under topics and listed as deleted", "remove it from one of the two lists");
        else if (deletedTopics.includes(value)) r.report(path, value, "is listed twice", "list each deleted topic once");
        else deletedTopics.push(value);
    }
    return deletedTopics;
}

/** An empty catalog deletes every topic of a stack that does not protect them: only on purpose. */
function checkNotEmpty(r: CatalogReader): void {
    const top = r.top;
    const declared = ["topics", "users", "services", "acls", "quotas"].some(k => Array.isArray(top[k]) && (top[k] as unknown[]).length > 0);
    if (!declared && top.allowEmpty !== true) {
        r.report([], undefined, "declares no topic, user or ACL: deploying it would delete everything this stack manages",
            "declare the catalog's topics; or, to empty the stack on purpose, add `allowEmpty: true` at the top of the catalog");
    }
    if (top.allowEmpty !== undefined && typeof top.allowEmpty !== "boolean") r.report(["allowEmpty"], top.allowEmpty, "must be true or false", "allowEmpty: true");
}

/** Replication factors larger than the cluster's broker count: Kafka cannot place their replicas. */
function replicationProblems(catalog: Catalog, brokerCount: number | undefined): CatalogProblem[] {
    if (brokerCount === undefined) return [];
    const env = catalog.environment;
    return catalog.topics.filter(t => t.replicationFactor > brokerCount).map(t => {
        const at = catalog.replicationFactorAt[t.name];
        return {
            ...at, key: `${at.file}${at.line ? `:${at.line}` : ""} ${at.path}`, value: String(t.replicationFactor),
            problem: `is larger than the cluster's ${brokerCount} broker(s) in ${env}: Kafka cannot place ${t.replicationFactor} replicas`,
            fix: `set replicationFactor to at most ${brokerCount} (in environments.${env} if other environments have more brokers)`,
        };
    });
}

/**
 * Checks a parsed catalog against the cluster's broker count once it is known (after the catalog
 * was parsed without it), with the same located message parseCatalog gives: no second parse.
 */
export function checkBrokerCount(catalog: Catalog, brokerCount: number | undefined): void {
    const problems = replicationProblems(catalog, brokerCount);
    if (problems.length > 0) throw catalogError(catalog.file, catalog.environment, problems);
}

/**
 * Checks the catalog's size against the brokers' heap (a cluster stack's `brokerHeapMb` output):
 * refuses a catalog at or beyond the replicas per broker at which the measured heap ran out, and
 * returns a warning for one beyond what it was measured to hold. Only this stack's catalog (or
 * slice) is counted: topics of other stacks on the same cluster add to it.
 */
export function checkBrokerHeap(catalog: Catalog, brokerCount: number, heapMb: number, clusterStack: string): string | undefined {
    const replicas = replicasPerBroker(catalog.topics, brokerCount);
    const verdict = heapVerdict(replicas, heapMb);
    if (verdict === "held") return undefined;
    const needed = heapForReplicas(replicas);
    const fix = `in the cluster stack ${clusterStack}: pulumi config set heapMb ${needed} && pulumi config set memoryMb ${needed + 512}, then pulumi up (the brokers roll one at a time)`;
    const measured = `a ${HEAP_MEASUREMENT.heapMb} MB heap held ${HEAP_MEASUREMENT.heldReplicasPerBroker} and ran out at ${HEAP_MEASUREMENT.failedReplicasPerBroker} (bench/findings.md, section 4)`;
    const what = `${catalog.topics.length} topics put about ${replicas} partition replicas on each of the ${brokerCount} brokers, whose heap is ${heapMb} MB`;
    if (verdict === "untested") return `catalog ${catalog.file} (environment ${catalog.environment}): ${what}: more than that heap was measured to hold (${measured}). To be safe, ${fix}.`;
    throw catalogError(catalog.file, catalog.environment, [{
        file: catalog.file, path: "topics", key: `${catalog.file} topics`, value: `${catalog.topics.length} topics`,
        problem: `${what}: brokers run out of heap at that size (${measured})`, fix,
    }]);
}

// ---- helpers ----

function passwordCommand(user: string): string {
    return setPasswordCommand(`userPasswords.${user}`, { path: true });
}

/** Why a topic name is illegal in Kafka, or undefined when it is fine. */
export function topicNameProblem(name: string): string | undefined {
    if (name === "." || name === "..") return "cannot be \".\" or \"..\"";
    if (name.length > TOPIC_NAME_MAX) return `is ${name.length} characters long; Kafka allows at most ${TOPIC_NAME_MAX}`;
    if (!TOPIC_NAME.test(name)) return "contains characters Kafka does not allow in topic names (only a-z, A-Z, 0-9, '.', '_', '-')";
    return undefined;
}

/** Where min.insync.replicas comes from for an environment: its override, else the base config. */
function configKeyPath(t: Record<string, unknown>, env: string, overridePath: Path, topicPath: Path): Path {
    const o = (t.environments as Record<string, any> | undefined)?.[env]?.config;
    if (isPlainObject(o) && "min.insync.replicas" in o) return [...overridePath, "min.insync.replicas"];
    return [...topicPath, "config", "min.insync.replicas"];
}

function findSecretKeys(v: unknown, path: Path, found: (path: Path) => void): void {
    if (Array.isArray(v)) {
        v.forEach((x, i) => findSecretKeys(x, [...path, i], found));
    } else if (isPlainObject(v)) {
        for (const [k, x] of Object.entries(v)) {
            if (SECRET_KEY.test(k)) found([...path, k]);
            else findSecretKeys(x, [...path, k], found);
        }
    }
}

/** Offset of the quote that opens a string left unclosed before `end` (the last unescaped one). */
function openingQuote(text: string, quote: string, end: number): number | undefined {
    for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
        if (text[i] === quote && !(quote === '"' && text[i - 1] === "\\")) return i;
    }
    return undefined;
}

/** Offset of the document's first alias, where an alias problem is reported. */
function firstAlias(doc: Document): number | undefined {
    let offset: number | undefined;
    visit(doc, { Alias(_, node) { offset = node.range?.[0]; return visit.BREAK; } });
    return offset;
}
