// Runs the real topics program (topics/index.ts) under Pulumi mocks, with the stack references it
// reads (the cluster stack, and this stack's previous deployment) answered by the mock engine.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { join } from "node:path";
import { runProgram, type ProgramRun } from "./cluster-program";

export const TOPICS_TYPES = {
    topic: "kafka:index/topic:Topic",
    acl: "kafka:index/acl:Acl",
    user: "kafka:index/userScramCredential:UserScramCredential",
    quota: "kafka:index/quota:Quota",
    provider: "pulumi:providers:kafka",
    stackReference: "pulumi:pulumi:StackReference",
    component: "kafka-as-code:index:TopicsCatalog",
} as const;

/**
 * Outputs of the dev cluster stack (root Pulumi.dev.yaml: 3 brokers, `security: sasl`, so
 * SASL_PLAINTEXT with the PLAIN admin; adminPassword is a secret output), as `index.ts` of the
 * root exports them.
 */
export const DEV_ADMIN_PASSWORD = "dev-Admin-Secret-123";
export const DEV_CLUSTER_OUTPUTS = {
    bootstrapServers: "localhost:9092,localhost:9093,localhost:9094",
    internalBootstrapServers: "kafka-1:19092,kafka-2:19092,kafka-3:19092",
    brokerCount: 3,
    brokerHeapMb: 512,
    securityProtocol: "SASL_PLAINTEXT",
    saslMechanism: "PLAIN",
    adminUser: "admin",
    adminPassword: DEV_ADMIN_PASSWORD,
    schemaRegistryUrl: "http://127.0.0.1:8085",
    reservedPrincipals: ["User:admin", "User:schema-registry"],
    reservedResourcePrefixes: ["__", "kafkasql-", "registry-events", "apicurio-"],
};

/** A cluster stack deployed with `security: plaintext`: no SASL listener, no authorizer. */
export const PLAINTEXT_CLUSTER_OUTPUTS = {
    bootstrapServers: "localhost:9092,localhost:9093,localhost:9094",
    internalBootstrapServers: "kafka-1:19092,kafka-2:19092,kafka-3:19092",
    brokerCount: 3,
    securityProtocol: "PLAINTEXT",
};

/** Outputs of the staging cluster stack (SASL_PLAINTEXT, PLAIN admin; adminPassword is a secret output). */
export const STAGING_ADMIN_PASSWORD = "stg-Admin-Secret-789";
/** The staging registry API's password, and the staging CA (the example CA of the prod stack file serves as one). */
export const STAGING_REGISTRY_API_PASSWORD = "stg-Registry-Api-0123";
export const STAGING_CA_CERT = readFileSync(path.resolve(__dirname, "../../topics/prod-ca.pem"), "utf8");

/** The staging cluster stack: TLS (sasl_ssl), its registry over HTTPS with basic authentication. */
export const STAGING_CLUSTER_OUTPUTS = {
    bootstrapServers: "localhost:29092,localhost:29093,localhost:29094",
    brokerCount: 3,
    securityProtocol: "SASL_SSL",
    saslMechanism: "PLAIN",
    adminUser: "admin",
    adminPassword: STAGING_ADMIN_PASSWORD,
    schemaRegistryUrl: "https://127.0.0.1:8086",
    schemaRegistryApiUser: "registry",
    schemaRegistryApiPassword: STAGING_REGISTRY_API_PASSWORD,
    caCert: STAGING_CA_CERT,
    reservedPrincipals: ["User:admin", "User:schema-registry"],
    reservedResourcePrefixes: ["__", "kafkasql-", "registry-events", "apicurio-"],
};

/** The users of topics/catalog.yaml, each with a password. */
export const EXAMPLE_PASSWORDS: Record<string, string> = {
    "orders-api": "pw-orders-api-0001",
    "payments-worker": "pw-payments-worker-0002",
    "shipping-worker": "pw-shipping-worker-0003",
    "analytics-reader": "pw-analytics-reader-0004",
    "ops-admin": "pw-ops-admin-0005",
};

export interface TopicsRun extends ProgramRun {
    /** The stack references the program read, by referenced stack name. */
    stackReferences: string[];
}

