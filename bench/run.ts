// npm run bench (tsx bench/run.ts): the benchmarks that run on this machine (program evaluation,
// cluster readiness, latency, the Admin API floor, the real engine beside OpenTofu), written
// to bench/results.md. See `npx tsx bench/run.ts --help`.

import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { DockerHarness } from "../test/real/docker-harness";
import { benchMemoryMb, roundTrips, topicFloor, withCluster, type FloorRun, type LatencyRun, type ReadinessRun } from "./cluster";
import { benchEngine, PULUMI_VARIANTS, settingKey, settingLabel, type EngineRun, type PulumiVariant } from "./engine";
import { benchEvaluation } from "./eval";
import { describeMachine } from "./machine";
import { benchTls } from "./tls";
import { benchAdopt } from "./adopt";
import { renderReport } from "./report";
import { PARTS, type BenchOptions, type BenchResults, type Part } from "./bench-results";

const HELP = `usage: npx tsx bench/run.ts [options]
  --parts LIST           ${PARTS.join(",")} (default: all)
  --sizes LIST           catalog sizes in topics for eval (default 100,1000,10000)
  --eval-runs N          runs per size below 10,000 topics (default 5)
  --eval-runs-large N    runs per size of 10,000 topics or more (default 3)
  --env dev|prod         environment the topics program evaluates (default dev)
  --eval-timeout S       limit per evaluation child process, seconds (default 600)
  --max-old-space MB     V8 heap limit of the evaluation children (default: Node's own)
  --cpu-prof DIR         write a CPU profile of the first run of each size into DIR
  --readiness-runs N     cluster starts per node count (default 3)
  --nodes LIST           node counts for readiness (default 1,3)
  --intervals LIST       healthcheck intervals to compare, e.g. 15s,5s (default: the declared one only)
  --messages N           messages per round trip (default 1000)
  --latency-runs N       round trips (default 3)
  --floor-topics N       topics in the Admin API batch (default 200)
  --floor-runs N         batches (default 3)
  --engine-sizes LIST    catalog sizes for the real engine part (default 200,1000)
  --engine-preview-sizes LIST  catalog sizes measured by a fresh pulumi preview only (default none; e.g. 10000)
  --engine-parallel LIST PULUMI_PARALLEL settings to compare, 0 = the CLI's default (default 0,64)
  --engine-variants LIST also measure these Pulumi variants at the last --engine-parallel: before (up and refresh
                         with their own preview), bare (a plain JS program with the same topics) (default none)
  --engine-variant-sizes LIST  catalog sizes at which the variants are measured (default: the first --engine-sizes)
  --engine-opentofu yes|no  measure OpenTofu too when it is installed (default yes)
  --engine-runs N        runs per size and setting below 1,000 topics (default 2)
  --engine-runs-large N  runs per size and setting of 1,000 topics or more (default 1)
  --engine-heap MB       broker heap of the engine part's 3-broker cluster (default 2048)
  --engine-memory MB     container memory limit of those brokers (default: heap + 768; the cluster stack's default is heap + 512)
  --floor-batch N        topics per Admin API request in the engine part's floor (default 500)
  --tls-runs N           round trips per security mode in the tls part (default 5; --messages per trip)
  --adopt-topics N       topics of the cluster the adopt part adopts (default 1000)
  --image REF            broker image (default kafka-local:4.3.1)
  --port-base N          first host port (default 39492)
  --out FILE             report (default bench/results.md; figures also in the .json next to it)
  --render FILE          only write the report again from an earlier results.json (e.g. after editing bench/findings.md)
  --keep-from FILE       take what is not measured now from an earlier results.json (repeatable; the report names those runs)`;

