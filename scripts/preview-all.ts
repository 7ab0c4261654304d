// npm run preview:all [-- --stack <name>]... [--root <dir>] [--jobs <n>]
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
// The previews run at once, at most --jobs at a time (default: twice the cores): the stacks only
// read each other's saved outputs, never a preview's result. Each preview is mostly CPU work, so
// running them at once pays off with the cores a machine has beyond two.

import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { findPulumi, PROJECTS, REPO_ROOT, runPulumiAsync, stackFiles, failureReason } from "./lib/pulumi-cli";
import { exitStatusFor, formatTable, summarizePreview, verdict, type TableRow } from "./lib/preview-summary";

const USAGE = "usage: npm run preview:all [-- --stack <name>]... [--root <dir>] [--jobs <n>]";

async function main(argv: string[]): Promise<number> {
    const only: string[] = [];
    let root = REPO_ROOT; // --root: a copy of the projects (the tests use one on a throwaway backend)
    let jobs = 2 * cpus().length;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--stack" && argv[i + 1]) only.push(argv[++i]);
        else if (argv[i] === "--root" && argv[i + 1]) root = resolve(argv[++i]);
        else if (argv[i] === "--jobs" && argv[i + 1]) {
            jobs = Number(argv[++i]);
            if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) {
                console.error(`preview-all: --jobs must be a whole number from 1 to 64, got ${argv[i]}\n${USAGE}`);
                return 2;
            }
        } else if (argv[i] === "-h" || argv[i] === "--help") {
            console.log(USAGE);
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

    // Every stack's policy config is checked before any preview starts.
    const previews = PROJECTS.flatMap(project => stackFiles(join(root, project.dir))
        .filter(stack => only.length === 0 || only.includes(stack))
        .map(stack => ({ project, stack, dir: join(root, project.dir), policyConfig: join(policyPack, "config", `${stack}.json`) })));
    const unconfigured = previews.find(p => !existsSync(p.policyConfig));
    if (unconfigured) {
        console.error(`preview-all: ${unconfigured.project.name}/${unconfigured.stack} has no policies/config/${unconfigured.stack}.json: add one, or name the stack dev, staging or prod`);
        return 2;
    }

    const started = Date.now();
    const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
    const preview = async ({ project, stack, dir, policyConfig }: (typeof previews)[number]): Promise<TableRow> => {
        process.stderr.write(`[preview-all +${seconds()}s] ${project.name}/${stack}: pulumi preview --json ...\n`);
        const r = await runPulumiAsync(pulumi, [
            "preview", "--json", "--stack", stack, "--policy-pack", policyPack, "--policy-pack-config", policyConfig,
        ], dir, { ...process.env, PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" });
        process.stderr.write(`[preview-all +${seconds()}s] ${project.name}/${stack}: done (exit ${r.status})\n`);
        if (rawDir) writeFileSync(join(rawDir, `${project.name}.${stack}.json`), r.stdout);
        const summary = summarizePreview(r.stdout);
        const v = verdict(summary, r.status, r.status !== 0 && !summary.completed ? failureReason(r) : undefined);
        return { project: project.name, stack, summary, verdict: v };
    };
    // Rows keep the order of the stacks, whichever preview ends first.
    const rows: TableRow[] = new Array(previews.length);
    let next = 0;
    const worker = async () => {
        while (next < previews.length) {
            const i = next++;
            rows[i] = await preview(previews[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, previews.length) }, worker));
    console.log(formatTable(rows));
    const status = exitStatusFor(rows);
    if (status === 1) console.error("preview-all: a change is blocked (see the result column): nothing may be deployed as is");
    if (status === 2) console.error("preview-all: at least one preview did not run (see the result column)");
    return status;
}

main(process.argv.slice(2)).then(status => { process.exitCode = status; }, e => {
    console.error(`preview-all: ${(e as Error).message}`);
    process.exitCode = 2;
});
