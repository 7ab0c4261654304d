// Part "engine": the topics stack as a user runs it, through the real Pulumi CLI, its
// Node.js language host and the Kafka provider plugin, on a 3-broker plaintext cluster, beside
// OpenTofu with the Terraform Kafka provider that @pulumi/kafka wraps (when both are installed),
// and the floor: the same topics created and deleted with Kafka's Admin API in batches the
// controller accepts.
//
// For each catalog size, run and setting (Pulumi with a PULUMI_PARALLEL, 0 = the CLI's default;
// OpenTofu at its defaults), a fresh stack or working directory goes through: fresh preview (plan),
// up (apply), no-op preview, no-op up, refresh, destroy. Each operation's wall time, and the peak
// resident memory and CPU time of each kind of process of the tool's tree (the CLI, the language
// host, the Node.js program, the provider) are recorded: the CPU times are the breakdown of where a
// read path's time goes. Two more Pulumi settings: "before" runs `up` and `refresh` as the project
// ran them before, each with its own preview; "bare" is a plain JavaScript program that declares the
// same topics with @pulumi/kafka and nothing else (the SDK, engine and provider alone), which
// separates this project's share of the time from Pulumi's.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, homedir, loadavg, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { probe } from "../scripts/lib/kafka-probe";
import { findPulumi } from "../scripts/lib/pulumi-cli";
import { E2eWorkspace, type ProjectDir } from "../test/e2e/workspace";
import { BENCH_TOPIC, generateTopicsCatalog, topicName } from "./catalog-gen";

export const ENGINE_OPS = ["fresh preview", "up", "no-op preview", "no-op up", "refresh", "destroy"] as const;
export type EngineOpName = (typeof ENGINE_OPS)[number];

/** Process groups whose peak memory and CPU time are reported. */
export const PROCESS_KINDS = ["CLI", "language host", "program (node)", "provider"] as const;
export type ProcessKind = (typeof PROCESS_KINDS)[number];

export interface EngineOp {
    op: EngineOpName;
    seconds: number;
    /** Peak resident set (VmHWM) per process kind, MB. */
    peakMb: Partial<Record<ProcessKind, number>>;
    /** CPU time (user + system) per process kind, seconds; absent in results from before it was recorded. */
    cpuS?: Partial<Record<ProcessKind, number>>;
    ok: boolean;
    error?: string;
    /** 1-minute load average when the operation started. */
    load: number;
}

export interface EngineRun {
    topics: number;
    tool: "pulumi" | "opentofu";
    /** Pulumi: PULUMI_PARALLEL, 0 for the CLI's default (4 x cores). OpenTofu: 0, its default (-parallelism=10). */
    parallel: number;
    /** Pulumi only; absent: the project as it is. */
    variant?: PulumiVariant;
    run: number;
    ops: EngineOp[];
}

export interface FloorPair {
    topics: number;
    run: number;
    batch: number;
    createMs: number;
    deleteMs: number;
}

/**
 * before: `up` and `refresh` each with their own preview, as the project ran them before. bare: a
 * plain JavaScript program declaring the same topics with @pulumi/kafka, with no component, checks
 * or catalog: what the SDK, engine and provider cost alone.
 */
export const PULUMI_VARIANTS = ["before", "bare"] as const;
export type PulumiVariant = (typeof PULUMI_VARIANTS)[number];

export interface EngineOptions {
    sizes: number[];
    /** Sizes measured by a fresh `pulumi preview` only (the project's PULUMI_PARALLEL), e.g. 10,000 topics. */
    previewSizes: number[];
    parallels: number[];
    /** Also measure these variants at the last of `parallels`, at the catalog sizes `variantSizes`. */
    variants: PulumiVariant[];
    variantSizes: number[];
    /** Measure OpenTofu when it is installed (default true). */
    openTofu?: boolean;
    runsFor: (topics: number) => number;
    floorBatch: number;
    log: (line: string) => void;
}

/** The CLI's own default parallelism on this machine (pulumi/pulumi pkg/cmd/pulumi/operations/up.go). */
export const cliDefaultParallel = (): number => 4 * cpus().length;

