package io.fw443.dataplane;

import static io.fw443.dataplane.HostFrames.NODE_MAC;
import static io.fw443.dataplane.HostFrames.VIRTUAL_MAC_51;
import static io.fw443.dataplane.HostFrames.ip;
import static io.fw443.dataplane.HostFrames.ipv4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VipTableTest {
    private final VipTable table = new VipTable();

    @Test
    void findsOwnedAddressesOfBothFamiliesWithTheirMac() {
        table.add(51, ip("192.0.2.1"), NODE_MAC);
        table.add(52, ip("2001:db8::1"), VIRTUAL_MAC_51);
        VipTable.Entry v4 = table.findIpv4(ipv4("192.0.2.1"));
        assertEquals(51, v4.owner());
        assertTrue(v4.isIpv4());
        assertArrayEquals(NODE_MAC, v4.mac());
        byte[] buffer = new byte[40];
        System.arraycopy(ip("2001:db8::1").getAddress(), 0, buffer, 7, 16);
        VipTable.Entry v6 = table.findIpv6(buffer, 7);
        assertEquals(52, v6.owner());
        assertArrayEquals(VIRTUAL_MAC_51, v6.mac());
        assertSame(v6, table.find(ip("2001:db8::1")));
        assertNull(table.findIpv4(ipv4("192.0.2.2")));
        assertNull(table.find(ip("2001:db8::2")));
    }

    @Test
    void removingAnOwnerRemovesOnlyItsAddresses() {
        table.add(51, ip("192.0.2.1"), NODE_MAC);
        table.add(51, ip("192.0.2.5"), NODE_MAC);
        table.add(52, ip("198.51.100.1"), NODE_MAC);
        assertEquals(2, table.removeOwner(51));
        assertFalse(table.ownsAny(51));
        assertTrue(table.ownsAny(52));
        assertEquals(1, table.size());
        assertEquals(0, table.removeOwner(51));
    }

    @Test
    void addingAnAddressAgainReplacesItsEntry() {
        table.add(51, ip("192.0.2.1"), NODE_MAC);
        table.add(53, ip("192.0.2.1"), VIRTUAL_MAC_51);
        assertEquals(1, table.size());
        assertEquals(53, table.find(ip("192.0.2.1")).owner());
    }

    @Test
    void aSnapshotDoesNotChangeUnderLaterWrites() {
        table.add(51, ip("192.0.2.1"), NODE_MAC);
        List<VipTable.Entry> before = table.entries();
        table.removeOwner(51);
        assertEquals(1, before.size());
        assertEquals(0, table.entries().size());
    }

    @Test
    void entriesDoNotExposeTheirArrays() {
        table.add(51, ip("192.0.2.1"), NODE_MAC);
        table.find(ip("192.0.2.1")).mac()[0] = 9;
        assertArrayEquals(NODE_MAC, table.find(ip("192.0.2.1")).mac());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> table.add(256, ip("192.0.2.1"), NODE_MAC));
        assertThrows(IllegalArgumentException.class, () -> table.add(1, ip("192.0.2.1"), new byte[5]));
    }
}
