package io.fw443.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6NeighborAdvertisementPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6NeighborDiscoveryTargetLinkLayerAddressOption;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.namednumber.ArpOperation;
import org.pcap4j.packet.namednumber.IcmpV4Type;
import org.pcap4j.packet.namednumber.IcmpV6Type;

/** The host path: ARP, ND and echo for the node's own addresses, and what it learns; replies decoded with pcap4j. */
class LocalAddressResponderTest {
    private static final byte[] BROADCAST = Frames.mac("ff:ff:ff:ff:ff:ff");
    private static final byte[] ZERO = new byte[6];
    private static final byte[] CLIENT_MAC = Frames.mac("02:00:00:00:00:0a");

    private final TestNode node = new TestNode();
    private final DataplaneCounters counters = new DataplaneCounters();
    private final AtomicInteger learned = new AtomicInteger();
    private final LocalAddressResponder inside =
            new LocalAddressResponder(node.inside(), node.interfaces, counters, learned::incrementAndGet);

    private static EthernetPacket decode(byte[] frame) throws Exception {
        return EthernetPacket.newPacket(frame, 0, frame.length);
    }

    private int cached(String address) {
        byte[] a = Frames.address(address);
        return a.length == 4
                ? node.inside().neighbours().find(4, 0, RoutingTable.readInt(a, 0) & 0xFFFF_FFFFL)
                : node.inside().neighbours().find(6, RoutingTable.readLong(a, 0), RoutingTable.readLong(a, 8));
    }

