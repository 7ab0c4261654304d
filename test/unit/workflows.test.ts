// The GitHub Actions workflows, linted for real with actionlint (scripts/lint-workflows.sh builds
// it once from the Go module proxy into ~/.cache/kafka-iac/bin; the first build takes about a
// minute, later runs under a second). Needs Go; without it the first case fails with the script's
// message, on purpose: the lint must not silently stop running.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = join(__dirname, "..", "..");
const lint = (...args: string[]) => {
    const r = spawnSync(join(ROOT, "scripts", "lint-workflows.sh"), args, { cwd: ROOT, encoding: "utf8", timeout: 280_000 });
    return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
};

describe("the pull-request workflow's privileges", () => {
    const workflow = parse(readFileSync(join(ROOT, ".github", "workflows", "pull-request.yml"), "utf8")) as {
        permissions: Record<string, string>;
        jobs: Record<string, { permissions?: Record<string, string>; environment?: string; steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
    };

    it("grants nothing by default and each job only what it needs", () => {
        expect(workflow.permissions).toEqual({});
        expect(workflow.jobs.test.permissions).toEqual({ contents: "read" });
        expect(workflow.jobs.changes.permissions).toEqual({ contents: "read" });
        expect(workflow.jobs.preview.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    });

    it("previews, which see the stacks' secrets, only in a protected environment", () => {
        expect(workflow.jobs.preview.environment).toBe("stack-preview");
        const usingSecrets = Object.entries(workflow.jobs).filter(([, job]) => JSON.stringify(job).includes("secrets."));
        expect(usingSecrets.map(([name]) => name)).toEqual(["preview"]);
    });

    it("leaves no git credentials in the checkouts", () => {
        for (const [name, job] of Object.entries(workflow.jobs)) {
            for (const step of job.steps.filter(s => s.uses?.startsWith("actions/checkout@"))) expect(step.with?.["persist-credentials"], name).toBe(false);
        }
    });
});

describe("workflows lint (actionlint)", () => {
    it("the repository's workflows have no findings", () => {
        const r = lint();
        expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
        expect(r.stdout.trim()).toBe("");
        expect(r.stderr).toContain("pull-request.yml");
        expect(r.stderr).toContain("no findings");
    }, 300_000);

    it("catches a broken workflow (so a silent linter cannot pass the case above)", () => {
        const dir = mkdtempSync(join(tmpdir(), "broken-workflow-"));
        try {
            writeFileSync(join(dir, "broken.yml"), [
                "on: pull_request",
                "jobs:",
                "  preview:",
                "    runs-on: ubuntu-latest",
                "    steps:",
                "      - uses: pulumi/actions@v6",
                "        with:",
                "          command: preview",
                "          comment-on-pull-request: true", // not an input of pulumi/actions@v6
                "      - run: echo \"${{ matrix.missing }}\"", // no matrix in this job
                "",
            ].join("\n"));
            const r = lint(dir);
            expect(r.status, r.stderr).toBe(1);
            expect(r.stdout).toMatch(/broken\.yml:\d+:\d+: input "comment-on-pull-request" is not defined in action "pulumi\/actions@v6"/);
            expect(r.stdout).toMatch(/broken\.yml:10:\d+: property "missing" is not defined/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    }, 300_000);
});
