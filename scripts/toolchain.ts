// Says which parts of the real Pulumi toolchain this machine has, where, and what is missing:
// the CLI, the Node.js language host, and the provider plugins at the versions package-lock.json
// pins. Exit status 0 only when all are installed. (Used by scripts/bootstrap-offline.sh.)

import { toolchainParts } from "./lib/pulumi-cli";

const parts = toolchainParts();
for (const p of parts) console.error(`  ${p.path ? "found  " : "MISSING"}  ${p.what}${p.path ? `: ${p.path}` : ""}`);
if (parts.some(p => !p.path)) {
    console.error("Install the missing parts where a Pulumi installation keeps them (~/.pulumi/bin; plugins with " +
        "`pulumi plugin install resource <name> <version> --file <binary>`); until then the end-to-end suite skips.");
    process.exitCode = 1;
}
