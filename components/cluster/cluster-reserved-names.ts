// Pure: the names a cluster of this stack keeps for itself (components/shared/reserved-names.ts),
// exported for the topics stack, which refuses catalogs that take them.

import { KAFKA_INTERNAL_PREFIX, type ReservedNames } from "../shared/reserved-names";
import type { ClusterConfig } from "./cluster-config";
import { registryResourcePrefixes } from "./schema-registry-settings";
import { securityMode } from "./security";

export function clusterReservedNames(cfg: ClusterConfig): ReservedNames {
    const registry = cfg.schemaRegistry.enabled;
    return {
        principals: securityMode(cfg.security).clusterPrincipals({
            admin: cfg.adminUser,
            standbyAdmin: cfg.standbyAdminUser,
            registry: registry ? cfg.schemaRegistry.user : undefined,
        }),
        resourcePrefixes: [KAFKA_INTERNAL_PREFIX, ...(registry ? registryResourcePrefixes() : [])],
    };
}
