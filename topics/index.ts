// Topics stack: the topics, SCRAM users, ACLs and Protobuf schemas of a YAML catalog, applied
// through an explicit Kafka provider and the schema registry's API. Order of work: stack config,
// the catalog (parsed once) and its .proto files, the user passwords, the connection (the cluster
// stack's outputs through a read-only stack reference, or explicit config) with the broker-count
// and broker-heap checks of the catalog, the security guard (users and ACLs need a SASL cluster)
// and the registry check (schemas need a registry), then this stack's previous outputs and the
// data-safety guard; only when all of them pass is any resource declared.

import * as path from "node:path";
import * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, configErrorReport } from "../components/shared/config-error";
import { CONNECTION_OUTPUTS, stackOutputs, type ClusterOutputs } from "../components/shared/cluster-outputs";
import { PASSWORD_RULE, passwordProblem } from "../components/shared/password-rule";
import type { ReservedNames } from "../components/shared/reserved-names";
import { isConfigSecret, organization, outputValue, plainTextLeaves, readNamespaceConfig, secretKeyChecks } from "../components/shared/stack-config";
import { expandAcls } from "../components/topics/acl-expansion";
import { checkBrokerCount, checkBrokerHeap } from "../components/topics/catalog";
import { liveValueProblems } from "../components/topics/catalog-adoption";
import { readCatalog } from "../components/topics/catalog-files";
import { checkSecurityForCatalog, connectionFromClusterOutputs, providerArgs, readCaCertFile, type KafkaConnection } from "../components/topics/kafka-connection";
import { checkSchemaRegistry, schemaSubjects } from "../components/topics/schema-files";
import { checkReservedNames, reservedNamesOf } from "../components/topics/reserved-names-check";
import { checkTopicChanges } from "../components/topics/topic-safety";
import type { PreviousDeployment, RetentionSettings, TopicsOutputs } from "../components/topics/topics-outputs";
import { normalizeRegistryUrl } from "../components/topics/schema-subject";
import { registryAuthorization, TopicSchemas } from "../components/topics/topic-schemas";
import { TOPICS_CATALOG_TYPE, TopicsCatalog, topicResourceName } from "../components/topics/topics-catalog";
import { checkUserPasswords, parseTopicsConfig, TOPICS_SECRET_KEYS } from "../components/topics/topics-config";

/** Name of the TopicsCatalog component: part of every child's URN, so it never changes. */
const COMPONENT = "catalog";

