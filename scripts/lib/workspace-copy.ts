// A throwaway copy of the repository's two Pulumi projects (program, stack files, topics catalog),
// with node_modules linked, for trying promotion or previews on a scratch backend without touching
// the checked-in stack files (`pulumi stack init` and `pulumi config cp` write to them).

import { cpSync, existsSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./pulumi-cli";

export function copyProjects(dest: string, root = REPO_ROOT): void {
    const rootFiles = readdirSync(root).filter(f => /^Pulumi(\..+)?\.yaml$/.test(f) || ["index.ts", "package.json", "package-lock.json", "tsconfig.json", "tsconfig.pulumi.json"].includes(f));
    for (const f of rootFiles) cpSync(join(root, f), join(dest, f));
    for (const d of ["components", "topics"]) cpSync(join(root, d), join(dest, d), { recursive: true });
    if (existsSync(join(root, "node_modules"))) symlinkSync(join(root, "node_modules"), join(dest, "node_modules"), "dir");
}
