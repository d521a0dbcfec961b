package io.fw443.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
}
