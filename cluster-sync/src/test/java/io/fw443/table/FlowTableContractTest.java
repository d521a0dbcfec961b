package io.fw443.table;

import static io.fw443.table.TestFlows.bytesOf;
import static io.fw443.table.TestFlows.heapRecord;
import static io.fw443.table.TestFlows.key;
import static io.fw443.table.TestFlows.record;
import static io.fw443.table.TestFlows.recordBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link FlowTable} must do; one subclass per implementation. */
abstract class FlowTableContractTest {
    private final List<FlowTable> opened = new ArrayList<>();

    /** A fresh, empty table holding at most {@code capacity} flows. */
    protected abstract FlowTable create(long capacity) throws Exception;

    protected final FlowTable table(long capacity) throws Exception {
        FlowTable t = create(capacity);
        opened.add(t);
        return t;
    }

    @AfterEach
    void closeTables() {
        opened.forEach(FlowTable::close);
    }

    @Test
    void putThenGetReturnsTheExactBytes() throws Exception {
        FlowTable t = table(1000);
        for (int i = 0; i < 200; i++) {
            assertTrue(t.put(key(i), record(i)));
        }
        FlowRecord out = heapRecord();
        for (int i = 0; i < 200; i++) {
            assertTrue(t.get(key(i), out), "key " + i);
            assertArrayEquals(recordBytes(i), bytesOf(out), "key " + i);
        }
        assertEquals(200, t.size());
    }

    @Test
    void getOfAnAbsentKeyLeavesTheOutputAlone() throws Exception {
        FlowTable t = table(10);
        t.put(key(1), record(1));
        FlowRecord out = record(7);
        assertFalse(t.get(key(2), out));
        assertArrayEquals(recordBytes(7), bytesOf(out));
    }

    @Test
    void updateChangesTheStoredRecordInPlaceAndReturnsTheUpdatersResult() throws Exception {
        FlowTable t = table(10);
        t.put(key(1), record(1).packets(0, 10).expiresAtNs(5_000));
        FlowKey probe = key(1);
        int result = t.update(probe, (k, r, extraNs) -> {
            assertSame(probe, k);
            r.packets(0, r.packets(0) + 1).expiresAtNs(r.expiresAtNs() + extraNs);
            return r.packets(0);
        }, 2_000L);
        assertEquals(11, result);

        FlowRecord out = heapRecord();
        t.get(key(1), out);
        assertEquals(11, out.packets(0));
        assertEquals(7_000, out.expiresAtNs());
        byte[] expected = recordBytes(1);
        FlowRecord e = new FlowRecord().wrap(expected, 0).packets(0, 11).expiresAtNs(7_000);
        assertArrayEquals(bytesOf(e), bytesOf(out), "no other byte changes");
    }

    @Test
    void updateOfAnAbsentKeySaysMissingWithoutCallingTheUpdater() throws Exception {
        FlowTable t = table(10);
        t.put(key(1), record(1));
        int[] calls = {0};
        assertEquals(FlowTable.MISSING, t.update(key(2), (k, r, c) -> ++c[0], calls));
        assertEquals(0, calls[0]);
    }

    @Test
    void insertKeepsTheFirstRecord() throws Exception {
        FlowTable t = table(10);
        assertEquals(FlowTable.Insert.INSERTED, t.insert(key(1), record(1)));
        assertEquals(FlowTable.Insert.PRESENT, t.insert(key(1), record(2)));
        assertFalse(t.putIfAbsent(key(1), record(3)));
        FlowRecord out = heapRecord();
        t.get(key(1), out);
        assertArrayEquals(recordBytes(1), bytesOf(out));
        assertEquals(1, t.size());
    }

    @Test
    void putReplacesAnExistingRecord() throws Exception {
        FlowTable t = table(10);
        t.put(key(1), record(1));
        assertTrue(t.put(key(1), record(2)));
        FlowRecord out = heapRecord();
        t.get(key(1), out);
        assertArrayEquals(recordBytes(2), bytesOf(out));
        assertEquals(1, t.size());
    }

    @Test
    void aFullTableRefusesNewKeysButStillUpdatesAndReplaces() throws Exception {
        FlowTable t = table(50);
        assertEquals(50, t.capacity());
        for (int i = 0; i < 50; i++) {
            assertEquals(FlowTable.Insert.INSERTED, t.insert(key(i), record(i)), "key " + i);
        }
        assertEquals(FlowTable.Insert.FULL, t.insert(key(50), record(50)));
        assertFalse(t.put(key(51), record(51)));
        assertEquals(FlowTable.Insert.PRESENT, t.insert(key(3), record(3)), "present wins over full");
        assertTrue(t.put(key(3), record(99)));
        assertEquals(1, t.update(key(4), (k, r, c) -> 1, null));
        assertEquals(50, t.size());

        assertTrue(t.remove(key(0)));
        assertEquals(FlowTable.Insert.INSERTED, t.insert(key(50), record(50)));
        assertEquals(FlowTable.Insert.FULL, t.insert(key(51), record(51)));
    }

