// The engine's parallelism is defined once (ENGINE_PARALLEL); the shell script, the workflow and the
// README, which cannot import it, must say the same number, and the scripts' CLI runs use it.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ENGINE_PARALLEL, pulumiEnv } from "../../scripts/lib/pulumi-cli";

const ROOT = join(__dirname, "..", "..");
const read = (f: string) => readFileSync(join(ROOT, f), "utf8");

describe("PULUMI_PARALLEL", () => {
    it("is what the scripts run the CLI with, unless the caller set one", () => {
        expect(pulumiEnv({}).PULUMI_PARALLEL).toBe(String(ENGINE_PARALLEL));
        expect(pulumiEnv({ PULUMI_PARALLEL: "3" }).PULUMI_PARALLEL).toBe("3");
    });

    it("is the same number in dev-up.sh, the pull-request workflow's previews and the README", () => {
        expect(read("scripts/dev-up.sh")).toContain(`PULUMI_PARALLEL="\${PULUMI_PARALLEL:-${ENGINE_PARALLEL}}"`);
        const workflow = parse(read(".github/workflows/pull-request.yml")) as { jobs: Record<string, { env?: Record<string, string> }> };
        expect(workflow.jobs.preview.env?.PULUMI_PARALLEL).toBe(String(ENGINE_PARALLEL));
        const readme = read("README.md");
        const values = [...readme.matchAll(/PULUMI_PARALLEL=(\d+)/g)].map(m => Number(m[1]));
        expect(values.length).toBeGreaterThanOrEqual(3);
        expect(new Set(values)).toEqual(new Set([ENGINE_PARALLEL]));
    });
});
