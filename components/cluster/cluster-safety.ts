// Pure: the data-safety guard of the cluster stack. It compares what this stack would deploy with
// what its previous deployment exported, and stops, before anything is declared, an edit that
// would lose or orphan the brokers' data:
//   - a volume name that changes (the `name` setting, or the node layout): new, empty volumes are
//     created and the old ones, with the data, are left behind;
//   - a changed clusterId: the brokers refuse volumes formatted for another cluster id;
//   - a changed networkName: the network and every container on it are re-created, and clients
//     attached to the old network lose the cluster.
// `acceptDataLoss: true` lets one such change through, on purpose.
// It also stops a change of the listeners' security protocol (sasl to sasl_ssl, say) that would
// roll: a node restarted with the new protocol cannot talk to the nodes still on the old one, so
// the roll would stall with the cluster split. The message gives the steps of a deliberate switch.

import { ConfigError, configErrorReport, type ConfigProblem } from "../shared/config-error";
import type { ClusterOutputs } from "../shared/cluster-outputs";

export type ClusterIdentity = Pick<ClusterOutputs, "clusterId" | "networkName" | "volumeNames" | "securityProtocol">;

export function checkClusterChanges(previous: Partial<ClusterIdentity>, next: ClusterIdentity, ctx: { namespace: string; stack: string; acceptDataLoss: boolean; rolling: boolean }): void {
    const problems: ConfigProblem[] = [];
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
