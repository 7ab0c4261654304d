// SchemaRegistry: the optional schema registry of a cluster. Under SASL it is a Kafka user of its
// own: a SCRAM credential and least-privilege ACLs, declared here through a Kafka provider that
// connects as the admin (the registry belongs to the cluster, so the cluster stack owns its
// rights), before the container starts. This component only wires resources; the settings come
// from schema-registry-settings.ts.

import * as docker from "@pulumi/docker";
import * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "./cluster-config";
import { hostBootstrapServers, publishedHost, toEnvList, type KafkaNode } from "./broker-settings";
import { registryAcls, registryEnvironment, registryHealthcheck, registryHostname } from "./schema-registry-settings";
import type { ClusterCertificates } from "./cluster-certificates";
import { CONTAINER_HARDENING, CONTAINER_OPTIONS, clusterLabels, WAIT_TIMEOUT_SECONDS } from "./container-defaults";
import { securityMode } from "./security";
import { providerArgs, type SaslMechanism } from "../shared/kafka-provider";
import { LABELS, USER_SASL_MECHANISM } from "../shared/kafka-names";

export interface SchemaRegistryArgs {
    config: ClusterConfig;
    nodes: KafkaNode[];
    network: docker.Network;
    /** The broker containers: the registry's user, ACLs and container wait for them to be healthy. */
    brokers: docker.Container[];
    /** Admin password (SASL): the provider that declares the registry's user and ACLs connects with it. */
    adminPassword?: pulumi.Output<string>;
    /** The registry user's password (SASL). Pass a Pulumi secret. */
    password?: pulumi.Input<string>;
    /** The password of its HTTPS API's user (TLS). Pass a Pulumi secret. */
    apiPassword?: pulumi.Input<string>;
    /** Under TLS: the cluster's certificates (the CA for its Kafka client, its own for HTTPS). */
    certificates?: ClusterCertificates;
}

export class SchemaRegistry extends pulumi.ComponentResource {
    readonly container: docker.Container;
    /** For clients on the host: `http://127.0.0.1:8085`, or `https://...` under TLS. */
    readonly url: pulumi.Output<string>;
    /** Under TLS: the user of its API's basic authentication. */
    readonly apiUser?: string;

    constructor(name: string, args: SchemaRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-as-code:index:SchemaRegistry", name, {}, opts);
        const cfg = args.config;
        const reg = cfg.schemaRegistry;
        const security = securityMode(cfg.security);
        const parent = { parent: this };

        let password: pulumi.Output<string> | undefined;
        const access: pulumi.Resource[] = [];
        if (security.authenticates) {
            if (args.password === undefined || args.adminPassword === undefined) throw new Error(`${name}: security is ${security.name} but the registry's or the admin's password is missing`);
            password = pulumi.secret(args.password);
            const provider = new kafka.Provider(`${name}-admin`, {
                ...providerArgs({
                    bootstrapServers: hostBootstrapServers(args.nodes, cfg.advertisedHost).split(","),
                    securityProtocol: security.clientProtocol,
                    saslMechanism: security.adminMechanism as SaslMechanism,
                    saslUsername: cfg.adminUser,
                    source: `cluster ${cfg.name}`,
                }, args.adminPassword),
                // Under TLS it checks the brokers' certificates against the cluster's CA.
                ...(args.certificates ? { caCert: args.certificates.caCertPem } : {}),
            }, parent);
            const child = { parent: this, provider, dependsOn: args.brokers };
            access.push(new kafka.UserScramCredential(`${name}-user`, {
                username: reg.user,
                scramMechanism: USER_SASL_MECHANISM,
                password,
            }, child));
            for (const acl of registryAcls()) {
                access.push(new kafka.Acl(`${name}-acl-${acl.resourceType}-${acl.resourceName}-${acl.operation}`.toLowerCase(), {
                    aclPrincipal: `User:${reg.user}`,
                    aclHost: "*",
                    aclOperation: acl.operation,
                    aclPermissionType: "Allow",
                    aclResourceName: acl.resourceName,
                    aclResourceType: acl.resourceType,
                    resourcePatternTypeFilter: acl.resourcePatternType,
                }, child));
            }
        }

        // keepLocally: destroying the stack must not delete an image other stacks or a local build use.
        const image = new docker.RemoteImage(`${name}-image`, { name: reg.image, keepLocally: true }, parent);
        const server = security.registryServer(security.tls ? { user: reg.apiUser!, password: "" } : undefined);
        if (security.tls && (args.apiPassword === undefined || !args.certificates)) throw new Error(`${name}: under TLS the registry needs its API password and the cluster's certificates`);
        const apiPassword = pulumi.secret(args.apiPassword ?? "");
        const env = pulumi.all([password ?? "", apiPassword]).apply(([p, api]) => toEnvList(registryEnvironment(cfg, args.nodes,
            password ? { user: reg.user, password: p } : undefined,
            security.tls ? { user: reg.apiUser!, password: api } : undefined)));
        const hostname = registryHostname(cfg);
        this.container = new docker.Container(`${name}-container`, {
            name: hostname,
            hostname,
            image: image.imageId,
            envs: env,
            networksAdvanced: [{ name: args.network.name, aliases: [hostname] }],
            ports: [{ internal: server.port, external: reg.port, ip: cfg.bindAddress, protocol: "tcp" }],
            healthcheck: registryHealthcheck(),
            restart: "unless-stopped",
            memory: reg.memoryMb,
            memorySwap: reg.memoryMb,
            labels: [...clusterLabels(cfg.name, "schema-registry"),
                ...(args.certificates ? [{ label: LABELS.certificateExpires, value: args.certificates.issued[hostname].validityEndTime }] : [])],
            uploads: args.certificates?.uploads(security.tlsFiles("registry"), hostname),
            ...CONTAINER_HARDENING,
            wait: true,
            waitTimeout: WAIT_TIMEOUT_SECONDS,
        }, { ...parent, ...CONTAINER_OPTIONS, dependsOn: [...args.brokers, ...access] });

        // Without TLS the config check keeps an enabled registry on 127.0.0.1 (its API has no authentication then).
        this.url = pulumi.output(`${server.scheme}://${publishedHost(cfg)}:${reg.port}`);
        this.apiUser = security.tls ? reg.apiUser : undefined;
        this.registerOutputs({ url: this.url });
    }
}
