// Pure: the data-safety guard of the topics stack. It compares the catalog with what the previous
// deployment of the same stack exported (its `topicPartitions` and `protectedTopics` outputs) and
// stops, before anything is declared, a change that would delete a topic's data:
//   - fewer partitions than before: Kafka cannot remove partitions, so the provider deletes and
//     re-creates the topic (@pulumi/kafka Topic: "decreasing partitions requires topic recreation");
//   - a protected topic gone from the catalog.
// A topic's name is its identity (renaming is a delete plus a create), which the second rule covers.
// Replication factor and config changes are applied in place by the provider, so they pass.

import type { Catalog } from "./catalog";
import { ConfigError, configErrorReport, type ConfigProblem } from "../shared/config-error";

export interface PreviousDeployment {
    /** Topic name -> partitions, as exported by the previous `pulumi up` of this stack. */
    topicPartitions?: Record<string, number>;
    /** Topics that had the `protect` option in the previous deployment. */
    protectedTopics?: string[];
}

export interface SafetyContext {
    stack: string;
    /** The command that lifts the protection of a topic already removed from the program. */
    unprotectCommand: (topic: string) => string;
}

export function checkTopicChanges(previous: PreviousDeployment, catalog: Catalog, ctx: SafetyContext): void {
    const problems: ConfigProblem[] = [];
    const before = previous.topicPartitions ?? {};
    catalog.topics.forEach(t => {
        const old = before[t.name];
        if (typeof old === "number" && t.partitions < old && !t.allowReplace) {
            const at = catalog.topicAt[t.name];
            problems.push({
                key: `${at.file}${at.line ? `:${at.line}` : ""} ${at.path}.partitions (${t.name})`,
                value: String(t.partitions),
                problem: `would decrease topic ${t.name} from ${old} to ${t.partitions} partitions: Kafka cannot remove partitions, so the topic would be deleted and re-created and its data lost`,
                fix: `keep partitions at ${old} or more; or, to accept losing the data, add \`allowReplace: true\` to topic ${t.name} in the catalog`,
            });
        }
    });
    const declared = new Set(catalog.topics.map(t => t.name));
    for (const name of previous.protectedTopics ?? []) {
        if (declared.has(name) || catalog.deletedTopics.includes(name)) continue;
        const was = typeof before[name] === "number" ? ` (${before[name]} partitions)` : "";
        problems.push({
            key: `${catalog.file} topics`,
            value: name,
            problem: `no longer declares topic ${name}${was}, which is deployed and protected: removing it would delete its data`,
            fix: `put the topic back in the catalog (a rename is a new topic); or, to delete it on purpose, list it under deletedTopics and run: ${ctx.unprotectCommand(name)}`,
        });
    }
    if (problems.length > 0) {
        throw new ConfigError(configErrorReport(`stack ${ctx.stack} (data safety, catalog ${catalog.file})`, problems), problems);
    }
}
