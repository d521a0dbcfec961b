package io.fw443.packet;

import static io.fw443.packet.CapturedFrames.MAC_A;
import static io.fw443.packet.CapturedFrames.MAC_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ARP and neighbour discovery builders, checked against frames the Linux kernel sent. */
class LinkLayerBuildersTest {
    private static final byte[] MACS = Hex.bytes(MAC_A + MAC_B);
    private static final int A = 0;
    private static final int B = 6;
    private static final byte[] V6 = Hex.bytes("20010db8000000000000000000000001" + "20010db8000000000000000000000002"
            + "00000000000000000000000000000000");
    private static final int V6_A = 0;
    private static final int V6_B = 16;
    private static final int UNSPECIFIED = 32;

    private final FrameParser parser = new FrameParser(new ParseCounters());
    private final PacketDescriptor d = new PacketDescriptor();
    private final byte[] out = new byte[128];

    @Test
    void arpRequestIsTheKernelsPaddedTo60() {
        final int n = new ArpBuilder().request(out, 0, MACS, A, 0xC0000201, 0xC0000202);
        assertEquals(60, n);
        assertEquals(CapturedFrames.ARP_REQUEST + "00".repeat(18), Hex.string(out, 0, n));
    }

    @Test
    void arpReplyAndAnnouncement() {
        final ArpBuilder builder = new ArpBuilder();
        int n = builder.reply(out, 0, MACS, B, 0xC0000202, MACS, A, 0xC0000201);
        assertEquals(ParseResult.NOT_IP, parser.parse(out, 0, n, d));
        assertEquals(MAC_A + MAC_B + "0806", Hex.string(out, 0, 14));
        final ArpFlyweight arp = new ArpFlyweight().wrap(out, 14, n - 14);
        assertTrue(arp.isEthernetIpv4());
        assertEquals(ArpFlyweight.OPERATION_REPLY, arp.operation());
        assertEquals(0xfabe7654f2e7L, arp.senderMac());
        assertEquals(0xC0000202, arp.senderIpv4());
        assertEquals(0x5ec6594c7072L, arp.targetMac());
        assertEquals(0xC0000201, arp.targetIpv4());

        n = builder.gratuitous(out, 0, MACS, B, 0xC0000201);
        assertEquals("ffffffffffff" + MAC_B + "0806" + "0001080006040001" + MAC_B + "c0000201" + "000000000000c0000201"
                + "00".repeat(18), Hex.string(out, 0, n));
        assertEquals(BuildStatus.BUFFER_TOO_SMALL, builder.gratuitous(new byte[59], 0, MACS, B, 1));
    }

    @Test
    void neighborSolicitationIsTheKernels() {
        final int n = new NeighborSolicitBuilder().multicast(out, 0, MACS, A, V6, V6_A, V6, V6_B);
        assertEquals(CapturedFrames.IPV6_NEIGHBOR_SOLICITATION, Hex.string(out, 0, n));
    }

    @Test
    void solicitedAdvertisementIsTheKernels() {
        final int n = new NeighborAdvertBuilder().solicited(out, 0, MACS, B, V6, V6_B, false, V6, V6_A, MACS, A);
        assertEquals(CapturedFrames.IPV6_NEIGHBOR_ADVERTISEMENT, Hex.string(out, 0, n));
    }

    @Test
    void duplicateAddressDetectionForms() {
        int n = new NeighborSolicitBuilder().multicast(out, 0, MACS, A, V6, UNSPECIFIED, V6, V6_B);
        assertEquals(78, n, "no source link-layer option from ::");
        assertValidNd(n, 135);
        assertEquals(-1, new Icmpv6Flyweight().wrap(out, d.l4Offset(), d.l4Length())
                .findNdOption(Icmpv6Flyweight.ND_OPTION_SOURCE_LINK_LAYER));

        n = new NeighborAdvertBuilder().solicited(out, 0, MACS, B, V6, V6_B, true, V6, UNSPECIFIED, MACS, A);
        assertValidNd(n, 136);
        assertEquals("333300000001", Hex.string(out, 0, 6));
        assertEquals("ff020000000000000000000000000001", Hex.string(out, 38, 16));
        assertEquals(Icmpv6Flyweight.NA_FLAG_ROUTER | Icmpv6Flyweight.NA_FLAG_OVERRIDE, out[58] & 0xFF, "S clear");
    }

    @Test
    void unsolicitedAdvertisementForAVip() {
        final int n = new NeighborAdvertBuilder().unsolicited(out, 0, MACS, B, V6, V6_B, V6, V6_A, true);
        assertEquals(86, n);
        assertValidNd(n, 136);
        assertEquals("333300000001" + MAC_B, Hex.string(out, 0, 12));
        final Icmpv6Flyweight icmp = new Icmpv6Flyweight().wrap(out, d.l4Offset(), d.l4Length());
        assertEquals(Icmpv6Flyweight.NA_FLAG_ROUTER | Icmpv6Flyweight.NA_FLAG_OVERRIDE, icmp.neighborAdvertFlags());
        assertEquals(Hex.string(V6, V6_A, 16), Hex.string(out, icmp.targetAddressOffset(), 16));
        final int option = icmp.findNdOption(Icmpv6Flyweight.ND_OPTION_TARGET_LINK_LAYER);
        assertEquals(MAC_B, Hex.string(out, option + 2, 6));
    }

    @Test
    void unicastSolicitation() {
        final int n = new NeighborSolicitBuilder().unicast(out, 0, MACS, A, MACS, B, V6, V6_A, V6, V6_B);
        assertValidNd(n, 135);
        assertEquals(MAC_B + MAC_A, Hex.string(out, 0, 12));
        assertEquals(Hex.string(V6, V6_B, 16), Hex.string(out, 38, 16));
        assertEquals(BuildStatus.BUFFER_TOO_SMALL,
                new NeighborSolicitBuilder().unicast(new byte[85], 0, MACS, A, MACS, B, V6, V6_A, V6, V6_B));
    }

    private void assertValidNd(int length, int type) {
        assertEquals(ParseResult.OK, parser.parse(out, 0, length, d));
        assertEquals(type, d.icmpType());
        assertEquals(255, d.ttl());
        final byte[] segment = Arrays.copyOfRange(out, d.l4Offset(), d.l4Offset() + d.l4Length());
        final int stored = Frames.u16(segment, 2);
        segment[2] = 0;
        segment[3] = 0;
        assertEquals(stored, ReferenceChecksum.transport(
                Arrays.copyOfRange(out, 22, 38), Arrays.copyOfRange(out, 38, 54), 58, segment, 0, segment.length));
    }
}
