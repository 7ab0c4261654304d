// Part "engine": the topics stack as a user runs it, through the real Pulumi CLI, its
// Node.js language host and the Kafka provider plugin, on a 3-broker plaintext cluster, beside
// OpenTofu with the Terraform Kafka provider that @pulumi/kafka wraps (when both are installed),
// and the floor: the same topics created and deleted with Kafka's Admin API in batches the
// controller accepts.
//
// For each catalog size, run and setting (Pulumi with a PULUMI_PARALLEL, 0 = the CLI's default;
// OpenTofu at its defaults), a fresh stack or working directory goes through: fresh preview (plan),
// up (apply), no-op preview, no-op up, refresh, destroy. Each operation's wall time and the peak
// resident memory of each process of the tool's tree (the CLI, the language host, the Node.js
// program, the provider) are recorded.

import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, homedir, loadavg, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { probe } from "../scripts/lib/kafka-probe";
import { findPulumi } from "../scripts/lib/pulumi-cli";
import { E2eWorkspace } from "../test/e2e/workspace";
import { BENCH_TOPIC, generateTopicsCatalog, topicName } from "./catalog-gen";

export const ENGINE_OPS = ["fresh preview", "up", "no-op preview", "no-op up", "refresh", "destroy"] as const;
export type EngineOpName = (typeof ENGINE_OPS)[number];

/** Process groups whose peak memory is reported. */
export const PROCESS_KINDS = ["CLI", "language host", "program (node)", "provider"] as const;
export type ProcessKind = (typeof PROCESS_KINDS)[number];

