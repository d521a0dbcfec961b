package io.fw443.dataplane;

import static io.fw443.dataplane.HostFrames.CLIENT_MAC;
import static io.fw443.dataplane.HostFrames.NODE_MAC;
import static io.fw443.dataplane.HostFrames.VIRTUAL_MAC_51;
import static io.fw443.dataplane.HostFrames.arpRequest;
import static io.fw443.dataplane.HostFrames.decode;
import static io.fw443.dataplane.HostFrames.ip;
import static io.fw443.dataplane.HostFrames.neighborSolicitation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.dataplane.ArpResponder.Verdict;
import java.net.Inet6Address;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6NeighborAdvertisementPacket;
import org.pcap4j.packet.IpV6NeighborDiscoveryTargetLinkLayerAddressOption;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.namednumber.ArpOperation;
import org.pcap4j.util.MacAddress;

/** The host path answers for owned addresses only, with the owner's MAC, checked by pcap4j's decoders. */
class ArpResponderTest {
    private static final String VIP4 = "192.0.2.1";
    private static final String VIP6 = "2001:db8::1";
    private static final String CLIENT4 = "192.0.2.10";
    private static final String CLIENT6 = "2001:db8::10";

    private final VipTable table = new VipTable();
    private final HostFrames.RecordingSink sink = new HostFrames.RecordingSink();
    private final ArpResponder responder = new ArpResponder(table, sink);

    @BeforeEach
    void ownVips() {
        table.add(51, ip(VIP4), NODE_MAC);
        table.add(52, ip(VIP6), VIRTUAL_MAC_51);
    }

    @Test
    void arpRequestForAnOwnedAddressGetsAReplyToTheRequester() {
        assertEquals(Verdict.ANSWERED_ARP, answer((arpRequest(CLIENT4, VIP4))));
        assertEquals(1, sink.frames.size());
        EthernetPacket reply = decode(sink.frames.get(0));
        assertEquals(MacAddress.getByAddress(CLIENT_MAC), reply.getHeader().getDstAddr());
        assertEquals(MacAddress.getByAddress(NODE_MAC), reply.getHeader().getSrcAddr());
        ArpPacket.ArpHeader arp = reply.get(ArpPacket.class).getHeader();
        assertEquals(ArpOperation.REPLY, arp.getOperation());
        assertEquals(MacAddress.getByAddress(NODE_MAC), arp.getSrcHardwareAddr());
        assertEquals(ip(VIP4), arp.getSrcProtocolAddr());
        assertEquals(MacAddress.getByAddress(CLIENT_MAC), arp.getDstHardwareAddr());
        assertEquals(ip(CLIENT4), arp.getDstProtocolAddr());
        assertEquals(1, responder.count(Verdict.ANSWERED_ARP));
    }

    @Test
    void neighborSolicitationForAnOwnedAddressGetsARouterAdvertOfTheOwnersMac() {
        assertEquals(Verdict.ANSWERED_NS, answer((neighborSolicitation(CLIENT6, VIP6))));
        EthernetPacket reply = decode(sink.frames.get(0));
        assertEquals(MacAddress.getByAddress(CLIENT_MAC), reply.getHeader().getDstAddr());
        assertEquals(MacAddress.getByAddress(VIRTUAL_MAC_51), reply.getHeader().getSrcAddr());
        IpV6Packet.IpV6Header ipv6 = reply.get(IpV6Packet.class).getHeader();
        assertEquals(ip(VIP6), ipv6.getSrcAddr());
        assertEquals(ip(CLIENT6), ipv6.getDstAddr());
        assertEquals(255, ipv6.getHopLimitAsInt());
        assertTrue(reply.get(IcmpV6CommonPacket.class).hasValidChecksum((Inet6Address) ip(VIP6),
                (Inet6Address) ip(CLIENT6), false));
        IcmpV6NeighborAdvertisementPacket.IcmpV6NeighborAdvertisementHeader na =
                reply.get(IcmpV6NeighborAdvertisementPacket.class).getHeader();
        assertTrue(na.getRouterFlag(), "a VRRP master is a router (RFC 5798 §6.4.1)");
        assertTrue(na.getSolicitedFlag());
        assertTrue(na.getOverrideFlag());
        assertEquals(ip(VIP6), na.getTargetAddress());
        var option = (IpV6NeighborDiscoveryTargetLinkLayerAddressOption) na.getOptions().get(0);
        assertEquals(MacAddress.getByAddress(VIRTUAL_MAC_51), option.getLinkLayerAddressAsMacAddress());
    }

