// npm run smoke [-- --stack dev] [--messages 100] [--partitions 3] [--replication-factor 3]
//
// Reads the cluster stack's outputs (`pulumi stack output --json --show-secrets`), or, without a
// Pulumi CLI, the variables KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM,
// KAFKA_ADMIN_USER and KAFKA_ADMIN_PASSWORD, then runs the smoke round trip against the cluster.

import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import type { Connection } from "./lib/kafka-probe";
import { formatSmoke, runSmoke } from "./lib/smoke";

function connectionFromStack(stack?: string): Connection {
    const args = ["stack", "output", "--json", "--show-secrets", ...(stack ? ["--stack", stack] : [])];
    let out: Record<string, string | undefined>;
    try {
        out = JSON.parse(execFileSync("pulumi", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
    } catch (e) {
        throw new Error(`cannot read the cluster stack's outputs with 'pulumi ${args.join(" ")}': ${(e as Error).message.split("\n")[0]}\n` +
            "Run this from the project folder after 'pulumi up', or set KAFKA_BOOTSTRAP_SERVERS (and, for sasl, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_ADMIN_USER, KAFKA_ADMIN_PASSWORD).");
    }
    if (!out.bootstrapServers) throw new Error("the stack has no bootstrapServers output: was it brought up with 'pulumi up'?");
    return connection(out.bootstrapServers, out.securityProtocol, out.saslMechanism, out.adminUser, out.adminPassword);
}

function connection(bootstrap: string, protocol?: string, mechanism?: string, user?: string, password?: string): Connection {
    return {
        bootstrap,
        securityProtocol: protocol === "SASL_PLAINTEXT" ? "SASL_PLAINTEXT" : undefined,
        mechanism: mechanism === "SCRAM-SHA-512" ? "SCRAM-SHA-512" : mechanism === "PLAIN" ? "PLAIN" : undefined,
        user,
        password,
    };
}

async function main() {
    const { values } = parseArgs({
        options: {
            stack: { type: "string" },
            messages: { type: "string", default: "100" },
            partitions: { type: "string", default: "3" },
            "replication-factor": { type: "string" },
        },
    });
    const env = process.env;
    const conn = env.KAFKA_BOOTSTRAP_SERVERS
        ? connection(env.KAFKA_BOOTSTRAP_SERVERS, env.KAFKA_SECURITY_PROTOCOL, env.KAFKA_SASL_MECHANISM, env.KAFKA_ADMIN_USER, env.KAFKA_ADMIN_PASSWORD)
        : connectionFromStack(values.stack);
    const brokers = conn.bootstrap.split(",").length;
    console.log(`smoke: ${values.messages} messages through ${conn.bootstrap} ...`);
    const report = await runSmoke(conn, {
        messages: Number(values.messages),
        partitions: Number(values.partitions),
        replicationFactor: Number(values["replication-factor"] ?? Math.min(3, brokers)),
    });
    console.log(formatSmoke(report, conn));
    process.exitCode = report.ok ? 0 : 1;
}

main().catch(e => {
    console.error(`smoke: ${(e as Error).message}`);
    process.exitCode = 1;
});
