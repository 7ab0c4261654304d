// The cluster stack's `target: strimzi` through the real Pulumi engine, the Kubernetes provider
// plugin and a real Kubernetes API server on loopback (test/e2e/kube-api.ts) that has Strimzi's own
// CRDs installed (generated from Strimzi's API model, scripts/lib/strimzi-crds.ts). The API server
// validates every resource the stack renders against those schemas, as a cluster running that
// Strimzi release does. No kubelet runs here, so no operator and no Kafka pods: what is proved is
// the rendering, its validity, the engine's create/update/delete of it and the stack's guards.
//
// Steps (sequential, each needs the ones before):
//   a. the shipped prod stack (isolated mode, sasl_ssl) and the dev stack's settings (combined,
//      sasl) on Strimzi: preview with the policy pack, then up; every object passes
//      `kubectl apply --dry-run=server`, and the same check refuses an object off the schema
//   b. a heap change is an in-place update of the node pools
//   c. a change that would delete the claims is stopped at preview, and nothing changes
//   d. a topics stack previews its catalog against the Strimzi stack's outputs (StackReference)
//   e. destroy completes and leaves no Strimzi resource behind

import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPulumi, pluginPart, REPO_ROOT, toolchainSkipReason } from "../../scripts/lib/pulumi-cli";
import { summarizePreview } from "../../scripts/lib/preview-summary";
import { strimziCrdFiles } from "../../scripts/lib/strimzi-crds";
import { missingKubeBinaries, startKubeApi, type KubeApi } from "./kube-api";
import { E2eWorkspace } from "./workspace";

const POLICIES = join(REPO_ROOT, "policies");
const policyArgs = (env: string) => ["--policy-pack", POLICIES, "--policy-pack-config", join(POLICIES, "config", `${env}.json`)];

const SKIP = toolchainSkipReason() ?? (() => {
    const plugin = pluginPart("kubernetes");
    const missing = [missingKubeBinaries(), plugin.path ? undefined : `not installed here: ${plugin.what} (in the plugin cache or ~/.pulumi/bin)`].filter(Boolean);
    return missing.length ? `skipped: ${missing.join("; ")}` : undefined;
})();

/** The dev stack's topology and security (root Pulumi.dev.yaml), on Strimzi in a namespace of its own. */
const DEV_ON_STRIMZI = { target: "strimzi", kubeNamespace: "kafka-dev", name: "kafka-dev", brokers: "3", controllerMode: "combined", security: "sasl", heapMb: "512", memoryMb: "1024", storageSizeGi: "5" };
const STRIMZI_KINDS = "kafkas.kafka.strimzi.io,kafkanodepools.kafka.strimzi.io,kafkausers.kafka.strimzi.io";

/** A small catalog: two topics, a service user with its ACLs. */
const CATALOG = `topics:
  - name: orders.order.created
    partitions: 6
    replicationFactor: 3
    config:
      min.insync.replicas: "2"
  - name: orders.order.cancelled
    partitions: 3
    replicationFactor: 3
    config:
      min.insync.replicas: "2"
users:
  - name: orders-api
services:
  - name: orders-api
    produces: [orders.order.created, orders.order.cancelled]
`;