    @Test
    void duplicateAddressDetectionIsAnsweredToAllNodesWithoutSolicited() {
        assertEquals(Verdict.ANSWERED_NS, answer((neighborSolicitation("::", VIP6))));
        EthernetPacket reply = decode(sink.frames.get(0));
        assertEquals(ip("ff02::1"), reply.get(IpV6Packet.class).getHeader().getDstAddr());
        assertEquals(MacAddress.getByName("33:33:00:00:00:01"), reply.getHeader().getDstAddr());
        assertFalse(reply.get(IcmpV6NeighborAdvertisementPacket.class).getHeader().getSolicitedFlag());
    }

    @Test
    void releasedAddressesAreNoLongerAnswered() {
        table.removeOwner(51);
        assertEquals(Verdict.NOT_OURS, answer((arpRequest(CLIENT4, VIP4))));
        assertEquals(Verdict.ANSWERED_NS, answer((neighborSolicitation(CLIENT6, VIP6))));
        assertEquals(1, sink.frames.size());
    }

    @Test
    void aRefusedReplyIsCountedAsSendFailed() {
        sink.accept = false;
        assertEquals(Verdict.SEND_FAILED, answer((arpRequest(CLIENT4, VIP4))));
        assertEquals(1, responder.count(Verdict.SEND_FAILED));
    }

    static Stream<Arguments> framesThatGetNoAnswer() {
        return Stream.of(
                Arguments.of("ARP for another address", arpRequest(CLIENT4, "192.0.2.99"), id(), Verdict.NOT_OURS),
                Arguments.of("NS for another address", neighborSolicitation(CLIENT6, "2001:db8::99"), id(),
                        Verdict.NOT_OURS),
                Arguments.of("ARP reply", arpRequest(CLIENT4, VIP4), set(21, 2), Verdict.NOT_A_QUERY),
                Arguments.of("someone else's announcement of the VIP", arpRequest(VIP4, VIP4), id(),
                        Verdict.NOT_A_QUERY),
                Arguments.of("ARP over another hardware type", arpRequest(CLIENT4, VIP4), set(15, 6),
                        Verdict.MALFORMED),
                Arguments.of("ARP cut short", arpRequest(CLIENT4, VIP4), cut(30), Verdict.MALFORMED),
                Arguments.of("NS with hop limit 64", neighborSolicitation(CLIENT6, VIP6), set(21, 64),
                        Verdict.MALFORMED),
                Arguments.of("NS with a bad checksum", neighborSolicitation(CLIENT6, VIP6), set(57, 0x5a),
                        Verdict.MALFORMED),
                Arguments.of("NS with code 1", neighborSolicitation(CLIENT6, VIP6), set(55, 1), Verdict.MALFORMED),
                Arguments.of("NS with a zero-length option", neighborSolicitation(CLIENT6, VIP6),
                        checksumFixed(set(79, 0)), Verdict.MALFORMED),
                Arguments.of("NS for a multicast target", neighborSolicitation(CLIENT6, VIP6),
                        checksumFixed(set(62, 0xff)), Verdict.MALFORMED),
                Arguments.of("IPv4 that is not ARP", arpRequest(CLIENT4, VIP4), set(13, 0), Verdict.NOT_A_QUERY),
                Arguments.of("runt", new byte[10], id(), Verdict.NOT_A_QUERY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framesThatGetNoAnswer")
    void framesThatGetNoAnswer(String name, byte[] frame, UnaryOperator<byte[]> change, Verdict expected) {
        assertEquals(expected, answer((change.apply(frame))));
        assertEquals(0, sink.frames.size(), "nothing is sent");
        assertEquals(1, responder.count(expected));
    }

    /** Hands the frame over at offset 3 of a larger buffer, so offsets are honoured. */
    private Verdict answer(byte[] f) {
        byte[] buffer = new byte[f.length + 8];
        System.arraycopy(f, 0, buffer, 3, f.length);
        return responder.onFrame(buffer, 3, f.length);
    }

    private static UnaryOperator<byte[]> id() {
        return f -> f;
    }

    private static UnaryOperator<byte[]> set(int index, int value) {
        return f -> {
            byte[] copy = f.clone();
            copy[index] = (byte) value;
            return copy;
        };
    }

    private static UnaryOperator<byte[]> checksumFixed(UnaryOperator<byte[]> change) {
        return f -> HostFrames.fixIcmpv6Checksum(change.apply(f));
    }

    private static UnaryOperator<byte[]> cut(int length) {
        return f -> Arrays.copyOf(f, length);
    }
}
