// Validation of the cluster stack's configuration.
//
// The stack reads its raw config values (strings, as Pulumi stores them) once, here, and turns
// them into a typed `ClusterConfig`. Everything after this point trusts the values. Every error
// names the config key, the value found and the fix, and is raised before any resource exists.

import { createHash, X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { StackConfigChecker } from "../shared/config-checker";
import { USER_NAME } from "../shared/kafka-names";
import { imageRefProblem } from "../shared/image-ref";
import { setPasswordCommand } from "../shared/password-rule";
import { SECURITY_MODES, securityMode, type SecurityModeName } from "./security";

/** The official image, pinned to a Kafka release. Never `latest`: upgrades are explicit config changes. */
export const DEFAULT_KAFKA_IMAGE = "apache/kafka:4.3.1";
/** The maintained fork of the Kafka UI; `provectuslabs/kafka-ui:v0.7.2` is the unmaintained original. */
export const DEFAULT_UI_IMAGE = "kafbat/kafka-ui:v1.4.2";
/** Apicurio Registry: a Confluent-compatible API with Protobuf support, its data kept in Kafka. */
export const DEFAULT_SCHEMA_REGISTRY_IMAGE = "apicurio/apicurio-registry:3.3.3";

export type ControllerMode = "combined" | "isolated";

/** Where the cluster runs: containers on this Docker host, or Strimzi resources in a Kubernetes cluster. */
export const TARGETS = ["docker", "strimzi"] as const;
export type Target = (typeof TARGETS)[number];

/** Keys that only mean something on Docker (ports, the network, the Docker-only services): refused with `target: strimzi`. */
export const DOCKER_ONLY_KEYS = [
    "networkName", "bindAddress", "advertisedHost", "externalPortBase", "clusterId", "rollingUpdates",
    "uiEnabled", "uiImage", "uiPort", "uiUser", "uiPassword", "uiMemoryMb",
    "schemaRegistryEnabled", "schemaRegistryImage", "schemaRegistryPort", "schemaRegistryUser", "schemaRegistryPassword",
    "schemaRegistryMemoryMb", "schemaRegistryApiUser", "schemaRegistryApiPassword", "tlsCertValidityDays", "tlsRenewBeforeDays",
] as const;
/** Keys that only mean something on Strimzi: refused with `target: docker`. */
export const STRIMZI_ONLY_KEYS = ["kubeconfig", "kubeContext", "kubeNamespace", "storageSizeGi", "storageClass", "metadataVersion"] as const;

/** The Kubernetes side of `target: strimzi`. */
export interface StrimziConfig {
    /** Namespace of the Kafka and KafkaNodePool resources; the Strimzi operator must watch it. */
    namespace: string;
    /** Path of the kubeconfig file; unset: the provider's default ($KUBECONFIG, ~/.kube/config). */
    kubeconfig?: string;
    /** Context in the kubeconfig; unset: its current context. */
    context?: string;
    /** Size of each node's persistent volume claim, GiB. */
    storageSizeGi: number;
    /** Storage class of the claims; unset: the cluster's default class. */
    storageClass?: string;
    /** Kafka version of the Strimzi cluster (spec.kafka.version): the tag of kafkaImage. */
    kafkaVersion: string;
    /**
     * The KRaft metadata version to finalize (spec.kafka.metadataVersion), set on purpose after an
     * upgrade has proven itself; unset: the deployed one stays (see index.ts), as on Docker.
     */
    metadataVersion?: string;
}

/** Validated settings of one cluster stack. Secrets are not in here: they stay Pulumi secrets. */
export interface ClusterConfig {
    /** Where the cluster runs (docker, the default, or strimzi). */
    target: Target;
    /** With target strimzi: the Kubernetes cluster and the claims. */
    strimzi?: StrimziConfig;
    /** Prefix of every container and volume name, e.g. `kafka` gives `kafka-1`, `kafka-1-data`. */
    name: string;
    networkName: string;
    kafkaImage: string;
    brokers: number;
    controllerMode: ControllerMode;
    /** Number of KRaft voters: combined nodes in combined mode, dedicated controllers in isolated mode. Always odd. */
    controllers: number;
    /** Stable KRaft cluster id (22-character base64url UUID). */
    clusterId: string;
    /** Host address the published ports bind to. */
    bindAddress: string;
    /** The host name the brokers' external listeners advertise to clients (and their certificates name). */
    advertisedHost: string;
    /** Host port of broker 1's external listener; broker i gets externalPortBase + i - 1. */
    externalPortBase: number;
    heapMb: number;
    memoryMb: number;
    security: SecurityModeName;
    adminUser: string;
    /** A second admin the nodes accept (not use), set only while the admin password is rotated. */
    standbyAdminUser?: string;
    /** Keep the data volumes when the stack is destroyed (Pulumi `retainOnDelete`). */
    retainVolumes: boolean;
    /** Let one deployment change the cluster id, the volumes or the network (cluster-safety.ts). */
    acceptDataLoss: boolean;
    /** Replace the nodes of a deployed cluster one at a time (KafkaClusterArgs.rolling). */
    rollingUpdates: boolean;
    ui: UiConfig;
    schemaRegistry: SchemaRegistryConfig;
    /** Set when the security mode encrypts (sasl_ssl). */
    tls?: TlsConfig;
}

export interface TlsConfig {
    /** How long a node's (or the registry's) certificate is valid. */
    certValidityDays: number;
    /** Certificates are renewed (replaced, the nodes rolling) this long before they expire; previews warn from then on. */
    renewBeforeDays: number;
    /** An organisation's own CA certificate (PEM), with its key in the tlsCaKey secret; unset: the stack creates a CA. */
    caCert?: string;
}

export interface SchemaRegistryConfig {
    enabled: boolean;
    image: string;
    port: number;
    /** Its own Kafka user under SASL (a SCRAM credential with ACLs on its own topics only). */
    user: string;
    memoryMb: number;
    /** With TLS: the user of its HTTPS API (basic authentication; the password is the schemaRegistryApiPassword secret). */
    apiUser?: string;
}

export interface UiConfig {
    enabled: boolean;
    image: string;
    port: number;
    user: string;
    memoryMb: number;
}

/** Raw config as read from the stack: every value a string or missing. */
export type RawClusterConfig = Record<string, string | undefined>;

/** The keys this stack understands; anything else under the project namespace is a typo. */
export const CLUSTER_CONFIG_KEYS = [
    "target",
    ...STRIMZI_ONLY_KEYS,
    "name",
    "networkName",
    "kafkaImage",
    "brokers",
    "controllerMode",
    "controllers",
    "clusterId",
    "bindAddress",
    "advertisedHost",
    "externalPortBase",
    "heapMb",
    "memoryMb",
    "security",
    "adminUser",
    "adminPassword",
    "standbyAdminUser",
    "standbyAdminPassword",
    "retainVolumes",
    "uiEnabled",
    "uiImage",
    "uiPort",
    "uiUser",
    "uiPassword",
    "uiMemoryMb",
    "schemaRegistryEnabled",
    "schemaRegistryImage",
    "schemaRegistryPort",
    "schemaRegistryUser",
    "schemaRegistryPassword",
    "schemaRegistryMemoryMb",
    "schemaRegistryApiUser",
    "schemaRegistryApiPassword",
    "tlsCaCert",
    "tlsCaKey",
    "tlsCertValidityDays",
    "tlsRenewBeforeDays",
    "acceptDataLoss",
    "rollingUpdates",
] as const;

export interface ParseContext {
    /** Config namespace, normally the Pulumi project name (`kafka-cluster`). */
    namespace: string;
    stack: string;
    /** Whether the secret values are set; their values never pass through this module. */
    hasAdminPassword: boolean;
    hasStandbyAdminPassword?: boolean;
    hasUiPassword: boolean;
    hasSchemaRegistryPassword?: boolean;
    hasSchemaRegistryApiPassword?: boolean;
    /** Whether the tlsCaKey secret is set (its value never passes through this module). */
    hasTlsCaKey?: boolean;
    /** Secret keys that are set but stored in plain text in the stack file. */
    plainTextSecrets?: string[];
    /** Secret keys whose value breaks the password rule, with the problem (never the value). */
    secretProblems?: Record<string, string>;
}

const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;
/** A DNS name (labels of letters, digits and '-') or an IPv4 address. */
const HOST_NAME = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** The registry's API user becomes part of an environment variable's name (Quarkus's embedded users). */
const API_USER = /^[a-z][a-z0-9]{0,31}$/;
const CLUSTER_ID = /^[A-Za-z0-9_-]{22}$/;
/** A Kubernetes object name Strimzi accepts for a Kafka cluster (its pods and services append suffixes). */
const STRIMZI_NAME = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const STORAGE_CLASS = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;
const KUBE_USER_NAME = /^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;
const KAFKA_VERSION = /^\d+\.\d+\.\d+$/;
const METADATA_VERSION = /^\d+\.\d+(-IV\d+)?$/;

/**
 * Checks the raw config and returns typed settings, or throws one `ConfigError` listing every
 * problem found (so a user fixes them all in one go).
 */
export function parseClusterConfig(raw: RawClusterConfig, ctx: ParseContext): ClusterConfig {
    const c = new StackConfigChecker(raw, ctx.namespace);
    const report = c.report.bind(c), int = c.int.bind(c), bool = c.bool.bind(c), matching = c.matching.bind(c);
    const oneOf = <T extends string>(k: string, dflt: T, allowed: readonly T[]) => c.oneOf(k, dflt, allowed);
    c.unknownKeys(CLUSTER_CONFIG_KEYS);
    const target = oneOf<Target>("target", "docker", TARGETS);
    const image = (k: string, dflt: string): string => {
        const v = raw[k];
        if (v === undefined || v === "") return dflt;
        const problem = imageRefProblem(v);
        if (problem) report(k, v, problem, `pulumi config set ${k} ${dflt}`);
        return v;
    };

    const name = target === "strimzi"
        ? matching("name", "kafka", STRIMZI_NAME, "a Kubernetes name for the Kafka resource: lower-case letters, digits and '-', at most 40")
        : matching("name", "kafka", DOCKER_NAME, "a Docker name: letters, digits, '_', '.', '-', starting with a letter or digit");
    const networkName = matching("networkName", "kafka-net", DOCKER_NAME, "a Docker network name: letters, digits, '_', '.', '-'");
    const kafkaImage = image("kafkaImage", DEFAULT_KAFKA_IMAGE);
    const brokers = int("brokers", 3, 1, 9);
    const controllerMode = oneOf<ControllerMode>("controllerMode", "combined", ["combined", "isolated"]);

    // Combined mode: the first 1 or 3 nodes also act as controllers; isolated mode: 3 dedicated controllers.
    const defaultControllers = controllerMode === "isolated" ? 3 : brokers >= 3 ? 3 : 1;
    const controllers = int("controllers", defaultControllers, 1, controllerMode === "isolated" ? 9 : brokers);
    if (controllers % 2 === 0) {
        report("controllers", raw.controllers, "must be odd: a KRaft quorum of an even size tolerates no more failures than one node fewer", `pulumi config set controllers ${controllers - 1}`);
    }

    const derivedId = deriveClusterId(ctx.namespace, ctx.stack);
    const clusterId = matching("clusterId", derivedId, CLUSTER_ID, "a 22-character base64url Kafka cluster id (e.g. from `kafka-storage.sh random-uuid`)");

    const bindAddress = oneOf("bindAddress", "127.0.0.1", ["127.0.0.1", "0.0.0.0"]);
    const advertisedHost = matching("advertisedHost", "localhost", HOST_NAME, "a host name or IPv4 address that clients resolve to this host");
    const externalPortBase = int("externalPortBase", 9092, 1024, 65535 - 8);
    const heapMb = int("heapMb", 512, 128, 32768);
    const memoryMb = int("memoryMb", 1024, 256, 65536);
    if (memoryMb < heapMb + 256) {
        report("memoryMb", raw.memoryMb, `must leave at least 256 MB above heapMb (${heapMb}) for the JVM's own memory and the page cache`, `pulumi config set memoryMb ${heapMb + 512}`);
    }

    const security = oneOf<SecurityModeName>("security", "plaintext", SECURITY_MODES);
    const mode = securityMode(security);
    const adminUser = matching("adminUser", "admin", USER_NAME, "a user name of letters, digits, '.', '_', '-' (1..64)");
    if (mode.needsAdminPassword && !ctx.hasAdminPassword) {
        report("adminPassword", undefined, `is required when security is ${security} (there is no default password)`, setPasswordCommand("adminPassword"));
    }
    const standbyAdminUser = standbyAdmin(c, raw, ctx, security, adminUser);
    const retainVolumes = bool("retainVolumes", true);
    const acceptDataLoss = bool("acceptDataLoss", false);
    const rollingUpdates = bool("rollingUpdates", true);
    c.secrets(`Pulumi.${ctx.stack}.yaml`, ctx.plainTextSecrets ?? [], ctx.secretProblems ?? {}, k => (k === "tlsCaKey" ? "pulumi config set --secret tlsCaKey < ca.key" : setPasswordCommand(k)));

    const ui: UiConfig = {
        enabled: target === "docker" && bool("uiEnabled", true),
        image: image("uiImage", DEFAULT_UI_IMAGE),
        port: int("uiPort", 8080, 1024, 65535),
        user: matching("uiUser", "admin", USER_NAME, "a user name of letters, digits, '.', '_', '-' (1..64)"),
        memoryMb: int("uiMemoryMb", 512, 256, 8192),
    };
    if (ui.enabled && !ctx.hasUiPassword) {
        report("uiPassword", undefined, "is required while the Kafka UI is enabled (there is no default password)", `${setPasswordCommand("uiPassword")}   (or: pulumi config set uiEnabled false)`);
    }
    if (ui.enabled && ui.port >= externalPortBase && ui.port < externalPortBase + brokers) {
        report("uiPort", String(ui.port), `collides with the broker ports ${externalPortBase}..${externalPortBase + brokers - 1}`, `pulumi config set uiPort ${externalPortBase + brokers}`);
    }

    const schemaRegistry: SchemaRegistryConfig = {
        enabled: target === "docker" && bool("schemaRegistryEnabled", false),
        image: image("schemaRegistryImage", DEFAULT_SCHEMA_REGISTRY_IMAGE),
        port: int("schemaRegistryPort", 8085, 1024, 65535),
        user: matching("schemaRegistryUser", "schema-registry", USER_NAME, "a user name of letters, digits, '.', '_', '-' (1..64)"),
        memoryMb: int("schemaRegistryMemoryMb", 768, 384, 8192),
    };
    const strimzi = targetSettings(c, raw, ctx, target, kafkaImage);
    const tls = tlsSettings(c, raw, ctx, mode.tls, security);
    // With TLS the registry serves HTTPS with basic authentication: its API user and password.
    if (mode.tls && schemaRegistry.enabled) {
        schemaRegistry.apiUser = matching("schemaRegistryApiUser", "registry", API_USER, "a user name of lower-case letters and digits, starting with a letter (1..32)");
        if (!ctx.hasSchemaRegistryApiPassword) {
            report("schemaRegistryApiPassword", undefined, `is required while the schema registry is enabled and security is ${security}: its HTTPS API asks for it (there is no default password)`,
                `${setPasswordCommand("schemaRegistryApiPassword")}   (or: pulumi config set schemaRegistryEnabled false)`);
        }
    } else {
        const unused = "is only used by a schema registry under security sasl_ssl (its HTTPS API)";
        if (c.isSet("schemaRegistryApiUser")) report("schemaRegistryApiUser", raw.schemaRegistryApiUser, unused, "pulumi config rm schemaRegistryApiUser");
        if (ctx.hasSchemaRegistryApiPassword) report("schemaRegistryApiPassword", undefined, unused, "pulumi config rm schemaRegistryApiPassword");
    }
    if (schemaRegistry.enabled) {
        if (mode.authenticates && !ctx.hasSchemaRegistryPassword) {
            report("schemaRegistryPassword", undefined, `is required while the schema registry is enabled and security is ${security}: the registry is a Kafka user of its own (there is no default password)`,
                `${setPasswordCommand("schemaRegistryPassword")}   (or: pulumi config set schemaRegistryEnabled false)`);
        }
        if (mode.authenticates && (schemaRegistry.user === adminUser || schemaRegistry.user === standbyAdminUser)) {
            report("schemaRegistryUser", schemaRegistry.user, "must differ from the admin users: the registry gets rights on its own topics only", "pulumi config set schemaRegistryUser schema-registry");
        }
        const taken = [
            ...Array.from({ length: brokers }, (_, i) => externalPortBase + i),
            ...(ui.enabled ? [ui.port] : []),
        ];
        if (taken.includes(schemaRegistry.port)) {
            report("schemaRegistryPort", String(schemaRegistry.port), `collides with a port of the brokers (${externalPortBase}..${externalPortBase + brokers - 1}) or the Kafka UI (${ui.port})`,
                `pulumi config set schemaRegistryPort ${Math.max(...taken) + 1}`);
        }
    }

    // Off loopback, traffic leaves the machine: only encrypted and authenticated (sasl_ssl).
    if (bindAddress !== "127.0.0.1" && !mode.tls) {
        report("bindAddress", bindAddress, `publishes every port on all of this host's network interfaces, but security ${security} sends ${mode.authenticates ? "the passwords and all data" : "all data, without authentication,"} in clear`,
            "pulumi config set bindAddress 127.0.0.1, or pulumi config set security sasl_ssl (TLS on every listener) to serve other hosts");
    }

    c.throwIfAny(`stack ${ctx.stack}`);
    return {
        target, ...(strimzi ? { strimzi } : {}), name, networkName, kafkaImage, brokers, controllerMode, controllers, clusterId,
        bindAddress, advertisedHost, externalPortBase, heapMb, memoryMb, security, adminUser, standbyAdminUser, retainVolumes, acceptDataLoss, rollingUpdates, ui, schemaRegistry,
        ...(tls ? { tls } : {}),
    };
}

/**
 * The target's own keys: with strimzi, the Kubernetes settings, and every Docker-only key refused
 * when set (a port or network that silently means nothing would mislead); with docker, the
 * Strimzi-only keys refused.
 */
function targetSettings(c: StackConfigChecker, raw: RawClusterConfig, ctx: ParseContext, target: Target, kafkaImage: string): StrimziConfig | undefined {
    if (target === "docker") {
        for (const k of STRIMZI_ONLY_KEYS) {
            if (c.isSet(k)) c.report(k, raw[k], "is only used with target strimzi (target is docker)", `pulumi config rm ${k}, or pulumi config set target strimzi`);
        }
        return undefined;
    }
    const secretsSet: Record<string, boolean | undefined> = {
        uiPassword: ctx.hasUiPassword, schemaRegistryPassword: ctx.hasSchemaRegistryPassword, schemaRegistryApiPassword: ctx.hasSchemaRegistryApiPassword,
    };
    for (const k of DOCKER_ONLY_KEYS) {
        if (c.isSet(k) || secretsSet[k]) {
            const why = k.startsWith("ui") || k.startsWith("schemaRegistry")
                ? "the Kafka UI and the schema registry run on Docker only"
                : k.startsWith("tls") ? "the Strimzi operator issues and renews the nodes' certificates" : "Strimzi's listeners and Kubernetes services replace the Docker network and published ports";
            c.report(k, secretsSet[k] ? undefined : raw[k], `has no meaning with target strimzi: ${why}`, `pulumi config rm ${k}`);
        }
    }
    const tag = kafkaImage.includes("@") ? undefined : kafkaImage.slice(kafkaImage.lastIndexOf(":") + 1);
    if (tag === undefined || !KAFKA_VERSION.test(tag)) {
        c.report("kafkaImage", kafkaImage, "must end in a Kafka release tag (x.y.z) with target strimzi: the tag becomes the Kafka resource's spec.kafka.version, and the operator picks its own image for it",
            `pulumi config set kafkaImage ${DEFAULT_KAFKA_IMAGE}`);
    }
    // The admins are KafkaUser resources, whose names are Kubernetes names.
    for (const k of ["adminUser", "standbyAdminUser"]) {
        if (c.isSet(k) && !KUBE_USER_NAME.test(raw[k]!)) {
            c.report(k, raw[k], "must be a Kubernetes name with target strimzi (the admin is a KafkaUser resource): lower-case letters, digits, '.' and '-', at most 63", `pulumi config set ${k} ${k === "adminUser" ? "admin" : "admin-b"}`);
        }
    }
    const kubeconfig = c.isSet("kubeconfig") ? raw.kubeconfig : undefined;
    if (kubeconfig !== undefined && !existsSync(kubeconfig)) {
        c.report("kubeconfig", kubeconfig, "is not a file on this machine", "pulumi config set kubeconfig <path of the kubeconfig file>, or pulumi config rm kubeconfig to use $KUBECONFIG or ~/.kube/config");
    }
    return {
        namespace: c.matching("kubeNamespace", "kafka", NAMESPACE, "a Kubernetes namespace name: lower-case letters, digits and '-', at most 63"),
        ...(kubeconfig !== undefined ? { kubeconfig } : {}),
        ...(c.isSet("kubeContext") ? { context: raw.kubeContext } : {}),
        storageSizeGi: c.int("storageSizeGi", 10, 1, 65536),
        ...(c.isSet("storageClass") ? { storageClass: c.matching("storageClass", "standard", STORAGE_CLASS, "a storage class name: lower-case letters, digits, '.' and '-'") } : {}),
        kafkaVersion: tag ?? DEFAULT_KAFKA_IMAGE.split(":")[1],
        ...(c.isSet("metadataVersion") ? { metadataVersion: c.matching("metadataVersion", "4.3", METADATA_VERSION, "a KRaft metadata version such as 4.3 or 4.3-IV0") } : {}),
    };
}

/**
 * TLS settings: only with a mode that encrypts. An organisation's own CA is its certificate (plain
 * config, checked here: a CA certificate, valid now and beyond the renewal window) and its key (a
 * secret, checked at the edge against the certificate, never printed); both or neither.
 */
function tlsSettings(c: StackConfigChecker, raw: RawClusterConfig, ctx: ParseContext, tls: boolean, security: SecurityModeName): TlsConfig | undefined {
    const keys = ["tlsCaCert", "tlsCertValidityDays", "tlsRenewBeforeDays"].filter(k => c.isSet(k));
    if (!tls) {
        for (const k of keys) c.report(k, raw[k], `is only used when security is sasl_ssl (security is ${security})`, `pulumi config rm ${k}`);
        if (ctx.hasTlsCaKey) c.report("tlsCaKey", undefined, `is only used when security is sasl_ssl (security is ${security})`, "pulumi config rm tlsCaKey");
        return undefined;
    }
    const certValidityDays = c.int("tlsCertValidityDays", 365, 2, 825);
    const renewBeforeDays = c.int("tlsRenewBeforeDays", 30, 1, certValidityDays - 1);
    const caCert = c.isSet("tlsCaCert") ? raw.tlsCaCert : undefined;
    if (caCert !== undefined) {
        const problem = caCertProblem(caCert, renewBeforeDays);
        if (problem) c.report("tlsCaCert", undefined, problem, "pulumi config set tlsCaCert -- \"$(cat ca.crt)\" (the CA's certificate, PEM), or pulumi config rm tlsCaCert to let the stack create a CA");
        if (!ctx.hasTlsCaKey) c.report("tlsCaKey", undefined, "is required with tlsCaCert: the stack signs the nodes' certificates with the CA's key", "pulumi config set --secret tlsCaKey < ca.key");
    } else if (ctx.hasTlsCaKey) {
        c.report("tlsCaCert", undefined, "is required with tlsCaKey: the CA's certificate (PEM)", "pulumi config set tlsCaCert -- \"$(cat ca.crt)\", or pulumi config rm tlsCaKey");
    }
    return { certValidityDays, renewBeforeDays, ...(caCert !== undefined ? { caCert } : {}) };
}

/** Why a PEM text is not a usable CA certificate; undefined when it is. */
export function caCertProblem(pem: string, renewBeforeDays: number, now = new Date()): string | undefined {
    let cert: X509Certificate;
    try {
        cert = new X509Certificate(pem);
    } catch {
        return "is not a PEM certificate (-----BEGIN CERTIFICATE----- ...)";
    }
    if (!cert.ca) return `is not a CA certificate (${cert.subject.replace(/\n/g, ", ")} has no CA:TRUE basic constraint): it cannot sign the nodes' certificates`;
    const ends = new Date(cert.validTo);
    if (ends.getTime() <= now.getTime()) return `expired on ${ends.toISOString()}`;
    if (ends.getTime() - now.getTime() < renewBeforeDays * 86_400_000) return `expires on ${ends.toISOString()}, within the ${renewBeforeDays}-day renewal window (tlsRenewBeforeDays): the certificates it signs would need renewing at once`;
    return undefined;
}

/**
 * The standby admin of a password rotation: both keys or neither, only under SASL, and a user name
 * of its own (PLAIN accepts one password per user name).
 */
function standbyAdmin(c: StackConfigChecker, raw: RawClusterConfig, ctx: ParseContext, security: SecurityModeName, adminUser: string): string | undefined {
    const hasUser = c.isSet("standbyAdminUser"), hasPassword = ctx.hasStandbyAdminPassword ?? false;
    if (!hasUser && !hasPassword) return undefined;
    const user = raw.standbyAdminUser;
    if (!securityMode(security).needsAdminPassword) {
        c.report(hasUser ? "standbyAdminUser" : "standbyAdminPassword", user, `is only used when security is sasl (security is ${security})`,
            "pulumi config rm standbyAdminUser; pulumi config rm standbyAdminPassword");
    } else if (!hasUser) {
        c.report("standbyAdminUser", undefined, "is required while standbyAdminPassword is set: the second admin needs a user name of its own", "pulumi config set standbyAdminUser admin-b");
    } else if (!USER_NAME.test(user!)) {
        c.report("standbyAdminUser", user, "must be a user name of letters, digits, '.', '_', '-' (1..64)", "pulumi config set standbyAdminUser admin-b");
    } else if (user === adminUser) {
        c.report("standbyAdminUser", user, "must differ from adminUser: the nodes accept one password per user name, so a rotation moves to a second name",
            `pulumi config set standbyAdminUser ${adminUser === "admin-b" ? "admin" : "admin-b"}`);
    } else if (!hasPassword) {
        c.report("standbyAdminPassword", undefined, "is required while standbyAdminUser is set (there is no default password)", setPasswordCommand("standbyAdminPassword"));
    } else {
        return user;
    }
    return undefined;
}

/**
 * What a valid config still exposes, as warnings with what to do: a standby admin is a second
 * super user for as long as it is set; off loopback (only with TLS), the UI's login form is plain
 * HTTP.
 */
export function exposureWarnings(cfg: ClusterConfig): string[] {
    const warnings: string[] = [];
    if (cfg.standbyAdminUser !== undefined) {
        warnings.push(`standbyAdminUser ${cfg.standbyAdminUser} is a second super user on every node for as long as it is set; once the admin password rotation is done, ` +
            "remove it: pulumi config rm standbyAdminUser && pulumi config rm standbyAdminPassword && pulumi up (README, \"Rotating the admin password\", step 3)");
    }
    if (cfg.bindAddress !== "127.0.0.1" && cfg.ui.enabled) {
        warnings.push(`bindAddress ${cfg.bindAddress}: the Kafka UI's login form is served over plain HTTP to other hosts; put a TLS reverse proxy in front, or keep bindAddress 127.0.0.1`);
    }
    return warnings;
}

/**
 * A KRaft cluster id that is the same on every run of the same stack: 16 bytes of a SHA-256 of the
 * project and stack name, in Kafka's base64url UUID form. A random id would re-format nothing (the
 * volumes keep the old one) but would make the brokers refuse to start with the existing data.
 */
export function deriveClusterId(project: string, stack: string): string {
    const bytes = createHash("sha256").update(`kafka-cluster-id:${project}/${stack}`).digest().subarray(0, 16);
    return bytes.toString("base64url");
}
