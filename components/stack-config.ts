// Reading a stack's config at the edge, shared by both programs.

import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";

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
 * The password rule of every password the stacks accept (admin, UI login, catalog users). A
 * password passes through server.properties (where `\` escapes and a line break starts a new
 * setting), a JAAS value in double quotes, and Spring's `${...}` placeholders in the UI: the
 * characters below mean the same in all of them, so what reaches Kafka is what was set.
 */
export const PASSWORD_MIN_LENGTH = 16;
export const PASSWORD_MAX_LENGTH = 128;
const PASSWORD_CHARS = /^[A-Za-z0-9._~+/=-]+$/;
export const PASSWORD_RULE = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters from A-Z a-z 0-9 . _ ~ + / = - (as \`openssl rand -base64 24\` prints)`;

/** What is wrong with a password, in words that never include the password; undefined when it passes. */
export function passwordProblem(value: string): string | undefined {
    if (value.length < PASSWORD_MIN_LENGTH) return `is shorter than ${PASSWORD_MIN_LENGTH} characters`;
    if (value.length > PASSWORD_MAX_LENGTH) return `is longer than ${PASSWORD_MAX_LENGTH} characters`;
    if (!PASSWORD_CHARS.test(value)) {
        return "has a character outside A-Z a-z 0-9 . _ ~ + / = - (quotes, backslashes, $, braces, spaces or line breaks " +
            "would be rewritten on their way through server.properties, JAAS or the UI's Spring settings)";
    }
    return undefined;
}

/** The command that sets a generated password without it ever appearing on a command line or in shell history. */
export function setPasswordCommand(key: string, opts: { path?: boolean } = {}): string {
    return `openssl rand -base64 24 | tr -d '\\n' | pulumi config set --secret ${opts.path ? `--path '${key}'` : key}`;
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
