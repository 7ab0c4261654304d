// Cluster-stack rules: the Docker images, containers and KRaft layout declared by index.ts
// (components/cluster/kafka-cluster.ts). Each rule is a pure function from resource inputs to violation
// messages; the policy objects at the end wire them into @pulumi/policy.

import type { PolicyConfigSchema, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    CLUSTER_LABEL, containerName, DEFAULT_DATA_DIR, envEntries, envMap, kafkaRoles, labelsOf,
    PRODUCTION_CLASS_SCHEMA, resourceValidation, ROLE_LABEL, stackValidation, type StackRule, type Subject, TYPES, violation,
} from "./shared";
import { DIGEST, parseImageRef } from "../components/shared/image-ref";

// ---------------------------------------------------------------------------------------------
// Images


export interface ImagePinnedConfig { requireDigest: boolean }
export const imagePinnedSchema: PolicyConfigSchema = {
    properties: {
        requireDigest: { type: "boolean", default: false, description: "Require a sha256 digest; a release tag alone is then not enough." },
    },
};

export const checkImagePinned = (props: Record<string, any>, s: Subject, cfg: ImagePinnedConfig): string[] => {
    const ref = String(props.name ?? "");
    const { repository, tag, digest } = parseImageRef(ref);
    if (digest !== undefined) {
        return DIGEST.test(digest) ? [] : [violation(s, ref, `image "${ref}" has a malformed digest "${digest}"`, `use repository@sha256:<64 hex digits> (docker buildx imagetools inspect ${repository}:<tag>)`)];
    }
    if (tag === undefined) {
        return [violation(s, ref, `image "${ref}" has no tag, so Docker pulls whatever "latest" is at the time`, `pin a release, e.g. ${repository}:<version> (cluster config: pulumi config set kafkaImage/uiImage <repository>:<version>), or better ${repository}@sha256:<digest>`)];
    }
    if (tag === "latest") {
        return [violation(s, ref, `image "${ref}" uses the moving tag "latest"`, `pin a release tag such as ${repository}:<version>, or a digest ${repository}@sha256:<digest>`)];
    }
    if (cfg.requireDigest) {
        return [violation(s, ref, `image "${ref}" is pinned by tag only, and this stack requires a digest (requireDigest)`, `use ${repository}:${tag}@sha256:<digest> (docker buildx imagetools inspect ${repository}:${tag})`)];
    }
    return [];
};

export const checkImageDigest = (props: Record<string, any>, s: Subject): string[] => {
    const ref = String(props.name ?? "");
    const { repository, tag, digest } = parseImageRef(ref);
    if (digest !== undefined || tag === undefined || tag === "latest") return []; // docker-image-pinned covers those
    return [violation(s, ref, `image "${ref}" is pinned by tag; a tag can be re-pushed, a digest cannot`, `append the digest: ${repository}:${tag}@sha256:<digest> (docker buildx imagetools inspect ${repository}:${tag})`)];
};

// ---------------------------------------------------------------------------------------------
// Containers

export const checkHealthcheck = (props: Record<string, any>, s: Subject): string[] => {
    const name = containerName(props, s.name);
    const tests: unknown = props.healthcheck?.tests;
    const fix = `declare healthcheck: { tests: ["CMD-SHELL", "<readiness command> || exit 1"], interval, timeout, retries, startPeriod } (see nodeHealthcheck in components/cluster/broker-settings.ts)`;
    if (!Array.isArray(tests) || tests.length === 0) {
        return [violation(s, name, `container "${name}" has no healthcheck tests (healthcheck is ${props.healthcheck === undefined ? "absent" : "without tests"}), so "healthy" means only "the process started"`, fix)];
    }
    const [kind, ...command] = tests.map(String);
    if (kind === "NONE") return [violation(s, name, `container "${name}" disables the image's healthcheck (tests ["NONE"])`, fix)];
    if ((kind === "CMD" || kind === "CMD-SHELL") && command.join("").trim() === "") {
        return [violation(s, name, `container "${name}" has a healthcheck ${JSON.stringify(tests)} with an empty command`, fix)];
    }
    if (kind !== "CMD" && kind !== "CMD-SHELL") {
        return [violation(s, name, `container "${name}" has healthcheck tests ${JSON.stringify(tests)} whose first element is not CMD or CMD-SHELL`, fix)];
    }
    return [];
};

