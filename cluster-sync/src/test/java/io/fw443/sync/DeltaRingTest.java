package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DeltaRingTest {
    @Test
    void slotsComeOutInOrderWithTheirContentAndAFullRingRefuses() {
        DeltaRing ring = new DeltaRing(4);
        FlowRecord r = Flows.established(11, 2, 3, 0);
        assertTrue(ring.offerUpsert(Flows.key(1), r, 100));
        assertTrue(ring.offerDelete(Flows.key(2), 12, 60_000, 200));
        assertTrue(ring.offerUpsert(Flows.key(3), r, 300));
        assertTrue(ring.offerUpsert(Flows.key(4), r, 400));
        assertFalse(ring.offerUpsert(Flows.key(5), r, 500), "full");
        assertEquals(4, ring.size());
        List<String> seen = new ArrayList<>();
        FlowKey key = new FlowKey();
        ring.drain((slots, off) -> {
            key.setBytes(slots, off + DeltaRing.KEY_OFFSET);
            if (DeltaRing.kind(slots, off) == DeltaRing.KIND_UPSERT) {
                assertTrue(FlowMerge.sameContent(r, ring.record(slots, off)));
                seen.add("u" + key.lowPort() + "@" + DeltaRing.enqueuedNs(slots, off));
            } else {
                seen.add("d" + key.lowPort() + "v" + DeltaRing.deleteVersion(slots, off) + "t"
                        + DeltaRing.deleteTtlMs(slots, off));
            }
        }, 3);
        assertEquals(List.of("u1025@100", "d1026v12t60000", "u1027@300"), seen);
        assertTrue(ring.offerUpsert(Flows.key(5), r, 500), "room again");
        assertEquals(2, ring.drain((slots, off) -> { }, 10));
        assertEquals(0, ring.size());
    }

    @Test
    void concurrentProducersLoseNothingAndKeepTheirOwnOrder() throws Exception {
        DeltaRing ring = new DeltaRing(1 << 10);
        int producers = 4;
        int perProducer = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                FlowRecord r = Flows.record();
                FlowKey k = Flows.key(id);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; ) {
                    r.version(i + 1);
                    if (ring.offerUpsert(k, r, i)) {
                        i++;
                    } else {
                        Thread.onSpinWait();
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        long[] lastVersion = new long[producers];
        int[] count = new int[producers];
        boolean[] ordered = {true};
        FlowKey key = new FlowKey();
        start.countDown();
        int total = 0;
        while (total < producers * perProducer) {
            total += ring.drain((slots, off) -> {
                key.setBytes(slots, off + DeltaRing.KEY_OFFSET);
                int producer = key.lowPort() - 1024;
                long v = ring.record(slots, off).version();
                ordered[0] &= v == lastVersion[producer] + 1;
                lastVersion[producer] = v;
                count[producer]++;
            }, 256);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(ordered[0], "each producer's slots in its order");
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, count[p]);
        }
        assertEquals(0, ring.size());
    }
}
