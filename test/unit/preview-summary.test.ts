// scripts/lib/preview-summary.ts on `pulumi preview --json` output. The documents below are
// shaped by hand from the documented format (the digest's steps/diagnostics/changeSummary and the
// engine events' resourcePreEvent/diagnosticEvent/policyEvent/summaryEvent, see the module's
// header), not captured from a real preview, which cannot run on the build machines. The two
// "blocked" outputs at the end are what the real CLI v3.248.0 printed here without its language host.

import { describe, expect, it } from "vitest";
import { exitStatusFor, formatTable, oneLine, parsePreviewOutput, summarizePreview, verdict, type TableRow } from "../../scripts/lib/preview-summary";

const urn = (type: string, name: string, project = "kafka-topics", stack = "staging") => `urn:pulumi:${stack}::${project}::${type}::${name}`;
const STACK = urn("pulumi:pulumi:Stack", "kafka-topics-staging");
const TOPIC = (n: string) => urn("kafka:index/topic:Topic", n);
const ACL = (n: string) => urn("kafka:index/acl:Acl", n);
const state = (u: string, protect = false) => ({ urn: u, custom: true, type: u.split("::")[2], ...(protect ? { protect: true } : {}) });

/** A digest: one pretty-printed document, as `pulumi preview --json` writes by default. */
const digest = (doc: object) => JSON.stringify(doc, null, 4);
/** Engine events: one compact object per line, as with PULUMI_ENABLE_STREAMING_JSON_PREVIEW. */
let seq = 0;
const events = (...evs: object[]) => evs.map(e => JSON.stringify({ sequence: seq++, timestamp: 1_760_000_000, ...e })).join("\n") + "\n";
const pre = (op: string, u: string, oldProtect?: boolean) => ({
    resourcePreEvent: { metadata: { op, urn: u, type: u.split("::")[2], provider: "", old: oldProtect === undefined ? null : { ...state(u, oldProtect), inputs: {}, outputs: {} }, new: { ...state(u), inputs: {}, outputs: {} } } },
});
const summary = (changes: Record<string, number>) => ({ summaryEvent: { maybeCorrupt: false, durationSeconds: 3, resourceChanges: changes, PolicyPacks: { "kafka-guardrails": "0.1.0" }, isPreview: true } });
const policy = (name: string, level: string, u?: string) => ({
    policyEvent: { resourceUrn: u, message: `${name}: violated\nFix: ...`, color: "never", policyName: name, policyPackName: "kafka-guardrails", policyPackVersion: "0.1.0", policyPackVersionTag: "0.1.0", enforcementLevel: level },
});

describe("parsePreviewOutput", () => {
    it("tells a digest from an event stream", () => {
        expect(parsePreviewOutput(digest({ steps: [], changeSummary: { same: 3 } })).format).toBe("digest");
        expect(parsePreviewOutput(events(pre("create", TOPIC("a")), summary({ create: 1 }))).format).toBe("events");
        expect(parsePreviewOutput("").format).toBe("none");
        expect(parsePreviewOutput("error: something\n").format).toBe("none");
    });
});

