// The catalog-size check against the brokers' heap: the measured ratio (components/shared/broker-sizing.ts)
// and the topics stack's verdict on catalogs of the benchmark's kind (bench/catalog-gen.ts).

import { describe, expect, it } from "vitest";
import { generateTopicsCatalog } from "../../bench/catalog-gen";
import { HEAP_MEASUREMENT, heapForReplicas, heapVerdict, replicasPerBroker } from "../../components/shared/broker-sizing";
import { CatalogError, checkBrokerHeap, parseCatalog } from "../../components/topics/catalog";

const CLUSTER = "organization/kafka-cluster/dev";
const catalogOf = (topics: number) => parseCatalog(generateTopicsCatalog(topics), "big.yaml", "dev", { brokerCount: 3 });

describe("broker sizing", () => {
    it("spreads every topic's replicas over the brokers", () => {
        expect(replicasPerBroker([{ partitions: 6, replicationFactor: 3 }, { partitions: 1, replicationFactor: 1 }], 3)).toBe(7);
        expect(replicasPerBroker(catalogOf(1000).topics, 3)).toBe(6000);
    });

    it("judges a heap by the measured point, scaled linearly", () => {
        const { heapMb, heldReplicasPerBroker: held, failedReplicasPerBroker: failed } = HEAP_MEASUREMENT;
        expect(heapVerdict(held, heapMb)).toBe("held");
        expect(heapVerdict(held + 1, heapMb)).toBe("untested");
        expect(heapVerdict(failed, heapMb)).toBe("exceeds");
        expect(heapVerdict(failed + 1, heapMb * 2)).toBe("untested");
        expect(heapVerdict(2 * held, heapMb * 2)).toBe("held");
    });

    it("asks for a heap in steps of 128 MB, never below the measured one", () => {
        expect(heapForReplicas(10)).toBe(HEAP_MEASUREMENT.heapMb);
        const heap = heapForReplicas(12_000);
        expect(heap % 128).toBe(0);
        expect(heapVerdict(12_000, heap)).toBe("held");
        expect(heapVerdict(12_000, heap - 128)).not.toBe("held");
    });
});

describe("checkBrokerHeap (topics stack, against the cluster stack's brokerHeapMb)", () => {
    it("accepts the 1,000 topics the default 512 MB heap was measured to hold", () => {
        expect(checkBrokerHeap(catalogOf(1000), 3, 512, CLUSTER)).toBeUndefined();
    });

    it("warns beyond what was measured, with the heap to set", () => {
        const warning = checkBrokerHeap(catalogOf(1500), 3, 512, CLUSTER);
        expect(warning).toMatch(/big\.yaml .*1500 topics put about 9000 partition replicas on each of the 3 brokers, whose heap is 512 MB/);
        expect(warning).toContain(`in the cluster stack ${CLUSTER}: pulumi config set heapMb ${heapForReplicas(9000)} && pulumi config set memoryMb ${heapForReplicas(9000) + 512}`);
    });

    it("refuses a catalog at the size where that heap ran out, naming the file, the sizes and the fix", () => {
        let error: unknown;
        try {
            checkBrokerHeap(catalogOf(2000), 3, 512, CLUSTER);
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(CatalogError);
        const message = (error as Error).message;
        expect(message).toMatch(/catalog big\.yaml \(environment dev\)/);
        expect(message).toMatch(/2000 topics put about 12000 partition replicas on each of the 3 brokers, whose heap is 512 MB: brokers run out of heap at that size/);
        expect(message).toContain(`pulumi config set heapMb ${heapForReplicas(12_000)}`);
        // The same catalog on a cluster with that heap passes.
        expect(checkBrokerHeap(catalogOf(2000), 3, heapForReplicas(12_000), CLUSTER)).toBeUndefined();
    });
});
