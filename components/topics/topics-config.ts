// Validation of the topics stack's configuration (namespace `kafka-topics`), once, into typed
// settings. Secrets (adminPassword, userPasswords) never pass through here: only whether they are set.

import * as path from "node:path";
import { ENVIRONMENTS, type Environment } from "./catalog";
import { StackConfigChecker } from "../shared/config-checker";
import { ConfigError, configErrorReport, type ConfigProblem } from "../shared/config-error";
import { setPasswordCommand } from "../shared/password-rule";
import { normalizeRegistryUrl } from "./schema-subject";
import {
    certificateProblem, parseBootstrapServers, SASL_MECHANISMS, SECURITY_PROTOCOLS, isSasl, isTls, type KafkaConnection, type SaslMechanism, type SecurityProtocol,
} from "./kafka-connection";

export const TOPICS_CONFIG_KEYS = [
    "catalog", "catalogSlice", "environment", "clusterStack", "previousOutputsStack", "protectTopics", "adoptExistingTopics", "adoptExisting",
    "bootstrapServers", "securityProtocol", "saslMechanism", "adminUser", "adminPassword", "brokerCount",
    "kafkaVersion", "userPasswords", "schemaRegistryUrl",
    "caCert", "caCertFile", "tlsSystemRoots", "clientCert", "clientKey", "skipTlsVerify",
    "schemaRegistryUser", "schemaRegistryPassword", "schemaRegistryToken",
] as const;
/** Keys whose values are secrets: read with getSecret, never through this module. */
export const TOPICS_SECRET_KEYS = ["adminPassword", "userPasswords", "clientKey", "schemaRegistryPassword", "schemaRegistryToken"];

/** Keys of an external cluster's TLS: only with bootstrapServers and a TLS protocol. */
const TLS_KEYS = ["caCert", "caCertFile", "tlsSystemRoots", "clientCert", "skipTlsVerify"] as const;
/** A key's value as messages show it: a whole PEM certificate would only bury the message. */
const shown = (raw: Record<string, string | undefined>, k: string) => (k === "caCert" || k === "clientCert" ? undefined : raw[k]);

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
    /**
     * Bring an existing cluster under this stack, for one `up` (after `npm run adopt`): its topics
     * and the catalog's ACLs are imported into the state instead of created.
     */
    adoptExisting: boolean;
    kafkaVersion?: string;
    /** The schema registry the catalog's schemas go to, when not the cluster stack's own. */
    schemaRegistryUrl?: string;
    /** An external cluster's CA certificate in a file inside the topics folder (read by the program), instead of caCert. */
    caCertFile?: string;
    /** How the registry named by schemaRegistryUrl authenticates this stack: basic (user + password secret) or a bearer token (secret). */
    schemaRegistryAuth?: { kind: "basic"; user: string } | { kind: "bearer" };
}

