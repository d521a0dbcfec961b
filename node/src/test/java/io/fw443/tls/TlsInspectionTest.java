package io.fw443.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TlsInspectionTest {
    private static final long TIMEOUT_NS = 10_000;

    private static byte[] key(int i) {
        byte[] k = new byte[TlsInspection.MAX_KEY_BYTES];
        k[0] = 4;
        k[1] = 6;
        k[36] = (byte) (i >> 8);
        k[37] = (byte) i;
        return k;
    }

    @Test
    void entriesAreFoundUntilReleasedAndBuffersReturnToTheirPool() {
        TlsInspection t = new TlsInspection(64, 4, 2, TIMEOUT_NS);
        int a = t.startTcp(key(1), 40, 1001, 0);
        int b = t.startQuic(key(2), 40, 0);
        assertNotEquals(TlsInspection.NO_SLOT, a);
        assertNotEquals(TlsInspection.NO_SLOT, b);
        assertEquals(a, t.lookup(key(1), 40));
        assertEquals(b, t.lookup(key(2), 40));
        assertEquals(TlsInspection.NO_SLOT, t.lookup(key(3), 40));
        assertNotNull(t.reassembler(a));
        assertNull(t.quicFlow(a));
        assertNotNull(t.quicFlow(b));
        assertEquals(3, t.availableTcp());
        assertEquals(1, t.availableQuic());
        assertEquals(2, t.inUse());
        t.release(a);
        t.release(b);
        assertEquals(TlsInspection.NO_SLOT, t.lookup(key(1), 40));
        assertEquals(4, t.availableTcp());
        assertEquals(2, t.availableQuic());
        assertEquals(0, t.inUse());
    }

    @Test
    void anEmptyPoolRefusesAStart() {
        TlsInspection t = new TlsInspection(64, 1, 0, TIMEOUT_NS);
        assertNotEquals(TlsInspection.NO_SLOT, t.startTcp(key(1), 40, 1, 0));
        assertEquals(TlsInspection.NO_SLOT, t.startTcp(key(2), 40, 1, 0));
        assertEquals(TlsInspection.NO_SLOT, t.startQuic(key(3), 40, 0));
    }

    @Test
    void aFullProbeWindowRefusesUntilAnEntryExpiresThenReclaimsIt() {
        // 8 slots in all: every key probes the whole table.
        TlsInspection t = new TlsInspection(TlsInspection.PROBE_SLOTS, 16, 0, TIMEOUT_NS);
        for (int i = 0; i < TlsInspection.PROBE_SLOTS; i++) {
            assertNotEquals(TlsInspection.NO_SLOT, t.startTcp(key(i), 40, 1, i), "entry " + i);
        }
        assertEquals(TlsInspection.NO_SLOT, t.startTcp(key(100), 40, 1, TIMEOUT_NS));
        int oldest = t.lookup(key(0), 40);
        assertFalse(t.expired(oldest, TIMEOUT_NS));
        assertTrue(t.expired(oldest, TIMEOUT_NS + 1));
        int reused = t.startTcp(key(100), 40, 1, TIMEOUT_NS + 1);
        assertEquals(oldest, reused, "the stale entry's slot is taken over");
        assertEquals(1, t.reclaimed());
        assertEquals(TlsInspection.NO_SLOT, t.lookup(key(0), 40));
        assertEquals(TlsInspection.PROBE_SLOTS, t.inUse());
    }
}
