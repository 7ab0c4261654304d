// The kafka-guardrails pack as a whole: its entry point, its metadata, every policy's schema, and
// the shipped per-environment config files (advisory in dev, mandatory in production-class stacks).

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { PACK_NAME, packArgs, policies } from "../../policies/pack";
import { checkPackConfig, enforcementLevel, loadPackConfig, policyParams, schemaProblems, type PackConfig } from "./policy-harness";

const ROOT = path.resolve(__dirname, "../..");
const ENVS = ["dev", "staging", "prod"] as const;

describe("policy pack entry point", () => {
    it("policies/index.ts serves one PolicyPack named kafka-guardrails with every policy", async () => {
        const constructed: Array<{ name: string; args: typeof packArgs }> = [];
        vi.resetModules();
        vi.doMock("@pulumi/policy", () => ({
            PolicyPack: class { constructor(name: string, args: typeof packArgs) { constructed.push({ name, args }); } },
        }));
        try {
            await import("../../policies/index");
        } finally {
            vi.doUnmock("@pulumi/policy");
            vi.resetModules();
        }
        expect(constructed).toHaveLength(1);
        expect(constructed[0].name).toBe("kafka-guardrails");
        expect(constructed[0].args.policies.map(p => p.name)).toEqual(policies.map(p => p.name));
    });

    it("has the files `pulumi preview --policy-pack policies` needs: PulumiPolicy.yaml (nodejs) and a versioned package.json", () => {
        const yaml = parse(readFileSync(path.join(ROOT, "policies/PulumiPolicy.yaml"), "utf8"));
        expect(yaml.runtime).toBe("nodejs");
        expect(yaml.description).toMatch(/kafka-guardrails/);
        // PolicyPack's constructor reads the version from package.json in the pack's directory.
        const pkg = JSON.parse(readFileSync(path.join(ROOT, "policies/package.json"), "utf8"));
        expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
        expect(PACK_NAME).toMatch(/^[a-zA-Z0-9._-]+$/);
    });
});

describe("policies", () => {
    it("have unique kebab-case names, a description and a default enforcement level", () => {
        const names = policies.map(p => p.name);
        expect(new Set(names).size).toBe(names.length);
        for (const p of policies) {
            expect(p.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            expect(p.name).not.toBe("all");
            expect(p.description.length).toBeGreaterThan(20);
            expect(["advisory", "mandatory"]).toContain(p.enforcementLevel);
        }
    });

    it("declare a configSchema whose every parameter has a default that satisfies its own schema", () => {
        for (const p of policies) {
            expect(p.configSchema, p.name).toBeDefined();
            const props = p.configSchema!.properties;
            expect(props.enforcementLevel, `${p.name}: enforcementLevel is reserved`).toBeUndefined();
            for (const [k, s] of Object.entries(props)) {
                expect(typeof s === "object" && s.default !== undefined, `${p.name}.${k} has a default`).toBe(true);
                expect(schemaProblems(`${p.name}.${k}`, (s as { default: unknown }).default, s)).toEqual([]);
            }
        }
    });

    it("each has its own describe block with cases in the policy test files", () => {
        const sources = ["policies-cluster.test.ts", "policies-topics.test.ts", "policies-schemas.test.ts", "policies-strimzi.test.ts"].map(f => readFileSync(path.join(__dirname, f), "utf8")).join("\n");
        for (const p of policies) expect(sources, p.name).toMatch(new RegExp(`describe\\("${p.name}( \\(|")`));
    });
});

describe("policy config files", () => {
    it.each(ENVS)("%s.json is valid for the pack's schemas and configures every policy", env => {
        const cfg = loadPackConfig(env);
        expect(checkPackConfig(cfg)).toEqual([]);
        for (const p of policies) expect(Object.keys(cfg), `${env} configures ${p.name}`).toContain(p.name);
    });

    it("the validator itself catches a typo, a bad level and a mistyped value", () => {
        const bad: PackConfig = {
            all: "strict" as never,
            "topic-partition-bounds": {},
            "topic-partitions-bounds": { maxPartition: 3, minPartitions: "1" },
            "published-ports-bind-address": { allowedBindAddresses: [127] },
        };
        expect(checkPackConfig(bad)).toEqual([
            expect.stringContaining("all: enforcementLevel \"strict\""),
            expect.stringContaining("topic-partition-bounds: no such policy"),
            expect.stringContaining("topic-partitions-bounds.maxPartition: not in the policy's configSchema"),
            expect.stringContaining("topic-partitions-bounds.minPartitions: expected integer, got string"),
            expect.stringContaining("published-ports-bind-address.allowedBindAddresses[0]: expected string"),
        ]);
    });

    it("dev is advisory (or disabled) everywhere and not production-class", () => {
        const cfg = loadPackConfig("dev");
        expect(cfg.all).toEqual({ enforcementLevel: "advisory" });
        for (const p of policies) {
            expect(["advisory", "disabled"], p.name).toContain(enforcementLevel(p, cfg));
            if ("productionClass" in (p.configSchema?.properties ?? {})) expect(policyParams(p.name, cfg).productionClass, p.name).toBe(false);
        }
        expect(policyParams("kafka-ui-authentication", cfg).requireAuthentication).toBe(false);
    });

    it.each(["staging", "prod"] as const)("%s is production-class and mandatory, except the digest, standby-admin and produce-quota advice", env => {
        const cfg = loadPackConfig(env);
        expect(cfg.all).toEqual({ enforcementLevel: "mandatory" });
        for (const p of policies) {
            if (p.name === "docker-image-digest") expect(["advisory", "disabled"]).toContain(enforcementLevel(p, cfg));
            else if (p.name === "kafka-standby-admin" || p.name === "kafka-produce-quota") expect(enforcementLevel(p, cfg), p.name).toBe("advisory");
            else expect(enforcementLevel(p, cfg), p.name).toBe("mandatory");
            if ("productionClass" in (p.configSchema?.properties ?? {})) expect(policyParams(p.name, cfg).productionClass, p.name).toBe(true);
        }
        expect(policyParams("kafka-ui-authentication", cfg).requireAuthentication).toBe(true);
    });

    it("prod requires image digests; staging takes tags with a digest advice", () => {
        expect(policyParams("docker-image-pinned", loadPackConfig("prod")).requireDigest).toBe(true);
        expect(policyParams("docker-image-pinned", loadPackConfig("staging")).requireDigest).toBe(false);
        expect(enforcementLevel(policies.find(p => p.name === "docker-image-digest")!, loadPackConfig("staging"))).toBe("advisory");
    });
});
