// Pure: the @pulumi/kafka Provider's arguments for a connection, which both stacks build: the
// topics stack for the catalog, the cluster stack for the schema registry's own user and ACLs.

export const SECURITY_PROTOCOLS = ["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL"] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];
export const SASL_MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** The provider's spelling of each SASL mechanism ("SASL mechanism, can be plain, scram-sha512, ..."). */
const PROVIDER_SASL_MECHANISM: Record<SaslMechanism, string> = {
    "PLAIN": "plain",
    "SCRAM-SHA-256": "scram-sha256",
    "SCRAM-SHA-512": "scram-sha512",
};

/** What the provider needs to know of a connection. */
export interface ProviderConnection {
    bootstrapServers: string[];
    securityProtocol: SecurityProtocol;
    saslMechanism?: SaslMechanism;
    saslUsername?: string;
    /** TLS only: the CA the brokers' certificates are checked against (PEM); unset: the system's roots. */
    caCert?: string;
    /** TLS only: a client certificate (PEM) for clusters that require one (its key is passed apart, as a secret). */
    clientCert?: string;
    /** TLS only: do not check the brokers' certificates (an explicit opt-in, refused by policy in production-class stacks). */
    skipTlsVerify?: boolean;
    /** Where the settings came from, for messages. */
    source: string;
}

export const isSasl = (p: SecurityProtocol) => p === "SASL_PLAINTEXT" || p === "SASL_SSL";
export const isTls = (p: SecurityProtocol) => p === "SSL" || p === "SASL_SSL";

/**
 * The @pulumi/kafka Provider arguments of a connection. `tlsEnabled` is always explicit: the
 * provider defaults it to true, and then fails against a PLAINTEXT or SASL_PLAINTEXT listener with
 * "kafka: client has run out of available brokers to talk to".
 */
export function providerArgs<P>(conn: ProviderConnection, password?: P, opts: { kafkaVersion?: string; timeoutSeconds?: number; clientKey?: P } = {}) {
    const args: {
        bootstrapServers: string[];
        tlsEnabled: boolean;
        caCert?: string;
        clientCert?: string;
        clientKey?: P;
        skipTlsVerify?: boolean;
        saslMechanism?: string;
        saslUsername?: string;
        saslPassword?: P;
        kafkaVersion?: string;
        timeout?: number;
    } = {
        bootstrapServers: [...conn.bootstrapServers],
        tlsEnabled: isTls(conn.securityProtocol),
    };
    if (isTls(conn.securityProtocol)) {
        if (conn.caCert) args.caCert = conn.caCert;
        if (conn.clientCert) {
            if (opts.clientKey === undefined) throw new Error(`${conn.source}: a client certificate needs its key`);
            args.clientCert = conn.clientCert;
            args.clientKey = opts.clientKey;
        }
        if (conn.skipTlsVerify) args.skipTlsVerify = true;
    }
    if (isSasl(conn.securityProtocol)) {
        if (!conn.saslMechanism || !conn.saslUsername || password === undefined) {
            throw new Error(`${conn.source}: ${conn.securityProtocol} needs a SASL mechanism, user and password`);
        }
        args.saslMechanism = PROVIDER_SASL_MECHANISM[conn.saslMechanism];
        args.saslUsername = conn.saslUsername;
        args.saslPassword = password;
    }
    if (opts.kafkaVersion) args.kafkaVersion = opts.kafkaVersion;
    if (opts.timeoutSeconds) args.timeout = opts.timeoutSeconds;
    return args;
}
