// The last line of `npm test`: `N passed, N failed` (and `, N skipped`), from vitest's JSON report.
// A test file that failed without any failed test (it did not load) counts as one failure; a
// failed test is not counted again for its file.

import { readFileSync } from "node:fs";

interface VitestReport {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    testResults: Array<{ status: string; assertionResults: Array<{ status: string }> }>;
}

export function summaryLine(report: VitestReport): string {
    const brokenFiles = report.testResults.filter(f => f.status === "failed" && !f.assertionResults.some(a => a.status === "failed")).length;
    const skipped = report.numPendingTests ? `, ${report.numPendingTests} skipped` : "";
    return `${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed${skipped}`;
}

if (require.main === module) {
    console.log(summaryLine(JSON.parse(readFileSync(process.argv[2], "utf8")) as VitestReport));
}
