// Part "adopt": bringing a big existing cluster under the topics stack. A 3-node cluster is brought
// up through the real Pulumi CLI and filled, outside any stack, with N topics, SCRAM users and ACLs
// through the Admin API (as a cluster made by hand would be). Then, timed: `npm run adopt` (the
// batched Admin API snapshot and the catalog written and validated), the adopting preview and `up`
// (adoptExisting: one topic listing, then Pulumi imports every topic and ACL), and the first
// ordinary preview after it, the yardstick the others are compared with in the same run.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { probe, type Connection } from "../scripts/lib/kafka-probe";
import { findPulumi, REPO_ROOT } from "../scripts/lib/pulumi-cli";
import { summarizePreview } from "../scripts/lib/preview-summary";
import { E2eWorkspace, removeClusterObjects } from "../test/e2e/workspace";
import { topicName } from "./catalog-gen";

export interface AdoptRun {
    topics: number;
    users: number;
    acls: number;
    /** Filling the cluster through the Admin API (not part of adopting), seconds. */
    fillS: number;
    /** `npm run adopt`, whole command, seconds; and the snapshot's own Admin API time. */
    adoptScriptS: number;
    snapshotS: number;
    /** The adopting `pulumi preview` and `pulumi up`, seconds; what the preview planned. */
    adoptingPreviewS: number;
    /** Within the adopting up: the one listing of Kafka's topics that tells which exist (the program says how long it took). */
    lookupS: number;
    adoptingUpS: number;
    imports: number;
    creates: number;
    /** The first preview after adopting (expected empty), seconds. */
    noopPreviewS: number;
}

export interface AdoptOptions {
    image: string;
    topics: number;
    portBase: number;
    log: (line: string) => void;
}

const SERVICES = 10;
const TOPICS_PER_SERVICE = 5;

