// The Kafka UI's healthcheck on a real UI container and a real SASL broker, both created from the
// cluster stack's declared specs: the declared UI turns healthy once it reaches the cluster, and a
// copy of it with a wrong admin password (it cannot authenticate to Kafka, though its web server
// and its own /actuator/health are up) turns unhealthy.

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClusterProgram, type DeclaredResource } from "../mock/cluster-program";
import { DockerHarness } from "./docker-harness";

const REAL = process.env.KAFKA_REAL_TESTS !== "off";
const IMAGE = process.env.KAFKA_TEST_IMAGE ?? "kafka-local:4.3.1";
const UI_IMAGE = process.env.KAFKA_UI_TEST_IMAGE ?? "";
const skipped = !REAL ? "" : UI_IMAGE ? "" : " (skipped: no local Kafka UI image; set KAFKA_UI_TEST_IMAGE, which scripts/bootstrap-offline.sh sets when an image kafka-ui-local:* exists)";

describe.skipIf(!REAL || !UI_IMAGE)(`the Kafka UI's healthcheck covers its connection to Kafka${skipped}`, () => {
    let harness: DockerHarness;
    let ui: DeclaredResource;
    let wrong: string;

    beforeAll(async () => {
        await DockerHarness.requireEngine();
        const id = randomBytes(3).toString("hex");
        const run = await runClusterProgram({
            name: `ku-${id}`, networkName: `ku-${id}-net`, kafkaImage: IMAGE, brokers: "1", externalPortBase: "39492", security: "sasl",
            heapMb: "384", memoryMb: "768", uiImage: UI_IMAGE, uiPort: "39480",
        }, { adminPassword: `admin-${randomBytes(10).toString("hex")}`, uiPassword: `ui-${randomBytes(10).toString("hex")}` }, `test-${id}`);
        harness = new DockerHarness(run, id);
        await harness.requireImage(IMAGE);
        await harness.requireImage(UI_IMAGE);
        await harness.createAll();
        ui = harness.containers().find(c => (c.plain.name as string).endsWith("-ui"))!;
        // The same UI with a wrong admin password, and a shorter schedule for its (unchanged) check.
        wrong = `ku-${id}-ui-wrong`;
        await harness.createContainer({
            ...ui,
            plain: {
                ...ui.plain, name: wrong, hostname: wrong, ports: [],
                envs: (ui.plain.envs as string[]).map(e => e.startsWith("KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG=") ? e.replace(/password="[^"]*"/, 'password="not-the-admin-password"') : e),
                healthcheck: { ...ui.plain.healthcheck, interval: "5s", retries: 3, startPeriod: "10s" },
            },
        });
    }, 120_000);
    afterAll(async () => expect(await harness?.cleanup() ?? []).toEqual([]), 120_000);

    it("the declared UI turns healthy once it reports the cluster online", async () => {
        await harness.waitHealthy(harness.containers().map(c => c.plain.name as string), 300_000);
        expect(await harness.health(ui.plain.name)).toBe("healthy");
    }, 320_000);

    it("a UI that cannot authenticate to Kafka turns unhealthy, though its web server answers", async () => {
        const deadline = Date.now() + 180_000;
        let status = await harness.health(wrong);
        for (let i = 0; i < 180 && status !== "unhealthy" && Date.now() < deadline; i++) {
            await new Promise(r => setTimeout(r, 1000));
            status = await harness.health(wrong);
        }
        expect(status).toBe("unhealthy");
        // Its own health endpoint still says UP: the check that matters is the one that logs in.
        const actuator = await harness.exec(wrong, ["wget", "-q", "-O", "-", "http://127.0.0.1:8080/actuator/health"]);
        expect(actuator.output).toContain('"status":"UP"');
        const logs = await harness.logs(wrong, 400);
        expect(logs).toMatch(/failed authentication|SaslAuthenticationException|Authentication failed/);
    }, 200_000);
});
