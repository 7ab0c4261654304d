// The topics stack's outputs, typed once: what topics/index.ts exports, and what its next
// deployment reads back through a reference to its own stack (the data-safety guard,
// topic-safety.ts).

import type { Environment } from "../shared/environments";

/** The settings of a topic that decide how long its data is kept (unset ones at Kafka's defaults). */
export interface RetentionSettings {
    /** retention.ms; -1 keeps everything. */
    retentionMs: number;
    /** retention.bytes per partition; -1 keeps everything. */
    retentionBytes: number;
    /** cleanup.policy, normalized (`compact,delete`). */
    cleanupPolicy: string;
}

export interface TopicsOutputs {
    environment: Environment;
    bootstrapServers: string;
    topicNames: string[];
    users: string[];
    aclCount: number;
    /** `user:<name>` and `client-id:<id>` of every client quota. */
    quotaEntities: string[];
    /** Topic name -> partitions. */
    topicPartitions: Record<string, number>;
    /** Topics declared with `protect`. */
    protectedTopics: string[];
    /** Topic name -> how long its data is kept. */
    topicRetention: Record<string, RetentionSettings>;
    /** Subject -> the version that holds the catalog's schema (only with schemas). */
    schemaVersions?: Record<string, number>;
}

/** The outputs of the previous deployment the data-safety guard compares with (absent ones are not checked). */
export type PreviousDeployment = Partial<Pick<TopicsOutputs, "topicPartitions" | "protectedTopics" | "topicRetention">>;
