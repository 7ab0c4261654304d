import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // Real-cluster tests start containers: give them room, and never run two at once.
        testTimeout: 30_000,
        hookTimeout: 60_000,
        fileParallelism: false,
        reporters: ["default"],
    },
});
