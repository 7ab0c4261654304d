// npm run promote -- <from> <to> [--dry-run] [--root <dir>]
//
// Promotes the promotable, non-secret stack config of both projects (the cluster stack at the
// root, the topics stack in topics/) from stack <from> to stack <to>, key by key with
// `pulumi config cp --stack <from> --dest <to> <key>` (so the target file keeps its comments and
// its other keys), prints every key's old -> new value, then runs `pulumi preview --diff` of <to>
// with the policy pack and policies/config/<to>.json for each project that has a <to> stack.
//
// What is promotable is an allow-list per project (scripts/lib/promote-plan.ts): image versions,
// the catalog file and the protocol version. Environment identity (environment, name, networkName,
// ports, clusterStack, protectTopics, ...) and secrets never move. The topics catalog's
// per-environment values are in topics/catalog.yaml under `environments:`: that file is shared by
// every stack, so promoting catalog content is a reviewed change to it (README, "Promotion dev → staging → prod").
//
// Both stacks must exist in the backend (PULUMI_BACKEND_URL, and PULUMI_CONFIG_PASSPHRASE or
// PULUMI_CONFIG_PASSPHRASE_FILE for their secrets). A project without a Pulumi.<to>.yaml is skipped
// (the cluster project has no prod stack: prod is an external cluster).
//
// Exit status: 0 copied and previewed, 1 a preview failed (the copied values stay: review them with
// `git diff`), 2 usage or config errors (nothing copied for the project that failed; a project before it may
// already have its values copied: see the lines printed above).

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { failureReason, findPulumi, PROJECTS, REPO_ROOT, runPulumi } from "./lib/pulumi-cli";
import { describePlan, planPromotion, PROMOTION_POLICIES, type ConfigJson, type PromotionPlan } from "./lib/promote-plan";

const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

function usage(msg?: string): number {
    if (msg) console.error(`promote: ${msg}`);
    console.error("usage: npm run promote -- <from> <to> [--dry-run] [--root <dir>]   e.g. npm run promote -- dev staging");
    return 2;
}

function main(argv: string[]): number {
    const pos: string[] = [];
    let dryRun = false;
    let root = REPO_ROOT;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--dry-run") dryRun = true;
        else if (a === "--root" && argv[i + 1]) root = resolve(argv[++i]);
        else if (a === "-h" || a === "--help") return usage();
        else if (a.startsWith("-")) return usage(`unknown option ${a}`);
        else pos.push(a);
    }
    if (pos.length !== 2) return usage("two stack names are required");
    const [from, to] = pos;
    if (!STACK_NAME.test(from) || !STACK_NAME.test(to)) return usage("stack names are plain names such as dev, staging, prod");
    if (from === to) return usage("<from> and <to> are the same stack");

    const pulumi = findPulumi();
    if (!pulumi) {
        console.error("promote: no Pulumi CLI found (install it, put it on PATH, set PULUMI_BIN, or run scripts/build-pulumi-cli.sh)");
        return 2;
    }
    const policyPack = join(REPO_ROOT, "policies");
    const policyConfig = join(policyPack, "config", `${to}.json`);
    if (!existsSync(policyConfig)) return usage(`there is no policies/config/${to}.json for the target stack ${to}`);

    // 1. Read both stacks' config and plan every project before copying anything.
    const plans: { dir: string; plan: PromotionPlan }[] = [];
    for (const project of PROJECTS) {
        const dir = join(root, project.dir);
        const policy = PROMOTION_POLICIES[project.name];
        if (!existsSync(join(dir, `Pulumi.${to}.yaml`))) {
            console.log(`${project.name}: no Pulumi.${to}.yaml, nothing to promote to (skipped)`);
            continue;
        }
        if (!existsSync(join(dir, `Pulumi.${from}.yaml`))) {
            console.error(`promote: ${project.name} has Pulumi.${to}.yaml but no Pulumi.${from}.yaml to promote from`);
            return 2;
        }
        const read = (stack: string): ConfigJson | undefined => {
            const r = runPulumi(pulumi, ["config", "--json", "--stack", stack], dir);
            if (r.status !== 0) {
                console.error(`promote: cannot read the config of ${project.name}/${stack}: ${failureReason(r)}`);
                if (/no stack named/i.test(r.stderr)) console.error(`  create it once: (cd ${project.dir} && pulumi stack init ${stack})`);
                return undefined;
            }
            return JSON.parse(r.stdout) as ConfigJson;
        };
        const source = read(from);
        const target = read(to);
        if (!source || !target) return 2;
        plans.push({ dir, plan: planPromotion(policy, from, to, source, target) });
    }
    if (!plans.length) {
        console.error(`promote: no project has a ${to} stack`);
        return 2;
    }

    // 2. Show and copy.
    for (const { dir, plan } of plans) {
        console.log(describePlan(plan).join("\n"));
        console.log(`  (${PROMOTION_POLICIES[plan.project].note})`);
        if (dryRun) continue;
        for (const key of plan.copies) {
            const r = runPulumi(pulumi, ["config", "cp", "--stack", from, "--dest", to, key], dir);
            if (r.status !== 0) {
                console.error(`promote: pulumi config cp ${key} to ${to} failed in ${plan.project}: ${failureReason(r)}`);
                return 2;
            }
        }
        if (plan.copies.length) console.log(`  copied ${plan.copies.length} value(s) into ${join(dir, `Pulumi.${to}.yaml`)}`);
    }
    console.log("Promotion of catalog content (topics, users, ACLs and their per-environment values) is a review of " +
        "topics/catalog.yaml: the same file serves every stack; check the `environments:` values for the target.");
    if (dryRun) {
        console.log("dry run: nothing copied, no preview");
        return 0;
    }

    // 3. Preview the target stack of every promoted project.
    let failed = 0;
    for (const { dir, plan } of plans) {
        console.log(`\n${plan.project}/${to}: pulumi preview --diff --policy-pack policies --policy-pack-config policies/config/${to}.json`);
        const r = runPulumi(pulumi, ["preview", "--diff", "--stack", to, "--policy-pack", policyPack, "--policy-pack-config", policyConfig], dir);
        process.stdout.write(r.stdout);
        if (r.status !== 0) {
            failed++;
            process.stderr.write(r.stderr);
            console.error(`promote: PREVIEW FAILED for ${plan.project}/${to} (exit ${r.status}): ${failureReason(r)}`);
        }
    }
    if (failed) {
        console.error(`promote: ${failed} preview(s) failed; the copied values are in the Pulumi.${to}.yaml files: review them with git diff, ` +
            "fix what each preview reports (above), and run the preview again");
        return 1;
    }
    return 0;
}

process.exitCode = main(process.argv.slice(2));
