// The project's small Java clients (scripts/kafka-client, scripts/schema-client), run from Node:
// compiled once per source version into the cache, run with a bounded time, and read back as the
// one JSON line each prints last.

import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { cacheDir } from "./pulumi-cli";

/** What every client prints: ok, or the error it met, and its own fields. */
export interface ClientResult {
    ok: boolean;
    error?: string;
    [key: string]: unknown;
}

export function shortHash(data: Buffer | string): string {
    return createHash("sha256").update(data).digest("hex").slice(0, 16);
}

/** Builds `final` through a temporary sibling, so concurrent test workers never see half a directory. */
export function buildOnce(final: string, marker: string, build: (tmp: string) => void): string {
    if (existsSync(join(final, marker))) return final;
    const tmp = `${final}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    try {
        build(tmp);
        renameSync(tmp, final);
    } catch (e) {
        if (!existsSync(join(final, marker))) throw e; // else another process finished first
    } finally {
        rmSync(tmp, { recursive: true, force: true });
    }
    return final;
}

/**
 * The classes of one Java source, compiled (javac) once per version of the source and of `alsoHash`
 * (e.g. the pom that decides the classpath), so each run starts a JVM but no compiler.
 */
export function compiledJava(source: string, classpath: string, cacheName: string, alsoHash: Buffer[] = []): string {
    const name = basename(source, ".java");
    const dir = join(cacheDir(), cacheName, shortHash(Buffer.concat([readFileSync(source), ...alsoHash])));
    return buildOnce(dir, `${name}.class`, tmp => {
        execFileSync("javac", ["-nowarn", "-cp", classpath, "-d", tmp, source], { stdio: ["ignore", "ignore", "pipe"] });
    });
}

/** Runs a client; resolves with its last JSON line (ok false on a refusal), rejects on a crash. */
export function runJavaClient<T extends ClientResult>(label: string, argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<T> {
    return new Promise((resolvePromise, reject) => {
        execFile("java", argv, { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
            const line = stdout.trim().split("\n").filter(l => l.startsWith("{")).pop();
            if (line) {
                try { return resolvePromise(JSON.parse(line)); } catch { /* fall through to the error below */ }
            }
            reject(new Error(`${label} failed (${err?.message ?? "no JSON output"}):\n${stderr.split("\n").slice(-15).join("\n")}`));
        });
    });
}
