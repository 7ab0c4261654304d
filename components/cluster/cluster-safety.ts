// Pure: the data-safety guard of the cluster stack. It compares what this stack would deploy with
// what its previous deployment exported, and stops, before anything is declared, an edit that
// would lose or orphan the brokers' data:
//   - a volume name that changes (the `name` setting, or the node layout): new, empty volumes are
//     created and the old ones, with the data, are left behind;
//   - a changed clusterId: the brokers refuse volumes formatted for another cluster id;
//   - a changed networkName: the network and every container on it are re-created, and clients
//     attached to the old network lose the cluster.
// With target strimzi it stops what would lose a Strimzi cluster's data instead (checkStrimziChanges),
// and on either target a change of target, which would leave the deployed cluster behind.
// `acceptDataLoss: true` lets one such change through, on purpose.
// It also stops a change of the listeners' security protocol (sasl to sasl_ssl, say) that would
// roll: a node restarted with the new protocol cannot talk to the nodes still on the old one, so
// the roll would stall with the cluster split. The message gives the steps of a deliberate switch.

import { ConfigError, configErrorReport, type ConfigProblem } from "../shared/config-error";
import type { ClusterOutputs } from "../shared/cluster-outputs";

export type ClusterIdentity = Pick<ClusterOutputs, "target" | "clusterId" | "networkName" | "volumeNames" | "securityProtocol"
    | "kubernetesNamespace" | "kafkaResourceName" | "storageSizeGi" | "deleteClaims">;

/** The identity this stack exports and compares, read back from its previous deployment. */
export const CLUSTER_IDENTITY_OUTPUTS = ["target", "clusterId", "networkName", "volumeNames", "securityProtocol", "kubernetesNamespace", "kafkaResourceName", "storageSizeGi", "deleteClaims"] as const satisfies readonly (keyof ClusterIdentity)[];

const ACCEPT = "or, to do it on purpose, run once with: pulumi config set acceptDataLoss true (then pulumi config rm acceptDataLoss)";

export function checkClusterChanges(previous: Partial<ClusterIdentity>, next: ClusterIdentity, ctx: { namespace: string; stack: string; acceptDataLoss: boolean; rolling: boolean }): void {
    const problems: ConfigProblem[] = [];
    // A deployment from before the target setting existed ran on Docker.
    const previousTarget = previous.target ?? (previous.clusterId !== undefined || previous.volumeNames !== undefined ? "docker" : undefined);
    const nextTarget = next.target ?? "docker";
    if (previousTarget !== undefined && previousTarget !== nextTarget && !ctx.acceptDataLoss) {
        problems.push({
            key: `${ctx.namespace}:target`, value: nextTarget,
            problem: `would create a new, empty cluster on ${nextTarget} and destroy the one deployed on ${previousTarget}, with its data`,
            fix: `pulumi config set target ${previousTarget}, and deploy ${nextTarget} as a stack of its own (pulumi stack init), moving the data with MirrorMaker; ${ACCEPT}`,
        });
        throw new ConfigError(configErrorReport(`stack ${ctx.stack} (data safety)`, problems), problems);
    }
    if (nextTarget === "strimzi") return checkStrimziChanges(previous, next, ctx, problems);
    if (previous.securityProtocol !== undefined && previous.securityProtocol !== next.securityProtocol && ctx.rolling) {
        problems.push({
            key: `${ctx.namespace}:security`, value: next.securityProtocol,
            problem: `would switch every listener from ${previous.securityProtocol} to ${next.securityProtocol} one node at a time: a restarted node cannot talk to the nodes still on ${previous.securityProtocol}, so the roll would stall with the cluster split, and every client must switch too`,
            fix: `switch all nodes at once, on purpose: 1. stop the cluster's producers and consumers; 2. pulumi config set rollingUpdates false && pulumi up (every node restarts with ${next.securityProtocol}, a short outage); ` +
                `3. pulumi config rm rollingUpdates; 4. pulumi up in each topics stack (cd topics && pulumi up); 5. start the clients with security.protocol=${next.securityProtocol}` +
                `${next.securityProtocol === "SASL_SSL" ? " and the cluster's CA (pulumi stack output caCert)" : ""}`,
        });
    }
    if (problems.length > 0) throw new ConfigError(configErrorReport(`stack ${ctx.stack} (security change)`, problems), problems);
    if (ctx.acceptDataLoss) return;
    if (previous.clusterId !== undefined && previous.clusterId !== next.clusterId) {
        problems.push({
            key: `${ctx.namespace}:clusterId`, value: next.clusterId,
            problem: `would change the KRaft cluster id from ${previous.clusterId} to ${next.clusterId}: the brokers refuse their existing volumes, formatted for the old id, and do not start`,
            fix: `pulumi config set clusterId ${previous.clusterId}; ${ACCEPT}`,
        });
    }
    const nextVolumes = next.volumeNames ?? [];
    const gone = (previous.volumeNames ?? []).filter(v => !nextVolumes.includes(v));
    if (gone.length > 0) {
        const added = nextVolumes.filter(v => !(previous.volumeNames ?? []).includes(v));
        problems.push({
            key: `${ctx.namespace}:name`, value: added.join(", "),
            problem: `would move the brokers' data from volumes ${gone.join(", ")} to ${added.length ? `new, empty volumes ${added.join(", ")}` : "no volume"}: the deployed data stays behind in the old volumes`,
            fix: `restore the name (and node layout) that gave ${gone.join(", ")}; ${ACCEPT}`,
        });
    }
    if (previous.networkName !== undefined && previous.networkName !== next.networkName) {
        problems.push({
            key: `${ctx.namespace}:networkName`, value: next.networkName,
            problem: `would replace network ${previous.networkName} with ${next.networkName}: every container is re-created at once, and clients on ${previous.networkName} lose the cluster`,
            fix: `pulumi config set networkName ${previous.networkName}; ${ACCEPT}`,
        });
    }
    if (problems.length > 0) throw new ConfigError(configErrorReport(`stack ${ctx.stack} (data safety)`, problems), problems);
}

