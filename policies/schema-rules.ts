// Topics-stack rules for the schema registry: a production-class subject keeps a compatibility
// rule (never NONE), and a topic's value schema is declared in every environment or in none. Each
// rule is a pure function from the inputs of a schemas:Subject (the dynamic resource of
// components/topics/schema-subject.ts) or of the TopicSchemas component (components/topics/topic-schemas.ts) to
// violation messages.

import type { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ENVIRONMENTS } from "../components/shared/environments";
import { PRODUCTION_CLASS_SCHEMA, resourceValidation, type Subject, TYPES, violation } from "./shared";


export interface SchemaProductionClassConfig { productionClass: boolean }
export const schemaProductionClassSchema: PolicyConfigSchema = {
    properties: {
        productionClass: PRODUCTION_CLASS_SCHEMA,
    },
};

/** The subject's name: its `subject` input, else the Pulumi resource name. */
export function subjectName(props: Record<string, any>, s: Subject): string {
    return typeof props.subject === "string" && props.subject !== "" ? props.subject : s.name;
}

// ---------------------------------------------------------------------------------------------

/**
 * Production-class: a subject's compatibility is not NONE, under which the registry accepts any new
 * version, so a producer can publish a schema its consumers cannot read.
 */
export const checkCompatibilityNotNone = (props: Record<string, any>, s: Subject, cfg: SchemaProductionClassConfig): string[] => {
    if (!cfg.productionClass) return [];
    const level = typeof props.compatibility === "string" ? props.compatibility.trim() : undefined;
    if (level === undefined || level.toUpperCase() !== "NONE") return [];
    const name = subjectName(props, s);
    const file = typeof props.file === "string" && props.file !== "" ? `topics/schemas/${props.file}` : "an unnamed .proto file";
    const role = name.endsWith("-key") ? "keySchema" : name.endsWith("-value") ? "valueSchema" : "valueSchema/keySchema";
    return [violation(s, name, `subject "${name}" (${file}) has compatibility ${level} in a production-class stack: the registry would accept any new version, including one that breaks its consumers`,
        `set compatibility: BACKWARD (or stricter, e.g. FULL_TRANSITIVE) in the catalog's ${role} for this environment (the topic's ${role}, or its environments.<env>.${role} override, in topics/catalog.yaml)`)];
};

/**
 * Production-class: every topic that has a value schema in some environment has one in all of
 * them. A topic with a schema in dev only would reach staging and prod without its subject (and
 * producers there would write unchecked data); the catalog declares it on the topic or nowhere.
 */
export const checkValueSchemaInEveryEnvironment = (props: Record<string, any>, s: Subject, cfg: SchemaProductionClassConfig): string[] => {
    if (!cfg.productionClass) return [];
    const byTopic = props.valueSchemaEnvironments;
    if (typeof byTopic !== "object" || byTopic === null) return [];
    const out: string[] = [];
    for (const [topic, envs] of Object.entries(byTopic as Record<string, unknown>)) {
        const have = Array.isArray(envs) ? envs.filter((e): e is string => typeof e === "string") : [];
        const missing = ENVIRONMENTS.filter(e => !have.includes(e));
        if (missing.length === 0) continue;
        out.push(violation(s, undefined, `topic "${topic}" has a value schema in ${have.length > 0 ? have.join(", ") : "no environment"} but not in ${missing.join(", ")}: its producers there would write data no registry subject describes`,
            `declare valueSchema on the topic itself in topics/catalog.yaml (not only in an environments.<env> override), so every environment has it; or remove it from every environment`));
    }
    return out;
};

// ---------------------------------------------------------------------------------------------

export const schemaPolicies: Array<ResourceValidationPolicy | StackValidationPolicy> = [
    {
        name: "schema-compatibility-not-none",
        description: "Schema registry subjects of production-class stacks have a compatibility rule other than NONE.",
        enforcementLevel: "mandatory",
        configSchema: schemaProductionClassSchema,
        validateResource: resourceValidation(TYPES.schemaSubject, schemaProductionClassSchema, checkCompatibilityNotNone),
    },
    {
        name: "schema-value-in-every-environment",
        description: "In production-class stacks, a topic with a value schema in any environment has one in dev, staging and prod.",
        enforcementLevel: "mandatory",
        configSchema: schemaProductionClassSchema,
        validateResource: resourceValidation(TYPES.topicSchemas, schemaProductionClassSchema, checkValueSchemaInEveryEnvironment),
    },
];
