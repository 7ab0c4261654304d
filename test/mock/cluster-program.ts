// Runs the real cluster program (index.ts) under Pulumi mocks and records every resource it
// declares with its inputs. Used by the mock tests and by the real-cluster conformance harness,
// which creates exactly these specs on a Docker Engine.

import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

// tsx's CommonJS loader API (the package exports its types only to `moduleResolution: node16`).
const { register } = require("tsx/cjs/api") as {
    register(options: { namespace: string }): { require(id: string, fromFile: string): unknown; unregister(): void };
};

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
    /** Resource options sent to the engine (protect, deleteBeforeReplace, provider, ...). */
    options?: DeclaredOptions;
}

export interface ProgramRun {
    resources: DeclaredResource[];
    outputs: Record<string, unknown>;
    /** Names of stack outputs whose value is a Pulumi secret. */
    secretOutputs: string[];
    /** What the program logged as warnings. */
    warnings: string[];
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

/** The resolved value of a stack output, and whether it is a Pulumi secret. */
export async function settle(value: unknown): Promise<{ value: unknown; secret: boolean }> {
    if (!pulumi.Output.isInstance(value)) return { value, secret: false };
    const out = value as pulumi.Output<unknown>;
    const [v, secret] = await Promise.all([
        new Promise(resolve => out.apply(x => { resolve(x); return x; })),
        (out as any).isSecret as Promise<boolean>,
    ]);
    return { value: v, secret };
}

/** Resource options as the program sent them to the engine (what mocks do not see). */
export interface DeclaredOptions {
    protect?: boolean;
    deleteBeforeReplace?: boolean;
    /** Provider reference (`<urn>::<id>`) of a custom resource, when explicit. */
    provider?: string;
    parent?: string;
    dependencies?: string[];
    /** The `import` option: the provider id of a resource taken over instead of created. */
    importId?: string;
}

export interface ProgramSpec {
    project: string;
    stack: string;
    /** Stack config, keys without the project prefix; secret keys in `secrets`. */
    config: Record<string, string>;
    secrets?: Record<string, string>;
    /** The program's entry file (the `main` of its Pulumi.yaml), loaded the way the Node.js runtime loads it. */
    entry: string;
    /** State the mock engine returns for a resource (defaults to its inputs). */
    state?: (args: pulumi.runtime.MockResourceArgs, plain: Record<string, any>) => Record<string, any>;
    /** What a provider function (an invoke such as kafka.getTopics) returns (defaults to its inputs). */
    call?: (args: pulumi.runtime.MockCallArgs) => Record<string, any>;
    organization?: string;
}

/**
 * Evaluates a Pulumi program under mocks and records every resource it declares (inputs and
 * options) and its stack outputs. A program's outputs are its named exports, or the object its
 * default-exported (async) function returns. Rejects with the program's own error, carrying the
 * resources declared before it (`declared`).
 */
export async function runProgram(spec: ProgramSpec): Promise<ProgramRun> {
    const { project, stack } = spec;
    const secrets = spec.secrets ?? {};
    const resources: DeclaredResource[] = [];
    const options = new Map<string, DeclaredOptions>();
    await pulumi.runtime.setMocks({
        newResource(args) {
            const plain = unwrapSecrets(args.inputs);
            const declared: DeclaredResource = { type: args.type, name: args.name, inputs: args.inputs, plain };
            const opts = options.get(`${args.type}::${args.name}`);
            if (opts) declared.options = opts;
            resources.push(declared);
            const state = spec.state ? spec.state(args, plain) : args.inputs;
            return { id: `${args.name}-id`, state };
        },
        call: args => (spec.call ? spec.call(args) : args.inputs),
    }, project, stack, false, spec.organization);
    // Record the options of each registration; the mock monitor passes only type, name and inputs on.
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: unknown) => {
        options.set(`${req.getType()}::${req.getName()}`, {
            protect: req.getProtect(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            provider: req.getProvider() || undefined,
            parent: req.getParent() || undefined,
            dependencies: req.getDependenciesList(),
            importId: req.getImportid() || undefined,
        });
        return register(req, callback);
    };
    const all: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...spec.config, ...secrets })) all[`${project}:${k}`] = v;
    pulumi.runtime.setAllConfig(all, Object.keys(secrets).map(k => `${project}:${k}`));

    // The program's warnings: without an engine, the SDK writes pulumi.log.warn to console.warn.
    const warnings: string[] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => {
        const line = args.map(String).join(" ");
        if (line.startsWith("warning: [runtime] ")) warnings.push(line.slice("warning: [runtime] ".length));
        else consoleWarn(...args);
    };
    let exported: Record<string, unknown>;
    try {
        exported = await runLikeTheRuntime(spec.entry);
    } catch (e) {
        // Let tests check that a refused config declared nothing at all.
        (e as { declared?: DeclaredResource[] }).declared = resources;
        await pulumi.runtime.disconnect();
        throw e;
    } finally {
        console.warn = consoleWarn;
    }
    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    for (const [k, v] of Object.entries(exported ?? {})) {
        const { value, secret } = await settle(v);
        outputs[k] = value;
        if (secret) secretOutputs.push(k);
    }
    // Let the program's last registrations (component outputs) reach this mock monitor before a
    // later run installs another one.
    await pulumi.runtime.disconnect();
    return { resources, outputs, secretOutputs, warnings, ofType: t => resources.filter(r => r.type === t) };
}

