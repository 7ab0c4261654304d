// Creates the cluster stack's declared network, volumes and containers on a real Docker Engine
// (through its API), waits for them the way the Docker provider's `wait: true` does, and removes
// every object it created, by id, when the test ends, passes or fails.

import Docker from "dockerode";
import { TYPES, type DeclaredResource, type ProgramRun } from "../mock/cluster-program";
import { containerSpec, networkSpec, volumeSpec } from "./engine-spec";

export const TEST_LABEL = "io.kafka-as-code.test-run";

export class DockerHarness {
    readonly docker = new Docker();
    private readonly created = { containers: new Map<string, string>(), volumes: [] as string[], networks: [] as string[] };
    private readonly labels: Record<string, string>;

    constructor(readonly run: ProgramRun, runId: string) {
        this.labels = { [TEST_LABEL]: runId };
    }

    /** Fails early, with the next step to take, when no engine answers. */
    static async requireEngine(): Promise<void> {
        try {
            await new Docker().ping();
        } catch (e) {
            throw new Error(`no Docker Engine answers on /var/run/docker.sock (${(e as Error).message}); run scripts/bootstrap-offline.sh first, or set KAFKA_REAL_TESTS=off to run only the unit and mock tests`);
        }
    }

    async requireImage(ref: string): Promise<void> {
        try {
            await this.docker.getImage(ref).inspect();
        } catch {
            throw new Error(`image ${ref} is not on this Docker host; build it with scripts/build-kafka-image.sh (no registry is reachable here)`);
        }
    }

    containers(): DeclaredResource[] {
        return this.run.ofType(TYPES.container);
    }

    container(name: string): DeclaredResource {
        const c = this.containers().find(x => x.plain.name === name);
        if (!c) throw new Error(`the stack declares no container named ${name}`);
        return c;
    }

    /** Network, then volumes, then every container started at once (as Pulumi would, in parallel). */
    async createAll(): Promise<void> {
        for (const n of this.run.ofType(TYPES.network)) {
            const net = await this.docker.createNetwork(networkSpec(n, this.labels));
            this.created.networks.push(net.id);
        }
        for (const v of this.run.ofType(TYPES.volume)) {
            const spec = volumeSpec(v, this.labels);
            await this.docker.createVolume(spec);
            this.created.volumes.push(spec.Name);
        }
        await Promise.all(this.containers().map(c => this.createContainer(c)));
    }

    async createContainer(c: DeclaredResource): Promise<string> {
        const container = await this.docker.createContainer(containerSpec(c, this.labels) as Docker.ContainerCreateOptions);
        this.created.containers.set(c.plain.name, container.id);
        await container.start();
        return container.id;
    }

    /** Removes a container and creates it again from the same declaration (same name, same volume). */
    async replaceContainer(name: string): Promise<string> {
        await this.removeContainer(name);
        return this.createContainer(this.container(name));
    }

    async removeContainer(name: string): Promise<void> {
        const id = this.created.containers.get(name);
        if (!id) return;
        await this.docker.getContainer(id).remove({ force: true, v: false });
        this.created.containers.delete(name);
    }

    handle(name: string): Docker.Container {
        const id = this.created.containers.get(name);
        if (!id) throw new Error(`container ${name} was not created by this test`);
        return this.docker.getContainer(id);
    }

    async health(name: string): Promise<string> {
        const info = await this.handle(name).inspect();
        if (!info.State.Running) return info.State.Status; // exited or dead, whatever its last health was
        return info.State.Health?.Status ?? "running";
    }

    /** Waits (bounded) until every named container reports healthy; fails fast on unhealthy or exited. */
    async waitHealthy(names: string[], timeoutMs: number): Promise<number> {
        const started = Date.now();
        const pending = new Set(names);
        while (pending.size > 0) {
            for (const name of [...pending]) {
                const status = await this.health(name);
                if (status === "healthy") pending.delete(name);
                else if (status === "unhealthy" || status === "exited" || status === "dead") {
                    throw new Error(`container ${name} is ${status}; last log lines:\n${await this.logs(name, 40)}`);
                }
            }
            if (pending.size === 0) break;
            if (Date.now() - started > timeoutMs) {
                const detail = await Promise.all([...pending].map(async n => `${n}: ${await this.health(n)}\n${await this.logs(n, 20)}`));
                throw new Error(`not healthy after ${timeoutMs / 1000} s:\n${detail.join("\n")}`);
            }
            await new Promise(r => setTimeout(r, 1000));
        }
        return Date.now() - started;
    }

    async logs(name: string, tail: number): Promise<string> {
        const buf = await this.handle(name).logs({ stdout: true, stderr: true, tail }) as unknown as Buffer;
        // Strip the 8-byte stream headers of the multiplexed log format.
        const lines: string[] = [];
        for (let i = 0; i + 8 <= buf.length;) {
            const len = buf.readUInt32BE(i + 4);
            lines.push(buf.subarray(i + 8, i + 8 + len).toString("utf8"));
            i += 8 + len;
        }
        return lines.join("").trimEnd();
    }

    /** Runs a command inside a container; resolves with its exit code and combined output. */
    async exec(name: string, cmd: string[], timeoutMs = 60_000): Promise<{ code: number; output: string }> {
        const exec = await this.handle(name).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
        const stream = await exec.start({ hijack: true, stdin: false });
        const chunks: Buffer[] = [];
        const out = { write: (b: Buffer) => chunks.push(Buffer.from(b)) };
        this.docker.modem.demuxStream(stream, out as any, out as any);
        await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => {
                stream.destroy();
                reject(new Error(`${cmd.join(" ")} in ${name} timed out after ${timeoutMs} ms`));
            }, timeoutMs);
            stream.on("end", () => { clearTimeout(timer); resolve(); });
            stream.on("error", (e: Error) => { clearTimeout(timer); reject(e); });
        });
        const info = await exec.inspect();
        return { code: info.ExitCode ?? -1, output: Buffer.concat(chunks).toString("utf8") };
    }

    /** Removes every object this harness created, by id; reports but survives individual failures. */
    async cleanup(): Promise<string[]> {
        const errors: string[] = [];
        const attempt = async (what: string, f: () => Promise<unknown>) => {
            try { await f(); } catch (e) {
                if (!/no such|not found/i.test((e as Error).message)) errors.push(`${what}: ${(e as Error).message}`);
            }
        };
        for (const [name, id] of this.created.containers) await attempt(`container ${name}`, () => this.docker.getContainer(id).remove({ force: true, v: false }));
        this.created.containers.clear();
        for (const v of this.created.volumes) await attempt(`volume ${v}`, () => this.docker.getVolume(v).remove());
        for (const n of this.created.networks) await attempt(`network ${n}`, () => this.docker.getNetwork(n).remove());
        this.created.volumes = [];
        this.created.networks = [];
        return errors;
    }
}
