// Evaluates the cluster program (index.ts) under mocks for one stack config and prints the
// declared resources and outputs as JSON. A child process per config: the program declares its
// resources at module top level, and a module loaded through import() stays cached for the life
// of a process outside vitest, so a second config in the same process would declare nothing.


async function main() {
    const config = JSON.parse(process.argv[2] ?? "{}") as Record<string, string>;
    const stack = process.argv[3] ?? "bench";
    const { runClusterProgram } = await import("../test/mock/cluster-program");
    const run = await runClusterProgram(config, {}, stack);
    process.stdout.write(JSON.stringify({ resources: run.resources, outputs: run.outputs, secretOutputs: run.secretOutputs }) + "\n");
}

main().then(() => process.exit(0), e => {
    process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
    process.exit(1);
});
