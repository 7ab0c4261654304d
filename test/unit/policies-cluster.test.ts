// Cluster-stack policies of the kafka-guardrails pack, run through the policy harness on resources
// shaped like the real ones: most fixtures are the exact inputs index.ts declares under mocks,
// copied and changed in one place per case.

import { describe, expect, it } from "vitest";
import { envOf, isSecretEnvelope, runClusterProgram, type ProgramRun } from "../mock/cluster-program";
import { PROGRAM_SECRET_BACKED_VARIABLES } from "../../policies/cluster-rules";
import {
    loadPackConfig, runPack, secret, type Diagnostic, type PackConfig, type TestResource, UNKNOWN, urnOf,
    validateResource, validateStack,
} from "./policy-harness";
import { shippedStackConfig } from "../mock/stack-files";

const UI_PASSWORD = "ui-Secret-123-abcdef";
const ADMIN_PASSWORD = "admin-Secret-456";
const REGISTRY_PASSWORD = "registry-Secret-789";
const API_PASSWORD = "api-Secret-0123456789";
const T = {
    container: "docker:index/container:Container",
    image: "docker:index/remoteImage:RemoteImage",
} as const;
const COMPONENT = "kafka-as-code:index:KafkaCluster";

/** The program's resources as the engine would hand them to the pack (inputs, URNs under the component). */
function fromProgram(run: ProgramRun, stack = "dev"): TestResource[] {
    return run.resources.map(r => ({
        type: r.type, name: r.name, inputs: r.inputs,
        urn: urnOf(r.type, r.name, { stack, parentType: r.type === COMPONENT ? undefined : COMPONENT }),
    }));
}

/** A deep copy of `r` with its plain (unwrapped) inputs changed by `change`. */
function edit(r: TestResource, change: (inputs: Record<string, any>) => void, extra: Partial<TestResource> = {}): TestResource {
    const inputs = structuredClone(unwrap(r.inputs));
    change(inputs);
    return { ...r, ...extra, inputs };
}
function unwrap(v: any): any {
    if (isSecretEnvelope(v)) return unwrap(v.value);
    if (Array.isArray(v)) return v.map(unwrap);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
    return v;
}
const setEnv = (inputs: Record<string, any>, key: string, value: string | undefined) => {
    inputs.envs = (inputs.envs as string[]).filter(e => !e.startsWith(`${key}=`));
    if (value !== undefined) inputs.envs.push(`${key}=${value}`);
};
const names = (ds: Diagnostic[]) => [...new Set(ds.map(d => d.policyName))].sort();

const dev = loadPackConfig("dev");
const staging = loadPackConfig("staging");
const prod = loadPackConfig("prod");
const stagingValues = () => shippedStackConfig(".", "staging");

