// Provider settings (from the cluster stack's outputs or explicit config), the topics stack's
// config validation, and the data-safety guard: all pure.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exposureWarnings, parseClusterConfig } from "../../components/cluster/cluster-config";
import { ConfigError } from "../../components/shared/config-error";
import { passwordProblem } from "../../components/shared/password-rule";
import { plainTextLeaves } from "../../components/shared/stack-config";
import { parseCatalog, type Catalog } from "../../components/topics/catalog";
import { checkSecurityForCatalog, connectionFromClusterOutputs, providerArgs } from "../../components/topics/kafka-connection";
import { checkTopicChanges } from "../../components/topics/topic-safety";
import { checkUserPasswords, parseTopicsConfig } from "../../components/topics/topics-config";

describe("providerArgs", () => {
    const base = { bootstrapServers: ["localhost:9092"], source: "test" };

    it("sets tlsEnabled false explicitly for PLAINTEXT, and no SASL", () => {
        expect(providerArgs({ ...base, securityProtocol: "PLAINTEXT" })).toEqual({ bootstrapServers: ["localhost:9092"], tlsEnabled: false });
    });

    it("maps SASL_PLAINTEXT + PLAIN to the provider's plain, without TLS", () => {
        expect(providerArgs({ ...base, securityProtocol: "SASL_PLAINTEXT", saslMechanism: "PLAIN", saslUsername: "admin" }, "pw")).toEqual({
            bootstrapServers: ["localhost:9092"], tlsEnabled: false, saslMechanism: "plain", saslUsername: "admin", saslPassword: "pw",
        });
    });

    it("maps SASL_SSL + SCRAM-SHA-512 to scram-sha512 with TLS, and SCRAM-SHA-256 to scram-sha256", () => {
        expect(providerArgs({ ...base, securityProtocol: "SASL_SSL", saslMechanism: "SCRAM-SHA-512", saslUsername: "a" }, "pw"))
            .toMatchObject({ tlsEnabled: true, saslMechanism: "scram-sha512" });
        expect(providerArgs({ ...base, securityProtocol: "SASL_SSL", saslMechanism: "SCRAM-SHA-256", saslUsername: "a" }, "pw"))
            .toMatchObject({ saslMechanism: "scram-sha256" });
        expect(providerArgs({ ...base, securityProtocol: "SSL" })).toEqual({ bootstrapServers: ["localhost:9092"], tlsEnabled: true });
    });

    it("refuses SASL without a password", () => {
        expect(() => providerArgs({ ...base, securityProtocol: "SASL_SSL", saslMechanism: "PLAIN", saslUsername: "a" })).toThrow(/needs a SASL mechanism, user and password/);
    });
});

describe("connectionFromClusterOutputs", () => {
    it("reads the dev cluster stack's outputs", () => {
        expect(connectionFromClusterOutputs({ bootstrapServers: "localhost:9092,localhost:9093", securityProtocol: "PLAINTEXT", brokerCount: 2 }, "organization/kafka-cluster/dev", false))
            .toEqual({ bootstrapServers: ["localhost:9092", "localhost:9093"], securityProtocol: "PLAINTEXT", saslMechanism: undefined, saslUsername: undefined, brokerCount: 2, source: "cluster stack organization/kafka-cluster/dev" });
    });

    it("reads the SASL settings of a sasl cluster stack", () => {
        expect(connectionFromClusterOutputs({ bootstrapServers: "localhost:29092", securityProtocol: "SASL_PLAINTEXT", saslMechanism: "PLAIN", adminUser: "admin", brokerCount: 3 }, "s", true))
            .toMatchObject({ securityProtocol: "SASL_PLAINTEXT", saslMechanism: "PLAIN", saslUsername: "admin" });
    });

    it("says to deploy the cluster stack when it has no outputs", () => {
        expect(() => connectionFromClusterOutputs({}, "organization/kafka-cluster/dev", false))
            .toThrow(/organization\/kafka-cluster\/dev output bootstrapServers is missing.*pulumi stack select dev && pulumi up/);
    });

    it("names each missing SASL output", () => {
        expect(() => connectionFromClusterOutputs({ bootstrapServers: "localhost:29092", securityProtocol: "SASL_PLAINTEXT" }, "c", false))
            .toThrow(/3 problems[\s\S]*c output saslMechanism[\s\S]*c output adminUser is required[\s\S]*c output adminPassword is required/);
    });
});

