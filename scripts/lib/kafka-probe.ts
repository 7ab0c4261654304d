// Runs scripts/kafka-client/KafkaProbe.java (Kafka's own Java client, same release as the
// brokers) from Node, for the smoke test, the real-cluster tests and the benchmarks.

import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ClusterSnapshot } from "../../components/topics/catalog-adoption";
import { compiledJava, runJavaClient, type ClientResult } from "./java-client";
import { cacheDir } from "./pulumi-cli";

const PROBE_SOURCE = resolve(__dirname, "../kafka-client/KafkaProbe.java");

export interface Connection {
    bootstrap: string;
    securityProtocol?: "PLAINTEXT" | "SASL_PLAINTEXT" | "SASL_SSL";
    mechanism?: "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512";
    user?: string;
    password?: string;
    /** TLS: a PEM file with the CA the brokers' certificates are checked against (the Java default trust store otherwise). */
    caFile?: string;
}

export type ProbeResult = ClientResult;

/** Where scripts/build-kafka-image.sh leaves the Kafka jars (resolved from Maven Central). */
export function kafkaLibsDir(): string {
    if (process.env.KAFKA_LIBS) return process.env.KAFKA_LIBS;
    const cache = cacheDir();
    const version = process.env.KAFKA_VERSION ?? "4.3.1";
    const dir = join(cache, "maven", `kafka-${version}`, "libs");
    if (!existsSync(dir) || readdirSync(dir).length === 0) {
        throw new Error(`no Kafka client jars in ${dir}: run scripts/build-kafka-image.sh ${version} (it resolves them from Maven Central), or set KAFKA_LIBS`);
    }
    return dir;
}

/** Runs one probe command; resolves with its JSON result (ok false on refusal), rejects on a crash. */
export function probe(command: string, conn: Connection, args: Record<string, string | number | boolean> = {}, timeoutMs = 120_000): Promise<ProbeResult> {
    const libs = kafkaLibsDir();
    const argv = ["-cp", `${compiledJava(PROBE_SOURCE, `${libs}/*`, "kafka-probe")}:${libs}/*`, "-Xmx256m", "KafkaProbe", command, "--bootstrap", conn.bootstrap];
    if (conn.securityProtocol) argv.push("--security-protocol", conn.securityProtocol);
    if (conn.mechanism) argv.push("--mechanism", conn.mechanism);
    if (conn.user) argv.push("--user", conn.user);
    if (conn.caFile) argv.push("--ca-file", conn.caFile);
    for (const [k, v] of Object.entries(args)) {
        if (v === false) continue;
        argv.push(`--${k}`);
        if (v !== true) argv.push(String(v));
    }
    // The password travels in the environment, never in the command line (visible in `ps`).
    const env = { ...process.env, KAFKA_PROBE_PASSWORD: conn.password ?? "" };
    return runJavaClient(`KafkaProbe ${command}`, argv, env, timeoutMs);
}

/**
 * Reads the cluster's topics, SCRAM users, ACLs and quotas in a few batched Admin API calls (the
 * snapshot's shape is catalog-adoption.ts's); rejects when the probe refuses (e.g. not authorized).
 */
export async function snapshot(conn: Connection, timeoutMs?: number): Promise<ClusterSnapshot> {
    const result = await probe("snapshot", conn, {}, timeoutMs);
    if (!result.ok) throw new Error(`KafkaProbe snapshot: ${result.error ?? "failed without an error message"}`);
    return result as unknown as ClusterSnapshot;
}