export interface DataVolumeConfig { dataDir: string }
export const dataVolumeSchema: PolicyConfigSchema = {
    properties: {
        dataDir: { type: "string", default: DEFAULT_DATA_DIR, description: "Data directory of a Kafka node when its environment sets no KAFKA_LOG_DIRS." },
    },
};

export const checkDataVolume = (props: Record<string, any>, s: Subject, cfg: DataVolumeConfig): string[] => {
    if (!kafkaRoles(props)) return [];
    const name = containerName(props, s.name);
    const env = envMap(props);
    const dirs = (env.KAFKA_LOG_DIRS ?? env.KAFKA_LOG_DIR ?? cfg.dataDir).split(",").map(d => d.trim()).filter(d => d !== "");
    if (env.KAFKA_METADATA_LOG_DIR) dirs.push(env.KAFKA_METADATA_LOG_DIR);
    const volumes = (props.volumes ?? []) as Array<Record<string, any>>;
    const mounts = (props.mounts ?? []) as Array<Record<string, any>>;
    const out: string[] = [];
    for (const dir of dirs) {
        const named = volumes.some(v => v.containerPath === dir && typeof v.volumeName === "string" && v.volumeName !== "")
            || mounts.some(m => m.target === dir && m.type === "volume" && typeof m.source === "string" && m.source !== "");
        if (named) continue;
        const bind = volumes.find(v => v.containerPath === dir && v.hostPath) ?? mounts.find(m => m.target === dir && m.type === "bind");
        const what = bind ? `a host path (${bind.hostPath ?? bind.source}), not a named volume` : "nothing (its data dies with the container)";
        out.push(violation(s, name, `Kafka node "${name}" mounts ${what} at its data directory ${dir}`,
            `add volumes: [{ volumeName: <a docker.Volume's name>, containerPath: "${dir}" }] so the log survives container replacement`));
    }
    return out;
};

export interface PortsConfig { allowedBindAddresses: string[] }
export const portsSchema: PolicyConfigSchema = {
    properties: {
        allowedBindAddresses: {
            type: "array", items: { type: "string" }, default: ["127.0.0.1"],
            description: "Host addresses published ports may bind to. 0.0.0.0 exposes the port on every interface of the host.",
        },
    },
};

export const checkPorts = (props: Record<string, any>, s: Subject, cfg: PortsConfig): string[] => {
    const name = containerName(props, s.name);
    const allowed = cfg.allowedBindAddresses;
    const out: string[] = [];
    for (const p of (props.ports ?? []) as Array<Record<string, any>>) {
        const ip = typeof p.ip === "string" && p.ip !== "" ? p.ip : undefined;
        if (ip !== undefined && allowed.includes(ip)) continue;
        const shown = ip ?? "no ip (Docker binds 0.0.0.0, every interface)";
        out.push(violation(s, name, `container "${name}" publishes port ${p.internal}${p.external ? ` as host port ${p.external}` : ""} on ${shown}; allowed: ${allowed.join(", ")}`,
            `set ip: "127.0.0.1" on the port (cluster config: pulumi config set bindAddress 127.0.0.1), or add the address to this policy's allowedBindAddresses`));
    }
    if (props.publishAllPorts === true) {
        out.push(violation(s, name, `container "${name}" sets publishAllPorts: true, publishing every exposed port on all interfaces`, `remove publishAllPorts and list ports with ip: "127.0.0.1"`));
    }
    if (props.networkMode === "host") {
        out.push(violation(s, name, `container "${name}" uses networkMode "host": every port it listens on is reachable on the host's interfaces`, `use a bridge network (networksAdvanced) and publish ports with ip: "127.0.0.1"`));
    }
    return out;
};

export interface UiAuthConfig { requireAuthentication: boolean }
export const uiAuthSchema: PolicyConfigSchema = {
    properties: {
        requireAuthentication: { type: "boolean", default: true, description: "Require a login on the Kafka UI (false only for throw-away dev stacks)." },
    },
};

