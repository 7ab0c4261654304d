// The topics catalog: topics, SCRAM users, services with roles, and explicit ACLs, in one YAML file
// shared by every environment. `parseCatalog` validates the whole file once and returns typed,
// effective values for one environment (its overrides applied). Every problem names the file, the
// line and the path (`topics[3].replicationFactor`), the value found, what is wrong and the fix;
// all problems are reported together, before any resource is declared.

import { isIP } from "node:net";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from "yaml";
import { ConfigError, configErrorReport, type ConfigProblem } from "../shared/config-error";
import { USER_NAME } from "../shared/kafka-names";
import { setPasswordCommand } from "../shared/password-rule";
import {
    ACL_OPERATIONS, ACL_PERMISSIONS, ACL_RESOURCE_TYPES, CATALOG_KEYS, ENVIRONMENTS, MAX_PARTITIONS, MAX_REPLICATION_FACTOR, PRINCIPAL, TOPIC_CONFIG_KEYS,
    TOPIC_CONFIG_RULES, TOPIC_NAME, TOPIC_NAME_MAX, type AclPatternType, type AclPermission, type AclResourceType, type Environment,
} from "./catalog-schema";

export { ACL_OPERATIONS, ACL_RESOURCE_TYPES, ENVIRONMENTS, MAX_PARTITIONS, MAX_REPLICATION_FACTOR, TOPIC_CONFIG_KEYS };
export type { AclPatternType, AclPermission, AclResourceType, Environment };

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

/** A validated catalog with the overrides of one environment applied. */
export interface Catalog {
    file: string;
    environment: Environment;
    topics: TopicSpec[];
    users: UserSpec[];
    services: ServiceSpec[];
    acls: AclEntry[];
    externalPrincipals: string[];
    /** Topics deliberately removed from the catalog: the data-safety guard lets them go. */
    deletedTopics: string[];
    /** Where each topic's effective replication factor is set, by topic name. */
    replicationFactorAt: Record<string, SourceLocation>;
}

/** What is known about the target cluster (from the cluster stack's outputs or config). */
export interface ClusterInfo {
    brokerCount?: number;
}

export interface CatalogProblem extends ConfigProblem {
    file: string;
    /** Path in the catalog, e.g. `topics[3].replicationFactor`. */
    path: string;
    line?: number;
}

/** The error thrown for a bad catalog: every problem, with file, line and path. */
export class CatalogError extends ConfigError {
    constructor(message: string, readonly problems: CatalogProblem[]) {
        super(message, problems);
        this.name = "CatalogError";
    }
}

type Path = (string | number)[];

const GROUP_OR_TXN = /^[^\s*]{1,255}$/;
/** A key that holds (or looks like it holds) a secret: never in the catalog. */
const SECRET_KEY = /pass(word|wd)?$|password|secret|credential|token|private.?key|jaas/i;
/**
 * How many alias references (`*std`) a catalog may use. YAML aliases can blow up exponentially (a
 * "billion laughs" file); this bound stops that while leaving room for real catalogs, such as one
 * shared `config: &std` on thousands of topics.
 */
export const MAX_ALIAS_COUNT = 100_000;

const { top: TOP_KEYS, topic: TOPIC_KEYS, override: OVERRIDE_KEYS, user: USER_KEYS, service: SERVICE_KEYS, acl: ACL_KEYS } = CATALOG_KEYS;

export function formatPath(path: Path): string {
    let out = "";
    for (const seg of path) {
        if (typeof seg === "number") out += `[${seg}]`;
        else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
        else out += `[${JSON.stringify(seg)}]`;
    }
    return out || "(top level)";
}

function show(value: unknown): string {
    if (typeof value === "string") return value;
    if (value === null) return "null";
    return JSON.stringify(value) ?? String(value);
}

function passwordCommand(user: string): string {
    return setPasswordCommand(`userPasswords.${user}`, { path: true });
}

/**
 * Parses, validates and resolves the catalog for one environment. Throws one `CatalogError`
 * listing every problem. `clusterInfo.brokerCount`, when known, bounds the replication factors.
 */
