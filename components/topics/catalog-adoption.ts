// Pure (no I/O, no Pulumi): a snapshot of a live Kafka cluster turned into a catalog the topics
// stack accepts as it is, the heart of `npm run adopt` (scripts/adopt.ts reads the cluster and
// writes the files). What the catalog cannot say exactly is left out, stays in Kafka untouched,
// and is named in the report with the reason.
//
// The users rule: adopting never changes a password. Kafka never reveals a SCRAM password, and a
// user under `users:` gets the password of the stack's config on the next `pulumi up`, so every
// SCRAM user is adopted as `User:<name>` under externalPrincipals: services, ACLs and quotas can
// name it, and the stack never writes its credential. The report gives, for each, the way to
// manage it later: move it under `users:` and run
// `pulumi config set --secret --path 'userPasswords.<name>'`, which rotates its password on the next up.
//
// ACLs are folded into services only where a role expands to entries that all exist (checked
// with expandService): nothing is lost and nothing is granted that was not there; the rest stay
// explicit entries. Every list is sorted, so adopting the same cluster twice writes the same files.

import { isIP } from "node:net";
import { Document, isMap, isScalar } from "yaml";
import { COMMON_RESERVED_PREFIXES, reservedPrefixOf, reservedPrefixReached } from "../shared/reserved-names";
import { USER_NAME, USER_SASL_MECHANISM } from "../shared/kafka-names";
import { setPasswordCommand } from "../shared/password-rule";
import { aclKey, expandService } from "./acl-expansion";
import type { ConfigProblem } from "../shared/config-error";
import { CLUSTER_RESOURCE_NAME, topicNameProblem, type AclEntry, type AclPatternType, type AclPermission, type AclResourceType, type Catalog, type NamePattern } from "./catalog";
import {
    ACL_OPERATIONS, GROUP_OR_CLIENT_ID, MAX_PARTITIONS, MAX_REPLICATION_FACTOR, PRINCIPAL, QUOTA_KEYS, QUOTA_WHOLE_KEYS, TOPIC_CONFIG_RULES, TOPIC_NAME,
    type CatalogDocument, type QuotaKey,
} from "./catalog-schema";

// ---- the snapshot: the JSON scripts/kafka-client/KafkaProbe.java `snapshot` prints ----

export interface SnapshotTopic {
    name: string;
    partitions: number;
    replicationFactor: number;
    /** Only configs set on the topic itself (DescribeConfigs source DYNAMIC_TOPIC_CONFIG). */
    config: Record<string, string>;
}

export interface SnapshotUser {
    name: string;
    /** e.g. ["SCRAM-SHA-512"] */
    mechanisms: string[];
}

export interface SnapshotAcl {
    principal: string;
    host: string;
    /** Kafka's enum names: READ, WRITE, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, CLUSTER_ACTION, CREATE, DELETE, ALTER, ALL. */
    operation: string;
    /** ALLOW | DENY */
    permission: string;
    /** TOPIC | GROUP | CLUSTER | TRANSACTIONAL_ID | DELEGATION_TOKEN | USER */
    resourceType: string;
    resourceName: string;
    /** LITERAL | PREFIXED */
    patternType: string;
}

export interface SnapshotQuota {
    /** {"user": "x"} or {"client-id": "y"}; null is the default entity. */
    entity: Record<string, string | null>;
    /** producer_byte_rate, consumer_byte_rate, request_percentage, controller_mutation_rate, ... */
    values: Record<string, number>;
}

export interface ClusterSnapshot {
    topics: SnapshotTopic[];
    users: SnapshotUser[];
    acls: SnapshotAcl[];
    quotas: SnapshotQuota[];
    warnings?: string[];
    elapsedMs?: number;
}

// ---- the result ----

export interface AdoptionOptions {
    /** `User:<name>` of the principals the cluster keeps for itself (its admin, the registry's user). */
    reservedPrincipals?: readonly string[];
    /** Topic, group and transactional id prefixes of the cluster's own services, besides COMMON_RESERVED_PREFIXES. */
    reservedPrefixes?: readonly string[];
}

