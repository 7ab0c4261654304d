// How the topics stack reaches Kafka. The settings come either from the cluster stack's outputs
// (through a StackReference) or from explicit stack config for an external cluster, and are mapped
// onto the @pulumi/kafka Provider's arguments. Pure but for readCaCertFile, which reads an external
// cluster's CA from a file of the topics folder.

import { X509Certificate } from "node:crypto";
import type { Catalog } from "./catalog";
import { readProjectFile } from "./project-files";
import { isSasl, isTls, SASL_MECHANISMS, SECURITY_PROTOCOLS, type ProviderConnection, type SaslMechanism, type SecurityProtocol } from "../shared/kafka-provider";
import { ConfigError, configErrorReport, type ConfigProblem } from "../shared/config-error";
import { setPasswordCommand } from "../shared/password-rule";

export { isSasl, isTls, providerArgs, SASL_MECHANISMS, SECURITY_PROTOCOLS, type SaslMechanism, type SecurityProtocol } from "../shared/kafka-provider";

export interface KafkaConnection extends ProviderConnection {
    /** `host:port` of each bootstrap server. */
    bootstrapServers: string[];
    /** Broker count when known: bounds the catalog's replication factors. */
    brokerCount?: number;
    /** Where the settings came from, for messages: `cluster stack organization/kafka-cluster/dev` or `stack config`. */
    source: string;
}

