package io.fw443.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.packet.PacketDescriptor;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV4DestinationUnreachablePacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6PacketTooBigPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.namednumber.ArpOperation;
import org.pcap4j.packet.namednumber.IcmpV4Code;
import org.pcap4j.packet.namednumber.IcmpV4Type;
import org.pcap4j.packet.namednumber.IcmpV6Type;
import org.pcap4j.util.MacAddress;

/** Forwarding decisions checked by decoding what went out with pcap4j, an independent parser. */
class ForwarderTest {
    private static final long SECOND = 1_000_000_000L;
    private static final byte[] SERVER_MAC = Frames.mac("02:00:00:00:00:64");
    private static final byte[] GATEWAY_MAC = Frames.mac("02:00:00:00:00:fe");

    private final TestNode node = new TestNode();
    private final DataplaneCounters counters = new DataplaneCounters();
    private final Forwarder forwarder =
            new Forwarder(node.routes, node.interfaces, counters, 2, 3 * SECOND, SECOND, 1000, 50);

    private void forward(byte[] frame, long nowNs) {
        PacketDescriptor d = Frames.parse(frame);
        int egress = node.routes.egressInterface(d.family(), frame, d.destinationAddressOffset());
        forwarder.forward(d, egress, node.inside(), nowNs);
    }

    private static EthernetPacket decode(byte[] frame) throws Exception {
        return EthernetPacket.newPacket(frame, 0, frame.length);
    }

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({
        "192.0.2.10, 198.51.100.100, 198.51.100.100",
        "192.0.2.10, 203.0.113.77, 198.51.100.254",
    })
    void rewritesL2AndTtlForAKnownNextHop(String src, String dst, String nextHop) throws Exception {
        node.outside().neighbours().learn(4, 0, RoutingTable.readInt(Frames.address(nextHop), 0) & 0xFFFF_FFFFL,
                0x02_0000_0000_77L, 0);
        forward(Frames.ip(src, dst, 6, 64, true, 100, TestNode.INSIDE_MAC), 0);

        List<byte[]> out = node.sentOn(2);
        assertEquals(1, out.size());
        EthernetPacket eth = decode(out.get(0));
        assertEquals(MacAddress.getByName("02:00:00:00:00:77"), eth.getHeader().getDstAddr());
        assertEquals(MacAddress.getByAddress(TestNode.OUTSIDE_MAC), eth.getHeader().getSrcAddr());
        IpV4Packet ip = eth.get(IpV4Packet.class);
        assertEquals(63, ip.getHeader().getTtlAsInt());
        assertTrue(ip.getHeader().hasValidChecksum(false), "incrementally updated header checksum");
        TcpPacket tcp = ip.get(TcpPacket.class);
        assertTrue(tcp.hasValidChecksum(ip.getHeader().getSrcAddr(), ip.getHeader().getDstAddr(), false));
        assertEquals(1, counters.count(DataplaneReason.FORWARDED));
    }