export interface PreviewOnly {
    topics: number;
    op: EngineOp;
}

export async function benchEngine(bootstrap: string, o: EngineOptions): Promise<{ runs: EngineRun[]; floor: FloorPair[]; previews: PreviewOnly[]; failures: string[]; opentofu: string }> {
    const bin = findPulumi();
    if (!bin) throw new Error("the engine part needs the Pulumi CLI (npx tsx scripts/toolchain.ts says what is missing)");
    const tofu = o.openTofu === false ? { found: false, missing: "not asked for (--engine-opentofu no)" } as ReturnType<typeof openTofu> : openTofu();
    o.log(`[engine] OpenTofu: ${tofu.found ? `${tofu.bin} with the Kafka provider ${TOFU_KAFKA_PROVIDER}` : `not measured: ${tofu.missing}`}`);
    const settings: Array<Pick<EngineRun, "tool" | "parallel" | "variant">> = [
        ...o.parallels.map(parallel => ({ tool: "pulumi" as const, parallel })),
        ...o.variants.map(variant => ({ tool: "pulumi" as const, parallel: o.parallels[o.parallels.length - 1], variant })),
        ...(tofu.found ? [{ tool: "opentofu" as const, parallel: 0 }] : []),
    ];
    const runs: EngineRun[] = [];
    const floor: FloorPair[] = [];
    const failures: string[] = [];
    for (const topics of o.sizes) {
        const runCount = o.runsFor(topics);
        for (let run = 1; run <= runCount; run++) {
            // Alternate the order of the settings between runs, so a drift in the machine's load does not favour one.
            const measured = settings.filter(x => !x.variant || o.variantSizes.includes(topics));
            const order = run % 2 === 1 ? measured : [...measured].reverse();
            for (const { tool, parallel, variant } of order) {
                const label = `${topics} topics, ${settingLabel({ tool, parallel, variant })}, run ${run}/${runCount}`;
                try {
                    const ops = tool === "pulumi"
                        ? await pulumiRun(bin, bootstrap, topics, parallel, label, o.log, variant)
                        : await tofuRun(tofu.bin!, bootstrap, topics, label, o.log);
                    runs.push({ topics, tool, parallel, run, ops, ...(variant ? { variant } : {}) });
                } catch (e) {
                    failures.push(`${label}: ${(e as Error).message.split("\n")[0]}`);
                    o.log(`[engine] ${label} FAILED: ${(e as Error).message}`);
                }
            }
            try {
                floor.push(await floorRun(bootstrap, topics, run, o.floorBatch, o.log));
            } catch (e) {
                failures.push(`floor ${topics} topics run ${run}: ${(e as Error).message.split("\n")[0]}`);
            }
        }
    }
    const previews: PreviewOnly[] = [];
    for (const topics of o.previewSizes) {
        const label = `${topics} topics, fresh preview only`;
        try {
            previews.push({ topics, op: await pulumiPreviewOnly(bin, bootstrap, topics, label, o.log) });
        } catch (e) {
            failures.push(`${label}: ${(e as Error).message.split("\n")[0]}`);
        }
    }
    return { runs, floor, previews, failures, opentofu: tofu.found ? `${tofu.bin}, Kafka provider ${TOFU_KAFKA_PROVIDER}` : `not measured: ${tofu.missing}` };
}

/** Identifies a setting (tool, parallelism, variant) among runs. */
export const settingKey = (x: Pick<EngineRun, "tool" | "parallel" | "variant">): string => `${x.tool}/${x.parallel}/${x.variant ?? ""}`;

export function settingLabel(x: Pick<EngineRun, "tool" | "parallel" | "variant">): string {
    if (x.tool === "opentofu") return "OpenTofu (defaults)";
    const what = x.variant === "bare" ? "bare JS program" : x.variant === "before" ? "before (up and refresh with their own preview)" : "";
    return `Pulumi${what ? ` ${what}` : ""}, parallel ${x.parallel || `default (${cliDefaultParallel()})`}`;
}

/**
 * How the project runs each operation in a pipeline. `up` and `refresh` skip their own preview
 * (one pass, as OpenTofu's apply): the pull request's policy-checked preview was the review, and
 * the policies still check every resource before its change (README, "Fast feedback").
 */
