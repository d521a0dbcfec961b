package io.fw443.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowKeyTest {
    private static final byte[] CLIENT = {(byte) 192, 0, 2, 10};
    private static final byte[] SERVER = {(byte) 198, 51, 100, 100};

    @Test
    void bothDirectionsOfAConnectionGiveTheSameKey() {
        FlowKey forward = new FlowKey();
        FlowKey back = new FlowKey();
        boolean forwardSwapped = forward.set(4, 6, 0, CLIENT, 0, 40000, SERVER, 0, 443);
        boolean backSwapped = back.set(4, 6, 0, SERVER, 0, 443, CLIENT, 0, 40000);

        assertEquals(forward, back);
        assertEquals(forward.hashCode(), back.hashCode());
        assertEquals(forward.hash64(), back.hash64());
        assertFalse(forwardSwapped, "192.0.2.10 sorts below 198.51.100.100");
        assertTrue(backSwapped);
        assertEquals("tcp 192.0.2.10:40000 <-> 198.51.100.100:443", forward.toString());
    }

    @Test
    void portBreaksTheTieBetweenEqualAddresses() {
        FlowKey key = new FlowKey();
        assertTrue(key.set(4, 17, 0, CLIENT, 0, 5000, CLIENT, 0, 443));
        assertEquals(443, key.lowPort());
        assertEquals(5000, key.highPort());
    }

    @Test
    void ipv6KeysUseAllSixteenAddressBytes() {
        byte[] a = new byte[16];
        byte[] b = new byte[16];
        a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = (byte) 0xb8; a[15] = 1;
        b[0] = 0x20; b[1] = 0x01; b[2] = 0x0d; b[3] = (byte) 0xb8; b[15] = 2;
        FlowKey key = new FlowKey();
        key.set(6, 6, 7, b, 0, 443, a, 0, 50000);
        assertEquals("tcp [2001:db8:0:0:0:0:0:1]:50000 <-> [2001:db8:0:0:0:0:0:2]:443 domain 7", key.toString());
        assertEquals(key, new FlowKey().setBytes(key.bytes(), 0));
    }

    /**
     * Keys of one client differing only in the source port, the commonest pattern in a flow table, hash to distinct
     * values that spread evenly over a table's low bits. (The byte-wise polynomial hash gave ports p and p + 225 the
     * same value, so such keys piled up about eight to a hash.)
     */
    @Test
    void hashesOfNeighbouringPortsAreDistinctAndSpread() {
        FlowKey key = new FlowKey();
        Set<Integer> codes = new HashSet<>();
        int buckets = 4096;
        int[] load = new int[buckets];
        int ports = 60_000;
        for (int port = 1024; port < 1024 + ports; port++) {
            key.set(4, 6, 0, CLIENT, 0, port, SERVER, 0, 443);
            codes.add(key.hashCode());
            load[key.hashCode() & (buckets - 1)]++;
        }
        assertTrue(codes.size() >= ports - 5, codes.size() + " distinct hash codes of " + ports);
        int busiest = Arrays.stream(load).max().orElseThrow();
        // Mean 14.6 per bucket; a uniform hash's busiest of 4,096 is in the low thirties.
        assertTrue(busiest < 40, "busiest bucket holds " + busiest);
    }

    @Test
    void theSeedChangesTheHashButNotEquality() {
        FlowKey a = new FlowKey();
        FlowKey b = new FlowKey();
        a.set(4, 6, 0, CLIENT, 0, 40000, SERVER, 0, 443);
        b.set(4, 6, 0, SERVER, 0, 443, CLIENT, 0, 40000);
        assertEquals(a.hash(7), b.hash(7));
        assertTrue(a.hash(7) != a.hash(8), "a seed takes part in the hash");
        assertTrue(a.equalsAt(b.bytes(), UnsafeAccess.BYTE_ARRAY_OFFSET));
        b.bytes()[39] ^= 1;
        assertFalse(a.equalsAt(b.bytes(), UnsafeAccess.BYTE_ARRAY_OFFSET));
    }
}
