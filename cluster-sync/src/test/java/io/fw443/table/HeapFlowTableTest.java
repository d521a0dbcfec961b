package io.fw443.table;

import static io.fw443.table.TestFlows.bytesOf;
import static io.fw443.table.TestFlows.heapRecord;
import static io.fw443.table.TestFlows.record;
import static io.fw443.table.TestFlows.recordBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeapFlowTableTest {
    private static FlowKey key(int lastOctet) {
        FlowKey k = new FlowKey();
        k.set(4, 6, 0, new byte[] {(byte) 192, 0, 2, (byte) lastOctet}, 0, 40000,
                new byte[] {(byte) 198, 51, 100, 100}, 0, 443);
        return k;
    }

    @Test
    void recordFieldsRoundTripThroughTheFlyweight() {
        byte[] mem = new byte[FlowRecord.LENGTH + 8];
        FlowRecord r = new FlowRecord().wrap(mem, 8).clear();
        r.state(3).setFlag(FlowRecord.FLAG_PICKUP).alpn(2).windowScale(1, 7).end(0, -5).maxEnd(1, 0x7fffffff)
                .maxWindow(1, 65535).lastSeenNs(123L).expiresAtNs(456L).version(789L).originNode(65535)
                .zone(1, 9).tlsVersion(0x0304).ruleIndex(1000).sniHash(-1L).ja4Hash(42L).count(1, 1500);
        FlowRecord copy = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).copyFrom(r);
        assertEquals(FlowRecord.LAYOUT_VERSION, copy.layout());
        assertEquals(3, copy.state());
        assertTrue(copy.hasFlag(FlowRecord.FLAG_PICKUP));
        assertFalse(copy.hasFlag(FlowRecord.FLAG_DENIED));
        assertEquals(2, copy.alpn());
        assertEquals(7, copy.windowScale(1));
        assertEquals(-5, copy.end(0));
        assertEquals(0x7fffffff, copy.maxEnd(1));
        assertEquals(65535, copy.maxWindow(1));
        assertEquals(123L, copy.lastSeenNs());
        assertEquals(456L, copy.expiresAtNs());
        assertEquals(789L, copy.version());
        assertEquals(65535, copy.originNode());
        assertEquals(9, copy.zone(1));
        assertEquals(0x0304, copy.tlsVersion());
        assertEquals(1000, copy.ruleIndex());
        assertEquals(-1L, copy.sniHash());
        assertEquals(42L, copy.ja4Hash());
        assertEquals(1, copy.packets(1));
        assertEquals(0, copy.packets(0));
        assertEquals(1500L, copy.bytes());
    }

    @Test
    void updatesHappenInPlaceAndMissingKeysSaySo() {
        try (HeapFlowTable table = new HeapFlowTable(100, 4)) {
            FlowRecord r = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear().state(1);
            assertTrue(table.putIfAbsent(key(1), r));
            assertFalse(table.putIfAbsent(key(1), r));
            assertEquals(FlowTable.MISSING, table.update(key(2), (k, rec, c) -> 0, null));

            int result = table.update(key(1), (k, rec, bump) -> {
                rec.state(rec.state() + bump);
                return rec.state();
            }, 4);
            assertEquals(5, result);

            FlowRecord out = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
            assertTrue(table.get(key(1), out));
            assertEquals(5, out.state());
        }
    }

    @Test
    void walksVisitEveryEntryAndRemoveOnRequest() {
        try (HeapFlowTable table = new HeapFlowTable(1000, 8)) {
            FlowRecord r = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear();
            for (int i = 1; i <= 100; i++) {
                table.put(key(i), r.expiresAtNs(i));
            }
            assertEquals(100, table.size());
            int[] visited = {0};
            table.forEach((k, rec, cutoff) -> {
                visited[0]++;
                return rec.expiresAtNs() <= cutoff ? FlowTable.Visit.REMOVE : FlowTable.Visit.KEEP;
            }, 40L);
            assertEquals(100, visited[0]);
            assertEquals(60, table.size());
            assertFalse(table.remove(key(40)));
            assertTrue(table.remove(key(41)));
        }
    }

    /**
     * Random inserts, puts, removes, updates and removing walks against a map model, with keys drawn from a range
     * larger than the capacity so FULL answers come too. Segments start at eight entries, so this runs every growth
     * step, removal chains of the index (backward shift across the wrap-around) and the slab's last entry moving into
     * a hole, in walks as well.
     */
    @ParameterizedTest(name = "{0} segments")
    @ValueSource(ints = {1, 3, 16})
    void randomOperationsAgreeWithAMapModel(int segmentCount) {
        int capacity = 3_000;
        int keys = 4_000;
        Map<Integer, byte[]> model = new HashMap<>();
        SplittableRandom random = new SplittableRandom(segmentCount);
        FlowRecord out = heapRecord();
        try (HeapFlowTable table = new HeapFlowTable(capacity, segmentCount)) {
            for (int op = 0; op < 200_000; op++) {
                int i = random.nextInt(keys);
                FlowKey k = TestFlows.key(i);
                byte[] stored = model.get(i);
                switch (random.nextInt(6)) {
                    case 0 -> {
                        FlowTable.Insert expected = stored != null ? FlowTable.Insert.PRESENT
                                : model.size() == capacity ? FlowTable.Insert.FULL : FlowTable.Insert.INSERTED;
                        assertEquals(expected, table.insert(k, record(i)), "insert " + i);
                        if (expected == FlowTable.Insert.INSERTED) {
                            model.put(i, recordBytes(i));
                        }
                    }
                    case 1 -> {
                        int version = random.nextInt(1000);
                        boolean room = stored != null || model.size() < capacity;
                        assertEquals(room, table.put(k, record(version)), "put " + i);
                        if (room) {
                            model.put(i, recordBytes(version));
                        }
                    }
                    case 2 -> {
                        assertEquals(stored != null, table.remove(k), "remove " + i);
                        model.remove(i);
                    }
                    case 3 -> {
                        int result = table.update(k, (kk, r, c) -> {
                            r.count(1, 100);
                            return r.packets(1);
                        }, null);
                        if (stored == null) {
                            assertEquals(FlowTable.MISSING, result, "update " + i);
                        } else {
                            FlowRecord m = new FlowRecord().wrap(stored, 0).count(1, 100);
                            assertEquals(m.packets(1), result, "update " + i);
                        }
                    }
                    case 4 -> {
                        assertEquals(stored != null, table.get(k, out), "get " + i);
                        if (stored != null) {
                            assertArrayEquals(stored, bytesOf(out), "get " + i);
                        }
                    }
                    default -> {
                        if (random.nextInt(100) == 0) {
                            int segment = random.nextInt(segmentCount);
                            int parity = random.nextInt(2);
                            table.forEachInSegment(segment, (kk, r, c) -> {
                                int index = indexOf(kk);
                                assertArrayEquals(model.get(index), bytesOf(r), "walked record " + index);
                                if ((index & 1) == parity) {
                                    model.remove(index);
                                    return FlowTable.Visit.REMOVE;
                                }
                                return FlowTable.Visit.KEEP;
                            }, null);
                        }
                    }
                }
                assertEquals(model.size(), table.size());
            }
            Map<Integer, byte[]> walked = new HashMap<>();
            table.forEach((kk, r, c) -> {
                assertNull(walked.put(indexOf(kk), bytesOf(r)), "visited twice: " + kk);
                return FlowTable.Visit.KEEP;
            }, null);
            assertEquals(model.keySet(), walked.keySet());
            model.forEach((index, bytes) -> assertArrayEquals(bytes, walked.get(index), "key " + index));
        }
    }

    /** The index {@link TestFlows#key} built this key from: the client's last octet and the client port. */
    private static int indexOf(FlowKey k) {
        byte[] b = k.bytes();
        return (b[FlowKey.LOW_ADDRESS_OFFSET + 3] & 0xFF) << 16 | k.lowPort();
    }

    /**
     * Once the segments have grown, an established flow's update, a get, a put of a present key, a remove with its
     * re-insert and a walk allocate nothing. Measured with the JVM's per-thread allocation counter.
     */
    @Test
    void steadyStateOperationsAllocateNothing() {
        int flows = 10_000;
        int calls = 100_000;
        try (HeapFlowTable table = new HeapFlowTable(flows, 16)) {
            for (int i = 0; i < flows; i++) {
                table.insert(TestFlows.key(i), record(i));
            }
            FlowKey key = new FlowKey();
            FlowRecord out = heapRecord();
            FlowRecord replacement = record(1);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            long[] allocated = new long[5];
            for (int round = 0; round < 4; round++) {
                long t0 = threads.getThreadAllocatedBytes(thread);
                for (int n = 0; n < calls; n++) {
                    table.update(TestFlows.key(key, n % flows), (k, r, c) -> r.packets(0, r.packets(0) + 1).state(),
                            null);
                }
                long t1 = threads.getThreadAllocatedBytes(thread);
                for (int n = 0; n < calls; n++) {
                    table.get(TestFlows.key(key, n % flows), out);
                }
                long t2 = threads.getThreadAllocatedBytes(thread);
                for (int n = 0; n < calls; n++) {
                    table.put(TestFlows.key(key, n % flows), replacement);
                }
                long t3 = threads.getThreadAllocatedBytes(thread);
                for (int n = 0; n < calls; n++) {
                    TestFlows.key(key, n % flows);
                    table.remove(key);
                    table.insert(key, replacement);
                }
                long t4 = threads.getThreadAllocatedBytes(thread);
                table.forEach((k, r, c) -> FlowTable.Visit.KEEP, null);
                long t5 = threads.getThreadAllocatedBytes(thread);
                allocated = new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4};
            }
            List<String> names = List.of("updates", "gets", "puts", "removes + inserts", "walks");
            for (int i = 0; i < names.size(); i++) {
                assertTrue(allocated[i] < 1024, names.get(i) + " allocated " + allocated[i] + " B in the last round");
            }
            assertEquals(flows, table.size());
        }
    }

    /**
     * Two threads insert, update and remove their own flows while a third updates one shared flow; segments grow
     * under the others' feet. Every flow ends where its owner left it and no update of the shared flow is lost.
     */
    @Test
    void concurrentWritersKeepEveryFlowIntact() throws Exception {
        int perThread = 20_000;
        try (HeapFlowTable table = new HeapFlowTable(3 * perThread, 4)) {
            FlowKey shared = TestFlows.key(1 << 23);
            table.insert(shared, record(0).packets(0, 0));
            CountDownLatch start = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread[] threads = new Thread[3];
            for (int t = 0; t < 2; t++) {
                int base = t * perThread;
                threads[t] = new Thread(() -> run(start, failure, () -> {
                    FlowKey k = new FlowKey();
                    for (int i = base; i < base + perThread; i++) {
                        if (table.insert(TestFlows.key(k, i), record(i)) != FlowTable.Insert.INSERTED) {
                            throw new AssertionError("not inserted: " + i);
                        }
                        table.update(k, (kk, r, c) -> r.packets(1, 7).state(), null);
                    }
                    for (int i = base; i < base + perThread; i += 2) {
                        if (!table.remove(TestFlows.key(k, i))) {
                            throw new AssertionError("not removed: " + i);
                        }
                    }
                }), "writer-" + t);
            }
            threads[2] = new Thread(() -> run(start, failure, () -> {
                for (int i = 0; i < 2 * perThread; i++) {
                    table.update(shared, (k, r, c) -> r.packets(0, r.packets(0) + 1).state(), null);
                }
            }), "updater");
            for (Thread t : threads) {
                t.start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
                assertFalse(t.isAlive(), t.getName() + " finished");
            }
            assertNull(failure.get());
            assertEquals(perThread + 1, table.size());
            FlowRecord out = heapRecord();
            assertTrue(table.get(shared, out));
            assertEquals(2 * perThread, out.packets(0));
            for (int i = 0; i < 2 * perThread; i++) {
                assertEquals(i % 2 == 1, table.get(TestFlows.key(i), out), "flow " + i);
                if (i % 2 == 1) {
                    byte[] expected = recordBytes(i);
                    new FlowRecord().wrap(expected, 0).packets(1, 7);
                    assertArrayEquals(expected, bytesOf(out), "flow " + i);
                }
            }
        }
    }

    private static void run(CountDownLatch start, AtomicReference<Throwable> failure, Runnable work) {
        try {
            start.await();
            work.run();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }
}
