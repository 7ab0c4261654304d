// Finding and running the Pulumi CLI for the scripts (promote, preview-all) and their tests.
//
// Lookup order: $PULUMI_BIN, the CLI that scripts/build-pulumi-cli.sh builds into
// ${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}/pulumi/v<version>/bin/pulumi (the version of
// @pulumi/pulumi in package-lock.json), then `pulumi` on PATH.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join, resolve } from "node:path";

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
    if (!findPulumi()) return "skipped: no Pulumi CLI ($PULUMI_BIN, ~/.cache/kafka-iac/pulumi/v<version>/bin/pulumi from scripts/build-pulumi-cli.sh, or PATH)";
    return undefined;
}

export function cacheDir(): string {
    return process.env.KAFKA_IAC_CACHE ?? join(homedir(), ".cache", "kafka-iac");
}

/** Where scripts/build-pulumi-cli.sh puts the CLI. */
export function builtPulumiPath(): string {
    return join(cacheDir(), "pulumi", `v${pinnedPulumiVersion()}`, "bin", "pulumi");
}

/** Absolute path of a usable Pulumi CLI, or undefined when there is none. */
export function findPulumi(): string | undefined {
    const candidates = [process.env.PULUMI_BIN, builtPulumiPath()];
    for (const dir of (process.env.PATH ?? "").split(delimiter)) if (dir) candidates.push(join(dir, "pulumi"));
    return candidates.find((c): c is string => !!c && existsSync(c));
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
        env: { PULUMI_SKIP_UPDATE_CHECK: "true", ...env },
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
    });
    if (r.error) return { status: 127, stdout: "", stderr: String(r.error) };
    return { status: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
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
