// Validation of the topics stack's configuration (namespace `kafka-topics`), once, into typed
// settings. Secrets (adminPassword, userPasswords) never pass through here: only whether they are set.

import * as path from "node:path";
import { ENVIRONMENTS, type Environment } from "./catalog";
import { StackConfigChecker } from "../shared/config-checker";
import { ConfigError, configErrorReport, type ConfigProblem } from "../shared/config-error";
import { setPasswordCommand } from "../shared/password-rule";
import { normalizeRegistryUrl } from "./schema-subject";
import {
    parseBootstrapServers, SASL_MECHANISMS, SECURITY_PROTOCOLS, isSasl, type KafkaConnection, type SaslMechanism, type SecurityProtocol,
} from "./kafka-connection";

export const TOPICS_CONFIG_KEYS = [
    "catalog", "catalogSlice", "environment", "clusterStack", "previousOutputsStack", "protectTopics", "adoptExistingTopics",
    "bootstrapServers", "securityProtocol", "saslMechanism", "adminUser", "adminPassword", "brokerCount",
    "kafkaVersion", "userPasswords", "schemaRegistryUrl",
] as const;
/** Keys whose values are secrets: read with getSecret, never through this module. */
export const TOPICS_SECRET_KEYS = ["adminPassword", "userPasswords"];

export interface TopicsStackConfig {
    /** Catalog path relative to the topics folder: a YAML file, or a directory of them (one per team or domain). */
    catalog: string;
    /** Files of a catalog directory whose topics, users, services and ACLs this stack declares (default: all). */
    catalogSlice?: string[];
    environment: Environment;
    /** StackReference name of the cluster stack, when the connection comes from it. */
    clusterStack?: string;
    /** Explicit connection (external cluster), when `bootstrapServers` is set. */
    explicit?: KafkaConnection;
    /** StackReference name of this stack itself, to read the previous deployment's outputs. */
    previousOutputsStack: string;
    protectTopics: boolean;
    /** Adopt catalog topics that exist in Kafka but not in the stack (after a killed run), for one `up`. */
    adoptExistingTopics: boolean;
    kafkaVersion?: string;
    /** The schema registry the catalog's schemas go to, when not the cluster stack's own. */
    schemaRegistryUrl?: string;
}

export interface TopicsConfigContext {
    namespace: string;
    project: string;
    stack: string;
    /** The organization of stack references; `organization` on the local file backend. */
    organization: string;
    hasAdminPassword: boolean;
    /** Secret keys (`adminPassword`) that are set but stored in plain text in the stack file; never their values. */
    plainTextSecrets?: string[];
    /** Secret keys whose value breaks the password rule, with the problem (never the value). */
    secretProblems?: Record<string, string>;
}

const STACK_REF = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$|^[A-Za-z0-9_.-]+$/;
const KAFKA_VERSION = /^\d+\.\d+\.\d+$/;