    @Test
    void holdsFramesWhileResolvingThenSendsThemOnceLearned() throws Exception {
        forward(Frames.ip("192.0.2.10", "198.51.100.100", 17, 64, false, 10, TestNode.INSIDE_MAC), 0);
        forward(Frames.ip("192.0.2.10", "198.51.100.100", 17, 64, false, 20, TestNode.INSIDE_MAC), 1);
        forward(Frames.ip("192.0.2.10", "198.51.100.100", 17, 64, false, 30, TestNode.INSIDE_MAC), 2);

        List<byte[]> out = node.sentOn(2);
        assertEquals(1, out.size(), "one ARP request for the next hop, however many frames wait");
        ArpPacket arp = decode(out.get(0)).get(ArpPacket.class);
        assertEquals(ArpOperation.REQUEST, arp.getHeader().getOperation());
        assertEquals(Inet4Address.getByName("198.51.100.2"), arp.getHeader().getSrcProtocolAddr());
        assertEquals(Inet4Address.getByName("198.51.100.100"), arp.getHeader().getDstProtocolAddr());
        assertEquals(2, counters.count(DataplaneReason.QUEUED_FOR_NEIGHBOUR));
        assertEquals(1, counters.count(DataplaneReason.DROP_NEIGHBOUR_QUEUE_FULL), "the queue holds two");

        forwarder.drainPending(SECOND / 2);
        assertEquals(1, out.size(), "not answered, not yet time to ask again");
        forwarder.drainPending(SECOND);
        assertEquals(2, out.size(), "asked again after the retry interval");

        node.outside().neighbours().learn(4, 0, 0xC6336464L, 0x02_0000_0000_64L, SECOND + 1);
        forwarder.drainPending(SECOND + 2);
        assertEquals(4, out.size());
        for (byte[] frame : out.subList(2, 4)) {
            EthernetPacket eth = decode(frame);
            assertArrayEquals(SERVER_MAC, eth.getHeader().getDstAddr().getAddress());
            assertEquals(63, eth.get(IpV4Packet.class).getHeader().getTtlAsInt());
        }
        assertEquals(2, counters.count(DataplaneReason.FORWARDED_AFTER_RESOLUTION));
        assertTrue(!forwarder.hasPending());
    }

    @Test
    void dropsHeldFramesWhenTheNextHopNeverAnswers() {
        forward(Frames.ip("192.0.2.10", "203.0.113.77", 17, 64, false, 10, TestNode.INSIDE_MAC), 0);
        forwarder.drainPending(3 * SECOND - 1);
        assertTrue(forwarder.hasPending());
        forwarder.drainPending(3 * SECOND);
        assertEquals(1, counters.count(DataplaneReason.DROP_NEIGHBOUR_UNRESOLVED));
        assertEquals(0, forwarder.pendingCount());
        node.outside().neighbours().learn(4, 0, 0xC63364FEL, 0x02_0000_0000_FEL, 3 * SECOND);
        forwarder.drainPending(3 * SECOND + 1);
        assertTrue(node.sentOn(2).stream().noneMatch(f -> f[0] == GATEWAY_MAC[0] && f[5] == GATEWAY_MAC[5]));
    }

    @ParameterizedTest
    @CsvSource({"1", "0"})
    void answersTtlExpiryWithTimeExceededFromTheIngressAddress(int ttl) throws Exception {
        byte[] frame = Frames.ip("192.0.2.10", "198.51.100.100", 1, ttl, false, 20, TestNode.INSIDE_MAC);
        forward(frame, 0);

        assertTrue(node.sentOn(2).isEmpty());
        List<byte[]> back = node.sentOn(1);
        assertEquals(1, back.size());
        EthernetPacket eth = decode(back.get(0));
        assertArrayEquals(Frames.HOST_MAC, eth.getHeader().getDstAddr().getAddress());
        assertArrayEquals(TestNode.INSIDE_MAC, eth.getHeader().getSrcAddr().getAddress());
        IpV4Packet ip = eth.get(IpV4Packet.class);
        assertEquals(Inet4Address.getByName("192.0.2.2"), ip.getHeader().getSrcAddr());
        assertEquals(Inet4Address.getByName("192.0.2.10"), ip.getHeader().getDstAddr());
        IcmpV4CommonPacket icmp = ip.get(IcmpV4CommonPacket.class);
        assertEquals(IcmpV4Type.TIME_EXCEEDED, icmp.getHeader().getType());
        assertTrue(icmp.hasValidChecksum(false));
        assertEquals(1, counters.count(DataplaneReason.DROP_TTL_EXCEEDED));
    }

