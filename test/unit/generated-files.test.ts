// The checked-in generated files are what `npm run generate` writes from their one definition.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFiles } from "../../scripts/generate";

describe("generated files", () => {
    it.each(generatedFiles().map(f => [f.path, f.text]))("%s is up to date (else: npm run generate)", (path, text) => {
        expect(readFileSync(join(__dirname, "../..", path), "utf8")).toBe(text);
    });
});
