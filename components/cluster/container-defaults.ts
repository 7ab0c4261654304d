// What every Docker object of a cluster shares, whichever component declares it (KafkaCluster,
// SchemaRegistry): its labels, how long `pulumi up` waits for a container to be healthy, the
// options of a container with a fixed name, and the hardening of every container.

import { LABELS } from "../shared/kafka-names";

/** How long `pulumi up` waits for a container to turn healthy before reporting a failure. */
export const WAIT_TIMEOUT_SECONDS = 300;

/**
 * Options of every container: its name is fixed, so a replacement must remove the old container
 * before it creates the new one. The provider's own diff asks for that, but `pulumi up --replace`
 * would otherwise create first and fail on the name ("Conflict. The container name ... is already
 * in use").
 */
export const CONTAINER_OPTIONS = { deleteBeforeReplace: true } as const;

/**
 * Arguments of every container: no Linux capability (the images run as non-root users and bind
 * ports above 1024) and no-new-privileges, so a setuid binary in an image cannot gain any.
 */
export const CONTAINER_HARDENING = {
    capabilities: { drops: ["ALL"] },
    securityOpts: ["no-new-privileges:true"],
};

/** The labels of a cluster's object: which cluster, and its role (`broker+controller`, `ui`, `data`, ...). */
export function clusterLabels(clusterName: string, role: string): { label: string; value: string }[] {
    return [
        { label: LABELS.cluster, value: clusterName },
        { label: LABELS.role, value: role },
    ];
}
