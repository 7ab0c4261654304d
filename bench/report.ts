// Renders bench/results.md from the measured figures.

import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { BenchResults } from "./run";
import type { MachineInfo } from "./machine";
import { fmt, summarize } from "./stats";

const EVAL_TARGET = { topics: 10_000, seconds: 10, megabytes: 1024 };

export function renderReport(r: BenchResults, m: MachineInfo): string {
    const o = r.options;
    const L: string[] = [];
    L.push("# Benchmarks (issue 7)", "");
    L.push(`Produced by \`npx tsx bench/run.ts\` (\`npm run bench\`) on ${r.startedAt.slice(0, 16).replace("T", " ")} UTC, in ${Math.round(r.durationS)} s.`);
    L.push("Every figure: median (min–max, n = number of runs). Command line of this report: " +
        `\`--parts ${o.parts.join(",")} --sizes ${o.sizes.join(",")} --eval-runs ${o.evalRuns} --eval-runs-large ${o.evalRunsLarge} --env ${o.env}` +
        ` --readiness-runs ${o.readinessRuns} --nodes ${o.nodes.join(",")}${o.intervals.length ? ` --intervals ${o.intervals.join(",")}` : ""}` +
        ` --messages ${o.messages} --latency-runs ${o.latencyRuns} --floor-topics ${o.floorTopics} --floor-runs ${o.floorRuns}\`.`, "");
    L.push("## Machine", "");
    L.push("| | |", "| --- | --- |");
    L.push(`| CPU | ${m.cpu} |`, `| cores | ${m.cores} |`, `| memory | ${m.memoryGb.toFixed(1)} GB |`, `| OS | ${m.os} |`);
    L.push(`| Node.js | ${m.node} |`, `| Java | ${m.java} |`, `| Docker Engine | ${m.docker} |`, "");

    if (r.eval) {
        L.push("## 1. Program evaluation under Pulumi mocks", "");
        if (r.evalFrom) L.push(`(Figures of an earlier run of this benchmark, ${r.evalFrom}, reused with \`--eval-from\`.)`, "");
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
            L.push(`**Target** (issue 7): ${EVAL_TARGET.topics.toLocaleString("en")} topics in under ${EVAL_TARGET.seconds} s and under 1 GB. ` +
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

    L.push("## 2. `pulumi up` of 200 topics versus the floor: Pulumi side blocked", "");
    L.push("**Blocked on this machine.** The real Pulumi CLI builds here (`scripts/build-pulumi-cli.sh`), but it cannot run a program: " +
        "the Go module proxy, the only source of Pulumi plugins reachable from this machine, refuses (HTTP 403) the Node.js language host " +
        "(`pulumi-language-nodejs`) and the Kafka and Docker provider modules, so `pulumi up` / `pulumi preview` stop with " +
        "`no language plugin 'pulumi-language-nodejs' found` (`scripts/check-pulumi-toolchain.sh` shows it). The `pulumi up` time, the " +
        "no-op `up` and `preview`, and their ratios to the floor (targets: up within 3x of the floor, no-op up under 25% of the first up) " +
        "are therefore not measured. Only the floor is:", "");
    if (r.floor) {
        L.push(`${o.floorTopics} topics (6 partitions, replication factor 3, 3 configs each) created in one \`createTopics\` batch through ` +
            "Kafka's Admin API by KafkaProbe `apply` on the 3-node cluster; a fresh set of names per run. *apply*: the whole client run " +
            "(JVM start, connect, batch, wait for completion); *client start*: KafkaProbe `check-auth` alone (JVM start, connect, list topics); " +
            "*batch*: the difference.", "");
        L.push("| figure | ms |", "| --- | ---: |");
        const fr = r.floor.runs;
        L.push(`| apply (client run) | ${fmt(summarize(fr.map(x => x.applyMs)), 0)} |`);
        L.push(`| client start alone | ${fmt(summarize(fr.map(x => x.baselineMs)), 0)} |`);
        L.push(`| batch of ${o.floorTopics} topics | ${fmt(summarize(fr.map(x => x.applyMs - x.baselineMs)), 0)} |`);
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
