// KafkaCluster: a KRaft cluster on one Docker host. This component only wires resources; every
// setting comes from the pure functions in broker-settings.ts, kafka-ui-settings.ts, security.ts
// and tls-settings.ts.

import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "./cluster-config";
import {
    hostBootstrapServers, internalBootstrapServers, isBroker, nodeEnvironment, nodeHealthcheck, planNodes, PORTS, publishedHost, toEnvList,
} from "./broker-settings";
import { stackOutputs, type ClusterOutputs } from "../shared/cluster-outputs";
import { DATA_DIR, LABELS } from "../shared/kafka-names";
import { UI_CONTAINER_PORT, uiEnvironment, uiHealthcheck } from "./kafka-ui-settings";
import { CONTAINER_HARDENING, CONTAINER_OPTIONS, clusterLabels, WAIT_TIMEOUT_SECONDS } from "./container-defaults";
import { SchemaRegistry } from "./schema-registry";
import { securityMode } from "./security";
import { clusterReservedNames } from "./cluster-reserved-names";
import { ClusterCertificates } from "./cluster-certificates";
import { certificatePlan } from "./tls-settings";

export interface KafkaClusterArgs {
    /** Validated settings (see parseClusterConfig). */
    config: ClusterConfig;
    /** Admin password; required when the security mode authenticates (sasl). Pass a Pulumi secret. */
    adminPassword?: pulumi.Input<string>;
    /** Password of config.standbyAdminUser, a second admin the nodes accept during a rotation. Pass a Pulumi secret. */
    standbyAdminPassword?: pulumi.Input<string>;
    /** Password of the UI login form; required when config.ui.enabled. Pass a Pulumi secret. */
    uiPassword?: pulumi.Input<string>;
    /** Password of the schema registry's own Kafka user; required when config.schemaRegistry.enabled under SASL. Pass a Pulumi secret. */
    schemaRegistryPassword?: pulumi.Input<string>;
    /** Password of the schema registry's HTTPS API (basic authentication); required with the registry under TLS. Pass a Pulumi secret. */
    schemaRegistryApiPassword?: pulumi.Input<string>;
    /** The key of an organisation's CA (config.tls.caCert); required with it. Pass a Pulumi secret. */
    tlsCaKey?: pulumi.Input<string>;
    /**
     * Replace nodes one at a time (the cluster already runs): each node depends on the one before
     * it, so the engine stops, re-creates and waits for node i (healthy and caught up, see
     * nodeHealthcheck) before it touches node i+1. Off for a first deployment, whose quorum needs
     * its voters started together.
     */
    rolling?: boolean;
}

/**
 * How long a node may take to stop after SIGTERM, on `pulumi destroy`, a replacement or
 * `docker stop`: Kafka's controlled shutdown moves partition leadership away and closes its logs
 * cleanly (under a second on the dev cluster). Without it the provider stops a container with a
 * timeout of 0, a SIGKILL right after SIGTERM, and the next start must recover the logs. 30 s, as
 * Strimzi's default grace period: the last voter of a destroyed cluster, which has no quorum left to
 * acknowledge its shutdown, waits this long.
 */
const STOP_GRACE_SECONDS = 30;

export class KafkaCluster extends pulumi.ComponentResource {
    readonly network: docker.Network;
    readonly volumes: docker.Volume[];
    readonly nodes: docker.Container[];
    readonly ui?: docker.Container;
    readonly schemaRegistry?: SchemaRegistry;
    /** Under TLS: the CA and the containers' certificates. */
    readonly certificates?: ClusterCertificates;

    /** Bootstrap servers for clients on the host: `localhost:9092,...`. */
    readonly bootstrapServers: pulumi.Output<string>;
    /** Bootstrap servers for containers on the cluster network: `kafka-1:19092,...`. */
    readonly internalBootstrapServers: pulumi.Output<string>;
    readonly networkName: pulumi.Output<string>;
    readonly containerNames: pulumi.Output<string[]>;
    readonly uiUrl?: pulumi.Output<string>;
    readonly securityProtocol: string;
    readonly saslMechanism?: string;
    readonly adminUser?: string;
    readonly adminPassword?: pulumi.Output<string>;
    /** The stack outputs the topics stack reads (components/shared/cluster-outputs.ts), unset ones left out. */
    readonly outputs: ReturnType<typeof stackOutputs<ClusterOutputs>>;

