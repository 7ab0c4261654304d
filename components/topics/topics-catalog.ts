// TopicsCatalog: the topics, SCRAM users, ACLs and client quotas of a validated catalog. This
// component only wires resources; every value comes from parseCatalog and the pure ACL expansion,
// and every resource goes through the explicit Kafka provider it is given.

import * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";
import { USER_SASL_MECHANISM } from "../shared/kafka-names";
import { aclImportId, aclResourceName, providerAclArgs } from "./acl-expansion";
import type { AclEntry, Catalog, QuotaSpec } from "./catalog";
import { retentionSettings } from "./topic-safety";
import type { RetentionSettings } from "./topics-outputs";

export interface TopicsCatalogArgs {
    /** Validated catalog, with the environment's overrides applied. */
    catalog: Catalog;
    /** The catalog's ACLs, expanded (see expandAcls). */
    acls: AclEntry[];
    /** The Kafka provider every child uses. */
    provider: pulumi.ProviderResource;
    /** Password of each catalog user; pass Pulumi secrets. */
    userPasswords: Record<string, pulumi.Input<string>>;
    /** Give topics the `protect` option (staging, prod), so no destroy or replacement deletes them. */
    protectTopics: boolean;
    /**
     * Topics that exist in Kafka but not in this stack's state (a run that was killed created them):
     * declared with Pulumi's `import` option, so the engine adopts them instead of failing to create
     * them. A topic already in the state ignores the option.
     */
    adoptTopics?: ReadonlySet<string>;
    /**
     * Import every ACL instead of creating it (adopting an existing cluster): one that Kafka does not
     * hold cannot be imported. ACLs already in the state ignore the option.
     */
    adoptAcls?: boolean;
}

/** Pulumi name of a quota's resource: one per user or client id. */
export const quotaResourceName = (component: string, q: Pick<QuotaSpec, "entityType" | "entityName">) => `${component}-quota-${q.entityType}-${q.entityName}`;

export const TOPICS_CATALOG_TYPE = "kafka-as-code:index:TopicsCatalog";

/** Pulumi name of a topic's resource inside the component. */
export const topicResourceName = (component: string, topic: string) => `${component}-topic-${topic}`;

/**
 * Constructs one resource with V8's stack trace limit at 0. While a resource is constructed, the
 * Pulumi SDK wraps each of its inputs and outputs in a "debuggable" promise that stores
 * `new Error().stack`, read only by the SDK's report of leaked promises; formatting those stacks
 * (through source maps under ts-node or tsx) was most of the cost of a large catalog (bench/).
 * The resource is declared exactly as before: the SDK sets its own limit for the source position
 * it sends to the engine, and the limit is restored before anything else runs.
 */
function declare<T>(construct: () => T): T {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return construct();
    } finally {
        Error.stackTraceLimit = limit;
    }
}

export class TopicsCatalog extends pulumi.ComponentResource {
    readonly topics: kafka.Topic[];
    readonly users: kafka.UserScramCredential[];
    readonly acls: kafka.Acl[];
    readonly quotas: kafka.Quota[];

    readonly topicNames: string[];
    readonly userNames: string[];
    readonly aclCount: number;
    /** `user:<name>` and `client-id:<id>` of every quota. */
    readonly quotaEntities: string[];
    readonly topicPartitions: Record<string, number>;
    /** How long each topic keeps its data (read back by the next deployment's safety guard). */
    readonly topicRetention: Record<string, RetentionSettings>;
    /** Topics declared with `protect` in this deployment (read back by the next one's safety guard). */
    readonly protectedTopics: string[];

    constructor(name: string, args: TopicsCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TOPICS_CATALOG_TYPE, name, {}, opts);
        const { catalog, provider } = args;
        const child = { parent: this, provider };

        this.protectedTopics = [];
        this.topics = catalog.topics.map(t => {
            // allowReplace lifts the protection of that topic only: the catalog accepts losing its data.
            const protect = args.protectTopics && !t.allowReplace;
            if (protect) this.protectedTopics.push(t.name);
            return declare(() => new kafka.Topic(topicResourceName(name, t.name), {
                name: t.name,
                partitions: t.partitions,
                replicationFactor: t.replicationFactor,
                config: t.config,
            }, {
                ...child,
                protect,
                // A replacement must delete first: Kafka refuses a second topic with the same name.
                deleteBeforeReplace: true,
                // The Kafka provider's id of a topic is its name.
                ...(args.adoptTopics?.has(t.name) ? { import: t.name } : {}),
            }));
        });

        const topicsByName = new Map(catalog.topics.map((t, i) => [t.name, this.topics[i]]));
        this.users = catalog.users.map(u => {
            const password = args.userPasswords[u.name];
            if (password === undefined) throw new Error(`${name}: no password for user ${u.name}`);
            return declare(() => new kafka.UserScramCredential(`${name}-user-${u.name}`, {
                username: u.name,
                scramMechanism: USER_SASL_MECHANISM,
                password: pulumi.secret(password),
            }, child));
        });

        this.acls = args.acls.map(e => {
            // An ACL on a declared topic is created after it, and removed before it.
            const topic = e.resourceType === "topic" && e.patternType === "literal" ? topicsByName.get(e.resourceName) : undefined;
            return declare(() => new kafka.Acl(aclResourceName(name, e), providerAclArgs(e), {
                ...child,
                dependsOn: topic ? [topic] : [],
                ...(args.adoptAcls ? { import: aclImportId(e) } : {}),
            }));
        });

        this.quotas = catalog.quotas.map(q => declare(() => new kafka.Quota(quotaResourceName(name, q), {
            entityType: q.entityType,
            entityName: q.entityName,
            // The provider keeps each rate as a string.
            config: Object.fromEntries(Object.entries(q.rates).map(([k, v]) => [k, String(v)])),
        }, {
            ...child,
            // Every field replaces, and deleting a quota removes all of its rates: delete the old
            // one first, or the delete would clear the rates the new one just set.
            deleteBeforeReplace: true,
        })));

        this.topicNames = catalog.topics.map(t => t.name);
        this.userNames = catalog.users.map(u => u.name);
        this.aclCount = this.acls.length;
        this.quotaEntities = catalog.quotas.map(q => `${q.entityType}:${q.entityName}`);
        this.topicPartitions = Object.fromEntries(catalog.topics.map(t => [t.name, t.partitions]));
        this.topicRetention = Object.fromEntries(catalog.topics.map(t => [t.name, retentionSettings(t)]));

        this.registerOutputs({
            topicNames: this.topicNames,
            userNames: this.userNames,
            aclCount: this.aclCount,
            quotaEntities: this.quotaEntities,
            topicPartitions: this.topicPartitions,
            protectedTopics: this.protectedTopics,
            topicRetention: this.topicRetention,
        });
    }
}