export const PROJECT_STEPS: ReadonlyArray<readonly [EngineOpName, string[]]> = [
    ["fresh preview", ["preview"]],
    ["up", ["up", "--yes", "--skip-preview"]],
    ["no-op preview", ["preview", "--expect-no-changes"]],
    ["no-op up", ["up", "--yes", "--skip-preview", "--expect-no-changes"]],
    ["refresh", ["refresh", "--yes", "--skip-preview"]],
    ["destroy", ["destroy", "--yes"]],
];

/** Before: `up` and `refresh` each ran their own preview first. */
const TWO_PASS_STEPS = PROJECT_STEPS.map(([op, args]) => [op, args.filter(a => a !== "--skip-preview")] as const);

async function pulumiRun(bin: string, bootstrap: string, topics: number, parallel: number, label: string, log: (l: string) => void, variant?: PulumiVariant): Promise<EngineOp[]> {
    const ws = new E2eWorkspace(bin, `pulumi, ${label}`);
    // Empty is the CLI's own default; a value is what a user would export.
    ws.env.PULUMI_PARALLEL = parallel > 0 ? String(parallel) : "";
    const ops: EngineOp[] = [];
    try {
        if (variant === "bare") await bareStack(ws, bootstrap, topics);
        else await benchStack(ws, bootstrap, topics);
        for (const [op, args] of variant === "before" ? TWO_PASS_STEPS : PROJECT_STEPS) ops.push(await timedPulumi(ws, variant === "bare" ? "bare" : "topics", op, args, label, log, 1_800_000));
        ws.remove();
        return ops;
    } catch (e) {
        // Whatever a failed run left in the cluster would distort the next one: remove it with the Admin API.
        await probe("delete-topics", { bootstrap }, { spec: specFile(ws.tmp, Array.from({ length: topics }, (_, k) => topicName(k))) }, 600_000).catch(() => undefined);
        throw e;
    }
}

/** A fresh preview of a catalog too big to apply here, with the project's settings. */
async function pulumiPreviewOnly(bin: string, bootstrap: string, topics: number, label: string, log: (l: string) => void): Promise<EngineOp> {
    const ws = new E2eWorkspace(bin, `pulumi, ${label}`);
    try {
        await benchStack(ws, bootstrap, topics);
        const op = await timedPulumi(ws, "topics", "fresh preview", ["preview"], label, log, 3_600_000);
        if (op.ok) ws.remove();
        return op;
    } catch (e) {
        throw new Error(`${(e as Error).message} (log ${ws.logFile})`);
    }
}

/** A new `bench` stack of the topics project in the workspace, on a generated catalog of `topics` topics. */
async function benchStack(ws: E2eWorkspace, bootstrap: string, topics: number): Promise<void> {
    writeFileSync(join(ws.root, "topics", "bench-catalog.yaml"), generateTopicsCatalog(topics));
    await ws.ok("topics", ["stack", "init", "bench"]);
    await ws.configure("topics", "bench", { catalog: "bench-catalog.yaml", environment: "dev", bootstrapServers: bootstrap, brokerCount: "3" });
}

/** A `bench` stack of a plain JavaScript project declaring the same topics with @pulumi/kafka directly. */
async function bareStack(ws: E2eWorkspace, bootstrap: string, topics: number): Promise<void> {
    const dir = join(ws.root, "bare");
    mkdirSync(dir);
    writeFileSync(join(dir, "Pulumi.yaml"), "name: kafka-bare\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n");
    writeFileSync(join(dir, "index.js"), [
        `const kafka = require("@pulumi/kafka");`,
        `const names = ${JSON.stringify(Array.from({ length: topics }, (_, k) => topicName(k)))};`,
        `module.exports = async () => {`,
        `    const provider = new kafka.Provider("kafka", { bootstrapServers: ${JSON.stringify(bootstrap.split(","))}, tlsEnabled: false });`,
        `    for (const name of names) new kafka.Topic(name, { name, ...${JSON.stringify(BENCH_TOPIC)} }, { provider });`,
        `};`,
    ].join("\n") + "\n");
    await ws.ok("bare", ["stack", "init", "bench"]);
}

