// A throwaway copy of both Pulumi projects on a throwaway local file backend, driven with the real
// Pulumi CLI, its Node.js language host and the real provider plugins, as a user would drive them.
// The checked-in stack files and a user's own backend are never touched. Every command, with its
// output, goes to a log file in the workspace; each step's time is recorded.

import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Docker from "dockerode";
import { failureReason, pulumiHome, runPulumiAsync, type RunResult } from "../../scripts/lib/pulumi-cli";
import { copyProjects } from "../../scripts/lib/workspace-copy";

/** The projects, by folder in the workspace: the cluster stack at the root, the topics stack, and the benchmark's plain program (bench/engine.ts). */
export type ProjectDir = "." | "topics" | "bare";

export interface Timing {
    step: string;
    seconds: number;
}

export interface StepResult extends RunResult {
    seconds: number;
}

export class E2eWorkspace {
    readonly tmp = mkdtempSync(join(tmpdir(), "kafka-e2e-"));
    readonly root = join(this.tmp, "ws");
    readonly logFile = join(this.tmp, "pulumi.log");
    readonly timings: Timing[] = [];
    readonly env: NodeJS.ProcessEnv;
    private readonly started = Date.now();

    /** `label` prefixes each progress line (the e2e suite, the benchmark). */
    constructor(readonly bin: string, private readonly label = "e2e") {
        mkdirSync(join(this.tmp, "state"));
        mkdirSync(this.root);
        copyProjects(this.root);
        this.env = {
            ...process.env,
            // The language host and plugins are found next to the CLI, in ~/.pulumi/bin and the plugin cache.
            PATH: [dirname(bin), join(pulumiHome(), "bin"), process.env.PATH].join(":"),
            PULUMI_BACKEND_URL: `file://${join(this.tmp, "state")}`,
            // A fresh passphrase for this throwaway backend, in the environment only.
            PULUMI_CONFIG_PASSPHRASE: randomBytes(24).toString("base64"),
            PULUMI_CONFIG_PASSPHRASE_FILE: "",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            // Nothing may be downloaded: a missing plugin is an error, not an attempt to fetch it.
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            // `preview --json` as engine events, which carry the policy pack's findings.
            PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true",
        };
    }

    dir(project: ProjectDir): string {
        return project === "." ? this.root : join(this.root, project);
    }

    progress(message: string): void {
        process.stderr.write(`[${this.label} +${Math.round((Date.now() - this.started) / 1000)}s] ${message}\n`);
    }

    /** One CLI command in a project folder; its time is recorded under `step` when given. */
    /** `withhold`: the command prints secrets (--show-secrets): its output stays out of the log. */
    async pulumi(project: ProjectDir, args: string[], opts: { input?: string; step?: string; timeoutMs?: number; onOutput?: (chunk: string) => void; interrupt?: AbortSignal; killSignal?: NodeJS.Signals; withhold?: boolean } = {}): Promise<StepResult> {
        const shown = `pulumi ${args.join(" ")}${project === "." ? "" : ` (in ${project}/)`}`;
        this.progress(opts.step ? `${opts.step}: ${shown}` : shown);
        const t0 = Date.now();
        const r = await runPulumiAsync(this.bin, args, this.dir(project), this.env, { input: opts.input, timeoutMs: opts.timeoutMs ?? 900_000, onOutput: opts.onOutput, interrupt: opts.interrupt, killSignal: opts.killSignal });
        const seconds = (Date.now() - t0) / 1000;
        const shownOutput = opts.withhold ? "(output withheld: it holds secrets)" : r.stdout;
        appendFileSync(this.logFile, `\n$ ${shown}   -> exit ${r.status} in ${seconds.toFixed(1)} s\n${shownOutput}\n${r.stderr}\n`);
        if (opts.step) this.timings.push({ step: opts.step, seconds });
        return { ...r, seconds };
    }

    /** Like `pulumi`, but throws with the CLI's own reason (and where the full log is) on a non-zero exit. */
    async ok(project: ProjectDir, args: string[], opts: { input?: string; step?: string; timeoutMs?: number; withhold?: boolean } = {}): Promise<StepResult> {
        const r = await this.pulumi(project, args, opts);
        if (r.status !== 0) {
            const tail = `${opts.withhold ? "" : r.stdout}\n${r.stderr}`.trim().split("\n").slice(-25).join("\n");
            throw new Error(`pulumi ${args.join(" ")} exited ${r.status}: ${failureReason(r)}\n${tail}\n(full log: ${this.logFile})`);
        }
        return r;
    }

    /** Plain config values of a stack. */
    async configure(project: ProjectDir, stack: string, values: Record<string, string>): Promise<void> {
        for (const [key, value] of Object.entries(values)) await this.ok(project, ["config", "set", "--stack", stack, key, value]);
    }

    /** A secret config value, written through standard input: never on a command line. */
    async secret(project: ProjectDir, stack: string, key: string, value: string, opts: { path?: boolean } = {}): Promise<void> {
        await this.ok(project, ["config", "set", "--stack", stack, "--secret", ...(opts.path ? ["--path"] : []), key], { input: value });
    }

