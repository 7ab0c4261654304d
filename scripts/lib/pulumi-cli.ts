// Finding and running the Pulumi CLI for the scripts (promote, preview-all, smoke) and their tests.
//
// CLI lookup order: $PULUMI_BIN, `pulumi` on PATH, ~/.pulumi/bin/pulumi (where the standard
// installer puts it), then the CLI that scripts/build-pulumi-cli.sh builds into
// ${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}/pulumi/v<version>/bin/pulumi.
//
// Running a program also needs the Node.js language host and the provider plugins the SDKs ask
// for; `toolchainSkipReason` says which of them this machine lacks.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..");

/** The two Pulumi projects of this repository: directory (relative to the root) and project name. */
export const PROJECTS = [
    { dir: ".", name: "kafka-cluster" },
    { dir: "topics", name: "kafka-topics" },
] as const;
export type Project = (typeof PROJECTS)[number];

/** The @pulumi/pulumi version package-lock.json pins (the CLI version the build script builds). */
export function pinnedPulumiVersion(root = REPO_ROOT): string {
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
    return lock.packages["node_modules/@pulumi/pulumi"].version;
}

/** Why the tests that need the real CLI cannot run here, or undefined when they can. */
export function realCliSkipReason(): string | undefined {
    if (process.env.KAFKA_REAL_TESTS === "off") return "skipped: KAFKA_REAL_TESTS=off";
    if (!findPulumi()) return "skipped: no Pulumi CLI ($PULUMI_BIN, PATH, ~/.pulumi/bin, or ~/.cache/kafka-iac/pulumi/v<version>/bin/pulumi from scripts/build-pulumi-cli.sh)";
    return undefined;
}

export function cacheDir(): string {
    return process.env.KAFKA_IAC_CACHE ?? join(homedir(), ".cache", "kafka-iac");
}

/** Pulumi's home: ~/.pulumi unless PULUMI_HOME says otherwise (its bin/ and plugins/ cache). */
export function pulumiHome(): string {
    return process.env.PULUMI_HOME || join(homedir(), ".pulumi");
}

/** Where scripts/build-pulumi-cli.sh puts the CLI. */
export function builtPulumiPath(): string {
    return join(cacheDir(), "pulumi", `v${pinnedPulumiVersion()}`, "bin", "pulumi");
}

/** Absolute path of a usable Pulumi CLI, or undefined when there is none. */
export function findPulumi(): string | undefined {
    const candidates = [process.env.PULUMI_BIN, onPath("pulumi"), join(pulumiHome(), "bin", "pulumi"), builtPulumiPath()];
    return candidates.find((c): c is string => !!c && existsSync(c));
}

function onPath(binary: string): string | undefined {
    for (const dir of (process.env.PATH ?? "").split(delimiter)) {
        if (dir && existsSync(join(dir, binary))) return join(dir, binary);
    }
    return undefined;
}

/** The version of @pulumi/<name> that package-lock.json pins: its provider plugin's version. */
function lockedVersion(name: string, root = REPO_ROOT): string {
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
    return lock.packages[`node_modules/@pulumi/${name}`].version as string;
}

/** The resource plugins the stacks' SDKs ask the engine for, at the versions package-lock.json pins. */
export function requiredPlugins(root = REPO_ROOT): Array<{ name: string; version: string }> {
    return ["docker", "kafka", "tls"].map(name => ({ name, version: lockedVersion(name, root) }));
}

export interface ToolchainPart {
    what: string;
    /** Where it was found; undefined when missing. */
    path?: string;
}

/** A binary as the engine finds one: on PATH, next to the CLI, or in ~/.pulumi/bin. */
function besideCli(binary: string): string | undefined {
    const cli = findPulumi();
    return onPath(binary)
        ?? [cli && dirname(cli), join(pulumiHome(), "bin")].map(d => d && join(d, binary)).find((p): p is string => !!p && existsSync(p));
}

/** A resource plugin at the pinned version: in the plugin cache ($PULUMI_HOME/plugins/resource-<name>-v<version>), else as an ambient binary. */
export function pluginPart(name: string, version = lockedVersion(name)): ToolchainPart {
    const cached = join(pulumiHome(), "plugins", `resource-${name}-v${version}`, `pulumi-resource-${name}`);
    return { what: `the ${name} provider plugin v${version}`, path: existsSync(cached) ? cached : besideCli(`pulumi-resource-${name}`) };
}

/**
 * The parts running these TypeScript programs for real needs, looked up as the engine does:
 * ambient binaries on PATH, binaries next to the CLI and in ~/.pulumi/bin, then the plugin cache.
 */
