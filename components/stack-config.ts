// Reading a stack's config at the edge, shared by both programs.

import * as pulumi from "@pulumi/pulumi";

/**
 * Every key set under `namespace` (secrets excluded: their values stay Pulumi secrets), so a typo
 * such as `broker` can be reported instead of silently ignored.
 */
export function readNamespaceConfig(namespace: string, secretKeys: readonly string[]): Record<string, string | undefined> {
    const config = new pulumi.Config(namespace);
    const raw: Record<string, string | undefined> = {};
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        const [ns, key] = fullKey.split(":", 2);
        if (ns === namespace && !secretKeys.includes(key)) raw[key] = config.get(key);
    }
    return raw;
}

/**
 * Whether Pulumi stores a config key encrypted (`pulumi config set --secret`). The engine passes
 * the program the list of secret keys; the SDK reads it in a function its typings mark internal,
 * so when a future SDK drops it this answers "yes" rather than refusing every stack.
 */
export function isConfigSecret(fullKey: string): boolean {
    const check = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    return check ? check(fullKey) : true;
}