/** Things of one kind left out for one reason. */
export interface LeftOut {
    reason: string;
    names: string[];
}

/** A SCRAM user adopted without its password, and how to bring its password under the stack. */
export interface UnmanagedPassword {
    user: string;
    mechanisms: string[];
    manage: string;
}

export interface AdoptionReport {
    topics: number;
    externalPrincipals: number;
    /** Services made of ACLs that match their roles exactly. */
    servicesFolded: number;
    /** ACL entries those services' roles stand for. */
    aclsFolded: number;
    /** ACL entries kept as they are, under `acls`. */
    explicitAcls: number;
    quotas: number;
    /** What was left out (it stays in Kafka, untouched), by kind and reason; reasons and names sorted. */
    leftOut: { topics: LeftOut[]; users: LeftOut[]; acls: LeftOut[]; quotas: LeftOut[] };
    unmanagedPasswords: UnmanagedPassword[];
    /** Topic configs and quota values not adopted, or adopted changed. */
    warnings: string[];
}

export interface Adoption {
    document: CatalogDocument;
    report: AdoptionReport;
}

const WILDCARD_PRINCIPAL = /^[A-Za-z]+:\*$/;
const KAFKA_RESOURCE_TYPES: Record<string, AclResourceType> = { TOPIC: "topic", GROUP: "group", CLUSTER: "cluster", TRANSACTIONAL_ID: "transactionalId" };
const KAFKA_PATTERN_TYPES: Record<string, AclPatternType> = { LITERAL: "literal", PREFIXED: "prefixed" };
const KAFKA_PERMISSIONS: Record<string, AclPermission> = { ALLOW: "allow", DENY: "deny" };
const KAFKA_QUOTA_KEYS = new Map((Object.entries(QUOTA_KEYS) as Array<[QuotaKey, string]>).map(([k, kafka]) => [kafka, k]));

/** Plain code-unit order: the same on every machine and locale. */
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort(byString);

/** IDEMPOTENT_WRITE -> IdempotentWrite */
const catalogOperation = (op: string) => op.toUpperCase().split("_").map(w => w.charAt(0) + w.slice(1).toLowerCase()).join("");

class LeftOutTally {
    private readonly byReason = new Map<string, string[]>();
    add(reason: string, name: string): void {
        this.byReason.set(reason, [...(this.byReason.get(reason) ?? []), name]);
    }
    list(): LeftOut[] {
        return [...this.byReason.entries()].sort(([a], [b]) => byString(a, b)).map(([reason, names]) => ({ reason, names: sorted(names) }));
    }
}

type TopicDoc = { name: string; partitions: number; replicationFactor: number; config?: Record<string, string> };
type ServiceDoc = { name: string; produces?: string[]; consumes?: string[]; groups?: string[]; transactionalIds?: string[]; idempotentWriteOnCluster?: boolean };
type AclDoc = { principal: string; resourceType: AclResourceType; resourceName?: string; patternType?: AclPatternType; operation: string; permission: AclPermission; host?: string };
type QuotaDoc = { user?: string; clientId?: string } & Partial<Record<QuotaKey, number>>;

