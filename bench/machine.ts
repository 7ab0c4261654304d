// The machine the benchmark ran on: CPU, cores, memory, OS, tool versions.

import { spawnSync } from "node:child_process";
import { cpus, release, totalmem, type as osType } from "node:os";
import { readFileSync } from "node:fs";

function tryRun(cmd: string, args: string[]): string {
    // `java -version` prints to stderr: take whichever stream has the text.
    const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 15_000 });
    if (r.error) return `unavailable (${r.error.message})`;
    return (r.stdout.trim() || r.stderr.trim()) || `unavailable (exit ${r.status})`;
}

function osName(): string {
    try {
        const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync("/etc/os-release", "utf8"));
        if (m) return `${m[1]}, kernel ${release()}`;
    } catch { /* not Linux */ }
    return `${osType()} ${release()}`;
}

export interface MachineInfo {
    cpu: string;
    cores: number;
    memoryGb: number;
    os: string;
    node: string;
    java: string;
    docker: string;
}

export function describeMachine(): MachineInfo {
    const c = cpus();
    const java = tryRun("java", ["-version"]).split("\n")[0];
    const docker = tryRun("docker", ["version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})"]);
    return {
        cpu: c[0]?.model ?? "unknown",
        cores: c.length,
        memoryGb: totalmem() / 1024 ** 3,
        os: osName(),
        node: process.version,
        java,
        docker,
    };
}