/** The Kafka UI: role label `ui`, or the UI's own environment (AUTH_TYPE, KAFKA_CLUSTERS_<n>_...). */
export function isKafkaUi(props: Record<string, any>): boolean {
    if (labelsOf(props)[ROLE_LABEL] === "ui") return true;
    return Object.keys(envMap(props)).some(k => k === "AUTH_TYPE" || /^KAFKA_CLUSTERS_\d+_BOOTSTRAPSERVERS$/.test(k));
}

export const checkUiAuth = (props: Record<string, any>, s: Subject, cfg: UiAuthConfig): string[] => {
    if (!cfg.requireAuthentication || !isKafkaUi(props)) return [];
    const name = containerName(props, s.name);
    const env = envMap(props);
    const auth = env.AUTH_TYPE;
    const fix = `set AUTH_TYPE=LOGIN_FORM with SPRING_SECURITY_USER_NAME and SPRING_SECURITY_USER_PASSWORD from a Pulumi secret (cluster config: openssl rand -base64 24 | tr -d '\\n' | pulumi config set --secret uiPassword)`;
    if (auth === undefined || auth.trim() === "" || auth.toUpperCase() === "DISABLED") {
        return [violation(s, name, `Kafka UI "${name}" has AUTH_TYPE ${auth === undefined ? "unset (the UI's default: no authentication)" : `"${auth}"`}: anyone reaching the port can read and change the cluster`, fix)];
    }
    if (auth.toUpperCase() === "LOGIN_FORM" && (!env.SPRING_SECURITY_USER_NAME || !env.SPRING_SECURITY_USER_PASSWORD)) {
        const missing = ["SPRING_SECURITY_USER_NAME", "SPRING_SECURITY_USER_PASSWORD"].filter(k => !env[k]);
        return [violation(s, name, `Kafka UI "${name}" uses AUTH_TYPE LOGIN_FORM without ${missing.join(" and ")}`, fix)];
    }
    return [];
};

export interface EnvSecretsConfig {
    namePattern: string;
    secretBackedVariables: string[];
}
/**
 * Variables that the cluster program fills from Pulumi secrets (uiPassword, adminPassword,
 * schemaRegistryPassword, schemaRegistryApiPassword) and
 * passes in an `envs` list that is itself a secret. test/unit/policies-cluster.test.ts checks this
 * against the program's real inputs, so the list cannot silently drift from the code.
 */
export const PROGRAM_SECRET_BACKED_VARIABLES = [
    "SPRING_SECURITY_USER_PASSWORD",
    "KAFKA_CLUSTERS_*_PROPERTIES_SASL_JAAS_CONFIG",
    "KAFKA_LISTENER_NAME_*_SASL_JAAS_CONFIG",
    "APICURIO_KAFKA_COMMON_SASL_JAAS_CONFIG",
    "KAFKA_CLUSTERS_*_SCHEMAREGISTRYAUTH_PASSWORD",
];
export const envSecretsSchema: PolicyConfigSchema = {
    properties: {
        namePattern: { type: "string", default: "PASSWORD|SECRET|JAAS", description: "Case-insensitive regular expression for the names of credential variables." },
        secretBackedVariables: {
            type: "array", items: { type: "string" }, default: PROGRAM_SECRET_BACKED_VARIABLES,
            description: "Variable names ('*' matches any run of characters) that the program is known to fill from Pulumi secrets. Policies cannot see secretness (see policies/README.md), so this list stands in for it.",
        },
    },
};

function globToRegExp(glob: string): RegExp {
    return new RegExp(`^${glob.split("*").map(p => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/**
 * No credential in a container's plain environment. A credential variable passes when it is visibly
 * secret (marker present), when the resource lists `envs` in additionalSecretOutputs, or when its
 * name is one the program is known to fill from a Pulumi secret (secretBackedVariables). The value
 * itself is never put into a message.
 */
export const checkEnvSecrets = (props: Record<string, any>, s: Subject, cfg: EnvSecretsConfig): string[] => {
    const name = containerName(props, s.name);
    const pattern = new RegExp(cfg.namePattern, "i");
    const backed = cfg.secretBackedVariables.map(globToRegExp);
    const declaredSecret = (s.opts?.additionalSecretOutputs ?? []).includes("envs");
    const out: string[] = [];
    for (const e of envEntries(props)) {
        if (!pattern.test(e.name) || e.value === "") continue;
        if (e.secret || declaredSecret || backed.some(re => re.test(e.name))) continue;
        out.push(violation(s, name, `container "${name}" sets credential variable ${e.name} in its plain environment (value not shown); it reaches the state file and \`pulumi preview --diff\` in clear`,
            `pass the value from a Pulumi secret (pulumi config set --secret <key> ...; config.requireSecret) so the envs list is secret, and add ${e.name} to this policy's secretBackedVariables; or add "envs" to the resource's additionalSecretOutputs`));
    }
    return out;
};

