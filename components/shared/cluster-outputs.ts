// The cross-stack contract: the outputs the cluster stack exports (index.ts) and the topics stack
// reads back through a StackReference (topics/index.ts). Declared once, here.

import type * as pulumi from "@pulumi/pulumi";

export interface ClusterOutputs {
    /** Where the cluster runs: `docker` or `strimzi` (deployments from before the setting existed: docker). */
    target?: string;
    /** Bootstrap servers for clients: `localhost:9092,...` on Docker; on Strimzi the bootstrap service of the mode's listener. */
    bootstrapServers: string;
    /** Bootstrap servers for containers on the cluster network (`kafka-1:19092,...`), or the Strimzi bootstrap service. */
    internalBootstrapServers: string;
    /** Docker only: the cluster's network and containers. */
    networkName?: string;
    containerNames?: string[];
    /** Strimzi only: the Kafka resource's namespace and name, and its claims' size and fate (the data-safety guard compares them). */
    kubernetesNamespace?: string;
    kafkaResourceName?: string;
    storageSizeGi?: number;
    deleteClaims?: boolean;
    /** Strimzi only: the KRaft metadata version the Kafka resource pins; the next deployment keeps it unless metadataVersion is set. */
    metadataVersion?: string;
    brokerCount: number;
    /** The brokers' JVM heap, MB: the topics stack checks its catalog's size against it (components/shared/broker-sizing.ts). */
    brokerHeapMb: number;
    /** Docker only: the KRaft cluster id (Strimzi's operator picks its own). */
    clusterId?: string;
    /** Docker only: the nodes' data volumes: the cluster stack's data-safety guard compares them between deployments. */
    volumeNames?: string[];
    /** Only when the Kafka UI is enabled: its address and login user (the password is the stack's uiPassword secret). */
    uiUrl?: string;
    uiUser?: string;
    /** Only when the schema registry is enabled: its address for clients on the host (https:// under TLS; without TLS its API has no authentication and is on 127.0.0.1 only). */
    schemaRegistryUrl?: string;
    /** Under TLS, with the registry: the user and (secret) password of its API's basic authentication. */
    schemaRegistryApiUser?: string;
    schemaRegistryApiPassword?: string;
    /** Under TLS: the CA certificate (PEM, public) every client of the cluster and the registry trusts. */
    caCert?: string;
    /** Under TLS: when each certificate expires (container name -> RFC 3339 time); previews warn within the renewal window. */
    certificateExpiries?: Record<string, string>;
    securityProtocol: string;
    /** The principals the cluster keeps for itself (components/shared/reserved-names.ts): no catalog may declare them. */
    reservedPrincipals: string[];
    /** Prefixes of the topics, groups and transactional ids the cluster's own services use: no catalog may take them. */
    reservedResourcePrefixes: string[];
    /** SASL only: the admin's mechanism, user and (secret) password. */
    saslMechanism?: string;
    adminUser?: string;
    adminPassword?: string;
}

/** The outputs the topics stack connects with (adminPassword is read separately, as a secret). */
export const CONNECTION_OUTPUTS = ["bootstrapServers", "securityProtocol", "saslMechanism", "adminUser", "brokerCount", "caCert"] as const satisfies readonly (keyof ClusterOutputs)[];

type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];

/**
 * The stack outputs of a program: every output of T named (an optional one may be undefined),
 * and the undefined ones left out, since Pulumi warns about each undefined output.
 */
export function stackOutputs<T extends object>(
    outputs: { [K in Exclude<keyof T, OptionalKeys<T>>]: pulumi.Input<T[K]> } & { [K in OptionalKeys<T>]-?: pulumi.Input<NonNullable<T[K]>> | undefined },
): { [K in keyof T]?: pulumi.Input<T[K]> } {
    return Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: pulumi.Input<T[K]> };
}
