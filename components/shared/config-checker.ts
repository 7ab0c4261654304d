// The checks both stacks run on their raw stack config (every value a string, as Pulumi stores
// it): unknown keys, integers, booleans, enumerations, patterns, and secrets stored in plain text
// or breaking the password rule. Problems are collected, so one error lists them all.

import { ConfigError, configErrorReport, type ConfigProblem } from "./config-error";

export class StackConfigChecker {
    readonly problems: ConfigProblem[] = [];

    constructor(private readonly raw: Record<string, string | undefined>, private readonly namespace: string) {}

    report(k: string, value: string | undefined, problem: string, fix: string): void {
        this.problems.push({ key: `${this.namespace}:${k}`, value, problem, fix });
    }

    /** Whether a key has a non-empty value. */
    isSet(k: string): boolean {
        return this.raw[k] !== undefined && this.raw[k] !== "";
    }

    /** A key this stack does not know is a typo, reported rather than ignored. */
    unknownKeys(known: readonly string[]): void {
        for (const k of Object.keys(this.raw)) {
            if (this.raw[k] !== undefined && !known.includes(k)) {
                this.report(k, this.raw[k], "is not a setting of this stack", `remove it (pulumi config rm ${k}) or use one of: ${known.join(", ")}`);
            }
        }
    }

    int(k: string, dflt: number, min: number, max: number): number {
        const v = this.raw[k];
        if (v === undefined || v === "") return dflt;
        const n = Number(v);
        if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
            this.report(k, v, `must be an integer from ${min} to ${max}`, `pulumi config set ${k} ${dflt}`);
            return dflt;
        }
        return n;
    }

    bool(k: string, dflt: boolean): boolean {
        const v = this.raw[k];
        if (v === undefined || v === "") return dflt;
        if (v === "true" || v === "false") return v === "true";
        this.report(k, v, "must be true or false", `pulumi config set ${k} ${dflt}`);
        return dflt;
    }

    oneOf<T extends string>(k: string, dflt: T, allowed: readonly T[], fixValue: string = dflt): T {
        const v = this.raw[k];
        if (v === undefined || v === "") return dflt;
        if ((allowed as readonly string[]).includes(v)) return v as T;
        this.report(k, v, `must be one of ${allowed.join(", ")}`, `pulumi config set ${k} ${fixValue}`);
        return dflt;
    }

    matching(k: string, dflt: string, re: RegExp, what: string): string {
        const v = this.raw[k];
        if (v === undefined || v === "") return dflt;
        if (re.test(v)) return v;
        this.report(k, v, `must be ${what}`, `pulumi config set ${k} ${dflt}`);
        return dflt;
    }

    /**
     * Secret keys stored in plain text in the stack file, and secret values that break the password
     * rule (problems worded without the value); `setCommand` is how to set the key again.
     */
    secrets(stackFile: string, plainText: readonly string[], valueProblems: Record<string, string>, setCommand: (k: string) => string): void {
        for (const k of plainText) this.report(k, undefined, `is stored in plain text in ${stackFile}`, `pulumi config rm ${k} && ${setCommand(k)}`);
        for (const [k, problem] of Object.entries(valueProblems)) this.report(k, undefined, problem, setCommand(k));
    }

    /** Throws one ConfigError listing every problem, when there is any. */
    throwIfAny(source: string): void {
        if (this.problems.length > 0) throw new ConfigError(configErrorReport(source, this.problems), this.problems);
    }
}
