// One measurement of the topics program under Pulumi mocks, in a fresh process (so peak memory is
// this run's own): reads a catalog file and its passwords, evaluates topics/index.ts through the
// mock-test harness (runTopicsProgram), prints one JSON line.

import { readFileSync } from "node:fs";

async function main() {
    const [catalogFile, passwordsFile, env] = process.argv.slice(2);
    if (!catalogFile || !passwordsFile || !env) throw new Error("usage: eval-child.ts <catalog.yaml> <passwords.json> <dev|prod>");
    const processStart = performance.timeOrigin;
    const { runTopicsProgram } = await import("../test/mock/topics-program");
    const catalogText = readFileSync(catalogFile, "utf8");
    const userPasswords = JSON.parse(readFileSync(passwordsFile, "utf8")) as Record<string, string>;
    const config: Record<string, string> = env === "prod"
        ? {
            environment: "prod", bootstrapServers: "kafka-prod-1.example.internal:9096,kafka-prod-2.example.internal:9096,kafka-prod-3.example.internal:9096",
            securityProtocol: "SASL_SSL", saslMechanism: "SCRAM-SHA-512", adminUser: "topics-admin", brokerCount: "3", protectTopics: "true",
        }
        : { environment: "dev", clusterStack: "organization/kafka-cluster/dev", protectTopics: "false" };
    const secrets: Record<string, string> = env === "prod" ? { adminPassword: "bench-admin-password" } : {};
    const loaded = performance.now();
    const run = await runTopicsProgram({ stack: env, config, secrets, userPasswords, catalogText });
    const evaluated = performance.now();
    const count = (t: string) => run.resources.filter(r => r.type === t).length;
    const result = {
        ok: true,
        evalMs: evaluated - loaded,
        loadMs: loaded,
        processMs: Date.now() - processStart,
        maxRssKb: process.resourceUsage().maxRSS,
        heapUsedMb: process.memoryUsage().heapUsed / 1048576,
        resources: run.resources.length,
        topics: count("kafka:index/topic:Topic"),
        acls: count("kafka:index/acl:Acl"),
        users: count("kafka:index/userScramCredential:UserScramCredential"),
    };
    process.stdout.write(JSON.stringify(result) + "\n");
}

main().then(() => process.exit(0), e => {
    process.stdout.write(JSON.stringify({ ok: false, error: String((e as Error)?.stack ?? e).slice(0, 4000) }) + "\n");
    process.exit(1);
});