function parseArgs(argv: string[]): BenchOptions {
    const o: BenchOptions = {
        parts: [...PARTS], sizes: [100, 1000, 10000], evalRuns: 5, evalRunsLarge: 3, env: "dev", evalTimeoutS: 600,
        readinessRuns: 3, nodes: [1, 3], intervals: [], messages: 1000, latencyRuns: 3, floorTopics: 200, floorRuns: 3,
        engineSizes: [200, 1000], enginePreviewSizes: [], engineVariants: [], engineOpenTofu: true, engineParallel: [0, 64], engineRuns: 2, engineRunsLarge: 1, engineHeapMb: 2048, floorBatch: 500, tlsRuns: 5, adoptTopics: 1000,
        image: process.env.KAFKA_TEST_IMAGE ?? "kafka-local:4.3.1", portBase: 39492, keepFrom: [], out: resolve(__dirname, "results.md"),
    };
    const int = (v: string, k: string, min: number, max: number) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${k} must be a whole number from ${min} to ${max}, got ${v}`);
        return n;
    };
    const list = (v: string) => v.split(",").map(s => s.trim()).filter(Boolean);
    for (let i = 0; i < argv.length; i++) {
        const k = argv[i];
        if (k === "--help" || k === "-h") { console.log(HELP); process.exit(0); }
        const v = argv[++i];
        if (v === undefined) throw new Error(`${k} needs a value\n${HELP}`);
        switch (k) {
            case "--parts": {
                const p = list(v);
                const bad = p.filter(x => !(PARTS as readonly string[]).includes(x));
                if (bad.length) throw new Error(`unknown part(s) ${bad.join(", ")}; use ${PARTS.join(", ")}`);
                o.parts = p as Part[];
                break;
            }
            case "--sizes": o.sizes = list(v).map(s => int(s, k, 10, 100_000)); break;
            case "--eval-runs": o.evalRuns = int(v, k, 1, 50); break;
            case "--eval-runs-large": o.evalRunsLarge = int(v, k, 1, 20); break;
            case "--env": if (v !== "dev" && v !== "prod") throw new Error("--env must be dev or prod"); o.env = v; break;
            case "--eval-timeout": o.evalTimeoutS = int(v, k, 10, 7200); break;
            case "--max-old-space": o.maxOldSpaceMb = int(v, k, 256, 65536); break;
            case "--cpu-prof": o.cpuProfileDir = resolve(v); break;
            case "--readiness-runs": o.readinessRuns = int(v, k, 1, 20); break;
            case "--nodes": o.nodes = list(v).map(s => int(s, k, 1, 9)); break;
            case "--intervals": o.intervals = list(v).map(s => { if (!/^\d+(ms|s|m)$/.test(s)) throw new Error(`bad interval ${s}`); return s; }); break;
            case "--messages": o.messages = int(v, k, 10, 100_000); break;
            case "--latency-runs": o.latencyRuns = int(v, k, 1, 20); break;
            case "--floor-topics": o.floorTopics = int(v, k, 10, 5000); break;
            case "--floor-runs": o.floorRuns = int(v, k, 1, 20); break;
            case "--engine-sizes": o.engineSizes = list(v).map(s => int(s, k, 10, 100_000)); break;
            case "--engine-preview-sizes": o.enginePreviewSizes = list(v).map(s => int(s, k, 10, 100_000)); break;
            case "--engine-parallel": o.engineParallel = list(v).map(s => int(s, k, 0, 1024)); break;
            case "--engine-variants": {
                const bad = list(v).filter(x => !(PULUMI_VARIANTS as readonly string[]).includes(x));
                if (bad.length) throw new Error(`unknown variant(s) ${bad.join(", ")}; use ${PULUMI_VARIANTS.join(", ")}`);
                o.engineVariants = list(v) as PulumiVariant[];
                break;
            }
            case "--engine-variant-sizes": o.engineVariantSizes = list(v).map(s => int(s, k, 10, 100_000)); break;
            case "--engine-opentofu": if (v !== "yes" && v !== "no") throw new Error("--engine-opentofu must be yes or no"); o.engineOpenTofu = v === "yes"; break;
            case "--engine-runs": o.engineRuns = int(v, k, 1, 20); break;
            case "--engine-runs-large": o.engineRunsLarge = int(v, k, 1, 20); break;
            case "--engine-heap": o.engineHeapMb = int(v, k, 256, 16384); break;
            case "--engine-memory": o.engineMemoryMb = int(v, k, 512, 32768); break;
            case "--floor-batch": o.floorBatch = int(v, k, 1, 5000); break;
            case "--tls-runs": o.tlsRuns = int(v, k, 1, 50); break;
            case "--adopt-topics": o.adoptTopics = int(v, k, 10, 10_000); break;
            case "--image": o.image = v; break;
            case "--port-base": o.portBase = int(v, k, 1024, 65000); break;
            case "--out": o.out = resolve(v); break;
            case "--keep-from": o.keepFrom.push(resolve(v)); break;
            case "--render": o.render = resolve(v); break;
            default: throw new Error(`unknown option ${k}\n${HELP}`);
        }
    }
    return o;
}

/** The options that describe each part's figures, carried over with them from an earlier run. */
const PART_OPTIONS: Record<Part, (keyof BenchOptions)[]> = {
    eval: ["sizes", "evalRuns", "evalRunsLarge", "env"],
    readiness: ["readinessRuns", "nodes", "intervals"],
    latency: ["messages", "latencyRuns"],
    floor: ["floorTopics", "floorRuns"],
    tls: ["messages", "tlsRuns"],
    adopt: ["adoptTopics"],
    engine: ["engineSizes", "enginePreviewSizes", "engineParallel", "engineVariants", "engineVariantSizes", "engineRuns", "engineRunsLarge", "engineHeapMb", "engineMemoryMb", "floorBatch"],
};

function keepEarlierParts(results: BenchResults, opts: BenchOptions, file: string): void {
    const earlier = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
    results.reused = { ...results.reused, ...earlier.reused };
    // The engine part keeps the earlier run's figures for what this run did not measure: other
    // catalog sizes, other settings of a size, and the floor's runs (added to this run's).
    if (results.engine && earlier.engine) {
        const key = (r: EngineRun) => `${r.topics}/${settingKey(r)}`;
        const measured = new Set(results.engine.runs.map(key));
        const kept = earlier.engine.runs.filter(r => !measured.has(key(r)));
        results.engine.runs.push(...kept);
        if (kept.some(r => r.tool === "opentofu")) results.engine.opentofu = earlier.engine.opentofu;
        results.engine.floor.push(...earlier.engine.floor);
        const previewed = new Set((results.engine.previews ?? []).map(p => p.topics));
        results.engine.previews = [...(results.engine.previews ?? []), ...(earlier.engine.previews ?? []).filter(p => !previewed.has(p.topics))];
        if (kept.length) results.reused[`engine: ${[...new Set(kept.map(r => `${r.topics} topics ${settingLabel(r)}`))].join("; ")}`] = earlier.reused?.engine ?? earlier.startedAt;
        opts.engineSizes = [...new Set([...opts.engineSizes, ...kept.map(r => r.topics)])].sort((a, b) => a - b);
        opts.engineParallel = [...new Set([...opts.engineParallel, ...kept.filter(r => r.tool === "pulumi").map(r => r.parallel)])].sort((a, b) => a - b);
    }
    for (const part of PARTS) {
        if (opts.parts.includes(part) || earlier[part] === undefined) continue;
        (results as unknown as Record<string, unknown>)[part] = earlier[part];
        for (const k of PART_OPTIONS[part]) (opts as unknown as Record<string, unknown>)[k] = earlier.options[k] ?? (opts as unknown as Record<string, unknown>)[k];
        results.reused[part] = earlier.reused?.[part] ?? earlier.startedAt;
        opts.parts = [...opts.parts, part];
        log(`[${part}] figures kept from the run of ${results.reused[part]}`);
    }
}

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

async function main() {
    const opts = parseArgs(process.argv.slice(2));
    if (opts.render) {
        const { machine, ...earlier } = JSON.parse(readFileSync(opts.render, "utf8")) as BenchResults & { machine: ReturnType<typeof describeMachine> };
        // Same machine: fill in what an earlier version of describeMachine missed.
        const now = describeMachine();
        for (const [k, v] of Object.entries(machine)) if (v === "" || v === undefined) (machine as unknown as Record<string, unknown>)[k] = now[k as keyof typeof now];
        writeFileSync(opts.out, renderReport(earlier, machine));
        writeFileSync(opts.render, JSON.stringify({ machine, ...earlier }, null, 1));
        log(`[bench] wrote ${opts.out} from ${opts.render}`);
        return;
    }
    const started = Date.now();
    const results: BenchResults = { options: opts, startedAt: new Date().toISOString(), durationS: 0 };
    const machine = describeMachine();
    log(`[bench] parts ${opts.parts.join(", ")}; ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb.toFixed(1)} GB`);

    if (opts.parts.includes("eval")) {
        results.eval = await benchEvaluation({
            sizes: opts.sizes, env: opts.env, timeoutMs: opts.evalTimeoutS * 1000,
            runsFor: s => (s >= 10_000 ? opts.evalRunsLarge : opts.evalRuns),
            nodeFlags: opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : [],
            cpuProfileDir: opts.cpuProfileDir, log,
        });
    }

    if (opts.parts.includes("engine")) {
        await DockerHarness.requireEngine();
        // (The cluster stack's own config check refuses a memory too small for the heap.)
        const memoryMb = benchMemoryMb(opts.engineHeapMb, opts.engineMemoryMb);
        log(`[engine] 3-broker plaintext cluster, heap ${opts.engineHeapMb} MB, memory ${memoryMb} MB; sizes ${opts.engineSizes.join(", ")}; PULUMI_PARALLEL ${opts.engineParallel.join(", ")}`);
        await withCluster(3, { image: opts.image, portBase: opts.portBase + 20, healthyWithinMs: 240_000, heapMb: opts.engineHeapMb, memoryMb, log }, undefined, async (h, bootstrap) => {
            const e = await benchEngine(bootstrap, { sizes: opts.engineSizes, previewSizes: opts.enginePreviewSizes, parallels: opts.engineParallel, variants: opts.engineVariants, variantSizes: opts.engineVariantSizes ?? opts.engineSizes.slice(0, 1), openTofu: opts.engineOpenTofu, runsFor: (n: number) => (n >= 1000 ? opts.engineRunsLarge : opts.engineRuns), floorBatch: opts.floorBatch, log });
            // Whether the cluster held the catalogs at this heap: a broker that ran out of heap says so in its log.
            let brokerOutOfMemoryErrors = 0;
            for (const c of h.run.ofType("docker:index/container:Container")) {
                brokerOutOfMemoryErrors += ((await h.logs(c.plain.name as string, 10_000_000)).match(/java\.lang\.OutOfMemoryError/g) ?? []).length;
            }
            log(`[engine] OutOfMemoryError lines in the brokers' logs: ${brokerOutOfMemoryErrors}`);
            results.engine = { ...e, heapMb: opts.engineHeapMb, memoryMb, brokerOutOfMemoryErrors };
        });
    }

    if (opts.parts.includes("tls")) {
        await DockerHarness.requireEngine();
        log(`[tls] one 3-node cluster per security mode (sasl, sasl_ssl) through the real Pulumi CLI; ${opts.tlsRuns} round trips of ${opts.messages} messages each`);
        results.tls = await benchTls({ image: opts.image, messages: opts.messages, repeats: opts.tlsRuns, portBase: opts.portBase + 40, log });
    }

    if (opts.parts.includes("adopt")) {
        await DockerHarness.requireEngine();
        log(`[adopt] a 3-node cluster filled with ${opts.adoptTopics} topics outside any stack, then npm run adopt and the adopting up, through the real Pulumi CLI`);
        results.adopt = await benchAdopt({ image: opts.image, topics: opts.adoptTopics, portBase: opts.portBase + 60, log });
    }

    const clusterParts = opts.parts.filter(p => p !== "eval" && p !== "engine" && p !== "tls" && p !== "adopt");
    if (clusterParts.length > 0) {
        await DockerHarness.requireEngine();
        const copts = { image: opts.image, portBase: opts.portBase, healthyWithinMs: 240_000, log };
        const readiness = { runs: [] as ReadinessRun[], failures: [] as string[] };
        const latency = { runs: [] as LatencyRun[], failures: [] as string[] };
        const floor = { runs: [] as FloorRun[], failures: [] as string[] };
        const intervals: (string | undefined)[] = opts.intervals.length ? opts.intervals : [undefined];
        const wantReadiness = opts.parts.includes("readiness");
        // Node counts and repetitions: readiness runs each start; latency and floor use the first 3-node start.
        const plan: { nodes: number; interval?: string }[] = [];
        for (const interval of intervals) for (const nodes of opts.nodes) for (let i = 0; i < (wantReadiness ? opts.readinessRuns : 0); i++) plan.push({ nodes, interval });
        if (!plan.some(p => p.nodes === 3 && p.interval === intervals[0]) && (opts.parts.includes("latency") || opts.parts.includes("floor"))) plan.push({ nodes: 3, interval: intervals[0] });
        let didLoad = false;
        for (const [i, step] of plan.entries()) {
            const label = `${step.nodes} node(s)${step.interval ? `, healthcheck interval ${step.interval}` : ""}`;
            log(`[cluster] start ${i + 1}/${plan.length}: ${label}`);
            try {
                await withCluster(step.nodes, copts, step.interval ? { interval: step.interval } : undefined, async (_h, bootstrap, r) => {
                    log(`[readiness] ${label}: all healthy ${(r.toHealthyMs / 1000).toFixed(1)} s after start (engine clock ${(r.engineToHealthyMs / 1000).toFixed(1)} s; brokers started at ${(r.serverStartedMs / 1000).toFixed(1)} s; interval ${r.interval})`);
                    if (wantReadiness) readiness.runs.push(r);
                    if (step.nodes === 3 && !didLoad && step.interval === intervals[0]) {
                        didLoad = true;
                        if (opts.parts.includes("latency")) {
                            try { latency.runs.push(...await roundTrips(bootstrap, opts.messages, opts.latencyRuns, log)); } catch (e) { latency.failures.push((e as Error).message); log(`[latency] FAILED: ${(e as Error).message}`); }
                        }
                        if (opts.parts.includes("floor")) {
                            try { floor.runs.push(...await topicFloor(bootstrap, opts.floorTopics, opts.floorRuns, log)); } catch (e) { floor.failures.push((e as Error).message); log(`[floor] FAILED: ${(e as Error).message}`); }
                        }
                    }
                });
            } catch (e) {
                readiness.failures.push(`${label}: ${(e as Error).message.split("\n")[0]}`);
                log(`[cluster] ${label} FAILED: ${(e as Error).message}`);
            }
        }
        if (wantReadiness) results.readiness = readiness;
        if (opts.parts.includes("latency")) results.latency = latency;
        if (opts.parts.includes("floor")) results.floor = floor;
    }

    for (const file of opts.keepFrom) keepEarlierParts(results, opts, file);
    results.durationS = (Date.now() - started) / 1000;
    writeFileSync(opts.out, renderReport(results, machine));
    writeFileSync(opts.out.replace(/\.md$/, "") + ".json", JSON.stringify({ machine, ...results }, null, 1));
    log(`[bench] wrote ${opts.out} in ${results.durationS.toFixed(0)} s`);
}

main().catch(e => {
    console.error(`bench failed: ${process.env.BENCH_DEBUG ? (e as Error).stack : (e as Error).message ?? e}`);
    process.exit(1);
});