let loads = 0;

/**
 * Loads a program as `@pulumi/pulumi/cmd/run` loads a CommonJS program: `require` it (TypeScript
 * compiled to CommonJS), then call the export only when the export itself is a function. An
 * `export default` function is therefore never called here either, as under the real engine.
 * Each load gets fresh copies of the project's modules.
 */
async function runLikeTheRuntime(entry: string): Promise<Record<string, unknown>> {
    const scope = register({ namespace: `program-load-${++loads}` });
    try {
        const programExport: unknown = scope.require(entry, __filename);
        return (await (programExport instanceof Function ? programExport() : programExport)) as Record<string, unknown>;
    } finally {
        scope.unregister();
    }
}

/**
 * Evaluates index.ts with the given stack config (keys without the `kafka-cluster:` prefix) and
 * secret config. Rejects with the program's own error when it refuses the config.
 */
export async function runClusterProgram(
    config: Record<string, string>,
    secrets: Record<string, string> = {},
    stack = "dev",
    /** Outputs of this stack's previous deployment (what its self stack reference reads); none by default. */
    previous: Record<string, unknown> = {},
): Promise<ProgramRun> {
    return runProgram({
        project: "kafka-cluster",
        stack,
        config,
        secrets,
        entry: path.resolve(__dirname, "../../index.ts"),
        // Provider-computed outputs the program reads: a RemoteImage's imageId, the stack reference,
        // and the TLS provider's keys and certificates (stand-ins named after their resource).
        state: (args, plain) => {
            if (args.type === "docker:index/remoteImage:RemoteImage") return { ...args.inputs, imageId: plain.name };
            if (args.type === "pulumi:pulumi:StackReference") return { name: plain.name, outputs: previous, secretOutputNames: [] };
            if (args.type === TYPES.privateKey) return { ...args.inputs, privateKeyPem: mockPem("EC PRIVATE KEY", args.name), privateKeyPemPkcs8: mockPem("PRIVATE KEY", args.name) };
            if (args.type === TYPES.certRequest) return { ...args.inputs, certRequestPem: mockPem("CERTIFICATE REQUEST", args.name) };
            if (args.type === TYPES.selfSignedCert || args.type === TYPES.locallySignedCert) {
                return { ...args.inputs, certPem: mockPem("CERTIFICATE", args.name), validityEndTime: MOCK_CERT_END, readyForRenewal: false };
            }
            return args.inputs;
        },
    });
}

export const TYPES = {
    network: "docker:index/network:Network",
    volume: "docker:index/volume:Volume",
    container: "docker:index/container:Container",
    image: "docker:index/remoteImage:RemoteImage",
    cluster: "kafka-as-code:index:KafkaCluster",
    privateKey: "tls:index/privateKey:PrivateKey",
    certRequest: "tls:index/certRequest:CertRequest",
    selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
    locallySignedCert: "tls:index/locallySignedCert:LocallySignedCert",
    strimziCluster: "kafka-as-code:index:StrimziCluster",
    kubernetesProvider: "pulumi:providers:kubernetes",
    kubernetesSecret: "kubernetes:core/v1:Secret",
    strimziKafka: "kubernetes:kafka.strimzi.io/v1:Kafka",
    strimziNodePool: "kubernetes:kafka.strimzi.io/v1:KafkaNodePool",
    strimziUser: "kubernetes:kafka.strimzi.io/v1:KafkaUser",
} as const;

/** When the mock TLS provider's certificates expire: a year from now, as new ones would. */
export const MOCK_CERT_END = new Date(Date.now() + 365 * 86_400_000).toISOString();

/** A stand-in PEM block, recognisable by the resource it came from. */
export function mockPem(kind: string, name: string): string {
    return `-----BEGIN ${kind}-----\n${Buffer.from(`mock ${kind} of ${name}`).toString("base64")}\n-----END ${kind}-----\n`;
}

/** Parses a container's `KEY=value` env list. */
export function envOf(container: DeclaredResource): Record<string, string> {
    const list: string[] = container.plain.envs ?? [];
    return Object.fromEntries(list.map(e => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
}