describe("checkSecurityForCatalog (users and ACLs need SASL)", () => {
    const TOPIC = "topics:\n  - name: orders.order.created\n    partitions: 3\n    replicationFactor: 1\n";
    const topicsOnly = parseCatalog(TOPIC, "catalog.yaml", "dev");
    const withUser = parseCatalog(`${TOPIC}users:\n  - name: orders-api\n`, "catalog.yaml", "dev");
    const withService = parseCatalog(`${TOPIC}externalPrincipals: [User:etl]\nservices:\n  - name: etl\n    principal: User:etl\n    consumes: [orders.order.created]\n`, "catalog.yaml", "dev");
    const withAcl = parseCatalog(`${TOPIC}externalPrincipals: [User:ops]\nacls:\n  - principal: User:ops\n    resourceType: cluster\n    operation: Describe\n    permission: allow\n`, "catalog.yaml", "dev");
    const clusterCtx = { namespace: "kafka-topics", stack: "dev", clusterStack: "organization/kafka-cluster/dev" };
    const externalCtx = { namespace: "kafka-topics", stack: "prod" };
    const thrown = (f: () => void): ConfigError => {
        try { f(); } catch (e) { return e as ConfigError; }
        throw new Error("expected a ConfigError");
    };

    it("lets any catalog through a SASL connection", () => {
        for (const p of ["SASL_PLAINTEXT", "SASL_SSL"] as const) {
            for (const c of [topicsOnly, withUser, withService, withAcl]) expect(() => checkSecurityForCatalog({ securityProtocol: p }, c, clusterCtx)).not.toThrow();
        }
    });

    it("lets a catalog with only topics use a PLAINTEXT or SSL cluster", () => {
        expect(() => checkSecurityForCatalog({ securityProtocol: "PLAINTEXT" }, topicsOnly, clusterCtx)).not.toThrow();
        expect(() => checkSecurityForCatalog({ securityProtocol: "SSL" }, topicsOnly, externalCtx)).not.toThrow();
    });

    it.each([["a user", withUser, /declares 1 user:/], ["a service role", withService, /declares 1 service:/], ["an explicit ACL", withAcl, /declares 1 ACL:/]])(
        "refuses %s on a PLAINTEXT cluster stack, naming the stack, the protocol and the fix", (_n, catalog, declares) => {
            const e = thrown(() => checkSecurityForCatalog({ securityProtocol: "PLAINTEXT" }, catalog, clusterCtx));
            expect(e).toBeInstanceOf(ConfigError);
            expect(e.message).toContain("Invalid configuration in stack dev: 1 problem, nothing was changed.");
            expect(e.message).toContain("organization/kafka-cluster/dev output securityProtocol (found \"PLAINTEXT\") is not SASL");
            expect(e.message).toMatch(declares);
            expect(e.message).toContain("(cd .. && pulumi config set security sasl && openssl rand -base64 24 | tr -d '\\n' | pulumi config set --secret adminPassword && pulumi up)");
            expect(e.problems).toHaveLength(1);
            expect(e.problems[0]).toMatchObject({ key: "organization/kafka-cluster/dev output securityProtocol", value: "PLAINTEXT" });
        });

    it("refuses users on an external SSL cluster, naming the bootstrapServers key and a SASL fix", () => {
        const e = thrown(() => checkSecurityForCatalog({ securityProtocol: "SSL" }, withUser, externalCtx));
        expect(e.message).toContain("kafka-topics:bootstrapServers is reached with securityProtocol SSL, without SASL, but catalog.yaml declares 1 user");
        expect(e.message).toContain("pulumi config set securityProtocol SASL_SSL");
        expect(e.message).toContain("pulumi config set --secret adminPassword < <file holding the password>");
    });
});

