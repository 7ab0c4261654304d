// Part 1: the topics program evaluated under Pulumi mocks, one fresh child process per run, for
// synthetic catalogs of several sizes. Wall time of the evaluation (runTopicsProgram), wall time
// of the whole child (module loading included), and the child's peak RSS.

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateCatalog } from "./catalog-gen";
import { summarize, type Summary } from "./stats";

const CHILD = resolve(__dirname, "eval-child.ts");

export interface EvalRun {
    evalMs: number;
    processMs: number;
    maxRssKb: number;
    resources: number;
    topics: number;
    acls: number;
    users: number;
}

export interface EvalSize {
    topics: number;
    expectedResources: { topics: number; users: number; acls: number };
    runs: EvalRun[];
    failures: string[];
    evalMs: Summary;
    processMs: Summary;
    maxRssMb: Summary;
}

export interface EvalOptions {
    sizes: number[];
    runsFor: (size: number) => number;
    env: "dev" | "prod";
    /** Per child process; a run that exceeds it counts as a failure. */
    timeoutMs: number;
    /** Extra node flags for the child (e.g. --max-old-space-size=...). */
    nodeFlags: string[];
    /** Write a V8 CPU profile of the first run of each size into this folder. */
    cpuProfileDir?: string;
    log: (line: string) => void;
}

function runChild(catalog: string, passwords: string, opts: EvalOptions, profile: boolean): Promise<EvalRun> {
    const flags = [...opts.nodeFlags];
    if (profile && opts.cpuProfileDir) flags.push("--cpu-prof", `--cpu-prof-dir=${opts.cpuProfileDir}`);
    return new Promise((resolvePromise, reject) => {
        execFile(process.execPath, [...flags, "--import", "tsx", CHILD, catalog, passwords, opts.env], {
            cwd: resolve(__dirname, ".."), timeout: opts.timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: "SIGKILL",
        }, (err, stdout, stderr) => {
            const line = stdout.trim().split("\n").filter(l => l.startsWith("{")).pop();
            if (line) {
                const r = JSON.parse(line);
                if (r.ok) return resolvePromise(r as EvalRun);
                return reject(new Error(String(r.error).split("\n").slice(0, 3).join(" | ")));
            }
            const why = err?.killed ? `killed after ${opts.timeoutMs / 1000} s` : (err?.message.split("\n")[0] ?? "no output");
            const tail = stderr.trim().split("\n").slice(-3).join(" | ");
            reject(new Error(`${why}${tail ? `: ${tail}` : ""}`));
        });
    });
}

export async function benchEvaluation(opts: EvalOptions): Promise<EvalSize[]> {
    const dir = mkdtempSync(join(tmpdir(), "kb-catalogs-"));
    const out: EvalSize[] = [];
    try {
        for (const size of opts.sizes) {
            const c = generateCatalog(size);
            const catalog = join(dir, `catalog-${size}.yaml`);
            const passwords = join(dir, `passwords-${size}.json`);
            writeFileSync(catalog, c.text);
            writeFileSync(passwords, JSON.stringify(c.passwords));
            const expected = { topics: c.topics, users: c.users, acls: c.expectedAcls };
            const n = opts.runsFor(size);
            opts.log(`[eval] ${size} topics: ${expected.topics} topics, ${expected.users} users, ${expected.acls} ACLs; ${n} run(s), env ${opts.env}`);
            const runs: EvalRun[] = [];
            const failures: string[] = [];
            for (let i = 0; i < n; i++) {
                try {
                    const r = await runChild(catalog, passwords, opts, i === 0);
                    if (r.topics !== expected.topics || r.users !== expected.users || r.acls !== expected.acls) {
                        throw new Error(`declared ${r.topics} topics, ${r.users} users, ${r.acls} ACLs; expected ${JSON.stringify(expected)}`);
                    }
                    runs.push(r);
                    opts.log(`[eval] ${size} topics run ${i + 1}/${n}: eval ${(r.evalMs / 1000).toFixed(2)} s, process ${(r.processMs / 1000).toFixed(2)} s, peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MB, ${r.resources} resources`);
                } catch (e) {
                    failures.push((e as Error).message);
                    opts.log(`[eval] ${size} topics run ${i + 1}/${n} FAILED: ${(e as Error).message}`);
                    // A size that fails (timeout, out of memory) fails the same way again: stop there.
                    break;
                }
            }
            out.push({
                topics: size, expectedResources: expected, runs, failures,
                evalMs: summarize(runs.map(r => r.evalMs)),
                processMs: summarize(runs.map(r => r.processMs)),
                maxRssMb: summarize(runs.map(r => r.maxRssKb / 1024)),
            });
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    return out;
}
