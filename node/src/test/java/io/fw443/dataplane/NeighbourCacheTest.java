package io.fw443.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NeighbourCacheTest {
    private static final long REACHABLE_NS = 30_000;
    private static final long RETRY_NS = 1_000;
    private final NeighbourCache cache = new NeighbourCache(16, REACHABLE_NS, RETRY_NS);

    @Test
    void learnsFindsAndReportsChangesOnly() {
        long version = cache.version();
        assertTrue(cache.learn(4, 0, 0xC000020AL, 0x02_0000_0000_10L, 0));
        int slot = cache.find(4, 0, 0xC000020AL);
        assertNotEquals(NeighbourCache.MISSING, slot);
        assertEquals(0x02_0000_0000_10L, cache.mac(slot));
        assertFalse(cache.learn(4, 0, 0xC000020AL, 0x02_0000_0000_10L, 5), "same MAC: a confirmation");
        assertTrue(cache.learn(4, 0, 0xC000020AL, 0x02_0000_0000_11L, 6), "new MAC: a change");
        assertEquals(0x02_0000_0000_11L, cache.mac(slot));
        assertEquals(version + 2, cache.version());
        // Same low bits, other family: another entry.
        assertEquals(NeighbourCache.MISSING, cache.find(6, 0, 0xC000020AL));
    }

    @Test
    void updateNeverCreates() {
        assertFalse(cache.update(4, 0, 1, 0x02_0000_0000_01L, 0));
        assertEquals(NeighbourCache.MISSING, cache.find(4, 0, 1));
        cache.learn(4, 0, 1, 0x02_0000_0000_01L, 0);
        assertTrue(cache.update(4, 0, 1, 0x02_0000_0000_02L, 1));
    }

    @Test
    void refreshIsDueOnceAfterTheReachableTimeThenOncePerRetry() {
        cache.learn(6, 0x20010db800010000L, 0x10, 0x02_0000_0000_01L, 0);
        int slot = cache.find(6, 0x20010db800010000L, 0x10);
        assertFalse(cache.refreshDue(slot, REACHABLE_NS - 1));
        assertTrue(cache.refreshDue(slot, REACHABLE_NS));
        assertFalse(cache.refreshDue(slot, REACHABLE_NS + RETRY_NS - 1));
        assertTrue(cache.refreshDue(slot, REACHABLE_NS + RETRY_NS));
        cache.learn(6, 0x20010db800010000L, 0x10, 0x02_0000_0000_01L, REACHABLE_NS + RETRY_NS + 5);
        assertFalse(cache.refreshDue(slot, REACHABLE_NS + 2 * RETRY_NS + 5), "confirmed again: reachable");
    }

    @Test
    void refusesNewAddressesWhenThreeQuartersFull() {
        int learned = 0;
        for (int i = 1; i <= 16; i++) {
            if (cache.learn(4, 0, i, 0x02_0000_0000_00L | i, 0)) {
                learned++;
            }
        }
        assertEquals(12, learned);
        assertEquals(12, cache.size());
        assertEquals(4, cache.refused());
        for (int i = 1; i <= 12; i++) {
            assertEquals(0x02_0000_0000_00L | i, cache.mac(cache.find(4, 0, i)));
        }
        assertEquals(NeighbourCache.MISSING, cache.find(4, 0, 13));
    }
}
