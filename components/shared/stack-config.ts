// Reading a stack's config at the edge, shared by both programs.

import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { PASSWORD_RULE, passwordProblem } from "./password-rule";

/** Stands for the value of a secret key in validation messages. */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * Every key set under `namespace` except the expected secret keys, so a typo such as `broker` can
 * be reported instead of silently ignored. The value of any other key stored as a secret (a typo
 * like `uiPasword`) is replaced by SECRET_PLACEHOLDER, so no message can print it.
 */
export function readNamespaceConfig(namespace: string, secretKeys: readonly string[]): Record<string, string | undefined> {
    const config = new pulumi.Config(namespace);
    const isSecret = secretKeyCheck();
    const raw: Record<string, string | undefined> = {};
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        const [ns, key] = fullKey.split(":", 2);
        if (ns !== namespace || secretKeys.includes(key)) continue;
        raw[key] = isSecret?.(fullKey) ? SECRET_PLACEHOLDER : config.get(key);
    }
    return raw;
}

/**
 * Whether Pulumi stores a config key encrypted (`pulumi config set --secret`). The engine passes
 * the program the list of secret keys; the SDK reads it in a function its typings mark internal,
 * so when a future SDK drops it this answers "yes" rather than refusing every stack.
 */
export function isConfigSecret(fullKey: string): boolean {
    const check = secretKeyCheck();
    return check ? check(fullKey) : true;
}

function secretKeyCheck(): ((fullKey: string) => boolean) | undefined {
    return (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
}

/**
 * What the config parsers need to know about a stack's secret keys, and nothing more: which are
 * stored in plain text in the stack file, and which break the password rule (never the values).
 */
export function secretKeyChecks(namespace: string, keys: readonly string[]): { plainTextSecrets: string[]; secretProblems: Record<string, string> } {
    const all = pulumi.runtime.allConfig();
    return {
        plainTextSecrets: keys.filter(k => all[`${namespace}:${k}`] !== undefined && !isConfigSecret(`${namespace}:${k}`)),
        secretProblems: secretValueProblems(namespace, keys),
    };
}

/** Password problems of the secret keys set under `namespace`, by key; the values are read here and never returned. */
export function secretValueProblems(namespace: string, keys: readonly string[]): Record<string, string> {
    const all = pulumi.runtime.allConfig();
    const problems: Record<string, string> = {};
    for (const key of keys) {
        const value = all[`${namespace}:${key}`];
        const problem = value === undefined ? undefined : passwordProblem(value);
        if (problem) problems[key] = `${problem}; a password must be ${PASSWORD_RULE}`;
    }
    return problems;
}

/**
 * The leaves of a structured config value that the stack file stores in plain text. Pulumi marks
 * the whole object secret when any one leaf is (`pulumi config set --secret --path k.a`), so a
 * later `pulumi config set --path k.b <value>` without --secret goes unnoticed by the program: only
 * the stack file shows it. Returns dotted paths (`userPasswords.b`); none when the file is absent.
 */
export function plainTextLeaves(stackFile: string, namespace: string, key: string): string[] {
    let doc: { config?: Record<string, unknown> } | undefined;
    try {
        doc = parseYaml(readFileSync(stackFile, "utf8")) as typeof doc;
    } catch {
        return [];
    }
    const found: string[] = [];
    const walk = (v: unknown, path: string) => {
        if (v === null || typeof v !== "object") {
            found.push(path);
        } else if (!("secure" in (v as object) && Object.keys(v as object).length === 1)) {
            for (const [k, x] of Object.entries(v as object)) walk(x, `${path}.${k}`);
        }
    };
    const value = doc?.config?.[`${namespace}:${key}`];
    if (value !== undefined) walk(value, key);
    return found;
}

/** The organization of stack references: `organization` on the local file backend. */
export function organization(): string {
    try {
        return pulumi.getOrganization();
    } catch {
        return "organization";
    }
}

/** The value of a stack output, secret or not; undefined when the stack has no such output. */
export async function outputValue(ref: pulumi.StackReference, name: string): Promise<unknown> {
    const d = await ref.getOutputDetails(name);
    return d.value ?? d.secretValue;
}
