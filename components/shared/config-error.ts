// One error type for bad configuration or catalogs, shared by both stacks, so every message has
// the same shape: where (config key or file path), the value found, what is wrong, how to fix it.

import { RunError } from "@pulumi/pulumi";

export interface ConfigProblem {
    /** Config key (`kafka-cluster:brokers`) or catalog path (`topics[3].replicationFactor`). */
    key: string;
    value?: string;
    problem: string;
    fix?: string;
}

/**
 * A RunError: Pulumi's Node.js runtime prints its message alone, without a stack trace or the
 * error's fields, so a refused config reads as one clear error.
 */
export class ConfigError extends RunError {
    constructor(message: string, readonly problems: ConfigProblem[]) {
        super(message);
        this.name = "ConfigError";
    }
}

/** At most this many problems are listed; the count says how many more there are. */
export const MAX_LISTED_PROBLEMS = 50;

/** Formats problems as one readable block, one problem per line (the first MAX_LISTED_PROBLEMS of them). */
export function configErrorReport(source: string, problems: ConfigProblem[]): string {
    const lines = problems.slice(0, MAX_LISTED_PROBLEMS).map(p => {
        const value = p.value === undefined ? "" : ` (found ${JSON.stringify(p.value)})`;
        const fix = p.fix ? `; fix: ${p.fix}` : "";
        return `  - ${p.key}${value} ${p.problem}${fix}`;
    });
    const more = problems.length - MAX_LISTED_PROBLEMS;
    if (more > 0) lines.push(`  ... and ${more} more problem${more === 1 ? "" : "s"} (fix the ones above and run again to see the rest)`);
    const noun = problems.length === 1 ? "problem" : "problems";
    return `Invalid configuration in ${source}: ${problems.length} ${noun}, nothing was changed.\n${lines.join("\n")}`;
}
