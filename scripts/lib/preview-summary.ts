// Summarizing `pulumi preview --json` output: pure functions, no I/O (scripts/preview-all.ts runs the CLI).
//
// The CLI writes one of two documented shapes (`pulumi preview --help`: "--json  Serialize the
// preview diffs, operations, and overall output as JSON. Set PULUMI_ENABLE_STREAMING_JSON_PREVIEW
// to stream JSON events instead."):
//
// 1. the preview digest, one JSON document:
//      { "config": {...}, "steps": [{ "op", "urn", "provider", "oldState", "newState",
//        "diffReasons", "replaceReasons", "detailedDiff" }], "diagnostics": [{ "urn", "prefix",
//        "message", "severity" }], "duration", "changeSummary": { "create": 1, "same": 4 }, "maybeCorrupt" }
//    `oldState`/`newState` are resource states (with `protect: true` on protected resources).
//    The digest carries no policy events (the CLI leaves them out of it), so it cannot say whether
//    a mandatory policy failed other than through the exit status.
// 2. engine events, one JSON object per line (with PULUMI_ENABLE_STREAMING_JSON_PREVIEW set):
//      { "sequence", "timestamp", "<kind>Event": {...} } where the kinds used here are
//      resourcePreEvent { metadata: { op, urn, type, old: { protect, ... }, new, ... }, planning },
//      diagnosticEvent { urn, prefix, message, severity }, policyEvent { resourceUrn, message,
//      policyName, policyPackName, enforcementLevel: "warning" | "mandatory" | "remediate" },
//      summaryEvent { resourceChanges: { create: 1, ... }, isPreview, ... }, cancelEvent {}.
//    (The same event shapes as the Automation API's EngineEvent in @pulumi/pulumi/automation/events.)
//
// Step `op` values: same, create, update, delete, replace, create-replacement, delete-replaced,
// read, refresh, import, import-replacement, discard, discard-replaced, remove-pending-replace, ...

export type OutputFormat = "digest" | "events" | "none";

export interface PolicyViolation {
    policyPack: string;
    policy: string;
    enforcementLevel: string;
    urn?: string;
    message: string;
}

export interface TouchedProtected {
    urn: string;
    op: string;
}

export interface PreviewSummary {
    format: OutputFormat;
    creates: number;
    updates: number;
    replaces: number;
    deletes: number;
    sames: number;
    /** Resources taken over from the real world (Pulumi's `import` option) instead of created. */
    imports: number;
    /** null when the output format cannot carry policy events (the digest). */
    violations: PolicyViolation[] | null;
    /** Replace or delete steps on a resource whose old state is protected, and the engine's own "protected" errors. */
    protectedTouched: TouchedProtected[];
    /** Error diagnostics, in order. */
    errors: string[];
    /** True when the output ended with a summary (the preview ran to its end). */
    completed: boolean;
    /** Resources that stay after the change (created, updated, replaced or unchanged), the stack's root resource not counted. */
    remaining: number;
}

export interface PreviewVerdict {
    /** ok: ran, nothing blocking; blocked: ran, a gate failed; error: the preview did not complete. */
    status: "ok" | "blocked" | "error";
    reasons: string[];
}

const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced", "import-replacement", "discard-replaced"]);
const DELETE_OPS = new Set(["delete"]);
/** Every stack has this root resource; a program that declares nothing still keeps it. */
const STACK_ROOT_TYPE = "::pulumi:pulumi:Stack::";

type Json = Record<string, any>;

/** Splits CLI stdout into the digest document or the list of engine events. */
export function parsePreviewOutput(stdout: string): { format: "digest"; digest: Json } | { format: "events"; events: Json[] } | { format: "none" } {
    const text = stdout.trim();
    if (!text) return { format: "none" };
    // A digest is one (pretty-printed) document; events are one compact object per line.
    try {
        const doc = JSON.parse(text);
        if (doc && typeof doc === "object" && !Array.isArray(doc)) {
            return isEvent(doc) ? { format: "events", events: [doc] } : { format: "digest", digest: doc };
        }
    } catch {
        // not a single document: events, one per line
    }
    const events: Json[] = [];
    for (const line of text.split("\n")) {
        const l = line.trim();
        if (!l.startsWith("{")) continue;
        try {
            const e = JSON.parse(l);
            if (isEvent(e)) events.push(e);
        } catch {
            // a partial last line of an interrupted run: ignore
        }
    }
    return events.length ? { format: "events", events } : { format: "none" };
}

