// The mock-test harness (test/mock/cluster-program.ts) imports `vi` from vitest only to call
// vi.resetModules() before it loads a program, so that each run evaluates the program afresh.
// Vitest refuses to be require()d outside its runner, so the benchmark answers `vitest` with a
// stub whose resetModules does the same for this process: it drops the project's own modules
// (index.ts, components/, topics/) from the require cache; node_modules stay loaded, as vitest
// keeps externalized dependencies. Import this module before anything from test/.

import Module from "node:module";
import { resolve, sep } from "node:path";

const ROOT = resolve(__dirname, "..") + sep;
const KEEP = [`${ROOT}node_modules${sep}`, `${ROOT}bench${sep}`, `${ROOT}test${sep}`, `${ROOT}scripts${sep}`];

function resetModules(): void {
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(ROOT) && !KEEP.some(k => file.startsWith(k))) delete require.cache[file];
    }
}

const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
    if (request === "vitest") return { vi: { resetModules } };
    return originalLoad.call(this, request, ...rest);
};