/**
 * Every container drops every Linux capability (the images run as non-root users and bind ports
 * above 1024, so they need none) and sets no-new-privileges, so no setuid binary in an image can
 * gain more than the container starts with.
 */
export const checkHardening = (props: Record<string, any>, s: Subject): string[] => {
    const name = containerName(props, s.name);
    const drops: unknown[] = props.capabilities?.drops ?? [];
    const opts: unknown[] = props.securityOpts ?? [];
    const out: string[] = [];
    if (!drops.some(d => typeof d === "string" && d.toUpperCase() === "ALL")) {
        out.push(violation(s, name, `container "${name}" keeps Docker's default Linux capabilities`, `declare capabilities: { drops: ["ALL"] } (and adds: [...] only for a capability the image really needs)`));
    }
    if (!opts.some(o => typeof o === "string" && /^no-new-privileges(:true)?$/.test(o))) {
        out.push(violation(s, name, `container "${name}" does not set no-new-privileges: a setuid binary in the image could gain privileges`, `declare securityOpts: ["no-new-privileges:true"]`));
    }
    return out;
};

/**
 * Advice: a Kafka node that accepts more than one super user runs mid-rotation of the admin
 * password (standbyAdminUser); the second admin should go once the rotation is done.
 */
export const checkStandbyAdmin = (props: Record<string, any>, s: Subject): string[] => {
    if (!kafkaRoles(props)) return [];
    const superUsers = (envMap(props).KAFKA_SUPER_USERS ?? "").split(";").map(u => u.trim()).filter(Boolean);
    if (superUsers.length < 2) return [];
    const name = containerName(props, s.name);
    return [violation(s, name, `Kafka node "${name}" accepts ${superUsers.length} super users (${superUsers.join(", ")}): a standby admin from a password rotation is still set`,
        "finish the rotation: pulumi config rm standbyAdminUser && pulumi config rm standbyAdminPassword && pulumi up (README, \"Rotating the admin password\", step 3)")];
};

export interface MemoryConfig { minMemoryMb: number }
export const memorySchema: PolicyConfigSchema = {
    properties: {
        minMemoryMb: { type: "integer", minimum: 1, default: 128, description: "Smallest acceptable container memory limit, in MB." },
    },
};

export const checkMemory = (props: Record<string, any>, s: Subject, cfg: MemoryConfig): string[] => {
    const name = containerName(props, s.name);
    const memory = props.memory;
    if (typeof memory !== "number" || memory <= 0) {
        return [violation(s, name, `container "${name}" has no memory limit (memory is ${memory === undefined ? "unset" : JSON.stringify(memory)}): one runaway JVM can starve the host and every other broker`,
            `set memory (MB) on the container, e.g. pulumi config set memoryMb 1024 for brokers or uiMemoryMb 512 for the UI`)];
    }
    if (memory < cfg.minMemoryMb) {
        return [violation(s, name, `container "${name}" has a memory limit of ${memory} MB, below the minimum of ${cfg.minMemoryMb} MB`, `raise memory to at least ${cfg.minMemoryMb}`)];
    }
    return [];
};

// ---------------------------------------------------------------------------------------------
// Stack rules over all Kafka nodes

interface NodeInfo {
    resource: PolicyResource;
    cluster: string;
    id: string;
    name: string;
    broker: boolean;
    controller: boolean;
    voters?: string;
}

/**
 * The Kafka nodes of the stack: each Docker container that is a node, and each replica of a Strimzi
 * KafkaNodePool (named `<pool>[i]`, its cluster from the strimzi.io/cluster label), so the quorum
 * and broker-count rules hold for both targets.
 */
