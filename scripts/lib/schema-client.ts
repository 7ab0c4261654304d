// Runs scripts/schema-client/SchemaRoundTrip.java (Apicurio Registry's Protobuf serde for Kafka) from
// Node, for the end-to-end tests: one message produced against a schema that the stack registered,
// then consumed back and decoded.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildOnce, compiledJava, runJavaClient, shortHash, type ClientResult } from "./java-client";
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
    /** TLS: a PEM file with the CA of the brokers and of an https registry. */
    caFile?: string;
    /** A registry that asks for a login (basic authentication): its user and password. */
    registryUser?: string;
    registryPassword?: string;
    /** Let the serializer register the schema; by default it only finds the latest version of "<topic>-value". */
    autoRegister?: boolean;
    timeoutMs?: number;
}

export interface SchemaRoundTripResult extends ClientResult {
    decoded?: Record<string, unknown>;
}

/** The serde's jars, resolved from Maven Central once per pom.xml version. */
export function schemaClientLibs(): string {
    const dir = join(cacheDir(), "maven", `schema-client-${shortHash(readFileSync(POM))}`, "libs");
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

/**
 * Produces one message with ProtobufKafkaSerializer and consumes it back with ProtobufKafkaDeserializer.
 * Resolves with the client's JSON result (ok false when the registry or broker refuses); rejects on a crash.
 */
export function schemaRoundTrip(opts: SchemaRoundTripOptions): Promise<SchemaRoundTripResult> {
    const libs = schemaClientLibs();
    const timeoutMs = opts.timeoutMs ?? 120_000;
    const argv = ["-cp", `${compiledJava(SOURCE, `${libs}/*`, "schema-client", [readFileSync(POM)])}:${libs}/*`, "-Xmx256m", "SchemaRoundTrip",
        "--bootstrap", opts.bootstrap, "--registry", opts.registryUrl, "--topic", opts.topic,
        "--proto", resolve(opts.protoFile), "--message", opts.message, "--json", JSON.stringify(opts.json),
        // The client gives up a little before we kill it, so a timeout still comes back as JSON.
        "--timeout-ms", String(Math.max(timeoutMs - 5_000, 1_000))];
    if (opts.securityProtocol) argv.push("--security-protocol", opts.securityProtocol);
    if (opts.mechanism) argv.push("--mechanism", opts.mechanism);
    if (opts.user) argv.push("--user", opts.user);
    if (opts.caFile) argv.push("--ca-file", opts.caFile);
    if (opts.registryUser) argv.push("--registry-user", opts.registryUser);
    if (opts.autoRegister) argv.push("--auto-register");
    // The passwords travel in the environment, never in the command line (visible in `ps`).
    const env = { ...process.env, SCHEMA_CLIENT_PASSWORD: opts.password ?? "", SCHEMA_CLIENT_REGISTRY_PASSWORD: opts.registryPassword ?? "" };
    return runJavaClient("SchemaRoundTrip", argv, env, timeoutMs);
}
