// The catalog's shape, defined once: every key, type, pattern, bound and enumeration of
// topics/catalog.yaml. From it come the document's TypeScript type, the key lists and value rules
// the parser (catalog.ts) checks with its located messages, and topics/catalog.schema.json, which
// editors use (`npm run generate` writes it; a test fails when it is stale). Adding a field means
// adding it here, using it in the parser, and testing it.

import { z } from "zod";
import { ENVIRONMENTS } from "../shared/environments";
import { USER_NAME } from "../shared/kafka-names";

export { ENVIRONMENTS, type Environment } from "../shared/environments";

/** Kafka's own bounds: partitions are an int32 and replication factors an int16 in its protocol. */
export const MAX_PARTITIONS = 2_147_483_647;
export const MAX_REPLICATION_FACTOR = 32_767;
export const TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;
export const TOPIC_NAME_MAX = 249;
export const PRINCIPAL = /^[A-Za-z]+:\S+$/;

export const ACL_RESOURCE_TYPES = ["topic", "group", "cluster", "transactionalId"] as const;
export type AclResourceType = (typeof ACL_RESOURCE_TYPES)[number];
export const ACL_PATTERN_TYPES = ["literal", "prefixed"] as const;
export type AclPatternType = (typeof ACL_PATTERN_TYPES)[number];
export const ACL_PERMISSIONS = ["allow", "deny"] as const;
export type AclPermission = (typeof ACL_PERMISSIONS)[number];

/**
 * Kafka's operations per resource type (Kafka docs, "Operations and Resources on Protocols"; the
 * broker's AclEntry.supportedOperations). `All` is valid everywhere. DescribeTokens/CreateTokens
 * belong to the User resource and Describe to DelegationToken, neither of which the catalog manages.
 */
export const ACL_OPERATIONS: Record<AclResourceType, readonly string[]> = {
    topic: ["Read", "Write", "Create", "Delete", "Alter", "Describe", "DescribeConfigs", "AlterConfigs", "All"],
    group: ["Read", "Describe", "Delete", "All"],
    cluster: ["Create", "ClusterAction", "DescribeConfigs", "AlterConfigs", "IdempotentWrite", "Alter", "Describe", "All"],
    transactionalId: ["Describe", "Write", "All"],
};

/** A topic config's value rule: its schema, and the message and fix when a value breaks it. */
export interface ConfigValueRule {
    schema: z.ZodType<string>;
    problem?: string;
    fix?: (key: string) => string;
}

const wholeNumber: ConfigValueRule = { schema: z.string().regex(/^-?[0-9]+$/), problem: "must be a whole number (as a string)", fix: k => `"${k}": "604800000"` };
/**
 * A whole number of at least `min`, or one of Kafka's special values (-1: unlimited; -2: the same
 * as the matching non-local setting). Below the bound, a value deletes or refuses data as soon as
 * it applies: `retention.bytes: "1"` empties every partition, `segment.ms: "1"` rolls a segment
 * per message, `max.message.bytes: "10"` refuses every write.
 */
const atLeast = (min: number, special: readonly number[], what: string, example: string): ConfigValueRule => ({
    schema: z.string().regex(/^-?[0-9]+$/).refine(v => Number(v) >= min || special.includes(Number(v))),
    problem: `must be a whole number of at least ${min} (${what})${special.length ? `, or ${special.join(" or ")}` : ""}, as a string`,
    fix: k => `"${k}": "${example}"`,
});
const MIB = 1024 * 1024;
const trueOrFalse: ConfigValueRule = { schema: z.enum(["true", "false"]), problem: "must be \"true\" or \"false\"", fix: k => `"${k}": "false"` };
const anyString: ConfigValueRule = { schema: z.string() };
const oneOf = (values: readonly [string, ...string[]], example: string): ConfigValueRule =>
    ({ schema: z.enum(values), problem: `must be one of ${values.join(", ")}`, fix: k => `"${k}": "${example}"` });