/** One CLI operation on the workspace's `bench` stack of a project, through timedOp. */
function timedPulumi(ws: E2eWorkspace, project: ProjectDir, op: EngineOpName, args: string[], label: string, log: (l: string) => void, timeoutMs: number): Promise<EngineOp> {
    return timedOp(op, label, log, async () => {
        const r = await ws.pulumi(project, [...args, "--stack", "bench"], { timeoutMs });
        return { status: r.status, output: `${r.stderr}\n${r.stdout}`, log: ws.logFile };
    });
}

/**
 * One operation, timed, with the peak memory and CPU time of the processes it starts; a failed up
 * or destroy ends the run. It starts once the machine is quiet (the brokers still working through
 * the previous operation's topics would otherwise be timed as part of this one).
 */
async function timedOp(op: EngineOpName, label: string, log: (l: string) => void,
    body: () => Promise<{ status: number; output: string; log: string }>): Promise<EngineOp> {
    const quiet = await untilQuiet();
    if (!quiet.quiet) log(`[engine] ${label}: ${op} starts on a busy machine (${quiet.busyCores.toFixed(2)} cores busy after ${QUIET.maxWaitMs / 1000} s)`);
    const load = loadavg()[0];
    const sampler = new PeakSampler();
    const t0 = Date.now();
    const r = await body().finally(() => sampler.stop());
    const result: EngineOp = { op, seconds: (Date.now() - t0) / 1000, peakMb: sampler.peakMb(), cpuS: sampler.cpuS(), ok: r.status === 0, load };
    if (!result.ok) result.error = r.output.split("\n").map(l => l.trim()).find(l => /^error:?/i.test(l)) ?? `exit ${r.status}`;
    log(`[engine] ${label}: ${op} ${result.seconds.toFixed(1)} s${result.ok ? "" : ` FAILED (${result.error}; log ${r.log})`}, ` +
        `CPU ${Object.entries(result.cpuS ?? {}).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(", ")}; peak ${Object.entries(result.peakMb).map(([k, v]) => `${k} ${v} MB`).join(", ")}`);
    if (!result.ok && (op === "up" || op === "destroy")) throw new Error(`${op} failed: ${result.error} (log ${r.log})`);
    return result;
}

/** Quiet: at most this many cores busy over one interval; waited for at most maxWaitMs. */
const QUIET = { busyCores: 0.5, intervalMs: 1000, maxWaitMs: 30_000 } as const;

