// StrimziCluster: the cluster stack's `target: strimzi`. It declares Strimzi's resources
// (kafka.strimzi.io/v1) in an existing Kubernetes cluster whose Strimzi operator runs them: the
// Kafka, its node pools, the admins as KafkaUsers with their passwords in Secrets, and under TLS
// the cluster CA the operator signs the nodes' certificates with. Every object comes from the pure
// functions in strimzi-settings.ts; this component only wires them.

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "./cluster-config";
import { stackOutputs, type ClusterOutputs } from "../shared/cluster-outputs";
import { ClusterCertificates } from "./cluster-certificates";
import { clusterReservedNames } from "./cluster-reserved-names";
import { securityMode } from "./security";
import {
    adminUserResource, adminUsers, clusterCaSecrets, kafkaResource, nodePoolPlans, nodePoolResource, SECRET_KEYS, strimziBootstrapServers, strimziOf, type KubeObject,
} from "./strimzi-settings";
import { CA_VALIDITY_DAYS } from "./tls-settings";

export interface StrimziClusterArgs {
    /** Validated settings with target strimzi (see parseClusterConfig). */
    config: ClusterConfig;
    /** Admin password; required when the security mode authenticates. Pass a Pulumi secret. */
    adminPassword?: pulumi.Input<string>;
    /** Password of config.standbyAdminUser during a rotation. Pass a Pulumi secret. */
    standbyAdminPassword?: pulumi.Input<string>;
    /** The key of an organisation's CA (config.tls.caCert); required with it. Pass a Pulumi secret. */
    tlsCaKey?: pulumi.Input<string>;
    /** The KRaft metadata version: config.strimzi.metadataVersion, else the deployed one, else the release's (index.ts decides). */
    metadataVersion: string;
}

export class StrimziCluster extends pulumi.ComponentResource {
    readonly kafka: k8s.apiextensions.CustomResource;
    readonly nodePools: k8s.apiextensions.CustomResource[];
    readonly users: k8s.apiextensions.CustomResource[];
    /** The stack outputs the topics stack reads (components/shared/cluster-outputs.ts), unset ones left out. */
    readonly outputs: ReturnType<typeof stackOutputs<ClusterOutputs>>;

    constructor(name: string, args: StrimziClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-as-code:index:StrimziCluster", name, {}, opts);
        const cfg = args.config;
        const strimzi = strimziOf(cfg);
        const security = securityMode(cfg.security);
        if (security.needsAdminPassword && args.adminPassword === undefined) throw new Error(`${name}: security is ${security.name} but no adminPassword was given`);

        // The kubeconfig is passed as a path, so its credentials never enter the stack's state.
        const provider = new k8s.Provider(`${name}-kubernetes`, {
            ...(strimzi.kubeconfig !== undefined ? { kubeconfig: strimzi.kubeconfig } : {}),
            ...(strimzi.context !== undefined ? { context: strimzi.context } : {}),
            namespace: strimzi.namespace,
        }, { parent: this });
        const parent = { parent: this, provider };
        const custom = (key: string, obj: KubeObject, extra: pulumi.CustomResourceOptions = {}) =>
            new k8s.apiextensions.CustomResource(`${name}-${key}`, obj, { ...parent, ...extra });

        // Under TLS: the cluster CA (the stack's own, or an organisation's) in Strimzi's custom-CA secrets.
        const caSecrets: k8s.core.v1.Secret[] = [];
        let caCert: pulumi.Output<string> | undefined;
        if (cfg.tls) {
            if (cfg.tls.caCert !== undefined && args.tlsCaKey === undefined) throw new Error(`${name}: tlsCaCert is set but no tlsCaKey was given`);
            const ca = new ClusterCertificates(`${name}-tls`, {
                plan: { caCommonName: `${cfg.name} cluster CA`, certificates: [], validityHours: CA_VALIDITY_DAYS * 24, earlyRenewalHours: 0 },
                ownCa: cfg.tls.caCert !== undefined ? { certPem: cfg.tls.caCert, keyPem: args.tlsCaKey! } : undefined,
            }, { parent: this });
            const { certSecret, keySecret } = clusterCaSecrets(cfg);
            caSecrets.push(
                new k8s.core.v1.Secret(`${name}-cluster-ca-cert`, { metadata: certSecret, type: "Opaque", stringData: { [SECRET_KEYS.caCert]: ca.caCertPem } }, parent),
                new k8s.core.v1.Secret(`${name}-cluster-ca`, { metadata: keySecret, type: "Opaque", stringData: { [SECRET_KEYS.caKey]: ca.caKeyPem } }, parent),
            );
            caCert = ca.caCertPem;
        }

        // The admins: a Secret with each password (a Pulumi secret), and a KafkaUser that reads it.
        const passwords: Record<string, pulumi.Input<string> | undefined> = { [cfg.adminUser]: args.adminPassword, ...(cfg.standbyAdminUser ? { [cfg.standbyAdminUser]: args.standbyAdminPassword } : {}) };
        this.users = adminUsers(cfg).map(admin => {
            const password = passwords[admin.user];
            if (password === undefined) throw new Error(`${name}: no password was given for ${admin.user}`);
            const secret = new k8s.core.v1.Secret(`${name}-${admin.user}-password`, {
                metadata: { name: admin.secretName, namespace: strimzi.namespace, labels: { "app.kubernetes.io/part-of": cfg.name } },
                type: "Opaque",
                stringData: { [SECRET_KEYS.password]: pulumi.secret(password) },
            }, parent);
            return custom(`user-${admin.user}`, adminUserResource(cfg, admin), { dependsOn: [secret] });
        });

        this.nodePools = nodePoolPlans(cfg).map(pool => custom(`pool-${pool.name}`, nodePoolResource(cfg, pool)));
        this.kafka = custom("kafka", kafkaResource(cfg, args.metadataVersion), { dependsOn: caSecrets });

        const bootstrap = pulumi.output(strimziBootstrapServers(cfg));
        const reserved = clusterReservedNames(cfg);
        this.outputs = stackOutputs<ClusterOutputs>({
            target: "strimzi",
            bootstrapServers: bootstrap,
            internalBootstrapServers: bootstrap,
            networkName: undefined,
            containerNames: undefined,
            kubernetesNamespace: strimzi.namespace,
            kafkaResourceName: cfg.name,
            metadataVersion: args.metadataVersion,
            storageSizeGi: strimzi.storageSizeGi,
            deleteClaims: !cfg.retainVolumes,
            brokerCount: cfg.brokers,
            brokerHeapMb: cfg.heapMb,
            clusterId: undefined,
            volumeNames: undefined,
            uiUrl: undefined,
            uiUser: undefined,
            schemaRegistryUrl: undefined,
            schemaRegistryApiUser: undefined,
            schemaRegistryApiPassword: undefined,
            caCert,
            certificateExpiries: undefined,
            securityProtocol: security.clientProtocol,
            reservedPrincipals: reserved.principals,
            reservedResourcePrefixes: reserved.resourcePrefixes,
            saslMechanism: security.strimziAdminMechanism,
            adminUser: security.needsAdminPassword ? cfg.adminUser : undefined,
            adminPassword: security.needsAdminPassword ? pulumi.secret(args.adminPassword!) : undefined,
        });
        this.registerOutputs(this.outputs);
    }
}
