// Everything that depends on the cluster's security mode, in one place: the protocol of each
// listener, the brokers' authentication, authorization and TLS settings, how the healthcheck, the
// Kafka UI and the schema registry connect, which TLS files each container gets, what the topics
// stack is told to connect with, whether the stack needs an admin password, and the listener and
// authorization of a Strimzi cluster (target strimzi). The rest of the
// cluster stack asks the mode (`securityMode(cfg.security)`) instead of testing its name.

import { ADMIN_SASL_MECHANISM, USER_SASL_MECHANISM } from "../shared/kafka-names";

export const SECURITY_MODES = ["plaintext", "sasl", "sasl_ssl"] as const;
export type SecurityModeName = (typeof SECURITY_MODES)[number];

export type ListenerProtocol = "PLAINTEXT" | "SASL_PLAINTEXT" | "SASL_SSL";

export interface SaslCredentials {
    user: string;
    password: string;
}

/** Which listeners a node has: every node a controller listener or none, brokers INTERNAL and EXTERNAL. */
export interface NodeRoles {
    broker: boolean;
    controller: boolean;
}

/** The containers that get TLS files, each with the user its process runs as (the images' contract). */
export type TlsRole = "node" | "ui" | "registry";

/**
 * One TLS file a container gets, uploaded into it by the stack (never in its environment, so not
 * in `docker inspect`): which material goes in, where, owned by whom, with which mode.
 */
export interface TlsFile {
    file: string;
    /** `ca`: the CA certificate; `keystore`: the private key and certificate chain (Kafka's PEM keystore); `cert`/`key`: apart. */
    content: "ca" | "keystore" | "cert" | "key";
    /** Octal mode; private keys 0600. */
    mode: string;
    /** Numeric owner: the user the image runs its process as. */
    owner: string;
}

/** The registry's API: plain HTTP (also on the cluster network under TLS, for the UI), and HTTPS under TLS. */
export const REGISTRY_HTTP_PORT = 8080;
export const REGISTRY_HTTPS_PORT = 8443;

/** Where each container finds its TLS files, and the user its image runs as. */
export const TLS_LAYOUT: Record<TlsRole, { dir: string; uid: string }> = {
    // apache/kafka (and kafka-local) run as appuser, uid 1000.
    node: { dir: "/etc/kafka/tls", uid: "1000" },
    // The UI only needs the CA certificate, which is public.
    ui: { dir: "/etc/kafka-ui/tls", uid: "0" },
    // Apicurio Registry's image runs as uid 1001.
    registry: { dir: "/deployments/tls", uid: "1001" },
};

/** A Strimzi `GenericKafkaListener` (kafka.strimzi.io/v1), as this stack renders it. */
export interface StrimziListener {
    name: string;
    port: number;
    type: "internal";
    tls: boolean;
    authentication?: { type: "scram-sha-512" };
}

/** The security part of a Strimzi `Kafka` resource's spec.kafka. */
export interface StrimziKafkaSecurity {
    listeners: StrimziListener[];
    authorization?: { type: "simple"; superUsers: string[] };
}

