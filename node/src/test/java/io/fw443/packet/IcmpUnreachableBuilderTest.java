package io.fw443.packet;

import static io.fw443.packet.CapturedFrames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IcmpUnreachableBuilderTest {
    private static final byte[] ROUTER_V4 = Hex.bytes("c6336401");
    private static final byte[] ROUTER_V6 = Hex.bytes("20010db80000000000000000000000fe");

    private final FrameParser parser = new FrameParser(new ParseCounters());
    private final PacketDescriptor rx = new PacketDescriptor();
    private final PacketDescriptor tx = new PacketDescriptor();
    private final IcmpUnreachableBuilder builder = new IcmpUnreachableBuilder();
    private final byte[] out = new byte[2048];

    private void parseRx(byte[] f) {
        assertEquals(ParseResult.OK, parser.parse(f, 0, f.length, rx));
    }

    private void parseTx(int length) {
        assertEquals(ParseResult.OK, parser.parse(out, 0, length, tx));
        assertTrue(Checksums.isTransportChecksumValid(tx));
        if (tx.family() == 4) {
            assertEquals(0, ReferenceChecksum.checksum(out, tx.l4Offset(), tx.l4Length()), "ICMP checksum");
            assertEquals(0, ReferenceChecksum.checksum(out, tx.l3Offset(), 20), "IPv4 header checksum");
        } else {
            final byte[] segment = Arrays.copyOfRange(out, tx.l4Offset(), tx.l4Offset() + tx.l4Length());
            final int stored = Frames.u16(segment, 2);
            segment[2] = 0;
            segment[3] = 0;
            assertEquals(stored, ReferenceChecksum.transport(
                    Arrays.copyOfRange(out, tx.sourceAddressOffset(), tx.sourceAddressOffset() + 16),
                    Arrays.copyOfRange(out, tx.destinationAddressOffset(), tx.destinationAddressOffset() + 16),
                    58, segment, 0, segment.length), "ICMPv6 checksum");
        }
    }

    @Test
    void ipv4PortUnreachableMatchesTheKernelsIcmpMessage() {
        parseRx(frame(CapturedFrames.IPV4_UDP));
        final int l2 = EthernetHeaderWriter.reply(rx, out, 0);
        final int n = builder.destinationUnreachable(rx, IcmpFlyweight.CODE_PORT_UNREACHABLE, null, 0, out, l2);
        final String kernel = CapturedFrames.IPV4_ICMP_PORT_UNREACHABLE;
        assertEquals(kernel.length() / 2, l2 + n);
        // The kernel's IP header differs (TOS 0xc0, an IP id, no DF); the ICMP message must not.
        assertEquals(kernel.substring(68), Hex.string(out, 34, n - 20));
        assertEquals(kernel.substring(0, 28), Hex.string(out, 0, 14));
        assertEquals(kernel.substring(52, 68), Hex.string(out, 26, 8), "addresses");
        assertEquals(0, ReferenceChecksum.checksum(out, 14, 20));
    }

    @Test
    void ipv6PortUnreachableMatchesTheKernelsIcmpv6Message() {
        parseRx(frame(CapturedFrames.IPV6_UDP));
        final int l2 = EthernetHeaderWriter.reply(rx, out, 0);
        final int n = builder.destinationUnreachable(rx, Icmpv6Flyweight.CODE_PORT_UNREACHABLE, null, 0, out, l2);
        final String kernel = CapturedFrames.IPV6_ICMP_PORT_UNREACHABLE;
        assertEquals(kernel.length() / 2, l2 + n);
        // Everything but the kernel's random flow label.
        assertEquals(kernel.substring(0, 30), Hex.string(out, 0, 15));
        assertEquals(kernel.substring(36), Hex.string(out, 18, n - 4));
    }

    @Test
    void quotedTcpSegmentRoundTripsIntoTheInnerFields() {
        parseRx(frame(CapturedFrames.IPV4_TCP_SYN));
        final int n = builder.destinationUnreachable(rx, IcmpFlyweight.CODE_ADMIN_PROHIBITED, ROUTER_V4, 0, out, 14);
        System.arraycopy(rx.buffer(), 0, out, 0, 14);
        parseTx(14 + n);
        assertEquals(0xc6336401, tx.sourceIpv4());
        assertEquals(0xC0000201, tx.destinationIpv4());
        assertEquals(3, tx.icmpType());
        assertEquals(13, tx.icmpCode());
        assertEquals(6, tx.innerProtocol());
        assertEquals(43990, tx.innerSourcePort());
        assertEquals(443, tx.innerDestinationPort());
        assertEquals(0x0bc3248cL, tx.innerTcpSequence());
        assertEquals(20 + 8 + 60, n, "the whole small datagram is quoted");
    }

    @Test
    void ipv4QuoteIsCappedAt576() {
        byte[] f = Frames.insert(frame(CapturedFrames.IPV4_UDP), 45, new byte[1400]);
        f = Frames.fixIpv4(Frames.set16(Frames.set16(f, Frames.L3 + 2, 31 + 1400), 38, 11 + 1400));
        parseRx(f);
        final int n = builder.timeExceeded(rx, ROUTER_V4, 0, out, 14);
        assertEquals(576, n);
        System.arraycopy(rx.buffer(), 0, out, 0, 14);
        parseTx(14 + n);
        assertEquals(11, tx.icmpType());
        assertEquals(0, tx.icmpCode());
        assertEquals(46660, tx.innerSourcePort());
    }

    @Test
    void ipv6QuoteIsCappedAt1280() {
        byte[] f = Frames.insert(frame(CapturedFrames.IPV6_UDP), 65, new byte[1400]);
        f = Frames.set16(Frames.set16(f, Frames.L3 + 4, 11 + 1400), 58, 11 + 1400);
        parseRx(f);
        final int n = builder.timeExceeded(rx, ROUTER_V6, 0, out, 14);
        assertEquals(1280, n);
        System.arraycopy(rx.buffer(), 0, out, 0, 14);
        parseTx(14 + n);
        assertEquals(3, tx.icmpType());
        assertEquals(50671, tx.innerSourcePort());
    }

    @Test
    void packetTooBigCarriesTheMtu() {
        parseRx(frame(CapturedFrames.IPV4_TCP_SYN));
        int n = builder.packetTooBig(rx, 1400, ROUTER_V4, 0, out, 0);
        assertEquals(3, out[20] & 0xFF);
        assertEquals(4, out[21] & 0xFF);
        assertEquals(0, Frames.u16(out, 24));
        assertEquals(1400, Frames.u16(out, 26));
        assertEquals(0, ReferenceChecksum.checksum(out, 20, n - 20));

        // RFC 4443 §2.4(e.3): Packet Too Big is sent even for a multicast destination.
        parseRx(Frames.set8(frame(CapturedFrames.IPV6_TCP_SYN), 38, 0xFF));
        n = builder.packetTooBig(rx, 1280, ROUTER_V6, 0, out, 14);
        System.arraycopy(rx.buffer(), 0, out, 0, 14);
        parseTx(14 + n);
        assertEquals(2, tx.icmpType());
        assertEquals(1280, NetworkOrder.u32(out, tx.l4Offset() + 4));
        assertEquals(BuildStatus.NO_REPLY, builder.packetTooBig(rx, 1280, null, 0, out, 14),
                "cannot answer from a multicast address");
    }

    @Test
    void errorsThatMustNotBeSent() {
        parseRx(frame(CapturedFrames.IPV4_ICMP_PORT_UNREACHABLE));
        assertEquals(BuildStatus.NO_REPLY, builder.timeExceeded(rx, ROUTER_V4, 0, out, 0), "about an ICMP error");
        parseRx(frame(CapturedFrames.IPV6_ICMP_PORT_UNREACHABLE));
        assertEquals(BuildStatus.NO_REPLY, builder.timeExceeded(rx, ROUTER_V6, 0, out, 0), "about an ICMPv6 error");
        parseRx(Frames.fixIpv4(Frames.set16(frame(CapturedFrames.IPV4_TCP_SYN), Frames.L3 + 6, 0x0010)));
        assertEquals(BuildStatus.NO_REPLY, builder.timeExceeded(rx, ROUTER_V4, 0, out, 0), "non-initial fragment");
        parseRx(Frames.fixIpv4(Frames.set8(frame(CapturedFrames.IPV4_UDP), 30, 239)));
        assertEquals(BuildStatus.NO_REPLY, builder.timeExceeded(rx, ROUTER_V4, 0, out, 0), "multicast destination");
        parseRx(Frames.set8(frame(CapturedFrames.IPV4_UDP), 0, 0xFF));
        assertEquals(BuildStatus.NO_REPLY, builder.timeExceeded(rx, ROUTER_V4, 0, out, 0), "link-layer broadcast");
        parseRx(Frames.fixIpv4(Frames.set8(frame(CapturedFrames.IPV4_UDP), 26, 127)));
        assertEquals(BuildStatus.NO_REPLY, builder.timeExceeded(rx, ROUTER_V4, 0, out, 0), "loopback source");
        parseRx(frame(CapturedFrames.IPV6_HOP_BY_HOP_MLD));
        assertEquals(BuildStatus.NO_REPLY, builder.timeExceeded(rx, ROUTER_V6, 0, out, 0), "unspecified source");
        parseRx(frame(CapturedFrames.IPV4_UDP));
        assertEquals(BuildStatus.BUFFER_TOO_SMALL, builder.timeExceeded(rx, ROUTER_V4, 0, new byte[58], 0));
    }
}