describe("summarizePreview: digest", () => {
    it("counts steps by op, one per resource, and sames from changeSummary", () => {
        const s = summarizePreview(digest({
            config: { "kafka-topics:environment": "staging" },
            steps: [
                { op: "create", urn: TOPIC("orders.order.created"), newState: state(TOPIC("orders.order.created")), detailedDiff: null },
                { op: "create", urn: ACL("orders-api-write"), newState: state(ACL("orders-api-write")), detailedDiff: null },
                { op: "update", urn: TOPIC("payments.payment.authorized"), oldState: state(TOPIC("payments.payment.authorized")), newState: state(TOPIC("payments.payment.authorized")), diffReasons: ["config"], detailedDiff: { "config.retention.ms": { kind: "update", inputDiff: true } } },
                { op: "replace", urn: TOPIC("shipping.shipment.delivered"), oldState: state(TOPIC("shipping.shipment.delivered")), newState: state(TOPIC("shipping.shipment.delivered")), replaceReasons: ["partitions"], detailedDiff: { partitions: { kind: "update-replace", inputDiff: true } } },
                { op: "delete", urn: ACL("old-acl"), oldState: state(ACL("old-acl")), detailedDiff: null },
            ],
            diagnostics: [{ message: "a warning", severity: "warning" }],
            duration: 2_000_000_000,
            changeSummary: { create: 2, update: 1, replace: 1, delete: 1, same: 7 },
        }));
        expect(s).toMatchObject({ format: "digest", creates: 2, updates: 1, replaces: 1, deletes: 1, sames: 7, completed: true, protectedTouched: [], errors: [] });
        expect(s.violations).toBeNull(); // the digest carries no policy events
        expect(verdict(s, 0)).toEqual({ status: "ok", reasons: [] });
    });

    it("flags a replace or delete of a resource whose old state is protected", () => {
        const s = summarizePreview(digest({
            steps: [
                { op: "replace", urn: TOPIC("orders.order.created"), oldState: state(TOPIC("orders.order.created"), true), newState: state(TOPIC("orders.order.created"), true), replaceReasons: ["partitions"] },
                { op: "delete", urn: TOPIC("payments.payment.authorized"), oldState: state(TOPIC("payments.payment.authorized"), true) },
                { op: "update", urn: TOPIC("billing.invoice.issued"), oldState: state(TOPIC("billing.invoice.issued"), true), newState: state(TOPIC("billing.invoice.issued"), true) },
                { op: "delete", urn: ACL("unprotected"), oldState: state(ACL("unprotected")) },
            ],
            changeSummary: { replace: 1, delete: 2, update: 1 },
        }));
        expect(s.protectedTouched).toEqual([
            { urn: TOPIC("orders.order.created"), op: "replace" },
            { urn: TOPIC("payments.payment.authorized"), op: "delete" },
        ]);
        const v = verdict(s, 0);
        expect(v.status).toBe("blocked");
        expect(v.reasons).toEqual([`replace of protected resource ${TOPIC("orders.order.created")}`, `delete of protected resource ${TOPIC("payments.payment.authorized")}`]);
    });

    it("counts imports, taking the engine's count when the digest lists fewer steps", () => {
        const s = summarizePreview(digest({
            steps: [{ op: "import", urn: TOPIC("orders.order.created"), newState: state(TOPIC("orders.order.created")) }],
            changeSummary: { import: 1100, create: 3 },
        }));
        expect(s.imports).toBe(1100);
    });

    it("takes the engine's protection error as a touched protected resource", () => {
        const s = summarizePreview(digest({
            steps: [{ op: "same", urn: STACK }],
            diagnostics: [{ urn: TOPIC("orders.order.created"), message: `unable to delete resource "${TOPIC("orders.order.created")}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``, severity: "error" }],
            changeSummary: { same: 1 },
        }));
        expect(s.protectedTouched).toEqual([{ urn: TOPIC("orders.order.created"), op: "delete" }]);
        expect(verdict(s, 255).status).toBe("blocked");
    });
});

describe("summarizePreview: engine events", () => {
    it("counts resourcePreEvents and merges a replacement's halves into one replace", () => {
        const s = summarizePreview(events(
            { preludeEvent: { config: {} } },
            pre("same", STACK, false),
            pre("create", TOPIC("orders.order.created")),
            pre("update", TOPIC("payments.payment.authorized"), false),
            pre("create-replacement", TOPIC("shipping.shipment.delivered"), false),
            pre("replace", TOPIC("shipping.shipment.delivered"), false),
            pre("delete-replaced", TOPIC("shipping.shipment.delivered"), false),
            pre("delete", ACL("old"), false),
            pre("import", ACL("adopted"), false),
            { diagnosticEvent: { message: "hello from the program", color: "never", severity: "info" } },
            summary({ same: 1, create: 1, update: 1, replace: 1, delete: 1, import: 1 }),
        ));
        expect(s).toMatchObject({ format: "events", creates: 1, updates: 1, replaces: 1, deletes: 1, sames: 1, imports: 1, violations: [], completed: true });
        expect(verdict(s, 0).status).toBe("ok");
    });

    it("lists policy violations; a mandatory one blocks, an advisory one does not", () => {
        const advisory = summarizePreview(events(pre("create", TOPIC("Bad_Name")), policy("topic-naming-convention", "warning", TOPIC("Bad_Name")), summary({ create: 1 })));
        expect(advisory.violations).toEqual([{ policyPack: "kafka-guardrails", policy: "topic-naming-convention", enforcementLevel: "warning", urn: TOPIC("Bad_Name"), message: "topic-naming-convention: violated\nFix: ..." }]);
        expect(verdict(advisory, 0).status).toBe("ok");

        const mandatory = summarizePreview(events(
            pre("create", TOPIC("orders.order.created")),
            policy("topic-replication", "mandatory", TOPIC("orders.order.created")),
            policy("production-min-brokers", "mandatory"),
            { diagnosticEvent: { prefix: "error: ", message: "preview failed", color: "never", severity: "error" } },
            summary({ create: 1 }),
        ));
        const v = verdict(mandatory, 255);
        expect(v.status).toBe("blocked");
        expect(v.reasons).toEqual([
            `mandatory policy kafka-guardrails/topic-replication failed on ${TOPIC("orders.order.created")}`,
            "mandatory policy kafka-guardrails/production-min-brokers failed",
        ]);
    });

    it("a protected resource in the old state of a delete event blocks", () => {
        const s = summarizePreview(events(pre("same", STACK), pre("same", TOPIC("b")), pre("delete", TOPIC("orders.order.created"), true), summary({ same: 2, delete: 1 })));
        expect(verdict(s, 0)).toEqual({ status: "blocked", reasons: [`delete of protected resource ${TOPIC("orders.order.created")}`] });
    });
});

describe("a preview that deletes everything", () => {
    // What a program that declares nothing previews against a deployed stack: only the root stays.
    const emptied = events(pre("same", STACK), pre("delete", TOPIC("a")), pre("delete", ACL("x")), pre("delete", urn("pulumi:providers:kafka", "kafka")), summary({ same: 1, delete: 3 }));
    it("is blocked, not ok, and says why", () => {
        const s = summarizePreview(emptied);
        expect(s).toMatchObject({ deletes: 3, remaining: 0 });
        const v = verdict(s, 0);
        expect(v.status).toBe("blocked");
        expect(v.reasons[0]).toMatch(/^deletes all 3 resources of the stack/);
    });
    it("a delete that leaves other resources in place is ok", () => {
        const s = summarizePreview(events(pre("same", STACK), pre("same", TOPIC("b")), pre("delete", TOPIC("a")), summary({ same: 2, delete: 1 })));
        expect(s.remaining).toBe(1);
        expect(verdict(s, 0).status).toBe("ok");
    });
    it("an empty stack previewed empty is ok", () => {
        expect(verdict(summarizePreview(events(pre("same", STACK), summary({ same: 1 }))), 0).status).toBe("ok");
    });
});

describe("a preview that did not run (real CLI output on this machine)", () => {
    const failure = "blocked: the CLI has no Node.js language host (no language plugin 'pulumi-language-nodejs' found in the workspace or on your $PATH)";
    it("digest mode printed {} and exit 1: an error, not an empty success", () => {
        const s = summarizePreview("{}\n");
        expect(s.completed).toBe(false);
        expect(verdict(s, 1, failure)).toEqual({ status: "error", reasons: [failure] });
    });
    it("event mode printed a lone cancel event and exit 1", () => {
        const s = summarizePreview('{"sequence":0,"timestamp":1795624129,"cancelEvent":{}}\n');
        expect(s).toMatchObject({ format: "events", completed: false, creates: 0 });
        expect(verdict(s, 1, failure).status).toBe("error");
    });
    it("an exit status 0 without a summary is still an error", () => {
        expect(verdict(summarizePreview(""), 0).status).toBe("error");
    });
});

describe("formatTable and exitStatusFor", () => {
    const row = (stack: string, out: string, status: number, failure?: string): TableRow => {
        const summary = summarizePreview(out);
        return { project: "kafka-topics", stack, summary, verdict: verdict(summary, status, failure) };
    };
    const ok = row("dev", events(pre("create", TOPIC("a")), pre("create", TOPIC("b")), policy("docker-image-digest", "warning"), summary({ create: 2 })), 0);
    const blocked = row("prod", events(pre("same", STACK), pre("same", TOPIC("b")), pre("delete", TOPIC("a"), true), summary({ same: 2, delete: 1 })), 0);
    const failed = row("staging", "{}", 1, "blocked: the CLI has no Node.js language host");

    it("prints one aligned row per stack with counts, violations and the result", () => {
        const lines = formatTable([ok, failed, blocked]).split("\n");
        expect(lines[0]).toBe("project       stack    creates  updates  replaces  deletes  policy violations  result");
        expect(lines[2]).toBe("kafka-topics  dev      2        0        0         0        1 (0 mandatory)    ok");
        expect(lines[3]).toBe("kafka-topics  staging  -        -        -         -        -                  error: blocked: the CLI has no Node.js language host");
        expect(lines[4]).toBe(`kafka-topics  prod     0        0        0         1        0                  blocked: delete of protected resource ${TOPIC("a")}`);
    });

    it("puts one line of a multi-line failure into the result cell", () => {
        const trace = "error: error: Running program '/w/topics' failed with an unhandled exception:\nConfigError: Invalid configuration in stack dev\n    at main (/w/topics/index.ts:40:15)\n    at process.processTicksAndRejections (node:internal)";
        const lines = formatTable([row("dev", "{}", 1, trace)]).split("\n");
        expect(lines).toHaveLength(3);
        expect(lines[2]).toMatch(/  error: ConfigError: Invalid configuration in stack dev$/);
        expect(oneLine("x".repeat(300))).toHaveLength(200);
    });

    it("exits 1 on a blocked change, 2 on a preview that did not run, else 0", () => {
        expect(exitStatusFor([ok])).toBe(0);
        expect(exitStatusFor([ok, failed])).toBe(2);
        expect(exitStatusFor([ok, failed, blocked])).toBe(1);
    });
});
