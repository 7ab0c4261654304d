// The shipped stack files (Pulumi.<stack>.yaml of each project) as committed, not as a developer's
// working tree has them: `pulumi config set` (scripts/dev-up.sh, the Quick start) writes encrypted
// secrets and other local values into the same files, and tests must not take those for the
// shipped settings. Outside a git checkout the files on disk are the shipped ones.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";

const ROOT = resolve(__dirname, "../..");

function shippedText(relativePath: string): string {
    try {
        return execFileSync("git", ["show", `HEAD:${relativePath}`], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    } catch {
        return readFileSync(join(ROOT, relativePath), "utf8");
    }
}

/**
 * The plain config of a shipped stack file, keys without the project prefix: the cluster
 * project at the root (`projectDir` "."), or the topics project ("topics").
 */
export function shippedStackConfig(projectDir: "." | "topics", stack: string): Record<string, string> {
    const file = projectDir === "." ? `Pulumi.${stack}.yaml` : `${projectDir}/Pulumi.${stack}.yaml`;
    const doc = parse(shippedText(file)) as { config?: Record<string, unknown> };
    return Object.fromEntries(Object.entries(doc.config ?? {})
        .filter(([, v]) => typeof v !== "object" || v === null)
        .map(([k, v]) => [k.slice(k.indexOf(":") + 1), String(v)]));
}
