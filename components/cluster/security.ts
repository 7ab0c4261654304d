// Everything that depends on the cluster's security mode, in one place: the protocol of each
// listener, the brokers' authentication and authorization settings, how the healthcheck and the
// Kafka UI authenticate, what the topics stack is told to connect with, and whether the stack needs
// an admin password. The rest of the cluster stack asks the mode (`securityMode(cfg.security)`)
// instead of testing its name; a new mode (TLS, say) is a new entry here.

import { ADMIN_SASL_MECHANISM, USER_SASL_MECHANISM } from "../shared/kafka-names";

export const SECURITY_MODES = ["plaintext", "sasl"] as const;
export type SecurityModeName = (typeof SECURITY_MODES)[number];

export interface SaslCredentials {
    user: string;
    password: string;
}

/** Which listeners a node has: every node a controller listener or none, brokers INTERNAL and EXTERNAL. */
export interface NodeRoles {
    broker: boolean;
    controller: boolean;
}

export interface SecurityMode {
    readonly name: SecurityModeName;
    /** Protocol of the listeners clients use (INTERNAL, EXTERNAL); exported for the topics stack. */
    readonly clientProtocol: "PLAINTEXT" | "SASL_PLAINTEXT";
    /** Protocol of the KRaft controller listener. */
    readonly controllerProtocol: "PLAINTEXT" | "SASL_PLAINTEXT";
    /** Whether clients must authenticate: without it, ports may only be published on loopback. */
    readonly authenticates: boolean;
    /** Whether the stack needs the adminPassword secret. */
    readonly needsAdminPassword: boolean;
    /** The admin's SASL mechanism, exported for the topics stack; undefined without SASL. */
    readonly adminMechanism?: string;
    /**
     * The node's authentication and authorization settings, in the image's KAFKA_* contract. The
     * node connects to the others as `admin`; it also accepts `standby`, a second admin that exists
     * only while the admin password is rotated (see README, "Rotating the admin password").
     */
    nodeEnvironment(node: NodeRoles, admin?: SaslCredentials, standby?: SaslCredentials): Record<string, string>;
    /**
     * How the healthcheck's Kafka tool authenticates on a listener of its own node: a shell prefix
     * that writes a client config (from the node's own environment, so no password is in the
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
    /**
     * The principals the cluster keeps for itself (`User:<name>`): the admin, the standby admin and
     * the registry's user, under SASL; none without it, where there are no principals to take.
     */
    clusterPrincipals(users: { admin: string; standbyAdmin?: string; registry?: string }): string[];
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
    needsAdminPassword: false,
    nodeEnvironment: () => ({}),
    healthcheckClient: () => ({ setup: "", option: "" }),
    uiClientEnvironment: () => ({}),
    registryClientEnvironment: () => ({}),
    clusterPrincipals: () => [],
};

const saslPrincipals = (users: { admin: string; standbyAdmin?: string; registry?: string }) =>
    [users.admin, users.standbyAdmin, users.registry].filter((u): u is string => u !== undefined).map(u => `User:${u}`);

/**
 * SASL: every listener is SASL_PLAINTEXT and authorization is deny-by-default.
 *
 * The admin (super user, also used between brokers and controllers) authenticates with PLAIN,
 * declared in each listener's JAAS config from the Pulumi secret: it is the only way to have a
 * super user before the cluster exists with the official image, whose entrypoint formats storage
 * without SCRAM credentials. Every other user is a SCRAM-SHA-512 credential, created at runtime by
 * the topics stack: stored salted and hashed in the metadata log, never sent in clear, and
 * changeable without restarting brokers. PLAIN accepts only the admin (the JAAS user list).
 */
const sasl: SecurityMode = {
    name: "sasl",
    clientProtocol: "SASL_PLAINTEXT",
    controllerProtocol: "SASL_PLAINTEXT",
    authenticates: true,
    needsAdminPassword: true,
    adminMechanism: ADMIN_SASL_MECHANISM,
    nodeEnvironment(node, admin, standby) {
        const { user, password } = requireAdmin(admin);
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
        return env;
    },
    healthcheckClient(listener) {
        return {
            setup: `umask 077 && printf 'security.protocol=SASL_PLAINTEXT\\nsasl.mechanism=${ADMIN_SASL_MECHANISM}\\nsasl.jaas.config=%s\\n' "$KAFKA_LISTENER_NAME_${listener}_PLAIN_SASL_JAAS_CONFIG" > /tmp/healthcheck.properties && `,
            option: " --command-config /tmp/healthcheck.properties",
        };
    },
    uiClientEnvironment(admin) {
        return {
            KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: "SASL_PLAINTEXT",
            KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM: ADMIN_SASL_MECHANISM,
            KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG: adminJaasConfig(requireAdmin(admin)),
        };
    },
    registryClientEnvironment(user) {
        if (!user) throw new Error("security is sasl but no schema registry credentials were given (the stack config requires schemaRegistryPassword)");
        return {
            APICURIO_KAFKA_COMMON_SECURITY_PROTOCOL: "SASL_PLAINTEXT",
            APICURIO_KAFKA_COMMON_SASL_MECHANISM: USER_SASL_MECHANISM,
            APICURIO_KAFKA_COMMON_SASL_JAAS_CONFIG: "org.apache.kafka.common.security.scram.ScramLoginModule required " +
                `username="${jaasEscape(user.user)}" password="${jaasEscape(user.password)}";`,
        };
    },
    clusterPrincipals: saslPrincipals,
};

const MODES: Record<SecurityModeName, SecurityMode> = { plaintext, sasl };

export function securityMode(name: SecurityModeName): SecurityMode {
    return MODES[name];
}

/** The admin's credentials, which a mode that authenticates cannot do without. */
function requireAdmin(admin: SaslCredentials | undefined): SaslCredentials {
    if (!admin) throw new Error("security is sasl but no admin credentials were given (the stack config requires adminPassword)");
    return admin;
}
