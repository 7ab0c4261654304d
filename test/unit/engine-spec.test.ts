// The translation from declared Docker resources to Engine API bodies used by the real tests.

import { describe, expect, it } from "vitest";
import { containerSpec, durationToNanos } from "../real/engine-spec";

const declared = (plain: Record<string, unknown>) => ({ type: "docker:index/container:Container", name: "c", inputs: plain, plain });

describe("engine-spec", () => {
    it("reads Docker provider durations", () => {
        expect(durationToNanos("15s")).toBe(15e9);
        expect(durationToNanos("500ms")).toBe(5e8);
        expect(durationToNanos("2m")).toBe(120e9);
        expect(() => durationToNanos("15")).toThrow(/cannot read duration/);
    });

    it("maps ports, volumes, healthcheck, restart policy, memory and network", () => {
        const spec = containerSpec(declared({
            name: "k1", hostname: "k1", image: "img:1", envs: ["A=1"],
            ports: [{ internal: 9092, external: 39092, ip: "127.0.0.1", protocol: "tcp" }],
            volumes: [{ volumeName: "k1-data", containerPath: "/var/lib/kafka/data" }],
            healthcheck: { tests: ["CMD-SHELL", "true"], interval: "15s", timeout: "20s", retries: 8, startPeriod: "30s" },
            restart: "unless-stopped", memory: 768, networksAdvanced: [{ name: "net", aliases: ["k1"] }],
            labels: [{ label: "x", value: "y" }], wait: true, waitTimeout: 300,
        }), { run: "r1" });
        expect(spec.HostConfig.PortBindings).toEqual({ "9092/tcp": [{ HostIp: "127.0.0.1", HostPort: "39092" }] });
        expect(spec.HostConfig.Mounts).toEqual([{ Type: "volume", Source: "k1-data", Target: "/var/lib/kafka/data", ReadOnly: false }]);
        expect(spec.HostConfig.RestartPolicy).toEqual({ Name: "unless-stopped" });
        expect(spec.HostConfig.Memory).toBe(768 * 1024 * 1024);
        expect(spec.Healthcheck).toEqual({ Test: ["CMD-SHELL", "true"], Interval: 15e9, Timeout: 20e9, Retries: 8, StartPeriod: 30e9 });
        expect(spec.NetworkingConfig).toEqual({ EndpointsConfig: { net: { Aliases: ["k1"] } } });
        expect(spec.Labels).toEqual({ x: "y", run: "r1" });
    });

    it("refuses a declared input it does not translate, so no setting is silently dropped", () => {
        expect(() => containerSpec(declared({ name: "k1", image: "img:1", privileged: true }), {}))
            .toThrow(/declares privileged, which the conformance harness does not translate/);
    });
});
