// `npm run promote -- dev staging` with the real Pulumi CLI on a throwaway local file backend,
// on a temporary copy of both projects (the checked-in stack files are never touched).
//
// Needs the Pulumi CLI: $PULUMI_BIN, the one scripts/build-pulumi-cli.sh builds into
// ~/.cache/kafka-iac/pulumi/v<version>/bin/pulumi, or `pulumi` on PATH. CI does not build it, so
// without one this file skips (see the skipped test's title). No Docker needed.
//
// Without the Node.js language host the preview step cannot run: the test then checks that promote
// says so and exits 1. With it, the previews run the programs, which refuse this staging (it has
// no UI or user passwords): the test checks that promote reports each refusal and exits 1. The
// end-to-end suite (test/e2e) runs a promotion whose previews pass.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findPulumi, realCliSkipReason, REPO_ROOT, runPulumi } from "../../scripts/lib/pulumi-cli";
import { copyProjects } from "../../scripts/lib/workspace-copy";

const PULUMI = findPulumi();
const SKIP = realCliSkipReason();
const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");

if (!PULUMI || SKIP) {
    describe("promote dev -> staging (real Pulumi CLI)", () => {
        it.skip(SKIP ?? "skipped", () => {});
    });
} else {
    describe("promote dev -> staging (real Pulumi CLI)", () => {
        const tmp = mkdtempSync(join(tmpdir(), "promote-"));
        const ws = join(tmp, "ws");
        const env = {
            ...process.env,
            PULUMI_BACKEND_URL: `file://${join(tmp, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex"),
            PULUMI_CONFIG_PASSPHRASE_FILE: "",
            PULUMI_SKIP_UPDATE_CHECK: "true",
        };
        const pulumi = (dir: string, ...args: string[]) => {
            const r = runPulumi(PULUMI, args, join(ws, dir), env);
            expect(r.status, `pulumi ${args.join(" ")}: ${r.stderr}`).toBe(0);
            return r.stdout.trim();
        };
        const stackFile = (dir: string, stack: string) => parse(readFileSync(join(ws, dir, `Pulumi.${stack}.yaml`), "utf8")).config as Record<string, unknown>;
        const originals = ["Pulumi.dev.yaml", "Pulumi.staging.yaml", "topics/Pulumi.dev.yaml", "topics/Pulumi.staging.yaml"]
            .map(f => [f, readFileSync(join(REPO_ROOT, f), "utf8")] as const);
        let run: { status: number; out: string };

        beforeAll(() => {
            mkdirSync(join(tmp, "state"));
            mkdirSync(ws);
            copyProjects(ws);
            for (const dir of [".", "topics"]) for (const s of ["dev", "staging"]) pulumi(dir, "stack", "init", s);
            // dev: new versions to promote, secrets that must stay, an environment key that must stay
            pulumi(".", "config", "set", "--stack", "dev", "kafkaImage", "apache/kafka:4.3.2");
            pulumi(".", "config", "set", "--stack", "dev", "uiImage", "kafbat/kafka-ui:v1.4.3");
            pulumi(".", "config", "set", "--stack", "dev", "--secret", "uiPassword", "dev-ui-secret");
            pulumi(".", "config", "set", "--stack", "dev", "--secret", "adminPassword", "dev-admin-secret");
            pulumi("topics", "config", "set", "--stack", "dev", "kafkaVersion", "3.9.0");
            pulumi("topics", "config", "set", "--stack", "dev", "--secret", "--path", "userPasswords.orders-api", "dev-user-secret");
            // staging: its own secret, which must survive the promotion unchanged
            pulumi(".", "config", "set", "--stack", "staging", "--secret", "adminPassword", "staging-admin-secret");

            const r = spawnSync(TSX, ["scripts/promote.ts", "dev", "staging", "--root", ws], { cwd: REPO_ROOT, env, encoding: "utf8" });
            run = { status: r.status ?? -1, out: `${r.stdout}\n${r.stderr}` };
        }, 120_000);

        afterAll(() => rmSync(tmp, { recursive: true, force: true }));

        it("shows every promoted key as old -> new, and what stays", () => {
            expect(run.out).toContain("kafka-cluster: dev -> staging");
            expect(run.out).toContain("~ kafkaImage: apache/kafka:4.3.1 -> apache/kafka:4.3.2");
            expect(run.out).toContain("~ uiImage: (not set) -> kafbat/kafka-ui:v1.4.3");
            expect(run.out).toContain("kafka-topics: dev -> staging");
            expect(run.out).toContain("~ kafkaVersion: (not set) -> 3.9.0");
            expect(run.out).toContain("= catalog: catalog.yaml (already the same)");
            expect(run.out).toMatch(/networkName: kept kafka-stg-net in staging/);
            expect(run.out).toMatch(/environment: kept staging in staging/);
            expect(run.out).toMatch(/uiPassword: secret, not copied/);
            expect(run.out).toMatch(/userPasswords: secret, not copied/);
            expect(run.out).not.toMatch(/dev-(ui|admin|user)-secret/);
        });

        it("writes the promotable values into Pulumi.staging.yaml and nothing else", () => {
            const cluster = stackFile(".", "staging");
            expect(cluster["kafka-cluster:kafkaImage"]).toBe("apache/kafka:4.3.2");
            expect(cluster["kafka-cluster:uiImage"]).toBe("kafbat/kafka-ui:v1.4.3");
            expect(cluster).toMatchObject({
                "kafka-cluster:name": "kafka-stg", "kafka-cluster:networkName": "kafka-stg-net", "kafka-cluster:externalPortBase": "29092",
                "kafka-cluster:uiPort": "8081", "kafka-cluster:security": "sasl_ssl", "kafka-cluster:controllerMode": "isolated", "kafka-cluster:heapMb": "1024",
            });
            const topics = stackFile("topics", "staging");
            expect(topics).toMatchObject({
                "kafka-topics:kafkaVersion": "3.9.0", "kafka-topics:environment": "staging",
                "kafka-topics:clusterStack": "organization/kafka-cluster/staging", "kafka-topics:protectTopics": "true", "kafka-topics:catalog": "catalog.yaml",
            });
        });

        it("copies no secret, and the target's own secrets still decrypt", () => {
            expect(stackFile(".", "staging")).not.toHaveProperty("kafka-cluster:uiPassword");
            expect(stackFile("topics", "staging")).not.toHaveProperty("kafka-topics:userPasswords");
            const raw = readFileSync(join(ws, "Pulumi.staging.yaml"), "utf8") + readFileSync(join(ws, "topics", "Pulumi.staging.yaml"), "utf8");
            expect(raw).not.toMatch(/dev-(ui|admin|user)-secret/);
            expect(pulumi(".", "config", "get", "--stack", "staging", "adminPassword")).toBe("staging-admin-secret");
            expect(pulumi(".", "config", "get", "--stack", "dev", "adminPassword")).toBe("dev-admin-secret");
        });

        it("runs the preview of the target stacks and reports its outcome", () => {
            expect(run.out).toContain("kafka-cluster/staging: pulumi preview --diff --policy-pack policies --policy-pack-config policies/config/staging.json");
            expect(run.out).toContain("kafka-topics/staging: pulumi preview --diff");
            if (/no language plugin 'pulumi-language-nodejs'/.test(run.out)) {
                // This machine: the CLI cannot run a Node.js program. promote must say so and fail.
                expect(run.out).toContain("PREVIEW FAILED for kafka-cluster/staging");
                expect(run.out).toContain("PREVIEW FAILED for kafka-topics/staging");
                expect(run.out).toContain("blocked: the CLI has no Node.js language host");
                expect(run.status).toBe(1);
            } else {
                // A full CLI: the previews ran the programs. This staging has no UI password and no user
                // passwords, so both programs refuse, each with its own fix, and promote fails.
                expect(run.out).toMatch(/PREVIEW FAILED for kafka-cluster\/staging \(exit 1\): Invalid configuration in stack staging/);
                expect(run.out).toContain("kafka-cluster:uiPassword is required while the Kafka UI is enabled");
                expect(run.out).toMatch(/PREVIEW FAILED for kafka-topics\/staging \(exit 1\): Invalid configuration in stack staging: 5 problems/);
                expect(run.status).toBe(1);
            }
        });

        it("leaves the checked-in stack files alone", () => {
            for (const [f, text] of originals) expect(readFileSync(join(REPO_ROOT, f), "utf8"), f).toBe(text);
        });

        it("a dry run of the same promotion finds nothing left to copy", () => {
            const r = spawnSync(TSX, ["scripts/promote.ts", "dev", "staging", "--root", ws, "--dry-run"], { cwd: REPO_ROOT, env, encoding: "utf8" });
            expect(r.status, r.stderr).toBe(0);
            expect(r.stdout).toContain("= kafkaImage: apache/kafka:4.3.2 (already the same)");
            expect(r.stdout).toContain("dry run: nothing copied, no preview");
            expect(r.stdout).not.toContain(" ~ ");
        }, 60_000);
    });
}
