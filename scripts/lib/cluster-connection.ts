// How the project's scripts (smoke, adopt) reach a cluster: through a cluster stack's outputs
// (`pulumi stack output --json --show-secrets`), or, without a stack, through the variables
// KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_ADMIN_USER,
// KAFKA_ADMIN_PASSWORD and KAFKA_CA_FILE (a PEM file, for SASL_SSL), the same settings the topics
// stack takes for an existing cluster. Passwords travel in the environment, never in arguments.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClusterOutputs } from "../../components/shared/cluster-outputs";
import type { Connection } from "./kafka-probe";
import { findPulumi, runPulumi } from "./pulumi-cli";

/** A cluster stack's outputs as `pulumi stack output --json --show-secrets` prints them. */
export type StackOutputs = Partial<Record<keyof ClusterOutputs, unknown>> & Record<string, unknown>;

export interface ClusterTarget {
    conn: Connection;
    /** The cluster stack's outputs, when the connection came from one. */
    outputs?: StackOutputs;
    /** Where the connection came from, for messages. */
    source: string;
}

/** Runs the Pulumi CLI and parses its JSON output; a failure says where to run it from. */
export function pulumiJson(args: string[], cwd: string): unknown {
    const bin = findPulumi();
    if (!bin) throw new Error("no Pulumi CLI found (PATH, ~/.pulumi/bin, $PULUMI_BIN): install it, or set KAFKA_BOOTSTRAP_SERVERS and the other KAFKA_* variables");
    const r = runPulumi(bin, args, cwd);
    if (r.status !== 0) {
        throw new Error(`'pulumi ${args.join(" ")}' failed: ${r.stderr.trim().split("\n")[0]}\n` +
            "Run this from the cluster project's folder after 'pulumi up', with the backend and passphrase variables of that stack set (or give --cwd).");
    }
    return JSON.parse(r.stdout);
}

/** A stack output or variable as a string, when it is a non-empty one. */
export const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

function connection(bootstrap: string, protocol?: string, mechanism?: string, user?: string, password?: string, caFile?: string): Connection {
    return {
        bootstrap,
        securityProtocol: protocol === "SASL_PLAINTEXT" || protocol === "SASL_SSL" ? protocol : undefined,
        mechanism: mechanism === "SCRAM-SHA-512" || mechanism === "SCRAM-SHA-256" || mechanism === "PLAIN" ? mechanism : undefined,
        user,
        password,
        ...(caFile ? { caFile } : {}),
    };
}

/**
 * The cluster to talk to: the KAFKA_* variables when KAFKA_BOOTSTRAP_SERVERS is set, else the
 * outputs of the cluster stack (`--stack`, run in `cwd`). The stack's CA (public) goes to a
 * temporary file for the Java client, removed when the process exits.
 */
export function clusterTarget(opts: { stack?: string; cwd: string }): ClusterTarget {
    const env = process.env;
    if (env.KAFKA_BOOTSTRAP_SERVERS) {
        return {
            conn: connection(env.KAFKA_BOOTSTRAP_SERVERS, env.KAFKA_SECURITY_PROTOCOL, env.KAFKA_SASL_MECHANISM, env.KAFKA_ADMIN_USER, env.KAFKA_ADMIN_PASSWORD, env.KAFKA_CA_FILE),
            source: "KAFKA_BOOTSTRAP_SERVERS",
        };
    }
    const outputs = pulumiJson(["stack", "output", "--json", "--show-secrets", ...(opts.stack ? ["--stack", opts.stack] : [])], opts.cwd) as StackOutputs;
    const bootstrap = str(outputs.bootstrapServers);
    if (!bootstrap) throw new Error("the stack has no bootstrapServers output: was it brought up with 'pulumi up'?");
    let caFile: string | undefined;
    const caCert = str(outputs.caCert);
    if (caCert) {
        const scratch = mkdtempSync(join(tmpdir(), "kafka-ca-"));
        process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
        caFile = join(scratch, "ca.pem");
        writeFileSync(caFile, caCert);
    }
    return {
        conn: connection(bootstrap, str(outputs.securityProtocol), str(outputs.saslMechanism), str(outputs.adminUser), str(outputs.adminPassword), caFile),
        outputs,
        source: `cluster stack ${opts.stack ?? "(selected)"}`,
    };
}
