// Runs the real cluster program (index.ts) under Pulumi mocks and records every resource it
// declares with its inputs. Used by the mock tests and by the real-cluster conformance harness,
// which creates exactly these specs on a Docker Engine.

import * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";

/** Pulumi's marker for a secret value in serialized inputs. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

export interface DeclaredResource {
    type: string;
    name: string;
    /** Inputs with secrets still wrapped in Pulumi's secret envelope. */
    inputs: Record<string, any>;
    /** Inputs with secrets unwrapped (for building real objects from the spec). */
    plain: Record<string, any>;
}

export interface ProgramRun {
    resources: DeclaredResource[];
    outputs: Record<string, unknown>;
    /** Names of stack outputs whose value is a Pulumi secret. */
    secretOutputs: string[];
    ofType(type: string): DeclaredResource[];
}

export function isSecretEnvelope(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as any)[SECRET_SIG] === SECRET_VALUE;
}

export function unwrapSecrets(v: any): any {
    if (isSecretEnvelope(v)) return unwrapSecrets(v.value);
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    return v;
}

async function settle(value: unknown): Promise<{ value: unknown; secret: boolean }> {
    if (!pulumi.Output.isInstance(value)) return { value, secret: false };
    const out = value as pulumi.Output<unknown>;
    const [v, secret] = await Promise.all([
        new Promise(resolve => out.apply(x => { resolve(x); return x; })),
        (out as any).isSecret as Promise<boolean>,
    ]);
    return { value: v, secret };
}

/**
 * Evaluates index.ts with the given stack config (keys without the `kafka-cluster:` prefix) and
 * secret config. Rejects with the program's own error when it refuses the config.
 */
export async function runClusterProgram(
    config: Record<string, string>,
    secrets: Record<string, string> = {},
    stack = "dev",
): Promise<ProgramRun> {
    const project = "kafka-cluster";
    const resources: DeclaredResource[] = [];
    await pulumi.runtime.setMocks({
        newResource(args) {
            const plain = unwrapSecrets(args.inputs);
            resources.push({ type: args.type, name: args.name, inputs: args.inputs, plain });
            // Provider-computed outputs the program reads: a RemoteImage's imageId.
            const state = args.type === "docker:index/remoteImage:RemoteImage" ? { ...args.inputs, imageId: plain.name } : args.inputs;
            return { id: `${args.name}-id`, state };
        },
        call: args => args.inputs,
    }, project, stack, false);
    const all: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...config, ...secrets })) all[`${project}:${k}`] = v;
    pulumi.runtime.setAllConfig(all, Object.keys(secrets).map(k => `${project}:${k}`));

    vi.resetModules();
    let program: Record<string, unknown>;
    try {
        program = await import("../../index");
    } catch (e) {
        // Let tests check that a refused config declared nothing at all.
        (e as { declared?: DeclaredResource[] }).declared = resources;
        await pulumi.runtime.disconnect();
        throw e;
    }
    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    for (const [k, v] of Object.entries(program)) {
        const { value, secret } = await settle(v);
        outputs[k] = value;
        if (secret) secretOutputs.push(k);
    }
    // Let the program's last registrations (component outputs) reach this mock monitor before a
    // later run installs another one.
    await pulumi.runtime.disconnect();
    return { resources, outputs, secretOutputs, ofType: t => resources.filter(r => r.type === t) };
}

export const TYPES = {
    network: "docker:index/network:Network",
    volume: "docker:index/volume:Volume",
    container: "docker:index/container:Container",
    image: "docker:index/remoteImage:RemoteImage",
    cluster: "kafka-as-code:index:KafkaCluster",
} as const;

/** Parses a container's `KEY=value` env list. */
export function envOf(container: DeclaredResource): Record<string, string> {
    const list: string[] = container.plain.envs ?? [];
    return Object.fromEntries(list.map(e => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
}
