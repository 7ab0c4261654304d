// Both stacks through the real Pulumi engine: the CLI, its Node.js language host, and the Docker,
// Kafka and TLS provider plugins, on a throwaway local file backend and a copy of the projects, in
// the order a user works:
//   a. cluster dev stack: preview, up, every container healthy (no capability, no-new-privileges), no changes on a second preview, smoke
//   b. topics dev stack: preview with the policy pack (no violations), up, no changes, no drift on refresh
//   c. drift made with Kafka's own admin tools: refresh reports it, up restores it
//   d. access per catalog role, with Kafka's Java client as each user
//   e. catalog edits: partition increase in place; decrease and removal of a protected topic stopped at preview
//   f. staging over TLS (sasl_ssl): the topics stack and a Protobuf round trip over SASL_SSL and the registry's HTTPS
//      with its login; a client without the CA, or on SASL_PLAINTEXT, gets nothing; the UI in Chromium; preview:all
//      and promote across SASL_PLAINTEXT and SASL_SSL; a mandatory policy stops a preview; an isolated-mode roll and a
//      certificate renewal under a producer; no private key in clear in the state, the stack file, docker inspect or logs
//   g. destroy both stacks: the volumes stay, and a second up reads back what was written before
//   h. the Kafka UI (when a local UI image exists): login form in a real browser, the registry's subjects and a
//      decoded Person in its message view (a screenshot), API closed without login
//   o. adopting a cluster made by hand with Kafka's CLI tools: npm run adopt writes the catalog, one up imports its
//      topics and ACLs (nothing replaced or deleted), the next preview is empty, every right and message is unchanged
//   p. npm run adopt of the dev cluster gives back the catalog it was made from (topics, ACLs, quotas, schemas)
//   n. quotas: the catalog's quotas are in Kafka, a producer over its byte rate is throttled and one under it is not
//   m. schemas: the registry started with the cluster holds the catalog's subjects; a Java producer
//      with the registry's Protobuf serializer writes a Person a consumer decodes; a compatible
//      change applies, a reformatting is no change, an incompatible one is stopped at preview with
//      its reasons; refresh shows a subject changed out of band
//
// Runs when the toolchain is installed (see toolchainSkipReason); otherwise one skipped test says
// what is missing. Each step's time goes to .vitest-reports/e2e-timings.json.

import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BENCH_TOPIC, generateTopicsCatalog } from "../../bench/catalog-gen";
import { probe, type Connection } from "../../scripts/lib/kafka-probe";
import { schemaRoundTrip } from "../../scripts/lib/schema-client";
import { ccompatRequest } from "../../components/topics/schema-subject";
import { HEAP_MEASUREMENT } from "../../components/shared/broker-sizing";
import { allOnline, uiReport, waitUiClusterOnline } from "../../scripts/lib/kafka-ui-client";
import { findPulumi, REPO_ROOT, toolchainSkipReason } from "../../scripts/lib/pulumi-cli";
import { parsePreviewOutput, summarizePreview } from "../../scripts/lib/preview-summary";
import { aclKey, expandAcls } from "../../components/topics/acl-expansion";
import { parseCatalog, type Catalog } from "../../components/topics/catalog";
import { readCatalog } from "../../components/topics/catalog-files";
import { schemaSubjects } from "../../components/topics/schema-files";
import { containerLogs, E2eWorkspace, execIn, healthOf, removeClusterObjects, secondsToHealthy, watchContainers } from "./workspace";

const SKIP = toolchainSkipReason();
const IMAGE = process.env.KAFKA_TEST_IMAGE ?? "kafka-local:4.3.1";
/** A Kafka UI image built on this machine (none can be pulled here); the UI steps skip without one. */
const UI_IMAGE = process.env.KAFKA_UI_TEST_IMAGE ?? "";
/** The schema registry image built on this machine (scripts/build-registry-image.sh): the catalog's schemas need it. */
const REGISTRY_IMAGE = process.env.SCHEMA_REGISTRY_TEST_IMAGE || "schema-registry-local:3.3.3";
const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");
const POLICIES = join(REPO_ROOT, "policies");
const TIMINGS_FILE = join(REPO_ROOT, ".vitest-reports", "e2e-timings.json");

/** Names and ports of their own, so that a user's dev cluster (kafka-net, 9092, 8080) is never touched. */
const DEV = { name: "kafka-e2e", networkName: "kafka-e2e-net", externalPortBase: "39092", uiPort: "39080", schemaRegistryImage: REGISTRY_IMAGE, schemaRegistryPort: "39085" };
/** Images of earlier releases (built by the bootstrap): the previous line's newest patch, then the current line's previous patch. */
const UPGRADE_IMAGES = (process.env.KAFKA_UPGRADE_IMAGES ?? "").split(",").filter(x => x !== "");
const UPGRADE = { name: "kafka-e2e-up", networkName: "kafka-e2e-up-net", externalPortBase: "39292", uiEnabled: "false", heapMb: "384", memoryMb: "768", security: "sasl" };
/** Staging is the TLS environment (its stack file sets security sasl_ssl); its UI runs where a UI image exists. */
/** A one-node cluster filled by hand with Kafka's own tools, then adopted (step o). */
const ADOPT = { name: "kafka-e2e-adopt", networkName: "kafka-e2e-adopt-net", externalPortBase: "39592", brokers: "1", uiEnabled: "false", heapMb: "384", memoryMb: "768", security: "sasl" };
const STAGING = { name: "kafka-e2e-stg", networkName: "kafka-e2e-stg-net", externalPortBase: "39192", uiPort: "39181", heapMb: "384", memoryMb: "768", schemaRegistryImage: REGISTRY_IMAGE, schemaRegistryPort: "39185" };
/** The Kafka nodes among a cluster's containers (not the UI, not the schema registry). */
const kafkaNodes = (names: string[]) => names.filter(n => !n.endsWith("-ui") && !n.endsWith("-schema-registry"));
const USERS = ["orders-api", "payments-worker", "shipping-worker", "analytics-reader", "ops-admin"];
const TOPIC_URN = (stack: string, name: string) =>
    `urn:pulumi:${stack}::kafka-topics::kafka-as-code:index:TopicsCatalog$kafka:index/topic:Topic::catalog-topic-${name}`;

/** The topics stack's StackReference to its own previous outputs (the data-safety guard reads them). */
const SELF_REFERENCE = (stack: string) => `urn:pulumi:${stack}::kafka-topics::pulumi:pulumi:StackReference::previous-deployment`;

const policyArgs = (env: string) => ["--policy-pack", POLICIES, "--policy-pack-config", join(POLICIES, "config", `${env}.json`)];