export function toolchainParts(): ToolchainPart[] {
    return [
        { what: "the Pulumi CLI", path: findPulumi() },
        { what: "the Node.js language host (pulumi-language-nodejs)", path: besideCli("pulumi-language-nodejs") },
        ...requiredPlugins().map(({ name, version }) => pluginPart(name, version)),
    ];
}

/** What running the stacks for real lacks here, as one line; undefined when nothing is missing. */
export function toolchainSkipReason(): string | undefined {
    if (process.env.KAFKA_REAL_TESTS === "off") return "skipped: KAFKA_REAL_TESTS=off";
    const missing = toolchainParts().filter(p => !p.path).map(p => p.what);
    return missing.length ? `skipped: not installed here: ${missing.join(", ")} (on PATH, in ~/.pulumi/bin or the plugin cache)` : undefined;
}

/**
 * Resource operations the engine runs at once (PULUMI_PARALLEL) in the project's scripts, CI and
 * docs, unless the user set their own. The CLI's default, 4 x cores, leaves a catalog's topic
 * creates and deletes waiting on the Kafka provider's fixed pauses (about 1 s after a create,
 * 3 s before polling a delete); measured in bench/results.md, section 2.
 */
export const ENGINE_PARALLEL = 256;

/** The environment the CLI runs with: the caller's, with the project's defaults for what is unset. */
export function pulumiEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return { PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_PARALLEL: String(ENGINE_PARALLEL), ...env };
}

export interface RunResult {
    status: number;
    stdout: string;
    stderr: string;
}

/** Runs the CLI without a terminal; never throws on a non-zero exit. */
export function runPulumi(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): RunResult {
    const r = spawnSync(bin, ["--non-interactive", ...args], {
        cwd,
        env: pulumiEnv(env),
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
    });
    if (r.error) return { status: 127, stdout: "", stderr: String(r.error) };
    return { status: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

export interface AsyncRunOptions {
    /** Written to the CLI's standard input (how secret values reach `pulumi config set`). */
    input?: string;
    /** The CLI is killed after this long; the result then has status 124. */
    timeoutMs?: number;
    /** Each chunk of output, as it comes (progress of long operations). */
    onOutput?: (chunk: string) => void;
    /** Aborting it interrupts the CLI with `killSignal`: SIGINT (default) as Ctrl-C would, SIGKILL as a crash would. */
    interrupt?: AbortSignal;
    killSignal?: NodeJS.Signals;
}

/** Runs the CLI without a terminal, without blocking the event loop; never rejects on a non-zero exit. */
export function runPulumiAsync(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, opts: AsyncRunOptions = {}): Promise<RunResult> {
    return new Promise(resolvePromise => {
        const child = spawn(bin, ["--non-interactive", ...args], { cwd, env: pulumiEnv(env), stdio: ["pipe", "pipe", "pipe"], signal: opts.interrupt, killSignal: opts.killSignal ?? "SIGINT" });
        let stdout = "", stderr = "", timedOut = false;
        const timer = opts.timeoutMs ? setTimeout(() => { timedOut = true; child.kill("SIGTERM"); }, opts.timeoutMs) : undefined;
        child.stdout.on("data", (d: Buffer) => { stdout += d; opts.onOutput?.(String(d)); });
        child.stderr.on("data", (d: Buffer) => { stderr += d; opts.onOutput?.(String(d)); });
        child.on("error", e => { stderr += String(e); });
        child.on("close", code => {
            if (timer) clearTimeout(timer);
            resolvePromise({ status: timedOut ? 124 : code ?? 1, stdout, stderr: timedOut ? `${stderr}\n(killed after ${opts.timeoutMs} ms)` : stderr });
        });
        child.stdin.end(opts.input ?? "");
    });
}

/** Stack names of a project directory, from its Pulumi.<stack>.yaml files. */
export function stackFiles(projectDir: string): string[] {
    return readdirSync(projectDir)
        .map(f => /^Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort();
}

/** A one-line reason for a failed CLI run (the language host missing is named as such). */
export function failureReason(r: RunResult): string {
    const text = `${r.stderr}\n${r.stdout}`;
    const plugin = /no language plugin '([^']+)' found[^\n]*/.exec(text);
    if (plugin) return `blocked: the CLI has no Node.js language host (${plugin[0].trim()})`;
    const err = text.split("\n").map(l => l.trim()).find(l => /^error:/i.test(l))?.replace(/^error:\s*/i, "");
    return err ?? (text.trim().split("\n").pop() || `exit status ${r.status}`);
}
