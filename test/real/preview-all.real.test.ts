// `npm run preview:all` with the real Pulumi CLI on a throwaway local file backend, on a temporary
// copy of both projects with all six stacks initialized (cluster: dev, staging, prod on Strimzi;
// topics: dev, staging, prod).
//
// Needs the Pulumi CLI ($PULUMI_BIN, scripts/build-pulumi-cli.sh's build in ~/.cache/kafka-iac, or
// PATH); without one this file skips. Without the Node.js language host every preview stops before
// running the program; with it, every program runs and refuses its stack (no passwords are set).
// Either way the test checks that each row says why on one line and that the exit status is 2
// ("a preview could not run"), never 0. The end-to-end suite runs preview:all on deployed stacks.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { findPulumi, realCliSkipReason, REPO_ROOT, runPulumi } from "../../scripts/lib/pulumi-cli";
import { copyProjects } from "../../scripts/lib/workspace-copy";

const PULUMI = findPulumi();
const SKIP = realCliSkipReason();

if (!PULUMI || SKIP) {
    describe("preview:all (real Pulumi CLI)", () => {
        it.skip(SKIP ?? "skipped", () => {});
    });
} else {
    describe("preview:all (real Pulumi CLI)", () => {
        const tmp = mkdtempSync(join(tmpdir(), "preview-all-"));
        afterAll(() => rmSync(tmp, { recursive: true, force: true }));

        it("previews every stack of both projects and prints one row per stack", () => {
            const ws = join(tmp, "ws");
            mkdirSync(join(tmp, "state"));
            mkdirSync(ws);
            copyProjects(ws);
            const env = {
                ...process.env, PULUMI_BACKEND_URL: `file://${join(tmp, "state")}`, PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex"),
                PULUMI_CONFIG_PASSPHRASE_FILE: "", PULUMI_SKIP_UPDATE_CHECK: "true",
            };
            const stacks: [string, string][] = [[".", "dev"], [".", "prod"], [".", "staging"], ["topics", "dev"], ["topics", "prod"], ["topics", "staging"]];
            for (const [dir, s] of stacks) {
                const r = runPulumi(PULUMI, ["stack", "init", s], join(ws, dir), env);
                expect(r.status, r.stderr).toBe(0);
            }
            const raw = join(tmp, "raw");
            const r = spawnSync(join(REPO_ROOT, "node_modules", ".bin", "tsx"), ["scripts/preview-all.ts", "--root", ws],
                { cwd: REPO_ROOT, env: { ...env, PREVIEW_ALL_JSON_DIR: raw }, encoding: "utf8", timeout: 330_000 });
            const lines = r.stdout.trim().split("\n");
            expect(lines[0]).toMatch(/^project\s+stack\s+creates\s+updates\s+replaces\s+deletes\s+policy violations\s+result$/);
            const rows = lines.slice(2).map(l => l.split(/\s{2,}/));
            expect(rows.map(c => `${c[0]}/${c[1]}`)).toEqual(stacks.map(([d, s]) => `${d === "." ? "kafka-cluster" : "kafka-topics"}/${s}`));
            expect(readdirSync(raw).sort()).toEqual(["kafka-cluster.dev.json", "kafka-cluster.prod.json", "kafka-cluster.staging.json", "kafka-topics.dev.json", "kafka-topics.prod.json", "kafka-topics.staging.json"]);
            if (/no language plugin 'pulumi-language-nodejs'/.test(r.stdout + r.stderr)) {
                // This machine: no preview can run; each row says why, and the exit status is 2.
                for (const c of rows) expect(c.slice(2).join("  ")).toMatch(/^-  -  -  -  -  error: blocked: the CLI has no Node.js language host/);
                // What the CLI printed on stdout: its JSON event stream, ended by a cancel event.
                const events = readFileSync(join(raw, "kafka-cluster.dev.json"), "utf8").trim().split("\n").map(l => JSON.parse(l));
                expect(events.at(-1)).toHaveProperty("cancelEvent");
                expect(r.status).toBe(2);
            } else {
                // A full CLI: every program ran and refused its stack (no passwords are set here), and
                // each row carries that refusal on one line; a preview that did not pass exits 2.
                for (const c of rows) expect(c.slice(2).join("  "), c.join(" | ")).toMatch(/  error: Invalid configuration in (stack|cluster stack) \S+: \d+ problems?, nothing was changed\.$/);
                expect(r.status).toBe(2);
            }
        // Six CPU-bound previews on two cores: about a minute on a quiet machine, several on a busy one.
        }, 360_000);
    });
}

describe("preview:all arguments", () => {
    it("refuses a --jobs that is not a whole number from 1 to 64, before any preview, with exit status 2", () => {
        const tsx = join(REPO_ROOT, "node_modules", ".bin", "tsx");
        for (const jobs of ["0", "1.5", "x", "65"]) {
            const r = spawnSync(tsx, [join(REPO_ROOT, "scripts", "preview-all.ts"), "--jobs", jobs], { encoding: "utf8", timeout: 60_000 });
            expect(r.status, r.stderr).toBe(2);
            expect(r.stderr).toContain(`--jobs must be a whole number from 1 to 64, got ${jobs}`);
            expect(r.stdout).not.toMatch(/kafka-(cluster|topics)/);
        }
    });
});