    @Test
    void answersAnOversizedDfPacketWithFragNeededAndTheEgressMtu() throws Exception {
        // outside has MTU 1280: a 1300-byte IP packet does not fit.
        forward(Frames.ip("192.0.2.10", "198.51.100.100", 6, 64, true, 1300 - 40, TestNode.INSIDE_MAC), 0);

        assertTrue(node.sentOn(2).isEmpty());
        IpV4Packet ip = decode(node.sentOn(1).get(0)).get(IpV4Packet.class);
        IcmpV4CommonPacket icmp = ip.get(IcmpV4CommonPacket.class);
        assertEquals(IcmpV4Type.DESTINATION_UNREACHABLE, icmp.getHeader().getType());
        assertEquals(IcmpV4Code.FRAGMENTATION_BLOCKED, icmp.getHeader().getCode());
        byte[] raw = icmp.getRawData();
        assertEquals(1280, ((raw[6] & 0xFF) << 8) | (raw[7] & 0xFF), "next-hop MTU field (RFC 1191 §4)");
        assertEquals(1, counters.count(DataplaneReason.DROP_TOO_BIG));
    }

    @Test
    void dropsAnOversizedPacketWithoutDfSinceItDoesNotFragment() {
        node.outside().neighbours().learn(4, 0, 0xC6336464L, 0x02_0000_0000_64L, 0);
        forward(Frames.ip("192.0.2.10", "198.51.100.100", 17, 64, false, 1300, TestNode.INSIDE_MAC), 0);
        assertTrue(node.sentOn(1).isEmpty());
        assertTrue(node.sentOn(2).isEmpty());
        assertEquals(1, counters.count(DataplaneReason.DROP_TOO_BIG_NO_DF));
        forward(Frames.ip("192.0.2.10", "198.51.100.100", 17, 64, false, 1280 - 28, TestNode.INSIDE_MAC), 0);
        assertEquals(1, node.sentOn(2).size(), "exactly the MTU fits");
    }

    @Test
    void ipv6TooBigGetsPacketTooBigAndUnknownNextHopsASolicitation() throws Exception {
        forward(Frames.ip("2001:db8:1::10", "2001:db8:2::100", 17, 64, false, 1300, TestNode.INSIDE_MAC), 0);
        IpV6Packet ip = decode(node.sentOn(1).get(0)).get(IpV6Packet.class);
        IcmpV6CommonPacket icmp = ip.get(IcmpV6CommonPacket.class);
        assertEquals(IcmpV6Type.PACKET_TOO_BIG, icmp.getHeader().getType());
        assertEquals(1280, icmp.get(IcmpV6PacketTooBigPacket.class).getHeader().getMtu());
        assertTrue(icmp.hasValidChecksum(ip.getHeader().getSrcAddr(), ip.getHeader().getDstAddr(), false));

        forward(Frames.ip("2001:db8:1::10", "2001:db8:2::100", 17, 64, false, 100, TestNode.INSIDE_MAC), 0);
        IpV6Packet ns = decode(node.sentOn(2).get(0)).get(IpV6Packet.class);
        assertEquals(Inet6Address.getByName("ff02::1:ff00:100"), ns.getHeader().getDstAddr());
        assertEquals(IcmpV6Type.NEIGHBOR_SOLICITATION, ns.get(IcmpV6CommonPacket.class).getHeader().getType());
    }

    @Test
    void ratesIcmpErrorsWithABurstThenOnePerInterval() {
        // 10 errors a second (one per 100 ms), bursts of 3.
        Forwarder limited = new Forwarder(node.routes, node.interfaces, counters, 2, 3 * SECOND, SECOND, 10, 3);
        byte[] expiring = Frames.ip("192.0.2.10", "198.51.100.100", 17, 1, false, 10, TestNode.INSIDE_MAC);
        long[] sendAtMs = {0, 0, 0, 0, 0, 99, 100, 150, 250, 1000, 1000, 1000, 1000};
        for (long ms : sendAtMs) {
            PacketDescriptor d = Frames.parse(expiring.clone());
            limited.forward(d, 2, node.inside(), ms * 1_000_000);
        }
        // A burst of 3 at 0 ms; 99 ms is too early, 100 ms gets the next; 150 ms is too early for the one after
        // (due at 200 ms), 250 ms gets it; by 1000 ms the bucket is full again: 3 more.
        assertEquals(3 + 1 + 1 + 3, node.sentOn(1).size());
        assertEquals(sendAtMs.length - 8, counters.count(DataplaneReason.ICMP_RATE_LIMITED));
        assertEquals(sendAtMs.length, counters.count(DataplaneReason.DROP_TTL_EXCEEDED));
    }

