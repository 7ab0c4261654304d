// Cluster stack: a local KRaft Kafka cluster, its network, volumes and Kafka UI on Docker.
// Config is validated first; nothing is declared when any key is wrong.

import * as pulumi from "@pulumi/pulumi";
import { isConfigSecret, KafkaCluster, parseClusterConfig, readNamespaceConfig } from "./components";

const namespace = pulumi.getProject();
const config = new pulumi.Config();
const SECRET_KEYS = ["adminPassword", "uiPassword"];

const adminPasswordSecret = config.getSecret("adminPassword");
const uiPasswordSecret = config.getSecret("uiPassword");

const settings = parseClusterConfig(readNamespaceConfig(namespace, SECRET_KEYS), {
    namespace,
    stack: pulumi.getStack(),
    hasAdminPassword: adminPasswordSecret !== undefined,
    hasUiPassword: uiPasswordSecret !== undefined,
    plainTextSecrets: SECRET_KEYS.filter(k => config.get(k) !== undefined && !isConfigSecret(`${namespace}:${k}`)),
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
