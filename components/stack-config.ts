// Reading a stack's config at the edge, shared by both programs.

import * as pulumi from "@pulumi/pulumi";

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
