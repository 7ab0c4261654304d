// The catalog's Protobuf files: read, parsed and turned into registry subjects before anything is
// declared (components/topics/schema-files.ts), and the normalization the subject resource diffs with.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../components/topics/catalog";
import { ConfigError } from "../../components/shared/config-error";
import { schemaSubjects } from "../../components/topics/schema-files";
import { normalizeProto } from "../../components/topics/schema-subject";

/** A topics folder with the given files under schemas/. */
function topicsDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "schema-files-"));
    for (const [f, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, "schemas", f)), { recursive: true });
        writeFileSync(join(dir, "schemas", f), text);
    }
    return dir;
}

const catalog = (valueFile: string, keyFile?: string) => parseCatalog(
    `topics:\n  - name: people.person.updated\n    partitions: 1\n    replicationFactor: 1\n    valueSchema:\n      file: ${valueFile}\n` +
    (keyFile ? `    keySchema:\n      file: ${keyFile}\n      compatibility: FULL\n` : ""), "catalog.yaml", "dev");

const PERSON = 'syntax = "proto3";\npackage people.v1;\nimport "common/v1/money.proto";\nimport "google/protobuf/timestamp.proto";\nmessage Person { string name = 1; common.v1.Money balance = 2; google.protobuf.Timestamp seen = 3; }\n';
const MONEY = 'syntax = "proto3";\npackage common.v1;\nimport "common/v1/currency.proto";\nmessage Money { common.v1.Currency currency = 1; int64 minor_units = 2; }\n';
const CURRENCY = 'syntax = "proto3";\npackage common.v1;\nmessage Currency { string code = 1; }\n';

function problems(dir: string, c = catalog("people/v1/person.proto")): string {
    try {
        schemaSubjects(c, dir);
    } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
    }
    throw new Error("expected the schemas to be refused");
}

describe("schemaSubjects", () => {
    it("gives each topic schema its <topic>-<role> subject, and each imported file a subject of its own, registered first", () => {
        const dir = topicsDir({ "people/v1/person.proto": PERSON, "common/v1/money.proto": MONEY, "common/v1/currency.proto": CURRENCY, "people/v1/key.proto": 'syntax = "proto3";\nmessage Key { int32 id = 1; }\n' });
        const subjects = schemaSubjects(catalog("people/v1/person.proto", "people/v1/key.proto"), dir);
        expect(subjects.map(s => [s.subject, s.compatibility, s.references.map(r => r.subject)])).toEqual([
            ["common/v1/currency.proto", "BACKWARD", []],
            ["common/v1/money.proto", "BACKWARD", ["common/v1/currency.proto"]],
            ["people.person.updated-key", "FULL", []],
            ["people.person.updated-value", "BACKWARD", ["common/v1/money.proto"]],
        ].sort((a, b) => (a[0] === "people.person.updated-key" && b[0] === "people.person.updated-value" ? -1 : 0)));
        const value = subjects.find(s => s.subject === "people.person.updated-value")!;
        // The well-known types are the registry's own: no reference, no subject.
        expect(value).toMatchObject({ file: "people/v1/person.proto", schema: PERSON, topic: { name: "people.person.updated", role: "value" } });
        expect(value.references).toEqual([{ name: "common/v1/money.proto", subject: "common/v1/money.proto" }]);
    });

    it("refuses a missing file, naming the catalog line that refers to it", () => {
        expect(problems(topicsDir({}))).toMatch(/catalog\.yaml:6 topics\[0\]\.valueSchema\.file \(found "people\/v1\/person\.proto"\) names topics\/schemas\/people\/v1\/person\.proto, which cannot be read \(ENOENT\); fix: create it, or give the path relative to topics\/schemas\//);
    });

    it("refuses an unparsable file, naming the .proto line and who uses it", () => {
        const dir = topicsDir({ "people/v1/person.proto": 'syntax = "proto3";\nmessage Person {\n  string name = ;\n}\n' });
        expect(problems(dir)).toMatch(/topics\/schemas\/people\/v1\/person\.proto:3 is not a valid Protobuf file: illegal id ';' \(used by catalog\.yaml:6 topics\[0\]\.valueSchema\.file\); fix: fix the \.proto file/);
    });

    it("refuses a file that declares nothing", () => {
        expect(problems(topicsDir({ "people/v1/person.proto": 'syntax = "proto3";\n// nothing yet\n' }))).toMatch(/person\.proto is not a valid Protobuf file: declares no message, enum or service/);
    });

    it("refuses a missing import, naming the import line", () => {
        const dir = topicsDir({ "people/v1/person.proto": PERSON, "common/v1/money.proto": MONEY });
        expect(problems(dir)).toMatch(/topics\/schemas\/common\/v1\/money\.proto:3 \(found "common\/v1\/currency\.proto"\) names topics\/schemas\/common\/v1\/currency\.proto, which cannot be read/);
    });

    it("refuses an import cycle", () => {
        const dir = topicsDir({
            "a.proto": 'syntax = "proto3";\nimport "b.proto";\nmessage A { int32 x = 1; }\n',
            "b.proto": 'syntax = "proto3";\nimport "a.proto";\nmessage B { int32 y = 1; }\n',
        });
        expect(problems(dir, catalog("a.proto"))).toMatch(/imports itself through schemas\/a\.proto -> schemas\/b\.proto -> schemas\/a\.proto; fix: Protobuf forbids import cycles/);
    });

    it("lists every problem at once", () => {
        const dir = topicsDir({ "k.proto": "message {" });
        const message = problems(dir, catalog("v.proto", "k.proto"));
        expect(message).toMatch(/2 problems/);
        expect(message).toMatch(/v\.proto, which cannot be read/);
        expect(message).toMatch(/k\.proto:1 is not a valid Protobuf file/);
    });

    it("declares nothing for a catalog without schemas", () => {
        const plain = parseCatalog("topics:\n  - name: t\n    partitions: 1\n    replicationFactor: 1\n", "catalog.yaml", "dev");
        expect(schemaSubjects(plain, topicsDir({}))).toEqual([]);
    });
});

describe("normalizeProto: formatting and comments are not a change", () => {
    const base = 'syntax = "proto3";\nmessage Person {\n  string name = 1;\n  int32 id = 2;\n}\n';
    it("ignores whitespace, line breaks and comments", () => {
        const reformatted = '// Person\nsyntax="proto3";  message Person { /* who */ string name=1; int32   id = 2; }';
        expect(normalizeProto(reformatted)).toBe(normalizeProto(base));
    });
    it("sees a changed type, number or name", () => {
        expect(normalizeProto(base.replace("int32 id", "string id"))).not.toBe(normalizeProto(base));
        expect(normalizeProto(base.replace("id = 2", "id = 3"))).not.toBe(normalizeProto(base));
        expect(normalizeProto(base.replace("name", "full_name"))).not.toBe(normalizeProto(base));
    });
    it("keeps the text of strings, comment markers inside them included", () => {
        const a = 'syntax = "proto3";\noption java_package = "a // b";\nmessage M { int32 x = 1; }';
        expect(normalizeProto(a)).toContain('"a // b"');
        expect(normalizeProto(a)).not.toBe(normalizeProto(a.replace('"a // b"', '"a  // b"')));
    });
});
