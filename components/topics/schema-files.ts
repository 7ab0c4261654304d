// Reads the catalog's Protobuf files for one environment and turns them into the registry subjects
// the stack declares: one per topic schema (`<topic>-key`, `<topic>-value`, the topic-name
// strategy), and one per imported file, named by its import path, which the importing subject
// references (the registry resolves an import through such a reference). Every file is parsed
// (protobufjs) before anything is declared, and every problem names the catalog line that refers to
// the file, or the .proto line that is wrong.

import * as path from "node:path";
import { ConfigError, configErrorReport, type ConfigProblem } from "../shared/config-error";
import { DEFAULT_COMPATIBILITY, SCHEMAS_DIR, type CompatibilityLevel, type SchemaRole } from "./catalog-schema";
import type { Catalog, SchemaSpec } from "./catalog";
import { readProjectFile } from "./project-files";

/**
 * Bounds on one .proto file, checked before it is parsed: the parser's time grows with the square
 * of a message's fields (1,000 fields: about half a second; 20,000: 44 s), and the file's text is
 * kept in the stack's state and shown in previews.
 */
export const PROTO_LIMITS = { maxBytes: 128 * 1024, maxFields: 1_000 } as const;

/** Field and enum-value declarations (`name = 3;`, `name = 3 [...]`), counted without parsing. */
export function countProtoFields(text: string): number {
    return text.match(/=\s*-?(?:0x[0-9a-fA-F]+|\d+)\s*[;\[]/g)?.length ?? 0;
}

/** One subject to register: its schema text, its level, and the subjects of the files it imports. */
export interface SubjectSpec {
    subject: string;
    /** The .proto file, relative to topics/schemas/ (for messages). */
    file: string;
    schema: string;
    compatibility: CompatibilityLevel;
    /** One per import: the import path as written (the reference's name) and its subject. */
    references: { name: string; subject: string }[];
    /** Set for a topic's own schema; unset for an imported file. */
    topic?: { name: string; role: SchemaRole };
}

/** Imports the registry knows by itself (Protobuf's well-known types). */
const WELL_KNOWN = /^google\/protobuf\//;

export const subjectName = (topic: string, role: SchemaRole) => `${topic}-${role}`;

interface ParsedFile {
    text: string;
    imports: string[];
}

/**
 * The subjects of the catalog's schemas in this environment, imported files first (each once), in
 * an order in which every reference is registered before the subject that uses it. Throws one
 * ConfigError listing every missing or unparsable file.
 */
export function schemaSubjects(catalog: Pick<Catalog, "file" | "environment" | "topics">, topicsDir: string): SubjectSpec[] {
    const root = path.join(topicsDir, SCHEMAS_DIR);
    const shown = (f: string) => `${SCHEMAS_DIR}/${f}`;
    const problems: ConfigProblem[] = [];
    const parsed = new Map<string, ParsedFile | undefined>();
    const imported: SubjectSpec[] = [];

    /** Reads, parses and records one file and, depth first, what it imports. */
    const load = (file: string, referrer: string, importing: string[]): ParsedFile | undefined => {
        if (importing.includes(file)) {
            problems.push({ key: referrer, value: file, problem: `imports itself through ${[...importing, file].map(shown).join(" -> ")}`, fix: "Protobuf forbids import cycles: move the shared messages into a file of their own" });
            return undefined;
        }
        if (parsed.has(file)) return parsed.get(file);
        const read = readProjectFile(root, file, { shown: `topics/${SCHEMAS_DIR}`, maxBytes: PROTO_LIMITS.maxBytes });
        if (!read.ok) {
            const fix = {
                outside: `keep every .proto file and import inside topics/${SCHEMAS_DIR}/ (paths relative to it, no ../, no links out of it)`,
                "too-big": `split the file (at most ${PROTO_LIMITS.maxBytes} bytes per .proto file)`,
                unreadable: `create it, or give the path relative to topics/${SCHEMAS_DIR}/`,
            }[read.reason];
            problems.push({ key: referrer, value: file, problem: `names topics/${shown(file)}, which ${read.problem}`, fix });
            parsed.set(file, undefined);
            return undefined;
        }
        const text = read.text;
        const fields = countProtoFields(text);
        if (fields > PROTO_LIMITS.maxFields) {
            problems.push({
                key: `topics/${shown(file)}`, problem: `declares ${fields} fields and enum values, more than the ${PROTO_LIMITS.maxFields} allowed per file (used by ${referrer})`,
                fix: "split the messages across files (imports keep them together), or move rarely used fields into nested messages",
            });
            parsed.set(file, undefined);
            return undefined;
        }
        let imports: string[];
        try {
            const result = protobuf().parse(text, { keepCase: true });
            imports = [...(result.imports ?? []), ...(result.weakImports ?? [])];
            if (result.root.nestedArray.length === 0 && imports.length === 0) throw new Error("declares no message, enum or service");
        } catch (e) {
            const message = (e as Error).message;
            const line = /\(line (\d+)\)/.exec(message)?.[1];
            problems.push({
                key: `topics/${shown(file)}${line ? `:${line}` : ""}`,
                problem: `is not a valid Protobuf file: ${message.replace(/\s*\(line \d+\)/, "")} (used by ${referrer})`,
                fix: "fix the .proto file (protoc --proto_path=topics/schemas reports the same)",
            });
            parsed.set(file, undefined);
            return undefined;
        }
        const entry: ParsedFile = { text, imports: imports.filter(i => !WELL_KNOWN.test(i)) };
        parsed.set(file, entry);
        for (const dep of entry.imports) {
            const at = lineOfImport(text, dep);
            if (load(dep, `topics/${shown(file)}${at ? `:${at}` : ""}`, [...importing, file]) && !imported.some(s => s.subject === dep)) {
                imported.push(subjectOfFile(dep, parsed.get(dep)!));
            }
        }
        return entry;
    };

    const own: SubjectSpec[] = [];
    for (const topic of catalog.topics) {
        for (const spec of topic.schemas) {
            const file = load(spec.file, where(spec), []);
            if (!file) continue;
            own.push({ ...subjectOfFile(spec.file, file), subject: subjectName(topic.name, spec.role), compatibility: spec.compatibility, topic: { name: topic.name, role: spec.role } });
        }
    }
    if (problems.length > 0) throw new ConfigError(configErrorReport(`the schemas of catalog ${catalog.file} (environment ${catalog.environment})`, problems), problems);
    return [...imported, ...own];
}

function subjectOfFile(file: string, parsed: ParsedFile): SubjectSpec {
    return {
        subject: file,
        file,
        schema: parsed.text,
        compatibility: DEFAULT_COMPATIBILITY,
        references: parsed.imports.map(name => ({ name, subject: name })),
    };
}

function where(spec: SchemaSpec): string {
    return `${spec.fileAt.file}${spec.fileAt.line ? `:${spec.fileAt.line}` : ""} ${spec.fileAt.path}`;
}

function lineOfImport(text: string, dep: string): number | undefined {
    const i = text.split("\n").findIndex(l => /^\s*import\b/.test(l) && l.includes(`"${dep}"`));
    return i < 0 ? undefined : i + 1;
}

/**
 * Schemas need a registry: refuses a catalog with subjects when neither the cluster stack nor this
 * stack's config names one, at the catalog line of the first schema.
 */
export function checkSchemaRegistry(catalog: Pick<Catalog, "topics">, subjects: SubjectSpec[], registryUrl: string | undefined, ctx: { stack: string; clusterStack?: string }): void {
    if (subjects.length === 0 || registryUrl !== undefined) return;
    const first = catalog.topics.flatMap(t => t.schemas)[0];
    const problems: ConfigProblem[] = [{
        key: where(first),
        problem: `declares a schema, but ${ctx.clusterStack ? `the cluster stack ${ctx.clusterStack} has no schema registry` : "this stack knows no schema registry"}`,
        fix: ctx.clusterStack
            ? "(cd .. && pulumi config set schemaRegistryEnabled true && pulumi up), or pulumi config set schemaRegistryUrl <URL of a running registry>"
            : "pulumi config set schemaRegistryUrl <URL of the registry>",
    }];
    throw new ConfigError(configErrorReport(`stack ${ctx.stack}`, problems), problems);
}

/** protobufjs, loaded on the first .proto file: a catalog without schemas does not pay for loading it on every run. */
function protobuf(): typeof import("protobufjs") {
    return require("protobufjs") as typeof import("protobufjs");
}
