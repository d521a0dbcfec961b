package io.fw443.table;

import static io.fw443.table.TestFlows.bytesOf;
import static io.fw443.table.TestFlows.heapRecord;
import static io.fw443.table.TestFlows.key;
import static io.fw443.table.TestFlows.record;
import static io.fw443.table.TestFlows.recordBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChronicleFlowTableTest {
    private static final int FLOWS = 10_000;
    private static final int CALLS = 100_000;

    private static final FlowTable.RecordUpdater<Object> COUNT_PACKET = (k, r, c) -> {
        r.count(0, 1500);
        return r.packets(0);
    };

    @TempDir
    Path dir;

    /**
     * The hot path allocates nothing once warm: lookups reuse the caller's key, Chronicle's per-thread context and
     * the table's per-thread flyweights. Measured with the JVM's per-thread allocation counter.
     */
    @ParameterizedTest(name = "persisted={0}")
    @ValueSource(booleans = {false, true})
    void updateGetAndWalkAllocateNothingOnceWarm(boolean persisted) throws Exception {
        ChronicleFlowTable.Options options = persisted
                ? ChronicleFlowTable.Options.persisted(FLOWS, dir.resolve("flows"))
                : ChronicleFlowTable.Options.inMemory(FLOWS);
        try (ChronicleFlowTable table = ChronicleFlowTable.open(options)) {
            for (int i = 0; i < FLOWS; i++) {
                table.put(key(i), record(i));
            }
            FlowKey key = new FlowKey();
            FlowRecord out = heapRecord();
            FlowRecord replacement = record(1);
            for (int round = 0; round < 3; round++) {
                updates(table, key);
                gets(table, key, out);
                puts(table, key, replacement);
                walks(table);
            }
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();

            long before = threads.getThreadAllocatedBytes(thread);
            updates(table, key);
            long afterUpdates = threads.getThreadAllocatedBytes(thread);
            gets(table, key, out);
            long afterGets = threads.getThreadAllocatedBytes(thread);
            puts(table, key, replacement);
            long afterPuts = threads.getThreadAllocatedBytes(thread);
            walks(table);
            long afterWalks = threads.getThreadAllocatedBytes(thread);

            // Nothing per call: one allocation per call would be at least 16 B x 100k. A few KiB once (a JIT
            // recompilation on a busy machine charges its bookkeeping to the thread) is not the code's.
            long oneOff = 16 * 1024;
            assertTrue(afterUpdates - before < oneOff, "100k updates allocated " + (afterUpdates - before) + " B");
            assertTrue(afterGets - afterUpdates < oneOff, "100k gets allocated " + (afterGets - afterUpdates) + " B");
            assertTrue(afterPuts - afterGets < oneOff, "100k puts allocated " + (afterPuts - afterGets) + " B");
            assertTrue(afterWalks - afterPuts < oneOff, "walks allocated " + (afterWalks - afterPuts) + " B");

            table.get(key(FLOWS - 1), out);
            assertEquals(record(FLOWS - 1).packets(0) + 4 * CALLS / FLOWS, out.packets(0),
                    "every update landed in the stored record");
        }
    }

    private static void updates(FlowTable table, FlowKey key) {
        for (int i = 0; i < CALLS; i++) {
            table.update(key(key, i % FLOWS), COUNT_PACKET, null);
        }
    }

    private static void gets(FlowTable table, FlowKey key, FlowRecord out) {
        for (int i = 0; i < CALLS; i++) {
            table.get(key(key, i % FLOWS), out);
        }
    }

    /** Replaces the first keys only, so the counters checked above stay intact further on. */
    private static void puts(FlowTable table, FlowKey key, FlowRecord replacement) {
        for (int i = 0; i < CALLS; i++) {
            table.put(key(key, i % 100), replacement);
        }
    }

    private static void walks(FlowTable table) {
        table.forEach((k, r, c) -> FlowTable.Visit.KEEP, null);
    }

    @Test
    void aCleanlyClosedFileReopensAsIsWithoutRecovery() throws Exception {
        Path file = dir.resolve("flows");
        try (ChronicleFlowTable table = ChronicleFlowTable.open(ChronicleFlowTable.Options.persisted(1000, file))) {
            assertFalse(table.recovered(), "a new file needs no recovery");
            for (int i = 0; i < 500; i++) {
                table.put(key(i), record(i));
            }
            table.update(key(7), COUNT_PACKET, null);
            table.remove(key(8));
        }
        assertTrue(Files.exists(file.resolveSibling("flows.clean")));

        try (ChronicleFlowTable table = ChronicleFlowTable.open(ChronicleFlowTable.Options.persisted(1000, file))) {
            assertFalse(table.recovered());
            assertFalse(Files.exists(file.resolveSibling("flows.clean")), "the marker is consumed while open");
            assertEquals(499, table.size());
            FlowRecord out = heapRecord();
            FlowRecord expected = record(7);
            int packets = expected.packets(0);
            expected.count(0, 1500);
            assertTrue(table.get(key(7), out));
            assertEquals(packets + 1, out.packets(0));
            assertArrayEquals(bytesOf(expected), bytesOf(out));
            assertFalse(table.get(key(8), out));
            assertTrue(table.get(key(499), out));
            assertArrayEquals(recordBytes(499), bytesOf(out));
        }
    }

    @Test
    void aFileWithoutItsCleanMarkerIsRecovered() throws Exception {
        Path file = dir.resolve("flows");
        try (ChronicleFlowTable table = ChronicleFlowTable.open(ChronicleFlowTable.Options.persisted(1000, file))) {
            for (int i = 0; i < 300; i++) {
                table.put(key(i), record(i));
            }
        }
        Files.delete(file.resolveSibling("flows.clean"));
        try (ChronicleFlowTable table = ChronicleFlowTable.open(ChronicleFlowTable.Options.persisted(1000, file))) {
            assertTrue(table.recovered());
            assertEquals(0, table.corruptionsRepaired(), "a sound file recovers without repairs");
            assertEquals(300, table.size());
            FlowRecord out = heapRecord();
            for (int i = 0; i < 300; i++) {
                assertTrue(table.get(key(i), out));
                assertArrayEquals(recordBytes(i), bytesOf(out));
            }
        }
    }

    @Test
    void offHeapFootprintPerFlowStaysUnderTheTarget() throws Exception {
        try (ChronicleFlowTable table = ChronicleFlowTable.open(ChronicleFlowTable.Options.inMemory(50_000))) {
            FlowKey key = new FlowKey();
            FlowRecord r = record(1);
            for (int i = 0; i < 50_000; i++) {
                table.put(key(key, i), r);
            }
            double perFlow = (double) table.offHeapBytes() / table.size();
            assertTrue(perFlow <= 160, "off-heap bytes per flow: " + perFlow);
        }
    }

    @Test
    void optionsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ChronicleFlowTable.Options.inMemory(0));
        assertThrows(IllegalArgumentException.class, () -> ChronicleFlowTable.Options.inMemory(10).withSegments(-1));
        assertThrows(IllegalArgumentException.class, () -> ChronicleFlowTable.Options.persisted(10, null));
    }

    @Test
    void theSegmentCountCanBeChosen() throws Exception {
        try (ChronicleFlowTable table =
                     ChronicleFlowTable.open(ChronicleFlowTable.Options.inMemory(100_000).withSegments(64))) {
            assertEquals(64, table.segmentCount());
        }
    }
}
