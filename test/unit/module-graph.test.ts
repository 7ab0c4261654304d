// The repository's module graph: no import circles anywhere, and each Pulumi program (and the
// policy pack) reaches only the Pulumi SDKs of its own stack. The topics program must not load
// @pulumi/docker (its stacks run against clusters the Docker provider cannot reach, and every
// SDK a program loads costs start-up time); the policy pack loads no provider SDK at all.
// Imports are read with TypeScript's own pre-processor, type-only imports included.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");

interface ModuleGraph {
    /** Repository file (relative path) to the repository files it imports. */
    edges: Map<string, string[]>;
    /** Repository file to the npm packages it imports. */
    packages: Map<string, string[]>;
}

/** The imports of every .ts file under `root` (the given files, relative), resolved to files or packages. */
function moduleGraph(root: string, files: string[]): ModuleGraph {
    const known = new Set(files);
    const edges = new Map<string, string[]>();
    const packages = new Map<string, string[]>();
    for (const file of files) {
        const info = ts.preProcessFile(readFileSync(join(root, file), "utf8"), true, true);
        const local: string[] = [], external: string[] = [];
        for (const { fileName: spec } of info.importedFiles) {
            if (spec.startsWith(".")) {
                const base = relative(root, resolve(root, dirname(file), spec));
                const target = [`${base}.ts`, `${base}/index.ts`, base].find(c => known.has(c));
                if (target) local.push(target);
            } else if (!spec.startsWith("node:")) {
                external.push(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
            }
        }
        edges.set(file, local);
        packages.set(file, [...new Set(external)]);
    }
    return { edges, packages };
}

/** Every import circle, each as the list of files around it (found once, from its first file). */
function importCircles(g: ModuleGraph): string[][] {
    const circles: string[][] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (f: string) => {
        state.set(f, "open");
        stack.push(f);
        for (const next of g.edges.get(f) ?? []) {
            if (state.get(next) === "open") circles.push([...stack.slice(stack.indexOf(next)), next]);
            else if (!state.has(next)) visit(next);
        }
        stack.pop();
        state.set(f, "done");
    };
    for (const f of [...g.edges.keys()].sort()) if (!state.has(f)) visit(f);
    return circles;
}

/** The @pulumi packages an entry file loads, directly or through the repository files it imports. */
function pulumiSdksOf(g: ModuleGraph, entry: string): string[] {
    const seen = new Set<string>([entry]);
    const queue = [entry];
    const sdks = new Set<string>();
    while (queue.length > 0) {
        const f = queue.shift()!;
        for (const p of g.packages.get(f) ?? []) if (p.startsWith("@pulumi/")) sdks.add(p);
        for (const next of g.edges.get(f) ?? []) if (!seen.has(next)) { seen.add(next); queue.push(next); }
    }
    return [...sdks].sort();
}

const tracked = execFileSync("git", ["ls-files", "*.ts"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
const repo = moduleGraph(ROOT, tracked);

describe("the repository's module graph", () => {
    it("has no import circles", () => {
        expect(importCircles(repo).map(c => c.join(" -> "))).toEqual([]);
    });

    it("the cluster program (index.ts) loads the Docker SDK, the Kubernetes SDK for target strimzi, the TLS SDK for its certificates, and the Kafka SDK for the schema registry's own user", () => {
        expect(pulumiSdksOf(repo, "index.ts")).toEqual(["@pulumi/docker", "@pulumi/kafka", "@pulumi/kubernetes", "@pulumi/pulumi", "@pulumi/tls"]);
    });

    it("the topics program (topics/index.ts) loads the Kafka SDK and not the cluster stack's Docker SDK", () => {
        expect(pulumiSdksOf(repo, "topics/index.ts")).toEqual(["@pulumi/kafka", "@pulumi/pulumi"]);
        // (nor the Kubernetes SDK: a Strimzi cluster is reached through its outputs, like any other)
        // (nor the cluster stack's TLS SDK: the topics stack only reads the CA the cluster stack exports)
    });

    it("the policy pack loads no provider SDK", () => {
        expect(pulumiSdksOf(repo, "policies/index.ts")).toEqual(["@pulumi/policy"]);
    });
});

describe("the checks themselves, on a repository made for them", () => {
    const dir = mkdtempSync(join(tmpdir(), "module-graph-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
    };
    write("topics/index.ts", `import * as kafka from "@pulumi/kafka";\nimport { a } from "../components/topics/a";\n`);
    write("components/topics/a.ts", `import type { B } from "./b";\nexport const a = 1;\n`);
    write("components/topics/b.ts", `import { a } from "./a";\nimport * as docker from "@pulumi/docker/types";\nexport type B = typeof a;\n`);
    const fixture = moduleGraph(dir, ["topics/index.ts", "components/topics/a.ts", "components/topics/b.ts"]);

    it("finds a Docker SDK import two files away from the program, through a type-only import", () => {
        expect(pulumiSdksOf(fixture, "topics/index.ts")).toEqual(["@pulumi/docker", "@pulumi/kafka"]);
    });

    it("finds the circle a.ts -> b.ts -> a.ts", () => {
        expect(importCircles(fixture)).toEqual([["components/topics/a.ts", "components/topics/b.ts", "components/topics/a.ts"]]);
    });
});