    @Test
    void answersArpForItsOwnAddressAndLearnsTheAsker() throws Exception {
        inside.handle(Frames.parse(Frames.arp(1, CLIENT_MAC, "192.0.2.10", ZERO, "192.0.2.2", BROADCAST)), 0);

        EthernetPacket eth = decode(node.sentOn(1).get(0));
        assertArrayEquals(CLIENT_MAC, eth.getHeader().getDstAddr().getAddress());
        ArpPacket.ArpHeader arp = eth.get(ArpPacket.class).getHeader();
        assertEquals(ArpOperation.REPLY, arp.getOperation());
        assertArrayEquals(TestNode.INSIDE_MAC, arp.getSrcHardwareAddr().getAddress());
        assertEquals(Inet4Address.getByName("192.0.2.2"), arp.getSrcProtocolAddr());
        assertEquals(Inet4Address.getByName("192.0.2.10"), arp.getDstProtocolAddr());
        assertNotEquals(NeighbourCache.MISSING, cached("192.0.2.10"));
        assertEquals(1, learned.get());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // another host's address: no answer, and the asker is not cached
        "someone else's, 192.0.2.10, 192.0.2.99",
        // the outside address asked on the inside link: not this link's
        "other link's address, 192.0.2.10, 198.51.100.2",
        // a sender outside the link's subnet is not cached even when asking for us
        "off-link sender, 10.0.0.1, 192.0.2.2",
    })
    void doesNotAnswerOrCacheWhatIsNotItsBusiness(String why, String sender, String target) {
        inside.handle(Frames.parse(Frames.arp(1, CLIENT_MAC, sender, ZERO, target, BROADCAST)), 0);
        assertTrue(!target.equals("192.0.2.2") == node.sentOn(1).isEmpty());
        assertEquals(NeighbourCache.MISSING, cached(sender));
        assertEquals(0, learned.get());
    }

    @Test
    void learnsHostsAskingForAVirtualAddressWithoutAnsweringThem() {
        // A client resolving the VIP: the VRRP speaker answers (when Master); every node learns the client.
        inside.handle(Frames.parse(Frames.arp(1, CLIENT_MAC, "192.0.2.10", ZERO, "192.0.2.1", BROADCAST)), 0);
        assertNotEquals(NeighbourCache.MISSING, cached("192.0.2.10"));
        assertTrue(node.sentOn(1).isEmpty(), "the VIP is not the node's own address");
        // Someone else's address still only refreshes.
        inside.handle(Frames.parse(Frames.arp(1, Frames.mac("02:00:00:00:00:0c"), "192.0.2.12", ZERO, "192.0.2.99",
                BROADCAST)), 0);
        assertEquals(NeighbourCache.MISSING, cached("192.0.2.12"));
    }

    @Test
    void learnsFromArpRepliesAndLetsOtherArpOnlyRefresh() {
        inside.handle(Frames.parse(Frames.arp(2, CLIENT_MAC, "192.0.2.10", TestNode.INSIDE_MAC, "192.0.2.2",
                TestNode.INSIDE_MAC)), 0);
        int slot = cached("192.0.2.10");
        assertNotEquals(NeighbourCache.MISSING, slot);
        byte[] moved = Frames.mac("02:00:00:00:00:0b");
        // A gratuitous ARP from a known host updates it.
        inside.handle(Frames.parse(Frames.arp(1, moved, "192.0.2.10", ZERO, "192.0.2.10", BROADCAST)), 1);
        assertEquals(0x02_0000_0000_0BL, node.inside().neighbours().mac(slot));
        assertTrue(node.sentOn(1).isEmpty(), "replies are never answered");
    }

    @Test
    void answersNeighborSolicitationWithASolicitedAdvertisement() throws Exception {
        inside.handle(Frames.parse(Frames.nd(135, "2001:db8:1::10", "ff02::1:ff00:2", "2001:db8:1::2",
                CLIENT_MAC, 255)), 0);

        EthernetPacket eth = decode(node.sentOn(1).get(0));
        IpV6Packet ip = eth.get(IpV6Packet.class);
        assertEquals(InetAddress.getByName("2001:db8:1::10"), ip.getHeader().getDstAddr());
        IcmpV6CommonPacket icmp = ip.get(IcmpV6CommonPacket.class);
        assertEquals(IcmpV6Type.NEIGHBOR_ADVERTISEMENT, icmp.getHeader().getType());
        assertTrue(icmp.hasValidChecksum(ip.getHeader().getSrcAddr(), ip.getHeader().getDstAddr(), false));
        IcmpV6NeighborAdvertisementPacket.IcmpV6NeighborAdvertisementHeader na =
                icmp.get(IcmpV6NeighborAdvertisementPacket.class).getHeader();
        assertTrue(na.getSolicitedFlag() && na.getOverrideFlag());
        assertEquals(InetAddress.getByName("2001:db8:1::2"), na.getTargetAddress());
        var option = (IpV6NeighborDiscoveryTargetLinkLayerAddressOption) na.getOptions().get(0);
        assertArrayEquals(TestNode.INSIDE_MAC, option.getLinkLayerAddress());
        assertNotEquals(NeighbourCache.MISSING, cached("2001:db8:1::10"));
    }

    @Test
    void ignoresNdThatWasForwarded() {
        inside.handle(Frames.parse(Frames.nd(135, "2001:db8:1::10", "ff02::1:ff00:2", "2001:db8:1::2",
                CLIENT_MAC, 254)), 0);
        inside.handle(Frames.parse(Frames.nd(136, "2001:db8:1::20", "2001:db8:1::2", "2001:db8:1::20",
                CLIENT_MAC, 64)), 0);
        assertTrue(node.sentOn(1).isEmpty());
        assertEquals(NeighbourCache.MISSING, cached("2001:db8:1::10"));
        assertEquals(NeighbourCache.MISSING, cached("2001:db8:1::20"));
    }

    @Test
    void learnsTheTargetOfANeighborAdvertisement() {
        inside.handle(Frames.parse(Frames.nd(136, "2001:db8:1::20", "2001:db8:1::2", "2001:db8:1::20",
                CLIENT_MAC, 255)), 0);
        assertNotEquals(NeighbourCache.MISSING, cached("2001:db8:1::20"));
    }

    @Test
    void answersEchoToItsOwnAddress() throws Exception {
        inside.handle(Frames.parse(Frames.ip("192.0.2.10", "192.0.2.2", 1, 64, false, 56, TestNode.INSIDE_MAC)), 0);

        EthernetPacket eth = decode(node.sentOn(1).get(0));
        assertArrayEquals(Frames.HOST_MAC, eth.getHeader().getDstAddr().getAddress());
        IpV4Packet ip = eth.get(IpV4Packet.class);
        assertTrue(ip.getHeader().hasValidChecksum(false));
        assertEquals(Inet4Address.getByName("192.0.2.2"), ip.getHeader().getSrcAddr());
        assertEquals(Inet4Address.getByName("192.0.2.10"), ip.getHeader().getDstAddr());
        IcmpV4CommonPacket icmp = ip.get(IcmpV4CommonPacket.class);
        assertEquals(IcmpV4Type.ECHO_REPLY, icmp.getHeader().getType());
        assertTrue(icmp.hasValidChecksum(false));
        assertEquals(1, counters.count(DataplaneReason.ECHO_REPLIED));
    }

    @Test
    void answersIpv6EchoWithAValidChecksum() throws Exception {
        inside.handle(Frames.parse(Frames.ip("2001:db8:1::10", "2001:db8:1::2", 58, 64, false, 8,
                TestNode.INSIDE_MAC)), 0);
        IpV6Packet ip = decode(node.sentOn(1).get(0)).get(IpV6Packet.class);
        IcmpV6CommonPacket icmp = ip.get(IcmpV6CommonPacket.class);
        assertEquals(IcmpV6Type.ECHO_REPLY, icmp.getHeader().getType());
        assertTrue(icmp.hasValidChecksum(ip.getHeader().getSrcAddr(), ip.getHeader().getDstAddr(), false));
    }

    @Test
    void staysQuietForEchoWhereTheOwningInterfaceDisablesIt() {
        // The outside interface is configured with icmp-echo: false.
        inside.handle(Frames.parse(Frames.ip("192.0.2.10", "198.51.100.2", 1, 64, false, 56, TestNode.INSIDE_MAC)), 0);
        assertTrue(node.sentOn(1).isEmpty());
        assertEquals(1, counters.count(DataplaneReason.HOST_IGNORED));
    }
}