/** Topic-level configs of Kafka 3.x/4.x (https://kafka.apache.org/documentation/#topicconfigs), with their value rules. */
export const TOPIC_CONFIG_RULES: Record<string, ConfigValueRule> = {
    "cleanup.policy": oneOf(["delete", "compact", "compact,delete", "delete,compact"], "delete"),
    "compression.type": oneOf(["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"], "producer"),
    "compression.gzip.level": wholeNumber,
    "compression.lz4.level": wholeNumber,
    "compression.zstd.level": wholeNumber,
    "delete.retention.ms": wholeNumber,
    "file.delete.delay.ms": wholeNumber,
    "flush.messages": wholeNumber,
    "flush.ms": wholeNumber,
    "follower.replication.throttled.replicas": anyString,
    "index.interval.bytes": wholeNumber,
    "leader.replication.throttled.replicas": anyString,
    "local.retention.bytes": atLeast(MIB, [-1, -2], "1 MiB per partition; -2 follows retention.bytes, -1 keeps all", "-2"),
    "local.retention.ms": atLeast(60_000, [-1, -2], "one minute; -2 follows retention.ms, -1 keeps all", "-2"),
    "max.compaction.lag.ms": wholeNumber,
    "max.message.bytes": atLeast(1024, [], "1 KiB; smaller refuses the writes of most producers", "1048588"),
    "message.downconversion.enable": trueOrFalse,
    "message.format.version": anyString,
    "message.timestamp.after.max.ms": wholeNumber,
    "message.timestamp.before.max.ms": wholeNumber,
    "message.timestamp.difference.max.ms": wholeNumber,
    "message.timestamp.type": oneOf(["CreateTime", "LogAppendTime"], "CreateTime"),
    "min.cleanable.dirty.ratio": {
        schema: z.string().regex(/^\d*\.?\d+$/).refine(v => Number(v) <= 1),
        problem: "must be a number from 0 to 1", fix: k => `"${k}": "0.5"`,
    },
    "min.compaction.lag.ms": atLeast(0, [], "milliseconds", "0"),
    "min.insync.replicas": { schema: z.string().regex(/^[1-9][0-9]*$/), problem: "must be a whole number of at least 1", fix: () => `"min.insync.replicas": "2"` },
    "preallocate": trueOrFalse,
    "remote.log.copy.disable": trueOrFalse,
    "remote.log.delete.on.disable": trueOrFalse,
    "remote.storage.enable": trueOrFalse,
    "retention.bytes": atLeast(MIB, [-1], "1 MiB per partition; -1 keeps all", "-1"),
    "retention.ms": wholeNumber,
    "segment.bytes": atLeast(MIB, [], "1 MiB, Kafka 4's own minimum", "1073741824"),
    "segment.index.bytes": wholeNumber,
    "segment.jitter.ms": wholeNumber,
    "segment.ms": atLeast(60_000, [], "one minute", "604800000"),
    "unclean.leader.election.enable": trueOrFalse,
};
export const TOPIC_CONFIG_KEYS = Object.keys(TOPIC_CONFIG_RULES);

/** The registry's compatibility levels (Confluent's names, which Apicurio's ccompat API takes too). */
export const COMPATIBILITY_LEVELS = ["BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE"] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];
export const DEFAULT_COMPATIBILITY: CompatibilityLevel = "BACKWARD";
/** Where .proto files live (relative to the topics folder): `file:` and every `import` are relative to it, as protoc's -I. */
export const SCHEMAS_DIR = "schemas";
/** The subjects of a topic's schemas (the topic-name strategy: `<topic>-key`, `<topic>-value`). */
export const SCHEMA_ROLES = ["key", "value"] as const;
export type SchemaRole = (typeof SCHEMA_ROLES)[number];

const partitions = z.int().min(1).max(MAX_PARTITIONS);
const replicationFactor = z.int().min(1).max(MAX_REPLICATION_FACTOR);
const topicName = z.string().regex(TOPIC_NAME).max(TOPIC_NAME_MAX).refine(n => n !== "." && n !== "..").meta({ not: { enum: [".", ".."] } });
const principal = z.string().regex(PRINCIPAL);
const description = z.string().optional();
const names = (what: string) => z.array(z.string().min(1)).optional().describe(what);

const TopicConfig = z.strictObject(Object.fromEntries(TOPIC_CONFIG_KEYS.map(k => [k, TOPIC_CONFIG_RULES[k].schema.optional()])))
    .meta({ id: "topicConfig", description: "Kafka topic configs; every value a quoted string." });

