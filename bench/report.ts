// Renders bench/results.md from the measured figures.

import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { BenchResults } from "./bench-results";
import type { MachineInfo } from "./machine";
import { fmt, summarize } from "./stats";
import { benchMemoryMb } from "./cluster";
import { cliDefaultParallel, ENGINE_OPS, PROCESS_KINDS, PROJECT_STEPS, settingKey, settingLabel, type EngineRun, type ProcessKind } from "./engine";
import { ENGINE_PARALLEL } from "../scripts/lib/pulumi-cli";

const EVAL_TARGET = { topics: 10_000, seconds: 10, megabytes: 1024 };

export function renderReport(r: BenchResults, m: MachineInfo): string {
    const o = r.options;
    const L: string[] = [];
    L.push("# Benchmarks", "");
    L.push(`Produced by \`npx tsx bench/run.ts\` (\`npm run bench\`) on ${r.startedAt.slice(0, 16).replace("T", " ")} UTC, in ${Math.round(r.durationS)} s.`);
    L.push("Every figure: median (min–max, n = number of runs). Command line of this report: " +
        `\`--parts ${o.parts.join(",")} --sizes ${o.sizes.join(",")} --eval-runs ${o.evalRuns} --eval-runs-large ${o.evalRunsLarge} --env ${o.env}` +
        ` --readiness-runs ${o.readinessRuns} --nodes ${o.nodes.join(",")}${o.intervals.length ? ` --intervals ${o.intervals.join(",")}` : ""}` +
        ` --messages ${o.messages} --latency-runs ${o.latencyRuns} --floor-topics ${o.floorTopics} --floor-runs ${o.floorRuns}` +
        (o.parts.includes("engine") ? ` --engine-sizes ${o.engineSizes.join(",")}${o.enginePreviewSizes?.length ? ` --engine-preview-sizes ${o.enginePreviewSizes.join(",")}` : ""} --engine-parallel ${o.engineParallel.join(",")}${o.engineVariants?.length ? ` --engine-variants ${o.engineVariants.join(",")}${o.engineVariantSizes ? ` --engine-variant-sizes ${o.engineVariantSizes.join(",")}` : ""}` : ""} --engine-runs ${o.engineRuns} --engine-runs-large ${o.engineRunsLarge} --engine-heap ${o.engineHeapMb}${o.engineMemoryMb ? ` --engine-memory ${o.engineMemoryMb}` : ""} --floor-batch ${o.floorBatch}` : "") + "`.", "");
    const reused = Object.entries(r.reused ?? {});
    if (reused.length) {
        L.push(`Figures kept from earlier runs of this benchmark on this machine (\`--keep-from\`): ${reused.map(([part, at]) => `${part} (${String(at).slice(0, 16).replace("T", " ")} UTC)`).join(", ")}; everything else was measured in this run.`, "");
    }
    L.push("## Machine", "");
    L.push("| | |", "| --- | --- |");
    L.push(`| CPU | ${m.cpu} |`, `| cores | ${m.cores} |`, `| memory | ${m.memoryGb.toFixed(1)} GB |`, `| OS | ${m.os} |`);
    L.push(`| Node.js | ${m.node} |`, `| Java | ${m.java} |`, `| Docker Engine | ${m.docker} |`, "");

    if (r.eval) {
        L.push("## 1. Program evaluation under Pulumi mocks", "");
        L.push(`The real \`topics/index.ts\` evaluated by the mock-test harness (\`runTopicsProgram\`), environment \`${o.env}\`` +
            `${o.env === "dev" ? " (cluster connection through the StackReference, as in a real dev run)" : ""}, ` +
            "one fresh Node process per run. Synthetic catalogs (`bench/catalog-gen.ts`): topics named `<domain>.<entity>.<event>` with 3 configs and a dev override, " +
            "2 explicit ACLs per topic, one service (and SCRAM user) per 10 topics producing its 10 topics and consuming the next service's 10 " +
            "(41 ACLs per service after role expansion). *eval* is the program's evaluation (runTopicsProgram); *process* adds Node start and " +
            "module loading; *peak RSS* is the child's `process.resourceUsage().maxRSS`.", "");
        L.push("| topics | resources (topics + users + ACLs) | eval, s | process, s | peak RSS, MB | failures |", "| ---: | ---: | ---: | ---: | ---: | --- |");
        for (const s of r.eval) {
            const e = s.expectedResources;
            L.push(`| ${s.topics.toLocaleString("en")} | ${(e.topics + e.users + e.acls).toLocaleString("en")} (${e.topics} + ${e.users} + ${e.acls}) | ` +
                `${fmt(summarizeS(s.runs.map(x => x.evalMs)), 2)} | ${fmt(summarizeS(s.runs.map(x => x.processMs)), 2)} | ${fmt(s.maxRssMb, 0)} | ${s.failures.length ? s.failures.map(f => f.replace(/\|/g, "/")).join("; ") : "none"} |`);
        }
        L.push("");
        const ok = r.eval.filter(s => s.runs.length > 0);
        if (ok.length > 1) {
            L.push("Growth between sizes (ratio of medians; linear would be the ratio of sizes):", "");
            L.push("| from → to | size ratio | eval time ratio | peak RSS ratio |", "| --- | ---: | ---: | ---: |");
            for (let i = 1; i < ok.length; i++) {
                const a = ok[i - 1], b = ok[i];
                L.push(`| ${a.topics} → ${b.topics} | ${(b.topics / a.topics).toFixed(1)} | ${(b.evalMs.median / a.evalMs.median).toFixed(2)} | ${(b.maxRssMb.median / a.maxRssMb.median).toFixed(2)} |`);
            }
            L.push("");
        }
        const big = r.eval.find(s => s.topics === EVAL_TARGET.topics);
        if (big) {
            const t = big.evalMs.median / 1000, mem = big.maxRssMb.median;
            const met = big.runs.length > 0 && t < EVAL_TARGET.seconds && mem < EVAL_TARGET.megabytes;
            L.push(`**Target** (catalog evaluation): ${EVAL_TARGET.topics.toLocaleString("en")} topics in under ${EVAL_TARGET.seconds} s and under 1 GB. ` +
                (big.runs.length === 0 ? `**Not met**: no run finished (${big.failures.join("; ")}).` :
                    `Measured ${t.toFixed(1)} s and ${mem.toFixed(0)} MB: **${met ? "met" : "not met"}**.`), "");
        }
    }

    if (r.readiness) {
        L.push("## 3a. Cluster readiness (conformance harness)", "");
        L.push("The cluster stack's declared network, volumes and containers (`runClusterProgram`, defaults: combined mode, plaintext, " +
            "512 MB heap, no UI) created on the Docker Engine by `DockerHarness`, image `" + o.image + "`. *to healthy*: from the first " +
            "container start request to every container reported `healthy` (polled every 250 ms). *engine*: Docker's own clock, earliest " +
            "`State.StartedAt` to the end of the last container's first passing healthcheck. *brokers started*: earliest start to the last " +
            "broker's `Kafka Server started` log line, i.e. when Kafka itself was ready; the rest is waiting for the healthcheck. " +
            "*probe*: duration of one healthcheck run (a JVM running kafka-broker-api-versions.sh).", "");
        L.push("| nodes | healthcheck interval | to healthy, s | engine, s | brokers started, s | waiting for the healthcheck, s | probe, s |", "| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        const groups = new Map<string, typeof r.readiness.runs>();
        for (const x of r.readiness.runs) { const k = `${x.nodes}|${x.interval}`; groups.set(k, [...(groups.get(k) ?? []), x]); }
        for (const [k, runs] of groups) {
            const [nodes, interval] = k.split("|");
            L.push(`| ${nodes} | ${interval} | ${fmt(summarizeS(runs.map(x => x.toHealthyMs)))} | ${fmt(summarizeS(runs.map(x => x.engineToHealthyMs)))} | ` +
                `${fmt(summarizeS(runs.map(x => x.serverStartedMs)))} | ${fmt(summarizeS(runs.map(x => x.engineToHealthyMs - x.serverStartedMs)))} | ${fmt(summarizeS(runs.flatMap(x => x.probeMs)))} |`);
        }
        if (r.readiness.failures.length) L.push("", `Failures: ${r.readiness.failures.join("; ")}`);
        L.push("");
    }

    if (r.latency) {
        L.push("## 3b. Produce/consume latency, acks=all", "");
        L.push(`KafkaProbe \`roundtrip --messages ${o.messages}\` from the host on the 3-node cluster: a new topic with 3 partitions and ` +
            "replication factor 3; the 1,000 messages are sent at once (asynchronous sends, acks=all, linger 0), then consumed back. *ack*: send to " +
            "acknowledgement, so it includes the time a message waits behind the ones sent before it; *end-to-end*: send to receipt by the " +
            "consumer, which only starts after the last acknowledgement (so it includes the producer's whole burst and the consumer's start). " +
            "Neither is a single-message latency. Median and spread of each run's percentile.", "");
        L.push("| figure | p50, ms | p99, ms |", "| --- | ---: | ---: |");
        const lr = r.latency.runs;
        L.push(`| ack (acks=all) | ${fmt(summarize(lr.map(x => x.ackP50)), 2)} | ${fmt(summarize(lr.map(x => x.ackP99)), 2)} |`);
        L.push(`| end-to-end | ${fmt(summarize(lr.map(x => x.e2eP50)), 1)} | ${fmt(summarize(lr.map(x => x.e2eP99)), 1)} |`);
        if (r.latency.failures.length) L.push("", `Failures: ${r.latency.failures.join("; ")}`);
        L.push("");
    }

    if (r.tls) {
        L.push("## 3c. What TLS costs: SASL_PLAINTEXT against SASL_SSL", "");
        L.push("The same 3-node combined cluster (heap 512 MB) brought up through the real Pulumi CLI with `security: sasl`, then with " +
            "`security: sasl_ssl` (TLS on every listener, ECDSA P-256 certificates from the stack's CA), one after the other. *To healthy*: " +
            "each node's start to its first passing healthcheck. Round trips as in 3b, as the admin (PLAIN), the CA given to the client " +
            `for TLS: ${o.tlsRuns} per mode. Medians and spread; the ratio is TLS over plaintext, medians of this run.`, "");
        L.push("| figure | sasl (SASL_PLAINTEXT) | sasl_ssl (SASL_SSL) | ratio |", "| --- | ---: | ---: | ---: |");
        const of = (m: string) => r.tls!.runs.find(x => x.security === m);
        const row = (label: string, pick: (x: NonNullable<ReturnType<typeof of>>) => number[], digits: number) => {
            const a = of("sasl"), b = of("sasl_ssl");
            const sa = a ? summarize(pick(a)) : undefined, sb = b ? summarize(pick(b)) : undefined;
            const ratio = sa && sb && sa.median > 0 ? (sb.median / sa.median).toFixed(2) : "-";
            L.push(`| ${label} | ${sa ? fmt(sa, digits) : "-"} | ${sb ? fmt(sb, digits) : "-"} | ${ratio} |`);
        };
        row("to healthy, s (per node)", x => x.toHealthyS, 1);
        row("cluster `pulumi up`, s", x => [x.upS], 1);
        row("ack p50, ms", x => x.latency.map(l => l.ackP50), 1);
        row("ack p99, ms", x => x.latency.map(l => l.ackP99), 1);
        row("end-to-end p50, ms", x => x.latency.map(l => l.e2eP50), 1);
        row("end-to-end p99, ms", x => x.latency.map(l => l.e2eP99), 1);
        if (r.tls.failures.length) L.push("", `Failures: ${r.tls.failures.join("; ")}`);
        L.push("");
    }

    if (r.adopt) {
        L.push("## 3d. Adopting an existing cluster", "");
        L.push("A 3-node cluster (heap 1 GB) brought up through the real Pulumi CLI and filled outside any stack, through the Admin API, " +
            "with topics of 3 partitions (replication factor 3, assorted configs), 10 SCRAM users and their producer ACLs. Then `npm run adopt` " +
            "(snapshot, catalog written and validated), the adopting `pulumi preview` and `pulumi up` (`adoptExisting`: one topic listing, " +
            "then every topic and ACL imported), and the first ordinary preview after it; the ratios are over that preview, same run.", "");
        L.push("| topics | ACLs | `npm run adopt`, s (snapshot) | adopting preview, s | adopting up, s (topic listing) | next preview, s (empty) | up / next preview | imports | creates |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (const a of r.adopt.runs) {
            L.push(`| ${a.topics} | ${a.acls} | ${a.adoptScriptS.toFixed(1)} (${a.snapshotS.toFixed(1)}) | ${a.adoptingPreviewS.toFixed(1)} | ${a.adoptingUpS.toFixed(1)} (${a.lookupS.toFixed(1)}) | ` +
                `${a.noopPreviewS.toFixed(1)} | ${(a.adoptingUpS / a.noopPreviewS).toFixed(2)} | ${a.imports} | ${a.creates} |`);
        }
        if (r.adopt.failures.length) L.push("", `Failures: ${r.adopt.failures.join("; ")}`);
        L.push("");
    }

    if (r.engine) L.push(...renderEngine(r.engine));
    else L.push("## 2. The real engine", "", "Not run in this report: `npm run bench -- --parts engine` runs it where the Pulumi toolchain is installed (`npx tsx scripts/toolchain.ts` says what is).", "");
    if (r.floor) {
        L.push("### One Admin API batch", "");
        L.push(`${o.floorTopics} topics (6 partitions, replication factor 3, 3 configs each) created in one \`createTopics\` batch through ` +
            "Kafka's Admin API by KafkaProbe `apply` on the 3-node cluster; a fresh set of names per run. *apply*: the whole client run " +
            "(JVM start, connect, batch, wait for completion); *client start*: KafkaProbe `check-auth` alone (JVM start, connect, list topics); " +
            "*batch*: the difference. *One per request*: the same number of topics, one CreateTopics request each, " +
            "one after the other on one connection, which is how the Kafka provider creates topics (one request per resource, on its " +
            "connection to the controller, which answers a connection's requests in order).", "");
        L.push("| figure | ms |", "| --- | ---: |");
        const fr = r.floor.runs;
        L.push(`| apply (client run) | ${fmt(summarize(fr.map(x => x.applyMs)), 0)} |`);
        L.push(`| client start alone | ${fmt(summarize(fr.map(x => x.baselineMs)), 0)} |`);
        L.push(`| batch of ${o.floorTopics} topics | ${fmt(summarize(fr.map(x => x.applyMs - x.baselineMs)), 0)} |`);
        const single = fr.filter(x => x.oneByOneMs !== undefined);
        if (single.length) L.push(`| ${o.floorTopics} topics, one per request, one after the other (client run) | ${fmt(summarize(single.map(x => x.oneByOneMs!)), 0)} |`);
        if (r.floor.failures.length) L.push("", `Failures: ${r.floor.failures.join("; ")}`);
        L.push("");
    }
    // Analysis and before/after figures of code changes, written by hand next to the code.
    const findings = resolve(__dirname, "findings.md");
    if (existsSync(findings)) L.push(readFileSync(findings, "utf8").trim(), "");
    return L.join("\n") + "\n";
}

/** Milliseconds to seconds, summarized. */
function summarizeS(ms: number[]) {
    return summarize(ms.map(x => x / 1000));
}

/** Section 2: each operation per catalog size and setting, the floor beside it, and the ratios. */
function renderEngine(e: NonNullable<BenchResults["engine"]>): string[] {
    const L: string[] = ["## 2. The real engine: the topics stack through the Pulumi CLI, language host and Kafka provider", ""];
    L.push(`A fresh stack of the topics project (a copy, on a throwaway file backend) with a generated catalog of topics only ` +
        `(6 partitions, replication factor 3, 3 configs each), against a 3-broker plaintext cluster (heap ${e.heapMb} MB, container memory ${benchMemoryMb(e.heapMb, e.memoryMb)} MB), ` +
        "through fresh preview, up, no-op preview, no-op up, refresh and destroy, one operation at a time, each as the project runs it " +
        `(\`${PROJECT_STEPS.map(([, a]) => `pulumi ${a.join(" ")}`).join("`, `")}\`). *parallel* is \`PULUMI_PARALLEL\`; ` +
        "*before* runs `up` and `refresh` as the project ran them before, each with its own preview (`pulumi up --yes`, `pulumi refresh --yes`); " +
        "*bare JS program* declares the same topics with @pulumi/kafka and nothing else (what the SDK, the engine and the provider cost without this project); " +
        `*default* is the CLI's own (4 x cores = ${cliDefaultParallel()} here). OpenTofu: ${e.opentofu}; the same topics as \`kafka_topic\` ` +
        "resources, at OpenTofu's defaults (plan, apply, plan -detailed-exitcode, apply, apply -refresh-only, destroy). The floor creates " +
        "and deletes the same topics with Kafka's Admin API (KafkaProbe `apply` / `delete-topics`, whole client runs including a JVM start), " +
        `${e.floor[0]?.batch ?? 500} topics per request. Seconds, median (min–max, n).` +
        (e.brokerOutOfMemoryErrors === undefined ? "" : ` The brokers' logs had ${e.brokerOutOfMemoryErrors} \`OutOfMemoryError\` lines at the end of the part.`), "");
    type Setting = Pick<EngineRun, "tool" | "parallel" | "variant">;
    for (const topics of [...new Set(e.runs.map(r => r.topics))]) {
        const mine = e.runs.filter(r => r.topics === topics);
        const settings = [...new Map(mine.map(r => [settingKey(r), { tool: r.tool, parallel: r.parallel, variant: r.variant }])).values()];
        const floor = e.floor.filter(f => f.topics === topics);
        const secs = (x: Setting, op: string) => mine.filter(r => settingKey(r) === settingKey(x)).flatMap(r => r.ops.filter(o => o.op === op && o.ok).map(o => o.seconds));
        const med = (x: Setting, op: string) => summarize(secs(x, op)).median;
        const head = (first: string) => [`| ${first} | ${settings.map(x => settingLabel(x)).join(" | ")} |`, `| --- | ${settings.map(() => "---:").join(" | ")} |`];
        L.push(`### ${topics.toLocaleString("en")} topics`, "");
        L.push(...head("operation").map((l, i) => l + (i === 0 ? " floor |" : " ---: |")));
        for (const op of ENGINE_OPS) {
            const floorCell = op === "up" ? fmt(summarize(floor.map(f => f.createMs / 1000)), 1) : op === "destroy" ? fmt(summarize(floor.map(f => f.deleteMs / 1000)), 1) : "–";
            L.push(`| ${op} | ${settings.map(x => fmt(summarize(secs(x, op)), 1)).join(" | ")} | ${floorCell} |`);
        }
        L.push("");
        const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? (a / b).toFixed(2) : "n/a");
        const floorOf = { up: summarize(floor.map(f => f.createMs / 1000)).median, destroy: summarize(floor.map(f => f.deleteMs / 1000)).median };
        const tofu = settings.find(x => x.tool === "opentofu");
        L.push(`| ratio of medians | ${settings.filter(x => x.tool === "pulumi").map(x => settingLabel(x)).join(" | ")} |`,
            `| --- | ${settings.filter(x => x.tool === "pulumi").map(() => "---:").join(" | ")} |`);
        const pulumiSettings = settings.filter(x => x.tool === "pulumi");
        for (const op of ENGINE_OPS) {
            if (tofu) L.push(`| ${op} / OpenTofu | ${pulumiSettings.map(x => ratio(med(x, op), med(tofu, op))).join(" | ")} |`);
        }
        for (const op of ["up", "destroy"] as const) L.push(`| ${op} / floor | ${pulumiSettings.map(x => ratio(med(x, op), floorOf[op])).join(" | ")} |`);
        L.push("");
        // Where the time goes: CPU seconds per kind of process, the medians of each operation's runs.
        const cpu = (x: Setting, op: string, kind: ProcessKind) => summarize(mine.filter(r => settingKey(r) === settingKey(x))
            .flatMap(r => r.ops.filter(o => o.op === op && o.ok && o.cpuS).map(o => o.cpuS![kind] ?? 0))).median;
        if (mine.some(r => r.ops.some(o => o.cpuS))) {
            L.push("CPU time by process, seconds (median): CLI (engine) / language host / program (node) / provider. Two cores, so an operation's wall time is at least half its CPU time.", "");
            L.push(...head("operation"));
            for (const op of ENGINE_OPS) {
                L.push(`| ${op} | ${settings.map(x => PROCESS_KINDS.map(k => Number.isFinite(cpu(x, op, k)) ? cpu(x, op, k).toFixed(2) : "–").join(" / ")).join(" | ")} |`);
            }
            L.push("");
        }
        L.push(...head("peak resident memory, MB (any operation)"));
        for (const kind of PROCESS_KINDS) {
            const peak = (x: Setting) => Math.max(0, ...mine.filter(r => settingKey(r) === settingKey(x)).flatMap(r => r.ops.map(o => o.peakMb[kind] ?? 0)));
            L.push(`| ${kind} | ${settings.map(x => String(peak(x) || "–")).join(" | ")} |`);
        }
        L.push("", `Load average (1 min) when an operation started: ${fmt(summarize(mine.flatMap(r => r.ops.map(o => o.load))), 2)}.`, "");
        const failed = mine.flatMap(r => r.ops.filter(o => !o.ok).map(o => `${settingLabel(r)} run ${r.run}: ${o.op}: ${o.error}`));
        if (failed.length) L.push(`Failed operations: ${failed.join("; ")}`, "");
    }
    if (e.previews?.length) {
        L.push("### Bigger catalogs: fresh preview only", "");
        L.push(`The same kind of catalog, previewed for real (\`pulumi preview\` of a new stack with the project's settings: PULUMI_PARALLEL ${ENGINE_PARALLEL}, no type check), one run each.`, "");
        L.push("| topics | fresh preview, s | peak program (node), MB | peak CLI, MB | peak provider, MB | result |", "| ---: | ---: | ---: | ---: | ---: | --- |");
        for (const p of e.previews) {
            L.push(`| ${p.topics.toLocaleString("en")} | ${p.op.seconds.toFixed(1)} | ${p.op.peakMb["program (node)"] ?? "–"} | ${p.op.peakMb.CLI ?? "–"} | ${p.op.peakMb.provider ?? "–"} | ${p.op.ok ? "ok" : `failed: ${p.op.error}`} |`);
        }
        L.push("");
    }
    if (e.failures.length) L.push(`Failures: ${e.failures.join("; ")}`, "");
    return L;
}
