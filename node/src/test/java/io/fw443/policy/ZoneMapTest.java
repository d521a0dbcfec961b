package io.fw443.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ZoneMapTest {
    private static final ZoneMap ZONES = ZoneMap.builder().zone("clients").zone("servers").zone("unused")
        .bind("eth1", 3, "clients").bind("eth2", 7, "servers").bind("eth2.100", 300, "clients").build();

    @Test
    void mapsInterfacesToZones() {
        assertEquals(3, ZONES.zoneCount());
        assertEquals(0, ZONES.zoneId("clients"));
        assertEquals(1, ZONES.zoneId("servers"));
        assertEquals("unused", ZONES.zoneName(2));
        assertEquals(0, ZONES.zoneOfInterface(3));
        assertEquals(1, ZONES.zoneOfInterface(7));
        assertEquals(0, ZONES.zoneOfInterface(300));
        assertEquals(1, ZONES.zoneOfInterface("eth2"));
        assertEquals(ZoneMap.NO_ZONE, ZONES.zoneOfInterface(4));
        assertEquals(ZoneMap.NO_ZONE, ZONES.zoneOfInterface(301));
        assertEquals(ZoneMap.NO_ZONE, ZONES.zoneOfInterface(-1));
        assertEquals(ZoneMap.NO_ZONE, ZONES.zoneOfInterface("eth9"));
        assertEquals(ZoneMap.NO_ZONE, ZONES.zoneId("nowhere"));
    }

    @Test
    void refusesInconsistentBindings() {
        assertThrows(IllegalArgumentException.class, () -> ZoneMap.builder().zone("a").zone("a"));
        assertThrows(IllegalArgumentException.class, () -> ZoneMap.builder().zone("a").bind("eth1", 1, "b"));
        assertThrows(IllegalArgumentException.class, () -> ZoneMap.builder().zone("a").bind("eth1", 1, "a").bind("eth1", 2, "a"));
        assertThrows(IllegalArgumentException.class, () -> ZoneMap.builder().zone("a").bind("eth1", 1, "a").bind("eth2", 1, "a"));
        assertThrows(IllegalArgumentException.class, () -> ZoneMap.builder().zone("a").bind("eth1", -1, "a"));
        final ZoneMap.Builder many = ZoneMap.builder();
        for (int i = 0; i < ZoneMap.MAX_ZONES; i++) {
            many.zone("z" + i);
        }
        assertThrows(IllegalArgumentException.class, () -> many.zone("one-too-many"));
    }
}