    async outputs(project: ProjectDir, stack: string): Promise<Record<string, any>> {
        const r = await this.ok(project, ["stack", "output", "--json", "--show-secrets", "--stack", stack], { withhold: true });
        return JSON.parse(r.stdout);
    }

    record(step: string, seconds: number): void {
        this.timings.push({ step, seconds });
    }

    remove(): void {
        rmSync(this.tmp, { recursive: true, force: true });
    }
}

/** Removes every Docker object of a cluster stack by its cluster label (what a crashed run left behind). */
export async function removeClusterObjects(clusterName: string): Promise<void> {
    const docker = new Docker();
    const filters = JSON.stringify({ label: [`io.kafka-as-code.cluster=${clusterName}`] });
    for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
    for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) await docker.getVolume(v.Name).remove({ force: true });
    for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
}

/** Per container: seconds from its start to its first passing healthcheck. */
export async function secondsToHealthy(names: string[]): Promise<Record<string, number>> {
    const docker = new Docker();
    const out: Record<string, number> = {};
    for (const name of names) {
        const info = await docker.getContainer(name).inspect();
        const firstPass = (info.State.Health?.Log ?? []).find(l => l.ExitCode === 0);
        if (firstPass) out[name] = (Date.parse(firstPass.End) - Date.parse(info.State.StartedAt)) / 1000;
    }
    return out;
}

export async function healthOf(names: string[]): Promise<Record<string, string>> {
    const docker = new Docker();
    const out: Record<string, string> = {};
    for (const name of names) out[name] = (await docker.getContainer(name).inspect()).State.Health?.Status ?? "none";
    return out;
}

/** Runs a shell command in a container (Kafka's own tools in a broker); rejects on a non-zero exit. */
/** A container's whole log, stdout and stderr (its multiplexed frames undone). */
export async function containerLogs(container: string): Promise<string> {
    const raw = await new Docker().getContainer(container).logs({ stdout: true, stderr: true, follow: false }) as unknown as Buffer;
    return demux(raw);
}

/** The text of Docker's multiplexed stream: 8-byte frame headers before each chunk. */
function demux(raw: Buffer): string {
    let text = "";
    for (let i = 0; i + 8 <= raw.length;) {
        const size = raw.readUInt32BE(i + 4);
        text += raw.subarray(i + 8, i + 8 + size).toString("utf8");
        i += 8 + size;
    }
    return text;
}

export async function execIn(container: string, script: string, timeoutMs = 120_000): Promise<string> {
    const docker = new Docker();
    const exec = await docker.getContainer(container).exec({ Cmd: ["bash", "-c", script], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({});
    const chunks: Buffer[] = [];
    stream.on("data", (d: Buffer) => chunks.push(d));
    await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`docker exec in ${container} did not finish within ${timeoutMs} ms`)), timeoutMs);
        stream.on("end", () => { clearTimeout(timer); resolve(); });
        stream.on("error", e => { clearTimeout(timer); reject(e); });
    });
    const text = demux(Buffer.concat(chunks));
    const { ExitCode } = await exec.inspect();
    if (ExitCode !== 0) throw new Error(`in ${container}: exit ${ExitCode}: ${text.trim().split("\n").slice(-10).join("\n")}`);
    return text;
}

export interface ContainerWatch {
    /** Each container's last exit code: 143 is a JVM that ended on SIGTERM (Kafka's controlled shutdown), 137 one killed by SIGKILL. */
    exitCodes: Record<string, number>;
    /** The most containers of the watched set that were down (died, not yet started again) at one moment. */
    maxDown: number;
    /** die and start events in order, `name die` / `name start`. */
    sequence: string[];
}

/** Runs `action` while watching the Docker Engine's container die and start events of a cluster. */
export async function watchContainers(clusterName: string, names: string[], action: () => Promise<unknown>): Promise<ContainerWatch> {
    const docker = new Docker();
    const stream = await docker.getEvents({ filters: JSON.stringify({ type: ["container"], event: ["die", "start"], label: [`io.kafka-as-code.cluster=${clusterName}`] }) });
    const watch: ContainerWatch = { exitCodes: {}, maxDown: 0, sequence: [] };
    const down = new Set<string>();
    let buffered = "";
    stream.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
            const line = buffered.slice(0, nl);
            buffered = buffered.slice(nl + 1);
            if (!line.trim()) continue;
            const e = JSON.parse(line) as { Action?: string; Actor?: { Attributes?: Record<string, string> } };
            const name = e.Actor?.Attributes?.name;
            if (!name || !names.includes(name)) continue;
            watch.sequence.push(`${name} ${e.Action}`);
            if (e.Action === "die") {
                watch.exitCodes[name] = Number(e.Actor?.Attributes?.exitCode);
                down.add(name);
            } else {
                down.delete(name);
            }
            watch.maxDown = Math.max(watch.maxDown, down.size);
        }
    });
    try {
        await action();
        await new Promise(r => setTimeout(r, 1000)); // the last events arrive just after
    } finally {
        (stream as unknown as { destroy(): void }).destroy();
    }
    return watch;
}
