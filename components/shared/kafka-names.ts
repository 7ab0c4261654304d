// Names and mechanisms both stacks agree on: the cluster stack creates listeners and the admin for
// them, the topics stack creates users and connects with them.

/** A SCRAM user, service or admin name: what the catalog and the cluster stack accept. */
export const USER_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** The admin's SASL mechanism: PLAIN, because a super user must exist before the cluster does (components/cluster/security.ts). */
export const ADMIN_SASL_MECHANISM = "PLAIN";
/** Every other user's mechanism: SCRAM credentials live hashed in the cluster metadata and change at runtime. */
export const USER_SASL_MECHANISM = "SCRAM-SHA-512";

/** Where the official apache/kafka image keeps its data (its declared volume); the brokers' log.dirs. */
export const DATA_DIR = "/var/lib/kafka/data";

/** Labels the cluster stack puts on every Docker object, which the policy pack and cleanup read. */
export const LABELS = {
    /** The cluster an object belongs to (its `name` setting). */
    cluster: "io.kafka-as-code.cluster",
    /** `broker+controller`, `broker`, `controller`, `ui`, `data`, `network`. */
    role: "io.kafka-as-code.role",
    nodeId: "io.kafka-as-code.node-id",
    /** Under TLS: when the container's certificate expires (RFC 3339); the policy pack warns before it does. */
    certificateExpires: "io.kafka-as-code.certificate-expires",
} as const;
