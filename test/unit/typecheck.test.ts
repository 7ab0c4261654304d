// The whole project type-checks (`npm run build`: tsc --noEmit). vitest and tsx only strip types,
// and the Pulumi programs run without ts-node's type check (Pulumi.yaml: tsconfig.pulumi.json,
// noCheck), so this test is where a type error fails the suite.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

describe("the TypeScript sources", () => {
    it("type-check with tsc --noEmit (npm run build)", () => {
        const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", join(ROOT, "tsconfig.json")], {
            cwd: ROOT, encoding: "utf8", timeout: 240_000,
        });
        expect(r.error, String(r.error)).toBeUndefined();
        expect(`${r.stdout}${r.stderr}`.trim(), "tsc reported errors").toBe("");
        expect(r.status).toBe(0);
    }, 300_000);
});
