// Pure: the Strimzi rendering of a validated ClusterConfig (`target: strimzi`). The same keys give
// the same topology as on Docker: the node layout comes from planNodes, grouped into one
// KafkaNodePool per set of KRaft roles; the brokers' cluster-wide properties, the security mode's
// listener and authorization, and the heap and memory are those of the Docker nodes. No Pulumi
// here: strimzi-cluster.ts wires these objects into resources.

import type { ClusterConfig, StrimziConfig } from "./cluster-config";
import { brokerDefaults, planNodes, type NodeRole } from "./broker-settings";
import { securityMode } from "./security";

/** The only API version Strimzi 1.x serves for its resources. */
export const STRIMZI_API_VERSION = "kafka.strimzi.io/v1";
/** The label that ties node pools and users to their Kafka cluster. */
export const STRIMZI_CLUSTER_LABEL = "strimzi.io/cluster";

/** A Kubernetes object as the API server takes it (the spec is Strimzi's). */
export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    spec: Record<string, unknown>;
}

export interface NodePoolPlan {
    /** The pool's name in the namespace: the cluster's name and the pool's role set. */
    name: string;
    roles: NodeRole[];
    replicas: number;
}

/** The Strimzi settings of a config whose target is strimzi (parseClusterConfig guarantees them). */
export function strimziOf(cfg: ClusterConfig): StrimziConfig {
    if (!cfg.strimzi) throw new Error(`cluster ${cfg.name}: target is ${cfg.target}, not strimzi`);
    return cfg.strimzi;
}

/**
 * One pool per set of roles, in the order planNodes lays the nodes out: combined mode gives a
 * `dual` pool (broker and controller) and, past the controllers, a `broker` pool; isolated mode a
 * `controller` pool and a `broker` pool.
 */
export function nodePoolPlans(cfg: ClusterConfig): NodePoolPlan[] {
    const pools = new Map<string, NodePoolPlan>();
    for (const node of planNodes(cfg)) {
        const roles = [...node.roles].sort() as NodeRole[];
        const suffix = roles.length > 1 ? "dual" : roles[0];
        const pool = pools.get(suffix) ?? { name: `${cfg.name}-${suffix}`, roles, replicas: 0 };
        pool.replicas++;
        pools.set(suffix, pool);
    }
    return [...pools.values()];
}

/** The admins, as Strimzi KafkaUsers with SCRAM passwords from the stack's secrets: the admin, and the standby during a rotation. */
export function adminUsers(cfg: ClusterConfig): { user: string; secretName: string }[] {
    if (!securityMode(cfg.security).authenticates) return [];
    const users = [cfg.adminUser, ...(cfg.standbyAdminUser !== undefined ? [cfg.standbyAdminUser] : [])];
    return users.map(user => ({ user, secretName: `${cfg.name}-${user}-password` }));
}

/** Secret key that holds a password (the admins' secrets) and the CA's certificate and key (Strimzi's own names). */
export const SECRET_KEYS = { password: "password", caCert: "ca.crt", caKey: "ca.key" } as const;

/**
 * The secrets of a cluster CA that Strimzi uses instead of generating its own (its custom-CA
 * contract): the certificate and the key, labelled for the cluster, at generation 0.
 */
export function clusterCaSecrets(cfg: ClusterConfig): { certSecret: KubeObject["metadata"]; keySecret: KubeObject["metadata"] } {
    const labels = { "strimzi.io/kind": "Kafka", [STRIMZI_CLUSTER_LABEL]: cfg.name };
    const secret = (name: string, annotation: string) => ({ ...meta(cfg, name, labels), annotations: { [annotation]: "0" } });
    return {
        certSecret: secret(`${cfg.name}-cluster-ca-cert`, "strimzi.io/ca-cert-generation"),
        keySecret: secret(`${cfg.name}-cluster-ca`, "strimzi.io/ca-key-generation"),
    };
}

function meta(cfg: ClusterConfig, name: string, labels: Record<string, string> = {}): KubeObject["metadata"] {
    const common = { "app.kubernetes.io/managed-by": "kafka-as-code", "app.kubernetes.io/part-of": cfg.name };
    return { name, namespace: strimziOf(cfg).namespace, labels: { ...common, ...labels } };
}

/** The metadata version a Kafka release formats a new cluster with: its major.minor (Strimzi's short form). */
export function releaseMetadataVersion(kafkaVersion: string): string {
    return kafkaVersion.split(".").slice(0, 2).join(".");
}

/**
 * The Kafka resource: version, the mode's listener and authorization, the brokers' properties,
 * and the user operator (for the admins' KafkaUsers). Under TLS the cluster CA is the stack's
 * (clusterCa.generateCertificateAuthority false), so its certificate is known to the topics stack.
 */
export function kafkaResource(cfg: ClusterConfig, metadataVersion: string): KubeObject {
    const strimzi = strimziOf(cfg);
    const security = securityMode(cfg.security);
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "Kafka",
        metadata: meta(cfg, cfg.name),
        spec: {
            kafka: {
                version: strimzi.kafkaVersion,
                // Pinned, so an upgrade keeps the on-disk metadata format (and a downgrade stays possible) until it is finalized on purpose.
                metadataVersion,
                ...security.strimziKafka(adminUsers(cfg).map(u => u.user)),
                config: brokerDefaults(cfg.brokers),
            },
            ...(security.tls ? { clusterCa: { generateCertificateAuthority: false } } : {}),
            entityOperator: { userOperator: {} },
        },
    };
}

/** One node pool: replicas and roles, the heap and memory of a Docker node, and a persistent claim each. */
export function nodePoolResource(cfg: ClusterConfig, pool: NodePoolPlan): KubeObject {
    const strimzi = strimziOf(cfg);
    const memory = `${cfg.memoryMb}Mi`;
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaNodePool",
        metadata: meta(cfg, pool.name, { [STRIMZI_CLUSTER_LABEL]: cfg.name }),
        spec: {
            replicas: pool.replicas,
            roles: pool.roles,
            storage: {
                type: "persistent-claim",
                size: `${strimzi.storageSizeGi}Gi`,
                ...(strimzi.storageClass !== undefined ? { class: strimzi.storageClass } : {}),
                // retainVolumes: the claims (the data) outlive the Kafka resource.
                deleteClaim: !cfg.retainVolumes,
            },
            resources: { requests: { memory }, limits: { memory } },
            jvmOptions: { "-Xms": `${cfg.heapMb}m`, "-Xmx": `${cfg.heapMb}m` },
        },
    };
}

/** A KafkaUser for an admin: SCRAM-SHA-512 with the password from its secret; a super user, so no ACLs. */
export function adminUserResource(cfg: ClusterConfig, admin: { user: string; secretName: string }): KubeObject {
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaUser",
        metadata: meta(cfg, admin.user, { [STRIMZI_CLUSTER_LABEL]: cfg.name }),
        spec: {
            authentication: {
                type: "scram-sha-512",
                password: { valueFrom: { secretKeyRef: { name: admin.secretName, key: SECRET_KEYS.password } } },
            },
        },
    };
}

/** The bootstrap service of the mode's listener, for clients in the Kubernetes cluster. */
export function strimziBootstrapServers(cfg: ClusterConfig): string {
    const [listener] = securityMode(cfg.security).strimziKafka([]).listeners;
    return `${cfg.name}-kafka-bootstrap.${strimziOf(cfg).namespace}.svc:${listener.port}`;
}