/** The catalog a cluster's snapshot describes, and what could not be adopted. */
export function catalogFromSnapshot(snapshot: ClusterSnapshot, opts: AdoptionOptions = {}): Adoption {
    const prefixes = sorted([...COMMON_RESERVED_PREFIXES, ...(opts.reservedPrefixes ?? [])]);
    const reserved = new Set(opts.reservedPrincipals ?? []);
    const warnings: string[] = [];
    const principals = new Set<string>();

    const topicsOut = new LeftOutTally();
    const topics = adoptTopics(snapshot.topics, prefixes, topicsOut, warnings);
    const topicNames = new Set(topics.map(t => t.name));

    const usersOut = new LeftOutTally();
    const unmanagedPasswords = adoptUsers(snapshot.users, reserved, usersOut, principals);

    const aclsOut = new LeftOutTally();
    const entries = adoptAcls(snapshot.acls, reserved, prefixes, aclsOut);
    for (const e of entries) principals.add(e.principal);

    const quotasOut = new LeftOutTally();
    const quotas = adoptQuotas(snapshot.quotas, reserved, quotasOut, warnings);
    for (const q of quotas) if (q.user !== undefined) principals.add(`User:${q.user}`);

    const { services, explicit, folded } = foldServices(entries, topicNames);

    const document: CatalogDocument = {};
    if (topics.length > 0) document.topics = topics;
    if (principals.size > 0) document.externalPrincipals = sorted(principals);
    // The parser wants the opt-in in the file that names the wildcard.
    if (explicit.some(a => WILDCARD_PRINCIPAL.test(a.principal))) document.allowWildcardPrincipals = true;
    if (services.length > 0) document.services = services;
    if (explicit.length > 0) document.acls = explicit.map(aclDoc);
    if (quotas.length > 0) document.quotas = quotas;
    const complete = withAllowEmpty(document);

    return {
        document: complete,
        report: {
            topics: topics.length,
            externalPrincipals: principals.size,
            servicesFolded: services.length,
            aclsFolded: folded,
            explicitAcls: explicit.length,
            quotas: quotas.length,
            leftOut: { topics: topicsOut.list(), users: usersOut.list(), acls: aclsOut.list(), quotas: quotasOut.list() },
            unmanagedPasswords,
            warnings,
        },
    };
}

// ---- topics ----

function adoptTopics(snapshotTopics: readonly SnapshotTopic[], prefixes: readonly string[], out: LeftOutTally, warnings: string[]): TopicDoc[] {
    const topics = new Map<string, TopicDoc>();
    for (const t of [...snapshotTopics].sort((a, b) => byString(a.name, b.name))) {
        if (topics.has(t.name)) continue;
        const prefix = reservedPrefixOf(t.name, prefixes);
        if (prefix !== undefined) { out.add(`starts with ${prefix}, a prefix the cluster keeps for its own services`, t.name); continue; }
        const nameProblem = topicNameProblem(t.name);
        if (nameProblem) { out.add(`its name ${nameProblem}`, t.name); continue; }
        if (!isCount(t.partitions, MAX_PARTITIONS) || !isCount(t.replicationFactor, MAX_REPLICATION_FACTOR)) {
            out.add("has no partitions or replicas the snapshot could read", t.name);
            continue;
        }
        const config = adoptTopicConfig(t, warnings);
        topics.set(t.name, { name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, ...(Object.keys(config).length > 0 ? { config } : {}) });
    }
    return [...topics.values()];
}

const isCount = (n: unknown, max: number) => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= max;

/**
 * The topic's own configs the catalog manages. A key it does not know, or a value the parser would
 * refuse, is left out with a warning: adopting it would make the catalog invalid, and the adopting
 * up stops on that topic (the stack would otherwise remove the value) until Kafka's value changes.
 */
function adoptTopicConfig(t: SnapshotTopic, warnings: string[]): Record<string, string> {
    const config: Record<string, string> = {};
    const skip = (key: string, value: unknown, why: string) =>
        warnings.push(`topic ${t.name}: config ${key}=${String(value)} ${why}; the catalog cannot hold it, so the adopting up stops on this topic until the value is changed in Kafka`);
    for (const key of Object.keys(t.config ?? {}).sort(byString)) {
        const value: unknown = t.config[key];
        const rule = TOPIC_CONFIG_RULES[key];
        if (rule === undefined) skip(key, value, "is not a topic config the catalog knows");
        else if (typeof value !== "string") skip(key, value, "has no readable value");
        else if (!rule.schema.safeParse(value).success) skip(key, value, `is refused by the catalog: it ${rule.problem ?? "is not valid"}`);
        else config[key] = value;
    }
    // The parser refuses a min.insync.replicas that stops writes with acks=all.
    const isr = config["min.insync.replicas"];
    if (isr !== undefined) {
        const n = Number(isr);
        if (n > t.replicationFactor || (n === t.replicationFactor && n > 1)) {
            delete config["min.insync.replicas"];
            skip("min.insync.replicas", isr, `is refused by the catalog: it must be lower than the replication factor (${t.replicationFactor})`);
        }
    }
    return config;
}