describe("parseTopicsConfig", () => {
    const ctx = { namespace: "kafka-topics", project: "kafka-topics", stack: "dev", organization: "organization", hasAdminPassword: false };

    it("defaults: catalog.yaml (no slice), environment = stack, the cluster stack of the same name, unprotected dev, no adoption", () => {
        expect(parseTopicsConfig({}, ctx)).toEqual({
            catalog: "catalog.yaml", catalogSlice: undefined, environment: "dev", clusterStack: "organization/kafka-cluster/dev", explicit: undefined,
            previousOutputsStack: "organization/kafka-topics/dev", protectTopics: false, adoptExistingTopics: false, adoptExisting: false, kafkaVersion: undefined,
        });
    });

    it("reads a catalog directory's slice and the one-off adoption switches", () => {
        expect(parseTopicsConfig({ catalog: "catalog", catalogSlice: "orders.yaml, payments.yml", adoptExistingTopics: "true" }, ctx))
            .toMatchObject({ catalog: "catalog", catalogSlice: ["orders.yaml", "payments.yml"], adoptExistingTopics: true, adoptExisting: false });
        expect(parseTopicsConfig({ adoptExisting: "true" }, ctx)).toMatchObject({ adoptExistingTopics: false, adoptExisting: true });
    });

    it("protects topics by default in staging and prod", () => {
        expect(parseTopicsConfig({}, { ...ctx, stack: "staging" }).protectTopics).toBe(true);
        expect(parseTopicsConfig({ environment: "prod" }, { ...ctx, stack: "eu-1" }).protectTopics).toBe(true);
        expect(parseTopicsConfig({ protectTopics: "false" }, { ...ctx, stack: "prod" }).protectTopics).toBe(false);
    });

    it("builds an explicit connection for an external cluster", () => {
        const cfg = parseTopicsConfig({ bootstrapServers: "b1:9096,b2:9096", securityProtocol: "SASL_SSL", adminUser: "ops", brokerCount: "5", tlsSystemRoots: "true" }, { ...ctx, hasAdminPassword: true });
        expect(cfg.clusterStack).toBeUndefined();
        expect(cfg.explicit).toEqual({ bootstrapServers: ["b1:9096", "b2:9096"], securityProtocol: "SASL_SSL", saslMechanism: "SCRAM-SHA-512", saslUsername: "ops", brokerCount: 5, source: "stack config" });
    });

    it.each([
        ["unknown key", { catalogue: "x.yaml" }, false, /kafka-topics:catalogue \(found "x\.yaml"\) is not a setting of this stack/],
        ["unknown environment", { environment: "qa" }, false, /kafka-topics:environment \(found "qa"\) must be one of dev, staging, prod/],
        ["both a cluster stack and bootstrap servers", { clusterStack: "organization/kafka-cluster/dev", bootstrapServers: "b:9092" }, false, /kafka-topics:clusterStack .* cannot be combined with bootstrapServers/],
        ["SASL without the admin password", { bootstrapServers: "b:9096", securityProtocol: "SASL_SSL", adminUser: "ops" }, false, /kafka-topics:adminPassword is required with securityProtocol SASL_SSL.*pulumi config set --secret adminPassword/],
        ["bad bootstrap list", { bootstrapServers: "b1,b2" }, false, /kafka-topics:bootstrapServers \(found "b1,b2"\) must be a comma-separated list of host:port/],
        ["explicit-only key without bootstrapServers", { securityProtocol: "SASL_SSL" }, false, /kafka-topics:securityProtocol .* is only used with bootstrapServers/],
        ["a slice of a single-file catalog", { catalogSlice: "orders.yaml" }, false, /kafka-topics:catalogSlice \(found "orders\.yaml"\) only applies to a catalog directory \(catalog is the file catalog\.yaml\)/],
        ["a slice that is not a list of .yaml names", { catalog: "catalog", catalogSlice: "../orders.yaml" }, false, /kafka-topics:catalogSlice \(found "\.\.\/orders\.yaml"\) must be a comma-separated list of \.yaml file names/],
        ["unknown SASL mechanism", { bootstrapServers: "b:9096", securityProtocol: "SASL_SSL", adminUser: "a", saslMechanism: "GSSAPI" }, true, /kafka-topics:saslMechanism \(found "GSSAPI"\) must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512/],
    ])("refuses %s", (_n, raw, hasPw, message) => {
        expect(() => parseTopicsConfig(raw as Record<string, string>, { ...ctx, hasAdminPassword: hasPw })).toThrow(message);
    });

    it("takes the registry URL in one spelling", () => {
        expect(parseTopicsConfig({ schemaRegistryUrl: "HTTP://Registry.Example:80/" }, ctx).schemaRegistryUrl).toBe("http://registry.example");
        expect(parseTopicsConfig({ schemaRegistryUrl: "https://registry.example:8443/base//" }, ctx).schemaRegistryUrl).toBe("https://registry.example:8443/base");
    });

    it("refuses a registry URL with credentials in it, without printing them", () => {
        let error: Error | undefined;
        try {
            parseTopicsConfig({ schemaRegistryUrl: "http://reader:s3cr3t-Value-123@registry.example:8081" }, ctx);
        } catch (e) {
            error = e as Error;
        }
        expect(error?.message).toContain("kafka-topics:schemaRegistryUrl must not carry a user or password (user:password@...): it would be stored in clear in the stack's state and shown in previews");
        expect(error?.message).not.toContain("s3cr3t");
        expect(error?.message).not.toContain("reader");
    });

    it.each([
        ["a query", "http://registry.example:8081/?token=abc", /kafka-topics:schemaRegistryUrl \(found "http:\/\/registry\.example:8081\/\?token=abc"\) must be a base URL, without a query/],
        ["a fragment", "http://registry.example:8081/#x", /must be a base URL, without a query \(\?\.\.\.\) or fragment/],
        ["another scheme", "ftp://registry.example", /must be an http:\/\/ or https:\/\/ URL/],
        ["no URL at all", "registry.example", /must be the registry's http:\/\/ or https:\/\/ base URL/],
    ])("refuses a registry URL with %s", (_n, url, message) => {
        expect(() => parseTopicsConfig({ schemaRegistryUrl: url }, ctx)).toThrow(message);
    });

    it("refuses an adminPassword stored in plain text, with the fix, never printing the value", () => {
        const raw = { bootstrapServers: "b:9096", securityProtocol: "SASL_SSL", adminUser: "ops", tlsSystemRoots: "true" };
        let error: Error | undefined;
        try {
            parseTopicsConfig(raw, { ...ctx, stack: "prod", hasAdminPassword: true, plainTextSecrets: ["adminPassword"] });
        } catch (e) {
            error = e as Error;
        }
        expect(error?.message).toContain("kafka-topics:adminPassword is stored in plain text in Pulumi.prod.yaml; "
            + "fix: pulumi config rm adminPassword && pulumi config set --secret adminPassword < <file holding the password>");
        expect(error?.message).toMatch(/1 problem,/);
        expect(() => parseTopicsConfig(raw, { ...ctx, stack: "prod", hasAdminPassword: true, plainTextSecrets: [] })).not.toThrow();
    });
});

describe("checkUserPasswords", () => {
    const ctx = { namespace: "kafka-topics", stack: "dev" };
    it("names the exact command for each user without a password", () => {
        expect(() => checkUserPasswords(["a", "b"], { users: ["a"], isSecret: true }, ctx))
            .toThrow(/kafka-topics:userPasswords\.b is required: user b of the catalog has no password.*pulumi config set --secret --path 'userPasswords\.b'/);
        expect(() => checkUserPasswords(["a"], { users: undefined, isSecret: true }, ctx)).toThrow(/userPasswords\.a is required/);
        expect(() => checkUserPasswords(["a"], { users: ["a"], isSecret: true }, ctx)).not.toThrow();
    });

    it("refuses passwords stored in plain text", () => {
        expect(() => checkUserPasswords(["a"], { users: ["a"], isSecret: false }, ctx)).toThrow(/kafka-topics:userPasswords is stored in plain text/);
    });

    it("refuses one plain-text leaf of an otherwise secret object, and a password that breaks the rule", () => {
        expect(() => checkUserPasswords(["a", "b"], { users: ["a", "b"], isSecret: true, plainTextLeaves: ["userPasswords.b"] }, ctx))
            .toThrow(/kafka-topics:userPasswords\.b is stored in plain text in Pulumi\.dev\.yaml.*pulumi config rm --path 'userPasswords\.b'/);
        expect(() => checkUserPasswords(["a"], { users: ["a"], isSecret: true, problems: { a: "is shorter than 16 characters" } }, ctx))
            .toThrow(/kafka-topics:userPasswords\.a is shorter than 16 characters/);
    });
});

describe("plainTextLeaves", () => {
    const file = (text: string) => {
        const f = join(mkdtempSync(join(tmpdir(), "stackfile-")), "Pulumi.dev.yaml");
        writeFileSync(f, text);
        return f;
    };
    it("finds the leaves of a secret object that the stack file keeps in clear", () => {
        const f = file("config:\n  kafka-topics:userPasswords:\n    a:\n      secure: v1:abc\n    b: hunter2-plain\n    c:\n      secure: v1:def\n");
        expect(plainTextLeaves(f, "kafka-topics", "userPasswords")).toEqual(["userPasswords.b"]);
    });
    it("finds nothing when every leaf is encrypted, or the file or key is absent", () => {
        expect(plainTextLeaves(file("config:\n  kafka-topics:userPasswords:\n    a:\n      secure: v1:abc\n"), "kafka-topics", "userPasswords")).toEqual([]);
        expect(plainTextLeaves(file("config: {}\n"), "kafka-topics", "userPasswords")).toEqual([]);
        expect(plainTextLeaves("/nonexistent/Pulumi.dev.yaml", "kafka-topics", "userPasswords")).toEqual([]);
    });
});

describe("passwordProblem and exposureWarnings", () => {
    it("accepts what openssl rand -base64 prints, refuses short, long and hostile passwords without quoting them", () => {
        expect(passwordProblem("q0Zx+/abcdEFGH12345678==")).toBeUndefined();
        expect(passwordProblem("short")).toBe("is shorter than 16 characters");
        expect(passwordProblem("a".repeat(129))).toBe("is longer than 128 characters");
        for (const bad of ['abcdefghijklmnop"', "abcdefghijklmnop\\", "abcdefghijklmnop$", "abcdefgh ijklmnop", "abcdefghijklmnop\n"]) {
            const problem = passwordProblem(bad);
            expect(problem).toMatch(/has a character outside/);
            expect(problem).not.toContain(bad.trim());
        }
    });
    it("warns about the plain-HTTP UI off loopback (only possible with TLS), and says nothing on loopback", () => {
        const base = parseClusterConfig({ security: "sasl_ssl" }, { namespace: "kafka-cluster", stack: "dev", hasAdminPassword: true, hasUiPassword: true });
        expect(exposureWarnings(base)).toEqual([]);
        const open = exposureWarnings({ ...base, bindAddress: "0.0.0.0" });
        expect(open).toEqual([expect.stringMatching(/login form is served over plain HTTP/)]);
    });
    it("warns on every run while a standby admin is set, with the command that ends the rotation", () => {
        const rotating = parseClusterConfig({ security: "sasl", standbyAdminUser: "admin-b" }, { namespace: "kafka-cluster", stack: "dev", hasAdminPassword: true, hasStandbyAdminPassword: true, hasUiPassword: true });
        expect(exposureWarnings(rotating)).toEqual([expect.stringMatching(/^standbyAdminUser admin-b is a second super user on every node for as long as it is set; .*pulumi config rm standbyAdminUser && pulumi config rm standbyAdminPassword && pulumi up/)]);
    });
});

describe("checkTopicChanges (data safety)", () => {
    const catalog = (partitions: number, allowReplace = false, extra = ""): Catalog => parseCatalog(
        `topics:\n  - name: orders.order.created\n    partitions: ${partitions}\n    replicationFactor: 1\n    allowReplace: ${allowReplace}\n${extra}`, "catalog.yaml", "prod");
    const ctx = { stack: "prod", unprotectCommand: (t: string) => `pulumi state unprotect '<urn of ${t}>'` };

    it("stops a partition decrease, naming the topic, old and new values and the fix", () => {
        expect(() => checkTopicChanges({ topicPartitions: { "orders.order.created": 12 } }, catalog(6), ctx)).toThrow(
            /catalog\.yaml:\d+ topics\[0\]\.partitions \(orders\.order\.created\) \(found "6"\) would decrease topic orders\.order\.created from 12 to 6 partitions.*add `allowReplace: true` to topic orders\.order\.created/);
    });

    it("lets increases, unchanged values, new topics and a first deployment through", () => {
        expect(() => checkTopicChanges({ topicPartitions: { "orders.order.created": 6 } }, catalog(12), ctx)).not.toThrow();
        expect(() => checkTopicChanges({ topicPartitions: { "orders.order.created": 6 } }, catalog(6), ctx)).not.toThrow();
        expect(() => checkTopicChanges({ topicPartitions: {} }, catalog(1), ctx)).not.toThrow();
        expect(() => checkTopicChanges({}, catalog(1), ctx)).not.toThrow();
    });

    it("lets a decrease through when the catalog allows replacing that topic", () => {
        expect(() => checkTopicChanges({ topicPartitions: { "orders.order.created": 12 } }, catalog(6, true), ctx)).not.toThrow();
    });

    it("stops the removal of a protected topic, and names the unprotect command", () => {
        expect(() => checkTopicChanges({ topicPartitions: { "orders.order.old": 3 }, protectedTopics: ["orders.order.old"] }, catalog(3), ctx)).toThrow(
            /no longer declares topic orders\.order\.old \(3 partitions\), which is deployed and protected.*list it under deletedTopics and run: pulumi state unprotect '<urn of orders\.order\.old>'/);
    });

    it("lets an unprotected topic go, and a protected one listed under deletedTopics", () => {
        expect(() => checkTopicChanges({ topicPartitions: { "orders.order.old": 3 }, protectedTopics: [] }, catalog(3), ctx)).not.toThrow();
        expect(() => checkTopicChanges({ protectedTopics: ["orders.order.old"] }, catalog(3, false, "deletedTopics: [orders.order.old]\n"), ctx)).not.toThrow();
    });
});
