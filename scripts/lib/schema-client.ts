// Runs scripts/schema-client/SchemaRoundTrip.java (Apicurio Registry's Protobuf serde for Kafka) from
// Node, for the end-to-end tests: one message produced against a schema that the stack registered,
// then consumed back and decoded.

import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ProbeResult } from "./kafka-probe";
import { cacheDir } from "./pulumi-cli";

const CLIENT_DIR = resolve(__dirname, "../schema-client");
const POM = join(CLIENT_DIR, "pom.xml");
const SOURCE = join(CLIENT_DIR, "SchemaRoundTrip.java");

export interface SchemaRoundTripOptions {
    bootstrap: string;
    /** Base URL of the registry, e.g. http://127.0.0.1:8080 (the client adds /apis/registry/v3). */
    registryUrl: string;
    topic: string;
    /** A .proto file; it may import sibling .proto files by file name. */
    protoFile: string;
    /** Message type in protoFile, simple or fully qualified. */
    message: string;
    /** Field values, as protobuf's JSON mapping. */
    json: object;
    securityProtocol?: string;
    mechanism?: string;
    user?: string;
    password?: string;
    /** Let the serializer register the schema; by default it only finds the latest version of "<topic>-value". */
    autoRegister?: boolean;
    timeoutMs?: number;
}

export interface SchemaRoundTripResult extends ProbeResult {
    decoded?: Record<string, unknown>;
}

function hash(data: Buffer | string): string {
    return createHash("sha256").update(data).digest("hex").slice(0, 16);
}

/** Builds `final` through a temporary sibling, so concurrent test workers never see half a directory. */
function buildOnce(final: string, marker: string, build: (tmp: string) => void): string {
    if (existsSync(join(final, marker))) return final;
    const tmp = `${final}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    try {
        build(tmp);
        renameSync(tmp, final);
    } catch (e) {
        if (!existsSync(join(final, marker))) throw e; // else another process finished first
    } finally {
        rmSync(tmp, { recursive: true, force: true });
    }
    return final;
}

/** The serde's jars, resolved from Maven Central once per pom.xml version. */
export function schemaClientLibs(): string {
    const dir = join(cacheDir(), "maven", `schema-client-${hash(readFileSync(POM))}`, "libs");
    return buildOnce(dir, ".complete", tmp => {
        process.stderr.write(`schema-client: resolving the Apicurio serde jars into ${dir} (first run only)\n`);
        try {
            // Output captured: mvn -q still prints colour resets, and its errors only matter on failure.
            execFileSync("mvn", ["-q", "-B", "-Dstyle.color=never", "-f", POM, "dependency:copy-dependencies", `-DoutputDirectory=${tmp}`],
                { stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
        } catch (e) {
            const out = e as { stdout?: Buffer; stderr?: Buffer };
            const log = `${out.stdout ?? ""}${out.stderr ?? ""}`.split("\n").filter(l => /ERROR|BUILD/.test(l)).slice(0, 15).join("\n");
            throw new Error(`mvn could not resolve ${POM}:\n${log || String(e)}`);
        }
        writeFileSync(join(tmp, ".complete"), "");
    });
}

/** Compiled once per source and pom version, so each run starts a JVM but no compiler. */
function compiledClient(libs: string): string {
    const dir = join(cacheDir(), "schema-client", hash(Buffer.concat([readFileSync(SOURCE), readFileSync(POM)])));
    return buildOnce(dir, "SchemaRoundTrip.class", tmp => {
        execFileSync("javac", ["-nowarn", "-cp", `${libs}/*`, "-d", tmp, SOURCE], { stdio: ["ignore", "ignore", "pipe"] });
    });
}

/**
 * Produces one message with ProtobufKafkaSerializer and consumes it back with ProtobufKafkaDeserializer.
 * Resolves with the client's JSON result (ok false when the registry or broker refuses); rejects on a crash.
 */
export function schemaRoundTrip(opts: SchemaRoundTripOptions): Promise<SchemaRoundTripResult> {
    const libs = schemaClientLibs();
    const timeoutMs = opts.timeoutMs ?? 120_000;
    const argv = ["-cp", `${compiledClient(libs)}:${libs}/*`, "-Xmx256m", "SchemaRoundTrip",
        "--bootstrap", opts.bootstrap, "--registry", opts.registryUrl, "--topic", opts.topic,
        "--proto", resolve(opts.protoFile), "--message", opts.message, "--json", JSON.stringify(opts.json),
        // The client gives up a little before we kill it, so a timeout still comes back as JSON.
        "--timeout-ms", String(Math.max(timeoutMs - 5_000, 1_000))];
    if (opts.securityProtocol) argv.push("--security-protocol", opts.securityProtocol);
    if (opts.mechanism) argv.push("--mechanism", opts.mechanism);
    if (opts.user) argv.push("--user", opts.user);
    if (opts.autoRegister) argv.push("--auto-register");
    // The password travels in the environment, never in the command line (visible in `ps`).
    const env = { ...process.env, SCHEMA_CLIENT_PASSWORD: opts.password ?? "" };
    return new Promise((resolvePromise, reject) => {
        execFile("java", argv, { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
            const line = stdout.trim().split("\n").filter(l => l.startsWith("{")).pop();
            if (line) {
                try { return resolvePromise(JSON.parse(line)); } catch { /* fall through to the error below */ }
            }
            reject(new Error(`SchemaRoundTrip failed (${err?.message ?? "no JSON output"}):\n${stderr.split("\n").slice(-15).join("\n")}`));
        });
    });
}