function runTsx(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; out: string }> {
    return new Promise(resolve => {
        const child = spawn(join(REPO_ROOT, "node_modules", ".bin", "tsx"), args, { env, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", d => { out += d; });
        child.stderr.on("data", d => { out += d; });
        const timer = setTimeout(() => child.kill("SIGKILL"), 900_000);
        child.on("close", code => { clearTimeout(timer); resolve({ status: code ?? 1, out }); });
    });
}

export async function benchAdopt(opts: AdoptOptions): Promise<{ runs: AdoptRun[]; failures: string[] }> {
    const bin = findPulumi();
    if (!bin) throw new Error("the adopt part needs the Pulumi CLI and its plugins (npx tsx scripts/toolchain.ts says what is missing)");
    const name = "kb-adopt";
    const ws = new E2eWorkspace(bin, "adopt");
    const seconds = (t0: number) => (Date.now() - t0) / 1000;
    try {
        await removeClusterObjects(name);
        await ws.ok(".", ["stack", "init", "bench"]);
        await ws.configure(".", "bench", {
            name, networkName: `${name}-net`, kafkaImage: opts.image, security: "sasl", brokers: "3", controllerMode: "combined",
            externalPortBase: String(opts.portBase), uiEnabled: "false", schemaRegistryEnabled: "false", heapMb: "1024", memoryMb: "1792",
        });
        const adminPassword = `adm-${randomBytes(12).toString("hex")}`;
        await ws.secret(".", "bench", "adminPassword", adminPassword);
        await ws.ok(".", ["up", "--yes", "--stack", "bench"], { step: "adopt: cluster up" });
        const out = await ws.outputs(".", "bench");
        const admin: Connection = { bootstrap: out.bootstrapServers, securityProtocol: "SASL_PLAINTEXT", mechanism: "PLAIN", user: out.adminUser, password: adminPassword };

        // The cluster as someone filled it by hand: topics with assorted configs, users, producer ACLs.
        const names = Array.from({ length: opts.topics }, (_, i) => topicName(i));
        const configs = [{ "retention.ms": "86400000" }, { "cleanup.policy": "compact" }, { "min.insync.replicas": "2" }, {}];
        const users = Array.from({ length: SERVICES }, (_, i) => `svc-${i}`);
        const acls = users.flatMap((u, s) => names.slice(s * TOPICS_PER_SERVICE, (s + 1) * TOPICS_PER_SERVICE).flatMap(t =>
            ["Write", "Describe"].map(operation => ({ principal: `User:${u}`, host: "*", operation, permission: "Allow", resourceType: "Topic", resourceName: t, patternType: "Literal" }))));
        const spec = join(ws.tmp, "fill.json");
        writeFileSync(spec, JSON.stringify({
            topics: names.map((n, i) => ({ name: n, partitions: 3, replicationFactor: 3, config: configs[i % configs.length] })),
            users: users.map(u => ({ name: u, mechanism: "SCRAM-SHA-512", iterations: 4096, password: randomBytes(12).toString("hex") })),
            acls,
        }));
        let t0 = Date.now();
        const filled = await probe("apply", admin, { spec }, 600_000);
        if (!filled.ok) throw new Error(`filling the cluster failed: ${filled.error}`);
        const fillS = seconds(t0);
        // The brokers apply the new metadata a little after the controller accepts it: adopting starts
        // once a snapshot through them shows everything (bounded: 60 tries, 2 s apart).
        for (let i = 0; ; i++) {
            const seen = await probe("snapshot", admin, {}, 120_000);
            const counts = [(seen.topics as unknown[] | undefined)?.length, (seen.users as unknown[] | undefined)?.length, (seen.acls as unknown[] | undefined)?.length];
            if (counts[0] === opts.topics && counts[1] === users.length && counts[2] === acls.length) break;
            if (i === 60) throw new Error(`the brokers still show ${counts.join("/")} topics/users/ACLs of ${opts.topics}/${users.length}/${acls.length} after 2 minutes`);
            await new Promise(r => setTimeout(r, 2000));
        }
        opts.log(`[adopt] filled the cluster: ${opts.topics} topics, ${users.length} users, ${acls.length} ACLs in ${fillS.toFixed(1)} s`);

        t0 = Date.now();
        const adopt = await runTsx([join(REPO_ROOT, "scripts", "adopt.ts"), "--stack", "bench", "--cwd", ws.root, "--topics", join(ws.root, "topics"), "--out-dir", join(ws.root, "topics", "adopted")], ws.env);
        const adoptScriptS = seconds(t0);
        if (adopt.status !== 0) throw new Error(`npm run adopt failed:\n${adopt.out.slice(-2000)}`);
        const snapshotS = Number(/ quotas in ([\d.]+) ms/.exec(adopt.out)?.[1] ?? NaN) / 1000;
        for (const line of adopt.out.split("\n").filter(l => /^adopt: (read|adopted|the topics stack accepts)/.test(l))) opts.log(`[adopt]   ${line}`);
        opts.log(`[adopt] npm run adopt: ${adoptScriptS.toFixed(1)} s (snapshot ${snapshotS.toFixed(1)} s)`);

        await ws.ok("topics", ["stack", "init", "adopted"]);
        await ws.configure("topics", "adopted", {
            catalog: "adopted", environment: "dev", bootstrapServers: out.bootstrapServers, securityProtocol: "SASL_PLAINTEXT",
            saslMechanism: "PLAIN", adminUser: out.adminUser, brokerCount: "3", adoptExisting: "true",
        });
        await ws.secret("topics", "adopted", "adminPassword", adminPassword);
        t0 = Date.now();
        const preview = await ws.ok("topics", ["preview", "--json", "--stack", "adopted"], { step: "adopt: adopting preview" });
        const adoptingPreviewS = seconds(t0);
        const planned = summarizePreview(preview.stdout);
        if (planned.deletes || planned.replaces || planned.updates) throw new Error(`the adopting preview changes something: ${JSON.stringify(planned)}`);
        t0 = Date.now();
        const up = await ws.ok("topics", ["up", "--yes", "--stack", "adopted"], { step: "adopt: adopting up" });
        const adoptingUpS = seconds(t0);
        const lookupS = Number(/listed Kafka's \d+ topics in ([\d.]+) s/.exec(up.stdout)?.[1] ?? NaN);
        await ws.ok("topics", ["config", "rm", "--stack", "adopted", "adoptExisting"]);
        t0 = Date.now();
        await ws.ok("topics", ["preview", "--expect-no-changes", "--stack", "adopted"], { step: "adopt: preview after adopting" });
        const noopPreviewS = seconds(t0);
        opts.log(`[adopt] adopting preview ${adoptingPreviewS.toFixed(1)} s (${planned.imports} imports, ${planned.creates} creates), adopting up ${adoptingUpS.toFixed(1)} s ` +
            `(its topic listing ${lookupS.toFixed(1)} s), the next (empty) preview ${noopPreviewS.toFixed(1)} s`);
        ws.remove();
        return {
            runs: [{ topics: opts.topics, users: users.length, acls: acls.length, fillS, adoptScriptS, snapshotS, adoptingPreviewS, lookupS, adoptingUpS, imports: planned.imports, creates: planned.creates, noopPreviewS }],
            failures: [],
        };
    } catch (e) {
        opts.log(`[adopt] FAILED: ${(e as Error).message}`);
        return { runs: [], failures: [`${(e as Error).message.split("\n")[0]} (log ${ws.logFile})`] };
    } finally {
        await removeClusterObjects(name);
    }
}
