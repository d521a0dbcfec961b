package io.fw443.dataplane;

import static io.fw443.dataplane.HostFrames.NODE_MAC;
import static io.fw443.dataplane.HostFrames.VIRTUAL_MAC_51;
import static io.fw443.dataplane.HostFrames.decode;
import static io.fw443.dataplane.HostFrames.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6NeighborAdvertisementPacket;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.namednumber.ArpOperation;
import org.pcap4j.util.MacAddress;

/** Bursts and refreshes on a virtual clock; frames decoded by pcap4j. */
class GratuitousAnnouncerTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 5_000 * MS;

    private final VipTable table = new VipTable();
    private final HostFrames.RecordingSink sink = new HostFrames.RecordingSink();
    private final GratuitousAnnouncer announcer = new GratuitousAnnouncer(table, sink,
            new GratuitousAnnouncer.Settings(50 * MS, 10_000 * MS));

    @Test
    void aBurstSendsCountRoundsSpacedApartThenRefreshes() {
        table.add(51, ip("192.0.2.1"), NODE_MAC);
        table.add(51, ip("192.0.2.5"), NODE_MAC);
        table.add(52, ip("198.51.100.1"), NODE_MAC);
        announcer.announce(51, 3, T0);
        assertEquals(T0, announcer.nextDueNs());

        assertEquals(2, announcer.doWork(T0), "one frame per address of the owner, at once");
        assertEquals(T0 + 50 * MS, announcer.nextDueNs());
        assertEquals(0, announcer.doWork(T0 + 49 * MS));
        assertEquals(2, announcer.doWork(T0 + 50 * MS));
        assertEquals(2, announcer.doWork(T0 + 100 * MS));
        assertEquals(T0 + 10_000 * MS, announcer.nextDueNs(), "burst over: the refresh is next");
        assertEquals(0, announcer.doWork(T0 + 9_999 * MS));
        assertEquals(2, announcer.doWork(T0 + 10_000 * MS));
        assertEquals(T0 + 20_000 * MS, announcer.nextDueNs());
        assertEquals(8, sink.frames.size());
        assertEquals(8, announcer.sent());
        for (byte[] frame : sink.frames) {
            ArpPacket.ArpHeader arp = decode(frame).get(ArpPacket.class).getHeader();
            assertFalse(arp.getSrcProtocolAddr().equals(ip("198.51.100.1")), "another owner's address");
        }
    }

    @Test
    void aGratuitousArpIsABroadcastRequestForTheAddressItself() {
        table.add(51, ip("192.0.2.1"), VIRTUAL_MAC_51);
        announcer.announce(51, 1, T0);
        announcer.doWork(T0);
        EthernetPacket frame = decode(sink.frames.get(0));
        assertEquals(MacAddress.ETHER_BROADCAST_ADDRESS, frame.getHeader().getDstAddr());
        assertEquals(MacAddress.getByAddress(VIRTUAL_MAC_51), frame.getHeader().getSrcAddr());
        ArpPacket.ArpHeader arp = frame.get(ArpPacket.class).getHeader();
        assertEquals(ArpOperation.REQUEST, arp.getOperation());
        assertEquals(ip("192.0.2.1"), arp.getSrcProtocolAddr());
        assertEquals(ip("192.0.2.1"), arp.getDstProtocolAddr());
        assertEquals(MacAddress.getByAddress(VIRTUAL_MAC_51), arp.getSrcHardwareAddr());
        assertEquals(60, sink.frames.get(0).length);
    }

    @Test
    void anIpv6AddressIsAnnouncedWithAnUnsolicitedRouterAdvertToAllNodes() {
        table.add(52, ip("2001:db8::1"), NODE_MAC);
        announcer.announce(52, 1, T0);
        announcer.doWork(T0);
        EthernetPacket frame = decode(sink.frames.get(0));
        assertEquals(MacAddress.getByName("33:33:00:00:00:01"), frame.getHeader().getDstAddr());
        IpV6Packet.IpV6Header ipv6 = frame.get(IpV6Packet.class).getHeader();
        assertEquals(ip("ff02::1"), ipv6.getDstAddr());
        assertEquals(255, ipv6.getHopLimitAsInt());
        assertTrue(frame.get(IcmpV6CommonPacket.class).hasValidChecksum(ipv6.getSrcAddr(), ipv6.getDstAddr(),
                false));
        IcmpV6NeighborAdvertisementPacket.IcmpV6NeighborAdvertisementHeader na =
                frame.get(IcmpV6NeighborAdvertisementPacket.class).getHeader();
        assertTrue(na.getRouterFlag());
        assertFalse(na.getSolicitedFlag());
        assertTrue(na.getOverrideFlag());
        assertEquals(ip("2001:db8::1"), na.getTargetAddress());
    }

    @Test
    void stopCancelsBurstAndRefresh() {
        table.add(51, ip("192.0.2.1"), NODE_MAC);
        announcer.announce(51, 5, T0);
        announcer.doWork(T0);
        announcer.stop(51);
        assertEquals(GratuitousAnnouncer.NOT_DUE, announcer.nextDueNs());
        assertEquals(0, announcer.doWork(T0 + 60_000 * MS));
        assertEquals(1, sink.frames.size());
    }

    @Test
    void aRoundAnnouncesWhatIsOwnedWhenItIsSent() {
        announcer.announce(51, 2, T0);
        assertEquals(0, announcer.doWork(T0), "nothing owned yet");
        table.add(51, ip("192.0.2.1"), NODE_MAC);
        assertEquals(1, announcer.doWork(T0 + 50 * MS));
    }

    @Test
    void refreshZeroMeansNoRefreshAndRefusedFramesAreCounted() {
        GratuitousAnnouncer once = new GratuitousAnnouncer(table, sink, new GratuitousAnnouncer.Settings(0, 0));
        table.add(51, ip("192.0.2.1"), NODE_MAC);
        sink.accept = false;
        once.announce(51, 2, T0);
        assertEquals(0, once.doWork(T0));
        assertEquals(0, once.doWork(T0));
        assertEquals(GratuitousAnnouncer.NOT_DUE, once.nextDueNs());
        assertEquals(2, once.sendFailures());
    }
}
