// Adopting a registry's subjects: a topic's Protobuf subjects become its valueSchema/keySchema and
// .proto files the stack reads back (imports at their import paths), and what cannot be adopted
// is reported, not guessed.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCatalogSources } from "../../components/topics/catalog";
import { adoptionFiles, catalogFromSnapshot } from "../../components/topics/catalog-adoption";
import { schemaSubjects } from "../../components/topics/schema-files";
import { adoptSubjects, type RegistrySubject } from "../../components/topics/schema-adoption";

const MONEY = 'syntax = "proto3";\npackage common.v1;\nmessage Money { string currency = 1; int64 units = 2; }\n';
const ORDER = 'syntax = "proto3";\npackage orders.v1;\nimport "common/v1/money.proto";\nmessage OrderCreated { string id = 1; common.v1.Money total = 2; }\n';
const KEY = 'syntax = "proto3";\npackage orders.v1;\nmessage OrderKey { string id = 1; }\n';

const subject = (s: Partial<RegistrySubject> & Pick<RegistrySubject, "subject" | "schema">): RegistrySubject =>
    ({ version: 1, schemaType: "PROTOBUF", references: [], compatibility: "BACKWARD", ...s });
const snapshot = { topics: ["orders.order.created", "orders.order.cancelled"].map(name => ({ name, partitions: 3, replicationFactor: 1, config: {} })), users: [], acls: [], quotas: [] };

const scratch = mkdtempSync(join(tmpdir(), "schema-adoption-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("adoptSubjects", () => {
    const registry = [
        subject({ subject: "orders.order.created-value", schema: ORDER, references: [{ name: "common/v1/money.proto", subject: "common/v1/money.proto", version: 1 }], compatibility: "FULL_TRANSITIVE" }),
        subject({ subject: "orders.order.created-key", schema: KEY }),
        subject({ subject: "common/v1/money.proto", schema: MONEY }),
        subject({ subject: "orders.order.cancelled-value", schemaType: "AVRO", schema: '{"type":"string"}' }),
        subject({ subject: "legacy-events", schema: KEY }),
    ];
    const adoption = catalogFromSnapshot(snapshot);
    const schemas = adoptSubjects(adoption, registry);

    it("writes each topic subject under adopted/ and each import at its import path", () => {
        expect(schemas.files.map(f => f.file)).toEqual(["adopted/orders.order.created-key.proto", "adopted/orders.order.created-value.proto", "common/v1/money.proto"]);
        expect(schemas.topicSubjects).toEqual(["orders.order.created-key", "orders.order.created-value"]);
        expect(schemas.importedSubjects).toEqual(["common/v1/money.proto"]);
    });

    it("reports what it cannot adopt: a non-Protobuf subject, a subject of no adopted topic", () => {
        expect(schemas.leftOut).toEqual([
            { subject: "legacy-events", reason: expect.stringMatching(/no adopted topic uses it/) },
            { subject: "orders.order.cancelled-value", reason: "a AVRO schema: the catalog's schemas are Protobuf files" },
        ]);
    });

    it("gives a catalog and files the stack reads back as the same subjects, levels and references", () => {
        const topicsDir = join(scratch, "topics");
        for (const f of schemas.files) {
            mkdirSync(dirname(join(topicsDir, "schemas", f.file)), { recursive: true });
            writeFileSync(join(topicsDir, "schemas", f.file), f.text);
        }
        const files = adoptionFiles(adoption, { kind: "file", name: "catalog.adopted.yaml" });
        const catalog = parseCatalogSources(files, "dev", { label: "catalog.adopted.yaml" });
        const subjects = schemaSubjects(catalog, topicsDir);
        expect(subjects.map(s => [s.subject, s.compatibility, s.references])).toEqual(expect.arrayContaining([
            ["orders.order.created-value", "FULL_TRANSITIVE", [{ name: "common/v1/money.proto", subject: "common/v1/money.proto" }]],
            ["orders.order.created-key", "BACKWARD", []],
        ]));
        expect(subjects.find(s => s.subject === "orders.order.created-value")!.schema).toBe(ORDER);
    });

    it("warns when an import's subject is not named by its import path, or is at another version", () => {
        const other = adoptSubjects(catalogFromSnapshot(snapshot), [
            subject({ subject: "orders.order.created-value", schema: ORDER, references: [{ name: "common/v1/money.proto", subject: "money", version: 1 }] }),
            subject({ subject: "money", schema: MONEY, version: 2 }),
        ]);
        expect(other.files.map(f => f.file)).toEqual(["adopted/orders.order.created-value.proto", "common/v1/money.proto"]);
        expect(other.warnings).toEqual([
            "subject orders.order.created-value imports version 1 of money; the file written is its latest version, 2",
            "common/v1/money.proto is subject money in the registry; the stack names an imported file's subject by its import path, so its first up registers common/v1/money.proto as a subject of its own",
        ]);
    });

    it("leaves out a subject whose import the registry does not list", () => {
        const broken = adoptSubjects(catalogFromSnapshot(snapshot), [
            subject({ subject: "orders.order.created-value", schema: ORDER, references: [{ name: "common/v1/money.proto", subject: "gone", version: 1 }] }),
        ]);
        expect(broken.files).toEqual([]);
        expect(broken.leftOut).toEqual([{ subject: "orders.order.created-value", reason: "one of its imports cannot be written (see the warnings)" }]);
    });
});
