// Translates the Docker resources the cluster program declares (as recorded under Pulumi mocks)
// into Docker Engine API request bodies, field by field. Any input this translation does not know
// is an error: the conformance test must never silently drop a setting the stack declares.

import type { DeclaredResource } from "../mock/cluster-program";

type Inputs = Record<string, any>;

/** Container inputs that the harness itself carries out (rather than the Engine). */
const PROVIDER_BEHAVIOUR = new Set(["wait", "waitTimeout", "destroyGraceSeconds"]);
const CONTAINER_INPUTS = new Set([
    "name", "hostname", "image", "envs", "networksAdvanced", "ports", "volumes", "healthcheck",
    "restart", "memory", "memorySwap", "stopTimeout", "labels", "capabilities", "securityOpts", ...PROVIDER_BEHAVIOUR,
]);

/** A duration in Docker's (Go's) format, such as 15s, 500ms or 2m0s, in nanoseconds. */
export function durationToNanos(d: string): number {
    const parts = [...d.matchAll(/(\d+)(ms|s|m|h)/g)];
    if (parts.length === 0 || parts.map(p => p[0]).join("") !== d) throw new Error(`cannot read duration ${JSON.stringify(d)} (expected e.g. 15s, 500ms, 2m0s)`);
    const unit = { ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
    return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

function labelsOf(inputs: Inputs, extra: Record<string, string>): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const { label, value } of inputs.labels ?? []) labels[label] = value;
    return { ...labels, ...extra };
}

function assertKnown(r: DeclaredResource, known: Set<string>) {
    const unknown = Object.keys(r.plain).filter(k => !known.has(k) && r.plain[k] !== undefined);
    if (unknown.length) {
        throw new Error(`${r.type} ${r.name} declares ${unknown.join(", ")}, which the conformance harness does not translate yet: add it to test/real/engine-spec.ts`);
    }
}

export function networkSpec(r: DeclaredResource, extraLabels: Record<string, string>) {
    assertKnown(r, new Set(["name", "driver", "labels"]));
    return { Name: r.plain.name as string, Driver: r.plain.driver as string, Labels: labelsOf(r.plain, extraLabels), CheckDuplicate: true };
}

export function volumeSpec(r: DeclaredResource, extraLabels: Record<string, string>) {
    assertKnown(r, new Set(["name", "labels"]));
    return { Name: r.plain.name as string, Labels: labelsOf(r.plain, extraLabels) };
}

/** The Engine's ContainerCreate body for a declared docker.Container. */
export function containerSpec(r: DeclaredResource, extraLabels: Record<string, string>) {
    assertKnown(r, CONTAINER_INPUTS);
    const c = r.plain;
    const exposed: Record<string, {}> = {};
    const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
    for (const p of c.ports ?? []) {
        const key = `${p.internal}/${p.protocol ?? "tcp"}`;
        exposed[key] = {};
        (bindings[key] ??= []).push({ HostIp: p.ip ?? "0.0.0.0", HostPort: String(p.external) });
    }
    const [network, ...more] = c.networksAdvanced ?? [];
    if (more.length) throw new Error(`${r.name}: the harness attaches one network, the stack declares ${c.networksAdvanced.length}`);
    const hc = c.healthcheck;
    return {
        name: c.name as string,
        Hostname: c.hostname as string,
        Image: c.image as string,
        Env: c.envs as string[],
        Labels: labelsOf(c, extraLabels),
        ...(c.stopTimeout !== undefined ? { StopTimeout: c.stopTimeout } : {}),
        ExposedPorts: exposed,
        Healthcheck: hc && {
            Test: hc.tests,
            Interval: durationToNanos(hc.interval),
            Timeout: durationToNanos(hc.timeout),
            Retries: hc.retries,
            StartPeriod: durationToNanos(hc.startPeriod),
        },
        HostConfig: {
            PortBindings: bindings,
            Mounts: (c.volumes ?? []).map((v: Inputs) => ({ Type: "volume", Source: v.volumeName, Target: v.containerPath, ReadOnly: !!v.readOnly })),
            RestartPolicy: { Name: c.restart ?? "no" },
            Memory: c.memory ? c.memory * 1024 * 1024 : 0,
            MemorySwap: c.memorySwap ? c.memorySwap * 1024 * 1024 : 0,
            NetworkMode: network?.name,
            CapDrop: c.capabilities?.drops ?? [],
            CapAdd: c.capabilities?.adds ?? [],
            SecurityOpt: c.securityOpts ?? [],
        },
        NetworkingConfig: network ? { EndpointsConfig: { [network.name]: { Aliases: network.aliases ?? [] } } } : undefined,
    };
}
