// Parts 2 (floor only) and 3: real clusters from the cluster stack's declared specs, created on the
// Docker Engine by the conformance harness (DockerHarness + runClusterProgram), with names `kb-*`
// and host ports of their own. Every object is removed by id when a run ends, passes or fails.
//
// - readiness: container start to all containers healthy, for 1 and 3 nodes; split into the
//   broker's own start ("Kafka Server started" in its log) and the wait for the healthcheck;
// - latency: acks=all produce/consume round trips (KafkaProbe roundtrip) on the 3-node cluster;
// - floor: 200 topics created in one Admin API batch (KafkaProbe apply) on the 3-node cluster.

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probe, type ProbeResult } from "../scripts/lib/kafka-probe";
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import type { ProgramRun } from "../test/mock/cluster-program";
import { DockerHarness } from "../test/real/docker-harness";
import { BENCH_TOPIC, topicName } from "./catalog-gen";

export interface ReadinessRun {
    nodes: number;
    interval: string;
    /** Harness clock: first container start requested to all reported healthy (250 ms polling). */
    toHealthyMs: number;
    /** Engine clock: earliest State.StartedAt to the end of the last container's first passing probe. */
    engineToHealthyMs: number;
    /** Engine clock: earliest StartedAt to the last "Kafka Server started" log line. */
    serverStartedMs: number;
    /** Healthcheck probe durations seen (ms), from the containers' health logs. */
    probeMs: number[];
}

export interface LatencyRun { ackP50: number; ackP99: number; e2eP50: number; e2eP99: number; messages: number }
export interface FloorRun {
    applyMs: number;
    baselineMs: number;
    topics: number;
    /** The same number of topics created one per request, one after the other, on one connection (as the Kafka provider does). */
    oneByOneMs?: number;
}

/** The bench brokers' container memory: the given limit, or the heap plus 768 MB. */
export const benchMemoryMb = (heapMb: number, memoryMb?: number): number => memoryMb ?? heapMb + 768;

