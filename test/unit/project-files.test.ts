// A hostile catalog author against the files the topics stack reads: .proto imports and links
// that point out of topics/schemas/, catalog files that link out of topics/, hidden files, files
// that are not files, and .proto files too big to parse. Each is refused before anything is
// declared, and no refusal carries any content of a file outside the project.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../components/shared/config-error";
import { parseCatalog } from "../../components/topics/catalog";
import { readCatalog } from "../../components/topics/catalog-files";
import { readProjectFile } from "../../components/topics/project-files";
import { countProtoFields, PROTO_LIMITS, schemaSubjects } from "../../components/topics/schema-files";

const base = mkdtempSync(join(tmpdir(), "project-files-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A file outside the project whose content must never show up anywhere. */
const SECRET = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";
const outside = join(base, "home", "secret.env");
mkdirSync(dirname(outside), { recursive: true });
writeFileSync(outside, `${SECRET}\n`);
const outsideYaml = join(base, "home", "other.yaml");
writeFileSync(outsideYaml, `topics:\n  - name: ${SECRET}\n    partitions: 1\n    replicationFactor: 1\n`);

let n = 0;
/** A fresh topics folder with the given files (paths relative to it). */
function topicsDir(files: Record<string, string>): string {
    const dir = join(base, `topics-${++n}`);
    for (const [f, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        writeFileSync(join(dir, f), text);
    }
    mkdirSync(join(dir, "schemas"), { recursive: true });
    return dir;
}

const withValueSchema = (file: string) => parseCatalog(
    `topics:\n  - name: people.person.updated\n    partitions: 1\n    replicationFactor: 1\n    valueSchema:\n      file: ${file}\n`, "catalog.yaml", "dev");

function refusal(run: () => unknown): string {
    try {
        run();
    } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        const message = (e as Error).message;
        expect(message).not.toContain(SECRET);
        expect(message).not.toContain("AWS_SECRET_ACCESS_KEY");
        return message;
    }
    throw new Error("expected a refusal");
}

describe(".proto files stay inside topics/schemas/", () => {
    it("refuses an import that climbs out with ../, without opening the file it names", () => {
        const up = relative(join(base, "x", "schemas", "people", "v1"), outside);
        const dir = topicsDir({ "schemas/people/v1/person.proto": `syntax = "proto3";\nimport "${up}";\nmessage Person { string name = 1; }\n` });
        const message = refusal(() => schemaSubjects(withValueSchema("people/v1/person.proto"), dir));
        expect(message).toMatch(/topics\/schemas\/people\/v1\/person\.proto:2 \(found "[^"]*secret\.env"\) names topics\/schemas\/[^ ]*secret\.env, which points out of topics\/schemas\/ .*; fix: keep every \.proto file and import inside topics\/schemas\//);
    });

    it("refuses an absolute import", () => {
        const dir = topicsDir({ "schemas/a.proto": `syntax = "proto3";\nimport "${outside}";\nmessage A { string a = 1; }\n` });
        expect(refusal(() => schemaSubjects(withValueSchema("a.proto"), dir))).toMatch(/points out of topics\/schemas\//);
    });

    it("refuses a .proto file that is a symbolic link to a file outside", () => {
        const dir = topicsDir({});
        symlinkSync(outside, join(dir, "schemas", "linked.proto"));
        expect(refusal(() => schemaSubjects(withValueSchema("linked.proto"), dir))).toMatch(/names topics\/schemas\/linked\.proto, which points out of topics\/schemas\//);
    });

    it("refuses an import through a linked folder that leads outside", () => {
        const dir = topicsDir({ "schemas/a.proto": `syntax = "proto3";\nimport "home/secret.env";\nmessage A { string a = 1; }\n` });
        symlinkSync(dirname(outside), join(dir, "schemas", "home"));
        expect(refusal(() => schemaSubjects(withValueSchema("a.proto"), dir))).toMatch(/names topics\/schemas\/home\/secret\.env, which points out of/);
    });

    it("still follows a link that stays inside topics/schemas/", () => {
        const dir = topicsDir({ "schemas/real/a.proto": `syntax = "proto3";\nmessage A { string a = 1; }\n` });
        symlinkSync(join(dir, "schemas", "real"), join(dir, "schemas", "alias"));
        expect(schemaSubjects(withValueSchema("alias/a.proto"), dir).map(s => s.subject)).toEqual(["people.person.updated-value"]);
    });

    it("refuses a named pipe instead of waiting on it", () => {
        const dir = topicsDir({});
        execFileSync("mkfifo", [join(dir, "schemas", "pipe.proto")]);
        expect(refusal(() => schemaSubjects(withValueSchema("pipe.proto"), dir))).toMatch(/names topics\/schemas\/pipe\.proto, which is not a regular file/);
    });
});

describe(".proto limits, checked before parsing", () => {
    const fields = (count: number) => `syntax = "proto3";\nmessage Big {\n${Array.from({ length: count }, (_, i) => `  string f${i} = ${i + 1};`).join("\n")}\n}\n`;

    it("counts fields and enum values without parsing", () => {
        expect(countProtoFields('enum E { A = 0; B = 1 [deprecated = true]; }\nmessage M { string a = 1; map<string, int32> m = 0x2; reserved 3; }')).toBe(4);
    });

    it(`refuses a file with more than ${PROTO_LIMITS.maxFields} fields, at once`, () => {
        // Well under the size limit: the count alone refuses it, before the parser (whose time grows with the square of the fields).
        const dir = topicsDir({ "schemas/big.proto": fields(4_000) });
        expect(refusal(() => schemaSubjects(withValueSchema("big.proto"), dir)))
            .toMatch(/topics\/schemas\/big\.proto declares 4000 fields and enum values, more than the 1000 allowed per file/);
    });

    it(`refuses a file bigger than ${PROTO_LIMITS.maxBytes} bytes before reading it`, () => {
        const dir = topicsDir({ "schemas/huge.proto": `syntax = "proto3";\n// ${"x".repeat(PROTO_LIMITS.maxBytes)}\nmessage A { string a = 1; }\n` });
        expect(refusal(() => schemaSubjects(withValueSchema("huge.proto"), dir))).toMatch(/names topics\/schemas\/huge\.proto, which is \d+ bytes, more than the 131072 bytes allowed; fix: split the file/);
    });

    it("accepts a file at the field limit", () => {
        const dir = topicsDir({ "schemas/ok.proto": fields(PROTO_LIMITS.maxFields) });
        expect(schemaSubjects(withValueSchema("ok.proto"), dir)).toHaveLength(1);
    });
});

describe("catalog files stay inside topics/", () => {
    const TOPIC = "topics:\n  - name: orders.order.created\n    partitions: 1\n    replicationFactor: 1\n";
    const ctx = { project: "kafka-topics", stack: "dev" };

    it("refuses a catalog directory entry that is a symbolic link to a YAML file outside", () => {
        const dir = topicsDir({ "catalog/orders.yaml": TOPIC });
        symlinkSync(outsideYaml, join(dir, "catalog", "zz-link.yaml"));
        expect(refusal(() => readCatalog({ topicsDir: dir, catalog: "catalog" }, "dev", undefined, ctx)))
            .toMatch(/kafka-topics:catalog \(found "catalog"\) has catalog\/zz-link\.yaml, which points out of topics\//);
    });

    it("refuses a catalog setting that is a link out of the topics folder, or the folder itself", () => {
        const dir = topicsDir({});
        symlinkSync(outsideYaml, join(dir, "catalog.yaml"));
        expect(refusal(() => readCatalog({ topicsDir: dir, catalog: "catalog.yaml" }, "dev", undefined, ctx)))
            .toMatch(/kafka-topics:catalog \(found "catalog\.yaml"\) must be a file or directory inside the topics folder/);
        expect(refusal(() => readCatalog({ topicsDir: dir, catalog: "." }, "dev", undefined, ctx))).toMatch(/must be a file or directory inside the topics folder/);
    });

    it("skips hidden files in a catalog directory", () => {
        const dir = topicsDir({ "catalog/orders.yaml": TOPIC, "catalog/.backup.yaml": "this: [is not a catalog" });
        expect(readCatalog({ topicsDir: dir, catalog: "catalog" }, "dev", undefined, ctx).topics.map(t => t.name)).toEqual(["orders.order.created"]);
    });

    it("reads a catalog file through a link that stays inside", () => {
        const dir = topicsDir({ "catalogs/main.yaml": TOPIC });
        symlinkSync(join(dir, "catalogs", "main.yaml"), join(dir, "catalog.yaml"));
        expect(readCatalog({ topicsDir: dir, catalog: "catalog.yaml" }, "dev", undefined, ctx).topics).toHaveLength(1);
    });

    it("reads nothing outside the folder it is given", () => {
        const dir = topicsDir({});
        expect(readProjectFile(dir, relative(dir, outside), { shown: "topics", maxBytes: 1024 })).toMatchObject({ ok: false, reason: "outside" });
        expect(readProjectFile(dir, outside, { shown: "topics", maxBytes: 1024 })).toMatchObject({ ok: false, reason: "outside" });
    });
});
