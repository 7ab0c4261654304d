// How many partition replicas a broker's JVM heap holds, from the project's own measurements
// (bench/findings.md, section 4): on 3 brokers with 512 MB heaps, a 1,000-topic catalog of 6
// partitions and replication factor 3 (6,000 replicas per broker) went through create, no-op,
// refresh and destroy without a broker error; 2,000 such topics (12,000 per broker) ran the brokers
// out of heap during the create. Other heaps are scaled linearly from that one measured point.

export const HEAP_MEASUREMENT = { heapMb: 512, heldReplicasPerBroker: 6_000, failedReplicasPerBroker: 12_000 } as const;

export interface SizedTopic { partitions: number; replicationFactor: number }

/** Partition replicas on each broker when the topics' replicas are spread evenly. */
export function replicasPerBroker(topics: readonly SizedTopic[], brokerCount: number): number {
    const replicas = topics.reduce((sum, t) => sum + t.partitions * t.replicationFactor, 0);
    return Math.ceil(replicas / Math.max(1, brokerCount));
}

/** The heap (MB, a multiple of 128) that holds `replicas` per broker at the measured ratio. */
export function heapForReplicas(replicas: number): number {
    const perMb = HEAP_MEASUREMENT.heldReplicasPerBroker / HEAP_MEASUREMENT.heapMb;
    return Math.max(HEAP_MEASUREMENT.heapMb, Math.ceil(replicas / perMb / 128) * 128);
}

/**
 * `held`: within what the measured heap held; `untested`: between that and where it failed;
 * `exceeds`: at or beyond where the measured heap ran out.
 */
export function heapVerdict(replicas: number, heapMb: number): "held" | "untested" | "exceeds" {
    const scale = heapMb / HEAP_MEASUREMENT.heapMb;
    if (replicas >= HEAP_MEASUREMENT.failedReplicasPerBroker * scale) return "exceeds";
    if (replicas > HEAP_MEASUREMENT.heldReplicasPerBroker * scale) return "untested";
    return "held";
}