    @Test
    void rejectsTcpWithAResetAndOtherProtocolsWithAdminProhibited() throws Exception {
        byte[] syn = Frames.ip("192.0.2.10", "198.51.100.100", 6, 64, true, 0, TestNode.INSIDE_MAC);
        forwarder.reject(Frames.parse(syn), node.inside(), 0);
        IpV4Packet rstIp = decode(node.sentOn(1).get(0)).get(IpV4Packet.class);
        TcpPacket rst = rstIp.get(TcpPacket.class);
        assertTrue(rst.getHeader().getRst() && rst.getHeader().getAck());
        assertEquals(1001, rst.getHeader().getAcknowledgmentNumber(), "SYN's sequence + 1");
        assertEquals(Inet4Address.getByName("198.51.100.100"), rstIp.getHeader().getSrcAddr());
        assertTrue(rst.hasValidChecksum(rstIp.getHeader().getSrcAddr(), rstIp.getHeader().getDstAddr(), false));

        byte[] udp = Frames.ip("192.0.2.10", "198.51.100.100", 17, 64, false, 10, TestNode.INSIDE_MAC);
        forwarder.reject(Frames.parse(udp), node.inside(), 0);
        IpV4Packet icmpIp = decode(node.sentOn(1).get(1)).get(IpV4Packet.class);
        assertEquals(Inet4Address.getByName("192.0.2.2"), icmpIp.getHeader().getSrcAddr());
        IcmpV4CommonPacket icmp = icmpIp.get(IcmpV4CommonPacket.class);
        assertEquals(IcmpV4Type.DESTINATION_UNREACHABLE, icmp.getHeader().getType());
        assertEquals(IcmpV4Code.COMMUNICATION_PROHIBITED, icmp.getHeader().getCode());
        assertTrue(icmp.get(IcmpV4DestinationUnreachablePacket.class) != null);
        assertEquals(1, counters.count(DataplaneReason.REJECTED_RST));
        assertEquals(1, counters.count(DataplaneReason.REJECTED_ICMP));
        assertTrue(node.sentOn(2).isEmpty());
    }

    @Test
    void aDeniedSegmentResetsTheClientAndTheServer() throws Exception {
        node.outside().neighbours().learn(4, 0, 0xC6336464L, 0x02_0000_0000_64L, 0);
        // A client segment with 10 bytes (seq 1000, the frame builder's): dropped, and both ends reset.
        byte[] segment = Frames.ip("192.0.2.10", "198.51.100.100", 6, 64, true, 10, TestNode.INSIDE_MAC);
        segment[14 + 20 + 13] = 0x18; // ACK|PSH: a data segment of an open connection, not the builder's SYN
        forwarder.resetBothEnds(Frames.parse(segment), 2, node.inside(), 0);

        IpV4Packet toClient = decode(node.sentOn(1).get(0)).get(IpV4Packet.class);
        assertEquals(Inet4Address.getByName("192.0.2.10"), toClient.getHeader().getDstAddr());
        assertTrue(toClient.get(TcpPacket.class).getHeader().getRst());
        EthernetPacket toServerFrame = decode(node.sentOn(2).get(0));
        assertArrayEquals(SERVER_MAC, toServerFrame.getHeader().getDstAddr().getAddress());
        IpV4Packet toServer = toServerFrame.get(IpV4Packet.class);
        TcpPacket rst = toServer.get(TcpPacket.class);
        assertEquals(Inet4Address.getByName("192.0.2.10"), toServer.getHeader().getSrcAddr(), "as if from the client");
        assertTrue(rst.getHeader().getRst());
        assertEquals(1000, rst.getHeader().getSequenceNumber(), "at the dropped segment's sequence");
        assertTrue(rst.hasValidChecksum(toServer.getHeader().getSrcAddr(), toServer.getHeader().getDstAddr(), false));
        assertEquals(2, counters.count(DataplaneReason.REJECTED_RST));
    }
}