// ---- users ----

function adoptUsers(users: readonly SnapshotUser[], reserved: ReadonlySet<string>, out: LeftOutTally, principals: Set<string>): UnmanagedPassword[] {
    const unmanaged = new Map<string, UnmanagedPassword>();
    for (const u of [...users].sort((a, b) => byString(a.name, b.name))) {
        const principal = `User:${u.name}`;
        if (unmanaged.has(u.name)) continue;
        if (reserved.has(principal)) { out.add("a principal the cluster keeps for itself", u.name); continue; }
        if (!PRINCIPAL.test(principal)) { out.add("its name cannot be written as a principal (it has spaces or is empty)", u.name); continue; }
        principals.add(principal);
        const mechanisms = sorted(u.mechanisms ?? []);
        const manage = USER_NAME.test(u.name)
            ? `move it from externalPrincipals to users (- name: ${u.name}) and run ${setPasswordCommand(`userPasswords.${u.name}`, { path: true })}; ` +
              `the next pulumi up rotates its password${mechanisms.includes(USER_SASL_MECHANISM) ? "" : ` (to a ${USER_SASL_MECHANISM} credential)`}`
            : "its name is not one the catalog's users accept (letters, digits, '.', '_', '-', at most 64): it stays managed outside the catalog";
        unmanaged.set(u.name, { user: u.name, mechanisms, manage });
    }
    return [...unmanaged.values()];
}

// ---- ACLs ----

/** Kafka's own spelling of an entry, for the report. */
function describeSnapshotAcl(a: SnapshotAcl): string {
    return `${a.principal} ${a.permission} ${a.operation} on ${a.resourceType} ${a.resourceName} (${a.patternType}), host ${a.host}`;
}

/** The snapshot's ACLs in the catalog's spelling, deduplicated and sorted; the others reported. */
function adoptAcls(acls: readonly SnapshotAcl[], reserved: ReadonlySet<string>, prefixes: readonly string[], out: LeftOutTally): AclEntry[] {
    const adopted = new Map<string, AclEntry>();
    for (const a of acls) {
        const result = convertAcl(a, reserved, prefixes);
        if (typeof result === "string") out.add(result, describeSnapshotAcl(a));
        else adopted.set(aclKey(result), result);
    }
    return [...adopted.entries()].sort(([a], [b]) => byString(a, b)).map(([, e]) => e);
}

/** The entry in the catalog's spelling, or why the catalog cannot hold it as it is. */
function convertAcl(a: SnapshotAcl, reserved: ReadonlySet<string>, prefixes: readonly string[]): AclEntry | string {
    if (reserved.has(a.principal)) return "of a principal the cluster keeps for itself";
    const resourceType = KAFKA_RESOURCE_TYPES[a.resourceType?.toUpperCase()];
    if (!resourceType) return `on a ${a.resourceType} resource, which the catalog cannot express`;
    if (!PRINCIPAL.test(a.principal)) return "its principal is not of the form Type:name without spaces";
    const patternType = KAFKA_PATTERN_TYPES[a.patternType?.toUpperCase()];
    const permission = KAFKA_PERMISSIONS[a.permission?.toUpperCase()];
    if (!patternType || !permission) return "its pattern type or permission is not one the catalog knows";
    const operation = catalogOperation(a.operation ?? "");
    if (!ACL_OPERATIONS[resourceType].includes(operation)) return `operation ${a.operation} is not one the catalog allows on ${a.resourceType}`;
    if (a.host !== "*" && isIP(a.host) === 0) return "its host is neither * nor an IP address";
    const name = a.resourceName;
    if (typeof name !== "string" || name === "") return "has no resource name";
    if (resourceType === "cluster" && (name !== CLUSTER_RESOURCE_NAME || patternType !== "literal")) return `a cluster resource other than ${CLUSTER_RESOURCE_NAME}`;
    if (resourceType === "topic" && !(patternType === "prefixed" ? TOPIC_NAME.test(name) : name === "*" || topicNameProblem(name) === undefined)) {
        return "its topic name has characters Kafka does not allow in topic names";
    }
    const entry: AclEntry = { principal: a.principal, resourceType, resourceName: name, patternType, operation, permission, host: a.host };
    // The stack refuses a grant that reaches what the cluster's own services use.
    const prefix = reservedPrefixReached(entry, prefixes);
    if (prefix !== undefined) return `reaches ${prefix}*, which the cluster keeps for its own services`;
    return entry;
}

