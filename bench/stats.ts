// Small statistics helpers for the benchmark report.

export interface Summary {
    runs: number;
    median: number;
    min: number;
    max: number;
}

export function summarize(values: number[]): Summary {
    if (values.length === 0) return { runs: 0, median: NaN, min: NaN, max: NaN };
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    return { runs: s.length, median, min: s[0], max: s[s.length - 1] };
}

/** `12.3 (11.9–13.0, n=5)` */
export function fmt(sum: Summary, digits = 1, unit = ""): string {
    if (sum.runs === 0) return "n/a";
    const f = (x: number) => x.toFixed(digits);
    return `${f(sum.median)}${unit} (${f(sum.min)}–${f(sum.max)}, n=${sum.runs})`;
}