function isEvent(o: Json): boolean {
    return typeof o.sequence === "number" && Object.keys(o).some(k => k.endsWith("Event"));
}

interface Step { op: string; urn: string; oldProtect: boolean }

export function summarizePreview(stdout: string): PreviewSummary {
    const parsed = parsePreviewOutput(stdout);
    const steps: Step[] = [];
    const errors: string[] = [];
    const protectedErrors: TouchedProtected[] = [];
    let violations: PolicyViolation[] | null = [];
    let changeSummary: Json | undefined;
    let completed = false;

    const diag = (d: Json) => {
        if (d?.severity !== "error") return;
        const msg = `${d.prefix ?? ""}${d.message ?? ""}`.trim();
        errors.push(msg);
        if (/marked for protection|protected resource|protect(ed)? .*cannot be (deleted|replaced)/i.test(msg)) {
            protectedErrors.push({ urn: d.urn ?? urnIn(msg) ?? "(see message)", op: /replace/i.test(msg) ? "replace" : "delete" });
        }
    };

    if (parsed.format === "digest") {
        violations = null;
        const d = parsed.digest;
        for (const s of d.steps ?? []) steps.push({ op: String(s.op), urn: String(s.urn), oldProtect: s.oldState?.protect === true });
        for (const x of d.diagnostics ?? []) diag(x);
        changeSummary = d.changeSummary;
        completed = d.changeSummary !== undefined || (d.steps?.length ?? 0) > 0;
    } else if (parsed.format === "events") {
        for (const e of parsed.events) {
            if (e.resourcePreEvent) {
                const m = e.resourcePreEvent.metadata ?? {};
                steps.push({ op: String(m.op), urn: String(m.urn), oldProtect: m.old?.protect === true });
            } else if (e.diagnosticEvent) {
                diag(e.diagnosticEvent);
            } else if (e.policyEvent) {
                const p = e.policyEvent;
                violations!.push({
                    policyPack: String(p.policyPackName ?? ""), policy: String(p.policyName ?? ""),
                    enforcementLevel: String(p.enforcementLevel ?? ""), urn: p.resourceUrn || undefined, message: String(p.message ?? "").trim(),
                });
            } else if (e.summaryEvent) {
                changeSummary = e.summaryEvent.resourceChanges;
                completed = true;
            }
        }
    }

    // One count per resource: a replacement shows as replace and/or its create-replacement and delete-replaced halves.
    const byUrn = new Map<string, Set<string>>();
    for (const s of steps) {
        if (!byUrn.has(s.urn)) byUrn.set(s.urn, new Set());
        byUrn.get(s.urn)!.add(s.op);
    }
    let creates = 0, updates = 0, replaces = 0, deletes = 0, sames = 0, imports = 0;
    let remaining = 0;
    for (const [urn, ops] of byUrn) {
        if (!urn.includes(STACK_ROOT_TYPE) && [...ops].some(o => !DELETE_OPS.has(o))) remaining++;
        if ([...ops].some(o => REPLACE_OPS.has(o))) replaces++;
        else if (ops.has("delete")) deletes++;
        else if (ops.has("create")) creates++;
        else if (ops.has("import")) imports++;
        else if (ops.has("update")) updates++;
        else if (ops.has("same")) sames++;
    }
    if (!steps.length && changeSummary) {
        creates = num(changeSummary.create);
        updates = num(changeSummary.update);
        replaces = num(changeSummary.replace);
        deletes = num(changeSummary.delete);
        imports = num(changeSummary.import);
    }
    if (changeSummary && changeSummary.same !== undefined) sames = num(changeSummary.same);
    // The engine's own count: a big import's digest need not list every step.
    if (changeSummary && changeSummary.import !== undefined) imports = num(changeSummary.import);
    // Without steps only the counts are known; the root stack resource is among the sames.
    if (!steps.length) remaining = creates + updates + replaces + Math.max(0, sames - 1);

    const touched = new Map<string, TouchedProtected>();
    for (const s of steps) {
        if (s.oldProtect && (REPLACE_OPS.has(s.op) || DELETE_OPS.has(s.op))) {
            const op = REPLACE_OPS.has(s.op) ? "replace" : "delete";
            if (!touched.has(s.urn) || op === "replace") touched.set(s.urn, { urn: s.urn, op });
        }
    }
    for (const t of protectedErrors) if (!touched.has(t.urn)) touched.set(t.urn, t);

    return {
        format: parsed.format, creates, updates, replaces, deletes, sames, imports, violations,
        protectedTouched: [...touched.values()], errors, completed, remaining,
    };
}

