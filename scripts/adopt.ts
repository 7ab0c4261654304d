// npm run adopt -- [--stack <cluster stack>] [--cwd <cluster project dir>] [--out <file> | --out-dir <dir>] [--topics <dir>] [--env dev] [--force]
//
// Reads a live cluster and writes a topics catalog that describes what it holds, so that an
// existing cluster can be brought under the topics stack: its topics (only the configs set on the
// topic itself), its SCRAM users, its ACLs (folded into service roles where they match one
// exactly), its client quotas, and, when a schema registry is reachable, the Protobuf subjects of
// those topics as .proto files under topics/schemas/ (with the files they import). The cluster is
// read with Kafka's Admin API in a few batched calls (scripts/kafka-client/KafkaProbe.java,
// `snapshot`); the catalog is computed by components/topics/catalog-adoption.ts and
// schema-adoption.ts, and validated the way the topics stack reads it before the command ends.
//
// The connection: a cluster stack's outputs (`--stack`, `--cwd`), or the variables
// KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_ADMIN_USER,
// KAFKA_ADMIN_PASSWORD and KAFKA_CA_FILE for any other cluster (scripts/lib/cluster-connection.ts).
// The registry: the cluster stack's schemaRegistryUrl output and its API login, or
// KAFKA_SCHEMA_REGISTRY_URL (with KAFKA_SCHEMA_REGISTRY_USER and KAFKA_SCHEMA_REGISTRY_PASSWORD
// when it asks for a login); without either, schemas are not adopted.
//
// Output: one file (`--out`, default topics/catalog.adopted.yaml) or one file per domain
// (`--out-dir`), inside the topics folder (`--topics`, default this project's). Existing files are
// kept unless --force.
// Exit status: 0 written and valid, 1 the cluster could not be read or the result is invalid, 2 usage.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readCatalog } from "../components/topics/catalog-files";
import { adoptionFiles, adoptionReportLines, catalogFromSnapshot, type Adoption } from "../components/topics/catalog-adoption";
import { SCHEMAS_DIR } from "../components/topics/catalog-schema";
import { schemaSubjects } from "../components/topics/schema-files";
import { adoptSubjects, type RegistrySubject, type SchemaAdoption } from "../components/topics/schema-adoption";
import { ccompatRequest, normalizeProto, type RegistryAccess } from "../components/topics/schema-subject";
import { ENVIRONMENTS, type Environment } from "../components/shared/environments";
import { clusterTarget, str, type ClusterTarget } from "./lib/cluster-connection";
import { snapshot } from "./lib/kafka-probe";
import { REPO_ROOT } from "./lib/pulumi-cli";

function usage(msg?: string): number {
    if (msg) console.error(`adopt: ${msg}`);
    console.error("usage: npm run adopt -- [--stack dev] [--cwd <cluster project dir>] [--out topics/catalog.adopted.yaml | --out-dir topics/catalog] [--topics <topics folder>] [--env dev] [--force]");
    return 2;
}

const stringList = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** The registry to read subjects from: the cluster stack's, or the KAFKA_SCHEMA_REGISTRY_* variables'. */
function registryOf(cluster: ClusterTarget): RegistryAccess | undefined {
    const env = process.env;
    const url = env.KAFKA_SCHEMA_REGISTRY_URL ?? str(cluster.outputs?.schemaRegistryUrl);
    if (!url) return undefined;
    const fromStack = !env.KAFKA_SCHEMA_REGISTRY_URL;
    const user = fromStack ? str(cluster.outputs?.schemaRegistryApiUser) : env.KAFKA_SCHEMA_REGISTRY_USER;
    const password = fromStack ? str(cluster.outputs?.schemaRegistryApiPassword) : env.KAFKA_SCHEMA_REGISTRY_PASSWORD;
    const ca = fromStack ? str(cluster.outputs?.caCert) : (env.KAFKA_CA_FILE ? readFileSync(env.KAFKA_CA_FILE, "utf8") : undefined);
    return {
        registryUrl: url,
        ...(ca ? { registryCa: ca } : {}),
        ...(user ? { registryAuth: `Basic ${Buffer.from(`${user}:${password ?? ""}`).toString("base64")}` } : {}),
    };
}

