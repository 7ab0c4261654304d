// Cluster-stack rules for target strimzi: the Kafka and KafkaNodePool resources (kafka.strimzi.io/v1)
// declared by components/cluster/strimzi-cluster.ts. They hold Strimzi clusters to what the Docker
// rules hold containers to: data on persistent claims that outlive the cluster, authorization on, no
// plain-text listener reachable from outside Kubernetes, a pinned Kafka version. The quorum and
// broker-count rules (cluster-rules.ts) count node pool replicas as nodes.

import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { PRODUCTION_CLASS_SCHEMA, resourceValidation, type Subject, TYPES, violation } from "./shared";

const nameOf = (props: Record<string, any>, s: Subject) => String(props.metadata?.name ?? s.name);

export interface ProductionClassConfig { productionClass: boolean }
const productionClassSchema: PolicyConfigSchema = { properties: { productionClass: PRODUCTION_CLASS_SCHEMA } };

/** Each volume of a node pool: its storage, or the volumes of a JBOD storage. */
function volumesOf(storage: Record<string, any> | undefined): Record<string, any>[] {
    if (!storage) return [];
    return storage.type === "jbod" && Array.isArray(storage.volumes) ? storage.volumes : [storage];
}

export const checkNodePoolStorage = (props: Record<string, any>, s: Subject, cfg: ProductionClassConfig): string[] => {
    const pool = nameOf(props, s);
    const volumes = volumesOf(props.spec?.storage);
    if (volumes.length === 0) {
        return [violation(s, pool, `node pool "${pool}" declares no storage`, "declare spec.storage { type: persistent-claim, size, deleteClaim: false } (cluster config: storageSizeGi)")];
    }
    const out: string[] = [];
    for (const v of volumes) {
        if (v.type !== "persistent-claim") {
            out.push(violation(s, pool, `node pool "${pool}" keeps its data on ${v.type ?? "unknown"} storage, which is lost whenever a pod restarts`, "use type persistent-claim (the cluster stack renders it)"));
        } else if (cfg.productionClass && v.deleteClaim !== false) {
            out.push(violation(s, pool, `node pool "${pool}" has deleteClaim ${v.deleteClaim === undefined ? "unset" : String(v.deleteClaim)}: deleting the Kafka cluster would delete its claims, with the data`,
                "set deleteClaim: false (cluster config: pulumi config rm retainVolumes)"));
        }
    }
    return out;
};

export const checkAuthorization = (props: Record<string, any>, s: Subject, cfg: ProductionClassConfig): string[] => {
    if (!cfg.productionClass) return [];
    const type = props.spec?.kafka?.authorization?.type;
    if (type !== undefined) return [];
    const name = nameOf(props, s);
    return [violation(s, name, `Kafka "${name}" has no authorization: every client that reaches a listener may read and write every topic`,
        "pulumi config set security sasl_ssl (SCRAM on the listener, simple authorization, the admin as super user)")];
};

export const checkExternalListeners = (props: Record<string, any>, s: Subject): string[] => {
    const listeners = Array.isArray(props.spec?.kafka?.listeners) ? props.spec.kafka.listeners as Record<string, any>[] : [];
    const name = nameOf(props, s);
    return listeners.filter(l => l.type !== "internal" && (l.tls !== true || l.authentication === undefined)).map(l => violation(s, name,
        `Kafka "${name}" listener "${l.name}" (type ${l.type}) is reachable from outside the Kubernetes cluster ${l.tls !== true ? "without TLS" : "without authentication"}`,
        "give it tls: true and an authentication (scram-sha-512 or tls), or make it type internal"));
};

export const checkVersionPinned = (props: Record<string, any>, s: Subject): string[] => {
    const version = props.spec?.kafka?.version;
    if (typeof version === "string" && /^\d+\.\d+\.\d+$/.test(version)) return [];
    const name = nameOf(props, s);
    return [violation(s, name, `Kafka "${name}" has ${version === undefined ? "no spec.kafka.version, so an operator upgrade changes its Kafka release" : `spec.kafka.version "${version}", not a release`}`,
        "pin a release supported by the operator (cluster config: pulumi config set kafkaImage apache/kafka:<x.y.z>)")];
};

export const strimziPolicies: ResourceValidationPolicy[] = [
    {
        name: "strimzi-persistent-storage",
        description: "Every Strimzi node pool keeps its data on persistent claims; in production-class stacks the claims outlive the cluster (deleteClaim false).",
        enforcementLevel: "mandatory",
        configSchema: productionClassSchema,
        validateResource: resourceValidation(TYPES.strimziNodePool, productionClassSchema, checkNodePoolStorage),
    },
    {
        name: "strimzi-authorization",
        description: "A production-class Strimzi Kafka has authorization on.",
        enforcementLevel: "mandatory",
        configSchema: productionClassSchema,
        validateResource: resourceValidation(TYPES.strimziKafka, productionClassSchema, checkAuthorization),
    },
    {
        name: "strimzi-external-listener-tls",
        description: "A Strimzi listener reachable from outside Kubernetes (not internal) encrypts and authenticates.",
        enforcementLevel: "mandatory",
        configSchema: { properties: {} },
        validateResource: resourceValidation(TYPES.strimziKafka, { properties: {} }, checkExternalListeners),
    },
    {
        name: "strimzi-version-pinned",
        description: "A Strimzi Kafka pins its Kafka release (spec.kafka.version).",
        enforcementLevel: "mandatory",
        configSchema: { properties: {} },
        validateResource: resourceValidation(TYPES.strimziKafka, { properties: {} }, checkVersionPinned),
    },
];