if (SKIP) {
    describe("both stacks through the real Pulumi engine", () => {
        it.skip(SKIP, () => {});
    });
} else {
    describe("both stacks through the real Pulumi engine", () => {
        const ws = new E2eWorkspace(findPulumi()!);
        const passwords = Object.fromEntries(USERS.map(u => [u, `pw-${randomBytes(12).toString("hex")}`]));
        // Every character the password rule allows, so the whole path (brokers, healthcheck, UI, clients) is exercised.
        const uiPassword = `ui-${randomBytes(12).toString("hex")}._~+/=-`;
        let cluster: Record<string, any> = {};
        let admin: Connection;
        const user = (name: string): Connection => ({ ...admin, mechanism: "SCRAM-SHA-512", user: name, password: passwords[name] });
        const brokerNames = () => kafkaNodes(cluster.containerNames as string[]);
        /** Kafka's own CLI tools inside a broker, authenticated as the admin from the broker's own JAAS setting. */
        const kafkaTool = (tool: string, args: string) => execIn(brokerNames()[0],
            "umask 077 && printf 'security.protocol=SASL_PLAINTEXT\\nsasl.mechanism=PLAIN\\nsasl.jaas.config=%s\\n' \"$KAFKA_LISTENER_NAME_INTERNAL_PLAIN_SASL_JAAS_CONFIG\" > /tmp/e2e-admin.properties && " +
            `/opt/kafka/bin/${tool} --bootstrap-server localhost:19092 --command-config /tmp/e2e-admin.properties ${args}`);
        const partitionsOf = async (topic: string) => {
            const d = await probe("describe-topic", admin, { topic });
            expect(d, JSON.stringify(d)).toMatchObject({ ok: true });
            return (d.partitions as unknown[]).length;
        };
        const catalogFile = join(ws.root, "topics", "catalog.yaml");
        const shippedCatalog = readFileSync(catalogFile, "utf8");
        const editCatalog = (from: string, to: string) => {
            const text = readFileSync(catalogFile, "utf8");
            expect(text, `catalog edit: ${from.trim()}`).toContain(from);
            writeFileSync(catalogFile, text.replace(from, to));
        };
        /** `pulumi preview --json` with engine events, summarized. */
        const previewJson = async (project: "." | "topics", stack: string, extra: string[] = [], step?: string) => {
            const r = await ws.pulumi(project, ["preview", "--json", "--stack", stack, ...extra], { step });
            return { ...r, summary: summarizePreview(r.stdout) };
        };

        beforeAll(async () => {
            await new Docker().ping();
            for (const image of [IMAGE, REGISTRY_IMAGE]) {
                await new Docker().getImage(image).inspect().catch(() => { throw new Error(`image ${image} is not on this Docker host: run scripts/bootstrap-offline.sh`); });
            }
            for (const name of [DEV.name, STAGING.name, UPGRADE.name, ADOPT.name]) await removeClusterObjects(name);
            ws.progress(`workspace ${ws.root}, log ${ws.logFile}`);
            for (const stack of ["dev", "staging"]) {
                await ws.ok(".", ["stack", "init", stack]);
                await ws.ok("topics", ["stack", "init", stack]);
            }
            await ws.configure(".", "dev", { ...DEV, kafkaImage: IMAGE, ...(UI_IMAGE ? { uiImage: UI_IMAGE } : { uiEnabled: "false" }) });
            await ws.secret(".", "dev", "adminPassword", `adm-${randomBytes(12).toString("base64")}._~-`);
            if (UI_IMAGE) await ws.secret(".", "dev", "uiPassword", uiPassword);
            await ws.secret(".", "dev", "schemaRegistryPassword", `reg-${randomBytes(12).toString("hex")}`);
            for (const u of USERS) await ws.secret("topics", "dev", `userPasswords.${u}`, passwords[u], { path: true });
        }, 300_000);

        afterAll(async () => {
            mkdirSync(join(REPO_ROOT, ".vitest-reports"), { recursive: true });
            writeFileSync(TIMINGS_FILE, JSON.stringify({ when: new Date().toISOString(), timings: ws.timings }, null, 2));
            ws.progress(`timings:\n${ws.timings.map(t => `  ${t.step.padEnd(48)} ${t.seconds.toFixed(1)} s`).join("\n")}`);
            // Whatever a failed step left: the stacks' containers, networks and (retained) volumes.
            for (const name of [DEV.name, STAGING.name, UPGRADE.name, ADOPT.name]) await removeClusterObjects(name);
            ws.remove();
        }, 300_000);

        it("a. cluster dev: preview, up, every container healthy, no changes after, smoke passes", async () => {
            const preview = await previewJson(".", "dev", policyArgs("dev"), "cluster dev: preview (fresh)");
            expect(preview.status, preview.stderr).toBe(0);
            expect(preview.summary.creates).toBeGreaterThanOrEqual(7);
            expect(preview.summary.violations?.filter(v => v.enforcementLevel === "mandatory")).toEqual([]);

            await ws.ok(".", ["up", "--yes", "--stack", "dev"], { step: "cluster dev: up (3 brokers" + (UI_IMAGE ? " + UI)" : ")") });
            cluster = await ws.outputs(".", "dev");
            admin = { bootstrap: cluster.bootstrapServers, securityProtocol: "SASL_PLAINTEXT", mechanism: "PLAIN", user: cluster.adminUser, password: cluster.adminPassword };
            const names = cluster.containerNames as string[];
            expect(names).toHaveLength(UI_IMAGE ? 5 : 4);
            expect(names).toContain(`${DEV.name}-schema-registry`);
            expect(cluster.schemaRegistryUrl).toBe(`http://127.0.0.1:${DEV.schemaRegistryPort}`);
            expect(Object.values(await healthOf(names))).toEqual(names.map(() => "healthy"));
            const healthy = await secondsToHealthy(names);
            for (const [name, s] of Object.entries(healthy)) ws.record(`time to healthy: ${name}`, s);
            // Every running container, the UI and the registry included: no Linux capability, no privilege gain.
            for (const name of names) {
                const info = await new Docker().getContainer(name).inspect();
                expect(info.HostConfig.CapDrop, name).toEqual(["ALL"]);
                expect(info.HostConfig.SecurityOpt, name).toEqual(["no-new-privileges:true"]);
                const status = await execIn(name, "cat /proc/1/status");
                expect(status, name).toMatch(/^CapEff:\s+0+$/m);
                expect(status, name).toMatch(/^NoNewPrivs:\s+1$/m);
            }

            const again = await ws.pulumi(".", ["preview", "--expect-no-changes", "--stack", "dev"], { step: "cluster dev: no-op preview" });
            expect(again.status, `${again.stdout}\n${again.stderr}`).toBe(0);

            // A rename would move the data to new, empty volumes: refused at preview, naming both.
            await ws.configure(".", "dev", { name: "kafka-e2e-renamed" });
            const rename = await ws.pulumi(".", ["preview", "--stack", "dev"], { step: "cluster dev: preview of a rename (refused)" });
            expect(rename.status).not.toBe(0);
            expect(rename.stdout + rename.stderr).toMatch(/would move the brokers' data from volumes kafka-e2e-1-data, kafka-e2e-2-data, kafka-e2e-3-data to new, empty volumes kafka-e2e-renamed-1-data/);
            await ws.configure(".", "dev", { name: DEV.name });

            const t0 = Date.now();
            const smoke = await run(TSX, [join(REPO_ROOT, "scripts", "smoke.ts"), "--stack", "dev", "--cwd", ws.root], ws.env);
            ws.record("npm run smoke", (Date.now() - t0) / 1000);
            expect(smoke.status, smoke.out).toBe(0);
            expect(smoke.out).toMatch(/smoke OK/);
            if (UI_IMAGE) expect(smoke.out).toMatch(/ui OK/);
            expect(smoke.out).toMatch(/schema registry OK at http:\/\/127\.0\.0\.1:39085: 0 subjects/);
        }, 900_000);

        it("b. topics dev: policy preview without violations, up, no changes after, no drift on refresh", async () => {
            const preview = await previewJson("topics", "dev", policyArgs("dev"), "topics dev: preview with policies (fresh)");
            expect(preview.status, preview.stderr).toBe(0);
            expect(preview.summary.violations).toEqual([]);
            expect(preview.summary.creates).toBeGreaterThan(40);

            await ws.ok("topics", ["up", "--yes", "--stack", "dev", ...policyArgs("dev")], { step: "topics dev: up" });
            const out = await ws.outputs("topics", "dev");
            expect(out.topicNames).toHaveLength(8);
            expect(out.users.sort()).toEqual([...USERS].sort());

            const noop = await ws.pulumi("topics", ["preview", "--expect-no-changes", "--stack", "dev"], { step: "topics dev: no-op preview" });
            expect(noop.status, `${noop.stdout}\n${noop.stderr}`).toBe(0);
            // One password of the secret object stored in clear (the CLI asks for --plaintext when a value looks
            // like a secret; a plain word would need nothing): the stack file shows it, the program refuses it.
            await ws.ok("topics", ["config", "set", "--stack", "dev", "--plaintext", "--path", "userPasswords.orders-api"], { input: passwords["orders-api"] });
            const leak = await ws.pulumi("topics", ["preview", "--stack", "dev"]);
            expect(leak.status).not.toBe(0);
            expect(leak.stdout + leak.stderr).toMatch(/kafka-topics:userPasswords\.orders-api is stored in plain text in Pulumi\.dev\.yaml/);
            expect(leak.stdout + leak.stderr).not.toContain(passwords["orders-api"]);
            await ws.secret("topics", "dev", "userPasswords.orders-api", passwords["orders-api"], { path: true });

            // The drift check of the README: every resource but the stack's reference to its own previous outputs.
            const refresh = await ws.pulumi("topics", ["refresh", "--yes", "--expect-no-changes", "--stack", "dev", "--exclude", SELF_REFERENCE("dev")], { step: "topics dev: refresh" });
            expect(refresh.status, `${refresh.stdout}\n${refresh.stderr}`).toBe(0);
        }, 900_000);

        it("c. drift made with Kafka's admin tools: refresh reports it, up restores it", async () => {
            await kafkaTool("kafka-topics.sh", "--delete --topic orders.order.cancelled");
            await kafkaTool("kafka-configs.sh", "--alter --entity-type topics --entity-name payments.payment.failed --add-config retention.ms=3600000");

            const refresh = await ws.pulumi("topics", ["refresh", "--yes", "--stack", "dev"], { step: "topics dev: refresh with drift" });
            expect(refresh.status, refresh.stderr).toBe(0);
            expect(refresh.stdout).toMatch(/-\s+kafka:index:Topic\s+catalog-topic-orders\.order\.cancelled\s+deleted/);
            expect(refresh.stdout).toMatch(/~\s+kafka:index:Topic\s+catalog-topic-payments\.payment\.failed\s+updated/);

            const preview = await previewJson("topics", "dev");
            expect(preview.summary).toMatchObject({ creates: 1, updates: 1, deletes: 0, replaces: 0 });
            await ws.ok("topics", ["up", "--yes", "--stack", "dev"], { step: "topics dev: up restoring drift" });
            expect(await partitionsOf("orders.order.cancelled")).toBe(3);
            const configs = await kafkaTool("kafka-configs.sh", "--describe --entity-type topics --entity-name payments.payment.failed");
            expect(configs).toContain("retention.ms=2592000000");
        }, 900_000);

        it("d. each catalog user may do what its role allows, and nothing else", async () => {
            const own = await probe("produce", user("orders-api"), { topic: "orders.order.created", messages: 10, prefix: "e2e" });
            expect(own, JSON.stringify(own)).toMatchObject({ ok: true, acked: 10 });
            const foreign = await probe("produce", user("payments-worker"), { topic: "orders.order.created", messages: 1 });
            expect(foreign).toMatchObject({ ok: false });
            expect(String(foreign.error)).toMatch(/TopicAuthorization|not authorized/i);

            const inGroup = await probe("consume", user("payments-worker"), { topic: "orders.order.created", expect: 10, group: "payments-worker", "timeout-ms": 45_000 });
            expect(inGroup, JSON.stringify(inGroup)).toMatchObject({ ok: true, count: 10 });
            const otherGroup = await probe("consume", user("payments-worker"), { topic: "orders.order.created", expect: 1, group: "someone-else", "timeout-ms": 20_000 });
            expect(String(otherGroup.error)).toMatch(/GroupAuthorization/);
            const prefixed = await probe("consume", user("analytics-reader"), { topic: "orders.order.created", expect: 10, group: "analytics-daily", "timeout-ms": 45_000 });
            expect(prefixed, JSON.stringify(prefixed)).toMatchObject({ ok: true, count: 10 });
            const denied = await probe("consume", user("ops-admin"), { topic: "payments.payment.authorized", expect: 1, "timeout-ms": 20_000 });
            expect(String(denied.error)).toMatch(/TopicAuthorization/);
            const wrongPassword = await probe("check-auth", { ...user("orders-api"), password: "wrong" });
            expect(String(wrongPassword.error)).toMatch(/SaslAuthentication|Authentication failed/i);
        }, 300_000);

        it("n. quotas: the catalog's quotas are in Kafka; a producer over its byte rate is throttled, one under it is not", async () => {
            const described = await kafkaTool("kafka-configs.sh", "--describe --entity-type users");
            ws.progress(`quotas: kafka-configs.sh --describe --entity-type users:\n${described.trim()}`);
            const quotas = (await probe("snapshot", admin)).quotas as Array<{ entity: Record<string, string | null>; values: Record<string, number> }>;
            const quotaOf = (u: string) => quotas.find(q => q.entity.user === u)?.values;
            expect(quotaOf("orders-api"), JSON.stringify(quotas)).toEqual({ producer_byte_rate: 2097152 });
            expect(quotaOf("analytics-reader"), JSON.stringify(quotas)).toEqual({ consumer_byte_rate: 4194304, request_percentage: 50 });
            expect(described).toMatch(/user-principal 'orders-api'.*producer_byte_rate=2097152/);
            // 30 MiB to one partition (one broker) as orders-api, whose quota is 2 MiB/s per broker: the
            // broker delays its answers. (It measures the rate over at least 10 s, so a burst of less
            // than 20 MiB stays under it.)
            const over = await probe("produce", user("orders-api"), { topic: "orders.order.cancelled", messages: 3000, "value-bytes": 10240, key: "one-order", prefix: "quota" }, 180_000);
            expect(over, JSON.stringify(over).slice(0, 500)).toMatchObject({ ok: true, acked: 3000 });
            ws.progress(`quotas: orders-api sent 30 MiB in ${over.elapsedMs} ms, throttled up to ${over.throttleTimeMsMax} ms`);
            expect(Number(over.throttleTimeMsMax)).toBeGreaterThan(0);
            const under = await probe("produce", user("payments-worker"), { topic: "payments.payment.failed", messages: 100, prefix: "quota" });
            expect(under, JSON.stringify(under)).toMatchObject({ ok: true, acked: 100 });
            expect(Number(under.throttleTimeMsMax)).toBe(0);
        }, 300_000);

        it("p. adopting the dev cluster gives back the catalog it was made from: its topics, ACLs and quotas, and its schemas as files the stack reads", async () => {
            const topicsDir = join(ws.tmp, "adopted-dev", "topics");
            mkdirSync(topicsDir, { recursive: true });
            const t0 = Date.now();
            const adopt = await run(TSX, [join(REPO_ROOT, "scripts", "adopt.ts"), "--stack", "dev", "--cwd", ws.root, "--topics", topicsDir, "--out", join(topicsDir, "catalog.yaml")], ws.env);
            ws.record("npm run adopt (dev cluster)", (Date.now() - t0) / 1000);
            ws.progress(`adopt dev: ${adopt.out.trim().split("\n").join("\n  ")}`);
            expect(adopt.status, adopt.out).toBe(0);
            const shipped = parseCatalog(shippedCatalog, "catalog.yaml", "dev");
            const adopted = readCatalog({ topicsDir, catalog: "catalog.yaml" }, "dev", undefined, { project: "kafka-topics", stack: "dev" });
            const topicsOf = (c: Catalog) => c.topics.map(t => ({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, config: t.config }))
                .sort((a, b) => a.name.localeCompare(b.name));
            expect(topicsOf(adopted)).toEqual(topicsOf(shipped));
            expect(expandAcls(adopted).map(aclKey).sort()).toEqual(expandAcls(shipped).map(aclKey).sort());
            const quotasOf = (c: Catalog) => [...c.quotas].sort((a, b) => a.entityName.localeCompare(b.entityName));
            expect(quotasOf(adopted)).toEqual(quotasOf(shipped));
            // The users rule: adopting never changes a password, so they come back as external principals.
            expect(adopted.users).toEqual([]);
            for (const u of shipped.users) expect(adopted.externalPrincipals).toContain(`User:${u.name}`);
            // The registry's subjects, read back from the written files as the stack would register them.
            const subjectsOf = (c: Catalog, dir: string) => schemaSubjects(c, dir).map(s => ({ subject: s.subject, compatibility: s.compatibility, references: s.references }))
                .sort((a, b) => a.subject.localeCompare(b.subject));
            expect(subjectsOf(adopted, topicsDir)).toEqual(subjectsOf(shipped, join(ws.root, "topics")));
        }, 300_000);

        it("m. schemas: the catalog's subjects are registered, a Person round-trips through the Protobuf serde, a compatible change applies, an incompatible one is stopped at preview, refresh sees an out-of-band version", async () => {
            const registry = String(cluster.schemaRegistryUrl);
            const ccompat = async (path: string, init?: { method: string; body: unknown }) => {
                const res = await fetch(`${registry}/apis/ccompat/v7${path}`, init && {
                    method: init.method, headers: { "Content-Type": "application/vnd.schemaregistry.v1+json" }, body: JSON.stringify(init.body), signal: AbortSignal.timeout(30_000),
                });
                return { status: res.status, json: await res.json() as any };
            };
            const person = "people.person.updated-value";
            const personFile = join(ws.root, "topics", "schemas", "people", "v1", "person.proto");
            const shippedPerson = readFileSync(personFile, "utf8");

            // The topics stack's up (step b) registered every subject of the catalog, the imported file as its own subject.
            expect((await ccompat("/subjects")).json.sort()).toEqual(["common/v1/money.proto", "orders.order.created-value", person]);
            const latest = (await ccompat(`/subjects/${person}/versions/latest`)).json;
            expect(latest).toMatchObject({ subject: person, version: 1, schemaType: "PROTOBUF", schema: shippedPerson });
            expect((await ccompat(`/config/${person}`)).json).toMatchObject({ compatibilityLevel: "BACKWARD" });
            expect((await ccompat("/subjects/orders.order.created-value/versions/latest")).json.references)
                .toEqual([{ name: "common/v1/money.proto", subject: "common/v1/money.proto", version: 1 }]);

            // A Java producer with the registry's Protobuf serializer (finding the registered schema, not
            // registering one) writes a Person; a consumer with its deserializer reads it back.
            const t0 = Date.now();
            const trip = await schemaRoundTrip({
                bootstrap: String(cluster.bootstrapServers), registryUrl: registry, topic: "people.person.updated", protoFile: personFile, message: "Person",
                json: { name: "Ada", id: 42, email: "ada@example.org" },
                securityProtocol: "SASL_PLAINTEXT", mechanism: "PLAIN", user: String(admin.user), password: String(admin.password),
            });
            ws.record("schemas: Protobuf serde round trip", (Date.now() - t0) / 1000);
            expect(trip, JSON.stringify(trip)).toMatchObject({ ok: true, contentId: latest.id, decoded: { name: "Ada", id: 42, email: "ada@example.org" } });

            // Reformatting and comments are no change.
            writeFileSync(personFile, `// reformatted\n${shippedPerson.replace("  string name = 1;\n", "  string name=1;   // the full name\n")}`);
            const same = await ws.pulumi("topics", ["preview", "--expect-no-changes", "--stack", "dev"], { step: "schemas: preview of a reformatted .proto" });
            expect(same.status, `${same.stdout}\n${same.stderr}`).toBe(0);

            // A compatible change (a new optional field) is an update of the subject: version 2.
            const withPhone = shippedPerson.replace("  string email = 3;\n", "  string email = 3;\n  optional string phone = 4;\n");
            writeFileSync(personFile, withPhone);
            const compatible = await previewJson("topics", "dev", [], "schemas: preview of a compatible change");
            expect(compatible.status, compatible.stderr).toBe(0);
            expect(compatible.summary).toMatchObject({ creates: 0, updates: 1, deletes: 0, replaces: 0 });
            await ws.ok("topics", ["up", "--yes", "--stack", "dev"], { step: "schemas: up of a compatible change" });
            expect((await ccompat(`/subjects/${person}/versions`)).json).toEqual([1, 2]);
            expect((await ws.outputs("topics", "dev")).schemaVersions).toMatchObject({ [person]: 2, "common/v1/money.proto": 1, "orders.order.created-value": 1 });

            // An incompatible change (a field's type changed) is stopped at preview, naming the file, the subject, the rule and the reason.
            writeFileSync(personFile, withPhone.replace("int32 id = 2;", "string id = 2;"));
            const incompatible = await ws.pulumi("topics", ["preview", "--stack", "dev"], { step: "schemas: preview of an incompatible change (refused)" });
            const said = `${incompatible.stdout}\n${incompatible.stderr}`;
            ws.progress(`schemas: the refusal:\n${said.split("\n").filter(l => /compatible/.test(l)).join("\n")}`);
            expect(incompatible.status).not.toBe(0);
            expect(said).toMatch(/topics\/schemas\/people\/v1\/person\.proto is not BACKWARD compatible with subject people\.person\.updated-value \(latest version 2\): Field type changed, message Person, before: int32, after string/);
            expect((await ccompat(`/subjects/${person}/versions`)).json).toEqual([1, 2]);
            writeFileSync(personFile, withPhone);

            // Changed out of band (its level loosened to NONE, a version added): refresh shows the subject
            // changed. Going back to a version without the new field would break BACKWARD, so the
            // catalog adopts the field; up then restores only the level.
            const outOfBand = withPhone.replace("  optional string phone = 4;\n", "  optional string phone = 4;\n  optional string nickname = 5;\n");
            expect((await ccompat(`/config/${person}`, { method: "PUT", body: { compatibility: "NONE" } })).status).toBe(200);
            expect((await ccompat(`/subjects/${person}/versions`, { method: "POST", body: { schemaType: "PROTOBUF", schema: outOfBand } })).status).toBe(200);
            const refresh = await ws.pulumi("topics", ["refresh", "--yes", "--stack", "dev", "--exclude", SELF_REFERENCE("dev")], { step: "schemas: refresh after out-of-band changes" });
            expect(refresh.status, refresh.stderr).toBe(0);
            expect(refresh.stdout).toMatch(/~\s+pulumi-nodejs:dynamic\/schemas:Subject\s+schemas-people\.person\.updated-value\s+updated/);
            writeFileSync(personFile, outOfBand);
            const back = await previewJson("topics", "dev", [], "schemas: preview after the refresh (level back to BACKWARD)");
            expect(back.summary).toMatchObject({ updates: 1, creates: 0, deletes: 0, replaces: 0 });
            await ws.ok("topics", ["up", "--yes", "--stack", "dev"], { step: "schemas: up restoring the level" });
            expect((await ccompat(`/config/${person}`)).json).toMatchObject({ compatibilityLevel: "BACKWARD" });
            expect((await ccompat(`/subjects/${person}/versions`)).json).toEqual([1, 2, 3]);
            expect(await ws.pulumi("topics", ["preview", "--expect-no-changes", "--stack", "dev"])).toMatchObject({ status: 0 });

            // The registry keeps its data in Kafka: a replaced container reads every subject back.
            const registryContainer = `${DEV.name}-schema-registry`;
            const before = (await new Docker().getContainer(registryContainer).inspect()).Id;
            const registryUrn = `urn:pulumi:dev::kafka-cluster::kafka-as-code:index:KafkaCluster$kafka-as-code:index:SchemaRegistry$docker:index/container:Container::${DEV.name}-schema-registry-container`;
            await ws.ok(".", ["up", "--yes", "--stack", "dev", "--replace", registryUrn], { step: "schemas: cluster up replacing the registry container" });
            expect((await new Docker().getContainer(registryContainer).inspect()).Id).not.toBe(before);
            expect((await ccompat(`/subjects/${person}/versions`)).json).toEqual([1, 2, 3]);
            expect((await ccompat("/subjects")).json.sort()).toEqual(["common/v1/money.proto", "orders.order.created-value", person]);
            expect(await ws.pulumi("topics", ["preview", "--expect-no-changes", "--stack", "dev"])).toMatchObject({ status: 0 });
        }, 900_000);

        const uiStep = UI_IMAGE ? it : it.skip;
        uiStep(UI_IMAGE
            ? "h. the Kafka UI (while the catalog is deployed): login form, wrong password refused, 3 brokers online and the topics after login; API closed without login"
            : "h. the Kafka UI: skipped: no local Kafka UI image (set KAFKA_UI_TEST_IMAGE; scripts/bootstrap-offline.sh sets it when an image kafka-ui-local:* exists)", async () => {
            const report = await uiReport(cluster.uiUrl, cluster.uiUser, uiPassword);
            expect([401, 302, 303]).toContain(report.anonymousStatus);
            expect(report.loggedIn).toBe(true);
            expect((await uiReport(cluster.uiUrl, cluster.uiUser, "not-the-password")).loggedIn).toBe(false);
            const online = await waitUiClusterOnline(cluster.uiUrl, cluster.uiUser, uiPassword);
            expect(allOnline(online), JSON.stringify(online)).toBe(true);

            const { browse } = await import("./ui-browser");
            // Step m wrote a Person with the registry's Protobuf serializer: the UI decodes it with the registry.
            const screenshot = join(REPO_ROOT, ".vitest-reports", "ui-person-message.png");
            const seen = await browse(cluster.uiUrl, cluster.uiUser, uiPassword, { messagesOf: "people.person.updated", screenshot });
            expect(seen).toMatchObject({ loginFormShown: true, wrongPasswordRefused: true, onlineClusters: 1, offlineClusters: 0, brokers: 3 });
            expect(seen.topics).toEqual(expect.arrayContaining(["orders.order.created", "payments.payment.failed", "shipping.shipment.delivered"]));
            expect(seen.subjects).toEqual(expect.arrayContaining(["people.person.updated-value", "orders.order.created-value", "common/v1/money.proto"]));
            expect(seen.messageValues.map(v => JSON.parse(v))).toContainEqual({ name: "Ada", id: 42, email: "ada@example.org" });
            ws.progress(`UI: the message view of people.person.updated, photographed in ${screenshot}`);
        }, 300_000);

        /**
         * Runs `change` while an acks=all, idempotent producer writes 50 messages/s to a new topic
         * (6 partitions, RF 3, min ISR 2), then checks that every acknowledged message is read back
         * once. `grant` lets a non-admin producer write to the topic.
         */
        const underProducer = async (label: string, conn: { admin: Connection; producer?: Connection; grant?: (topic: string) => Promise<unknown> },
            change: () => Promise<void>) => {
            const topic = `e2e-${label.replace(/\W+/g, "-")}-${randomBytes(3).toString("hex")}`;
            expect(await probe("create-topic", conn.admin, { topic, partitions: 6, "replication-factor": 3, "min-isr": 2 })).toMatchObject({ created: topic });
            await conn.grant?.(topic);
            const stopFile = join(ws.tmp, `stop-${topic}`);
            const producing = probe("produce-steady", conn.producer ?? conn.admin, { topic, rate: 50, "stop-file": stopFile, "max-ms": 900_000 }, 1_000_000);
            await new Promise(r => setTimeout(r, 5000));
            try {
                await change();
                await new Promise(r => setTimeout(r, 5000));
            } finally {
                writeFileSync(stopFile, "");
            }
            const produced = await producing;
            ws.record(`${label}: longest gap between acknowledgements`, Number(produced.maxGapMs) / 1000);
            ws.progress(`${label}: ${produced.acked}/${produced.sent} acknowledged, longest gap ${produced.maxGapMs} ms`);
            expect(produced, JSON.stringify({ ...produced, ackedValues: undefined })).toMatchObject({ ok: true, failed: 0 });
            return async (reader: Connection) => {
                const acked = produced.ackedValues as string[];
                const values = (await probe("consume", reader, { topic, expect: acked.length, "timeout-ms": 120_000 })).values as string[];
                expect(acked.filter(v => !values.includes(v)), `${label}: acknowledged but lost`).toEqual([]);
                expect(values.length - new Set(values).size, `${label}: duplicates`).toBe(0);
            };
        };
        /** One `pulumi up` that must replace every node of `names` one at a time, each with a controlled shutdown. */
        const rollingUp = async (stack: string, clusterName: string, names: string[], step: string, extra: string[] = []) => {
            const roll = await watchContainers(clusterName, names, () => ws.ok(".", ["up", "--yes", "--stack", stack, ...extra], { step }));
            ws.progress(`${step}: ${roll.sequence.join(", ")}`);
            expect(roll.maxDown, roll.sequence.join(", ")).toBe(1);
            expect(roll.sequence.filter(e => e.endsWith(" die")), step).toHaveLength(names.length);
            for (const n of names) expect(roll.exitCodes[n], `${step}: ${n}`).toBe(143);
            return roll;
        };

        it("i. a heap change rolls the brokers one at a time: no acknowledged message lost or duplicated", async () => {
            const readBack = await underProducer("rolling heap change", { admin }, async () => {
                await rollingUp("dev", DEV.name, brokerNames(), "cluster dev: up of a heap change (rolling, producer running)", ["-c", "heapMb=640"]);
            });
            await readBack(admin);
        }, 1_200_000);

        it("k. the admin password rotates in three rolls through a standby admin (README sequence): one broker down at a time, no acknowledged message lost", async () => {
            const oldAdmin = { ...admin, user: String(admin.user), password: String(admin.password) };
            const newAdmin = { ...admin, user: `${oldAdmin.user}-b`, password: `adm-${randomBytes(12).toString("hex")}` };
            // The application producing meanwhile is a catalog user (SCRAM): an admin rotation must not touch it.
            const grant = (topic: string) => kafkaTool("kafka-acls.sh", `--add --allow-principal User:orders-api --operation Write --operation Describe --topic ${topic}`);
            const step = (what: string) => `admin rotation ${what} (rolling, producer running)`;
            const readBack = await underProducer("admin rotation (three rolls)", { admin, producer: user("orders-api"), grant }, async () => {
                await ws.configure(".", "dev", { standbyAdminUser: newAdmin.user });
                await ws.secret(".", "dev", "standbyAdminPassword", newAdmin.password);
                await rollingUp("dev", DEV.name, brokerNames(), step("1/3: add the standby admin"));
                expect(await probe("check-auth", newAdmin), "the standby admin is accepted").toMatchObject({ ok: true });

                await ws.configure(".", "dev", { adminUser: newAdmin.user, standbyAdminUser: oldAdmin.user });
                await ws.secret(".", "dev", "adminPassword", newAdmin.password);
                await ws.secret(".", "dev", "standbyAdminPassword", oldAdmin.password);
                await rollingUp("dev", DEV.name, brokerNames(), step("2/3: switch to it"));
                // The topics stack takes the new admin from the cluster's outputs: its provider changes, no topic, user or ACL does.
                const topicsPreview = await previewJson("topics", "dev", [], "admin rotation: topics preview with the new admin");
                expect(topicsPreview.status, topicsPreview.stderr).toBe(0);
                expect(topicsPreview.summary).toMatchObject({ replaces: 0, deletes: 0, creates: 0 });
                await ws.ok("topics", ["up", "--yes", "--stack", "dev"], { step: "admin rotation: topics up with the new admin" });

                await ws.ok(".", ["config", "rm", "--stack", "dev", "standbyAdminUser"]);
                await ws.ok(".", ["config", "rm", "--stack", "dev", "standbyAdminPassword"]);
                await rollingUp("dev", DEV.name, brokerNames(), step("3/3: remove the old admin"));
            });

            cluster = await ws.outputs(".", "dev");
            expect(cluster.adminUser).toBe(newAdmin.user);
            expect(cluster.adminPassword).toBe(newAdmin.password);
            admin = newAdmin;
            expect(String((await probe("check-auth", oldAdmin)).error), "the old admin is refused").toMatch(/SaslAuthentication|Authentication failed/i);
            await readBack(admin);
            expect(await ws.pulumi("topics", ["preview", "--expect-no-changes", "--stack", "dev"])).toMatchObject({ status: 0 });
        }, 1_800_000);

        it("l. an up of a big catalog interrupted with Ctrl-C stops cleanly and a second up finishes it; after a killed up, adoptExistingTopics recovers; a destroy with a topic already gone completes with --refresh", async () => {
            const count = 150;
            const names = Array.from({ length: count }, (_, i) => `e2e.interrupted.t${String(i).padStart(3, "0")}`);
            writeFileSync(join(ws.root, "topics", "interrupted.yaml"), "topics:\n" + names.map(n =>
                `  - name: ${n}\n    partitions: 3\n    replicationFactor: 3\n    config:\n      min.insync.replicas: "2"\n`).join(""));
            const stack = "interrupted";
            await ws.ok("topics", ["stack", "init", stack]);
            await ws.configure("topics", stack, {
                catalog: "interrupted.yaml", environment: "dev", bootstrapServers: cluster.bootstrapServers, securityProtocol: "SASL_PLAINTEXT",
                saslMechanism: "PLAIN", adminUser: String(admin.user), brokerCount: "3",
            });
            await ws.secret("topics", stack, "adminPassword", String(admin.password));
            const existing = async () => (await kafkaTool("kafka-topics.sh", "--list")).split("\n").filter(l => l.startsWith("e2e.interrupted.")).length;

            /** `pulumi up` stopped with a signal once 10 topics were created, with 10 operations at once (not the project's 256, which would all be in flight). */
            const upUntil = async (killSignal: NodeJS.Signals, step: string) => {
                const stop = new AbortController();
                let created = 0;
                ws.env.PULUMI_PARALLEL = "10";
                const r = await ws.pulumi("topics", ["up", "--yes", "--stack", stack], {
                    step, killSignal, interrupt: stop.signal,
                    onOutput: chunk => { created += (chunk.match(/ created/g) ?? []).length; if (created >= 10 && !stop.signal.aborted) stop.abort(); },
                }).finally(() => { delete ws.env.PULUMI_PARALLEL; });
                expect(stop.signal.aborted, `${step}: the up ended before 10 topics were created`).toBe(true);
                return r;
            };
            // Ctrl-C: the engine finishes the operations in flight, records them, and stops.
            const interrupted = await upUntil("SIGINT", "interrupted up: up until Ctrl-C");
            const said = `${interrupted.stdout}\n${interrupted.stderr}`.split("\n").filter(l => /received; cancelling|update canceled/i.test(l)).map(l => l.trim());
            ws.progress(`interrupted up: the CLI said: ${said.join(" | ")}`);
            expect(said.length, "the CLI says the update was cancelled").toBeGreaterThan(0);
            expect(interrupted.status, interrupted.stdout.slice(-2000)).not.toBe(0);
            const partial = await existing();
            ws.progress(`interrupted up: ${partial} of ${count} topics existed after Ctrl-C`);
            expect(partial).toBeGreaterThan(0);
            expect(partial).toBeLessThan(count);

            const again = await ws.ok("topics", ["up", "--yes", "--stack", stack], { step: "interrupted up: up again" });
            expect(again.stdout).not.toMatch(/already exists/i);
            expect(await existing()).toBe(count);
            expect(await ws.pulumi("topics", ["preview", "--expect-no-changes", "--stack", stack])).toMatchObject({ status: 0 });
            await ws.ok("topics", ["destroy", "--yes", "--stack", stack], { step: "interrupted up: destroy" });
            expect(await existing()).toBe(0);

            // A killed CLI (SIGKILL: a crash, a lost CI runner) records nothing more: its lock stays, and
            // the topics it created are unknown to the stack, so a plain up fails on them.
            await upUntil("SIGKILL", "killed up: up until SIGKILL");
            const created = await existing();
            expect(created).toBeGreaterThan(0);
            const cancel = await ws.pulumi("topics", ["cancel", "--yes", "--stack", stack]);
            if (cancel.status !== 0 && /failed to load checkpoint/.test(cancel.stdout + cancel.stderr)) {
                // The kill landed while the file backend rewrote the stack's state in place, cutting it
                // short: restore the checkpoint before it, as topics/README.md says, then cancel.
                const state = join(ws.tmp, "state", ".pulumi", "stacks", "kafka-topics", `${stack}.json`);
                ws.progress(`killed up: the state file was cut short by the kill; restoring ${state}.bak`);
                for (const suffix of ["", ".attrs"]) copyFileSync(`${state}.bak${suffix}`, `${state}${suffix}`);
                await ws.ok("topics", ["cancel", "--yes", "--stack", stack]);
            } else {
                expect(cancel.status, cancel.stdout + cancel.stderr).toBe(0);
            }
            const plain = await ws.pulumi("topics", ["up", "--yes", "--stack", stack], { step: "killed up: plain up again (fails)" });
            expect(plain.status).not.toBe(0);
            expect(plain.stdout + plain.stderr).toMatch(/Topic with this name already exists/);
            const adopted = await ws.ok("topics", ["up", "--yes", "--stack", stack, "-c", "adoptExistingTopics=true"], { step: "killed up: up with adoptExistingTopics" });
            expect(adopted.stdout).toMatch(/imported/);
            await ws.ok("topics", ["config", "rm", "--stack", stack, "adoptExistingTopics"]);
            expect(await existing()).toBe(count);
            expect(await ws.pulumi("topics", ["preview", "--expect-no-changes", "--stack", stack])).toMatchObject({ status: 0 });

            // A topic already gone when the engine deletes it (removed out of band, or a delete the
            // controller applied but answered late under load) fails a plain destroy; with a refresh
            // first (topics/README.md) it completes.
            await kafkaTool("kafka-topics.sh", `--delete --topic ${names[0]}`);
            const gone = await ws.pulumi("topics", ["destroy", "--yes", "--stack", stack], { step: "killed up: destroy with a topic already gone (fails)" });
            expect(gone.status).not.toBe(0);
            expect(gone.stdout + gone.stderr).toMatch(/does not exist on this broker/);
            await ws.ok("topics", ["destroy", "--yes", "--refresh", "--stack", stack], { step: "killed up: destroy --refresh" });
            expect(await existing()).toBe(0);
        }, 900_000);

        const upgradeStep = UPGRADE_IMAGES.length === 2 ? it : it.skip;
        upgradeStep(UPGRADE_IMAGES.length === 2
            ? `j. Kafka upgrades roll too: ${UPGRADE_IMAGES.join(" -> ")} -> ${IMAGE} under a producer, then metadata.version is finalized`
            : "j. Kafka upgrades: skipped: no images of earlier releases (KAFKA_UPGRADE_IMAGES; scripts/bootstrap-offline.sh builds them)", async () => {
            const stack = "upgrade";
            await ws.ok(".", ["stack", "init", stack]);
            await ws.configure(".", stack, { ...UPGRADE, kafkaImage: UPGRADE_IMAGES[0] });
            const password = `adm-${randomBytes(12).toString("hex")}`;
            await ws.secret(".", stack, "adminPassword", password);
            await ws.ok(".", ["up", "--yes", "--stack", stack], { step: `upgrade: up on ${UPGRADE_IMAGES[0]}` });
            const out = await ws.outputs(".", stack);
            const conn: Connection = { bootstrap: out.bootstrapServers, securityProtocol: "SASL_PLAINTEXT", mechanism: "PLAIN", user: out.adminUser, password };
            const brokers = (out.containerNames as string[]);
            const features = (args: string) => execIn(brokers[0],
                "umask 077 && printf 'security.protocol=SASL_PLAINTEXT\\nsasl.mechanism=PLAIN\\nsasl.jaas.config=%s\\n' \"$KAFKA_LISTENER_NAME_INTERNAL_PLAIN_SASL_JAAS_CONFIG\" > /tmp/e2e-admin.properties && " +
                `/opt/kafka/bin/kafka-features.sh --bootstrap-server localhost:19092 --command-config /tmp/e2e-admin.properties ${args}`);
            const before = await features("describe");

            const readBack = await underProducer("upgrade (two rolls)", { admin: conn }, async () => {
                for (const image of [UPGRADE_IMAGES[1], IMAGE]) {
                    await rollingUp(stack, UPGRADE.name, brokers, `upgrade: rolling up to ${image}`, ["-c", `kafkaImage=${image}`]);
                }
            });
            await readBack(conn);

            // New binaries keep the old metadata.version until it is finalized, once every node runs them.
            const current = /metadata\.version\s+SupportedMinVersion:\s*\S+\s+SupportedMaxVersion:\s*(\S+)\s+FinalizedVersionLevel:\s*(\S+)/;
            const [, , oldLevel] = current.exec(before)!;
            const [, newMax, stillLevel] = current.exec(await features("describe"))!;
            expect(stillLevel).toBe(oldLevel);
            expect(newMax).not.toBe(oldLevel);
            await features(`upgrade --release-version ${newMax}`);
            expect(current.exec(await features("describe"))![2]).toBe(newMax);
            ws.progress(`upgrade: metadata.version ${oldLevel} kept through the rolls, finalized to ${newMax}`);

            await ws.ok(".", ["destroy", "--yes", "--stack", stack], { step: "upgrade: destroy" });
            await removeClusterObjects(UPGRADE.name);
        }, 1_800_000);

        it("o. adopting a cluster made by hand: npm run adopt writes a catalog; one up imports it without re-creating, replacing or deleting anything; the next preview is empty; rights and data are unchanged", async () => {
            const stack = "adopt";
            await ws.ok(".", ["stack", "init", stack]);
            await ws.configure(".", stack, { ...ADOPT, kafkaImage: IMAGE });
            const adminPassword = `adm-${randomBytes(12).toString("hex")}`;
            await ws.secret(".", stack, "adminPassword", adminPassword);
            await ws.ok(".", ["up", "--yes", "--stack", stack], { step: "adopt: cluster up (1 node)" });
            const out = await ws.outputs(".", stack);
            const node = (out.containerNames as string[])[0];
            const admin1: Connection = { bootstrap: out.bootstrapServers, securityProtocol: "SASL_PLAINTEXT", mechanism: "PLAIN", user: out.adminUser, password: adminPassword };

            // What an operator does by hand: kafka-topics.sh, kafka-configs.sh, kafka-acls.sh.
            const pw = Object.fromEntries(["sales-producer", "billing-consumer", "fleet-tx", "auditor"].map(u => [u, `pw-${randomBytes(9).toString("hex")}`]));
            const configs = ["retention.ms=86400000", "cleanup.policy=compact", "min.insync.replicas=1", "max.message.bytes=2097152", "compression.type=zstd"];
            const domains = ["sales", "billing", "fleet", "audit"];
            const topicNames = Array.from({ length: 20 }, (_, i) => `${domains[i % 4]}.item${i}.event`);
            const tool = (name: string) => `/opt/kafka/bin/${name} --bootstrap-server localhost:19092 --command-config /tmp/adopt-admin.properties`;
            const script = [
                "set -e",
                "umask 077 && printf 'security.protocol=SASL_PLAINTEXT\\nsasl.mechanism=PLAIN\\nsasl.jaas.config=%s\\n' \"$KAFKA_LISTENER_NAME_INTERNAL_PLAIN_SASL_JAAS_CONFIG\" > /tmp/adopt-admin.properties",
                ...topicNames.map((t, i) => `${tool("kafka-topics.sh")} --create --topic ${t} --partitions ${1 + (i % 3)} --replication-factor 1${i % 5 === 4 ? "" : ` --config ${configs[i % 5]}`}${i % 2 ? " --config segment.ms=3600000" : ""}`),
                ...Object.entries(pw).map(([u, p]) => `${tool("kafka-configs.sh")} --alter --add-config 'SCRAM-SHA-512=[password=${p}]' --entity-type users --entity-name ${u}`),
                `${tool("kafka-acls.sh")} --add --allow-principal User:sales-producer --producer --topic sales.item0.event`,
                `${tool("kafka-acls.sh")} --add --allow-principal User:billing-consumer --consumer --topic billing.item1.event --group billing-consumer`,
                `${tool("kafka-acls.sh")} --add --allow-principal User:fleet-tx --producer --topic fleet.item2.event --transactional-id fleet-tx-1`,
                `${tool("kafka-acls.sh")} --add --allow-principal User:auditor --operation Describe --operation DescribeConfigs --topic '*'`,
                `${tool("kafka-acls.sh")} --add --allow-principal User:auditor --operation Describe --cluster`,
                `${tool("kafka-configs.sh")} --alter --add-config producer_byte_rate=1048576 --entity-type users --entity-name sales-producer`,
                `${tool("kafka-configs.sh")} --alter --add-config consumer_byte_rate=2097152 --entity-type clients --entity-name reporting-batch`,
            ].join("\n");
            const t0 = Date.now();
            await execIn(node, script, 600_000);
            ws.record("adopt: fill the cluster with Kafka's CLI tools", (Date.now() - t0) / 1000);
            const as = (u: string): Connection => ({ ...admin1, mechanism: "SCRAM-SHA-512", user: u, password: pw[u] });
            expect(await probe("produce", as("sales-producer"), { topic: "sales.item0.event", messages: 50, prefix: "before" })).toMatchObject({ ok: true, acked: 50 });
            expect(await probe("produce", as("fleet-tx"), { topic: "fleet.item2.event", messages: 20, prefix: "before", "transactional-id": "fleet-tx-1" })).toMatchObject({ ok: true, acked: 20 });
            const before = await probe("snapshot", admin1);
            expect(before, JSON.stringify(before).slice(0, 500)).toMatchObject({ ok: true });
            expect((before.topics as unknown[]).length).toBe(20);
            expect((before.acls as unknown[]).length).toBe(14);

            // npm run adopt, through the cluster stack's outputs.
            const t1 = Date.now();
            const adopt = await run(TSX, [join(REPO_ROOT, "scripts", "adopt.ts"), "--stack", stack, "--cwd", ws.root, "--topics", join(ws.root, "topics"), "--out-dir", join(ws.root, "topics", "adopted")], ws.env);
            ws.record("npm run adopt", (Date.now() - t1) / 1000);
            ws.progress(`adopt: ${adopt.out.trim().split("\n").join("\n  ")}`);
            expect(adopt.status, adopt.out).toBe(0);
            expect(adopt.out).toMatch(/read 20 topics, 4 SCRAM users, 14 ACLs and 2 quotas/);
            expect(adopt.out).toMatch(/the topics stack accepts it \(environment dev\): 20 topics/);
            expect(adopt.out).not.toContain(adminPassword);

            // The topics stack that will manage it: an existing cluster reached by config.
            const topicsStack = "adopted";
            const adoptingConfig = {
                catalog: "adopted", environment: "dev", bootstrapServers: out.bootstrapServers, securityProtocol: "SASL_PLAINTEXT",
                saslMechanism: "PLAIN", adminUser: out.adminUser, brokerCount: "1", adoptExisting: "true",
            };
            await ws.ok("topics", ["stack", "init", topicsStack]);
            await ws.configure("topics", topicsStack, adoptingConfig);
            await ws.secret("topics", topicsStack, "adminPassword", adminPassword);

            // A value changed in Kafka after `adopt` ran: the adopting preview stops, naming the topic and
            // the field, before anything is imported.
            await execIn(node, `${tool("kafka-configs.sh")} --alter --entity-type topics --entity-name sales.item0.event --add-config max.message.bytes=3000000`);
            const differs = await ws.pulumi("topics", ["preview", "--stack", topicsStack], { step: "adopt: adopting preview after a change in Kafka (refused)" });
            expect(differs.status).not.toBe(0);
            expect(differs.stdout + differs.stderr).toMatch(/config\["max\.message\.bytes"\] \(topic sales\.item0\.event\) \(found "\(not set\)"\) differs from Kafka, which has 3000000/);
            await execIn(node, `${tool("kafka-configs.sh")} --alter --entity-type topics --entity-name sales.item0.event --delete-config max.message.bytes`);

            const preview = await previewJson("topics", topicsStack, [], "adopt: adopting preview");
            expect(preview.status, preview.stdout.slice(-3000) + preview.stderr).toBe(0);
            ws.progress(`adopt: adopting preview: ${JSON.stringify({ imports: preview.summary.imports, creates: preview.summary.creates, updates: preview.summary.updates, replaces: preview.summary.replaces, deletes: preview.summary.deletes })}`);
            // Of Kafka's resources, only the quotas are created (the provider cannot import one), with the
            // values Kafka already holds; the rest of the creates are the stack, its provider and component.
            const parsed = parsePreviewOutput(preview.stdout);
            const created = parsed.format === "events"
                ? parsed.events.map(e => (e as any).resourcePreEvent?.metadata).filter(m => m?.op === "create").map(m => String(m.type)) : [];
            expect(created.filter(t => t.startsWith("kafka:index/")).sort()).toEqual(["kafka:index/quota:Quota", "kafka:index/quota:Quota"]);
            expect(preview.summary).toMatchObject({ creates: created.length, updates: 0, replaces: 0, deletes: 0 });
            expect(preview.summary.imports).toBe(20 + 14);
            await ws.ok("topics", ["up", "--yes", "--stack", topicsStack], { step: "adopt: adopting up" });
            await ws.ok("topics", ["config", "rm", "--stack", topicsStack, "adoptExisting"]);
            const noop = await ws.pulumi("topics", ["preview", "--expect-no-changes", "--stack", topicsStack], { step: "adopt: preview after adopting" });
            expect(noop.status, `${noop.stdout}\n${noop.stderr}`).toBe(0);

            // Nothing in the cluster changed: topics, configs, users, ACLs, quotas, and the data.
            const after = await probe("snapshot", admin1);
            for (const key of ["topics", "users", "acls", "quotas"]) expect(after[key], key).toEqual(before[key]);
            expect(await probe("consume", admin1, { topic: "sales.item0.event", expect: 50 })).toMatchObject({ ok: true, count: 50 });
            expect(await probe("produce", as("sales-producer"), { topic: "sales.item0.event", messages: 5, prefix: "after" })).toMatchObject({ ok: true, acked: 5 });
            expect(await probe("produce", as("sales-producer"), { topic: "billing.item1.event", messages: 1 })).toMatchObject({ ok: false });
            expect(await probe("consume", as("billing-consumer"), { topic: "billing.item1.event", expect: 0, group: "billing-consumer", "timeout-ms": 10_000 })).toMatchObject({ ok: true });
            expect(String((await probe("consume", as("billing-consumer"), { topic: "billing.item1.event", expect: 1, group: "other", "timeout-ms": 15_000 })).error)).toMatch(/GroupAuthorization/);
            expect(await probe("produce", as("fleet-tx"), { topic: "fleet.item2.event", messages: 5, prefix: "after", "transactional-id": "fleet-tx-1" })).toMatchObject({ ok: true, acked: 5 });
            expect(String((await probe("consume", as("auditor"), { topic: "sales.item0.event", expect: 1, "timeout-ms": 15_000 })).error)).toMatch(/TopicAuthorization/);

            await ws.ok("topics", ["destroy", "--yes", "--stack", topicsStack], { step: "adopt: destroy the topics stack" });
            await ws.ok(".", ["destroy", "--yes", "--stack", stack], { step: "adopt: destroy the cluster" });
            await removeClusterObjects(ADOPT.name);
        }, 1_200_000);

        it("e. catalog edits: partitions grow in place; a decrease, a protected topic's removal or a catalog bigger than the brokers' heap holds is stopped at preview", async () => {
            // Growth: an update of the same topic, never a replacement.
            editCatalog("  - name: orders.order.cancelled\n    partitions: 3\n", "  - name: orders.order.cancelled\n    partitions: 4\n");
            const grow = await previewJson("topics", "dev", [], "topics dev: preview of a partition increase");
            expect(grow.status, grow.stderr).toBe(0);
            expect(grow.summary).toMatchObject({ updates: 1, replaces: 0, deletes: 0, creates: 0 });
            expect(grow.stdout).toContain(TOPIC_URN("dev", "orders.order.cancelled"));
            await ws.ok("topics", ["up", "--yes", "--stack", "dev"], { step: "topics dev: up of a partition increase" });
            expect(await partitionsOf("orders.order.cancelled")).toBe(4);

            // Shrinking would delete and re-create the topic: refused before anything is declared.
            editCatalog("  - name: orders.order.cancelled\n    partitions: 4\n", "  - name: orders.order.cancelled\n    partitions: 2\n");
            const shrink = await ws.pulumi("topics", ["preview", "--stack", "dev"]);
            expect(shrink.status).not.toBe(0);
            expect(shrink.stdout + shrink.stderr).toMatch(/would decrease topic orders\.order\.cancelled from 4 to 2 partitions/);
            editCatalog("  - name: orders.order.cancelled\n    partitions: 2\n", "  - name: orders.order.cancelled\n    partitions: 4\n");

            // A stack that protects its topics: a topic added, deployed, then removed from the catalog is refused at preview.
            const added = "  - name: orders.order.archived\n    partitions: 3\n    replicationFactor: 1\n    config:\n      cleanup.policy: delete\n      min.insync.replicas: \"1\"\n\n";
            const withoutArchive = readFileSync(catalogFile, "utf8");
            editCatalog("\nusers:\n", `\n${added}users:\n`);
            await ws.configure("topics", "dev", { protectTopics: "true" });
            await ws.ok("topics", ["up", "--yes", "--stack", "dev"], { step: "topics dev: up with protection and a new topic" });
            writeFileSync(catalogFile, withoutArchive);
            const removal = await ws.pulumi("topics", ["preview", "--stack", "dev"]);
            expect(removal.status).not.toBe(0);
            expect(removal.stdout + removal.stderr).toMatch(/no longer declares topic orders\.order\.archived .*deployed and protected/);
            // The engine refuses it too, without the program's guard (its own protection of the resource).
            await ws.configure("topics", "dev", { previousOutputsStack: "none" });
            const engine = await ws.pulumi("topics", ["preview", "--stack", "dev"]);
            expect(engine.status).not.toBe(0);
            expect(engine.stdout + engine.stderr).toMatch(/catalog-topic-orders\.order\.archived" cannot be deleted\s+because it is protected/);
            await ws.ok("topics", ["config", "rm", "--stack", "dev", "previousOutputsStack"]);
            // Deleting it on purpose: list it under deletedTopics, lift the protection, turn protection off.
            editCatalog("\nusers:\n", "\ndeletedTopics: [orders.order.archived]\n\nusers:\n");
            await ws.ok("topics", ["state", "unprotect", "--yes", "--stack", "dev", TOPIC_URN("dev", "orders.order.archived")]);
            await ws.configure("topics", "dev", { protectTopics: "false" });
            await ws.ok("topics", ["up", "--yes", "--stack", "dev"], { step: "topics dev: up deleting a listed topic, protection off" });
            writeFileSync(catalogFile, withoutArchive);
            expect(await probe("describe-topic", admin, { topic: "orders.order.archived" })).toMatchObject({ ok: false });

            // A catalog the brokers' heap cannot hold (the cluster stack's brokerHeapMb output, read
            // through the real StackReference) is refused at preview, with the setting to change.
            const heapMb = Number((await ws.ok(".", ["stack", "output", "brokerHeapMb", "--stack", "dev"])).stdout.trim());
            const replicasPerTopicPerBroker = BENCH_TOPIC.partitions * BENCH_TOPIC.replicationFactor / 3;
            const tooMany = Math.ceil(HEAP_MEASUREMENT.failedReplicasPerBroker * heapMb / HEAP_MEASUREMENT.heapMb / replicasPerTopicPerBroker);
            writeFileSync(catalogFile, generateTopicsCatalog(tooMany));
            const big = await ws.pulumi("topics", ["preview", "--stack", "dev"], { step: `topics dev: preview of ${tooMany} topics on ${heapMb} MB brokers (refused)` });
            writeFileSync(catalogFile, withoutArchive);
            expect(big.status).not.toBe(0);
            expect(big.stdout + big.stderr).toMatch(new RegExp(`${tooMany} topics put about \\d+ partition replicas on each of the 3 brokers, whose heap is ${heapMb} MB: brokers run out of heap`));
            expect(big.stdout + big.stderr).toMatch(/pulumi config set heapMb \d+ && pulumi config set memoryMb \d+/);
        }, 900_000);

        it("f. staging over TLS (sasl_ssl): every client trusts the cluster's CA and nothing else gets in; preview:all and promote across SASL_PLAINTEXT and SASL_SSL; a mandatory policy stops a preview; a certificate renewal rolls the nodes; no private key in clear anywhere", async () => {
            const stagingUiPassword = `ui-${randomBytes(12).toString("hex")}`;
            const registryApiPassword = `api-${randomBytes(12).toString("hex")}`;
            await ws.configure(".", "staging", { ...STAGING, kafkaImage: IMAGE, ...(UI_IMAGE ? { uiImage: UI_IMAGE } : { uiEnabled: "false" }) });
            await ws.secret(".", "staging", "adminPassword", `adm-${randomBytes(12).toString("hex")}`);
            await ws.secret(".", "staging", "schemaRegistryPassword", `reg-${randomBytes(12).toString("hex")}`);
            await ws.secret(".", "staging", "schemaRegistryApiPassword", registryApiPassword);
            if (UI_IMAGE) await ws.secret(".", "staging", "uiPassword", stagingUiPassword);
            await ws.ok(".", ["up", "--yes", "--stack", "staging"], { step: "cluster staging: up over TLS (3 controllers + 3 brokers, registry" + (UI_IMAGE ? ", UI)" : ")") });
            const stagingOut = await ws.outputs(".", "staging");
            const names = stagingOut.containerNames as string[];
            expect(Object.values(await healthOf(names))).toEqual(names.map(() => "healthy"));
            for (const [name, seconds] of Object.entries(await secondsToHealthy(names))) ws.record(`time to healthy with TLS: ${name}`, seconds);
            expect(stagingOut).toMatchObject({ securityProtocol: "SASL_SSL", schemaRegistryUrl: `https://127.0.0.1:${STAGING.schemaRegistryPort}`, schemaRegistryApiUser: "registry" });
            expect(stagingOut.caCert).toMatch(/^-----BEGIN CERTIFICATE-----/);
            expect(Object.keys(stagingOut.certificateExpiries).sort()).toEqual([...kafkaNodes(names), `${STAGING.name}-schema-registry`].sort());
            const caFile = join(ws.tmp, "staging-ca.pem");
            writeFileSync(caFile, stagingOut.caCert);
            const stagingAdmin: Connection = { bootstrap: stagingOut.bootstrapServers, securityProtocol: "SASL_SSL", mechanism: "PLAIN", user: stagingOut.adminUser, password: stagingOut.adminPassword, caFile };

            // The topics stack applies the catalog over SASL_SSL, its schemas over HTTPS with the registry's credentials.
            for (const u of USERS) await ws.secret("topics", "staging", `userPasswords.${u}`, passwords[u], { path: true });
            await ws.ok("topics", ["up", "--yes", "--stack", "staging"], { step: "topics staging: up over SASL_SSL" });
            expect(await ws.pulumi("topics", ["preview", "--expect-no-changes", "--stack", "staging"], { step: "topics staging: no-op preview over SASL_SSL" })).toMatchObject({ status: 0 });
            const registry = { registryUrl: stagingOut.schemaRegistryUrl, registryCa: stagingOut.caCert };
            const basic = `Basic ${Buffer.from(`registry:${registryApiPassword}`).toString("base64")}`;
            expect((await ccompatRequest({ ...registry, registryAuth: basic }, "GET", "/subjects")).json.sort()).toEqual(["common/v1/money.proto", "orders.order.created-value", "people.person.updated-value"]);
            expect(await ccompatRequest(registry, "GET", "/subjects").then(() => "answered", (e: Error) => e.message)).toMatch(/refused this stack's credentials \(HTTP 401\)/);
            // The project's Protobuf serde client over SASL_SSL and HTTPS, with the registry's login.
            const personFile = join(ws.root, "topics", "schemas", "people", "v1", "person.proto");
            const tlsTrip = await schemaRoundTrip({
                bootstrap: stagingOut.bootstrapServers, registryUrl: stagingOut.schemaRegistryUrl, topic: "people.person.updated", protoFile: personFile, message: "Person",
                json: { name: "Grace", id: 7, email: "grace@example.org" }, securityProtocol: "SASL_SSL", mechanism: "PLAIN", user: stagingOut.adminUser, password: stagingOut.adminPassword,
                caFile, registryUser: "registry", registryPassword: registryApiPassword,
            });
            expect(tlsTrip, JSON.stringify(tlsTrip)).toMatchObject({ ok: true, decoded: { name: "Grace", id: 7, email: "grace@example.org" } });

            // A catalog user that trusts the CA produces and consumes; a client that does not trust it, or speaks SASL_PLAINTEXT, gets nothing.
            const orders: Connection = { ...stagingAdmin, mechanism: "SCRAM-SHA-512", user: "orders-api", password: passwords["orders-api"] };
            expect(await probe("produce", orders, { topic: "orders.order.created", messages: 10, prefix: "tls" })).toMatchObject({ ok: true, acked: 10 });
            const read = await probe("consume", { ...orders, user: "payments-worker", password: passwords["payments-worker"] }, { topic: "orders.order.created", expect: 10, group: "payments-worker", "timeout-ms": 60_000 });
            expect(read, JSON.stringify(read)).toMatchObject({ ok: true, count: 10 });
            const untrusting = await probe("check-auth", { ...orders, caFile: undefined });
            expect(String(untrusting.error), JSON.stringify(untrusting)).toMatch(/SSL handshake failed|PKIX path building failed|unable to find valid certification path/);
            const plaintext = await probe("check-auth", { ...orders, securityProtocol: "SASL_PLAINTEXT", caFile: undefined }, {}, 60_000);
            expect(plaintext.ok, JSON.stringify(plaintext)).toBe(false);

            if (UI_IMAGE) {
                const { browse } = await import("./ui-browser");
                const seen = await browse(stagingOut.uiUrl, stagingOut.uiUser, stagingUiPassword);
                expect(seen).toMatchObject({ onlineClusters: 1, offlineClusters: 0, brokers: 3 });
                expect(seen.subjects).toEqual(expect.arrayContaining(["people.person.updated-value"]));
            }

            // Each stack's preview alone, as preview:all runs it, then all four at once: the timings
            // (not asserted: performance figures come from npm run bench) say what the concurrency buys.
            const alone: number[] = [];
            for (const [project, stack] of [[".", "dev"], [".", "staging"], ["topics", "dev"], ["topics", "staging"]] as const) {
                const single = await previewJson(project, stack, policyArgs(stack), `preview alone: ${project === "." ? "kafka-cluster" : "kafka-topics"}/${stack}`);
                expect(single.status, single.stdout.slice(-2000)).toBe(0);
                alone.push(single.seconds);
            }
            const t0 = Date.now();
            const all = await run(TSX, [join(REPO_ROOT, "scripts", "preview-all.ts"), "--root", ws.root, "--stack", "dev", "--stack", "staging"], ws.env);
            const allSeconds = (Date.now() - t0) / 1000;
            ws.record("npm run preview:all (4 stacks)", allSeconds);
            ws.record("preview:all / slowest preview alone (ratio)", allSeconds / Math.max(...alone));
            const rows = all.out.split("\n").filter(l => /^kafka-(cluster|topics)\s/.test(l));
            expect(rows, all.out).toHaveLength(4);
            expect(rows.find(r => /^kafka-cluster\s+dev\s/.test(r))).toMatch(/\s0\s+0\s+0\s+0\s.*ok$/);
            expect(rows.find(r => /^kafka-topics\s+dev\s/.test(r))).toMatch(/\s0\s+0\s+0\s+0\s+0\s+ok$/);
            expect(rows.find(r => /^kafka-topics\s+staging\s/.test(r))).toMatch(/^kafka-topics\s+staging\s+0\s+0\s+0\s+0\s+0\s+ok$/);
            expect(all.status, all.out).toBe(0);

            const t1 = Date.now();
            const promote = await run(TSX, [join(REPO_ROOT, "scripts", "promote.ts"), "dev", "staging", "--root", ws.root], ws.env);
            ws.record("npm run promote dev staging", (Date.now() - t1) / 1000);
            expect(promote.status, promote.out).toBe(0);
            expect(promote.out).toContain("kafka-topics: dev -> staging");
            expect(promote.out).not.toMatch(/blocked|error:/i);

            // staging's policy config makes every rule mandatory: a retention over its 30-day maximum fails the preview
            // (a longer one: a shorter retention than deployed is stopped before, by the data-safety guard).
            const cancelled = "  - name: orders.order.cancelled\n    partitions: 4\n    replicationFactor: 3\n    config:\n      cleanup.policy: delete\n      retention.ms: ";
            editCatalog(`${cancelled}"604800000"`, `${cancelled}"31536000000"`);
            const bad = await previewJson("topics", "staging", policyArgs("staging"), "topics staging: preview failing a mandatory policy");
            expect(bad.status).not.toBe(0);
            const mandatory = bad.summary.violations?.filter(v => v.enforcementLevel === "mandatory") ?? [];
            expect(mandatory.map(v => v.policy), bad.stdout.slice(-3000)).toEqual(["topic-retention-bounds"]);
            expect(mandatory[0].urn).toBe(TOPIC_URN("staging", "orders.order.cancelled"));
            editCatalog(`${cancelled}"31536000000"`, `${cancelled}"604800000"`);

            // Isolated mode: the controllers roll first, one at a time (the quorum keeps a majority), then the brokers.
            const nodes = kafkaNodes(names);
            const readBack = await underProducer("isolated mode heap change", { admin: stagingAdmin }, async () => {
                const roll = await rollingUp("staging", STAGING.name, nodes, "cluster staging: up of a heap change (rolling, producer running)", ["-c", "heapMb=400"]);
                const died = roll.sequence.filter(e => e.endsWith(" die")).map(e => e.split(" ")[0]);
                expect(died, "controllers first, then brokers").toEqual(nodes);
            });
            await readBack(stagingAdmin);

            // Renewal: new certificates (another validity) from the same CA, the nodes rolling under a TLS producer.
            const expiriesBefore = stagingOut.certificateExpiries as Record<string, string>;
            const renewed = await underProducer("certificate renewal", { admin: stagingAdmin }, async () => {
                await rollingUp("staging", STAGING.name, nodes, "cluster staging: certificate renewal (rolling, producer running)", ["-c", "heapMb=400", "-c", "tlsCertValidityDays=364"]);
            });
            await renewed(stagingAdmin);
            const after = await ws.outputs(".", "staging");
            for (const n of nodes) expect(after.certificateExpiries[n], n).not.toBe(expiriesBefore[n]);
            expect(after.caCert).toBe(stagingOut.caCert);

            // No private key in clear: not in the state, the stack file, `docker inspect` or the containers' logs.
            const full = JSON.parse((await ws.ok(".", ["stack", "export", "--show-secrets", "--stack", "staging"], { withhold: true })).stdout);
            // `--show-secrets` gives a secret as { <signature>, plaintext: <its JSON> }.
            const revealed = (v: unknown) => (typeof v === "object" && v !== null && "plaintext" in v ? JSON.parse(String((v as { plaintext: unknown }).plaintext)) : v);
            const keys = (full.deployment.resources as Array<{ type: string; outputs?: Record<string, unknown> }>)
                .filter(r => r.type === "tls:index/privateKey:PrivateKey")
                .flatMap(r => [revealed(r.outputs?.privateKeyPem), revealed(r.outputs?.privateKeyPemPkcs8)])
                .filter((k): k is string => typeof k === "string")
                .map(k => k.split("\n").filter(l => l !== "" && !l.startsWith("-----")).join(""));
            expect(keys.length, "the CA key and every node's and the registry's key").toBe(2 * (nodes.length + 2));
            const plain = (await ws.ok(".", ["stack", "export", "--stack", "staging"])).stdout.replace(/\\n|\s/g, "");
            const stackFile = readFileSync(join(ws.root, "Pulumi.staging.yaml"), "utf8");
            const docker = new Docker();
            const inspected = JSON.stringify(await Promise.all(names.map(n => docker.getContainer(n).inspect())));
            const logs = (await Promise.all(names.map(n => containerLogs(n)))).join("\n").replace(/\s/g, "");
            for (const key of keys) {
                const fragment = key.slice(20, 84);
                for (const [where, text] of [["state", plain], ["stack file", stackFile], ["docker inspect", inspected], ["logs", logs]] as const) {
                    expect(text.includes(fragment), `a private key in clear in the ${where}`).toBe(false);
                }
            }

            // (The topics stack's staging topics are protected: the cluster goes, with them, and the workspace is thrown away.)
            await ws.ok(".", ["destroy", "--yes", "--stack", "staging"], { step: "cluster staging: destroy" });
            await removeClusterObjects(STAGING.name);
        }, 1_800_000);

        it("g. destroy both stacks; the volumes stay, and a second up reads back data written before", async () => {
            const topic = `e2e-kept-${randomBytes(3).toString("hex")}`;
            expect(await probe("create-topic", admin, { topic, partitions: 3, "replication-factor": 3 })).toMatchObject({ created: topic });
            expect(await probe("produce", admin, { topic, messages: 200, prefix: "kept" })).toMatchObject({ ok: true, acked: 200 });
            // A subject no stack manages (the topics stack's own are deleted with it in dev).
            const subjects = `${cluster.schemaRegistryUrl}/apis/ccompat/v7/subjects`;
            const kept = await fetch(`${subjects}/${topic}-value/versions`, {
                method: "POST", headers: { "Content-Type": "application/vnd.schemaregistry.v1+json" },
                body: JSON.stringify({ schemaType: "PROTOBUF", schema: 'syntax = "proto3";\nmessage Kept { string id = 1; }\n' }), signal: AbortSignal.timeout(30_000),
            });
            expect(kept.status).toBe(200);

            await ws.ok("topics", ["destroy", "--yes", "--stack", "dev"], { step: "topics dev: destroy" });
            const destroyed = await watchContainers(DEV.name, brokerNames(), () => ws.ok(".", ["destroy", "--yes", "--stack", "dev"], { step: "cluster dev: destroy" }));
            // The nodes go in reverse order, one at a time (they are chained for rolling changes). Each
            // ends its controlled shutdown on SIGTERM (exit 143) while a quorum remains; the last voter
            // has no quorum left to acknowledge it and is stopped when its grace period ends.
            const order = destroyed.sequence.filter(e => e.endsWith(" die")).map(e => e.split(" ")[0]);
            expect(order).toEqual([...brokerNames()].reverse());
            for (const broker of order.slice(0, -1)) expect(destroyed.exitCodes[broker], `${broker}: ${JSON.stringify(destroyed.exitCodes)}`).toBe(143);
            const docker = new Docker();
            expect(await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`io.kafka-as-code.cluster=${DEV.name}`] }) })).toEqual([]);
            const volumes = (await docker.listVolumes({ filters: JSON.stringify({ label: [`io.kafka-as-code.cluster=${DEV.name}`] }) })).Volumes ?? [];
            expect(volumes.map(v => v.Name).sort()).toEqual(["kafka-e2e-1-data", "kafka-e2e-2-data", "kafka-e2e-3-data"]);

            await ws.ok(".", ["up", "--yes", "--stack", "dev"], { step: "cluster dev: up on the kept volumes" });
            const back = await probe("consume", admin, { topic, expect: 200, "timeout-ms": 60_000 });
            expect(back, JSON.stringify(back)).toMatchObject({ ok: true, count: 200 });
            // The schema registry's subjects live in the kept volumes too (its journal topic).
            expect(await (await fetch(subjects, { signal: AbortSignal.timeout(30_000) })).json()).toContain(`${topic}-value`);
        }, 900_000);

    });
}

/** Runs a project script (smoke, preview:all, promote) as a user would, bounded in time. */
function run(bin: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 900_000): Promise<{ status: number; out: string }> {
    return new Promise(resolve => {
        const child = spawn(bin, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
        child.stdout.on("data", d => { out += d; });
        child.stderr.on("data", d => { out += d; });
        child.on("close", code => { clearTimeout(timer); resolve({ status: code ?? 1, out }); });
    });
}
