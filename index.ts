// Cluster stack: a local KRaft Kafka cluster, its network, volumes and Kafka UI on Docker.
// Config is validated first; nothing is declared when any key is wrong.

import * as pulumi from "@pulumi/pulumi";
import { KafkaCluster, parseClusterConfig, type RawClusterConfig } from "./components";

const namespace = pulumi.getProject();
const config = new pulumi.Config();
const SECRET_KEYS = ["adminPassword", "uiPassword"];

// Every key set under this project's namespace (secrets excluded: their values stay secret outputs),
// so a typo such as `broker` is reported instead of silently ignored.
const raw: RawClusterConfig = {};
for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
    const [ns, key] = fullKey.split(":", 2);
    if (ns === namespace && !SECRET_KEYS.includes(key)) raw[key] = config.get(key);
}
const adminPasswordSecret = config.getSecret("adminPassword");
const uiPasswordSecret = config.getSecret("uiPassword");

const settings = parseClusterConfig(raw, {
    namespace,
    stack: pulumi.getStack(),
    hasAdminPassword: adminPasswordSecret !== undefined,
    hasUiPassword: uiPasswordSecret !== undefined,
});

const cluster = new KafkaCluster(settings.name, {
    config: settings,
    adminPassword: adminPasswordSecret,
    uiPassword: uiPasswordSecret,
});

// Everything the topics stack needs through a StackReference.
export const bootstrapServers = cluster.bootstrapServers;
export const internalBootstrapServers = cluster.internalBootstrapServers;
export const networkName = cluster.networkName;
export const containerNames = cluster.containerNames;
export const brokerCount = settings.brokers;
export const clusterId = settings.clusterId;
export const uiUrl = cluster.uiUrl;
export const securityProtocol = cluster.securityProtocol;
export const saslMechanism = cluster.saslMechanism;
export const adminUser = cluster.adminUser;
export const adminPassword = cluster.adminPassword;
