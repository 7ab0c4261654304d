// The smoke round trip: what people do by hand with kafka-topics.sh and the console producer and
// consumer, as one checked step: create a temporary topic, produce with acks=all, consume
// everything back, report latencies, delete the topic.

import { randomBytes } from "node:crypto";
import { probe, type Connection } from "./kafka-probe";

export interface SmokeOptions {
    messages: number;
    partitions: number;
    replicationFactor: number;
}

export interface SmokeReport {
    ok: boolean;
    topic: string;
    messages: number;
    acked: number;
    consumed: number;
    missing: number;
    createTopicMs: number;
    ackLatencyMs: { p50: number; p99: number; max: number };
    endToEndLatencyMs: { p50: number; p99: number; max: number };
    error?: string;
}

export async function runSmoke(conn: Connection, opts: SmokeOptions): Promise<SmokeReport> {
    const topic = `smoke-${randomBytes(4).toString("hex")}`;
    const result = await probe("roundtrip", conn, {
        topic, messages: opts.messages, partitions: opts.partitions, "replication-factor": opts.replicationFactor,
    });
    return { topic, ...result } as unknown as SmokeReport;
}

export function formatSmoke(r: SmokeReport, conn: Connection): string {
    if (!r.ok && r.acked === undefined) return `smoke FAILED against ${conn.bootstrap}: ${r.error}`;
    return [
        `smoke ${r.ok ? "OK" : "FAILED"} against ${conn.bootstrap} (${conn.securityProtocol ?? "PLAINTEXT"})`,
        `  topic ${r.topic}: created in ${r.createTopicMs} ms, deleted afterwards`,
        `  produced ${r.messages}, acknowledged (acks=all) ${r.acked}, consumed ${r.consumed}, missing ${r.missing}`,
        `  ack latency        p50 ${r.ackLatencyMs?.p50} ms, p99 ${r.ackLatencyMs?.p99} ms`,
        `  produce-to-consume p50 ${r.endToEndLatencyMs?.p50} ms, p99 ${r.endToEndLatencyMs?.p99} ms`,
    ].join("\n");
}
