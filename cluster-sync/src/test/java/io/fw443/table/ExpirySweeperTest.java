package io.fw443.table;

import static io.fw443.table.TestFlows.heapRecord;
import static io.fw443.table.TestFlows.key;
import static io.fw443.table.TestFlows.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ExpirySweeperTest {
    private static final long NOW_NS = 1_000_000L;

    /** A clock that only moves when told to, or by {@code stepNs} on every read (time spent walking). */
    static final class VirtualClock implements LongSupplier {
        long nowNs;
        long stepNs;
        int reads;

        @Override
        public long getAsLong() {
            reads++;
            nowNs += stepNs;
            return nowNs;
        }
    }

    /** Collects what the sweeper reports. */
    static final class Removals {
        final Set<FlowKey> keys = new HashSet<>();
        final List<FlowKey> duplicates = new ArrayList<>();
        int tombstones;

        void add(FlowKey key, FlowRecord record) {
            if (!keys.add(key.copy())) {
                duplicates.add(key.copy());
            }
            if (record.hasFlag(FlowRecord.FLAG_TOMBSTONE)) {
                tombstones++;
            }
        }
    }

    private final List<FlowTable> tables = new ArrayList<>();

    @AfterEach
    void close() {
        tables.forEach(FlowTable::close);
    }

    static Stream<Arguments> tables() {
        return Stream.of(Arguments.of("heap"), Arguments.of("chronicle"));
    }

    private FlowTable table(String kind, int segments) throws Exception {
        FlowTable t = kind.equals("heap")
                ? new HeapFlowTable(10_000, segments)
                : ChronicleFlowTable.open(ChronicleFlowTable.Options.inMemory(10_000).withSegments(segments));
        tables.add(t);
        return t;
    }

    /** Flow i expires at NOW_NS - 500 + i: flows 0..500 are due at NOW_NS, the rest later. */
    private static void fill(FlowTable t, int flows) {
        for (int i = 0; i < flows; i++) {
            FlowRecord r = record(i).expiresAtNs(NOW_NS - 500 + i);
            if (i % 7 == 0) {
                r.setFlag(FlowRecord.FLAG_TOMBSTONE);
            } else {
                r.clearFlag(FlowRecord.FLAG_TOMBSTONE);
            }
            t.put(key(i), r);
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void anUnlimitedTickRemovesExactlyTheDueFlowsAndReportsEach(String kind) throws Exception {
        FlowTable t = table(kind, 8);
        fill(t, 1000);
        VirtualClock clock = new VirtualClock();
        Removals removals = new Removals();
        ExpirySweeper<Removals> sweeper =
                new ExpirySweeper<>(t, clock, 16, (k, r, into) -> into.add(k, r), removals);

        assertEquals(501, sweeper.sweep(NOW_NS, Long.MAX_VALUE / 2));

        assertEquals(499, t.size());
        assertEquals(501, removals.keys.size());
        assertTrue(removals.duplicates.isEmpty());
        for (int i = 0; i < 1000; i++) {
            boolean due = i <= 500;
            assertEquals(due, removals.keys.contains(key(i)), "reported " + i);
            assertEquals(!due, t.get(key(i), heapRecord()), "kept " + i);
        }
        assertEquals(72, removals.tombstones, "tombstones 0, 7, ..., 497 are due like any flow");
        assertEquals(1, sweeper.passes());
        assertEquals(0, sweeper.nextSegment());
    }

    @ParameterizedTest
    @MethodSource("tables")
    void aSpentBudgetStillFinishesOneSegmentPerTick(String kind) throws Exception {
        FlowTable t = table(kind, 8);
        fill(t, 1000);
        VirtualClock clock = new VirtualClock();
        clock.stepNs = 1_000; // every read of the clock is past a zero budget
        Removals removals = new Removals();
        ExpirySweeper<Removals> sweeper =
                new ExpirySweeper<>(t, clock, 1, (k, r, into) -> into.add(k, r), removals);

        int total = 0;
        for (int tick = 1; tick <= 8; tick++) {
            total += sweeper.sweep(NOW_NS, 0);
            assertEquals(tick % 8, sweeper.nextSegment(), "one segment per tick");
        }
        assertEquals(501, total);
        assertEquals(501, removals.keys.size());
        assertTrue(removals.duplicates.isEmpty());
        assertEquals(499, t.size());
        assertEquals(1, sweeper.passes());
    }

    /**
     * The budget runs out inside the second segment of a tick: that walk stops and the segment is walked again from
     * its start by the next tick, without reporting anything twice.
     */
    @ParameterizedTest
    @MethodSource("tables")
    void aSegmentCutShortIsResumedByTheNextTick(String kind) throws Exception {
        FlowTable t = table(kind, 2);
        fill(t, 1000);
        int firstSegmentSize = t.forEachInSegment(0, (k, r, c) -> FlowTable.Visit.KEEP, null);
        VirtualClock clock = new VirtualClock();
        clock.stepNs = 1;
        Removals removals = new Removals();
        ExpirySweeper<Removals> sweeper =
                new ExpirySweeper<>(t, clock, 10, (k, r, into) -> into.add(k, r), removals);

        // the clock reads 1 at the start (deadline 5), 2 before segment 1, then 3, 4, 5 at its 10th, 20th and 30th
        // entry: the walk stops there
        int removedFirstTick = sweeper.sweep(NOW_NS, 4);
        assertEquals(1, sweeper.nextSegment(), "stopped inside segment 1");
        assertEquals(5, clock.reads);
        long leftAfterFirstTick = t.size();
        assertTrue(removedFirstTick > 0 && removedFirstTick < 501);
        assertEquals(1000 - removedFirstTick, leftAfterFirstTick);

        int removedSecondTick = sweeper.sweep(NOW_NS, 0);
        assertEquals(0, sweeper.nextSegment(), "segment 1 finished");
        assertEquals(501, removedFirstTick + removedSecondTick);
        assertEquals(501, removals.keys.size());
        assertTrue(removals.duplicates.isEmpty());
        assertEquals(1, sweeper.passes());
        assertTrue(firstSegmentSize > 30 && firstSegmentSize < 970, "both segments are populated");
    }

    @Test
    void laterTicksFindFlowsThatExpiredMeanwhile() throws Exception {
        FlowTable t = table("heap", 4);
        fill(t, 1000);
        VirtualClock clock = new VirtualClock();
        ExpirySweeper<Removals> sweeper = new ExpirySweeper<>(t, clock, 64, (k, r, into) -> into.add(k, r),
                new Removals());
        assertEquals(501, sweeper.sweep(NOW_NS, 1_000));
        assertEquals(0, sweeper.sweep(NOW_NS, 1_000));
        assertEquals(100, sweeper.sweep(NOW_NS + 100, 1_000));
        assertEquals(399, sweeper.sweep(NOW_NS + 10_000, 1_000));
        assertEquals(0, t.size());
        assertEquals(4, sweeper.passes());
    }

    @ParameterizedTest(name = "expires {0}, now {1} -> {2}")
    @CsvSource({
        "100, 99, false",
        "100, 100, true",
        "100, 101, true",
        // a monotonic clock may wrap: 11 ns past the expiry, across the sign change
        "9223372036854775802, -9223372036854775803, true",
        "-9223372036854775803, 9223372036854775802, false",
        "0, -1, false",
        "-1, 0, true"
    })
    void expiryComparesLikeNanoTime(long expiresAtNs, long nowNs, boolean expired) {
        assertEquals(expired, ExpirySweeper.expired(expiresAtNs, nowNs));
    }

    @Test
    void anEmptyTableSweepsQuietly() throws Exception {
        FlowTable t = table("chronicle", 4);
        ExpirySweeper<Object> sweeper = new ExpirySweeper<>(t, new VirtualClock(), 1, (k, r, c) -> {
            throw new AssertionError("nothing to remove");
        }, null);
        assertEquals(0, sweeper.sweep(NOW_NS, 1_000_000));
        assertEquals(1, sweeper.passes());
        assertFalse(t.get(key(1), heapRecord()));
    }

    @Test
    void theClockReadIntervalMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new ExpirySweeper<>(new HeapFlowTable(10), new VirtualClock(), 0, (k, r, c) -> { }, null));
    }
}
