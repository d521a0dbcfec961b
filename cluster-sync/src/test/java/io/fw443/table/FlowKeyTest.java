package io.fw443.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
