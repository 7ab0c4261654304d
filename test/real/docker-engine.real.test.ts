// scripts/docker-engine.sh is scoped to its checkout: `stop` from another clone of the project
// never stops a daemon this checkout (or anyone else) started.

import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";

const REAL = process.env.KAFKA_REAL_TESTS !== "off";
const run = promisify(execFile);

describe.skipIf(!REAL)("docker-engine.sh in two checkouts", () => {
    const other = mkdtempSync(join(tmpdir(), "other-checkout-"));
    afterAll(() => rmSync(other, { recursive: true, force: true }));

    it("stop in another checkout leaves the running daemon alone", async () => {
        await new Docker().ping();
        mkdirSync(join(other, "scripts"));
        cpSync(resolve(__dirname, "../../scripts/docker-engine.sh"), join(other, "scripts", "docker-engine.sh"));
        const { stderr } = await run("bash", [join(other, "scripts", "docker-engine.sh"), "stop"], { timeout: 60_000 });
        expect(stderr).toMatch(/not started from this checkout; leaving it alone/);
        expect(String(await new Docker().ping())).toBe("OK");
    }, 90_000);
});