function num(v: unknown): number {
    return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

function urnIn(msg: string): string | undefined {
    return /urn:pulumi:[^\s"')]+/.exec(msg)?.[0];
}

/**
 * The gate: blocked when a replace or delete touches a protected resource, a mandatory policy
 * fails, or the change deletes every resource of the stack (a program that declared nothing, or
 * an emptied catalog, would look like an ordinary change otherwise); error when the preview did
 * not run to its end (non-zero exit without any of those).
 */
export function verdict(s: PreviewSummary, exitStatus: number, failure?: string): PreviewVerdict {
    const reasons: string[] = [];
    if (s.completed && s.deletes > 0 && s.remaining === 0) {
        reasons.push(`deletes all ${s.deletes} resources of the stack (the program declared none); run \`pulumi destroy\` if that is meant`);
    }
    for (const t of s.protectedTouched) reasons.push(`${t.op} of protected resource ${t.urn}`);
    for (const v of s.violations ?? []) {
        if (v.enforcementLevel === "mandatory") reasons.push(`mandatory policy ${v.policyPack}/${v.policy} failed${v.urn ? ` on ${v.urn}` : ""}`);
    }
    if (reasons.length) return { status: "blocked", reasons };
    if (exitStatus !== 0 || !s.completed) {
        const why = failure ?? s.errors[0] ?? (s.completed ? `exit status ${exitStatus}` : "the preview produced no summary");
        return { status: "error", reasons: [why] };
    }
    return { status: "ok", reasons: [] };
}

export interface TableRow {
    project: string;
    stack: string;
    summary: PreviewSummary;
    verdict: PreviewVerdict;
}

/** One fixed-width table; counts of a preview that did not complete are shown as "-". */
export function formatTable(rows: TableRow[]): string {
    const header = ["project", "stack", "creates", "updates", "replaces", "deletes", "policy violations", "result"];
    const body = rows.map(r => {
        const ran = r.summary.completed;
        const n = (x: number) => (ran ? String(x) : "-");
        const v = r.summary.violations;
        const mandatory = v?.filter(x => x.enforcementLevel === "mandatory").length ?? 0;
        const pv = !ran ? "-" : v === null ? "n/a (digest)" : v.length === 0 ? "0" : `${v.length} (${mandatory} mandatory)`;
        const result = r.verdict.status === "ok" ? "ok" : `${r.verdict.status}: ${r.verdict.reasons.map(oneLine).join("; ")}`;
        return [r.project, r.stack, n(r.summary.creates), n(r.summary.updates), n(r.summary.replaces), n(r.summary.deletes), pv, result];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...body.map(b => (i === header.length - 1 ? 0 : b[i].length))));
    const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
    return [line(header), line(widths.map((w, i) => "-".repeat(i === header.length - 1 ? 6 : w))), ...body.map(line)].join("\n");
}

/** Exit status of preview-all: 1 when a gate failed, 2 when a preview could not run, else 0. */
export function exitStatusFor(rows: TableRow[]): number {
    if (rows.some(r => r.verdict.status === "blocked")) return 1;
    if (rows.some(r => r.verdict.status === "error")) return 2;
    return 0;
}

/**
 * A table cell's text: the first line that says something, without the CLI's repeated `error:`
 * prefixes, its "Running program ... failed with an unhandled exception:" preamble or a stack trace, cut at 200 characters (the raw output is kept with PREVIEW_ALL_JSON_DIR).
 */
export function oneLine(message: string): string {
    const line = message.split("\n")
        .map(l => l.trim().replace(/^(error:\s*)+/i, "").trim())
        .find(l => l !== "" && !/^at\s/.test(l) && !/failed with an unhandled exception:$/.test(l)) ?? message.trim();
    return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