const schemaFile = z.string().regex(/\.proto$/).describe(`A Protobuf file, relative to topics/${SCHEMAS_DIR}/ (its imports are resolved from there too).`);
const compatibility = z.enum(COMPATIBILITY_LEVELS).describe("The registry's compatibility rule for the subject: what a new version must stay compatible with.");
const SchemaRef = z.strictObject({
    file: schemaFile,
    compatibility: compatibility.optional().meta({ default: DEFAULT_COMPATIBILITY }),
}).meta({ id: "schema", description: "A Protobuf schema, registered as subject <topic>-key or <topic>-value." });
const SchemaOverride = z.strictObject({
    file: schemaFile.optional(),
    compatibility: compatibility.optional(),
}).meta({ id: "schemaOverride" });

const Override = z.strictObject({
    partitions: partitions.optional(),
    replicationFactor: replicationFactor.optional(),
    config: TopicConfig.optional(),
    keySchema: SchemaOverride.optional(),
    valueSchema: SchemaOverride.optional(),
}).meta({ id: "override" });

export const TopicSchema = z.strictObject({
    name: topicName.describe("<domain>.<entity>.<event>, e.g. orders.order.created"),
    description,
    partitions,
    replicationFactor: replicationFactor.describe("At most the cluster broker count."),
    config: TopicConfig.optional(),
    keySchema: SchemaRef.optional(),
    valueSchema: SchemaRef.optional(),
    allowReplace: z.boolean().optional().describe("Accept a change that deletes and re-creates this topic (its data is lost); lifts its protection."),
    allowDataLoss: z.boolean().optional().describe("Accept a config change that deletes data already written: a lower retention.ms or retention.bytes than the deployed one, or cleanup.policy from compact to one with delete."),
    environments: z.strictObject(Object.fromEntries(ENVIRONMENTS.map(e => [e, Override.optional()]))).optional(),
}).meta({ id: "topic" });
export const OverrideSchema = Override;

export const UserSchema = z.strictObject({
    name: z.string().regex(USER_NAME),
    description,
}).meta({ id: "user" });

export const ServiceSchema = z.strictObject({
    name: z.string().regex(USER_NAME),
    description,
    principal: principal.optional().describe("Defaults to User:<name>."),
    produces: names("Topics it writes (Write, Describe). A trailing * means every topic with that prefix."),
    consumes: names("Topics it reads (Read, Describe; Read on its groups). A trailing * means a prefix."),
    groups: names("Consumer groups; defaults to [name]. A trailing * means a prefix."),
    transactionalIds: names("Transactional ids (Write, Describe). A trailing * means a prefix."),
    idempotentWriteOnCluster: z.boolean().optional().describe("Cluster IdempotentWrite, only for clients older than Kafka 3.0."),
}).meta({ id: "service" });

/**
 * Client quotas (Kafka's `kafka-configs.sh --entity-type users|clients`): each catalog key and the
 * quota key Kafka stores. Byte rates are bytes per second per broker; requestPercentage is the share
 * of one I/O and network thread's time (100 = one whole thread); controllerMutationRate is topic
 * partitions created or deleted per second.
 */
export const QUOTA_KEYS = {
    producerByteRate: "producer_byte_rate",
    consumerByteRate: "consumer_byte_rate",
    requestPercentage: "request_percentage",
    controllerMutationRate: "controller_mutation_rate",
} as const;
export type QuotaKey = keyof typeof QUOTA_KEYS;
/** The rates Kafka reads as whole bytes per second. */
export const QUOTA_WHOLE_KEYS: readonly QuotaKey[] = ["producerByteRate", "consumerByteRate"];
/** The catalog's quota subjects and Kafka's entity type for each. */
export const QUOTA_ENTITIES = { user: "user", clientId: "client-id" } as const;
export type QuotaEntityType = (typeof QUOTA_ENTITIES)[keyof typeof QUOTA_ENTITIES];
/** A client id or group name as Kafka accepts it in quotas and ACLs: no spaces, no wildcard. */
export const GROUP_OR_CLIENT_ID = /^[^\s*]{1,255}$/;

const quotaRates = Object.fromEntries((Object.keys(QUOTA_KEYS) as QuotaKey[]).map(k => [k,
    (QUOTA_WHOLE_KEYS.includes(k) ? z.int().min(1) : z.number().positive()).optional().describe(`Kafka's ${QUOTA_KEYS[k]}.`)]));