function kafkaNodes(resources: PolicyResource[]): NodeInfo[] {
    const nodes: NodeInfo[] = [];
    for (const r of resources) {
        if (r.type === TYPES.strimziNodePool) {
            nodes.push(...nodePoolReplicas(r));
            continue;
        }
        if (r.type !== TYPES.container) continue;
        const roles = kafkaRoles(r.props);
        if (!roles) continue;
        const env = envMap(r.props);
        const name = containerName(r.props, r.name);
        nodes.push({
            resource: r, cluster: labelsOf(r.props)[CLUSTER_LABEL] ?? "", id: env.KAFKA_NODE_ID ?? name, name,
            broker: roles.broker, controller: roles.controller, voters: env.KAFKA_CONTROLLER_QUORUM_VOTERS,
        });
    }
    return nodes;
}

function nodePoolReplicas(r: PolicyResource): NodeInfo[] {
    const spec = (r.props.spec ?? {}) as { replicas?: unknown; roles?: unknown };
    const roles = Array.isArray(spec.roles) ? spec.roles.map(String) : [];
    const pool = String(r.props.metadata?.name ?? r.name);
    const cluster = String(r.props.metadata?.labels?.["strimzi.io/cluster"] ?? "");
    const replicas = typeof spec.replicas === "number" ? spec.replicas : 0;
    return Array.from({ length: replicas }, (_, i) => ({
        resource: r, cluster, id: `${pool}[${i}]`, name: `${pool}[${i}]`, broker: roles.includes("broker"), controller: roles.includes("controller"),
    }));
}

function byCluster(nodes: NodeInfo[]): Map<string, NodeInfo[]> {
    const m = new Map<string, NodeInfo[]>();
    for (const n of nodes) m.set(n.cluster, [...(m.get(n.cluster) ?? []), n]);
    return m;
}

const clusterLabel = (cluster: string) => (cluster ? `cluster "${cluster}"` : "the cluster");

export const checkControllerCount: StackRule<object> = resources => {
    const out: Array<{ message: string; urn?: string }> = [];
    for (const [cluster, nodes] of byCluster(kafkaNodes(resources))) {
        const controllers = [...new Map(nodes.filter(n => n.controller).map(n => [n.id, n])).values()];
        const names = controllers.map(n => n.name).sort().join(", ");
        const urn = (controllers[0] ?? nodes[0]).resource.urn;
        if (controllers.length === 0) {
            out.push({ urn, message: `${clusterLabel(cluster)} has ${nodes.length} Kafka node(s) but none with "controller" in KAFKA_PROCESS_ROLES: a KRaft cluster cannot start without a quorum. Fix: give 1, 3 or 5 nodes the controller role (cluster config: controllerMode, controllers)` });
        } else if (controllers.length % 2 === 0) {
            out.push({ urn, message: `${clusterLabel(cluster)} has ${controllers.length} KRaft controllers (${names}), an even number: it tolerates no more failures than ${controllers.length - 1} would, with one more vote to lose. Fix: use ${controllers.length - 1} or ${controllers.length + 1} controllers (pulumi config set controllers ${controllers.length - 1})` });
        }
        const voterSizes = new Set(nodes.filter(n => n.voters).map(n => n.voters!.split(",").filter(v => v.trim()).length));
        for (const size of voterSizes) {
            if (controllers.length > 0 && size !== controllers.length) {
                out.push({ urn, message: `${clusterLabel(cluster)}: KAFKA_CONTROLLER_QUORUM_VOTERS lists ${size} voter(s) but ${controllers.length} node(s) run the controller role (${names}). Fix: list exactly the controller nodes as voters (quorumVoters in components/cluster/broker-settings.ts)` });
            }
        }
    }
    return out;
};

export interface MinBrokersConfig { productionClass: boolean; minBrokers: number }
export const minBrokersSchema: PolicyConfigSchema = {
    properties: {
        productionClass: PRODUCTION_CLASS_SCHEMA,
        minBrokers: { type: "integer", minimum: 1, default: 3, description: "Brokers a production-class cluster needs (3: replication factor 3 with min.insync.replicas 2 survives one broker down)." },
    },
};

