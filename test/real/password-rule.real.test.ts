// The password rule (components/shared/password-rule.ts) against Kafka's own code: the brokers' JAAS
// setting, as nodeEnvironment builds it, goes through the image's KafkaDockerWrapper (environment
// -> server.properties) and Kafka's Properties and JaasContext parsing, from the jars the project
// caches. Every password the rule accepts arrives unchanged, with no extra user; the hostile
// passwords found in review are mangled or inject settings on that path, and the rule refuses each.

import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { nodeEnvironment, planNodes } from "../../components/cluster/broker-settings";
import { parseClusterConfig } from "../../components/cluster/cluster-config";
import { passwordProblem } from "../../components/shared/password-rule";
import { kafkaLibsDir } from "../../scripts/lib/kafka-probe";

const REAL = process.env.KAFKA_REAL_TESTS !== "off";
const ROOT = resolve(__dirname, "../..");
const run = promisify(execFile);

interface BrokerView {
    properties: number;
    options: Record<string, string> | null;
    error?: string;
}

describe.skipIf(!REAL)("passwords through Kafka's own configuration parsing", () => {
    const work = mkdtempSync(join(tmpdir(), "password-roundtrip-"));
    afterAll(() => rmSync(work, { recursive: true, force: true }));
    let n = 0;

    /** What a broker's INTERNAL listener would take as its PLAIN login options for this admin password. */
    async function brokerView(password: string): Promise<BrokerView> {
        const cfg = parseClusterConfig({ brokers: "1", security: "sasl", uiEnabled: "false" }, { namespace: "kafka-cluster", stack: "dev", hasAdminPassword: true, hasUiPassword: false });
        const nodes = planNodes(cfg);
        const env = nodeEnvironment(nodes[0], nodes, cfg, { user: "admin", password });
        const dir = join(work, String(++n));
        for (const d of ["mounted", "final", "data"]) mkdirSync(join(dir, d), { recursive: true });
        const libs = `${kafkaLibsDir()}/*`;
        await run("java", ["-cp", libs, "kafka.docker.KafkaDockerWrapper", "setup", "--default-configs-dir", join(ROOT, "images/kafka/config"),
            "--mounted-configs-dir", join(dir, "mounted"), "--final-configs-dir", join(dir, "final")],
        { env: { PATH: process.env.PATH, ...env, KAFKA_LOG_DIRS: join(dir, "data") }, timeout: 60_000 }).catch(() => undefined);
        const { stdout } = await run("java", ["-cp", libs, join(ROOT, "test/real/java/JaasRoundTrip.java"), join(dir, "final", "server.properties"), "INTERNAL", "PLAIN"], { timeout: 60_000 });
        return JSON.parse(stdout.trim().split("\n").pop()!) as BrokerView;
    }

    it("every password the rule accepts reaches the broker unchanged, with the admin as the only PLAIN user", async () => {
        const accepted = [
            randomBytes(24).toString("base64"),
            randomBytes(18).toString("base64url"),
            "Az09._~+/=-Az09._~+/=-",
            "==++//--..__~~ab",
        ];
        const baseline = await brokerView("plain-password-0123456789");
        for (const password of accepted) {
            expect(passwordProblem(password), password).toBeUndefined();
            const view = await brokerView(password);
            expect(view.options, password).toEqual({ username: "admin", password, user_admin: password });
            expect(view.properties, "no extra server.properties line").toBe(baseline.properties);
        }
    }, 180_000);

    it("the hostile passwords of the review are mangled on that path, and the rule refuses each of them", async () => {
        const injected = await brokerView('x" user_evil="pw');
        expect(injected.options).toMatchObject({ password: "x", user_evil: "pw" });
        const backslash = await brokerView("ab\\cd-0123456789ab");
        expect(backslash.options?.password).toBe("abcd-0123456789ab");
        const lines = await brokerView("abcdefghijklmnop\nauthorizer.class.name=");
        expect(lines.options?.password).not.toBe("abcdefghijklmnop\nauthorizer.class.name=");
        const quote = await brokerView('a"b-0123456789abcd');
        expect(quote.options?.password).not.toBe('a"b-0123456789abcd');

        for (const password of ['x" user_evil="pw', "ab\\cd-0123456789ab", "abcdefghijklmnop\nauthorizer.class.name=", 'a"b-0123456789abcd', "${env:HOME}-0123456789", "", "x"]) {
            expect(passwordProblem(password), JSON.stringify(password)).toBeDefined();
        }
    }, 180_000);
});