describe("cluster policies", async () => {
    const devRun = await runClusterProgram({}, { uiPassword: UI_PASSWORD });
    const devResources = fromProgram(devRun);
    const containers = devResources.filter(r => r.type === T.container);
    const broker = containers.find(c => c.name === "kafka-kafka-1")!;
    const ui = containers.find(c => c.name === "kafka-ui")!;
    const kafkaImage = devResources.find(r => r.type === T.image && r.inputs.name === "apache/kafka:4.3.1")!;
    expect(broker && ui && kafkaImage).toBeTruthy();

    describe("docker-image-pinned", () => {
        const image = (ref: string) => edit(kafkaImage, i => { i.name = ref; });
        const run = (ref: string, cfg: PackConfig = {}) => validateResource("docker-image-pinned", image(ref), cfg);

        it("accepts a release tag, a digest, and a tag with a digest", async () => {
            expect(await run("apache/kafka:4.3.1")).toEqual([]);
            expect(await run(`apache/kafka@sha256:${"a".repeat(64)}`)).toEqual([]);
            expect(await run(`registry.local:5000/kafka:4.3.1@sha256:${"b".repeat(64)}`)).toEqual([]);
        });

        it("rejects latest, naming the resource, the value and the fix", async () => {
            const [d, ...rest] = await run("apache/kafka:latest");
            expect(rest).toEqual([]);
            expect(d.message).toContain("kafka-kafka-image");
            expect(d.message).toContain(kafkaImage.urn!);
            expect(d.message).toContain(`"apache/kafka:latest"`);
            expect(d.message).toMatch(/Fix: pin a release tag/);
        });

        it("rejects an untagged image, also behind a registry port", async () => {
            expect(await run("apache/kafka")).toHaveLength(1);
            const [d] = await run("registry.local:5000/kafka");
            expect(d.message).toContain("has no tag");
        });

        it("rejects a malformed digest", async () => {
            const [d] = await run("apache/kafka@sha256:1234");
            expect(d.message).toContain("malformed digest");
        });

        it("requires a digest when requireDigest is set (prod)", async () => {
            const [d] = await run("apache/kafka:4.3.1", prod);
            expect(d.message).toContain("requireDigest");
            expect(d.enforcementLevel).toBe("mandatory");
            expect(await run(`apache/kafka:4.3.1@sha256:${"c".repeat(64)}`, prod)).toEqual([]);
        });
    });

    describe("docker-image-digest (advice)", () => {
        it("notes a tag-only image as advisory, and is quiet for a digest", async () => {
            const [d] = await validateResource("docker-image-digest", kafkaImage, staging);
            expect(d.enforcementLevel).toBe("advisory");
            expect(d.message).toContain("apache/kafka:4.3.1@sha256:<digest>");
            expect(await validateResource("docker-image-digest", edit(kafkaImage, i => { i.name = `apache/kafka@sha256:${"d".repeat(64)}`; }), staging)).toEqual([]);
        });

        it("is disabled in dev", async () => {
            expect(await validateResource("docker-image-digest", kafkaImage, dev)).toEqual([]);
        });
    });

    describe("container-healthcheck", () => {
        const run = (r: TestResource) => validateResource("container-healthcheck", r, dev);

        it("accepts the program's broker and UI healthchecks", async () => {
            for (const c of containers) expect(await run(c)).toEqual([]);
        });

        it("rejects a missing healthcheck, empty tests, NONE, an empty command and an unknown kind", async () => {
            const [missing] = await run(edit(broker, i => { delete i.healthcheck; }));
            expect(missing.message).toContain(`"kafka-1"`);
            expect(missing.message).toContain("absent");
            expect(missing.enforcementLevel).toBe("advisory");
            expect(await run(edit(broker, i => { i.healthcheck.tests = []; }))).toHaveLength(1);
            expect((await run(edit(broker, i => { i.healthcheck.tests = ["NONE"]; })))[0].message).toContain("disables");
            expect((await run(edit(broker, i => { i.healthcheck.tests = ["CMD-SHELL", " "]; })))[0].message).toContain("empty command");
            expect((await run(edit(broker, i => { i.healthcheck.tests = ["curl", "x"]; })))[0].message).toContain("not CMD or CMD-SHELL");
        });
    });

    describe("kafka-data-volume", () => {
        const run = (r: TestResource, cfg: PackConfig = dev) => validateResource("kafka-data-volume", r, cfg);

        it("accepts every program node (named volume at /var/lib/kafka/data) and ignores the UI", async () => {
            for (const c of containers) expect(await run(c)).toEqual([]);
            expect(await run(edit(ui, i => { delete i.volumes; }))).toEqual([]);
        });

        it("rejects a node without a volume, and one with a host path instead of a named volume", async () => {
            const [none] = await run(edit(broker, i => { delete i.volumes; }));
            expect(none.message).toContain(`Kafka node "kafka-1" mounts nothing`);
            expect(none.message).toContain("/var/lib/kafka/data");
            const [bind] = await run(edit(broker, i => { i.volumes = [{ hostPath: "/srv/kafka-1", containerPath: "/var/lib/kafka/data" }]; }));
            expect(bind.message).toContain("host path (/srv/kafka-1)");
        });

        it("recognises a node by its role label alone, and a volume mount given as mounts[]", async () => {
            const labelled = edit(broker, i => { i.envs = []; delete i.volumes; });
            expect(await run(labelled)).toHaveLength(1);
            const mounted = edit(broker, i => { delete i.volumes; i.mounts = [{ type: "volume", source: "kafka-1-data", target: "/var/lib/kafka/data" }]; });
            expect(await run(mounted)).toEqual([]);
        });

        it("checks every directory of KAFKA_LOG_DIRS", async () => {
            const two = edit(broker, i => { setEnv(i, "KAFKA_LOG_DIRS", "/var/lib/kafka/data,/var/lib/kafka/data2"); });
            const ds = await run(two);
            expect(ds).toHaveLength(1);
            expect(ds[0].message).toContain("/var/lib/kafka/data2");
        });
    });

    describe("published-ports-bind-address", () => {
        const run = (r: TestResource, cfg: PackConfig = staging) => validateResource("published-ports-bind-address", r, cfg);

        it("accepts the program's 127.0.0.1 ports", async () => {
            for (const c of containers) expect(await run(c)).toEqual([]);
        });

        it("rejects 0.0.0.0 and a port without ip (Docker's default is every interface)", async () => {
            const [open] = await run(edit(broker, i => { i.ports[0].ip = "0.0.0.0"; }));
            expect(open.message).toContain("publishes port 9092 as host port 9092 on 0.0.0.0");
            expect(open.message).toContain("Fix: set ip: \"127.0.0.1\"");
            const [noIp] = await run(edit(broker, i => { delete i.ports[0].ip; }));
            expect(noIp.message).toContain("no ip (Docker binds 0.0.0.0");
        });

        it("accepts an address the config allows", async () => {
            const cfg: PackConfig = { ...staging, "published-ports-bind-address": { allowedBindAddresses: ["127.0.0.1", "0.0.0.0"] } };
            expect(await run(edit(broker, i => { i.ports[0].ip = "0.0.0.0"; }), cfg)).toEqual([]);
        });

        it("rejects publishAllPorts and host networking", async () => {
            expect((await run(edit(ui, i => { i.publishAllPorts = true; })))[0].message).toContain("publishAllPorts");
            expect((await run(edit(ui, i => { i.networkMode = "host"; })))[0].message).toContain(`networkMode "host"`);
        });
    });

    describe("kafka-ui-authentication", () => {
        const run = (r: TestResource, cfg: PackConfig = staging) => validateResource("kafka-ui-authentication", r, cfg);

        it("accepts the program's login form", async () => {
            expect(await run(ui)).toEqual([]);
        });

        it("rejects AUTH_TYPE DISABLED and an unset AUTH_TYPE outside dev", async () => {
            const [disabled] = await run(edit(ui, i => { setEnv(i, "AUTH_TYPE", "DISABLED"); }));
            expect(disabled.message).toContain(`Kafka UI "kafka-ui" has AUTH_TYPE "DISABLED"`);
            expect(disabled.enforcementLevel).toBe("mandatory");
            const [unset] = await run(edit(ui, i => { setEnv(i, "AUTH_TYPE", undefined); }));
            expect(unset.message).toContain("unset");
        });

        it("rejects a login form without a password, without showing any value", async () => {
            const [d] = await run(edit(ui, i => { setEnv(i, "SPRING_SECURITY_USER_PASSWORD", undefined); }));
            expect(d.message).toContain("without SPRING_SECURITY_USER_PASSWORD");
        });

        it("allows a UI without login in dev (requireAuthentication false), and never flags a broker", async () => {
            expect(await run(edit(ui, i => { setEnv(i, "AUTH_TYPE", "DISABLED"); }), dev)).toEqual([]);
            expect(await run(broker)).toEqual([]);
        });
    });

    describe("container-env-no-plain-credentials", () => {
        const noAllowList: PackConfig = { ...staging, "container-env-no-plain-credentials": { secretBackedVariables: [] } };
        const run = (r: TestResource, cfg: PackConfig = staging, shape?: "engine" | "remediation" | "wire") =>
            validateResource("container-env-no-plain-credentials", r, cfg, { shape });
        const literal = edit(broker, i => { setEnv(i, "KAFKA_SSL_KEY_PASSWORD", "hunter2"); });

        it("accepts the program's UI, whose password comes from a secret and is a secret-backed variable", async () => {
            expect(await run(ui)).toEqual([]);
        });

        it("as the engine delivers props (secrets already unwrapped), cannot tell a secret: without the allow-list it flags the UI", async () => {
            const [d, ...rest] = await run(ui, noAllowList, "engine");
            expect(rest).toEqual([]);
            expect(d.message).toContain("SPRING_SECURITY_USER_PASSWORD");
            expect(d.message).not.toContain(UI_PASSWORD);
        });

        it("accepts a visibly secret envs list: SDK Secret wrapper (remediation shape) and wire envelope", async () => {
            expect(await run(ui, noAllowList, "remediation")).toEqual([]);
            expect(await run(ui, noAllowList, "wire")).toEqual([]);
            const oneSecretEntry = edit(broker, i => { i.envs = [...i.envs, secret("KAFKA_SSL_KEY_PASSWORD=hunter2")]; });
            expect(await run(oneSecretEntry, noAllowList, "wire")).toEqual([]);
            expect(await run(oneSecretEntry, noAllowList, "remediation")).toEqual([]);
        });

        it("rejects a literal password in the plain environment in every shape, never echoing it", async () => {
            for (const shape of ["engine", "remediation", "wire"] as const) {
                const ds = await run(literal, staging, shape);
                expect(ds).toHaveLength(1);
                expect(ds[0].message).toContain(`container "kafka-1" sets credential variable KAFKA_SSL_KEY_PASSWORD`);
                expect(ds[0].message).not.toContain("hunter2");
            }
        });

        it("accepts it when the resource declares envs in additionalSecretOutputs, or the value is empty", async () => {
            expect(await run({ ...literal, opts: { additionalSecretOutputs: ["envs"] } })).toEqual([]);
            expect(await run(edit(broker, i => { setEnv(i, "SOME_SECRET", ""); }))).toEqual([]);
        });

        it("is reported as 'cannot run during preview' when the env list is unknown, as the SDK does", async () => {
            const [d] = await run(edit(broker, i => { i.envs = UNKNOWN.array; }));
            expect(d.enforcementLevel).toBe("advisory");
            expect(d.message).toMatch(/can't run policy 'container-env-no-plain-credentials' during preview/);
        });

        it("the allow-list matches the program: every secret-backed variable it sets is in a secret envs list", async () => {
            const sasl = await runClusterProgram(stagingValues(), { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, schemaRegistryPassword: REGISTRY_PASSWORD, schemaRegistryApiPassword: API_PASSWORD }, "staging");
            const patterns = PROGRAM_SECRET_BACKED_VARIABLES.map(g => new RegExp(`^${g.replace(/\*/g, ".*")}$`));
            let seen = 0;
            for (const run of [devRun, sasl]) {
                for (const c of run.ofType(T.container)) {
                    const backed = Object.keys(envOf(c)).filter(k => patterns.some(p => p.test(k)));
                    if (backed.length === 0) continue;
                    seen += backed.length;
                    expect(isSecretEnvelope(c.inputs.envs), `${c.name}: ${backed.join(", ")}`).toBe(true);
                }
            }
            expect(seen).toBeGreaterThan(5);
        });
    });

    describe("container-hardening", () => {
        const run = (r: TestResource) => validateResource("container-hardening", r, prod);

        it("accepts every container the program declares: all capabilities dropped, no-new-privileges", async () => {
            for (const c of containers) expect(await run(c), c.name).toEqual([]);
        });

        it("rejects a container that keeps Docker's default capabilities, or lacks no-new-privileges", async () => {
            const open = edit(broker, i => { delete i.capabilities; });
            expect((await run(open)).map(d => d.message)).toEqual([expect.stringMatching(/container "kafka-1" keeps Docker's default Linux capabilities.*Fix: declare capabilities: \{ drops: \["ALL"\] \}/)]);
            const partly = edit(ui, i => { i.capabilities = { drops: ["NET_RAW"] }; i.securityOpts = []; });
            expect((await run(partly)).map(d => d.message)).toEqual([
                expect.stringContaining("keeps Docker's default Linux capabilities"),
                expect.stringMatching(/does not set no-new-privileges.*Fix: declare securityOpts: \["no-new-privileges:true"\]/),
            ]);
        });
    });

    describe("kafka-node-tls", () => {
        const run = (r: TestResource, cfg: PackConfig) => validateResource("kafka-node-tls", r, cfg);
        const tlsNode = edit(broker, i => setEnv(i, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "INTERNAL:SASL_SSL,EXTERNAL:SASL_SSL,CONTROLLER:SASL_SSL"));

        it("requires TLS on every listener in a production-class stack, naming the listeners without it", async () => {
            const [d, ...rest] = await run(broker, prod);
            expect(rest).toEqual([]);
            expect(d.message).toMatch(/Kafka node "kafka-1" of a production-class stack has listeners without TLS \(INTERNAL:PLAINTEXT, EXTERNAL:PLAINTEXT, CONTROLLER:PLAINTEXT\).*Fix: pulumi config set security sasl_ssl/);
            expect(await run(tlsNode, prod)).toEqual([]);
        });

        it("everywhere, refuses a port beyond loopback without TLS, and allows it with TLS", async () => {
            const open = (r: TestResource) => edit(r, i => { i.ports = i.ports.map((p: Record<string, unknown>) => ({ ...p, ip: "0.0.0.0" })); });
            expect((await run(open(broker), dev)).map(d => d.message)).toEqual([expect.stringMatching(/publishes port 9092 beyond loopback with listeners without TLS/)]);
            expect(await run(open(tlsNode), dev)).toEqual([]);
            expect(await run(broker, dev)).toEqual([]);
        });
    });

    describe("tls-certificate-expiry", () => {
        const labelled = (ends: string) => edit(broker, i => { i.labels = [...i.labels, { label: "io.kafka-as-code.certificate-expires", value: ends }]; });
        const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

        it("reports a certificate within the window, mandatory in prod and advice in dev; an expired one too", async () => {
            const [d] = await validateResource("tls-certificate-expiry", labelled(inDays(10)), prod);
            expect(d.enforcementLevel).toBe("mandatory");
            expect(d.message).toMatch(/the certificate of container "kafka-1" expires on .* \(in 10\.0 days, within 30\).*Fix: run pulumi up on the cluster stack/);
            expect((await validateResource("tls-certificate-expiry", labelled(inDays(10)), dev))[0].enforcementLevel).toBe("advisory");
            expect((await validateResource("tls-certificate-expiry", labelled(inDays(-1)), prod))[0].message).toMatch(/expired on .* \(already, within 30\)/);
        });

        it("is quiet for a certificate beyond the window, and for containers without one", async () => {
            expect(await validateResource("tls-certificate-expiry", labelled(inDays(200)), prod)).toEqual([]);
            expect(await validateResource("tls-certificate-expiry", broker, prod)).toEqual([]);
        });
    });

    describe("kafka-standby-admin (advice)", () => {
        it("notes a node that accepts a standby admin, as advice even in prod", async () => {
            const rotating = edit(broker, i => setEnv(i, "KAFKA_SUPER_USERS", "User:admin;User:admin-b"));
            const [d, ...rest] = await validateResource("kafka-standby-admin", rotating, prod);
            expect(rest).toEqual([]);
            expect(d.enforcementLevel).toBe("advisory");
            expect(d.message).toMatch(/Kafka node "kafka-1" accepts 2 super users \(User:admin, User:admin-b\).*Fix: finish the rotation: pulumi config rm standbyAdminUser/);
        });

        it("is quiet with one super user, and on containers that are not Kafka nodes", async () => {
            expect(await validateResource("kafka-standby-admin", edit(broker, i => setEnv(i, "KAFKA_SUPER_USERS", "User:admin")), prod)).toEqual([]);
            expect(await validateResource("kafka-standby-admin", ui, prod)).toEqual([]);
        });
    });

    describe("container-memory-limit", () => {
        const run = (r: TestResource) => validateResource("container-memory-limit", r, staging);

        it("accepts the program's limits", async () => {
            for (const c of containers) expect(await run(c)).toEqual([]);
        });

        it("rejects a missing or zero limit, and one below minMemoryMb", async () => {
            expect((await run(edit(broker, i => { delete i.memory; })))[0].message).toContain("memory is unset");
            expect(await run(edit(broker, i => { i.memory = 0; }))).toHaveLength(1);
            expect((await run(edit(ui, i => { i.memory = 200; })))[0].message).toContain("200 MB, below the minimum of 256 MB");
        });
    });

    describe("kraft-controller-count-odd", () => {
        const run = (rs: TestResource[]) => validateStack("kraft-controller-count-odd", rs, staging);

        it("accepts 3 combined nodes (dev) and 3 dedicated controllers (staging)", async () => {
            expect(await run(devResources)).toEqual([]);
            const stg = await runClusterProgram(stagingValues(), { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, schemaRegistryPassword: REGISTRY_PASSWORD, schemaRegistryApiPassword: API_PASSWORD }, "staging");
            expect(await run(fromProgram(stg, "staging"))).toEqual([]);
        });

        it("rejects two controllers, and a voter list that does not match them", async () => {
            const rs = devResources.map(r => r.name === "kafka-kafka-3" ? edit(r, i => { setEnv(i, "KAFKA_PROCESS_ROLES", "broker"); }) : r);
            const ds = await run(rs);
            expect(ds.map(d => d.message)).toEqual([
                expect.stringContaining(`cluster "kafka" has 2 KRaft controllers (kafka-1, kafka-2), an even number`),
                expect.stringContaining("KAFKA_CONTROLLER_QUORUM_VOTERS lists 3 voter(s) but 2 node(s)"),
            ]);
            expect(ds[0].urn).toContain("kafka-kafka-1");
        });

        it("rejects Kafka nodes without any controller, and says nothing for a stack without Kafka nodes", async () => {
            const rs = devResources.map(r => r.type === T.container && r.name !== "kafka-ui" ? edit(r, i => { setEnv(i, "KAFKA_PROCESS_ROLES", "broker"); setEnv(i, "KAFKA_CONTROLLER_QUORUM_VOTERS", undefined); }) : r);
            expect((await run(rs)).map(d => d.message)).toEqual([expect.stringContaining("none with \"controller\"")]);
            expect(await run([{ type: "kafka:index/topic:Topic", name: "t", inputs: { name: "a.b.c", partitions: 3, replicationFactor: 3 } }])).toEqual([]);
        });
    });

    describe("production-min-brokers", () => {
        it("accepts 3 brokers in a production-class stack, and 1 broker in dev", async () => {
            expect(await validateStack("production-min-brokers", devResources, staging)).toEqual([]);
            const one = fromProgram(await runClusterProgram({ brokers: "1" }, { uiPassword: UI_PASSWORD }));
            expect(await validateStack("production-min-brokers", one, dev)).toEqual([]);
        });

        it("rejects 1 broker in a production-class stack, counting brokers and not dedicated controllers", async () => {
            const run = await runClusterProgram({ brokers: "1", controllerMode: "isolated" }, { uiPassword: UI_PASSWORD });
            const [d, ...rest] = await validateStack("production-min-brokers", fromProgram(run), staging);
            expect(rest).toEqual([]);
            expect(d.message).toContain(`cluster "kafka" of this production-class stack has 1 broker(s) (kafka-1), fewer than 3`);
            expect(d.message).toContain("Fix: pulumi config set brokers 3");
            expect(d.enforcementLevel).toBe("mandatory");
        });
    });

    describe("the cluster program through the whole pack", () => {
        it("default dev config with the dev policy config: no violation at all", async () => {
            expect(await runPack(devResources, dev)).toEqual([]);
        });

        it("staging config with the staging policy config: nothing mandatory, only the digest advice", async () => {
            const run = await runClusterProgram(stagingValues(), { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD, schemaRegistryPassword: REGISTRY_PASSWORD, schemaRegistryApiPassword: API_PASSWORD }, "staging");
            const ds = await runPack(fromProgram(run, "staging"), staging);
            expect(ds.filter(d => d.enforcementLevel === "mandatory")).toEqual([]);
            // One advice per image: Kafka, the UI and the schema registry.
            expect(ds.map(d => `${d.policyName}:${d.enforcementLevel}`)).toEqual(["docker-image-digest:advisory", "docker-image-digest:advisory", "docker-image-digest:advisory"]);
        });

        it("a deliberately bad production-class config (0.0.0.0, one broker) fails with exactly the expected policies", async () => {
            const run = await runClusterProgram({ bindAddress: "0.0.0.0", brokers: "1", security: "sasl_ssl" }, { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD }, "staging");
            const ds = await runPack(fromProgram(run, "staging"), staging);
            expect(names(ds.filter(d => d.enforcementLevel === "mandatory"))).toEqual(["production-min-brokers", "published-ports-bind-address"]);
            // One port finding per container that publishes: the broker and the UI.
            expect(ds.filter(d => d.policyName === "published-ports-bind-address").map(d => d.urn).sort()).toEqual([
                expect.stringContaining("::kafka-kafka-1"), expect.stringContaining("::kafka-ui"),
            ]);
            expect(names(ds.filter(d => d.enforcementLevel === "advisory"))).toEqual(["docker-image-digest"]);
        });

        it("the same bad config in dev is reported, but only as advice", async () => {
            const run = await runClusterProgram({ bindAddress: "0.0.0.0", brokers: "1", security: "sasl_ssl" }, { uiPassword: UI_PASSWORD, adminPassword: ADMIN_PASSWORD });
            const ds = await runPack(fromProgram(run), dev);
            expect(names(ds)).toEqual(["published-ports-bind-address"]);
            expect(new Set(ds.map(d => d.enforcementLevel))).toEqual(new Set(["advisory"]));
        });
    });
});
