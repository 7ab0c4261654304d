// Reads values out of a parsed catalog file and collects every problem found, each located at
// its line and path (`topics[3].replicationFactor`). The checks that need the whole catalog
// (references between entries, the environment's overrides) are the steps in catalog.ts.

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import type { ConfigProblem } from "../shared/config-error";
import { TOPIC_CONFIG_KEYS, TOPIC_CONFIG_RULES, type Environment } from "./catalog-schema";

export type Path = (string | number)[];

/** One problem of a catalog file, located by its path (`topics[3].replicationFactor`) and line. */
export interface CatalogProblem extends ConfigProblem {
    file: string;
    path: string;
    line?: number;
}

/** A key that holds (or looks like it holds) a secret: never in the catalog. */
export const SECRET_KEY = /pass(word|wd)?$|password|secret|credential|token|private.?key|jaas/i;

export function formatPath(path: Path): string {
    let out = "";
    for (const seg of path) {
        if (typeof seg === "number") out += `[${seg}]`;
        else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
        else out += `[${JSON.stringify(seg)}]`;
    }
    return out || "(top level)";
}

export function show(value: unknown): string {
    if (typeof value === "string") return value;
    if (value === null) return "null";
    return JSON.stringify(value) ?? String(value);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One catalog file being read for one environment, with the problems found so far. */
export class CatalogReader {
    readonly problems: CatalogProblem[] = [];
    readonly lineCounter = new LineCounter();
    readonly doc: Document;
    /** The file's top-level mapping as plain values, set once the YAML is read (readCatalog). */
    top: Record<string, unknown> = {};

    constructor(readonly file: string, readonly env: Environment, text: string) {
        this.doc = parseDocument(text, { lineCounter: this.lineCounter, uniqueKeys: true, prettyErrors: false });
    }

    /** A problem in the YAML itself, located by offset in the text (there may be no usable path). */
    yamlProblem(offset: number | undefined, problem: string, fix: string): void {
        const line = offset === undefined ? undefined : this.lineCounter.linePos(offset).line;
        this.problems.push({ file: this.file, path: "(yaml)", line, key: `${this.file}${line ? `:${line}` : ""}`, problem: `is not valid YAML: ${problem}`, fix });
    }

    lineOf(path: Path): number | undefined {
        return path.length === 0 ? 1 : lineAt(this.doc, this.lineCounter, path);
    }

    report(path: Path, value: unknown, problem: string, fix?: string): void {
        const line = this.lineOf(path);
        const p = formatPath(path);
        this.problems.push({
            file: this.file, path: p, line, key: `${this.file}${line ? `:${line}` : ""} ${p}`,
            value: value === undefined ? undefined : show(value), problem, fix,
        });
    }

    /** Secret-looking keys are reported once, as secrets (checkShape): every other check skips them. */
    isSecretKey(k: string): boolean {
        return SECRET_KEY.test(k);
    }

    checkKeys(obj: Record<string, unknown>, path: Path, allowed: string[]): void {
        for (const k of Object.keys(obj)) {
            if (allowed.includes(k) || this.isSecretKey(k)) continue;
            this.report([...path, k], undefined, "is not a known key here", `remove it or use one of: ${allowed.join(", ")}`);
        }
    }

    /** A top-level list (`topics`, `users`, ...); missing is empty. */
    list(key: string): unknown[] {
        const v = this.top[key];
        if (v === undefined || v === null) return [];
        if (!Array.isArray(v)) {
            this.report([key], v, "must be a list", `write it as \`${key}:\` followed by \`- ...\` items`);
            return [];
        }
        return v;
    }

    asObject(v: unknown, path: Path, what: string): Record<string, unknown> | undefined {
        if (isPlainObject(v)) return v;
        this.report(path, v, `must be a mapping (${what})`, `write it as \`- name: ...\` with the keys of a ${what}`);
        return undefined;
    }

    str(obj: Record<string, unknown>, path: Path, key: string, required: boolean): string | undefined {
        const v = obj[key];
        if (v === undefined || v === null) {
            if (required) this.report([...path, key], undefined, "is required", `add \`${key}: ...\``);
            return undefined;
        }
        if (typeof v !== "string" || v === "") {
            this.report([...path, key], v, "must be a non-empty string", `quote it: ${key}: "${show(v)}"`);
            return undefined;
        }
        return v;
    }

    bool(obj: Record<string, unknown>, path: Path, key: string): boolean {
        const v = obj[key];
        if (v === undefined || v === null) return false;
        if (typeof v === "boolean") return v;
        this.report([...path, key], v, "must be true or false", `${key}: true`);
        return false;
    }

    positiveInt(v: unknown, path: Path, what: string, required: boolean, max: number): number | undefined {
        if (v === undefined || v === null) {
            if (required) this.report(path, undefined, "is required", `add \`${path[path.length - 1]}: <${what}>\``);
            return undefined;
        }
        if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1 || v > max) {
            this.report(path, v, `must be a whole number of at least 1 and at most ${max} (${what}; Kafka's own limit)`, `${path[path.length - 1]}: 3`);
            return undefined;
        }
        return v;
    }

    stringList(obj: Record<string, unknown>, path: Path, key: string): { value: string; path: Path }[] {
        const v = obj[key];
        if (v === undefined || v === null) return [];
        if (!Array.isArray(v)) {
            this.report([...path, key], v, "must be a list of names", `${key}: [${show(v)}]`);
            return [];
        }
        const out: { value: string; path: Path }[] = [];
        v.forEach((item, i) => {
            if (typeof item !== "string" || item === "") this.report([...path, key, i], item, "must be a non-empty string", `quote it: "${show(item)}"`);
            else out.push({ value: item, path: [...path, key, i] });
        });
        return out;
    }

    enumOf<T extends string>(obj: Record<string, unknown>, path: Path, key: string, allowed: readonly T[], dflt: T | undefined): T | undefined {
        const v = obj[key];
        if (v === undefined || v === null) {
            if (dflt === undefined) this.report([...path, key], undefined, "is required", `use one of: ${allowed.join(", ")}`);
            return dflt;
        }
        if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
        this.report([...path, key], v, `must be one of ${allowed.join(", ")}`, `${key}: ${dflt ?? allowed[0]}`);
        return undefined;
    }

    /** A topic's `config` mapping: only Kafka topic configs, each a string with a valid value. */
    topicConfig(raw: unknown, path: Path): Record<string, string> {
        if (raw === undefined || raw === null) return {};
        if (!isPlainObject(raw)) {
            this.report(path, raw, "must be a mapping of topic configs", `config: { "retention.ms": "604800000" }`);
            return {};
        }
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(raw)) {
            const kpath = [...path, k];
            if (this.isSecretKey(k)) continue;
            if (!(TOPIC_CONFIG_KEYS as readonly string[]).includes(k)) {
                const hint = TOPIC_CONFIG_KEYS.find(c => c.replace(/\./g, "") === k.replace(/[._-]/g, "").toLowerCase());
                this.report(kpath, undefined, "is not a Kafka topic config", hint ? `did you mean ${hint}?` : "see https://kafka.apache.org/documentation/#topicconfigs");
                continue;
            }
            if (typeof v !== "string") {
                // Kafka writes a list-valued config as one comma-separated string.
                const asString = Array.isArray(v) ? v.map(show).join(",") : show(v);
                this.report(kpath, v, "must be a string: Kafka reports topic configs as strings, and an unquoted value drifts on every refresh", `quote it: "${k}": ${JSON.stringify(asString)}`);
                continue;
            }
            const problem = configValueProblem(k, v);
            if (problem) { this.report(kpath, v, problem.problem, problem.fix); continue; }
            out[k] = v;
        }
        return out;
    }
}

function configValueProblem(key: string, value: string): { problem: string; fix: string } | undefined {
    const rule = TOPIC_CONFIG_RULES[key];
    if (!rule || rule.schema.safeParse(value).success) return undefined;
    return { problem: rule.problem ?? "is not a valid value", fix: rule.fix?.(key) ?? `"${key}": "<value>"` };
}

function lineAt(doc: Document, lc: LineCounter, path: Path): number | undefined {
    for (let n = path.length; n >= 0; n--) {
        const last = path[n - 1];
        // A key: the line of the key itself (its value may be missing, or start on a later line).
        if (n > 0 && typeof last === "string") {
            const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
            if (isMap(parent)) {
                const pair = parent.items.find(p => isScalar(p.key) && p.key.value === last);
                if (pair && isScalar(pair.key) && pair.key.range) return lc.linePos(pair.key.range[0]).line;
            }
        }
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (node && (isScalar(node) || isMap(node) || isSeq(node)) && node.range) return lc.linePos(node.range[0]).line;
    }
    return undefined;
}
