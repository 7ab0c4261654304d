// Pure functions that turn a validated ClusterConfig into the settings of each KRaft node:
// which nodes exist and in which roles, their listeners, their environment for the official
// apache/kafka image, and their healthcheck. No Pulumi here, so every rule is unit-testable.

import { DATA_DIR } from "../shared/kafka-names";
import type { ClusterConfig } from "./cluster-config";
import { securityMode, type SaslCredentials } from "./security";

/** Container-side ports. Host ports come from config; container ports are the same on every node. */
export const PORTS = { internal: 19092, external: 9092, controller: 9093 } as const;


export type NodeRole = "broker" | "controller";

export interface KafkaNode {
    /** KRaft node.id. Brokers are 1..N, dedicated controllers 101..100+C. */
    id: number;
    /** Container name, host name on the Docker network, and the node's key in resource names. */
    hostname: string;
    roles: NodeRole[];
    /** Host port of the external listener (brokers only). */
    externalPort?: number;
    volumeName: string;
}

export const isBroker = (n: KafkaNode) => n.roles.includes("broker");
export const isController = (n: KafkaNode) => n.roles.includes("controller");

/**
 * Lays out the nodes. Combined mode: N nodes that are all brokers, the first `controllers` of them
 * also controllers. Isolated mode: `controllers` dedicated controller nodes plus N broker-only nodes.
 */
export function planNodes(cfg: ClusterConfig): KafkaNode[] {
    const brokers: KafkaNode[] = [];
    for (let i = 1; i <= cfg.brokers; i++) {
        const hostname = `${cfg.name}-${i}`;
        const combined = cfg.controllerMode === "combined" && i <= cfg.controllers;
        brokers.push({
            id: i,
            hostname,
            roles: combined ? ["broker", "controller"] : ["broker"],
            externalPort: cfg.externalPortBase + i - 1,
            volumeName: `${hostname}-data`,
        });
    }
    if (cfg.controllerMode === "combined") return brokers;
    const controllers: KafkaNode[] = [];
    for (let i = 1; i <= cfg.controllers; i++) {
        const hostname = `${cfg.name}-controller-${i}`;
        controllers.push({ id: 100 + i, hostname, roles: ["controller"], volumeName: `${hostname}-data` });
    }
    return [...controllers, ...brokers];
}

/** `id@host:port,...` for every controller: the static KRaft voter set. */
export function quorumVoters(nodes: KafkaNode[]): string {
    return nodes.filter(isController).map(n => `${n.id}@${n.hostname}:${PORTS.controller}`).join(",");
}

/** Bootstrap list for clients on the host or, with advertisedHost, beyond it (through the published external listeners). */
export function hostBootstrapServers(nodes: KafkaNode[], advertisedHost = "localhost"): string {
    return nodes.filter(isBroker).map(n => `${advertisedHost}:${n.externalPort}`).join(",");
}

/** The host name clients use for the published ports that are not Kafka's (the UI, the registry): loopback, or the advertised host when ports leave it. */
export function publishedHost(cfg: Pick<ClusterConfig, "bindAddress" | "advertisedHost">): string {
    return cfg.bindAddress === "127.0.0.1" ? "127.0.0.1" : cfg.advertisedHost;
}

/** Bootstrap list for containers on the Docker network (the UI, other services). */
export function internalBootstrapServers(nodes: KafkaNode[]): string {
    return nodes.filter(isBroker).map(n => `${n.hostname}:${PORTS.internal}`).join(",");
}

/**
 * Replication of Kafka's internal topics and the cluster defaults, from the broker count: a
 * 1-broker dev cluster must work (factor 1), and from 3 brokers on one broker may fail without
 * losing acknowledged data (factor 3, min ISR 2).
 */
export function replicationDefaults(brokerCount: number): { replicationFactor: number; minInsyncReplicas: number } {
    const replicationFactor = Math.min(3, brokerCount);
    return { replicationFactor, minInsyncReplicas: replicationFactor >= 3 ? 2 : 1 };
}

/**
 * The brokers' cluster-wide server properties, on either target (Docker nodes get them as KAFKA_*
 * variables, a Strimzi Kafka as spec.kafka.config): the replication of Kafka's internal topics and
 * of new topics, from the broker count, and no topic created by a client's typo.
 */
export function brokerDefaults(brokerCount: number): Record<string, string> {
    const { replicationFactor, minInsyncReplicas } = replicationDefaults(brokerCount);
    return {
        "offsets.topic.replication.factor": String(replicationFactor),
        "transaction.state.log.replication.factor": String(replicationFactor),
        "transaction.state.log.min.isr": String(minInsyncReplicas),
        "share.coordinator.state.topic.replication.factor": String(replicationFactor),
        "share.coordinator.state.topic.min.isr": String(minInsyncReplicas),
        "default.replication.factor": String(replicationFactor),
        "min.insync.replicas": String(minInsyncReplicas),
        // Topics are declared as code (the topics stack); a typo in a client must not create one.
        "auto.create.topics.enable": "false",
        "group.initial.rebalance.delay.ms": "0",
    };
}

/**
 * Environment for one node, in the official image's contract: every KAFKA_* variable becomes a
 * server property, CLUSTER_ID formats the storage on first start. Setting any KAFKA_* variable
 * replaces the image's bundled defaults, so everything the node needs is set here.
 */