/** Every subject's latest version and compatibility level, through the Confluent-compatible API. */
async function registrySubjects(reg: RegistryAccess): Promise<RegistrySubject[]> {
    const get = async (path: string) => {
        const r = await ccompatRequest(reg, "GET", path);
        if (r.status !== 200) throw new Error(`schema registry ${reg.registryUrl}: GET ${path} answered HTTP ${r.status}; check the URL and its login (KAFKA_SCHEMA_REGISTRY_USER, KAFKA_SCHEMA_REGISTRY_PASSWORD)`);
        return r.json;
    };
    const global = (await get("/config")).compatibilityLevel as string;
    const out: RegistrySubject[] = [];
    for (const subject of (await get("/subjects")) as string[]) {
        const latest = await get(`/subjects/${encodeURIComponent(subject)}/versions/latest`);
        const own = await ccompatRequest(reg, "GET", `/config/${encodeURIComponent(subject)}`);
        out.push({
            subject, version: latest.version, schemaType: latest.schemaType ?? "AVRO", schema: latest.schema,
            references: latest.references ?? [], compatibility: own.status === 200 ? own.json.compatibilityLevel : global,
        });
    }
    return out;
}

/**
 * Writes the schema files under topics/schemas/. A file that is already there with the same
 * Protobuf tokens is kept; one with other content is not overwritten without --force.
 */
function writeSchemaFiles(schemasDir: string, schemas: SchemaAdoption, force: boolean): string | undefined {
    const conflicts = schemas.files.filter(f => {
        const full = join(schemasDir, f.file);
        return existsSync(full) && normalizeProto(readFileSync(full, "utf8")) !== normalizeProto(f.text);
    });
    if (conflicts.length > 0 && !force) {
        return `${conflicts.map(f => `${SCHEMAS_DIR}/${f.file}`).join(", ")} already exist${conflicts.length === 1 ? "s" : ""} with other content than the registry's: nothing was written. Add --force to replace ${conflicts.length === 1 ? "it" : "them"}.`;
    }
    for (const f of schemas.files) {
        const full = join(schemasDir, f.file);
        if (existsSync(full) && !conflicts.includes(f)) continue;
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, f.text.endsWith("\n") ? f.text : `${f.text}\n`);
    }
    return undefined;
}

function schemaReportLines(schemas: SchemaAdoption): string[] {
    return [
        `schemas: ${schemas.topicSubjects.length} topic subject(s) and ${schemas.importedSubjects.length} imported file(s) adopted, as ${schemas.files.length} file(s) under topics/${SCHEMAS_DIR}/`,
        ...schemas.leftOut.map(l => `left out subject ${l.subject} (${l.reason}), untouched in the registry`),
        ...schemas.warnings.map(w => `warning: ${w}`),
    ];
}