export interface EngineOp {
    op: EngineOpName;
    seconds: number;
    /** Peak resident set (VmHWM) per process kind, MB. */
    peakMb: Partial<Record<ProcessKind, number>>;
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
    /** Pulumi: the program compiled without ts-node's type check (PULUMI_NODEJS_TRANSPILE_ONLY=true, the project's setting since tsconfig.pulumi.json); otherwise with it (=false). */
    transpileOnly?: boolean;
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

export interface EngineOptions {
    sizes: number[];
    /** Sizes measured by a fresh `pulumi preview` only (the project's PULUMI_PARALLEL), e.g. 10,000 topics. */
    previewSizes: number[];
    parallels: number[];
    /** Also measure Pulumi at the last of `parallels` with the program compiled without its type check. */
    transpileOnly?: boolean;
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
    const settings: Array<Pick<EngineRun, "tool" | "parallel" | "transpileOnly">> = [
        ...o.parallels.map(parallel => ({ tool: "pulumi" as const, parallel })),
        ...(o.transpileOnly ? [{ tool: "pulumi" as const, parallel: o.parallels[o.parallels.length - 1], transpileOnly: true }] : []),
        ...(tofu.found ? [{ tool: "opentofu" as const, parallel: 0 }] : []),
    ];
    const runs: EngineRun[] = [];
    const floor: FloorPair[] = [];
    const failures: string[] = [];
    for (const topics of o.sizes) {
        const runCount = o.runsFor(topics);
        for (let run = 1; run <= runCount; run++) {
            // Alternate the order of the settings between runs, so a drift in the machine's load does not favour one.
            const order = run % 2 === 1 ? settings : [...settings].reverse();
            for (const { tool, parallel, transpileOnly } of order) {
                const label = `${topics} topics, ${settingLabel(tool, parallel, transpileOnly)}, run ${run}/${runCount}`;
                try {
                    const ops = tool === "pulumi"
                        ? await pulumiRun(bin, bootstrap, topics, parallel, label, o.log, transpileOnly)
                        : await tofuRun(tofu.bin!, bootstrap, topics, label, o.log);
                    runs.push({ topics, tool, parallel, run, ops, ...(transpileOnly ? { transpileOnly } : {}) });
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

/** Identifies a setting (tool, parallelism, type check) among runs. */
export const settingKey = (x: Pick<EngineRun, "tool" | "parallel" | "transpileOnly">): string => `${x.tool}/${x.parallel}/${x.transpileOnly ? "t" : ""}`;

export function settingLabel(tool: EngineRun["tool"], parallel: number, transpileOnly?: boolean): string {
    if (tool === "opentofu") return "OpenTofu (defaults)";
    return `Pulumi, parallel ${parallel || `default (${cliDefaultParallel()})`}${transpileOnly ? ", no type check" : ""}`;
}

async function pulumiRun(bin: string, bootstrap: string, topics: number, parallel: number, label: string, log: (l: string) => void, transpileOnly = false): Promise<EngineOp[]> {
    const ws = new E2eWorkspace(bin, `pulumi, ${label}`);
    // Empty is the CLI's own default; a value is what a user would export.
    ws.env.PULUMI_PARALLEL = parallel > 0 ? String(parallel) : "";
    // Explicit either way: it overrides the project's tsconfig.pulumi.json (noCheck), so "with type
    // check" measures how the programs ran before that setting.
    ws.env.PULUMI_NODEJS_TRANSPILE_ONLY = transpileOnly ? "true" : "false";
    const ops: EngineOp[] = [];
    try {
        await benchStack(ws, bootstrap, topics);
        const steps: Array<[EngineOpName, string[]]> = [
            ["fresh preview", ["preview"]],
            ["up", ["up", "--yes"]],
            ["no-op preview", ["preview", "--expect-no-changes"]],
            ["no-op up", ["up", "--yes", "--expect-no-changes"]],
            ["refresh", ["refresh", "--yes"]],
            ["destroy", ["destroy", "--yes"]],
        ];
        for (const [op, args] of steps) ops.push(await timedPulumi(ws, op, args, label, log, 1_800_000));
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
        const op = await timedPulumi(ws, "fresh preview", ["preview"], label, log, 3_600_000);
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

/** One CLI operation on the workspace's `bench` stack, through timedOp. */
function timedPulumi(ws: E2eWorkspace, op: EngineOpName, args: string[], label: string, log: (l: string) => void, timeoutMs: number): Promise<EngineOp> {
    return timedOp(op, label, log, async () => {
        const r = await ws.pulumi("topics", [...args, "--stack", "bench"], { timeoutMs });
        return { status: r.status, output: `${r.stderr}\n${r.stdout}`, log: ws.logFile };
    });
}

/** One operation, timed, with the peak memory of the processes it starts; a failed up or destroy ends the run. */
async function timedOp(op: EngineOpName, label: string, log: (l: string) => void,
    body: () => Promise<{ status: number; output: string; log: string }>): Promise<EngineOp> {
    const load = loadavg()[0];
    const sampler = new PeakSampler();
    const t0 = Date.now();
    const r = await body().finally(() => sampler.stop());
    const result: EngineOp = { op, seconds: (Date.now() - t0) / 1000, peakMb: sampler.peakMb(), ok: r.status === 0, load };
    if (!result.ok) result.error = r.output.split("\n").map(l => l.trim()).find(l => /^error:?/i.test(l)) ?? `exit ${r.status}`;
    log(`[engine] ${label}: ${op} ${result.seconds.toFixed(1)} s${result.ok ? "" : ` FAILED (${result.error}; log ${r.log})`}, peak ${Object.entries(result.peakMb).map(([k, v]) => `${k} ${v} MB`).join(", ")}`);
    if (!result.ok && (op === "up" || op === "destroy")) throw new Error(`${op} failed: ${result.error} (log ${r.log})`);
    return result;
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
 * Peak resident memory of this process's descendants (the CLI and everything it starts), by kind,
 * from /proc: VmHWM is each process's own high-water mark, read every 200 ms while it lives.
 */
class PeakSampler {
    private readonly peaks = new Map<ProcessKind, number>();
    private readonly timer = setInterval(() => this.sample(), 200);

    stop(): void {
        clearInterval(this.timer);
        this.sample();
    }

    peakMb(): Partial<Record<ProcessKind, number>> {
        return Object.fromEntries([...this.peaks].map(([k, kb]) => [k, Math.round(kb / 1024)]));
    }

    private sample(): void {
        const parents = new Map<number, number>();
        for (const entry of readdirSync("/proc")) {
            if (!/^\d+$/.test(entry)) continue;
            try {
                // The command name is in parentheses and may hold spaces; the parent pid follows the state.
                const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
                parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
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
            } catch { /* exited meanwhile */ }
        }
    }
}

/** /proc's Name is cut to 15 characters: pulumi-resource-kafka reads pulumi-resource, terraform-provider-kafka terraform-provi. */
function processKind(name: string): ProcessKind | undefined {
    if (name === "pulumi" || name === "tofu") return "CLI";
    if (name.startsWith("terraform-provi")) return "provider";
    if (name.startsWith("pulumi-language")) return "language host";
    if (name.startsWith("pulumi-resource")) return "provider";
    if (name === "node" || name === "MainThread") return "program (node)";
    return undefined;
}
