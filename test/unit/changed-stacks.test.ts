// scripts/changed-stacks.sh (the pull-request workflow's stack selection) on a scratch git
// repository holding this repository's stack and policy files.

import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "changed-stacks-"));
const git = (...a: string[]) => execFileSync("git", ["-c", "user.email=t@example.invalid", "-c", "user.name=t", ...a], { cwd: dir, encoding: "utf8" }).trim();
const select = (base: string) => {
    const r = spawnSync(join(dir, "scripts", "changed-stacks.sh"), [base], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return (JSON.parse(r.stdout).include as { project: string; stack: string }[]).map(e => `${e.project}/${e.stack}`);
};
const change = (file: string) => {
    const base = git("rev-parse", "HEAD");
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), `# changed ${Math.random()}\n`, { flag: "a" });
    git("add", "-A"); git("commit", "-qm", `change ${file}`);
    return base;
};

describe("changed-stacks.sh", () => {
    beforeAll(() => {
        mkdirSync(join(dir, "scripts"));
        cpSync(join(ROOT, "scripts", "changed-stacks.sh"), join(dir, "scripts", "changed-stacks.sh"));
        for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.staging.yaml", "index.ts", "components/cluster/kafka-cluster.ts", "components/shared/config-error.ts", "components/topics/catalog.ts",
            "topics/Pulumi.yaml", "topics/Pulumi.dev.yaml", "topics/Pulumi.staging.yaml", "topics/Pulumi.prod.yaml", "topics/catalog.yaml",
            "policies/index.ts", "policies/config/dev.json", "policies/config/staging.json", "policies/config/prod.json"]) {
            mkdirSync(join(dir, f, ".."), { recursive: true });
            cpSync(join(ROOT, f), join(dir, f));
        }
        git("init", "-q"); git("add", "-A"); git("commit", "-qm", "base");
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const ALL_CLUSTER = ["kafka-cluster/dev", "kafka-cluster/staging"];
    const ALL_TOPICS = ["kafka-topics/dev", "kafka-topics/prod", "kafka-topics/staging"];
    it("index.ts: the cluster's stacks", () => expect(select(change("index.ts"))).toEqual(ALL_CLUSTER));
    it("components/cluster/: the cluster's stacks", () => expect(select(change("components/cluster/kafka-cluster.ts"))).toEqual(ALL_CLUSTER));
    it("components/shared/: both projects", () => expect(select(change("components/shared/config-error.ts"))).toEqual([...ALL_CLUSTER, ...ALL_TOPICS]));
    it("policies/: both projects", () => expect(select(change("policies/config/prod.json"))).toEqual([...ALL_CLUSTER, ...ALL_TOPICS]));
    it("the catalog: the topics stacks", () => expect(select(change("topics/catalog.yaml"))).toEqual(ALL_TOPICS));
    it("components/topics/: the topics stacks", () => expect(select(change("components/topics/catalog.ts"))).toEqual(ALL_TOPICS));
    it("one stack file: that stack only", () => {
        expect(select(change("Pulumi.staging.yaml"))).toEqual(["kafka-cluster/staging"]);
        expect(select(change("topics/Pulumi.prod.yaml"))).toEqual(["kafka-topics/prod"]);
    });
    it("anything else: nothing", () => expect(select(change("docs/usage.md"))).toEqual([]));
});