/**
 * Each `User:<name>` principal's allow-from-any-host entries folded into a service, where a role
 * stands for entries that all exist; every other entry stays explicit.
 */
function foldServices(entries: readonly AclEntry[], topicNames: ReadonlySet<string>): { services: ServiceDoc[]; explicit: AclEntry[]; folded: number } {
    const byPrincipal = new Map<string, AclEntry[]>();
    for (const e of entries) byPrincipal.set(e.principal, [...(byPrincipal.get(e.principal) ?? []), e]);
    const services: ServiceDoc[] = [];
    const covered = new Set<string>();
    for (const principal of sorted(byPrincipal.keys())) {
        if (!principal.startsWith("User:")) continue;
        const name = principal.slice("User:".length);
        if (!USER_NAME.test(name)) continue;
        const mine = byPrincipal.get(principal)!;
        const keys = new Set(mine.map(aclKey));
        const has = (resourceType: AclResourceType, p: NamePattern, operation: string) =>
            keys.has(aclKey({ principal, resourceType, resourceName: p.name, patternType: p.patternType, operation, permission: "allow", host: "*" }));
        const patterns = (resourceType: AclResourceType, usable: (p: NamePattern) => boolean) => {
            const seen = new Map<string, NamePattern>();
            for (const e of mine) {
                if (e.resourceType !== resourceType || e.permission !== "allow" || e.host !== "*") continue;
                const p = { name: e.resourceName, patternType: e.patternType };
                if (usable(p)) seen.set(written(p), p);
            }
            return [...seen.entries()].sort(([a], [b]) => byString(a, b)).map(([, p]) => p);
        };
        // What a service may name: a literal topic of the catalog, a prefix in topic characters, a group or id without * or spaces.
        const topics = patterns("topic", p => (p.patternType === "literal" ? topicNames.has(p.name) : TOPIC_NAME.test(p.name)));
        const ids = (type: AclResourceType) => patterns(type, p => GROUP_OR_CLIENT_ID.test(p.name));
        const produces = topics.filter(p => has("topic", p, "Write") && has("topic", p, "Describe"));
        const consumes = topics.filter(p => has("topic", p, "Read") && has("topic", p, "Describe"));
        const groups = consumes.length > 0 ? ids("group").filter(p => has("group", p, "Read")) : [];
        const transactionalIds = ids("transactionalId").filter(p => has("transactionalId", p, "Write") && has("transactionalId", p, "Describe"));
        const idempotentWriteOnCluster = has("cluster", { name: CLUSTER_RESOURCE_NAME, patternType: "literal" }, "IdempotentWrite");

        const expansion = expandService({ name, principal, produces, consumes, groups, transactionalIds, idempotentWriteOnCluster }).map(aclKey);
        // Exact only: a service that stood for an entry the cluster lacks would grant it.
        if (expansion.length === 0 || !expansion.every(k => keys.has(k))) continue;
        expansion.forEach(k => covered.add(k));
        const service: ServiceDoc = { name };
        if (produces.length > 0) service.produces = produces.map(written);
        if (consumes.length > 0) {
            service.consumes = consumes.map(written);
            // Written even when empty: the parser's default is [<name>].
            service.groups = groups.map(written);
        }
        if (transactionalIds.length > 0) service.transactionalIds = transactionalIds.map(written);
        if (idempotentWriteOnCluster) service.idempotentWriteOnCluster = true;
        services.push(service);
    }
    const explicit = entries.filter(e => !covered.has(aclKey(e)));
    return { services, explicit, folded: covered.size };
}

