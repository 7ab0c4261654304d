// npm run smoke [-- --stack dev] [--messages 100] [--partitions 3] [--replication-factor 3] [--cwd <project dir>]
//
// Reads the cluster stack's outputs (`pulumi stack output --json --show-secrets`), or, without a
// Pulumi CLI, the variables KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM,
// KAFKA_ADMIN_USER, KAFKA_ADMIN_PASSWORD and KAFKA_CA_FILE (a PEM file, for SASL_SSL), then runs
// the smoke round trip against the cluster.
// When the stack runs the Kafka UI, it also logs in to the UI (password: the stack's uiPassword
// secret) and checks that the UI reports the cluster online: its healthcheck only covers the web
// process, not its connection to Kafka. When it runs the schema registry, it lists the registry's
// subjects through its Confluent-compatible API. Under TLS, every connection checks the
// certificates against the stack's caCert output, and the registry gets its API's credentials.

import { parseArgs } from "node:util";
import { ccompatRequest } from "../components/topics/schema-subject";
import { clusterTarget, pulumiJson } from "./lib/cluster-connection";
import { allOnline, waitUiClusterOnline } from "./lib/kafka-ui-client";
import { formatSmoke, runSmoke } from "./lib/smoke";

type Outputs = Record<string, string | undefined>;

async function checkUi(out: Outputs, stackArgs: string[], cwd: string): Promise<boolean> {
    if (!out.uiUrl || !out.uiUser) return true;
    const password = pulumiJson(["config", "get", "uiPassword", "--json", ...stackArgs], cwd) as { value?: string };
    if (!password.value) throw new Error("the stack runs the Kafka UI but its uiPassword cannot be read");
    const report = await waitUiClusterOnline(out.uiUrl, out.uiUser, password.value);
    const clusters = report.clusters.map(c => `${c.name}: ${c.status}${c.brokerCount !== undefined ? `, ${c.brokerCount} brokers` : ""}`).join("; ");
    const ok = report.loggedIn && allOnline(report) && report.anonymousStatus !== 200;
    console.log(`ui ${ok ? "OK" : "FAILED"} at ${out.uiUrl}: login ${report.loggedIn ? "accepted" : "refused"}, ` +
        `API without login answers ${report.anonymousStatus}, clusters: ${clusters || "none"}`);
    return ok;
}

async function checkRegistry(out: Outputs): Promise<boolean> {
    if (!out.schemaRegistryUrl) return true;
    try {
        const auth = out.schemaRegistryApiUser ? `Basic ${Buffer.from(`${out.schemaRegistryApiUser}:${out.schemaRegistryApiPassword ?? ""}`).toString("base64")}` : undefined;
        const res = await ccompatRequest({ registryUrl: out.schemaRegistryUrl, registryCa: out.caCert, registryAuth: auth }, "GET", "/subjects");
        const ok = res.status === 200 && Array.isArray(res.json);
        console.log(`schema registry ${ok ? "OK" : "FAILED"} at ${out.schemaRegistryUrl}: ${ok ? `${(res.json as unknown[]).length} subjects` : `HTTP ${res.status}`}`);
        return ok;
    } catch (e) {
        console.log(`schema registry FAILED at ${out.schemaRegistryUrl}: ${(e as Error).message} (docker logs <name>-schema-registry shows why)`);
        return false;
    }
}

async function main() {
    const { values } = parseArgs({
        options: {
            stack: { type: "string" },
            cwd: { type: "string", default: process.cwd() },
            messages: { type: "string", default: "100" },
            partitions: { type: "string", default: "3" },
            "replication-factor": { type: "string" },
        },
    });
    const stackArgs = values.stack ? ["--stack", values.stack] : [];
    const target = clusterTarget({ stack: values.stack, cwd: values.cwd });
    const conn = target.conn;
    const out = target.outputs as Outputs | undefined;
    const brokers = conn.bootstrap.split(",").length;
    console.log(`smoke: ${values.messages} messages through ${conn.bootstrap} ...`);
    const report = await runSmoke(conn, {
        messages: Number(values.messages),
        partitions: Number(values.partitions),
        replicationFactor: Number(values["replication-factor"] ?? Math.min(3, brokers)),
    });
    console.log(formatSmoke(report, conn));
    const uiOk = out ? await checkUi(out, stackArgs, values.cwd) : true;
    const registryOk = out ? await checkRegistry(out) : true;
    process.exitCode = report.ok && uiOk && registryOk ? 0 : 1;
}

main().catch(e => {
    console.error(`smoke: ${(e as Error).message}`);
    process.exitCode = 1;
});
