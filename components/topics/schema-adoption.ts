// Pure: a schema registry's subjects adopted into a catalog made by catalog-adoption.ts. Each
// adopted topic's `<topic>-value` and `<topic>-key` subject (the topic-name strategy) becomes a
// .proto file under topics/schemas/ and the topic's valueSchema or keySchema; every file a schema
// imports is written at its import path, where the stack resolves imports from. Only Protobuf
// subjects can be adopted (the catalog's schemas are .proto files); the rest are reported.

import { DEFAULT_COMPATIBILITY, SCHEMA_ROLES, type SchemaRole } from "./catalog-schema";
import type { Adoption } from "./catalog-adoption";

/** A subject's latest version, as the registry's Confluent-compatible API gives it. */
export interface RegistrySubject {
    subject: string;
    version: number;
    /** PROTOBUF, AVRO or JSON. */
    schemaType: string;
    schema: string;
    references: { name: string; subject: string; version: number }[];
    /** The subject's compatibility level (its own, or the registry's default). */
    compatibility: string;
}

/** A .proto file to write, relative to topics/schemas/. */
export interface SchemaFile {
    file: string;
    text: string;
}

export interface SchemaAdoption {
    files: SchemaFile[];
    /** Subjects adopted as a topic's schema, and subjects written as imported files. */
    topicSubjects: string[];
    importedSubjects: string[];
    /** Subjects left out, with the reason; they stay in the registry untouched. */
    leftOut: { subject: string; reason: string }[];
    warnings: string[];
}

type SchemaRef = { file: string; compatibility?: string };
type TopicDoc = { name: string } & Partial<Record<`${SchemaRole}Schema`, SchemaRef>>;

/**
 * Adds the registry's subjects to `adoption` (its topics gain valueSchema/keySchema) and returns the
 * files to write: a topic's schema as `<dir>/<topic>-<role>.proto`, an imported file at its import path.
 */
export function adoptSubjects(adoption: Adoption, subjects: readonly RegistrySubject[], dir = "adopted"): SchemaAdoption {
    const bySubject = new Map(subjects.map(s => [s.subject, s]));
    const files = new Map<string, SchemaFile>();
    const out: SchemaAdoption = { files: [], topicSubjects: [], importedSubjects: [], leftOut: [], warnings: [] };
    const used = new Set<string>();

    /** The imports of a subject, written at their import paths; false when one cannot be. */
    const writeImports = (s: RegistrySubject, seen: Set<string>): boolean => {
        for (const ref of s.references) {
            const target = bySubject.get(ref.subject);
            if (!target) {
                out.warnings.push(`subject ${s.subject} imports ${ref.name} from subject ${ref.subject}, which the registry does not list`);
                return false;
            }
            if (target.version !== ref.version) {
                out.warnings.push(`subject ${s.subject} imports version ${ref.version} of ${ref.subject}; the file written is its latest version, ${target.version}`);
            }
            if (ref.subject !== ref.name) {
                out.warnings.push(`${ref.name} is subject ${ref.subject} in the registry; the stack names an imported file's subject by its import path, so its first up registers ${ref.name} as a subject of its own`);
            }
            const existing = files.get(ref.name);
            if (existing && existing.text !== target.schema) {
                out.warnings.push(`${ref.name} is imported with two different contents (subject ${ref.subject} and another); only the first is written`);
                return false;
            }
            files.set(ref.name, { file: ref.name, text: target.schema });
            used.add(ref.subject);
            if (!out.importedSubjects.includes(ref.subject)) out.importedSubjects.push(ref.subject);
            if (!seen.has(ref.subject) && !writeImports(target, new Set([...seen, ref.subject]))) return false;
        }
        return true;
    };

    for (const topic of (adoption.document.topics ?? []) as TopicDoc[]) {
        for (const role of SCHEMA_ROLES) {
            const s = bySubject.get(`${topic.name}-${role}`);
            if (!s) continue;
            used.add(s.subject);
            if (s.schemaType.toUpperCase() !== "PROTOBUF") {
                out.leftOut.push({ subject: s.subject, reason: `a ${s.schemaType} schema: the catalog's schemas are Protobuf files` });
                continue;
            }
            if (!writeImports(s, new Set([s.subject]))) {
                out.leftOut.push({ subject: s.subject, reason: "one of its imports cannot be written (see the warnings)" });
                continue;
            }
            const file = `${dir}/${s.subject}.proto`;
            files.set(file, { file, text: s.schema });
            topic[`${role}Schema`] = { file, ...(s.compatibility !== DEFAULT_COMPATIBILITY ? { compatibility: s.compatibility } : {}) };
            out.topicSubjects.push(s.subject);
        }
    }
    for (const s of subjects) {
        if (!used.has(s.subject)) out.leftOut.push({ subject: s.subject, reason: "no adopted topic uses it (subjects are adopted as <topic>-value and <topic>-key)" });
    }
    out.files = [...files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    out.topicSubjects.sort();
    out.importedSubjects.sort();
    out.leftOut.sort((a, b) => (a.subject < b.subject ? -1 : 1));
    return out;
}