export interface ClusterOptions {
    image: string;
    portBase: number;
    healthyWithinMs: number;
    /** Broker heap. Default: the cluster stack's own. */
    heapMb?: number;
    /** Container memory limit, with heapMb. Default: benchMemoryMb. */
    memoryMb?: number;
    log: (line: string) => void;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Starts a cluster of `nodes` brokers (combined mode, plaintext, no UI) and runs `body` on it; always cleans up. */
export async function withCluster<T>(
    nodes: number, opts: ClusterOptions, healthcheck: { interval?: string } | undefined,
    body: (h: DockerHarness, bootstrap: string, readiness: ReadinessRun) => Promise<T>,
): Promise<T> {
    const id = randomBytes(3).toString("hex");
    const config = {
        name: `kb-${id}`, networkName: `kb-${id}-net`, kafkaImage: opts.image, brokers: String(nodes),
        externalPortBase: String(opts.portBase), uiEnabled: "false",
        ...(opts.heapMb ? { heapMb: String(opts.heapMb), memoryMb: String(benchMemoryMb(opts.heapMb, opts.memoryMb)) } : {}),
    };
    const run = await declaredCluster(config, `bench-${id}`);
    const containers = run.ofType("docker:index/container:Container");
    if (healthcheck?.interval) for (const c of containers) c.plain.healthcheck = { ...c.plain.healthcheck, interval: healthcheck.interval };
    const interval = containers[0].plain.healthcheck.interval as string;
    const harness = new DockerHarness(run, `bench-${id}`);
    try {
        await harness.requireImage(opts.image);
        const names = containers.map(c => c.plain.name as string);
        const t0 = Date.now();
        await harness.createAll();
        const pending = new Set(names);
        while (pending.size > 0) {
            if (Date.now() - t0 > opts.healthyWithinMs) throw new Error(`not healthy within ${opts.healthyWithinMs / 1000} s: ${[...pending].join(", ")}`);
            for (const n of [...pending]) {
                const s = await harness.health(n);
                if (s === "healthy") pending.delete(n);
                else if (s === "unhealthy" || s === "exited" || s === "dead") throw new Error(`${n} is ${s}:\n${await harness.logs(n, 30)}`);
            }
            if (pending.size > 0) await sleep(250);
        }
        const toHealthyMs = Date.now() - t0;
        const readiness = await engineTimes(harness, names, nodes, interval, toHealthyMs);
        return await body(harness, run.outputs.bootstrapServers as string, readiness);
    } finally {
        const errors = await harness.cleanup();
        if (errors.length) opts.log(`[cluster] cleanup problems: ${errors.join("; ")}`);
    }
}

/** runClusterProgram(config) in a child process (see cluster-program-child.ts). */
function declaredCluster(config: Record<string, string>, stack: string): Promise<ProgramRun> {
    const child = resolve(__dirname, "cluster-program-child.ts");
    return new Promise((resolvePromise, reject) => {
        execFile(process.execPath, ["--import", "tsx", child, JSON.stringify(config), stack], {
            cwd: resolve(__dirname, ".."), timeout: 120_000, maxBuffer: 64 * 1024 * 1024,
        }, (err, stdout, stderr) => {
            if (err) return reject(new Error(`cluster program refused ${JSON.stringify(config)}: ${stderr.trim().split("\n").slice(0, 5).join(" | ")}`));
            const r = JSON.parse(stdout.trim().split("\n").pop()!) as Omit<ProgramRun, "ofType">;
            resolvePromise({ ...r, ofType: (t: string) => r.resources.filter(x => x.type === t) });
        });
    });
}

async function engineTimes(h: DockerHarness, names: string[], nodes: number, interval: string, toHealthyMs: number): Promise<ReadinessRun> {
    let firstStart = Infinity, lastHealthy = 0, lastServerStarted = 0;
    const probeMs: number[] = [];
    for (const n of names) {
        const info = await h.handle(n).inspect();
        firstStart = Math.min(firstStart, Date.parse(info.State.StartedAt));
        const log = (info.State.Health?.Log ?? []) as Array<{ Start: string; End: string; ExitCode: number }>;
        for (const e of log) probeMs.push(Date.parse(e.End) - Date.parse(e.Start));
        const passed = log.find(e => e.ExitCode === 0);
        if (passed) lastHealthy = Math.max(lastHealthy, Date.parse(passed.End));
        const raw = await h.handle(n).logs({ stdout: true, stderr: true, timestamps: true, tail: 2000 }) as unknown as Buffer;
        const line = raw.toString("utf8").split("\n").find(l => l.includes("Kafka Server started"));
        const ts = line ? /(\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(line)?.[1] : undefined;
        if (ts) lastServerStarted = Math.max(lastServerStarted, Date.parse(ts));
    }
    return {
        nodes, interval, toHealthyMs, probeMs,
        engineToHealthyMs: lastHealthy ? lastHealthy - firstStart : NaN,
        serverStartedMs: lastServerStarted ? lastServerStarted - firstStart : NaN,
    };
}

function must(r: ProbeResult, what: string): ProbeResult {
    if (!r.ok) throw new Error(`${what} failed: ${r.error ?? JSON.stringify(r).slice(0, 500)}`);
    return r;
}

/** acks=all round trips on a running cluster: create a 3x3 topic, produce N, consume N, delete it. */
export async function roundTrips(bootstrap: string, messages: number, repeats: number, log: (l: string) => void): Promise<LatencyRun[]> {
    const out: LatencyRun[] = [];
    for (let i = 0; i < repeats; i++) {
        const r = must(await probe("roundtrip", { bootstrap }, { messages, partitions: 3, "replication-factor": 3 }, 180_000), "roundtrip");
        if (r.missing !== 0 || r.consumed !== messages) throw new Error(`roundtrip lost messages: ${JSON.stringify(r).slice(0, 300)}`);
        const ack = r.ackLatencyMs as { p50: number; p99: number };
        const e2e = r.endToEndLatencyMs as { p50: number; p99: number };
        out.push({ ackP50: ack.p50, ackP99: ack.p99, e2eP50: e2e.p50, e2eP99: e2e.p99, messages });
        log(`[latency] round trip ${i + 1}/${repeats}: ${messages} messages, ack p50 ${ack.p50} ms p99 ${ack.p99} ms, end-to-end p50 ${e2e.p50} ms p99 ${e2e.p99} ms`);
    }
    return out;
}

/**
 * The floor of item 2: `count` topics (the synthetic catalog's prod values: 6 partitions,
 * replication factor 3, 3 configs) created in one createTopics batch by KafkaProbe apply. The
 * baseline is a KafkaProbe run that only connects and lists topics (JVM start + connection), so
 * apply minus baseline is the batch itself.
 */
export async function topicFloor(bootstrap: string, count: number, repeats: number, log: (l: string) => void): Promise<FloorRun[]> {
    const dir = mkdtempSync(join(tmpdir(), "kb-floor-"));
    const out: FloorRun[] = [];
    try {
        for (let i = 0; i < repeats; i++) {
            const topics = Array.from({ length: count }, (_, k) => ({ name: `r${i}${topicName(k)}`, ...BENCH_TOPIC }));
            const spec = join(dir, `spec-${i}.json`);
            writeFileSync(spec, JSON.stringify({ topics, users: [], acls: [] }));
            let t = Date.now();
            must(await probe("check-auth", { bootstrap }, {}, 120_000), "check-auth");
            const baselineMs = Date.now() - t;
            t = Date.now();
            const r = must(await probe("apply", { bootstrap }, { spec }, 180_000), "apply");
            const applyMs = Date.now() - t;
            if (r.topics !== count) throw new Error(`apply created ${r.topics} topics, expected ${count}`);
            const single = join(dir, `spec-${i}-single.json`);
            writeFileSync(single, JSON.stringify({ topics: topics.map(t => ({ ...t, name: `s${t.name}` })), users: [], acls: [] }));
            t = Date.now();
            must(await probe("apply", { bootstrap }, { spec: single, batch: 1 }, 600_000), "apply, one topic per request");
            const oneByOneMs = Date.now() - t;
            out.push({ applyMs, baselineMs, topics: count, oneByOneMs });
            log(`[floor] ${count} topics in one batch ${i + 1}/${repeats}: apply ${applyMs} ms (client start + connect alone ${baselineMs} ms); one topic per request ${oneByOneMs} ms`);
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    return out;
}