export interface SecurityMode {
    readonly name: SecurityModeName;
    /** Protocol of the listeners clients use (INTERNAL, EXTERNAL); exported for the topics stack. */
    readonly clientProtocol: ListenerProtocol;
    /** Protocol of the KRaft controller listener. */
    readonly controllerProtocol: ListenerProtocol;
    /** Whether clients must authenticate: without it, ports may only be published on loopback. */
    readonly authenticates: boolean;
    /** Whether traffic is encrypted: the stack then issues certificates and ports may leave loopback. */
    readonly tls: boolean;
    /** Whether the stack needs the adminPassword secret. */
    readonly needsAdminPassword: boolean;
    /** The admin's SASL mechanism, exported for the topics stack; undefined without SASL. */
    readonly adminMechanism?: string;
    /**
     * The node's authentication, authorization and TLS settings, in the image's KAFKA_* contract.
     * The node connects to the others as `admin`; it also accepts `standby`, a second admin that
     * exists only while the admin password is rotated (see README, "Rotating the admin password").
     */
    nodeEnvironment(node: NodeRoles, admin?: SaslCredentials, standby?: SaslCredentials): Record<string, string>;
    /**
     * How the healthcheck's Kafka tool connects to a listener of its own node: a shell prefix that
     * writes a client config (from the node's own environment, so no password is in the
     * healthcheck definition) and the tool option that reads it.
     */
    healthcheckClient(listener: "INTERNAL" | "CONTROLLER"): { setup: string; option: string };
    /** The Kafka UI's client settings, as its KAFKA_CLUSTERS_0_PROPERTIES_* variables. */
    uiClientEnvironment(admin?: SaslCredentials): Record<string, string>;
    /**
     * The schema registry's Kafka client settings, as its APICURIO_KAFKA_COMMON_* variables. Under
     * SASL the registry is a SCRAM user of its own, with ACLs on its own topics and groups only
     * (components/cluster/schema-registry-settings.ts), never the admin.
     */
    registryClientEnvironment(user?: SaslCredentials): Record<string, string>;
    /** The TLS files a container of this role gets; none without TLS. */
    tlsFiles(role: TlsRole): TlsFile[];
    /**
     * How the schema registry serves its API: plain HTTP on 8080 without TLS; with TLS, HTTPS on
     * 8443 (its certificate from the cluster's CA) for the published port, and basic
     * authentication on every API path (Quarkus's embedded users), also on the HTTP port the UI
     * uses on the cluster network.
     */
    registryServer(api?: SaslCredentials): { port: number; scheme: "http" | "https"; environment: Record<string, string> };
    /**
     * The principals the cluster keeps for itself (`User:<name>`): the admin, the standby admin and
     * the registry's user, under SASL; none without it, where there are no principals to take.
     */
    clusterPrincipals(users: { admin: string; standbyAdmin?: string; registry?: string }): string[];
    /**
     * On Strimzi: one internal listener in this mode's protocol (9092 without TLS, 9093 with it, as
     * Strimzi's own examples number them), SCRAM-SHA-512 authentication under SASL, and `simple`
     * authorization with the admins as super users. The admins are KafkaUsers whose SCRAM
     * passwords come from the stack's secrets (the operator has no PLAIN user list).
     */
    strimziKafka(superUsers: string[]): StrimziKafkaSecurity;
    /** On Strimzi: the admin's SASL mechanism, exported for the topics stack; undefined without SASL. */
    readonly strimziAdminMechanism?: string;
}

/** The Java client `sasl.jaas.config` value for the admin (PLAIN). */
export function adminJaasConfig(creds: SaslCredentials): string {
    return `org.apache.kafka.common.security.plain.PlainLoginModule required username="${jaasEscape(creds.user)}" password="${jaasEscape(creds.password)}";`;
}