export function nodeEnvironment(node: KafkaNode, nodes: KafkaNode[], cfg: ClusterConfig, admin?: SaslCredentials, standby?: SaslCredentials): Record<string, string> {
    const broker = isBroker(node);
    const brokerCount = nodes.filter(isBroker).length;
    const security = securityMode(cfg.security);
    const { clientProtocol: protocol, controllerProtocol } = security;

    const listeners = [`CONTROLLER://:${PORTS.controller}`];
    if (broker) listeners.unshift(`INTERNAL://:${PORTS.internal}`, `EXTERNAL://:${PORTS.external}`);
    // A combined node listens on CONTROLLER too; a broker-only node must not.
    const ownListeners = isController(node) ? listeners : listeners.filter(l => !l.startsWith("CONTROLLER"));

    const env: Record<string, string> = {
        CLUSTER_ID: cfg.clusterId,
        KAFKA_NODE_ID: String(node.id),
        KAFKA_PROCESS_ROLES: node.roles.join(","),
        KAFKA_CONTROLLER_QUORUM_VOTERS: quorumVoters(nodes),
        KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
        KAFKA_LISTENERS: ownListeners.join(","),
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: `INTERNAL:${protocol},EXTERNAL:${protocol},CONTROLLER:${controllerProtocol}`,
        KAFKA_LOG_DIRS: DATA_DIR,
        KAFKA_HEAP_OPTS: `-Xms${cfg.heapMb}m -Xmx${cfg.heapMb}m`,
    };
    if (broker) {
        Object.assign(env, {
            // The internal listener is advertised by container name, the external one as <advertisedHost>:<host port>
            // (localhost by default), so a client is redirected to a port it can reach for every broker.
            KAFKA_ADVERTISED_LISTENERS: `INTERNAL://${node.hostname}:${PORTS.internal},EXTERNAL://${cfg.advertisedHost}:${node.externalPort}`,
            KAFKA_INTER_BROKER_LISTENER_NAME: "INTERNAL",
        });
        for (const [property, value] of Object.entries(brokerDefaults(brokerCount))) env[`KAFKA_${property.toUpperCase().replace(/\./g, "_")}`] = value;
    }
    return { ...env, ...security.nodeEnvironment({ broker, controller: isController(node) }, admin, standby) };
}

/** `KEY=value` lines in a stable order, so an unchanged config never shows a diff. */
export function toEnvList(env: Record<string, string>): string[] {
    return Object.keys(env).sort().map(k => `${k}=${env[k]}`);
}

/** Files the broker healthcheck reads and writes in the container (tests run it against stand-ins). */
export const HEALTHCHECK_FILES = { processStat: "/proc/1/stat", caughtUpMarker: "/tmp/caught-up" } as const;

export interface Healthcheck {
    tests: string[];
    interval: string;
    timeout: string;
    retries: number;
    startPeriod: string;
}

/**
 * Readiness, not liveness of a process. A broker is healthy once none of its own replicas is
 * missing from its partition's in-sync set: after a (re)start it is ready only when it has caught
 * up, which is what a rolling replacement waits for before it stops the next node. kafka-topics
 * describes the under-replicated partitions through Metadata, which only a broker registered with
 * the controller quorum serves; a partition it shares with a broker that is down does not count
 * against it. That tool also fetches the configs of every topic on each run, a cost that grows with
 * the catalog (1,000 topics: 6-12 s per run, on every broker, every interval), so it runs only until
 * it has passed once for this start of the container (PID 1's start time marks the start); after
 * that a DescribeQuorum through the internal listener proves the broker still answers and reaches
 * the quorum, at a cost independent of the topic count. A controller-only node is healthy when it
 * answers a DescribeQuorum request. A TCP port check would pass while the node is still fenced.
 * Under SASL the check authenticates as the admin, reusing the JAAS value already in the
 * container's environment, so no password is written into the healthcheck definition itself (the
 * properties file it writes is readable by the broker's user only). The tool's JVM gets a small
 * heap of its own rather than the broker's KAFKA_HEAP_OPTS.
 */
export function nodeHealthcheck(node: KafkaNode, cfg: ClusterConfig): Healthcheck {
    const { setup: props, option: config } = securityMode(cfg.security).healthcheckClient(isBroker(node) ? "INTERNAL" : "CONTROLLER");
    // A line of `--describe` names `Replicas: 1,2,3` and `Isr: 1,3`: lagging when this node's id is in the first, not the second.
    const lagging = `awk -v id="$KAFKA_NODE_ID" '{ r = ""; s = ""; for (i = 1; i < NF; i++) { if ($i == "Replicas:") r = "," $(i+1) ","; if ($i == "Isr:") s = "," $(i+1) "," } if (index(r, "," id ",") && !index(s, "," id ",")) bad = 1 } END { exit bad }'`;
    const caughtUp = `/opt/kafka/bin/kafka-topics.sh --bootstrap-server localhost:${PORTS.internal}${config} --describe --under-replicated-partitions > /tmp/healthcheck.out && ${lagging} /tmp/healthcheck.out`;
    const answers = (server: string) => `/opt/kafka/bin/kafka-metadata-quorum.sh ${server}${config} describe --status > /dev/null`;
    const probe = isBroker(node)
        ? `started=$(awk '{ print $22 }' ${HEALTHCHECK_FILES.processStat}) && if [ "$(cat ${HEALTHCHECK_FILES.caughtUpMarker} 2>/dev/null)" = "$started" ]; ` +
          `then ${answers(`--bootstrap-server localhost:${PORTS.internal}`)}; else ${caughtUp} && echo "$started" > ${HEALTHCHECK_FILES.caughtUpMarker}; fi`
        : answers(`--bootstrap-controller localhost:${PORTS.controller}`);
    return {
        tests: ["CMD-SHELL", `${props}export KAFKA_HEAP_OPTS=-Xmx64m && ${probe} || exit 1`],
        interval: "15s",
        timeout: "20s",
        retries: 8,
        startPeriod: "30s",
    };
}