/** Waits until the whole machine (brokers included) uses less than QUIET.busyCores, from /proc/stat. */
async function untilQuiet(): Promise<{ quiet: boolean; busyCores: number }> {
    const cpuTicks = () => {
        const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
        // user nice system idle iowait irq softirq steal: idle and iowait are idle time.
        return { idle: fields[3] + fields[4], total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
    };
    const deadline = Date.now() + QUIET.maxWaitMs;
    let busyCores = Infinity;
    while (Date.now() < deadline) {
        const a = cpuTicks();
        await new Promise(r => setTimeout(r, QUIET.intervalMs));
        const b = cpuTicks();
        busyCores = (1 - (b.idle - a.idle) / Math.max(1, b.total - a.total)) * cpus().length;
        if (busyCores <= QUIET.busyCores) return { quiet: true, busyCores };
    }
    return { quiet: false, busyCores };
}

/** The Terraform Kafka provider release that @pulumi/kafka 3.x wraps. */
export const TOFU_KAFKA_PROVIDER = "mongey/kafka 0.13.1";

/** OpenTofu on PATH or in ~/.local/bin, and the Kafka provider in its implied local mirror (no download). */
function openTofu(): { found: boolean; bin?: string; missing?: string } {
    const dirs = [...(process.env.PATH ?? "").split(delimiter), join(homedir(), ".local", "bin")];
    const bin = dirs.map(d => join(d, "tofu")).find(f => existsSync(f));
    if (!bin) return { found: false, missing: "no `tofu` on PATH or in ~/.local/bin" };
    const [source, version] = TOFU_KAFKA_PROVIDER.split(" ");
    const mirror = join(homedir(), ".terraform.d", "plugins", "registry.opentofu.org", source, version);
    if (!existsSync(mirror)) return { found: false, missing: `no Kafka provider in ${mirror}` };
    return { found: true, bin };
}

/** The same catalog as Terraform configuration: one kafka_topic per topic. */
function tofuConfig(bootstrap: string, topics: number): string {
    const [source, version] = TOFU_KAFKA_PROVIDER.split(" ");
    const L = [
        `terraform {\n  required_providers {\n    kafka = {\n      source  = "${source}"\n      version = "${version}"\n    }\n  }\n}\n`,
        `provider "kafka" {\n  bootstrap_servers = ${JSON.stringify(bootstrap.split(","))}\n  tls_enabled       = false\n}\n`,
    ];
    for (let i = 0; i < topics; i++) {
        L.push(`resource "kafka_topic" "t${i}" {\n  name               = "${topicName(i)}"\n  partitions         = 6\n  replication_factor = 3\n` +
            `  config = {\n    "cleanup.policy"      = "delete"\n    "retention.ms"        = "604800000"\n    "min.insync.replicas" = "2"\n  }\n}\n`);
    }
    return L.join("\n");
}

async function tofuRun(bin: string, bootstrap: string, topics: number, label: string, log: (l: string) => void): Promise<EngineOp[]> {
    const dir = mkdtempSync(join(tmpdir(), "kb-tofu-"));
    const logFile = join(dir, "tofu.log");
    const tofu = (args: string[]) => runTool(bin, args, dir, { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" }, logFile);
    const ops: EngineOp[] = [];
    try {
        writeFileSync(join(dir, "main.tf"), tofuConfig(bootstrap, topics));
        const init = await tofu(["init", "-input=false", "-no-color"]);
        if (init.status !== 0) throw new Error(`tofu init failed: ${init.output.trim().split("\n").slice(-3).join(" | ")}`);
        const steps: Array<[EngineOpName, string[]]> = [
            ["fresh preview", ["plan", "-input=false", "-no-color"]],
            ["up", ["apply", "-auto-approve", "-input=false", "-no-color"]],
            // -detailed-exitcode: 0 no changes, 2 changes (a failure here, like pulumi's --expect-no-changes).
            ["no-op preview", ["plan", "-detailed-exitcode", "-input=false", "-no-color"]],
            ["no-op up", ["apply", "-auto-approve", "-input=false", "-no-color"]],
            ["refresh", ["apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color"]],
            ["destroy", ["destroy", "-auto-approve", "-input=false", "-no-color"]],
        ];
        for (const [op, args] of steps) ops.push(await timedOp(op, label, log, async () => ({ ...(await tofu(args)), log: logFile })));
        rmSync(dir, { recursive: true, force: true });
        return ops;
    } catch (e) {
        await probe("delete-topics", { bootstrap }, { spec: specFile(dir, Array.from({ length: topics }, (_, k) => topicName(k))) }, 600_000).catch(() => undefined);
        throw e;
    }
}

/** Runs a tool to completion (30 min at most), appending its output to a log file. */
function runTool(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<{ status: number; output: string }> {
    return new Promise(resolvePromise => {
        const child = spawn(bin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        const timer = setTimeout(() => child.kill("SIGTERM"), 1_800_000);
        child.stdout.on("data", d => { output += d; });
        child.stderr.on("data", d => { output += d; });
        child.on("close", code => {
            clearTimeout(timer);
            writeFileSync(logFile, `$ ${bin} ${args.join(" ")} -> exit ${code}\n${output}\n`, { flag: "a" });
            resolvePromise({ status: code ?? 1, output });
        });
    });
}

/** The floor: the same topics (prefixed) created, then deleted, with the Admin API, `batch` topics per request. */
async function floorRun(bootstrap: string, topics: number, run: number, batch: number, log: (l: string) => void): Promise<FloorPair> {
    const dir = mkdtempSync(join(tmpdir(), "kb-floor-"));
    try {
        const spec = specFile(dir, Array.from({ length: topics }, (_, k) => `f${run}.${topicName(k)}`));
        let t = Date.now();
        const created = await probe("apply", { bootstrap }, { spec, batch }, 600_000);
        const createMs = Date.now() - t;
        if (!created.ok) throw new Error(`apply: ${created.error}`);
        t = Date.now();
        const deleted = await probe("delete-topics", { bootstrap }, { spec, batch }, 600_000);
        const deleteMs = Date.now() - t;
        if (!deleted.ok) throw new Error(`delete-topics: ${deleted.error}`);
        log(`[floor] ${topics} topics, batches of ${batch}: create ${(createMs / 1000).toFixed(1)} s, delete ${(deleteMs / 1000).toFixed(1)} s (each including a JVM start)`);
        return { topics, run, batch, createMs, deleteMs };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

function specFile(dir: string, names: string[]): string {
    const file = join(dir, "floor-spec.json");
    writeFileSync(file, JSON.stringify({ topics: names.map(name => ({ name, ...BENCH_TOPIC })), users: [], acls: [] }));
    return file;
}

/**
 * Peak resident memory and CPU time of this process's descendants (the CLI and everything it
 * starts), by kind, from /proc, read every 200 ms while they live: VmHWM is each process's own
 * high-water mark; the CPU time is each process's last reading, so up to 200 ms of a process's
 * last moments may be missed.
 */
class PeakSampler {
    private readonly peaks = new Map<ProcessKind, number>();
    private readonly ticks = new Map<number, { kind: ProcessKind; ticks: number }>();
    private readonly timer = setInterval(() => this.sample(), 200);

    stop(): void {
        clearInterval(this.timer);
        this.sample();
    }

    peakMb(): Partial<Record<ProcessKind, number>> {
        return Object.fromEntries([...this.peaks].map(([k, kb]) => [k, Math.round(kb / 1024)]));
    }

    cpuS(): Partial<Record<ProcessKind, number>> {
        const out: Partial<Record<ProcessKind, number>> = {};
        for (const { kind, ticks } of this.ticks.values()) out[kind] = (out[kind] ?? 0) + ticks / CLOCK_TICKS;
        return out;
    }

    private sample(): void {
        const parents = new Map<number, number>();
        const cpu = new Map<number, number>();
        for (const entry of readdirSync("/proc")) {
            if (!/^\d+$/.test(entry)) continue;
            try {
                // The command name is in parentheses and may hold spaces; after it come the state, the
                // parent pid, ..., and utime and stime (fields 14 and 15 of proc(5)) in clock ticks.
                const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
                const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
                parents.set(Number(entry), Number(fields[1]));
                cpu.set(Number(entry), Number(fields[11]) + Number(fields[12]));
            } catch { /* exited meanwhile */ }
        }
        const mine = new Set([process.pid]);
        for (let grew = true; grew;) {
            grew = false;
            for (const [pid, ppid] of parents) if (!mine.has(pid) && mine.has(ppid)) { mine.add(pid); grew = true; }
        }
        mine.delete(process.pid);
        for (const pid of mine) {
            try {
                const status = readFileSync(`/proc/${pid}/status`, "utf8");
                const kind = processKind(/^Name:\s*(.*)$/m.exec(status)?.[1] ?? "");
                const hwm = Number(/^VmHWM:\s*(\d+) kB/m.exec(status)?.[1] ?? 0);
                if (kind && hwm > (this.peaks.get(kind) ?? 0)) this.peaks.set(kind, hwm);
                if (kind) this.ticks.set(pid, { kind, ticks: cpu.get(pid) ?? 0 });
            } catch { /* exited meanwhile */ }
        }
    }
}

/** The kernel's USER_HZ, the unit of /proc's CPU times: 100 on Linux. */
const CLOCK_TICKS = 100;

/** /proc's Name is cut to 15 characters: pulumi-resource-kafka reads pulumi-resource, terraform-provider-kafka terraform-provi. */
function processKind(name: string): ProcessKind | undefined {
    if (name === "pulumi" || name === "tofu") return "CLI";
    if (name.startsWith("terraform-provi")) return "provider";
    if (name.startsWith("pulumi-language")) return "language host";
    if (name.startsWith("pulumi-resource")) return "provider";
    if (name === "node" || name === "MainThread") return "program (node)";
    return undefined;
}