export interface TopicsRunOptions {
    stack?: string;
    /** Stack config without the `kafka-topics:` prefix (not secrets). */
    config?: Record<string, string>;
    /** Secret stack config (e.g. adminPassword). */
    secrets?: Record<string, string>;
    /** The secret `userPasswords` object; undefined leaves it unset. Defaults to EXAMPLE_PASSWORDS. */
    userPasswords?: Record<string, string> | null;
    /** A catalog's text: written to a temporary file that the `catalog` config points at. */
    catalogText?: string;
    /** Outputs of each referenced stack, by stack name (missing stacks have no outputs). */
    stacks?: Record<string, Record<string, unknown>>;
    /** The topics kafka.getTopics answers with (those that exist in Kafka). */
    existingTopics?: Array<{ name: string; partitions: number; replicationFactor: number; config: Record<string, string> }>;
}

/**
 * Catalogs under test live inside the topics folder (the program refuses a catalog path outside
 * it), one folder per test process, removed when the process exits.
 */
const TOPICS_DIR = path.resolve(__dirname, "../../topics");
let tempDir: string | undefined;
let tempCount = 0;

/** A fresh directory for this process's catalogs inside the topics folder (the catalog must be in it). */
function testCatalogDir(): string {
    if (!tempDir) {
        const root = join(TOPICS_DIR, ".test-catalogs");
        mkdirSync(root, { recursive: true });
        // Test workers can be stopped without an exit event: remove what processes that are gone left.
        for (const entry of readdirSync(root)) if (!isAlive(Number(entry.split("-")[0]))) rmSync(join(root, entry), { recursive: true, force: true });
        tempDir = mkdtempSync(join(root, `${process.pid}-`));
        const dir = tempDir;
        process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    }
    return tempDir;
}

/** Writes a catalog to a fresh file inside the topics folder; returns its path relative to that folder. */
export function writeCatalog(text: string, name = "catalog.yaml"): string {
    const file = join(testCatalogDir(), `${++tempCount}-${name}`);
    writeFileSync(file, text);
    return path.relative(TOPICS_DIR, file);
}

/** Writes a catalog split across files into a fresh directory inside the topics folder; returns its path relative to that folder. */
export function writeCatalogDir(files: Record<string, string>): string {
    const dir = join(testCatalogDir(), `${++tempCount}-catalog`);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return path.relative(TOPICS_DIR, dir);
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** Evaluates topics/index.ts; by default the dev stack on the dev cluster stack, with every password set. */
export async function runTopicsProgram(opts: TopicsRunOptions = {}): Promise<TopicsRun> {
    const stack = opts.stack ?? "dev";
    const stacks = opts.stacks ?? { [`organization/kafka-cluster/${stack}`]: DEV_CLUSTER_OUTPUTS };
    const config = { ...(opts.config ?? {}) };
    if (opts.catalogText !== undefined) config.catalog = writeCatalog(opts.catalogText);
    const secrets = { ...(opts.secrets ?? {}) };
    const passwords = opts.userPasswords === undefined ? EXAMPLE_PASSWORDS : opts.userPasswords;
    if (passwords !== null) secrets.userPasswords = JSON.stringify(passwords);
    const stackReferences: string[] = [];

    const run = await runProgram({
        project: "kafka-topics",
        stack,
        config,
        secrets,
        organization: "organization",
        entry: path.resolve(__dirname, "../../topics/index.ts"),
        call: args => (args.token === "kafka:index:getTopics"
            ? { id: "topics", lists: (opts.existingTopics ?? []).map(({ name, ...t }) => ({ topicName: name, ...t })) }
            : args.inputs),
        state: (args) => {
            if (args.type !== TOPICS_TYPES.stackReference) return args.inputs;
            const name = String(args.inputs.name);
            stackReferences.push(name);
            const outputs = stacks[name] ?? {};
            // Secret outputs of the referenced stack stay secret through the reference.
            return { name, outputs, secretOutputNames: "adminPassword" in outputs ? ["adminPassword"] : [] };
        },
    });
    return { ...run, stackReferences };
}
