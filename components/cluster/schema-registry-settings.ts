// Pure settings of the schema registry container (Apicurio Registry 3.x, whose Confluent-compatible
// API serves Protobuf subjects): where it keeps its data (the Kafka cluster itself, "kafkasql", so
// a replaced container reads everything back), how it reaches the brokers, how its health is
// probed, and the least-privilege ACLs of its own Kafka user under SASL.

import type { ClusterConfig } from "./cluster-config";
import { internalBootstrapServers, type Healthcheck, type KafkaNode } from "./broker-settings";
import { REGISTRY_HTTP_PORT, securityMode, type SaslCredentials } from "./security";
/** The registry container's name and host name on the cluster network. */
export const registryHostname = (cfg: Pick<ClusterConfig, "name">) => `${cfg.name}-schema-registry`;

/** The Confluent-compatible API (what Confluent's clients and the Kafka UI speak), for containers on the cluster network. */
export const registryCcompatUrlInNetwork = (cfg: Pick<ClusterConfig, "name">) => `http://${registryHostname(cfg)}:${REGISTRY_HTTP_PORT}/apis/ccompat/v7`;

/** Quarkus's management port: /health/ready. Not published. */
const REGISTRY_MANAGEMENT_PORT = 9000;

/**
 * The registry's own Kafka resources (its defaults): the journal and snapshot topics of kafkasql,
 * its events topic, and its consumer groups (a fresh `apicurio-<random>` on every start).
 */
const REGISTRY_KAFKA_RESOURCES = {
    topicPrefix: "kafkasql-",
    eventsTopic: "registry-events",
    groupPrefix: "apicurio-",
} as const;

/** The prefixes of the registry's own topics and groups: no catalog may grant on them (reserved-names). */
export function registryResourcePrefixes(): string[] {
    const r = REGISTRY_KAFKA_RESOURCES;
    return [r.topicPrefix, r.eventsTopic, r.groupPrefix];
}

/**
 * The registry's environment: its storage in Kafka, how it reaches the brokers (as `user` under
 * SASL), and how it serves its API (HTTPS with `api` as its basic-auth user under TLS).
 */
export function registryEnvironment(cfg: ClusterConfig, nodes: KafkaNode[], user?: SaslCredentials, api?: SaslCredentials): Record<string, string> {
    const security = securityMode(cfg.security);
    return {
        // Subjects, versions and rules live in Kafka (topic kafkasql-journal, retention unlimited),
        // not in the container: nothing is lost when the container is replaced.
        APICURIO_STORAGE_KIND: "kafkasql",
        APICURIO_KAFKASQL_BOOTSTRAP_SERVERS: internalBootstrapServers(nodes),
        // Deleting a subject goes through the topics stack's protection rules (protect in staging
        // and prod); the registry's default refuses every delete.
        APICURIO_REST_DELETION_ARTIFACT_ENABLED: "true",
        ...security.registryClientEnvironment(user),
        ...security.registryServer(api).environment,
    };
}

/**
 * Ready when Quarkus reports every readiness check up (the Kafka storage among them). Neither the
 * official image nor the local one has curl or wget, so bash's /dev/tcp sends the request.
 */
export function registryHealthcheck(): Healthcheck {
    const request = `exec 3<>/dev/tcp/127.0.0.1/${REGISTRY_MANAGEMENT_PORT} && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '`;
    return {
        tests: ["CMD", "bash", "-c", request],
        interval: "10s",
        timeout: "5s",
        retries: 6,
        // It replays its journal from Kafka before it is ready: about 30 s on 2 cores. Written as
        // Docker reports it back (Go's duration format), or every preview would show a change.
        startPeriod: "2m0s",
    };
}

/** One ACL, in the @pulumi/kafka provider's spelling. */
export interface RegistryAcl {
    resourceType: "Topic" | "Group";
    resourceName: string;
    resourcePatternType: "Literal" | "Prefixed";
    operation: string;
}

/**
 * What the registry's user may do, and nothing more: create, read, write and describe its own
 * topics, and read with its own consumer groups. No Delete, no cluster-wide rights, no other topic.
 */
export function registryAcls(): RegistryAcl[] {
    const topicOps = ["Create", "Read", "Write", "Describe", "DescribeConfigs"];
    const r = REGISTRY_KAFKA_RESOURCES;
    return [
        ...topicOps.map(operation => ({ resourceType: "Topic" as const, resourceName: r.topicPrefix, resourcePatternType: "Prefixed" as const, operation })),
        ...topicOps.map(operation => ({ resourceType: "Topic" as const, resourceName: r.eventsTopic, resourcePatternType: "Literal" as const, operation })),
        ...["Read", "Describe"].map(operation => ({ resourceType: "Group" as const, resourceName: r.groupPrefix, resourcePatternType: "Prefixed" as const, operation })),
    ];
}