async function main() {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    const config = new pulumi.Config();
    const allConfig = pulumi.runtime.allConfig();

    // 1. Stack config: every key of this namespace, so a typo is reported instead of ignored.
    const raw = readNamespaceConfig(project, TOPICS_SECRET_KEYS);
    const adminPassword = config.getSecret("adminPassword");
    const clientKey = config.getSecret("clientKey");
    const registryPassword = config.getSecret("schemaRegistryPassword");
    const registryToken = config.getSecret("schemaRegistryToken");
    const secretChecks = secretKeyChecks(project, ["adminPassword", "schemaRegistryPassword"]);
    const settings = parseTopicsConfig(raw, {
        namespace: project, project, stack, organization: organization(), hasAdminPassword: adminPassword !== undefined,
        hasClientKey: clientKey !== undefined, hasSchemaRegistryPassword: registryPassword !== undefined, hasSchemaRegistryToken: registryToken !== undefined,
        // (userPasswords is checked with the catalog's users, below; a key or token is no password.)
        ...secretChecks,
        plainTextSecrets: [...secretChecks.plainTextSecrets, ...secretKeyChecks(project, ["clientKey", "schemaRegistryToken"]).plainTextSecrets],
    });
    // An external cluster's CA in a file of the topics folder, read like the catalog (never out of it).
    if (settings.explicit && settings.caCertFile) settings.explicit.caCert = readCaCertFile(__dirname, settings.caCertFile, { project, stack });

    // 2. The catalog, validated for this environment; parsed once (the broker count, known only
    //    from the connection below for a cluster stack, is checked against it there).
    const catalog = readCatalog({ topicsDir: __dirname, catalog: settings.catalog, slice: settings.catalogSlice }, settings.environment, settings.explicit?.brokerCount, { project, stack });
    // Its Protobuf files (topics/schemas/), read and parsed once: missing or broken files stop here.
    const subjects = schemaSubjects(catalog, __dirname);

    // 3. User passwords: a secret object in the stack config, never in the catalog.
    const passwordsKey = `${project}:userPasswords`;
    const passwords = readPasswordObject(allConfig[passwordsKey]);
    checkUserPasswords(catalog.users.map(u => u.name), {
        users: passwords && Object.keys(passwords),
        isSecret: isConfigSecret(passwordsKey),
        plainTextLeaves: plainTextLeaves(path.join(__dirname, `Pulumi.${stack}.yaml`), project, "userPasswords"),
        problems: Object.fromEntries(Object.entries(passwords ?? {})
            .map(([user, value]) => [user, passwordProblem(value)] as const)
            .filter((e): e is readonly [string, string] => e[1] !== undefined)
            .map(([user, problem]) => [user, `${problem}; a password must be ${PASSWORD_RULE}`])),
    }, { namespace: project, stack });
    const unused = Object.keys(passwords ?? {}).filter(u => !catalog.users.some(x => x.name === u));
    if (unused.length > 0) pulumi.log.warn(`userPasswords has passwords for users not in the catalog: ${unused.join(", ")} (pulumi config rm --path 'userPasswords.<user>')`);

    // 4. The connection: the cluster stack's outputs (a read-only stack reference), or explicit
    //    config for an external cluster; its broker count bounds the catalog's replication factors,
    //    and a cluster stack's broker heap the catalog's size.
    const { connection, saslPassword, brokerHeapMb, schemaRegistryUrl: clusterRegistryUrl, registryApi, reserved } = settings.explicit
        ? { connection: settings.explicit, saslPassword: adminPassword, brokerHeapMb: undefined, schemaRegistryUrl: undefined, registryApi: undefined, reserved: undefined }
        : await clusterConnection(settings.clusterStack!);
    checkBrokerCount(catalog, connection.brokerCount);
    if (brokerHeapMb !== undefined && connection.brokerCount !== undefined) {
        const warning = checkBrokerHeap(catalog, connection.brokerCount, brokerHeapMb, settings.clusterStack!);
        if (warning) pulumi.log.warn(warning);
    }

    // The cluster's own principals and namespaces (its admin, the registry's user and journal) are not the catalog's.
    checkReservedNames(catalog, reservedNamesOf(connection, reserved), connection.source);
    // Users and ACLs need a SASL listener and an authorizer: refuse them on a PLAINTEXT (or SSL
    // without SASL) cluster now, rather than have Kafka reject them halfway through `pulumi up`.
    checkSecurityForCatalog(connection, catalog, { namespace: project, stack, clusterStack: settings.clusterStack });
    // Schemas need a registry: the cluster stack's, or one named in this stack's config.
    const schemaRegistryUrl = settings.schemaRegistryUrl ?? (clusterRegistryUrl && normalizeRegistryUrl(clusterRegistryUrl));
    checkSchemaRegistry(catalog, subjects, schemaRegistryUrl, { stack, clusterStack: settings.clusterStack });

    // 5. Data safety: compare with what the previous deployment of this stack exported.
    const previous: PreviousDeployment = {};
    if (settings.previousOutputsStack !== "none") {
        const self = new pulumi.StackReference("previous-deployment", { name: settings.previousOutputsStack });
        const partitions = await outputValue(self, "topicPartitions");
        const protectedTopics = await outputValue(self, "protectedTopics");
        const retention = await outputValue(self, "topicRetention");
        if (isNumberRecord(partitions)) previous.topicPartitions = partitions;
        if (Array.isArray(protectedTopics)) previous.protectedTopics = protectedTopics.filter((x): x is string => typeof x === "string");
        if (isRetentionRecord(retention)) previous.topicRetention = retention;
    }
    checkTopicChanges(previous, catalog, {
        stack,
        unprotectCommand: topic => `pulumi state unprotect 'urn:pulumi:${stack}::${project}::${TOPICS_CATALOG_TYPE}$kafka:index/topic:Topic::${topicResourceName(COMPONENT, topic)}'`,
    });

    // 6. Resources.
    const provider = new kafka.Provider("kafka", providerArgs(connection, saslPassword, { kafkaVersion: settings.kafkaVersion, clientKey }));
    // After a run that was killed (not interrupted), topics it created are in Kafka but not in the
    // state, and creating them again fails with "Topic with this name already exists". On request
    // (adoptExistingTopics), or when adopting a whole cluster (adoptExisting), every catalog topic
    // that exists in Kafka is declared with Pulumi's `import` option: the engine adopts those missing
    // from the state and ignores the option for those it already manages. One listing of the
    // cluster's topics answers for all of them.
    const acls = expandAcls(catalog);
    let adoptTopics: Set<string> | undefined;
    if (settings.adoptExistingTopics || settings.adoptExisting) {
        const started = Date.now();
        const listed = (await kafka.getTopics({ provider })).lists;
        const existing = new Set(listed.map(t => t.topicName));
        if (settings.adoptExisting) {
            // A value that changed in Kafka since `npm run adopt` stops here, before anything is imported.
            const problems = liveValueProblems(catalog, listed.map(t => ({ name: t.topicName, partitions: t.partitions, replicationFactor: t.replicationFactor, config: t.config })));
            if (problems.length > 0) throw new ConfigError(configErrorReport(`adoptExisting: catalog ${catalog.file} against Kafka`, problems), problems);
        }
        adoptTopics = new Set(catalog.topics.map(t => t.name).filter(n => existing.has(n)));
        const setting = settings.adoptExisting ? "adoptExisting" : "adoptExistingTopics";
        pulumi.log.info(`${setting}: listed Kafka's ${existing.size} topics in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
            `${adoptTopics.size} of the catalog's ${catalog.topics.length} topics exist in Kafka; those this stack does not manage yet are imported` +
            `${settings.adoptExisting ? `, and so are the catalog's ${acls.length} ACLs` : ""}. Remove the setting after this up: pulumi config rm ${setting}`);
    }
    const topics = new TopicsCatalog(COMPONENT, {
        catalog,
        acls,
        provider,
        userPasswords: Object.fromEntries(catalog.users.map(u => [u.name, pulumi.secret(passwords![u.name])])),
        protectTopics: settings.protectTopics,
        adoptTopics,
        adoptAcls: settings.adoptExisting,
    });
    const valueSchemaEnvironments = Object.fromEntries(catalog.topics.filter(t => t.valueSchemaEnvironments.length > 0).map(t => [t.name, t.valueSchemaEnvironments]));
    const schemas = subjects.length > 0 || Object.keys(valueSchemaEnvironments).length > 0
        ? new TopicSchemas("schemas", {
            subjects, registryUrl: schemaRegistryUrl, environment: settings.environment, valueSchemaEnvironments, protect: settings.protectTopics,
            // An https registry is checked against the cluster's CA; its credentials are the cluster stack's or this stack's.
            ...(connection.caCert ? { registryCa: connection.caCert } : {}),
            registryAuth: settings.schemaRegistryUrl
                ? registryAuthorization(settings.schemaRegistryAuth, registryPassword, registryToken)
                : registryApi && registryAuthorization({ kind: "basic", user: registryApi.user }, registryApi.password, undefined),
        })
        : undefined;

    return stackOutputs<TopicsOutputs>({
        environment: settings.environment,
        bootstrapServers: connection.bootstrapServers.join(","),
        topicNames: topics.topicNames,
        users: topics.userNames,
        aclCount: topics.aclCount,
        quotaEntities: topics.quotaEntities,
        topicPartitions: topics.topicPartitions,
        protectedTopics: topics.protectedTopics,
        topicRetention: topics.topicRetention,
        schemaVersions: schemas?.versions,
    });
}

// The Node.js runtime loads a CommonJS program with `require` and calls the export only when the
// export itself is a function: `export default` would leave it uncalled.
export = main;

/** The connection from the cluster stack's outputs; the admin password stays a secret output. */
async function clusterConnection(clusterStack: string): Promise<{
    connection: KafkaConnection; saslPassword?: pulumi.Output<string>; brokerHeapMb?: number; schemaRegistryUrl?: string; reserved?: Partial<ReservedNames>;
    registryApi?: { user: string; password: pulumi.Output<string> };
}> {
    const cluster = new pulumi.StackReference("cluster", { name: clusterStack });
    const outputs: Partial<Record<keyof ClusterOutputs, unknown>> = {};
    for (const name of CONNECTION_OUTPUTS) outputs[name] = await outputValue(cluster, name);
    const hasPassword = (await outputValue(cluster, "adminPassword")) !== undefined;
    const connection = connectionFromClusterOutputs(outputs, clusterStack, hasPassword);
    const saslPassword = connection.saslUsername ? pulumi.secret(cluster.requireOutput("adminPassword") as pulumi.Output<string>) : undefined;
    // Absent in the outputs of a cluster deployed before it was exported: then nothing is checked.
    const heap = await outputValue(cluster, "brokerHeapMb");
    const registry = await outputValue(cluster, "schemaRegistryUrl");
    const strings = (v: unknown) => Array.isArray(v) && v.every(x => typeof x === "string") ? v as string[] : undefined;
    const reserved = {
        principals: strings(await outputValue(cluster, "reservedPrincipals")),
        resourcePrefixes: strings(await outputValue(cluster, "reservedResourcePrefixes")),
    };
    // Under TLS the cluster's registry asks for its API's user and password.
    const apiUser = await outputValue(cluster, "schemaRegistryApiUser");
    const registryApi = typeof apiUser === "string" ? { user: apiUser, password: pulumi.secret(cluster.requireOutput("schemaRegistryApiPassword") as pulumi.Output<string>) } : undefined;
    return { connection, saslPassword, brokerHeapMb: typeof heap === "number" ? heap : undefined, schemaRegistryUrl: typeof registry === "string" ? registry : undefined, registryApi, reserved };
}

function isRetentionRecord(v: unknown): v is Record<string, RetentionSettings> {
    return typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every(x =>
        typeof x === "object" && x !== null && typeof x.retentionMs === "number" && typeof x.retentionBytes === "number" && typeof x.cleanupPolicy === "string");
}

function isNumberRecord(v: unknown): v is Record<string, number> {
    return typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every(x => typeof x === "number");
}

/** The `userPasswords` config object (a JSON string in the program's config); only string values count. */
function readPasswordObject(value: string | undefined): Record<string, string> | undefined {
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(value);
    } catch {
        return {};
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === "string" && v !== "")) as Record<string, string>;
}
