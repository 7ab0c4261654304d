// Strimzi's CustomResourceDefinitions for the resources the cluster stack renders (Kafka,
// KafkaNodePool, KafkaUser), generated from Strimzi's own API model with its own CRD generator,
// both resolved from Maven Central (scripts/strimzi-crds/pom.xml), once per pom version. The
// end-to-end test installs them into a real API server, which then validates the stack's resources
// as a cluster running that Strimzi release does.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildOnce, shortHash } from "./java-client";
import { cacheDir } from "./pulumi-cli";

const POM = resolve(__dirname, "../strimzi-crds/pom.xml");

/** Model class -> file, as Strimzi's own build names them. */
const CRDS: Record<string, string> = {
    "io.strimzi.api.kafka.model.kafka.Kafka": "040-Crd-kafka.yaml",
    "io.strimzi.api.kafka.model.user.KafkaUser": "044-Crd-kafkauser.yaml",
    "io.strimzi.api.kafka.model.nodepool.KafkaNodePool": "045-Crd-kafkanodepool.yaml",
};

/** Strimzi 1.x's generator is compiled for Java 21 (class file 65). */
const MIN_JAVA = 21;

/** A `java` of at least MIN_JAVA: $JAVA_HOME's, else one of the JDKs and JREs in /usr/lib/jvm (by their `release` file). */
export function modernJava(): string {
    const homes = [process.env.JAVA_HOME, ...(existsSync("/usr/lib/jvm") ? readdirSync("/usr/lib/jvm").map(d => join("/usr/lib/jvm", d)) : [])].filter((d): d is string => !!d);
    const found: string[] = [];
    for (const home of homes) {
        const release = join(home, "release");
        if (!existsSync(release) || !existsSync(join(home, "bin", "java"))) continue;
        const version = /JAVA_VERSION="(\d+)/.exec(readFileSync(release, "utf8"))?.[1];
        if (version) found.push(`${home} (${version})`);
        if (Number(version) >= MIN_JAVA) return join(home, "bin", "java");
    }
    throw new Error(`Strimzi's CRD generator needs Java ${MIN_JAVA} or newer; found ${found.join(", ") || "none in $JAVA_HOME or /usr/lib/jvm"}. ` +
        "Install one (apt-get install openjdk-21-jre-headless where Debian has it) or point JAVA_HOME at it");
}

/** The folder of the generated CRD files (one per kind). Throws with mvn's or java's own errors. */
export function strimziCrds(): string {
    const dir = join(cacheDir(), "maven", `strimzi-crds-${shortHash(readFileSync(POM))}`);
    return buildOnce(dir, ".complete", tmp => {
        process.stderr.write(`strimzi-crds: resolving Strimzi's API model and CRD generator into ${dir} (first run only)\n`);
        const libs = join(tmp, "libs");
        const run = (what: string, command: string, args: string[]) => {
            try {
                execFileSync(command, args, { stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
            } catch (e) {
                const out = e as { stdout?: Buffer; stderr?: Buffer };
                const log = `${out.stdout ?? ""}${out.stderr ?? ""}`.split("\n").filter(l => /ERROR|Exception|BUILD/.test(l)).slice(0, 15).join("\n");
                throw new Error(`${what} failed:\n${log || String(e)}`);
            }
        };
        run(`mvn dependency:copy-dependencies -f ${POM}`, "mvn", ["-q", "-B", "-Dstyle.color=never", "-f", POM, "dependency:copy-dependencies", `-DoutputDirectory=${libs}`]);
        // The generator's arguments as Strimzi's api/pom.xml passes them: CRD API v1, the v1 API version served and stored.
        run("Strimzi's CRD generator", modernJava(), [
            "-cp", `${libs}/*`, "io.strimzi.crdgenerator.CrdGenerator",
            "--label", "app:strimzi", "--label", "strimzi.io/crd-install:true", "--target-kube", "1.16+",
            "--crd-api-version", "v1", "--api-versions", "v1", "--storage-version", "v1", "--yaml",
            ...Object.entries(CRDS).map(([cls, file]) => `${cls}=${join(tmp, file)}`),
        ]);
        writeFileSync(join(tmp, ".complete"), "");
    });
}

/** The generated CRD files, in install order. */
export function strimziCrdFiles(): string[] {
    const dir = strimziCrds();
    return Object.values(CRDS).map(f => join(dir, f));
}