export function parseCatalog(text: string, file: string, env: Environment, clusterInfo: ClusterInfo = {}): Catalog {
    const problems: CatalogProblem[] = [];
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });

    const fail = (): never => {
        const noun = `catalog ${file} (environment ${env})`;
        throw new CatalogError(configErrorReport(noun, problems), problems);
    };

    const yamlProblem = (offset: number | undefined, problem: string, fix: string) => {
        const line = offset === undefined ? undefined : lineCounter.linePos(offset).line;
        problems.push({ file, path: "(yaml)", line, key: `${file}${line ? `:${line}` : ""}`, problem: `is not valid YAML: ${problem}`, fix });
    };
    for (const err of doc.errors) {
        const quote = err.code === "MISSING_CHAR" ? /closing (["'])quote/.exec(err.message)?.[1] : undefined;
        if (quote) {
            // The parser reports an unclosed quote where the file ends; the quote that opened it is the last one before.
            const opening = openingQuote(text, quote, err.pos[0]);
            yamlProblem(opening, `the ${quote === '"' ? "double" : "single"}-quoted string that starts here is never closed`, `add the closing ${quote} on this line`);
        } else {
            yamlProblem(err.pos?.[0], err.message.split("\n")[0], err.code === "DUPLICATE_KEY" ? "remove the repeated key" : "fix the YAML syntax");
        }
    }
    // Aliases the document cannot resolve (`*std` before, or without, `&std`).
    visit(doc, {
        Alias(_, node) {
            if (node.resolve(doc) === undefined) {
                yamlProblem(node.range?.[0], `alias *${node.source} refers to no anchor defined before it`, `define \`&${node.source}\` on a value above this line, or write the value out`);
            }
        },
    });
    if (problems.length > 0) fail();

    const lineOf = (path: Path): number | undefined => (path.length === 0 ? 1 : lineAt(doc, lineCounter, path));
    const report = (path: Path, value: unknown, problem: string, fix?: string) => {
        const line = lineOf(path);
        const p = formatPath(path);
        problems.push({
            file, path: p, line, key: `${file}${line ? `:${line}` : ""} ${p}`,
            value: value === undefined ? undefined : show(value), problem, fix,
        });
    };

    let root: unknown;
    try {
        root = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
    } catch (e) {
        yamlProblem(firstAlias(doc), `${(e as Error).message} (more than ${MAX_ALIAS_COUNT} alias references)`,
            "write the repeated values out, or split the catalog; nested aliases multiply (an alias of a list of aliases counts each)");
        return fail();
    }
    if (!isPlainObject(root)) {
        report([], root, "must be a mapping with topics, users, services and acls", "start the file with `topics:`");
        fail();
    }
    const top = root as Record<string, unknown>;

    // Secrets first: such keys are reported as secrets (not as unknown keys) and never echoed.
    findSecretKeys(top, [], (path) => {
        const userIndex = path[0] === "users" && typeof path[1] === "number" ? path[1] : undefined;
        const userName = userIndex !== undefined ? (top.users as any[])?.[userIndex]?.name : undefined;
        report(path, undefined, "looks like a secret: passwords and credentials never go in the catalog",
            `remove it and keep it as a stack secret: ${passwordCommand(typeof userName === "string" ? userName : "<user>")}`);
    });
    const isSecretKey = (k: string) => SECRET_KEY.test(k);

    const checkKeys = (obj: Record<string, unknown>, path: Path, allowed: string[]) => {
        for (const k of Object.keys(obj)) {
            if (allowed.includes(k) || isSecretKey(k)) continue;
            report([...path, k], undefined, "is not a known key here", `remove it or use one of: ${allowed.join(", ")}`);
        }
    };
    checkKeys(top, [], TOP_KEYS);

    const list = (key: string): unknown[] => {
        const v = top[key];
        if (v === undefined || v === null) return [];
        if (!Array.isArray(v)) {
            report([key], v, "must be a list", `write it as \`${key}:\` followed by \`- ...\` items`);
            return [];
        }
        return v;
    };
    const asObject = (v: unknown, path: Path, what: string): Record<string, unknown> | undefined => {
        if (isPlainObject(v)) return v;
        report(path, v, `must be a mapping (${what})`, `write it as \`- name: ...\` with the keys of a ${what}`);
        return undefined;
    };
    const str = (obj: Record<string, unknown>, path: Path, key: string, required: boolean): string | undefined => {
        const v = obj[key];
        if (v === undefined || v === null) {
            if (required) report([...path, key], undefined, "is required", `add \`${key}: ...\``);
            return undefined;
        }
        if (typeof v !== "string" || v === "") {
            report([...path, key], v, "must be a non-empty string", `quote it: ${key}: "${show(v)}"`);
            return undefined;
        }
        return v;
    };
    const bool = (obj: Record<string, unknown>, path: Path, key: string): boolean => {
        const v = obj[key];
        if (v === undefined || v === null) return false;
        if (typeof v === "boolean") return v;
        report([...path, key], v, "must be true or false", `${key}: true`);
        return false;
    };
    const positiveInt = (v: unknown, path: Path, what: string, required: boolean, max: number): number | undefined => {
        if (v === undefined || v === null) {
            if (required) report(path, undefined, "is required", `add \`${path[path.length - 1]}: <${what}>\``);
            return undefined;
        }
        if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1 || v > max) {
            report(path, v, `must be a whole number of at least 1 and at most ${max} (${what}; Kafka's own limit)`, `${path[path.length - 1]}: 3`);
            return undefined;
        }
        return v;
    };
    const stringList = (obj: Record<string, unknown>, path: Path, key: string): { value: string; path: Path }[] => {
        const v = obj[key];
        if (v === undefined || v === null) return [];
        if (!Array.isArray(v)) {
            report([...path, key], v, "must be a list of names", `${key}: [${show(v)}]`);
            return [];
        }
        const out: { value: string; path: Path }[] = [];
        v.forEach((item, i) => {
            if (typeof item !== "string" || item === "") report([...path, key, i], item, "must be a non-empty string", `quote it: "${show(item)}"`);
            else out.push({ value: item, path: [...path, key, i] });
        });
        return out;
    };

    // ---- topics ----
    const topics: TopicSpec[] = [];
    const replicationFactorAt: Record<string, SourceLocation> = {};
    const topicNames = new Map<string, number>();
    const collisionNames = new Map<string, string>();
    list("topics").forEach((raw, i) => {
        const path: Path = ["topics", i];
        const t = asObject(raw, path, "topic");
        if (!t) return;
        checkKeys(t, path, TOPIC_KEYS);
        const name = str(t, path, "name", true);
        str(t, path, "description", false);
        if (name !== undefined) {
            const nameProblem = topicNameProblem(name);
            if (nameProblem) report([...path, "name"], name, nameProblem, "use letters, digits, '.', '_' and '-' only, at most 249 characters, e.g. orders.order.created");
            if (topicNames.has(name)) {
                report([...path, "name"], name, `duplicates topics[${topicNames.get(name)}]`, "declare each topic once; use `environments:` for values that differ per environment");
            } else {
                topicNames.set(name, i);
                // Kafka refuses topics whose names differ only by '.' vs '_' (they collide in metric names).
                const folded = name.replace(/\./g, "_");
                const other = collisionNames.get(folded);
                if (other !== undefined) report([...path, "name"], name, `collides with topic ${other}: Kafka treats '.' and '_' as the same in metric names and refuses one of them`, "rename one of the two topics");
                else collisionNames.set(folded, name);
            }
        }
        const basePartitions = positiveInt(t.partitions, [...path, "partitions"], "partitions", true, MAX_PARTITIONS);
        const baseRf = positiveInt(t.replicationFactor, [...path, "replicationFactor"], "replication factor", true, MAX_REPLICATION_FACTOR);
        const baseConfig = topicConfig(t.config, [...path, "config"]);
        const allowReplace = bool(t, path, "allowReplace");

        // Overrides: validate every environment's (so a bad prod value fails in dev already), apply one.
        const effective = new Map<Environment, { partitions?: number; rf?: number; config: Record<string, string>; paths: Record<string, Path> }>();
        for (const e of ENVIRONMENTS) {
            effective.set(e, {
                partitions: basePartitions, rf: baseRf, config: { ...baseConfig },
                paths: { partitions: [...path, "partitions"], replicationFactor: [...path, "replicationFactor"], config: [...path, "config"] },
            });
        }
        if (t.environments !== undefined && t.environments !== null) {
            const envs = asObject(t.environments, [...path, "environments"], "environment overrides");
            for (const [e, rawOverride] of Object.entries(envs ?? {})) {
                const opath: Path = [...path, "environments", e];
                if (!(ENVIRONMENTS as readonly string[]).includes(e)) {
                    report(opath, undefined, "is not an environment of this project", `use one of: ${ENVIRONMENTS.join(", ")}`);
                    continue;
                }
                if (isSecretKey(e)) continue;
                const o = asObject(rawOverride, opath, "override of partitions, replicationFactor or config");
                if (!o) continue;
                checkKeys(o, opath, OVERRIDE_KEYS);
                const eff = effective.get(e as Environment)!;
                if (o.partitions !== undefined) {
                    eff.partitions = positiveInt(o.partitions, [...opath, "partitions"], "partitions", false, MAX_PARTITIONS);
                    eff.paths.partitions = [...opath, "partitions"];
                }
                if (o.replicationFactor !== undefined) {
                    eff.rf = positiveInt(o.replicationFactor, [...opath, "replicationFactor"], "replication factor", false, MAX_REPLICATION_FACTOR);
                    eff.paths.replicationFactor = [...opath, "replicationFactor"];
                }
                if (o.config !== undefined) {
                    Object.assign(eff.config, topicConfig(o.config, [...opath, "config"]));
                    eff.paths.config = [...opath, "config"];
                }
            }
        }
        for (const [e, eff] of effective) {
            const isr = eff.config["min.insync.replicas"];
            if (eff.rf !== undefined && isr !== undefined && /^\d+$/.test(isr)) {
                const n = Number(isr);
                if (n > eff.rf || (n === eff.rf && eff.rf > 1)) {
                    const isrPath = configKeyPath(t, e, eff.paths.config, path);
                    report(isrPath, isr,
                        `must be lower than the replication factor (${eff.rf}) in ${e}: with min.insync.replicas >= replicas, ${n > eff.rf ? "no write with acks=all can ever succeed" : "one broker down stops every write with acks=all"}`,
                        `set min.insync.replicas to ${Math.max(1, eff.rf - 1)} for ${e}, or raise replicationFactor`);
                }
            }
        }
        const mine = effective.get(env)!;
        if (name !== undefined && mine.partitions !== undefined && mine.rf !== undefined) {
            topics.push({ name, partitions: mine.partitions, replicationFactor: mine.rf, config: mine.config, allowReplace });
            const rfPath = mine.paths.replicationFactor;
            replicationFactorAt[name] = { file, path: formatPath(rfPath), line: lineOf(rfPath) };
        }
    });

    // ---- users ----
    const users: UserSpec[] = [];
    const userNames = new Map<string, number>();
    list("users").forEach((raw, i) => {
        const path: Path = ["users", i];
        const u = asObject(raw, path, "user");
        if (!u) return;
        checkKeys(u, path, USER_KEYS);
        str(u, path, "description", false);
        const name = str(u, path, "name", true);
        if (name === undefined) return;
        if (!USER_NAME.test(name)) {
            report([...path, "name"], name, "must be a user name of letters, digits, '.', '_', '-' (1..64)", "e.g. orders-api");
            return;
        }
        if (userNames.has(name)) {
            report([...path, "name"], name, `duplicates users[${userNames.get(name)}]`, "declare each user once");
            return;
        }
        userNames.set(name, i);
        users.push({ name });
    });

    // ---- external principals ----
    // A wildcard principal (User:*, Group:*) grants to everyone: only with an explicit opt-in.
    const allowWildcards = top.allowWildcardPrincipals === true;
    if (top.allowWildcardPrincipals !== undefined && typeof top.allowWildcardPrincipals !== "boolean") {
        report(["allowWildcardPrincipals"], top.allowWildcardPrincipals, "must be true or false", "allowWildcardPrincipals: true");
    }
    const wildcardProblem = (principal: string, path: Path): boolean => {
        if (allowWildcards || !/^[A-Za-z]+:\*$/.test(principal)) return false;
        report(path, principal, "is a wildcard principal: every client, authenticated or not, gets what it is granted",
            "name the principals one by one; or, if everyone really needs this, add `allowWildcardPrincipals: true` at the top of the catalog");
        return true;
    };
    const externalPrincipals: string[] = [];
    for (const { value, path } of stringList(top, [], "externalPrincipals")) {
        if (!PRINCIPAL.test(value)) report(path, value, "must be a principal such as User:legacy-etl", `"User:${value}"`);
        else if (!wildcardProblem(value, path)) externalPrincipals.push(value);
    }
    const checkPrincipal = (principal: string, path: Path) => {
        if (!PRINCIPAL.test(principal)) {
            report(path, principal, "must be a principal of the form User:<name>", `"User:${principal}"`);
            return;
        }
        if (wildcardProblem(principal, path)) return;
        if (externalPrincipals.includes(principal)) return;
        const [type, name] = [principal.slice(0, principal.indexOf(":")), principal.slice(principal.indexOf(":") + 1)];
        if (type !== "User") {
            report(path, principal, "is not a User principal declared in this catalog", `list it under externalPrincipals if it is managed elsewhere`);
        } else if (!userNames.has(name)) {
            report(path, principal, `refers to user ${name}, which is not declared under users`,
                `add \`- name: ${name}\` under users (and ${passwordCommand(name)}), or list "${principal}" under externalPrincipals if it is managed elsewhere`);
        }
    };
    const pattern = (value: string, path: Path, what: "topic" | "group" | "transactional id"): NamePattern | undefined => {
        const prefixed = value.endsWith("*");
        const name = prefixed ? value.slice(0, -1) : value;
        if (name === "" || name.includes("*")) {
            report(path, value, `must be a ${what} name, or a prefix followed by a single trailing *`, what === "topic" ? `e.g. "orders." + "*"` : `e.g. "${what === "group" ? "orders-" : "orders-tx-"}*"`);
            return undefined;
        }
        if (what === "topic") {
            const p = prefixed ? (TOPIC_NAME.test(name) ? undefined : "must use Kafka's topic characters") : topicNameProblem(name);
            if (p) { report(path, value, p, "use letters, digits, '.', '_' and '-'"); return undefined; }
            if (!prefixed && !topicNames.has(name)) {
                report(path, value, "is not a topic declared in this catalog", `declare it under topics, fix the name, or use a prefix ending in * for topics managed elsewhere`);
                return undefined;
            }
        } else if (!GROUP_OR_TXN.test(name)) {
            report(path, value, `must be a ${what} without spaces (1..255 characters)`, `e.g. orders-api`);
            return undefined;
        }
        return { name, patternType: prefixed ? "prefixed" : "literal" };
    };

    // ---- services ----
    const services: ServiceSpec[] = [];
    const serviceNames = new Map<string, number>();
    list("services").forEach((raw, i) => {
        const path: Path = ["services", i];
        const s = asObject(raw, path, "service");
        if (!s) return;
        checkKeys(s, path, SERVICE_KEYS);
        str(s, path, "description", false);
        const name = str(s, path, "name", true);
        if (name === undefined) return;
        if (!USER_NAME.test(name)) report([...path, "name"], name, "must be a name of letters, digits, '.', '_', '-' (1..64)", "e.g. orders-api");
        if (serviceNames.has(name)) {
            report([...path, "name"], name, `duplicates services[${serviceNames.get(name)}]`, "declare each service once");
            return;
        }
        serviceNames.set(name, i);
        const principal = str(s, path, "principal", false) ?? `User:${name}`;
        checkPrincipal(principal, s.principal === undefined ? [...path, "name"] : [...path, "principal"]);
        const collect = (key: string, what: "topic" | "group" | "transactional id") =>
            stringList(s, path, key).map(x => pattern(x.value, x.path, what)).filter((x): x is NamePattern => x !== undefined);
        const produces = collect("produces", "topic");
        const consumes = collect("consumes", "topic");
        const groups = s.groups === undefined ? [{ name, patternType: "literal" as const }] : collect("groups", "group");
        const transactionalIds = collect("transactionalIds", "transactional id");
        const idempotentWriteOnCluster = bool(s, path, "idempotentWriteOnCluster");
        services.push({ name, principal, produces, consumes, groups, transactionalIds, idempotentWriteOnCluster });
    });

    // ---- explicit ACLs ----
    const acls: AclEntry[] = [];
    list("acls").forEach((raw, i) => {
        const path: Path = ["acls", i];
        const a = asObject(raw, path, "ACL entry");
        if (!a) return;
        checkKeys(a, path, ACL_KEYS);
        str(a, path, "description", false);
        const principal = str(a, path, "principal", true);
        if (principal !== undefined) checkPrincipal(principal, [...path, "principal"]);
        const resourceType = enumOf(a, path, "resourceType", ACL_RESOURCE_TYPES, undefined);
        const patternType = enumOf(a, path, "patternType", ["literal", "prefixed"] as const, "literal");
        const permission = enumOf(a, path, "permission", ["allow", "deny"] as const, undefined);
        let resourceName = str(a, path, "resourceName", resourceType !== "cluster");
        if (resourceType === "cluster") {
            if (resourceName !== undefined && resourceName !== CLUSTER_RESOURCE_NAME) {
                report([...path, "resourceName"], resourceName, `must be ${CLUSTER_RESOURCE_NAME} for resourceType cluster`, `resourceName: ${CLUSTER_RESOURCE_NAME} (or leave it out)`);
            }
            if (patternType === "prefixed") report([...path, "patternType"], "prefixed", "must be literal for resourceType cluster", "patternType: literal");
            resourceName = CLUSTER_RESOURCE_NAME;
        } else if (resourceType === "topic" && resourceName !== undefined) {
            const p = patternType === "prefixed" ? (TOPIC_NAME.test(resourceName) ? undefined : "must use Kafka's topic characters") : (resourceName === "*" ? undefined : topicNameProblem(resourceName));
            if (p) report([...path, "resourceName"], resourceName, p, "use letters, digits, '.', '_' and '-'");
        }
        const operation = str(a, path, "operation", true);
        if (operation !== undefined && resourceType !== undefined && !ACL_OPERATIONS[resourceType].includes(operation)) {
            report([...path, "operation"], operation, `is not an operation of resourceType ${resourceType}`, `use one of: ${ACL_OPERATIONS[resourceType].join(", ")}`);
        }
        const host = str(a, path, "host", false) ?? "*";
        if (host !== "*" && isIP(host) === 0) report([...path, "host"], host, "must be * or an IP address, IPv4 or IPv6 (Kafka matches ACL hosts by IP only)", `host: "*"`);
        if (principal && resourceType && resourceName && patternType && operation && permission) {
            acls.push({ principal, resourceType, resourceName, patternType, operation, permission, host });
        }
    });

    // ---- deleted topics ----
    const deletedTopics: string[] = [];
    for (const { value, path } of stringList(top, [], "deletedTopics")) {
        const nameProblem = topicNameProblem(value);
        if (nameProblem) report(path, value, nameProblem, "list the exact name of the deleted topic");
        else if (topicNames.has(value)) report(path, value, "is both declared under topics and listed as deleted", "remove it from one of the two lists");
        else if (deletedTopics.includes(value)) report(path, value, "is listed twice", "list each deleted topic once");
        else deletedTopics.push(value);
    }

    // An empty catalog deletes every topic of a stack that does not protect them: only on purpose.
    const declared = ["topics", "users", "services", "acls"].some(k => Array.isArray(top[k]) && (top[k] as unknown[]).length > 0);
    if (!declared && top.allowEmpty !== true) {
        report([], undefined, "declares no topic, user or ACL: deploying it would delete everything this stack manages",
            "declare the catalog's topics; or, to empty the stack on purpose, add `allowEmpty: true` at the top of the catalog");
    }
    if (top.allowEmpty !== undefined && typeof top.allowEmpty !== "boolean") report(["allowEmpty"], top.allowEmpty, "must be true or false", "allowEmpty: true");

    const catalog: Catalog = { file, environment: env, topics, users, services, acls, externalPrincipals, deletedTopics, replicationFactorAt };
    problems.push(...replicationProblems(catalog, clusterInfo.brokerCount));
    if (problems.length > 0) fail();
    return catalog;

    // Helpers that need `report` and the document.
    function topicConfig(raw: unknown, path: Path): Record<string, string> {
        if (raw === undefined || raw === null) return {};
        if (!isPlainObject(raw)) {
            report(path, raw, "must be a mapping of topic configs", `config: { "retention.ms": "604800000" }`);
            return {};
        }
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(raw)) {
            const kpath = [...path, k];
            if (isSecretKey(k)) continue;
            if (!(TOPIC_CONFIG_KEYS as readonly string[]).includes(k)) {
                const hint = TOPIC_CONFIG_KEYS.find(c => c.replace(/\./g, "") === k.replace(/[._-]/g, "").toLowerCase());
                report(kpath, undefined, "is not a Kafka topic config", hint ? `did you mean ${hint}?` : "see https://kafka.apache.org/documentation/#topicconfigs");
                continue;
            }
            if (typeof v !== "string") {
                // Kafka writes a list-valued config as one comma-separated string.
                const asString = Array.isArray(v) ? v.map(show).join(",") : show(v);
                report(kpath, v, "must be a string: Kafka reports topic configs as strings, and an unquoted value drifts on every refresh", `quote it: "${k}": ${JSON.stringify(asString)}`);
                continue;
            }
            const problem = configValueProblem(k, v);
            if (problem) { report(kpath, v, problem.problem, problem.fix); continue; }
            out[k] = v;
        }
        return out;
    }

    function enumOf<T extends string>(obj: Record<string, unknown>, path: Path, key: string, allowed: readonly T[], dflt: T | undefined): T | undefined {
        const v = obj[key];
        if (v === undefined || v === null) {
            if (dflt === undefined) report([...path, key], undefined, "is required", `use one of: ${allowed.join(", ")}`);
            return dflt;
        }
        if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
        report([...path, key], v, `must be one of ${allowed.join(", ")}`, `${key}: ${dflt ?? allowed[0]}`);
        return undefined;
    }
}