export interface TopicsConfigContext {
    namespace: string;
    project: string;
    stack: string;
    /** The organization of stack references; `organization` on the local file backend. */
    organization: string;
    hasAdminPassword: boolean;
    /** Whether the clientKey, schemaRegistryPassword and schemaRegistryToken secrets are set; never their values. */
    hasClientKey?: boolean;
    hasSchemaRegistryPassword?: boolean;
    hasSchemaRegistryToken?: boolean;
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
    const adoptExisting = c.bool("adoptExisting", false);

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
        explicit = { bootstrapServers: servers ?? [], securityProtocol, saslMechanism, saslUsername, brokerCount, source: "stack config", ...tlsConnection(c, raw, ctx, securityProtocol) };
    } else {
        clusterStack = stackRef("clusterStack", `${ctx.organization}/kafka-cluster/${ctx.stack}`);
        for (const k of [...explicitKeys, ...TLS_KEYS.filter(set)]) {
            report(k, shown(raw, k), "is only used with bootstrapServers (an external cluster); the cluster stack provides it", `pulumi config rm ${k}`);
        }
        for (const [k, has] of [["adminPassword", ctx.hasAdminPassword], ["clientKey", ctx.hasClientKey]] as const) {
            if (has) report(k, undefined, "is only used with bootstrapServers (an external cluster); the cluster stack provides it", `pulumi config rm ${k}`);
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

    const schemaRegistryAuth = registryAuth(c, raw, ctx, schemaRegistryUrl !== undefined);

    c.throwIfAny(`stack ${ctx.stack}`);
    const caCertFile = explicit && set("caCertFile") ? raw.caCertFile : undefined;
    return {
        catalog, catalogSlice, environment, clusterStack, explicit, previousOutputsStack, protectTopics, adoptExistingTopics, adoptExisting, kafkaVersion, schemaRegistryUrl,
        ...(caCertFile ? { caCertFile } : {}), ...(schemaRegistryAuth ? { schemaRegistryAuth } : {}),
    };
}

/**
 * An external cluster's TLS settings: how its certificates are checked (its CA, as caCert or a
 * file, or the system's roots for a public CA; skipping the check is an explicit, separate
 * opt-in) and a client certificate for clusters that require one.
 */
function tlsConnection(c: StackConfigChecker, raw: Record<string, string | undefined>, ctx: TopicsConfigContext, protocol: SecurityProtocol): Partial<KafkaConnection> {
    const set = c.isSet.bind(c);
    if (!isTls(protocol)) {
        for (const k of TLS_KEYS.filter(set)) c.report(k, shown(raw, k), `is only used with securityProtocol SASL_SSL or SSL (it is ${protocol})`, `pulumi config rm ${k}`);
        if (ctx.hasClientKey) c.report("clientKey", undefined, `is only used with securityProtocol SASL_SSL or SSL (it is ${protocol})`, "pulumi config rm clientKey");
        return {};
    }
    const systemRoots = c.bool("tlsSystemRoots", false);
    const skipTlsVerify = c.bool("skipTlsVerify", false);
    const sources = ["caCert", "caCertFile"].filter(set);
    if (sources.length > 1) c.report("caCertFile", raw.caCertFile, "cannot be combined with caCert: the CA comes from one or the other", "pulumi config rm caCert, or pulumi config rm caCertFile");
    if (sources.length > 0 && systemRoots) c.report("tlsSystemRoots", "true", `cannot be combined with ${sources[0]}: the brokers' certificates are checked against one or the other`, "pulumi config rm tlsSystemRoots");
    if (sources.length === 0 && !systemRoots && !skipTlsVerify) {
        c.report("caCert", undefined, `is required with securityProtocol ${protocol}: the brokers' certificates are checked against the CA that signed them`,
            "pulumi config set caCertFile ca.pem (a file inside the topics folder), or pulumi config set caCert -- \"$(cat ca.pem)\"; " +
            "for a cluster whose certificates come from a public CA (managed services): pulumi config set tlsSystemRoots true");
    }
    let caCert: string | undefined;
    if (set("caCert")) {
        if (certificateProblem(raw.caCert!)) c.report("caCert", undefined, "is not a PEM certificate (-----BEGIN CERTIFICATE----- ...)", "pulumi config set caCert -- \"$(cat ca.pem)\"");
        else caCert = raw.caCert;
    }
    if (set("caCertFile")) {
        const normalized = path.posix.normalize(raw.caCertFile!.replace(/\\/g, "/"));
        if (path.posix.isAbsolute(normalized) || normalized === ".." || normalized.startsWith("../")) {
            c.report("caCertFile", raw.caCertFile, "must be a path inside the topics folder (relative, without ../ out of it)", "pulumi config set caCertFile ca.pem");
        }
    }
    let clientCert: string | undefined;
    if (set("clientCert")) {
        if (certificateProblem(raw.clientCert!)) c.report("clientCert", undefined, "is not a PEM certificate (-----BEGIN CERTIFICATE----- ...)", "pulumi config set clientCert -- \"$(cat client.pem)\"");
        else clientCert = raw.clientCert;
        if (!ctx.hasClientKey) c.report("clientKey", undefined, "is required with clientCert: the client certificate's private key", "pulumi config set --secret clientKey < client.key");
    } else if (ctx.hasClientKey) {
        c.report("clientCert", undefined, "is required with clientKey: the client certificate the key belongs to", "pulumi config set clientCert -- \"$(cat client.pem)\", or pulumi config rm clientKey");
    }
    return { ...(caCert ? { caCert } : {}), ...(clientCert ? { clientCert } : {}), ...(skipTlsVerify ? { skipTlsVerify } : {}) };
}

/**
 * How this stack authenticates to a registry it names itself (schemaRegistryUrl): basic
 * authentication (schemaRegistryUser with the schemaRegistryPassword secret) or a bearer token
 * (the schemaRegistryToken secret), or none. A cluster stack's registry gives its own.
 */
function registryAuth(c: StackConfigChecker, raw: Record<string, string | undefined>, ctx: TopicsConfigContext, ownUrl: boolean): TopicsStackConfig["schemaRegistryAuth"] {
    const user = c.isSet("schemaRegistryUser") ? raw.schemaRegistryUser : undefined;
    const given = [user !== undefined && "schemaRegistryUser", ctx.hasSchemaRegistryPassword && "schemaRegistryPassword", ctx.hasSchemaRegistryToken && "schemaRegistryToken"].filter((k): k is string => !!k);
    if (given.length === 0) return undefined;
    if (!ownUrl) {
        for (const k of given) c.report(k, k === "schemaRegistryUser" ? user : undefined, "is only used with schemaRegistryUrl (a registry this stack names); the cluster stack gives its own registry's credentials", `pulumi config rm ${k}`);
        return undefined;
    }
    if (ctx.hasSchemaRegistryToken) {
        if (user !== undefined || ctx.hasSchemaRegistryPassword) c.report("schemaRegistryToken", undefined, "cannot be combined with schemaRegistryUser/schemaRegistryPassword: the registry takes a token or a password", "pulumi config rm schemaRegistryToken, or pulumi config rm schemaRegistryUser && pulumi config rm schemaRegistryPassword");
        return { kind: "bearer" };
    }
    if (user === undefined) {
        c.report("schemaRegistryUser", undefined, "is required with schemaRegistryPassword: the user of the registry's basic authentication", "pulumi config set schemaRegistryUser <user>");
        return undefined;
    }
    if (!/^[^:\s]{1,128}$/.test(user)) c.report("schemaRegistryUser", user, "must be a user name without spaces or ':' (1..128)", "pulumi config set schemaRegistryUser <user>");
    if (!ctx.hasSchemaRegistryPassword) c.report("schemaRegistryPassword", undefined, "is required with schemaRegistryUser (there is no default password)", "pulumi config set --secret schemaRegistryPassword < <file holding the password>");
    return { kind: "basic", user };
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
