// Cluster stack: a KRaft Kafka cluster, on this Docker host (its network, volumes and Kafka UI) or,
// with `target: strimzi`, as Strimzi resources in a Kubernetes cluster.
// Config is validated first, then compared with this stack's previous deployment (its outputs,
// through a read-only stack reference); nothing is declared when either check fails.

import * as pulumi from "@pulumi/pulumi";
import { checkClusterChanges, CLUSTER_IDENTITY_OUTPUTS, type ClusterIdentity } from "./components/cluster/cluster-safety";
import { exposureWarnings, parseClusterConfig, type ClusterConfig } from "./components/cluster/cluster-config";
import { KafkaCluster } from "./components/cluster/kafka-cluster";
import { planNodes } from "./components/cluster/broker-settings";
import { securityMode } from "./components/cluster/security";
import { StrimziCluster } from "./components/cluster/strimzi-cluster";
import { releaseMetadataVersion } from "./components/cluster/strimzi-settings";
import { caKeyProblem, expiringSoon } from "./components/cluster/tls-settings";
import { organization, outputValue, readNamespaceConfig, secretKeyChecks } from "./components/shared/stack-config";

const SECRET_KEYS = ["adminPassword", "standbyAdminPassword", "uiPassword", "schemaRegistryPassword", "schemaRegistryApiPassword", "tlsCaKey"];
/** Secret keys that are not passwords: the password rule does not apply to them. */
const NON_PASSWORD_SECRETS = ["tlsCaKey"];

async function main() {
    const namespace = pulumi.getProject();
    const stack = pulumi.getStack();
    const config = new pulumi.Config();
    const adminPassword = config.getSecret("adminPassword");
    const standbyAdminPassword = config.getSecret("standbyAdminPassword");
    const uiPassword = config.getSecret("uiPassword");
    const schemaRegistryPassword = config.getSecret("schemaRegistryPassword");
    const schemaRegistryApiPassword = config.getSecret("schemaRegistryApiPassword");
    const tlsCaKey = config.getSecret("tlsCaKey");

    const secretChecks = secretKeyChecks(namespace, SECRET_KEYS.filter(k => !NON_PASSWORD_SECRETS.includes(k)));
    const settings = parseClusterConfig(readNamespaceConfig(namespace, SECRET_KEYS), {
        namespace,
        stack,
        hasAdminPassword: adminPassword !== undefined,
        hasStandbyAdminPassword: standbyAdminPassword !== undefined,
        hasUiPassword: uiPassword !== undefined,
        hasSchemaRegistryPassword: schemaRegistryPassword !== undefined,
        hasSchemaRegistryApiPassword: schemaRegistryApiPassword !== undefined,
        hasTlsCaKey: tlsCaKey !== undefined,
        ...secretChecks,
        plainTextSecrets: [...secretChecks.plainTextSecrets, ...secretKeyChecks(namespace, NON_PASSWORD_SECRETS).plainTextSecrets],
        // An organisation's CA key must be the key of its certificate (checked on the secret's value, never printed).
        secretProblems: { ...secretChecks.secretProblems, ...caKeyProblems(namespace) },
    });
    for (const warning of exposureWarnings(settings)) pulumi.log.warn(warning);

    // Data safety: a new cluster id, volume, network or Kafka resource would lose or strand the brokers' data.
    const previous = new pulumi.StackReference("previous-deployment", { name: `${organization()}/${namespace}/${stack}` });
    // Every output this run compares, read at once.
    const before = Object.fromEntries(await Promise.all([...CLUSTER_IDENTITY_OUTPUTS, "certificateExpiries", "metadataVersion"]
        .map(async name => [name, await outputValue(previous, name)] as const)));
    const volumeNames = before.volumeNames;
    checkClusterChanges(before as Partial<ClusterIdentity>, clusterIdentity(settings),
        { namespace, stack, acceptDataLoss: settings.acceptDataLoss, rolling: settings.rollingUpdates && Array.isArray(volumeNames) });

    // Certificates within their renewal window: the next up replaces them, rolling the nodes.
    const expiries = before.certificateExpiries;
    if (settings.tls && typeof expiries === "object" && expiries !== null) {
        const soon = expiringSoon(expiries as Record<string, string>, settings.tls.renewBeforeDays);
        if (soon.length > 0) {
            pulumi.log.warn(`certificates within ${settings.tls.renewBeforeDays} days of their end: ${soon.join(", ")}; ` +
                "pulumi up renews them (new certificates from the cluster's CA; the nodes roll one at a time)");
        }
    }

    if (settings.strimzi) {
        // The operator rolls the pods itself; the stack only declares the resources.
        // Like the Docker nodes' storage, the metadata format stays where it is across upgrades until it is set on purpose.
        const deployedMetadataVersion = before.metadataVersion;
        const metadataVersion = settings.strimzi.metadataVersion
            ?? (typeof deployedMetadataVersion === "string" ? deployedMetadataVersion : releaseMetadataVersion(settings.strimzi.kafkaVersion));
        return new StrimziCluster(settings.name, { config: settings, adminPassword, standbyAdminPassword, tlsCaKey, metadataVersion }).outputs;
    }
    // A cluster that is already deployed is changed one node at a time.
    const rolling = settings.rollingUpdates && Array.isArray(volumeNames);
    const cluster = new KafkaCluster(settings.name, {
        config: settings, adminPassword, standbyAdminPassword, uiPassword, schemaRegistryPassword, schemaRegistryApiPassword, tlsCaKey, rolling,
    });
    // Everything the topics stack needs through a StackReference (the contract: components/shared/cluster-outputs.ts).
    return cluster.outputs;
}

/** What this deployment would export of the cluster's identity, for the data-safety guard. */
function clusterIdentity(settings: ClusterConfig): ClusterIdentity {
    const securityProtocol = securityMode(settings.security).clientProtocol;
    if (settings.strimzi) {
        return {
            target: "strimzi", securityProtocol, kubernetesNamespace: settings.strimzi.namespace, kafkaResourceName: settings.name,
            storageSizeGi: settings.strimzi.storageSizeGi, deleteClaims: !settings.retainVolumes,
        };
    }
    return { target: "docker", securityProtocol, clusterId: settings.clusterId, networkName: settings.networkName, volumeNames: planNodes(settings).map(n => n.volumeName) };
}

/** The tlsCaKey secret against the tlsCaCert certificate, when both are set; the key is never returned. */
function caKeyProblems(namespace: string): Record<string, string> {
    const all = pulumi.runtime.allConfig();
    const problem = caKeyProblem(all[`${namespace}:tlsCaCert`], all[`${namespace}:tlsCaKey`]);
    return problem ? { tlsCaKey: problem } : {};
}

// The Node.js runtime calls a CommonJS program's export when it is a function, and takes what it
// returns as the stack outputs.
export = main;