    @Test
    void removeSaysWhetherTheKeyWasThere() throws Exception {
        FlowTable t = table(10);
        t.put(key(1), record(1));
        t.put(key(2), record(2));
        assertTrue(t.remove(key(1)));
        assertFalse(t.remove(key(1)));
        assertFalse(t.get(key(1), heapRecord()));
        assertTrue(t.get(key(2), heapRecord()));
        assertEquals(1, t.size());
    }

    /** Catches a key adapter that hashes or compares only part of the key. */
    @ParameterizedTest(name = "key byte {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7, 8, 15, 16, 19, 20, 31, 32, 35, 36, 37, 38, 39})
    void everyKeyByteTakesPartInIdentity(int position) throws Exception {
        FlowTable t = table(10);
        FlowKey zero = new FlowKey();
        FlowKey other = new FlowKey();
        other.bytes()[position] = 1;
        assertTrue(t.putIfAbsent(zero, record(1)));
        assertTrue(t.putIfAbsent(other, record(2)));
        FlowRecord out = heapRecord();
        t.get(zero, out);
        assertArrayEquals(recordBytes(1), bytesOf(out));
        t.get(other, out);
        assertArrayEquals(recordBytes(2), bytesOf(out));
    }

    @Test
    void aWalkVisitsEveryEntryOnceWithItsOwnKeyAndRecord() throws Exception {
        FlowTable t = table(2000);
        for (int i = 0; i < 1000; i++) {
            t.put(key(i), record(i).packets(1, i));
        }
        Set<FlowKey> seen = new HashSet<>();
        int visited = 0;
        for (int s = 0; s < t.segmentCount(); s++) {
            visited += t.forEachInSegment(s, (k, r, into) -> {
                assertEquals(key(r.packets(1)), k, "the record belongs to the key it is visited with");
                assertTrue(into.add(k.copy()), "visited twice: " + k);
                return FlowTable.Visit.KEEP;
            }, seen);
        }
        assertEquals(1000, visited);
        assertEquals(1000, seen.size());
    }

    @Test
    void aWalkRemovesWhatTheVisitorAsksFor() throws Exception {
        FlowTable t = table(2000);
        for (int i = 0; i < 1000; i++) {
            t.put(key(i), record(i).expiresAtNs(i));
        }
        t.forEach((k, r, c) -> r.expiresAtNs() % 2 == 0 ? FlowTable.Visit.REMOVE : FlowTable.Visit.KEEP, null);
        assertEquals(500, t.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i % 2 == 1, t.get(key(i), heapRecord()), "key " + i);
        }
        // the freed slots are usable again, up to the capacity
        for (int i = 1000; i < 2500; i++) {
            assertEquals(FlowTable.Insert.INSERTED, t.insert(key(i), record(i)), "key " + i);
        }
        assertEquals(FlowTable.Insert.FULL, t.insert(key(2500), record(2500)));
    }

    @Test
    void stopEndsASegmentWalkAtOnce() throws Exception {
        FlowTable t = table(1000);
        for (int i = 0; i < 500; i++) {
            t.put(key(i), record(i));
        }
        int busiest = 0;
        int most = 0;
        for (int s = 0; s < t.segmentCount(); s++) {
            int n = t.forEachInSegment(s, (k, r, c) -> FlowTable.Visit.KEEP, null);
            if (n > most) {
                most = n;
                busiest = s;
            }
        }
        assertTrue(most > 1, "some segment holds several entries");
        assertEquals(1, t.forEachInSegment(busiest, (k, r, c) -> FlowTable.Visit.STOP, null));
        assertEquals(500, t.size());
    }

    @Test
    void concurrentUpdatesOfOneFlowLoseNothing() throws Exception {
        FlowTable t = table(10);
        t.put(key(1), record(1).packets(0, 0));
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        Runnable bump = () -> {
            FlowKey k = key(1);
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < perThread; i++) {
                t.update(k, (kk, r, c) -> {
                    r.packets(0, r.packets(0) + 1);
                    return 0;
                }, null);
            }
        };
        Thread a = new Thread(bump, "bump-a");
        Thread b = new Thread(bump, "bump-b");
        a.start();
        b.start();
        start.countDown();
        a.join(TimeUnit.SECONDS.toMillis(30));
        b.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(a.isAlive() || b.isAlive(), "updaters finished");
        FlowRecord out = heapRecord();
        t.get(key(1), out);
        assertEquals(2 * perThread, out.packets(0));
    }
}