export function parseTopicsConfig(raw: Record<string, string | undefined>, ctx: TopicsConfigContext): TopicsStackConfig {
    const c = new StackConfigChecker(raw, ctx.namespace);
    const report = c.report.bind(c), set = c.isSet.bind(c);
    c.unknownKeys(TOPICS_CONFIG_KEYS);

    const catalog = raw.catalog || "catalog.yaml";
    const isDirectory = !/\.ya?ml$/.test(catalog);
    let catalogSlice: string[] | undefined;
    if (set("catalogSlice")) {
        catalogSlice = raw.catalogSlice!.split(",").map(x => x.trim()).filter(x => x !== "");
        const bad = catalogSlice.filter(x => !/^[A-Za-z0-9_.-]+\.ya?ml$/.test(x));
        if (!isDirectory) {
            report("catalogSlice", raw.catalogSlice, `only applies to a catalog directory (catalog is the file ${catalog})`, "pulumi config set catalog catalog/ (a directory of .yaml files), or pulumi config rm catalogSlice");
        } else if (bad.length > 0 || catalogSlice.length === 0) {
            report("catalogSlice", raw.catalogSlice, "must be a comma-separated list of .yaml file names of the catalog directory", "pulumi config set catalogSlice payments.yaml,shipping.yaml");
        }
    }
    // The catalog is part of the project: a path out of it would let a stack setting read any file on the machine.
    const normalized = path.posix.normalize(catalog.replace(/\\/g, "/"));
    if (path.posix.isAbsolute(normalized) || normalized === ".." || normalized.startsWith("../")) {
        report("catalog", catalog, "must be a path inside the topics folder (relative, without ../ out of it)", "pulumi config set catalog catalog.yaml");
    }

    const envValue = raw.environment || ctx.stack;
    let environment: Environment = "dev";
    if ((ENVIRONMENTS as readonly string[]).includes(envValue)) environment = envValue as Environment;
    else report("environment", envValue, `must be one of ${ENVIRONMENTS.join(", ")} (it defaults to the stack name, ${ctx.stack})`, "pulumi config set environment dev");

    const protectTopics = c.bool("protectTopics", environment !== "dev");
    const adoptExistingTopics = c.bool("adoptExistingTopics", false);

    const stackRef = (k: string, dflt: string): string => {
        const v = raw[k] || dflt;
        if (!STACK_REF.test(v)) report(k, v, "must be a stack reference such as organization/kafka-cluster/dev", `pulumi config set ${k} ${dflt}`);
        return v;
    };
    const previousOutputsStack = stackRef("previousOutputsStack", `${ctx.organization}/${ctx.project}/${ctx.stack}`);

    let clusterStack: string | undefined;
    let explicit: KafkaConnection | undefined;
    const explicitKeys = ["securityProtocol", "saslMechanism", "adminUser", "brokerCount"].filter(set);
    if (set("bootstrapServers")) {
        if (set("clusterStack")) {
            report("clusterStack", raw.clusterStack, "cannot be combined with bootstrapServers: the connection comes from one or the other",
                "pulumi config rm clusterStack (external cluster), or pulumi config rm bootstrapServers (cluster stack)");
        }
        const servers = parseBootstrapServers(raw.bootstrapServers!);
        if (!servers) report("bootstrapServers", raw.bootstrapServers, "must be a comma-separated list of host:port", "pulumi config set bootstrapServers broker1:9092,broker2:9092");
        const protocolValue = raw.securityProtocol || "PLAINTEXT";
        let securityProtocol: SecurityProtocol = "PLAINTEXT";
        if ((SECURITY_PROTOCOLS as readonly string[]).includes(protocolValue)) securityProtocol = protocolValue as SecurityProtocol;
        else report("securityProtocol", protocolValue, `must be one of ${SECURITY_PROTOCOLS.join(", ")}`, "pulumi config set securityProtocol SASL_SSL");
        let saslMechanism: SaslMechanism | undefined;
        let saslUsername: string | undefined;
        if (isSasl(securityProtocol)) {
            const m = raw.saslMechanism || "SCRAM-SHA-512";
            if ((SASL_MECHANISMS as readonly string[]).includes(m)) saslMechanism = m as SaslMechanism;
            else report("saslMechanism", m, `must be one of ${SASL_MECHANISMS.join(", ")}`, "pulumi config set saslMechanism SCRAM-SHA-512");
            saslUsername = raw.adminUser;
            if (!saslUsername) report("adminUser", undefined, `is required with securityProtocol ${securityProtocol}`, "pulumi config set adminUser <admin user>");
            if (!ctx.hasAdminPassword) report("adminPassword", undefined, `is required with securityProtocol ${securityProtocol} (there is no default password)`, "pulumi config set --secret adminPassword < <file holding the password>");
        } else {
            for (const k of ["saslMechanism", "adminUser"].filter(set)) {
                report(k, raw[k], `has no effect with securityProtocol ${securityProtocol}`, `pulumi config rm ${k}, or pulumi config set securityProtocol SASL_SSL`);
            }
        }
        let brokerCount: number | undefined;
        if (set("brokerCount")) {
            const n = Number(raw.brokerCount);
            if (/^\d+$/.test(raw.brokerCount!) && n >= 1) brokerCount = n;
            else report("brokerCount", raw.brokerCount, "must be a whole number of at least 1", "pulumi config set brokerCount 3");
        }
        explicit = { bootstrapServers: servers ?? [], securityProtocol, saslMechanism, saslUsername, brokerCount, source: "stack config" };
    } else {
        clusterStack = stackRef("clusterStack", `${ctx.organization}/kafka-cluster/${ctx.stack}`);
        for (const k of explicitKeys) {
            report(k, raw[k], "is only used with bootstrapServers (an external cluster); the cluster stack provides it", `pulumi config rm ${k}`);
        }
        if (ctx.hasAdminPassword) {
            report("adminPassword", undefined, "is only used with bootstrapServers (an external cluster); the cluster stack provides it", "pulumi config rm adminPassword");
        }
    }

    // An external cluster's password is given, not generated: it is read from a file.
    c.secrets(`Pulumi.${ctx.stack}.yaml`, ctx.plainTextSecrets ?? [], ctx.secretProblems ?? {}, k => `pulumi config set --secret ${k} < <file holding the password>`);

    let kafkaVersion: string | undefined;
    if (set("kafkaVersion")) {
        if (KAFKA_VERSION.test(raw.kafkaVersion!)) kafkaVersion = raw.kafkaVersion;
        else report("kafkaVersion", raw.kafkaVersion, "must be a version like 3.9.0", "pulumi config set kafkaVersion 3.9.0");
    }

    let schemaRegistryUrl: string | undefined;
    if (set("schemaRegistryUrl")) {
        const problem = registryUrlProblem(raw.schemaRegistryUrl!);
        // A URL with credentials in it is not echoed back: it would print them.
        if (problem) report("schemaRegistryUrl", problem.showValue ? raw.schemaRegistryUrl : undefined, problem.problem, "pulumi config set schemaRegistryUrl http://127.0.0.1:8085");
        else schemaRegistryUrl = normalizeRegistryUrl(raw.schemaRegistryUrl!);
    }

    c.throwIfAny(`stack ${ctx.stack}`);
    return { catalog, catalogSlice, environment, clusterStack, explicit, previousOutputsStack, protectTopics, adoptExistingTopics, kafkaVersion, schemaRegistryUrl };
}