/** Why a topic name is illegal in Kafka, or undefined when it is fine. */
export function topicNameProblem(name: string): string | undefined {
    if (name === "." || name === "..") return "cannot be \".\" or \"..\"";
    if (name.length > TOPIC_NAME_MAX) return `is ${name.length} characters long; Kafka allows at most ${TOPIC_NAME_MAX}`;
    if (!TOPIC_NAME.test(name)) return "contains characters Kafka does not allow in topic names (only a-z, A-Z, 0-9, '.', '_', '-')";
    return undefined;
}

function configValueProblem(key: string, value: string): { problem: string; fix: string } | undefined {
    const rule = TOPIC_CONFIG_RULES[key];
    if (!rule || rule.schema.safeParse(value).success) return undefined;
    return { problem: rule.problem ?? "is not a valid value", fix: rule.fix?.(key) ?? `"${key}": "<value>"` };
}

/** Where min.insync.replicas comes from for an environment: its override, else the base config. */
function configKeyPath(t: Record<string, unknown>, env: string, overridePath: Path, topicPath: Path): Path {
    const o = (t.environments as Record<string, any> | undefined)?.[env]?.config;
    if (isPlainObject(o) && "min.insync.replicas" in o) return [...overridePath, "min.insync.replicas"];
    return [...topicPath, "config", "min.insync.replicas"];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
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

function lineAt(doc: Document, lc: LineCounter, path: Path): number | undefined {
    for (let n = path.length; n >= 0; n--) {
        const last = path[n - 1];
        // A key: the line of the key itself (its value may be missing, or start on a later line).
        if (n > 0 && typeof last === "string") {
            const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
            if (isMap(parent)) {
                const pair = parent.items.find(p => isScalar(p.key) && p.key.value === last);
                if (pair && isScalar(pair.key) && pair.key.range) return lc.linePos(pair.key.range[0]).line;
            }
        }
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (node && (isScalar(node) || isMap(node) || isSeq(node)) && node.range) return lc.linePos(node.range[0]).line;
    }
    return undefined;
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
    if (problems.length > 0) throw new CatalogError(configErrorReport(`catalog ${catalog.file} (environment ${catalog.environment})`, problems), problems);
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
