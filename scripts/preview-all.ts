// npm run preview:all [-- --stack <name>]... [--root <dir>]
//
// Previews every stack of both projects (the cluster stack at the root, the topics stack in
// topics/) with the policy pack and the stack's own policy config, and prints one table:
//   project, stack, creates, updates, replaces, deletes, policy violations, result
// Exit status: 1 when a replace or delete touches a protected resource or a mandatory policy
// fails, 2 when a preview could not run, 0 otherwise.
//
// Each preview is `pulumi preview --json --policy-pack policies --policy-pack-config
// policies/config/<stack>.json --stack <stack>` with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true, so
// the JSON carries the engine's policy events (the one-document digest leaves them out).
// The backend and the passphrase come from the environment (PULUMI_BACKEND_URL,
// PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE), as for any pulumi command.
// PREVIEW_ALL_JSON_DIR=<dir> keeps each raw output as <dir>/<project>.<stack>.json.

import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { findPulumi, PROJECTS, REPO_ROOT, runPulumi, stackFiles, failureReason } from "./lib/pulumi-cli";
import { exitStatusFor, formatTable, summarizePreview, verdict, type TableRow } from "./lib/preview-summary";

function main(argv: string[]): number {
    const only: string[] = [];
    let root = REPO_ROOT; // --root: a copy of the projects (the tests use one on a throwaway backend)
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--stack" && argv[i + 1]) only.push(argv[++i]);
        else if (argv[i] === "--root" && argv[i + 1]) root = resolve(argv[++i]);
        else if (argv[i] === "-h" || argv[i] === "--help") {
            console.log("usage: npm run preview:all [-- --stack <name>]... [--root <dir>]");
            return 0;
        } else {
            console.error(`preview-all: unknown argument ${argv[i]}`);
            return 2;
        }
    }
    const pulumi = findPulumi();
    if (!pulumi) {
        console.error("preview-all: no Pulumi CLI found (install it, put it on PATH, set PULUMI_BIN, or run scripts/build-pulumi-cli.sh)");
        return 2;
    }
    const policyPack = join(REPO_ROOT, "policies");
    const rawDir = process.env.PREVIEW_ALL_JSON_DIR;
    if (rawDir) mkdirSync(rawDir, { recursive: true });

    const rows: TableRow[] = [];
    for (const project of PROJECTS) {
        const dir = join(root, project.dir);
        for (const stack of stackFiles(dir)) {
            if (only.length && !only.includes(stack)) continue;
            const policyConfig = join(policyPack, "config", `${stack}.json`);
            if (!existsSync(policyConfig)) {
                console.error(`preview-all: ${project.name}/${stack} has no policies/config/${stack}.json: add one, or name the stack dev, staging or prod`);
                return 2;
            }
            process.stderr.write(`[preview-all] ${project.name}/${stack}: pulumi preview --json ...\n`);
            const r = runPulumi(pulumi, [
                "preview", "--json", "--stack", stack, "--policy-pack", policyPack, "--policy-pack-config", policyConfig,
            ], dir, { ...process.env, PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" });
            if (rawDir) writeFileSync(join(rawDir, `${project.name}.${stack}.json`), r.stdout);
            const summary = summarizePreview(r.stdout);
            const v = verdict(summary, r.status, r.status !== 0 && !summary.completed ? failureReason(r) : undefined);
            rows.push({ project: project.name, stack, summary, verdict: v });
        }
    }
    console.log(formatTable(rows));
    const status = exitStatusFor(rows);
    if (status === 1) console.error("preview-all: a change is blocked (see the result column): nothing may be deployed as is");
    if (status === 2) console.error("preview-all: at least one preview did not run (see the result column)");
    return status;
}

process.exitCode = main(process.argv.slice(2));