    constructor(name: string, args: KafkaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-as-code:index:KafkaCluster", name, {}, opts);
        const cfg = args.config;
        const plan = planNodes(cfg);
        const security = securityMode(cfg.security);
        if (security.needsAdminPassword && args.adminPassword === undefined) throw new Error(`${name}: security is ${security.name} but no adminPassword was given`);
        if (cfg.standbyAdminUser !== undefined && args.standbyAdminPassword === undefined) throw new Error(`${name}: standbyAdminUser is set but no standbyAdminPassword was given`);
        if (cfg.ui.enabled && args.uiPassword === undefined) throw new Error(`${name}: the UI is enabled but no uiPassword was given`);

        const parent = { parent: this };
        const labels = (role: string) => clusterLabels(cfg.name, role);
        const adminPassword = security.needsAdminPassword ? pulumi.secret(args.adminPassword!) : undefined;
        const standbyPassword = pulumi.secret(cfg.standbyAdminUser ? args.standbyAdminPassword! : "");

        this.network = new docker.Network(`${name}-network`, {
            name: cfg.networkName,
            driver: "bridge",
            labels: labels("network"),
        }, parent);

        // Under TLS: the CA and every container's certificate; each certificate's expiry is a label of its container.
        if (cfg.tls) {
            if (cfg.tls.caCert !== undefined && args.tlsCaKey === undefined) throw new Error(`${name}: tlsCaCert is set but no tlsCaKey was given`);
            this.certificates = new ClusterCertificates(`${name}-tls`, {
                plan: certificatePlan(cfg, plan, cfg.tls),
                ownCa: cfg.tls.caCert !== undefined ? { certPem: cfg.tls.caCert, keyPem: args.tlsCaKey! } : undefined,
            }, parent);
        }
        const certificates = this.certificates;
        const expiryLabel = (certName: string) => certificates ? [{ label: LABELS.certificateExpires, value: certificates.issued[certName].validityEndTime }] : [];

        // keepLocally: destroying the stack must not delete an image other stacks or a local build use.
        const kafkaImage = new docker.RemoteImage(`${name}-kafka-image`, { name: cfg.kafkaImage, keepLocally: true }, parent);

        this.volumes = [];
        this.nodes = [];
        for (const node of plan) {
            const volume = new docker.Volume(`${name}-${node.hostname}-data`, {
                name: node.volumeName,
                labels: labels("data"),
            }, { ...parent, retainOnDelete: cfg.retainVolumes });
            this.volumes.push(volume);

            const env = adminPassword
                ? pulumi.all([adminPassword, standbyPassword]).apply(([password, standby]) => toEnvList(nodeEnvironment(node, plan, cfg,
                    { user: cfg.adminUser, password }, cfg.standbyAdminUser ? { user: cfg.standbyAdminUser, password: standby } : undefined)))
                : pulumi.output(toEnvList(nodeEnvironment(node, plan, cfg)));
            const previousNode = this.nodes[this.nodes.length - 1];
            this.nodes.push(new docker.Container(`${name}-${node.hostname}`, {
                name: node.hostname,
                hostname: node.hostname,
                image: kafkaImage.imageId,
                envs: env,
                networksAdvanced: [{ name: this.network.name, aliases: [node.hostname] }],
                ports: isBroker(node)
                    ? [{ internal: PORTS.external, external: node.externalPort!, ip: cfg.bindAddress, protocol: "tcp" }]
                    : [],
                volumes: [{ volumeName: volume.name, containerPath: DATA_DIR }],
                healthcheck: nodeHealthcheck(node, cfg),
                restart: "unless-stopped",
                memory: cfg.memoryMb,
                // Equal to memory: no swap for the broker (page cache, not swap, is Kafka's friend).
                // Left unset, the daemon reports its default (twice memory) and every preview shows a diff.
                memorySwap: cfg.memoryMb,
                labels: [...labels(node.roles.join("+")), { label: LABELS.nodeId, value: String(node.id) }, ...expiryLabel(node.hostname)],
                uploads: certificates?.uploads(security.tlsFiles("node"), node.hostname),
                destroyGraceSeconds: STOP_GRACE_SECONDS,
                stopTimeout: STOP_GRACE_SECONDS,
                ...CONTAINER_HARDENING,
                wait: true,
                waitTimeout: WAIT_TIMEOUT_SECONDS,
            }, { ...parent, ...CONTAINER_OPTIONS, dependsOn: args.rolling && previousNode ? [previousNode] : [] }));
        }

        const brokers = this.nodes.filter((_, i) => isBroker(plan[i]));
        if (cfg.ui.enabled) {
            const uiImage = new docker.RemoteImage(`${name}-ui-image`, { name: cfg.ui.image, keepLocally: true }, parent);
            const registryApi = cfg.schemaRegistry.apiUser !== undefined ? pulumi.secret(args.schemaRegistryApiPassword!) : undefined;
            const env = pulumi.all([pulumi.secret(args.uiPassword!), adminPassword ?? "", registryApi ?? ""]).apply(([uiPassword, admin, api]) =>
                toEnvList(uiEnvironment(cfg, plan, { user: cfg.ui.user, password: uiPassword },
                    adminPassword ? { user: cfg.adminUser, password: admin } : undefined,
                    registryApi ? { user: cfg.schemaRegistry.apiUser!, password: api } : undefined)));
            this.ui = new docker.Container(`${name}-ui`, {
                name: `${cfg.name}-ui`,
                hostname: `${cfg.name}-ui`,
                image: uiImage.imageId,
                envs: env,
                networksAdvanced: [{ name: this.network.name, aliases: [`${cfg.name}-ui`] }],
                ports: [{ internal: UI_CONTAINER_PORT, external: cfg.ui.port, ip: cfg.bindAddress, protocol: "tcp" }],
                healthcheck: uiHealthcheck(),
                restart: "unless-stopped",
                memory: cfg.ui.memoryMb,
                memorySwap: cfg.ui.memoryMb,
                labels: labels("ui"),
                uploads: certificates?.uploads(security.tlsFiles("ui")),
                ...CONTAINER_HARDENING,
                wait: true,
                waitTimeout: WAIT_TIMEOUT_SECONDS,
            }, { ...parent, ...CONTAINER_OPTIONS, dependsOn: brokers });
        }

        if (cfg.schemaRegistry.enabled) {
            this.schemaRegistry = new SchemaRegistry(`${name}-schema-registry`, {
                config: cfg, nodes: plan, network: this.network, brokers, adminPassword, password: args.schemaRegistryPassword,
                apiPassword: args.schemaRegistryApiPassword, certificates,
            }, parent);
        }

        this.bootstrapServers = pulumi.output(hostBootstrapServers(plan, cfg.advertisedHost));
        this.internalBootstrapServers = pulumi.output(internalBootstrapServers(plan));
        this.networkName = this.network.name;
        this.containerNames = pulumi.all([...this.nodes, ...(this.ui ? [this.ui] : []), ...(this.schemaRegistry ? [this.schemaRegistry.container] : [])].map(c => c.name));
        this.uiUrl = cfg.ui.enabled ? pulumi.output(`http://${publishedHost(cfg)}:${cfg.ui.port}`) : undefined;
        this.securityProtocol = security.clientProtocol;
        this.saslMechanism = security.adminMechanism;
        this.adminUser = security.needsAdminPassword ? cfg.adminUser : undefined;
        this.adminPassword = adminPassword;

        const reserved = clusterReservedNames(cfg);
        this.outputs = stackOutputs<ClusterOutputs>({
            target: "docker",
            bootstrapServers: this.bootstrapServers,
            internalBootstrapServers: this.internalBootstrapServers,
            networkName: this.networkName,
            containerNames: this.containerNames,
            kubernetesNamespace: undefined,
            kafkaResourceName: undefined,
            metadataVersion: undefined,
            storageSizeGi: undefined,
            deleteClaims: undefined,
            brokerCount: cfg.brokers,
            brokerHeapMb: cfg.heapMb,
            clusterId: cfg.clusterId,
            volumeNames: plan.map(n => n.volumeName),
            uiUrl: this.uiUrl,
            uiUser: cfg.ui.enabled ? cfg.ui.user : undefined,
            schemaRegistryUrl: this.schemaRegistry?.url,
            schemaRegistryApiUser: this.schemaRegistry?.apiUser,
            schemaRegistryApiPassword: this.schemaRegistry?.apiUser !== undefined ? pulumi.secret(args.schemaRegistryApiPassword!) : undefined,
            caCert: certificates?.caCertPem,
            certificateExpiries: certificates?.expiries,
            securityProtocol: this.securityProtocol,
            reservedPrincipals: reserved.principals,
            reservedResourcePrefixes: reserved.resourcePrefixes,
            saslMechanism: this.saslMechanism,
            adminUser: this.adminUser,
            adminPassword: this.adminPassword,
        });
        this.registerOutputs(this.outputs);
    }
}