const QuotaOverride = z.strictObject(quotaRates).meta({ id: "quotaOverride" });
export const QuotaSchema = z.strictObject({
    user: z.string().regex(USER_NAME).optional().describe("A user of this catalog, or one listed as User:<name> under externalPrincipals."),
    clientId: z.string().regex(GROUP_OR_CLIENT_ID).optional().describe("A client id (client.id of the producers and consumers it limits)."),
    description,
    ...quotaRates,
    environments: z.strictObject(Object.fromEntries(ENVIRONMENTS.map(e => [e, QuotaOverride.optional()]))).optional(),
}).meta({ id: "quota", description: "Client quotas of one user or one client id: set exactly one of user and clientId, and at least one rate." });

const allOperations = [...new Set(Object.values(ACL_OPERATIONS).flat())] as [string, ...string[]];
export const AclSchema = z.strictObject({
    principal,
    resourceType: z.enum(ACL_RESOURCE_TYPES),
    resourceName: z.string().min(1).optional().describe("kafka-cluster for resourceType cluster (the default)."),
    patternType: z.enum(ACL_PATTERN_TYPES).optional().meta({ default: "literal" }),
    operation: z.enum(allOperations),
    permission: z.enum(ACL_PERMISSIONS),
    host: z.string().optional().meta({ default: "*" }),
    description,
}).meta({ id: "acl" });

export const CatalogSchema = z.strictObject({
    topics: z.array(TopicSchema).optional(),
    users: z.array(UserSchema).optional(),
    services: z.array(ServiceSchema).optional(),
    acls: z.array(AclSchema).optional(),
    quotas: z.array(QuotaSchema).optional(),
    externalPrincipals: z.array(principal).optional().describe("Principals managed outside this catalog, usable in services and ACLs."),
    deletedTopics: z.array(topicName).optional().describe("Protected topics removed on purpose: the data-safety guard lets them go."),
    allowEmpty: z.boolean().optional().describe("Set to true to deploy a catalog that declares nothing (which deletes every topic, user and ACL the stack manages). Without it, an empty catalog is refused."),
    allowWildcardPrincipals: z.boolean().optional().describe("Set to true to allow wildcard principals (User:*, Group:*), which grant to every client. Without it, they are refused."),
});

/** The catalog document as written (before environments are resolved). */
export type CatalogDocument = z.input<typeof CatalogSchema>;

/** The keys each part of the catalog allows, from the schema. */
export const CATALOG_KEYS = {
    top: Object.keys(CatalogSchema.shape),
    topic: Object.keys(TopicSchema.shape),
    override: Object.keys(OverrideSchema.shape),
    schema: Object.keys(SchemaRef.shape),
    user: Object.keys(UserSchema.shape),
    service: Object.keys(ServiceSchema.shape),
    acl: Object.keys(AclSchema.shape),
    quota: Object.keys(QuotaSchema.shape),
    quotaOverride: Object.keys(QuotaOverride.shape),
};

/**
 * topics/catalog.schema.json: the JSON Schema editors validate the catalog with, generated from
 * the schema above, plus what JSON Schema can say that zod's output does not: the operations each
 * ACL resource type allows, and that only the cluster resource may leave out its name.
 */
export function catalogJsonSchema(): Record<string, unknown> {
    const generated = z.toJSONSchema(CatalogSchema, {
        target: "draft-2020-12",
        override: ctx => {
            if (ctx.zodSchema === AclSchema) {
                ctx.jsonSchema.allOf = [
                    ...ACL_RESOURCE_TYPES.map(type => ({
                        if: { properties: { resourceType: { const: type } }, required: ["resourceType"] },
                        then: { properties: { operation: { enum: [...ACL_OPERATIONS[type]] } } },
                    })),
                    { if: { properties: { resourceType: { not: { const: "cluster" } } }, required: ["resourceType"] }, then: { required: ["resourceName"] } },
                ];
            }
            if (ctx.zodSchema === QuotaSchema) {
                ctx.jsonSchema.oneOf = [{ required: ["user"] }, { required: ["clientId"] }];
            }
        },
    }) as Record<string, unknown>;
    const { $schema, ...rest } = generated;
    return {
        $schema,
        $id: "https://kafka-as-code.local/topics/catalog.schema.json",
        title: "Kafka topics catalog",
        description: "Topics, SCRAM users, services with roles, explicit ACLs and client quotas of the kafka-topics stack. Passwords never go here: pulumi config set --secret --path userPasswords.<user> ...",
        ...rest,
    };
}