/**
 * What is wrong with a schema registry URL: it must be a plain http(s) base URL. Credentials in it
 * (`http://user:password@host`) would be stored in clear in every subject's state and shown in
 * previews; a query or fragment would be cut from every API call.
 */
export function registryUrlProblem(value: string): { problem: string; showValue: boolean } | undefined {
    let u: URL;
    try {
        u = new URL(value);
    } catch {
        return { problem: "must be the registry's http:// or https:// base URL", showValue: !value.includes("@") };
    }
    if (u.username !== "" || u.password !== "") return { problem: "must not carry a user or password (user:password@...): it would be stored in clear in the stack's state and shown in previews", showValue: false };
    if (u.protocol !== "http:" && u.protocol !== "https:") return { problem: "must be an http:// or https:// URL", showValue: true };
    if (u.search !== "" || u.hash !== "" || value.includes("?") || value.includes("#")) return { problem: "must be a base URL, without a query (?...) or fragment (#...)", showValue: true };
    return undefined;
}

export interface UserPasswordsState {
    /** The users that have a password in the `userPasswords` object; undefined when the object is not set. */
    users?: string[];
    /** Whether Pulumi stores the object as a secret. */
    isSecret: boolean;
    /** Leaves the stack file stores in plain text (`userPasswords.<user>`), though the object is secret. */
    plainTextLeaves?: string[];
    /** Users whose password breaks the password rule, with the problem (never the value). */
    problems?: Record<string, string>;
}

/**
 * Checks the stack's `userPasswords` secret object against the catalog's users: every user needs a
 * password that is stored encrypted and follows the password rule. Only key names and problems
 * reach this function, never a password.
 */
export function checkUserPasswords(users: string[], state: UserPasswordsState, ctx: { namespace: string; stack: string }): void {
    const problems: ConfigProblem[] = [];
    const keys = state.users ?? [];
    const setCommand = (user: string) => setPasswordCommand(`userPasswords.${user}`, { path: true });
    if (state.users !== undefined && !state.isSecret) {
        problems.push({
            key: `${ctx.namespace}:userPasswords`, problem: "is stored in plain text in the stack file",
            fix: `pulumi config rm userPasswords, then set each password again with --secret: ${setCommand("<user>")}`,
        });
    }
    for (const leaf of state.plainTextLeaves ?? []) {
        problems.push({
            key: `${ctx.namespace}:${leaf}`, problem: `is stored in plain text in Pulumi.${ctx.stack}.yaml (the rest of userPasswords is secret, so Pulumi does not flag it)`,
            fix: `pulumi config rm --path '${leaf}' && ${setCommand(leaf.slice(leaf.indexOf(".") + 1))}`,
        });
    }
    for (const [user, problem] of Object.entries(state.problems ?? {})) {
        problems.push({ key: `${ctx.namespace}:userPasswords.${user}`, problem, fix: setCommand(user) });
    }
    for (const user of users) {
        if (!keys.includes(user)) {
            problems.push({
                key: `${ctx.namespace}:userPasswords.${user}`, problem: `is required: user ${user} of the catalog has no password (there is no default password)`,
                fix: setCommand(user),
            });
        }
    }
    if (problems.length > 0) throw new ConfigError(configErrorReport(`stack ${ctx.stack}`, problems), problems);
}
