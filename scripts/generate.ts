// npm run generate: writes the files generated from one definition, which are checked in because
// the Pulumi CLI and editors read them: policies/config/<env>.json (policies/environments.ts) and
// topics/catalog.schema.json (components/topics/catalog-schema.ts).
// test/unit/generated-files.test.ts fails when a checked-in file differs from what this writes.

import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fullPolicyConfig } from "../policies/environments";
import { ENVIRONMENTS } from "../components/shared/environments";
import { catalogJsonSchema } from "../components/topics/catalog-schema";

const ROOT = resolve(__dirname, "..");

/** Every generated file: path relative to the repository root, and its exact text. */
export function generatedFiles(): Array<{ path: string; text: string }> {
    return [
        ...ENVIRONMENTS.map(env => ({
            path: `policies/config/${env}.json`,
            text: `${JSON.stringify(fullPolicyConfig(env), null, 4)}\n`,
        })),
        { path: "topics/catalog.schema.json", text: `${JSON.stringify(catalogJsonSchema(), null, 2)}\n` },
    ];
}

if (require.main === module) {
    for (const f of generatedFiles()) {
        writeFileSync(join(ROOT, f.path), f.text);
        console.log(`generate: wrote ${f.path}`);
    }
}