export const checkMinBrokers: StackRule<MinBrokersConfig> = (resources, cfg) => {
    if (!cfg.productionClass) return [];
    const out: Array<{ message: string; urn?: string }> = [];
    for (const [cluster, nodes] of byCluster(kafkaNodes(resources))) {
        const brokers = [...new Set(nodes.filter(n => n.broker).map(n => n.id))];
        if (brokers.length >= cfg.minBrokers) continue;
        out.push({
            urn: nodes[0].resource.urn,
            message: `${clusterLabel(cluster)} of this production-class stack has ${brokers.length} broker(s) (${nodes.filter(n => n.broker).map(n => n.name).sort().join(", ") || "none"}), fewer than ${cfg.minBrokers}: with replication factor 3 and min.insync.replicas 2, one broker down must not stop writes. Fix: pulumi config set brokers ${cfg.minBrokers}`,
        });
    }
    return out;
};

// ---------------------------------------------------------------------------------------------
// Policies

export const clusterPolicies: Array<ResourceValidationPolicy | StackValidationPolicy> = [
    {
        name: "docker-image-pinned",
        description: "Docker images are pinned to a release tag (not latest, not untagged) or a digest.",
        enforcementLevel: "mandatory",
        configSchema: imagePinnedSchema,
        validateResource: resourceValidation(TYPES.remoteImage, imagePinnedSchema, checkImagePinned),
    },
    {
        name: "docker-image-digest",
        description: "Advice: a digest pins an image better than a tag, which can be re-pushed.",
        enforcementLevel: "advisory",
        configSchema: { properties: {} },
        validateResource: resourceValidation(TYPES.remoteImage, { properties: {} }, checkImageDigest),
    },
    {
        name: "container-healthcheck",
        description: "Every container declares a healthcheck with a test command.",
        enforcementLevel: "mandatory",
        configSchema: { properties: {} },
        validateResource: resourceValidation(TYPES.container, { properties: {} }, checkHealthcheck),
    },
    {
        name: "kafka-data-volume",
        description: "Every Kafka node mounts a named volume at its data directory.",
        enforcementLevel: "mandatory",
        configSchema: dataVolumeSchema,
        validateResource: resourceValidation(TYPES.container, dataVolumeSchema, checkDataVolume),
    },
    {
        name: "published-ports-bind-address",
        description: "Published container ports bind 127.0.0.1 unless another address is allowed.",
        enforcementLevel: "mandatory",
        configSchema: portsSchema,
        validateResource: resourceValidation(TYPES.container, portsSchema, checkPorts),
    },
    {
        name: "kafka-ui-authentication",
        description: "The Kafka UI requires a login (AUTH_TYPE set and not DISABLED) outside dev.",
        enforcementLevel: "mandatory",
        configSchema: uiAuthSchema,
        validateResource: resourceValidation(TYPES.container, uiAuthSchema, checkUiAuth),
    },
    {
        name: "container-env-no-plain-credentials",
        description: "No password, secret or JAAS variable in a container's plain environment; credentials come from Pulumi secrets.",
        enforcementLevel: "mandatory",
        configSchema: envSecretsSchema,
        validateResource: resourceValidation(TYPES.container, envSecretsSchema, checkEnvSecrets),
    },
    {
        name: "container-hardening",
        description: "Every container drops all Linux capabilities and sets no-new-privileges.",
        enforcementLevel: "mandatory",
        configSchema: { properties: {} },
        validateResource: resourceValidation(TYPES.container, { properties: {} }, checkHardening),
    },
    {
        name: "kafka-standby-admin",
        description: "Advice: no standby admin (a second super user) is left in place after a password rotation.",
        enforcementLevel: "advisory",
        configSchema: { properties: {} },
        validateResource: resourceValidation(TYPES.container, { properties: {} }, checkStandbyAdmin),
    },
    {
        name: "container-memory-limit",
        description: "Every container has a memory limit.",
        enforcementLevel: "mandatory",
        configSchema: memorySchema,
        validateResource: resourceValidation(TYPES.container, memorySchema, checkMemory),
    },
    {
        name: "kraft-controller-count-odd",
        description: "A KRaft cluster has an odd number of controllers, and its voter list names exactly them.",
        enforcementLevel: "mandatory",
        configSchema: { properties: {} },
        validateStack: stackValidation({ properties: {} }, checkControllerCount),
    },
    {
        name: "production-min-brokers",
        description: "A production-class cluster has at least 3 brokers.",
        enforcementLevel: "mandatory",
        configSchema: minBrokersSchema,
        validateStack: stackValidation(minBrokersSchema, checkMinBrokers),
    },
];