/**
 * On Strimzi: a new name or namespace replaces the Kafka resource (the operator deletes the old
 * cluster, and a new one does not adopt its claims); Kubernetes cannot shrink a persistent volume
 * claim; and deleteClaim true deletes every node's claim, with its data, when the cluster goes.
 * A listener protocol change is the operator's rolling update, so it is not stopped here.
 */
function checkStrimziChanges(previous: Partial<ClusterIdentity>, next: ClusterIdentity, ctx: { namespace: string; stack: string; acceptDataLoss: boolean }, problems: ConfigProblem[]): void {
    if (ctx.acceptDataLoss) return;
    const key = (k: string) => `${ctx.namespace}:${k}`;
    if (previous.kafkaResourceName !== undefined && previous.kafkaResourceName !== next.kafkaResourceName) {
        problems.push({
            key: key("name"), value: next.kafkaResourceName,
            problem: `would replace the Kafka resource ${previous.kafkaResourceName} with ${next.kafkaResourceName}: the operator deletes the running cluster, and the new one starts empty beside its old claims`,
            fix: `pulumi config set name ${previous.kafkaResourceName}; ${ACCEPT}`,
        });
    }
    if (previous.kubernetesNamespace !== undefined && previous.kubernetesNamespace !== next.kubernetesNamespace) {
        problems.push({
            key: key("kubeNamespace"), value: next.kubernetesNamespace,
            problem: `would move the Kafka resource from namespace ${previous.kubernetesNamespace} to ${next.kubernetesNamespace}: the cluster in ${previous.kubernetesNamespace} is deleted and the new one starts empty`,
            fix: `pulumi config set kubeNamespace ${previous.kubernetesNamespace}; ${ACCEPT}`,
        });
    }
    if (previous.storageSizeGi !== undefined && next.storageSizeGi !== undefined && next.storageSizeGi < previous.storageSizeGi) {
        problems.push({
            key: key("storageSizeGi"), value: String(next.storageSizeGi),
            problem: `would shrink every node's claim from ${previous.storageSizeGi}Gi to ${next.storageSizeGi}Gi: Kubernetes cannot shrink a persistent volume claim, so the operator cannot apply it`,
            fix: `pulumi config set storageSizeGi ${previous.storageSizeGi} (claims only grow, where the storage class allows expansion)`,
        });
    }
    if (previous.deleteClaims === false && next.deleteClaims === true) {
        problems.push({
            key: key("retainVolumes"), value: "false",
            problem: "would set deleteClaim true on every node pool: deleting the cluster (pulumi destroy, or a replacement) then deletes every node's persistent volume claim, with its data",
            fix: `pulumi config rm retainVolumes (claims are kept by default); ${ACCEPT}`,
        });
    }
    if (problems.length > 0) throw new ConfigError(configErrorReport(`stack ${ctx.stack} (data safety)`, problems), problems);
}