if (SKIP) {
    describe("the cluster stack on Strimzi (real API server)", () => {
        it.skip(SKIP, () => {});
    });
} else {
    describe("the cluster stack on Strimzi (real API server)", () => {
        const ws = new E2eWorkspace(findPulumi()!, "strimzi-e2e");
        let api: KubeApi;
        const kubectl = (args: string[], input?: string) => api.kubectl(args, input);
        const kubeJson = (args: string[]) => {
            const r = kubectl([...args, "-o", "json"]);
            expect(r.status, r.stderr).toBe(0);
            return JSON.parse(r.stdout);
        };
        /** The Strimzi objects of a namespace, as the API server stores them. */
        const strimziObjects = (namespace: string): any[] => kubeJson(["get", STRIMZI_KINDS, "-n", namespace]).items;
        const previewJson = async (stack: string, env: string, step: string) => {
            const r = await ws.pulumi(".", ["preview", "--json", "--stack", stack, ...policyArgs(env)], { step });
            return { ...r, summary: summarizePreview(r.stdout) };
        };

        beforeAll(async () => {
            const crds = strimziCrdFiles();
            api = await startKubeApi(join(ws.tmp, "kube"), m => ws.progress(m));
            // Client-side apply, as Strimzi's install files are applied.
            for (const file of crds) {
                const r = kubectl(["apply", "-f", file]);
                expect(r.status, r.stderr).toBe(0);
            }
            const established = kubectl(["wait", "--for", "condition=Established", "--timeout", "60s", ...STRIMZI_KINDS.split(",").map(k => `crd/${k}`)]);
            expect(established.status, established.stderr).toBe(0);
            for (const ns of ["kafka", "kafka-dev"]) expect(kubectl(["create", "namespace", ns]).status).toBe(0);

            ws.progress(`workspace ${ws.root}, log ${ws.logFile}`);
            await ws.ok(".", ["stack", "init", "prod"]);
            await ws.configure(".", "prod", { kubeconfig: api.kubeconfig });
            await ws.secret(".", "prod", "adminPassword", `adm-${randomBytes(12).toString("base64")}`);
            // The dev stack's settings on Strimzi: its stack file rewritten in this throwaway copy (its Docker keys have no meaning there).
            writeFileSync(join(ws.root, "Pulumi.dev.yaml"), "config: {}\n");
            await ws.ok(".", ["stack", "init", "dev"]);
            await ws.configure(".", "dev", { ...DEV_ON_STRIMZI, kubeconfig: api.kubeconfig });
            await ws.secret(".", "dev", "adminPassword", `adm-${randomBytes(12).toString("base64")}`);
        }, 900_000);

        afterAll(async () => {
            await api?.stop();
            ws.progress(`timings:\n${ws.timings.map(t => `  ${t.step.padEnd(48)} ${t.seconds.toFixed(1)} s`).join("\n")}`);
            ws.remove();
        }, 120_000);

        it("a. the prod stack (isolated, sasl_ssl) and the dev settings (combined, sasl): preview then up create the Kafka, its node pools and the admin; every object passes kubectl apply --dry-run=server, which refuses one off the schema", async () => {
            for (const [stack, env, namespace, expected] of [
                ["prod", "prod", "kafka", { Kafka: ["kafka-prod"], KafkaNodePool: ["kafka-prod-broker", "kafka-prod-controller"], KafkaUser: ["admin"] }],
                ["dev", "dev", "kafka-dev", { Kafka: ["kafka-dev"], KafkaNodePool: ["kafka-dev-dual"], KafkaUser: ["admin"] }],
            ] as const) {
                const preview = await previewJson(stack, env, `strimzi ${stack}: preview (fresh)`);
                expect(preview.status, preview.stderr + preview.stdout.slice(-3000)).toBe(0);
                expect((preview.summary.violations ?? []).filter(v => v.enforcementLevel === "mandatory"), JSON.stringify(preview.summary.violations)).toEqual([]);
                expect(preview.summary.creates).toBeGreaterThanOrEqual(5);
                await ws.ok(".", ["up", "--yes", "--stack", stack, ...policyArgs(env)], { step: `strimzi ${stack}: up` });

                const objects = strimziObjects(namespace);
                const byKind: Record<string, string[]> = {};
                for (const o of objects) (byKind[o.kind] ??= []).push(o.metadata.name);
                for (const names of Object.values(byKind)) names.sort();
                expect(byKind).toEqual(expected);

                // Every object again through the API server's validation, as `kubectl apply --dry-run=server` of what the stack rendered.
                for (const o of objects) {
                    const { apiVersion, kind, metadata, spec } = o;
                    const manifest = JSON.stringify({ apiVersion, kind, metadata: { name: metadata.name, namespace: metadata.namespace, labels: metadata.labels }, spec });
                    const r = kubectl(["apply", "--dry-run=server", "--server-side", "--field-manager", "e2e-check", "--force-conflicts", "-f", "-"], manifest);
                    expect(r.status, `${kind}/${metadata.name}: ${r.stderr}`).toBe(0);
                }
            }
            // The same check has teeth: a node pool with a replica count of the wrong type and an unknown storage type is refused.
            const pool = strimziObjects("kafka").find(o => o.kind === "KafkaNodePool");
            const broken = { apiVersion: pool.apiVersion, kind: pool.kind, metadata: { name: "broken", namespace: "kafka", labels: pool.metadata.labels }, spec: { ...pool.spec, replicas: "three", storage: { type: "floppy" } } };
            const refused = kubectl(["apply", "--dry-run=server", "-f", "-"], JSON.stringify(broken));
            expect(refused.status).not.toBe(0);
            expect(refused.stderr).toMatch(/spec\.replicas.*must be of type integer|Invalid value.*"three"/);
            expect(refused.stderr).toMatch(/spec\.storage\.type.*Unsupported value: "floppy"/);

            // The prod stack's settings as Strimzi stores them.
            const prod = Object.fromEntries(strimziObjects("kafka").map(o => [`${o.kind}/${o.metadata.name}`, o.spec]));
            expect(prod["Kafka/kafka-prod"].kafka).toMatchObject({
                version: "4.3.1",
                listeners: [{ name: "scramtls", port: 9093, type: "internal", tls: true, authentication: { type: "scram-sha-512" } }],
                authorization: { type: "simple", superUsers: ["admin"] },
            });
            expect(prod["Kafka/kafka-prod"].clusterCa).toEqual({ generateCertificateAuthority: false });
            expect(prod["KafkaNodePool/kafka-prod-broker"]).toMatchObject({ replicas: 3, roles: ["broker"], storage: { type: "persistent-claim", size: "100Gi", deleteClaim: false } });
            expect(prod["KafkaNodePool/kafka-prod-controller"]).toMatchObject({ replicas: 3, roles: ["controller"] });
            // The admin's password and the CA key are in Secrets, and in no Strimzi object.
            const secrets = kubeJson(["get", "secrets", "-n", "kafka"]).items.map((s: any) => s.metadata.name).sort();
            expect(secrets).toEqual(expect.arrayContaining(["kafka-prod-admin-password", "kafka-prod-cluster-ca", "kafka-prod-cluster-ca-cert"]));
            const outputs = await ws.outputs(".", "prod");
            expect(JSON.stringify(strimziObjects("kafka"))).not.toContain(String(outputs.adminPassword));
            expect(outputs).toMatchObject({ target: "strimzi", bootstrapServers: "kafka-prod-kafka-bootstrap.kafka.svc:9093", securityProtocol: "SASL_SSL", saslMechanism: "SCRAM-SHA-512" });
            const caSecret = kubeJson(["get", "secret", "kafka-prod-cluster-ca-cert", "-n", "kafka"]);
            expect(Buffer.from(caSecret.data["ca.crt"], "base64").toString()).toBe(outputs.caCert);
        }, 900_000);

        it("b. a heap change is an in-place update of the node pools", async () => {
            await ws.configure(".", "dev", { heapMb: "768", memoryMb: "1536" });
            const preview = await previewJson("dev", "dev", "strimzi dev: preview (heap change)");
            expect(preview.status, preview.stdout.slice(-3000)).toBe(0);
            expect(preview.summary).toMatchObject({ updates: 1, replaces: 0, deletes: 0, creates: 0 });
            await ws.ok(".", ["up", "--yes", "--stack", "dev", ...policyArgs("dev")], { step: "strimzi dev: up (heap change)" });
            const pool = kubeJson(["get", "kafkanodepool", "kafka-dev-dual", "-n", "kafka-dev"]);
            expect(pool.spec.jvmOptions).toEqual({ "-Xms": "768m", "-Xmx": "768m" });
            expect(pool.spec.resources.limits.memory).toBe("1536Mi");
            // Updated, not re-created: the object kept its identity.
            expect(pool.metadata.generation).toBe(2);
        }, 600_000);

        it("c. a change that would delete the claims is stopped at preview, and nothing changes", async () => {
            await ws.configure(".", "prod", { retainVolumes: "false" });
            const preview = await previewJson("prod", "prod", "strimzi prod: preview (deleteClaim)");
            expect(preview.status).not.toBe(0);
            expect(preview.summary.errors.join("\n")).toMatch(/kafka-cluster:retainVolumes \(found "false"\) would set deleteClaim true on every node pool/);
            expect(preview.summary.creates + preview.summary.updates + preview.summary.deletes + preview.summary.replaces).toBe(0);
            await ws.ok(".", ["config", "rm", "--stack", "prod", "retainVolumes"]);
            for (const o of strimziObjects("kafka").filter(x => x.kind === "KafkaNodePool")) expect(o.spec.storage.deleteClaim).toBe(false);
        }, 600_000);

        it("d. a topics stack previews its catalog against the Strimzi stack's outputs, through its StackReference", async () => {
            writeFileSync(join(ws.root, "topics", "strimzi.yaml"), CATALOG);
            await ws.ok("topics", ["stack", "init", "k8s"]);
            await ws.configure("topics", "k8s", { environment: "prod", catalog: "strimzi.yaml", clusterStack: "organization/kafka-cluster/prod" });
            await ws.secret("topics", "k8s", "userPasswords.orders-api", `pw-${randomBytes(12).toString("hex")}`, { path: true });
            const r = await ws.pulumi("topics", ["preview", "--json", "--stack", "k8s"], { step: "topics on strimzi: preview" });
            expect(r.status, r.stdout.slice(-3000) + r.stderr).toBe(0);
            const summary = summarizePreview(r.stdout);
            // Two topics, the user's SCRAM credential and its ACLs; the provider is configured from the Strimzi stack's outputs.
            expect(summary.creates).toBeGreaterThanOrEqual(5);
            const events = r.stdout.trim().split("\n").map(l => JSON.parse(l));
            const provider = events.find(e => e.resourcePreEvent?.metadata?.type === "pulumi:providers:kafka")?.resourcePreEvent.metadata.new.inputs;
            // Provider inputs arrive as the engine encodes them: lists as JSON text.
            expect(JSON.parse(provider.bootstrapServers)).toEqual(["kafka-prod-kafka-bootstrap.kafka.svc:9093"]);
            expect(provider).toMatchObject({ saslMechanism: "scram-sha512", saslUsername: "admin", tlsEnabled: "true" });
        }, 600_000);

        it("e. destroy completes and leaves no Strimzi resource behind", async () => {
            for (const [stack, namespace] of [["prod", "kafka"], ["dev", "kafka-dev"]]) {
                await ws.ok(".", ["destroy", "--yes", "--stack", stack], { step: `strimzi ${stack}: destroy` });
                expect(strimziObjects(namespace)).toEqual([]);
            }
            const left = kubeJson(["get", "secrets", "-n", "kafka"]).items.map((s: any) => s.metadata.name);
            expect(left.filter((n: string) => n.startsWith("kafka-prod"))).toEqual([]);
        }, 600_000);
    });
}