async function main(): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                stack: { type: "string" },
                cwd: { type: "string", default: REPO_ROOT },
                out: { type: "string" },
                "out-dir": { type: "string" },
                topics: { type: "string", default: join(REPO_ROOT, "topics") },
                env: { type: "string", default: "dev" },
                force: { type: "boolean", default: false },
                help: { type: "boolean", short: "h", default: false },
            },
        }));
    } catch (e) {
        return usage((e as Error).message);
    }
    if (values.help) return usage();
    if (values.out && values["out-dir"]) return usage("give --out or --out-dir, not both");
    if (!(ENVIRONMENTS as readonly string[]).includes(values.env)) return usage(`--env must be one of ${ENVIRONMENTS.join(", ")}`);
    const env = values.env as Environment;
    const topicsDir = resolve(values.topics);
    const target = resolve(values["out-dir"] ?? values.out ?? join(topicsDir, "catalog.adopted.yaml"));
    const catalogSetting = relative(topicsDir, target);
    if (catalogSetting === "" || catalogSetting.startsWith("..")) return usage(`${target} is not inside the topics folder (${topicsDir}): the topics stack reads its catalog only from there`);

    const cluster = clusterTarget({ stack: values.stack, cwd: resolve(values.cwd) });
    console.log(`adopt: reading ${cluster.conn.bootstrap} (${cluster.conn.securityProtocol ?? "PLAINTEXT"}, from ${cluster.source}) ...`);
    const snap = await snapshot(cluster.conn);
    console.log(`adopt: read ${snap.topics.length} topics, ${snap.users.length} SCRAM users, ${snap.acls.length} ACLs and ${snap.quotas.length} quotas in ${snap.elapsedMs} ms`);
    for (const w of snap.warnings ?? []) console.log(`adopt: warning: ${w}`);

    // What the cluster stack keeps for itself (its admin, the registry's user and topics) is not the catalog's.
    const adoption = catalogFromSnapshot(snap, {
        reservedPrincipals: stringList(cluster.outputs?.reservedPrincipals).concat(cluster.conn.user ? [`User:${cluster.conn.user}`] : []),
        reservedPrefixes: stringList(cluster.outputs?.reservedResourcePrefixes),
    });
    for (const line of adoptionReportLines(adoption.report)) console.log(`adopt: ${line}`);
    const schemas = await adoptSchemas(cluster, adoption);

    const files = adoptionFiles(adoption, values["out-dir"] ? { kind: "directory" } : { kind: "file", name: basename(target) });
    const dir = values["out-dir"] ? target : dirname(target);
    const paths = files.map(f => join(dir, f.file));
    const existing = paths.filter(p => existsSync(p));
    if (existing.length > 0 && !values.force) {
        console.error(`adopt: ${existing.map(p => relative(process.cwd(), p)).join(", ")} already exist${existing.length === 1 ? "s" : ""}: nothing was written. Choose another --out/--out-dir, or add --force to replace ${existing.length === 1 ? "it" : "them"}.`);
        return 1;
    }
    if (schemas) {
        const refused = writeSchemaFiles(join(topicsDir, SCHEMAS_DIR), schemas, values.force);
        if (refused) {
            console.error(`adopt: ${refused}`);
            return 1;
        }
    }
    mkdirSync(dir, { recursive: true });
    files.forEach((f, i) => writeFileSync(paths[i], f.text));
    console.log(`adopt: wrote ${paths.map(p => relative(process.cwd(), p)).join(", ")}`);

    // The same reading and validation the topics stack does.
    try {
        const catalog = readCatalog({ topicsDir, catalog: catalogSetting }, env, undefined, { project: "kafka-topics", stack: env });
        const subjects = schemaSubjects(catalog, topicsDir);
        console.log(`adopt: the topics stack accepts it (environment ${env}): ${catalog.topics.length} topics, ${catalog.services.length} services, ` +
            `${catalog.acls.length} explicit ACL entries, ${catalog.quotas.length} quotas, ${subjects.length} schema subjects`);
    } catch (e) {
        console.error(`adopt: the written catalog does not validate, which is a bug of adopt; please report it with this message:\n${(e as Error).message}`);
        return 1;
    }
    console.log([
        "adopt: next, in topics/ with the stack that will manage this cluster:",
        `  pulumi config set catalog ${catalogSetting}`,
        "  pulumi preview -c adoptExisting=true      # imports only: no create, replace or delete of a topic or ACL",
        "  pulumi up -c adoptExisting=true && pulumi config rm adoptExisting",
        "  pulumi preview --expect-no-changes",
    ].join("\n"));
    return 0;
}

/** The registry's subjects of the adopted topics, added to the catalog; undefined without a registry. */
async function adoptSchemas(cluster: ClusterTarget, adoption: Adoption): Promise<SchemaAdoption | undefined> {
    const reg = registryOf(cluster);
    if (!reg) {
        console.log("adopt: no schema registry (the stack has no schemaRegistryUrl output, KAFKA_SCHEMA_REGISTRY_URL is not set): schemas not adopted");
        return undefined;
    }
    const subjects = await registrySubjects(reg);
    const schemas = adoptSubjects(adoption, subjects);
    console.log(`adopt: read ${subjects.length} subjects from ${reg.registryUrl}`);
    for (const line of schemaReportLines(schemas)) console.log(`adopt: ${line}`);
    return schemas;
}

main().then(code => { process.exitCode = code; }, e => {
    console.error(`adopt: ${(e as Error).message}`);
    process.exitCode = 1;
});
