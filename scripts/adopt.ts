// npm run adopt -- [--stack <cluster stack>] [--cwd <cluster project dir>] [--out <file> | --out-dir <dir>] [--topics <dir>] [--env dev] [--force]
//
// Reads a live cluster and writes a topics catalog that describes what it holds, so that an
// existing cluster can be brought under the topics stack: its topics (only the configs set on the
// topic itself), its SCRAM users, its ACLs (folded into service roles where they match one
// exactly), and its client quotas. The cluster is read with Kafka's Admin API in a few batched
// calls (scripts/kafka-client/KafkaProbe.java, `snapshot`); the catalog is computed by
// components/topics/catalog-adoption.ts and validated the way the topics stack reads it before
// the command ends.
//
// The connection: a cluster stack's outputs (`--stack`, `--cwd`), or the variables
// KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_ADMIN_USER,
// KAFKA_ADMIN_PASSWORD and KAFKA_CA_FILE for any other cluster (scripts/lib/cluster-connection.ts).
//
// Output: one file (`--out`, default topics/catalog.adopted.yaml) or one file per domain
// (`--out-dir`), inside the topics folder (`--topics`, default this project's). Existing files are
// kept unless --force.
// Exit status: 0 written and valid, 1 the cluster could not be read or the result is invalid, 2 usage.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readCatalog } from "../components/topics/catalog-files";
import { adoptionFiles, adoptionReportLines, catalogFromSnapshot } from "../components/topics/catalog-adoption";
import { ENVIRONMENTS, type Environment } from "../components/shared/environments";
import { clusterTarget } from "./lib/cluster-connection";
import { snapshot } from "./lib/kafka-probe";
import { REPO_ROOT } from "./lib/pulumi-cli";

function usage(msg?: string): number {
    if (msg) console.error(`adopt: ${msg}`);
    console.error("usage: npm run adopt -- [--stack dev] [--cwd <cluster project dir>] [--out topics/catalog.adopted.yaml | --out-dir topics/catalog] [--topics <topics folder>] [--env dev] [--force]");
    return 2;
}

const stringList = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

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

    const files = adoptionFiles(adoption, values["out-dir"] ? { kind: "directory" } : { kind: "file", name: basename(target) });
    const dir = values["out-dir"] ? target : dirname(target);
    const paths = files.map(f => join(dir, f.file));
    const existing = paths.filter(p => existsSync(p));
    if (existing.length > 0 && !values.force) {
        console.error(`adopt: ${existing.map(p => relative(REPO_ROOT, p)).join(", ")} already exist${existing.length === 1 ? "s" : ""}: nothing was written. Choose another --out/--out-dir, or add --force to replace ${existing.length === 1 ? "it" : "them"}.`);
        return 1;
    }
    mkdirSync(dir, { recursive: true });
    files.forEach((f, i) => writeFileSync(paths[i], f.text));
    console.log(`adopt: wrote ${paths.map(p => relative(REPO_ROOT, p)).join(", ")}`);

    // The same reading and validation the topics stack does.
    try {
        const catalog = readCatalog({ topicsDir, catalog: catalogSetting }, env, undefined, { project: "kafka-topics", stack: env });
        console.log(`adopt: the topics stack accepts it (environment ${env}): ${catalog.topics.length} topics, ${catalog.services.length} services, ${catalog.acls.length} explicit ACL entries, ${catalog.quotas.length} quotas`);
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

main().then(code => { process.exitCode = code; }, e => {
    console.error(`adopt: ${(e as Error).message}`);
    process.exitCode = 1;
});
