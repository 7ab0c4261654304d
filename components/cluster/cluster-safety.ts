// Pure: the data-safety guard of the cluster stack. It compares what this stack would deploy with
// what its previous deployment exported, and stops, before anything is declared, an edit that
// would lose or orphan the brokers' data:
//   - a volume name that changes (the `name` setting, or the node layout): new, empty volumes are
//     created and the old ones, with the data, are left behind;
//   - a changed clusterId: the brokers refuse volumes formatted for another cluster id;
//   - a changed networkName: the network and every container on it are re-created, and clients
//     attached to the old network lose the cluster.
// `acceptDataLoss: true` lets one such change through, on purpose.

import { ConfigError, configErrorReport, type ConfigProblem } from "../shared/config-error";
import type { ClusterOutputs } from "../shared/cluster-outputs";

export type ClusterIdentity = Pick<ClusterOutputs, "clusterId" | "networkName" | "volumeNames">;

export function checkClusterChanges(previous: Partial<ClusterIdentity>, next: ClusterIdentity, ctx: { namespace: string; stack: string; acceptDataLoss: boolean }): void {
    if (ctx.acceptDataLoss) return;
    const problems: ConfigProblem[] = [];
    const accept = "or, to do it on purpose, run once with: pulumi config set acceptDataLoss true (then pulumi config rm acceptDataLoss)";
    if (previous.clusterId !== undefined && previous.clusterId !== next.clusterId) {
        problems.push({
            key: `${ctx.namespace}:clusterId`, value: next.clusterId,
            problem: `would change the KRaft cluster id from ${previous.clusterId} to ${next.clusterId}: the brokers refuse their existing volumes, formatted for the old id, and do not start`,
            fix: `pulumi config set clusterId ${previous.clusterId}; ${accept}`,
        });
    }
    const gone = (previous.volumeNames ?? []).filter(v => !next.volumeNames.includes(v));
    if (gone.length > 0) {
        const added = next.volumeNames.filter(v => !(previous.volumeNames ?? []).includes(v));
        problems.push({
            key: `${ctx.namespace}:name`, value: added.join(", "),
            problem: `would move the brokers' data from volumes ${gone.join(", ")} to ${added.length ? `new, empty volumes ${added.join(", ")}` : "no volume"}: the deployed data stays behind in the old volumes`,
            fix: `restore the name (and node layout) that gave ${gone.join(", ")}; ${accept}`,
        });
    }
    if (previous.networkName !== undefined && previous.networkName !== next.networkName) {
        problems.push({
            key: `${ctx.namespace}:networkName`, value: next.networkName,
            problem: `would replace network ${previous.networkName} with ${next.networkName}: every container is re-created at once, and clients on ${previous.networkName} lose the cluster`,
            fix: `pulumi config set networkName ${previous.networkName}; ${accept}`,
        });
    }
    if (problems.length > 0) throw new ConfigError(configErrorReport(`stack ${ctx.stack} (data safety)`, problems), problems);
}