/** A role item as the catalog writes it: `orders.*` for a prefix. */
const written = (p: NamePattern) => (p.patternType === "prefixed" ? `${p.name}*` : p.name);

/** An explicit entry without the keys whose defaults it has. */
function aclDoc(e: AclEntry): AclDoc {
    return {
        principal: e.principal,
        resourceType: e.resourceType,
        ...(e.resourceType === "cluster" ? {} : { resourceName: e.resourceName }),
        ...(e.patternType === "literal" ? {} : { patternType: e.patternType }),
        operation: e.operation,
        permission: e.permission,
        ...(e.host === "*" ? {} : { host: e.host }),
    };
}

// ---- quotas ----

function adoptQuotas(snapshotQuotas: readonly SnapshotQuota[], reserved: ReadonlySet<string>, out: LeftOutTally, warnings: string[]): QuotaDoc[] {
    const quotas = new Map<string, QuotaDoc>();
    for (const q of snapshotQuotas) {
        const types = Object.keys(q.entity ?? {}).sort(byString);
        const shown = types.map(t => `${t} ${q.entity[t] ?? "<default>"}`).join(", ") || "<no entity>";
        if (types.some(t => q.entity[t] === null || q.entity[t] === undefined)) { out.add("a default quota (of every user or client id without its own), which the catalog cannot express", shown); continue; }
        if (types.length !== 1 || (types[0] !== "user" && types[0] !== "client-id")) { out.add("on an entity other than one user or one client id, which the catalog cannot express", shown); continue; }
        const name = q.entity[types[0]]!;
        const isUser = types[0] === "user";
        if (isUser && reserved.has(`User:${name}`)) { out.add("of a principal the cluster keeps for itself", shown); continue; }
        if (isUser ? !USER_NAME.test(name) : !GROUP_OR_CLIENT_ID.test(name)) { out.add(`its ${types[0]} is not a name the catalog accepts`, shown); continue; }

        const doc: QuotaDoc = isUser ? { user: name } : { clientId: name };
        for (const kafkaKey of Object.keys(q.values ?? {}).sort(byString)) {
            const key = KAFKA_QUOTA_KEYS.get(kafkaKey);
            const raw = q.values[kafkaKey];
            if (key === undefined) { out.add(`${kafkaKey} is not a quota the catalog manages (it stays set in Kafka)`, shown); continue; }
            const value = QUOTA_WHOLE_KEYS.includes(key) ? Math.round(raw) : raw;
            if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) { out.add(`${kafkaKey} is not a rate above 0 (it stays set in Kafka)`, shown); continue; }
            if (value !== raw) warnings.push(`${shown}: ${kafkaKey} ${raw} is adopted as ${value}, the whole number of bytes per second the catalog takes`);
            doc[key] = value;
        }
        if (!(Object.keys(QUOTA_KEYS) as QuotaKey[]).some(k => doc[k] !== undefined)) { out.add("sets no rate the catalog manages", shown); continue; }
        quotas.set(`${isUser ? "0" : "1"} ${name}`, doc);
    }
    // Rates in the catalog's key order; users first, then client ids, each by name.
    return [...quotas.entries()].sort(([a], [b]) => byString(a, b)).map(([, q]) => {
        const { user, clientId } = q;
        const rates = (Object.keys(QUOTA_KEYS) as QuotaKey[]).filter(k => q[k] !== undefined).map(k => [k, q[k]]);
        return { ...(user !== undefined ? { user } : { clientId }), ...Object.fromEntries(rates) };
    });
}

