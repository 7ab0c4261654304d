// Cluster stack: a local KRaft Kafka cluster, its network, volumes and Kafka UI on Docker.
// Config is validated first; nothing is declared when any key is wrong.

import * as pulumi from "@pulumi/pulumi";
import { exposureWarnings, parseClusterConfig } from "./cluster/cluster-config";
import { KafkaCluster } from "./cluster/kafka-cluster";
import { readNamespaceConfig, secretKeyChecks } from "./shared/stack-config";

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
    ...secretKeyChecks(namespace, SECRET_KEYS),
});
for (const warning of exposureWarnings(settings)) pulumi.log.warn(warning);

const cluster = new KafkaCluster(settings.name, {
    config: settings,
    adminPassword: adminPasswordSecret,
    uiPassword: uiPasswordSecret,
});

// Everything the topics stack needs through a StackReference (the contract: shared/cluster-outputs.ts).
// `export =`: the Node.js runtime takes a CommonJS program's exported object as its stack outputs.
export = cluster.outputs;
