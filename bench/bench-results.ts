// The shape of one `npm run bench` run: its options and its results, as bench/run.ts measures
// them, bench/results.json keeps them and bench/report.ts renders them.

import type { FloorRun, LatencyRun, ReadinessRun } from "./cluster";
import type { EngineRun, FloorPair, PreviewOnly, PulumiVariant } from "./engine";
import type { EvalSize } from "./eval";
import type { TlsRun } from "./tls";
import type { AdoptRun } from "./adopt";

export const PARTS = ["eval", "readiness", "latency", "floor", "engine", "tls", "adopt"] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
    parts: Part[];
    sizes: number[];
    evalRuns: number;
    evalRunsLarge: number;
    env: "dev" | "prod";
    evalTimeoutS: number;
    maxOldSpaceMb?: number;
    cpuProfileDir?: string;
    readinessRuns: number;
    nodes: number[];
    intervals: string[];
    messages: number;
    latencyRuns: number;
    floorTopics: number;
    floorRuns: number;
    engineSizes: number[];
    /** Sizes measured by a fresh preview only. */
    enginePreviewSizes: number[];
    /** PULUMI_PARALLEL settings to compare; 0 is the CLI's default. */
    engineParallel: number[];
    /** Pulumi variants measured beside the project (bench/engine.ts). */
    engineVariants: PulumiVariant[];
    /** Sizes at which the variants are measured; absent: the first of engineSizes. */
    engineVariantSizes?: number[];
    /** Measure OpenTofu too, when it is installed. */
    engineOpenTofu: boolean;
    engineRuns: number;
    /** Runs per size of 1,000 topics or more. */
    engineRunsLarge: number;
    engineHeapMb: number;
    /** Container memory limit of the engine part's brokers; default heap + 768 MB. */
    engineMemoryMb?: number;
    floorBatch: number;
    /** The tls part: round trips per security mode. */
    tlsRuns: number;
    /** The adopt part: topics of the cluster that is adopted. */
    adoptTopics: number;
    image: string;
    portBase: number;
    out: string;
    /** Earlier runs' results.json files: what is not measured now is taken from them, in order (and said so in the report). */
    keepFrom: string[];
    render?: string;
}

export interface BenchResults {
    options: BenchOptions;
    startedAt: string;
    durationS: number;
    eval?: EvalSize[];
    /** Parts (or engine sizes) whose figures come from an earlier run, with that run's start time. */
    reused?: Record<string, string>;
    readiness?: { runs: ReadinessRun[]; failures: string[] };
    latency?: { runs: LatencyRun[]; failures: string[] };
    floor?: { runs: FloorRun[]; failures: string[] };
    tls?: { runs: TlsRun[]; failures: string[] };
    adopt?: { runs: AdoptRun[]; failures: string[] };
    engine?: { runs: EngineRun[]; floor: FloorPair[]; previews?: PreviewOnly[]; failures: string[]; heapMb: number; /** Absent in reports from before it was an option (heap + 768). */ memoryMb?: number; opentofu: string; /** Absent in reports from before it was counted. */ brokerOutOfMemoryErrors?: number };
}