// ---- the report, as lines ----

const MAX_NAMES_SHOWN = 20;
const KIND_LABEL = { topics: ["topic", "topics"], users: ["user", "users"], acls: ["ACL entry", "ACL entries"], quotas: ["quota", "quotas"] } as const;

/** The report as the lines `npm run adopt` prints. */
export function adoptionReportLines(report: AdoptionReport): string[] {
    const lines = [
        `adopted ${report.topics} topic(s), ${report.externalPrincipals} external principal(s), ${report.servicesFolded} service(s) ` +
        `(folded from ${report.aclsFolded} ACL entries), ${report.explicitAcls} explicit ACL entries and ${report.quotas} quota(s)`,
    ];
    for (const kind of ["topics", "users", "acls", "quotas"] as const) {
        for (const { reason, names } of report.leftOut[kind]) {
            const shown = names.slice(0, MAX_NAMES_SHOWN).join("; ") + (names.length > MAX_NAMES_SHOWN ? `; and ${names.length - MAX_NAMES_SHOWN} more` : "");
            lines.push(`left out ${names.length} ${KIND_LABEL[kind][names.length === 1 ? 0 : 1]} (${reason}), untouched in Kafka: ${shown}`);
        }
    }
    if (report.unmanagedPasswords.length > 0) {
        lines.push(`${report.unmanagedPasswords.length} SCRAM user(s) adopted under externalPrincipals: adopting never changes a password, so the stack does not manage theirs. To manage one later:`);
        for (const u of report.unmanagedPasswords) lines.push(`  ${u.user} (${u.mechanisms.join(", ") || "no mechanism listed"}): ${u.manage}`);
    }
    for (const w of report.warnings) lines.push(`warning: ${w}`);
    return lines;
}

// ---- the files ----

export type AdoptionLayout = { kind: "file"; name: string; schemaPath?: string } | { kind: "directory"; schemaPath?: string };

/** The file the directory layout keeps principals, services, ACLs and quotas in. */
export const ACCESS_FILE = "access.yaml";

/**
 * The adopted catalog as YAML: one file, or a directory (under topics/) with one file per domain
 * (the topic name's first `.`-separated segment) and access.yaml with the rest. `schemaPath`
 * overrides the editors' schema reference (default: the topics folder's catalog.schema.json).
 */
export function adoptionFiles(adoption: Adoption, layout: AdoptionLayout): Array<{ file: string; text: string }> {
    const doc = adoption.document;
    if (layout.kind === "file") {
        return [{ file: layout.name, text: render(doc, layout.schemaPath ?? "./catalog.schema.json", "the whole catalog") }];
    }
    const schema = layout.schemaPath ?? "../catalog.schema.json";
    const byDomain = new Map<string, TopicDoc[]>();
    for (const t of (doc.topics ?? []) as TopicDoc[]) {
        const domain = t.name.split(".")[0];
        byDomain.set(domain, [...(byDomain.get(domain) ?? []), t]);
    }
    // Names compared case-insensitively: a domain must not overwrite another file on macOS or Windows.
    const taken = new Set([ACCESS_FILE.toLowerCase()]);
    const fileOf = (domain: string) => {
        const base = domain === "" ? "topics" : domain;
        let file = `${base}.yaml`;
        for (let i = 2; taken.has(file.toLowerCase()); i++) file = `${base}-${i}.yaml`;
        taken.add(file.toLowerCase());
        return file;
    };
    const files = sorted(byDomain.keys()).map(domain => {
        const topics = byDomain.get(domain)!.sort((a, b) => byString(a.name, b.name));
        return { file: fileOf(domain), text: render({ topics }, schema, `the topics of domain ${domain || "(none)"}`) };
    });
    const { topics: _topics, allowEmpty: _allowEmpty, ...access } = doc;
    if (files.length === 0 || Object.keys(access).length > 0) {
        files.push({ file: ACCESS_FILE, text: render(withAllowEmpty(access), schema, "principals, services, ACLs and quotas") });
    }
    return files.sort((a, b) => byString(a.file, b.file));
}

