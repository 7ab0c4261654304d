// TopicSchemas: the registry subjects of a catalog's topics in one environment (schema-files.ts
// computes them), each a SchemaSubject; an imported file's subject is registered before the
// subjects that reference it, which take its version. This component only wires resources.
//
// Its own inputs carry, for each topic with a value schema, the environments that declare one:
// the policy pack reads them to require a value schema in every environment or none.

import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "./catalog-schema";
import type { SubjectSpec } from "./schema-files";
import { SchemaSubject } from "./schema-subject";

export interface TopicSchemasArgs {
    subjects: SubjectSpec[];
    /** Required when there are subjects. */
    registryUrl?: pulumi.Input<string>;
    /** An https registry's CA (PEM); unset: the system's roots. */
    registryCa?: pulumi.Input<string>;
    /** The Authorization header's value for the registry's API, when it asks for credentials. Pass a Pulumi secret. */
    registryAuth?: pulumi.Input<string>;
    environment: Environment;
    /** Topic name to the environments in which the catalog gives it a value schema. */
    valueSchemaEnvironments: Record<string, Environment[]>;
    /** Give subjects the `protect` option (staging, prod), as the topics. */
    protect: boolean;
}

export const TOPIC_SCHEMAS_TYPE = "kafka-as-code:index:TopicSchemas";

/** The Authorization header for a registry: basic with a user and password, or a bearer token; a secret. */
export function registryAuthorization(auth: { kind: "basic"; user: string } | { kind: "bearer" } | undefined, password: pulumi.Output<string> | undefined, token: pulumi.Output<string> | undefined): pulumi.Output<string> | undefined {
    if (auth?.kind === "bearer" && token) return pulumi.secret(token.apply(t => `Bearer ${t}`));
    if (auth?.kind === "basic" && password) return pulumi.secret(password.apply(p => `Basic ${Buffer.from(`${auth.user}:${p}`).toString("base64")}`));
    return undefined;
}

export class TopicSchemas extends pulumi.ComponentResource {
    readonly subjects: SchemaSubject[] = [];
    /** Subject name to the version that holds the catalog's schema. */
    readonly versions: pulumi.Output<Record<string, number>>;

    constructor(name: string, args: TopicSchemasArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TOPIC_SCHEMAS_TYPE, name, { environment: args.environment, valueSchemaEnvironments: args.valueSchemaEnvironments }, opts);
        const bySubject = new Map<string, SchemaSubject>();
        for (const s of args.subjects) {
            if (args.registryUrl === undefined) throw new Error(`${name}: subject ${s.subject} needs a schema registry URL`);
            const subject = new SchemaSubject(`${name}-${s.subject}`, {
                registryUrl: args.registryUrl,
                ...(args.registryCa !== undefined ? { registryCa: args.registryCa } : {}),
                ...(args.registryAuth !== undefined ? { registryAuth: pulumi.secret(args.registryAuth) } : {}),
                subject: s.subject,
                file: s.file,
                schema: s.schema,
                compatibility: s.compatibility,
                references: s.references.map(r => ({ name: r.name, subject: r.subject, version: bySubject.get(r.subject)!.version })),
            }, { parent: this, protect: args.protect });
            bySubject.set(s.subject, subject);
            this.subjects.push(subject);
        }
        this.versions = pulumi.all(this.subjects.map(s => pulumi.all([s.subject, s.version])))
            .apply(pairs => Object.fromEntries(pairs));
        this.registerOutputs({ versions: this.versions });
    }
}