function jaasEscape(s: string): string {
    return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

const plaintext: SecurityMode = {
    name: "plaintext",
    clientProtocol: "PLAINTEXT",
    controllerProtocol: "PLAINTEXT",
    authenticates: false,
    tls: false,
    needsAdminPassword: false,
    nodeEnvironment: () => ({}),
    healthcheckClient: () => ({ setup: "", option: "" }),
    uiClientEnvironment: () => ({}),
    registryClientEnvironment: () => ({}),
    tlsFiles: () => [],
    registryServer: () => ({ port: REGISTRY_HTTP_PORT, scheme: "http", environment: {} }),
    clusterPrincipals: () => [],
    strimziKafka: () => ({ listeners: [{ name: "plain", port: 9092, type: "internal", tls: false }] }),
};

const saslPrincipals = (users: { admin: string; standbyAdmin?: string; registry?: string }) =>
    [users.admin, users.standbyAdmin, users.registry].filter((u): u is string => u !== undefined).map(u => `User:${u}`);

/**
 * SASL: every listener is SASL_PLAINTEXT (`sasl`) or SASL_SSL (`sasl_ssl`), and authorization is
 * deny-by-default.
 *
 * The admin (super user, also used between brokers and controllers) authenticates with PLAIN,
 * declared in each listener's JAAS config from the Pulumi secret: it is the only way to have a
 * super user before the cluster exists with the official image, whose entrypoint formats storage
 * without SCRAM credentials. Every other user is a SCRAM-SHA-512 credential, created at runtime by
 * the topics stack: stored salted and hashed in the metadata log, never sent in clear, and
 * changeable without restarting brokers. PLAIN accepts only the admin (the JAAS user list).
 *
 * With TLS, every listener (client, inter-broker, controller) encrypts: each node has a key and a
 * certificate for its container name, localhost and 127.0.0.1 (and the advertised host), signed by
 * the cluster's CA, in Kafka's PEM keystore (no JKS, no store password); every client trusts that
 * CA and checks the host name (Kafka's default).
 */
function saslMode(name: "sasl" | "sasl_ssl", tls: boolean): SecurityMode {
    const protocol: ListenerProtocol = tls ? "SASL_SSL" : "SASL_PLAINTEXT";
    const truststore = (dir: string) => `${dir}/ca.pem`;
    const nodeTls = TLS_LAYOUT.node;
    return {
        name,
        clientProtocol: protocol,
        controllerProtocol: protocol,
        authenticates: true,
        tls,
        needsAdminPassword: true,
        adminMechanism: ADMIN_SASL_MECHANISM,
        nodeEnvironment(node, admin, standby) {
            const { user, password } = requireAdmin(admin, name);
            // PLAIN's server side accepts one password per user name, so a rolling rotation needs a second name.
            if (standby?.user === user) throw new Error(`the standby admin must have a user name other than ${user}`);
            const accepted = standby ? [admin!, standby] : [admin!];
            // Server side: the accepted PLAIN user list; client side (inter-broker, broker-to-controller): who we are.
            const plainJaas = "org.apache.kafka.common.security.plain.PlainLoginModule required " +
                `username="${jaasEscape(user)}" password="${jaasEscape(password)}" ` +
                accepted.map(a => `user_${jaasEscape(a.user)}="${jaasEscape(a.password)}"`).join(" ") + ";";
            const env: Record<string, string> = {
                KAFKA_AUTHORIZER_CLASS_NAME: "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: "false",
                KAFKA_SUPER_USERS: accepted.map(a => `User:${a.user}`).join(";"),
                KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL: ADMIN_SASL_MECHANISM,
                KAFKA_LISTENER_NAME_CONTROLLER_SASL_ENABLED_MECHANISMS: ADMIN_SASL_MECHANISM,
                KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG: plainJaas,
            };
            if (node.broker) {
                Object.assign(env, {
                    KAFKA_SASL_ENABLED_MECHANISMS: `${ADMIN_SASL_MECHANISM},${USER_SASL_MECHANISM}`,
                    KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: ADMIN_SASL_MECHANISM,
                    KAFKA_LISTENER_NAME_INTERNAL_PLAIN_SASL_JAAS_CONFIG: plainJaas,
                    KAFKA_LISTENER_NAME_EXTERNAL_PLAIN_SASL_JAAS_CONFIG: plainJaas,
                    KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG: "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                    KAFKA_LISTENER_NAME_EXTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG: "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                });
            }
            if (tls) {
                // One keystore and truststore for every listener, server and client side (paths only: the files are uploads).
                Object.assign(env, {
                    KAFKA_SSL_KEYSTORE_TYPE: "PEM",
                    KAFKA_SSL_KEYSTORE_LOCATION: `${nodeTls.dir}/node.pem`,
                    KAFKA_SSL_TRUSTSTORE_TYPE: "PEM",
                    KAFKA_SSL_TRUSTSTORE_LOCATION: truststore(nodeTls.dir),
                    KAFKA_SSL_CLIENT_AUTH: "none",
                    KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM: "https",
                });
            }
            return env;
        },
        healthcheckClient(listener) {
            const tlsLines = tls ? `ssl.truststore.type=PEM\\nssl.truststore.location=${truststore(nodeTls.dir)}\\n` : "";
            return {
                setup: `umask 077 && printf 'security.protocol=${protocol}\\n${tlsLines}sasl.mechanism=${ADMIN_SASL_MECHANISM}\\nsasl.jaas.config=%s\\n' "$KAFKA_LISTENER_NAME_${listener}_PLAIN_SASL_JAAS_CONFIG" > /tmp/healthcheck.properties && `,
                option: " --command-config /tmp/healthcheck.properties",
            };
        },
        uiClientEnvironment(admin) {
            return {
                KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: protocol,
                KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM: ADMIN_SASL_MECHANISM,
                KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG: adminJaasConfig(requireAdmin(admin, name)),
                ...(tls ? {
                    KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE: "PEM",
                    KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_LOCATION: truststore(TLS_LAYOUT.ui.dir),
                } : {}),
            };
        },
        registryClientEnvironment(user) {
            if (!user) throw new Error(`security is ${name} but no schema registry credentials were given (the stack config requires schemaRegistryPassword)`);
            return {
                APICURIO_KAFKA_COMMON_SECURITY_PROTOCOL: protocol,
                APICURIO_KAFKA_COMMON_SASL_MECHANISM: USER_SASL_MECHANISM,
                APICURIO_KAFKA_COMMON_SASL_JAAS_CONFIG: "org.apache.kafka.common.security.scram.ScramLoginModule required " +
                    `username="${jaasEscape(user.user)}" password="${jaasEscape(user.password)}";`,
                ...(tls ? {
                    APICURIO_KAFKA_COMMON_SSL_TRUSTSTORE_TYPE: "PEM",
                    APICURIO_KAFKA_COMMON_SSL_TRUSTSTORE_LOCATION: truststore(TLS_LAYOUT.registry.dir),
                } : {}),
            };
        },
        tlsFiles(role) {
            if (!tls) return [];
            const { dir, uid } = TLS_LAYOUT[role];
            const ca: TlsFile = { file: truststore(dir), content: "ca", mode: "0644", owner: uid };
            if (role === "node") return [ca, { file: `${dir}/node.pem`, content: "keystore", mode: "0600", owner: uid }];
            if (role === "registry") return [ca, { file: `${dir}/registry.crt`, content: "cert", mode: "0644", owner: uid }, { file: `${dir}/registry.key`, content: "key", mode: "0600", owner: uid }];
            return [ca];
        },
        registryServer(api): { port: number; scheme: "http" | "https"; environment: Record<string, string> } {
            if (!tls) return { port: REGISTRY_HTTP_PORT, scheme: "http", environment: {} };
            if (!api) throw new Error(`security is ${name} but the schema registry's API has no credentials (the stack config requires schemaRegistryApiPassword)`);
            const dir = TLS_LAYOUT.registry.dir;
            return {
                port: REGISTRY_HTTPS_PORT,
                scheme: "https",
                environment: {
                    QUARKUS_HTTP_SSL_PORT: String(REGISTRY_HTTPS_PORT),
                    QUARKUS_HTTP_SSL_CERTIFICATE_FILES: `${dir}/registry.crt`,
                    QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES: `${dir}/registry.key`,
                    // Quarkus reports this one as fixed at build time, yet without it no basic-auth login is accepted.
                    QUARKUS_HTTP_AUTH_BASIC: "true",
                    QUARKUS_SECURITY_USERS_EMBEDDED_ENABLED: "true",
                    QUARKUS_SECURITY_USERS_EMBEDDED_PLAIN_TEXT: "true",
                    // The user's name is part of the variable's name (lower-case letters and digits, cluster-config.ts).
                    [`QUARKUS_SECURITY_USERS_EMBEDDED_USERS_${api.user.toUpperCase()}`]: api.password,
                    QUARKUS_HTTP_AUTH_PERMISSION_APIS_PATHS: "/apis/*",
                    QUARKUS_HTTP_AUTH_PERMISSION_APIS_POLICY: "authenticated",
                },
            };
        },
        clusterPrincipals: saslPrincipals,
        strimziKafka: superUsers => ({
            listeners: [{ name: tls ? "scramtls" : "scram", port: tls ? 9093 : 9092, type: "internal", tls, authentication: { type: "scram-sha-512" } }],
            authorization: { type: "simple", superUsers },
        }),
        strimziAdminMechanism: USER_SASL_MECHANISM,
    };
}

const MODES: Record<SecurityModeName, SecurityMode> = { plaintext, sasl: saslMode("sasl", false), sasl_ssl: saslMode("sasl_ssl", true) };

export function securityMode(name: SecurityModeName): SecurityMode {
    return MODES[name];
}

/** The admin's credentials, which a mode that authenticates cannot do without. */
function requireAdmin(admin: SaslCredentials | undefined, mode: SecurityModeName): SaslCredentials {
    if (!admin) throw new Error(`security is ${mode} but no admin credentials were given (the stack config requires adminPassword)`);
    return admin;
}