/** The document with `allowEmpty: true` first when it declares nothing (every file must declare something or say so). */
function withAllowEmpty(doc: CatalogDocument): CatalogDocument {
    const declares = (["topics", "users", "services", "acls", "quotas"] as const).some(k => (doc[k]?.length ?? 0) > 0);
    return declares ? doc : { allowEmpty: true, ...doc };
}

const SECTION_COMMENTS: Record<string, string> = {
    allowEmpty: " This file declares no topic, service, ACL or quota: the cluster held none the catalog could adopt here.",
    externalPrincipals: [
        " The cluster's SCRAM users and the other principals its ACLs and quotas name. Adopting never",
        " changes a password: the stack does not write these users' credentials. To manage one, move it",
        " under users: and run pulumi config set --secret --path 'userPasswords.<name>' (the next up rotates it).",
    ].join("\n"),
    services: " ACL entries that match these roles exactly.",
    acls: " ACL entries no role expresses exactly.",
};

function render(doc: CatalogDocument, schemaPath: string, what: string): string {
    const header = [
        `# yaml-language-server: $schema=${schemaPath}`,
        "#",
        `# Generated by \`npm run adopt\` from a live cluster: ${what}.`,
        "# Review it, then keep and edit it like any other catalog file.",
    ].join("\n");
    const d = new Document(doc);
    if (isMap(d.contents)) {
        d.contents.items.forEach((pair, i) => {
            if (!isScalar(pair.key)) return;
            const comment = SECTION_COMMENTS[String(pair.key.value)];
            if (comment) pair.key.commentBefore = comment;
            if (i > 0) pair.key.spaceBefore = true;
        });
    }
    return `${header}\n\n${d.toString()}`;
}

// ---- the adopting up: the catalog against what Kafka holds ----

/** A topic as Kafka holds it (the provider's topic listing): its non-default configs only. */
export interface LiveTopic {
    name: string;
    partitions: number;
    replicationFactor: number;
    config: Record<string, string>;
}

/**
 * Where a catalog topic about to be imported differs from Kafka: one problem per topic and field,
 * located at the topic's catalog entry. Importing it anyway would make the next `up` change Kafka
 * to the catalog's value, so the adopting `up` stops first and the owner chooses.
 */
export function liveValueProblems(catalog: Pick<Catalog, "topics" | "topicAt" | "file">, live: readonly LiveTopic[]): ConfigProblem[] {
    const byName = new Map(live.map(t => [t.name, t]));
    const problems: ConfigProblem[] = [];
    for (const t of catalog.topics) {
        const k = byName.get(t.name);
        if (!k) continue;
        const at = catalog.topicAt[t.name];
        const where = (field: string) => `${at ? `${at.file}${at.line ? `:${at.line}` : ""} ${at.path}` : catalog.file} ${field} (topic ${t.name})`;
        const differs = (field: string, catalogValue: string | undefined, kafkaValue: string | undefined) => problems.push({
            key: where(field), value: catalogValue ?? "(not set)",
            problem: `differs from Kafka, which has ${kafkaValue ?? "it unset (the broker's default)"}: importing it would make the next up change Kafka`,
            fix: kafkaValue === undefined ? `remove ${field} from the catalog, or set it in Kafka first` : `set ${field} to ${kafkaValue} in the catalog (or run npm run adopt again), or change Kafka first`,
        });
        if (t.partitions !== k.partitions) differs("partitions", String(t.partitions), String(k.partitions));
        if (t.replicationFactor !== k.replicationFactor) differs("replicationFactor", String(t.replicationFactor), String(k.replicationFactor));
        for (const key of sorted([...Object.keys(t.config), ...Object.keys(k.config)])) {
            if (t.config[key] !== k.config[key]) differs(`config["${key}"]`, t.config[key], k.config[key]);
        }
    }
    return problems;
}
