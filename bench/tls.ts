// Part "tls": what TLS costs. The same 3-node cluster is brought up through the real Pulumi CLI
// twice, with `security: sasl` (SASL_PLAINTEXT) and with `security: sasl_ssl` (TLS on every
// listener), and each is measured alike: how long each node takes from its start to its first
// passing healthcheck, and the produce latency of acks=all round trips as the admin, through
// Kafka's own Java client (the CA given for TLS). One run, same machine, one after the other.

import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { probe, type Connection } from "../scripts/lib/kafka-probe";
import { findPulumi } from "../scripts/lib/pulumi-cli";
import { E2eWorkspace, removeClusterObjects, secondsToHealthy } from "../test/e2e/workspace";
import type { LatencyRun } from "./cluster";

export const TLS_MODES = ["sasl", "sasl_ssl"] as const;
export type TlsBenchMode = (typeof TLS_MODES)[number];

export interface TlsRun {
    security: TlsBenchMode;
    /** Container start to first passing healthcheck, per Kafka node, seconds. */
    toHealthyS: number[];
    /** `pulumi up` of the cluster, seconds. */
    upS: number;
    latency: LatencyRun[];
}

export interface TlsOptions {
    image: string;
    messages: number;
    repeats: number;
    portBase: number;
    log: (line: string) => void;
}

/** One cluster per security mode, measured and destroyed again. */
export async function benchTls(opts: TlsOptions): Promise<{ runs: TlsRun[]; failures: string[] }> {
    const bin = findPulumi();
    if (!bin) throw new Error("the tls part needs the Pulumi CLI and its plugins (npx tsx scripts/toolchain.ts says what is missing)");
    const runs: TlsRun[] = [], failures: string[] = [];
    for (const security of TLS_MODES) {
        const name = `kb-${security.replace("_", "")}`;
        const ws = new E2eWorkspace(bin, `tls, ${security}`);
        try {
            await removeClusterObjects(name);
            await ws.ok(".", ["stack", "init", "bench"]);
            await ws.configure(".", "bench", {
                name, networkName: `${name}-net`, kafkaImage: opts.image, security, brokers: "3", controllerMode: "combined",
                externalPortBase: String(opts.portBase), uiEnabled: "false", schemaRegistryEnabled: "false", heapMb: "512", memoryMb: "1024",
            });
            await ws.secret(".", "bench", "adminPassword", `adm-${randomBytes(12).toString("hex")}`);
            const t0 = Date.now();
            await ws.ok(".", ["up", "--yes", "--stack", "bench"], { step: `${security}: up` });
            const upS = (Date.now() - t0) / 1000;
            const out = await ws.outputs(".", "bench");
            const healthy = await secondsToHealthy(out.containerNames as string[]);
            const admin: Connection = { bootstrap: out.bootstrapServers, securityProtocol: out.securityProtocol, mechanism: "PLAIN", user: out.adminUser, password: out.adminPassword };
            if (out.caCert) {
                admin.caFile = join(ws.tmp, "ca.pem");
                writeFileSync(admin.caFile, out.caCert);
            }
            const latency: LatencyRun[] = [];
            for (let i = 0; i < opts.repeats; i++) {
                const r = await probe("roundtrip", admin, { messages: opts.messages, partitions: 3, "replication-factor": 3 }, 180_000);
                if (!r.ok || r.missing !== 0) throw new Error(`roundtrip failed: ${JSON.stringify(r).slice(0, 300)}`);
                const ack = r.ackLatencyMs as { p50: number; p99: number }, e2e = r.endToEndLatencyMs as { p50: number; p99: number };
                latency.push({ ackP50: ack.p50, ackP99: ack.p99, e2eP50: e2e.p50, e2eP99: e2e.p99, messages: opts.messages });
                opts.log(`[tls] ${security}: round trip ${i + 1}/${opts.repeats}: ack p50 ${ack.p50} ms p99 ${ack.p99} ms, end-to-end p50 ${e2e.p50} ms p99 ${e2e.p99} ms`);
            }
            runs.push({ security, upS, toHealthyS: Object.values(healthy), latency });
            await ws.ok(".", ["destroy", "--yes", "--stack", "bench"], { step: `${security}: destroy` });
            ws.remove();
        } catch (e) {
            failures.push(`${security}: ${(e as Error).message.split("\n")[0]} (log ${ws.logFile})`);
            opts.log(`[tls] ${security} FAILED: ${(e as Error).message}`);
        } finally {
            await removeClusterObjects(name);
        }
    }
    return { runs, failures };
}
