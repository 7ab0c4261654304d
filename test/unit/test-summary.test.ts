// The summary line of `npm test` (scripts/lib/test-summary.ts) on vitest JSON reports.

import { describe, expect, it } from "vitest";
import { summaryLine } from "../../scripts/lib/test-summary";

const file = (status: string, ...tests: string[]) => ({ status, assertionResults: tests.map(s => ({ status: s })) });

describe("summaryLine", () => {
    it("counts one failed test once, not again for its file", () => {
        const report = { numPassedTests: 4, numFailedTests: 1, numPendingTests: 0, numFailedTestSuites: 1, testResults: [file("failed", "passed", "failed"), file("passed", "passed", "passed", "passed")] };
        expect(summaryLine(report)).toBe("4 passed, 1 failed");
    });
    it("counts a file that failed to load as one failure, and reports skips", () => {
        const report = { numPassedTests: 2, numFailedTests: 0, numPendingTests: 3, testResults: [file("failed"), file("passed", "passed", "passed", "skipped", "skipped", "skipped")] };
        expect(summaryLine(report)).toBe("2 passed, 1 failed, 3 skipped");
    });
});
