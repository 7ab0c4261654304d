// Cluster stack: a local KRaft Kafka cluster, its network, volumes and Kafka UI on Docker.
// Config is validated first, then compared with this stack's previous deployment (its outputs,
// through a read-only stack reference); nothing is declared when either check fails.

import * as pulumi from "@pulumi/pulumi";
import { checkClusterChanges } from "./components/cluster/cluster-safety";
import { exposureWarnings, parseClusterConfig } from "./components/cluster/cluster-config";
import { KafkaCluster } from "./components/cluster/kafka-cluster";
import { planNodes } from "./components/cluster/broker-settings";
import { organization, outputValue, readNamespaceConfig, secretKeyChecks } from "./components/shared/stack-config";

const SECRET_KEYS = ["adminPassword", "standbyAdminPassword", "uiPassword", "schemaRegistryPassword"];

async function main() {
    const namespace = pulumi.getProject();
    const stack = pulumi.getStack();
    const config = new pulumi.Config();
    const adminPassword = config.getSecret("adminPassword");
    const standbyAdminPassword = config.getSecret("standbyAdminPassword");
    const uiPassword = config.getSecret("uiPassword");
    const schemaRegistryPassword = config.getSecret("schemaRegistryPassword");

    const settings = parseClusterConfig(readNamespaceConfig(namespace, SECRET_KEYS), {
        namespace,
        stack,
        hasAdminPassword: adminPassword !== undefined,
        hasStandbyAdminPassword: standbyAdminPassword !== undefined,
        hasUiPassword: uiPassword !== undefined,
        hasSchemaRegistryPassword: schemaRegistryPassword !== undefined,
        ...secretKeyChecks(namespace, SECRET_KEYS),
    });
    for (const warning of exposureWarnings(settings)) pulumi.log.warn(warning);

    // Data safety: a new cluster id, volume or network would lose or strand the brokers' data.
    const previous = new pulumi.StackReference("previous-deployment", { name: `${organization()}/${namespace}/${stack}` });
    const volumeNames = await outputValue(previous, "volumeNames");
    checkClusterChanges({
        clusterId: (await outputValue(previous, "clusterId")) as string | undefined,
        networkName: (await outputValue(previous, "networkName")) as string | undefined,
        volumeNames: Array.isArray(volumeNames) ? volumeNames.map(String) : undefined,
    }, { clusterId: settings.clusterId, networkName: settings.networkName, volumeNames: planNodes(settings).map(n => n.volumeName) },
    { namespace, stack, acceptDataLoss: settings.acceptDataLoss });

    // A cluster that is already deployed is changed one node at a time.
    const rolling = settings.rollingUpdates && Array.isArray(volumeNames);
    const cluster = new KafkaCluster(settings.name, { config: settings, adminPassword, standbyAdminPassword, uiPassword, schemaRegistryPassword, rolling });
    // Everything the topics stack needs through a StackReference (the contract: components/shared/cluster-outputs.ts).
    return cluster.outputs;
}

// The Node.js runtime calls a CommonJS program's export when it is a function, and takes what it
// returns as the stack outputs.
export = main;