const HOST_PORT = /^[A-Za-z0-9._-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

/** Splits and checks a comma-separated bootstrap list; undefined when any entry is not host:port. */
export function parseBootstrapServers(value: string): string[] | undefined {
    const list = value.split(",").map(s => s.trim()).filter(s => s !== "");
    if (list.length === 0 || !list.every(s => HOST_PORT.test(s) && Number(s.slice(s.lastIndexOf(":") + 1)) <= 65535)) return undefined;
    return list;
}

/**
 * Connection settings from the cluster stack's outputs (`bootstrapServers`, `securityProtocol`,
 * `saslMechanism`, `adminUser`, `brokerCount`; `adminPassword` stays a secret and is only checked
 * for presence). Throws a ConfigError naming each missing or unusable output.
 */
export function connectionFromClusterOutputs(
    outputs: Record<string, unknown>, stackName: string, hasAdminPassword: boolean,
): KafkaConnection {
    const problems: ConfigProblem[] = [];
    const source = `cluster stack ${stackName}`;
    const key = (k: string) => `${stackName} output ${k}`;
    const upFix = `deploy the cluster stack first (in the repository root: pulumi stack select ${stackName.split("/").pop()} && pulumi up), or set kafka-topics:clusterStack to the right stack`;

    const rawServers = outputs.bootstrapServers;
    const servers = typeof rawServers === "string" ? parseBootstrapServers(rawServers) : undefined;
    if (servers === undefined) {
        problems.push({ key: key("bootstrapServers"), value: rawServers === undefined ? undefined : String(rawServers), problem: rawServers === undefined ? "is missing: the stack has not been deployed, or is not a cluster stack" : "is not a list of host:port", fix: upFix });
    }
    const rawProtocol = outputs.securityProtocol ?? "PLAINTEXT";
    const protocol = (SECURITY_PROTOCOLS as readonly unknown[]).includes(rawProtocol) ? rawProtocol as SecurityProtocol : undefined;
    if (protocol === undefined) {
        problems.push({ key: key("securityProtocol"), value: String(rawProtocol), problem: `must be one of ${SECURITY_PROTOCOLS.join(", ")}`, fix: upFix });
    }
    let saslMechanism: SaslMechanism | undefined;
    let saslUsername: string | undefined;
    if (protocol && isSasl(protocol)) {
        const m = outputs.saslMechanism;
        if ((SASL_MECHANISMS as readonly unknown[]).includes(m)) saslMechanism = m as SaslMechanism;
        else problems.push({ key: key("saslMechanism"), value: m === undefined ? undefined : String(m), problem: `must be one of ${SASL_MECHANISMS.join(", ")} for ${protocol}`, fix: upFix });
        if (typeof outputs.adminUser === "string" && outputs.adminUser !== "") saslUsername = outputs.adminUser;
        else problems.push({ key: key("adminUser"), problem: `is required for ${protocol}`, fix: upFix });
        if (!hasAdminPassword) problems.push({ key: key("adminPassword"), problem: `is required for ${protocol}`, fix: upFix });
    }
    const bc = outputs.brokerCount;
    const brokerCount = typeof bc === "number" && Number.isInteger(bc) && bc > 0 ? bc : undefined;
    // A cluster stack under TLS signs its brokers' certificates with its own CA, which it exports.
    const caCert = typeof outputs.caCert === "string" && outputs.caCert !== "" ? outputs.caCert : undefined;
    if (protocol && isTls(protocol) && caCert === undefined) {
        problems.push({ key: key("caCert"), problem: `is required for ${protocol}: the brokers' certificates are checked against the cluster's CA`, fix: upFix });
    }

    if (problems.length > 0) throw new ConfigError(configErrorReport(source, problems), problems);
    return { bootstrapServers: servers!, securityProtocol: protocol!, saslMechanism, saslUsername, brokerCount, source, ...(caCert ? { caCert } : {}) };
}

/**
 * Refuses a catalog that declares SCRAM users or ACLs (explicit entries, or service roles that
 * expand to ACLs) when the connection is not SASL (PLAINTEXT, or SSL without SASL): such a cluster
 * has no SASL listener for SCRAM credentials and, as deployed by the cluster stack, no authorizer,
 * so Kafka would reject them halfway through `pulumi up` ("No Authorizer is configured"). Called
 * before any Kafka resource is declared. A catalog with only topics may use any cluster.
 */
export function checkSecurityForCatalog(
    conn: Pick<KafkaConnection, "securityProtocol">,
    catalog: Pick<Catalog, "file" | "users" | "services" | "acls">,
    ctx: { namespace: string; stack: string; clusterStack?: string },
): void {
    if (isSasl(conn.securityProtocol)) return;
    const counts: Array<[number, string]> = [[catalog.users.length, "user"], [catalog.services.length, "service"], [catalog.acls.length, "ACL"]];
    const declared = counts.filter(([n]) => n > 0).map(([n, noun]) => `${n} ${noun}${n === 1 ? "" : "s"}`);
    if (declared.length === 0) return;

    const what = `${catalog.file} declares ${declared.join(", ")}: Kafka refuses SCRAM credentials without a SASL listener `
        + "and ACLs without an authorizer (\"No Authorizer is configured\")";
    const dropFix = `or declare only topics in ${catalog.file} (no users, services or acls)`;
    const problem: ConfigProblem = ctx.clusterStack !== undefined
        ? {
            key: `${ctx.clusterStack} output securityProtocol`, value: conn.securityProtocol,
            problem: `is not SASL (the cluster stack runs without SASL and without an authorizer), but ${what}`,
            fix: `make the cluster stack ${ctx.clusterStack} secure (SASL_PLAINTEXT, deny-by-default authorizer): `
                + `(cd .. && pulumi config set security sasl && ${setPasswordCommand("adminPassword")} && pulumi up), ${dropFix}`,
        }
        : {
            key: `${ctx.namespace}:bootstrapServers`,
            problem: `is reached with securityProtocol ${conn.securityProtocol}, without SASL, but ${what}`,
            fix: `connect through the cluster's SASL listener: pulumi config set bootstrapServers <host:port of that listener> && pulumi config set securityProtocol SASL_SSL `
                + `&& pulumi config set adminUser <admin user> && pulumi config set --secret adminPassword < <file holding the password>, ${dropFix}`,
        };
    throw new ConfigError(configErrorReport(`stack ${ctx.stack}`, [problem]), [problem]);
}

/** Why a text is not a PEM certificate, without quoting it; undefined when it is one. */
export function certificateProblem(pem: string): string | undefined {
    try {
        new X509Certificate(pem);
        return undefined;
    } catch {
        return "is not a PEM certificate";
    }
}

/** An external cluster's CA certificate from a file inside the topics folder; refused, located, when unusable. */
export function readCaCertFile(topicsDir: string, file: string, ctx: { project: string; stack: string }): string {
    const read = readProjectFile(topicsDir, file, { shown: "topics", maxBytes: 1024 * 1024 });
    const problem = read.ok ? certificateProblem(read.text) : read.problem;
    if (problem !== undefined || !read.ok) {
        const problems = [{ key: `${ctx.project}:caCertFile`, value: file, problem: problem ?? "cannot be read", fix: "pulumi config set caCertFile <PEM file inside the topics folder>" }];
        throw new ConfigError(configErrorReport(`stack ${ctx.stack}`, problems), problems);
    }
    return read.text;
}
