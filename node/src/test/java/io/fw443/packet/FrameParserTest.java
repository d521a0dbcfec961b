package io.fw443.packet;

import static io.fw443.packet.CapturedFrames.frame;
import static io.fw443.packet.Frames.L3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameParserTest {
    private static final int TCP4 = L3 + 20;
    private static final int TCP6 = L3 + 40;
    private static final int IPPROTO_HOPOPTS = 0;
    private static final int IPPROTO_ROUTING = 43;
    private static final int IPPROTO_FRAGMENT = 44;
    private static final int IPPROTO_DSTOPTS = 60;

    private final ParseCounters counters = new ParseCounters();
    private final FrameParser parser = new FrameParser(counters);
    private final PacketDescriptor d = new PacketDescriptor();

    private ParseResult parse(byte[] f) {
        return parser.parse(f, 0, f.length, d);
    }

    @Test
    void ipv4TcpSynWithAllOptions() {
        assertEquals(ParseResult.OK, parse(frame(CapturedFrames.IPV4_TCP_SYN)));
        assertEquals(PacketDescriptor.NONE, d.vlanId());
        assertEquals(0x0800, d.etherType());
        assertEquals(14, d.l3Offset());
        assertEquals(4, d.family());
        assertEquals(60, d.l3Length());
        assertEquals(0xC0000201, d.sourceIpv4());
        assertEquals(0xC0000202, d.destinationIpv4());
        assertEquals(64, d.ttl());
        assertEquals(6, d.protocol());
        assertFalse(d.isFragment());
        assertTrue(d.dontFragment());
        assertEquals(0x5c1a, d.fragmentId());
        assertEquals(34, d.l4Offset());
        assertEquals(43990, d.sourcePort());
        assertEquals(443, d.destinationPort());
        assertEquals(0x0bc3248cL, d.tcpSequence());
        assertEquals(0, d.tcpAcknowledgment());
        assertEquals(TcpFlyweight.SYN, d.tcpFlags());
        assertEquals(64240, d.tcpWindow());
        assertEquals(40, d.tcpHeaderLength());
        assertEquals(1460, d.tcpMss());
        assertEquals(10, d.tcpWindowScale());
        assertTrue(d.tcpSackPermitted());
        assertTrue(d.tcpHasTimestamps());
        assertEquals(3280460161L, d.tcpTsVal());
        assertEquals(0, d.tcpTsEcr());
        assertEquals(74, d.payloadOffset());
        assertEquals(0, d.payloadLength());
        assertEquals(1, d.tcpSegmentLength());
    }

    @Test
    void ipv4RstWithoutOptions() {
        assertEquals(ParseResult.OK, parse(frame(CapturedFrames.IPV4_TCP_RST_ACK)));
        assertEquals(444, d.sourcePort());
        assertEquals(46646, d.destinationPort());
        assertEquals(0, d.tcpSequence());
        assertEquals(0x561e4fdaL, d.tcpAcknowledgment());
        assertEquals(TcpFlyweight.RST | TcpFlyweight.ACK, d.tcpFlags());
        assertEquals(PacketDescriptor.NONE, d.tcpMss());
        assertEquals(PacketDescriptor.NONE, d.tcpWindowScale());
        assertFalse(d.tcpSackPermitted());
        assertFalse(d.tcpHasTimestamps());
        assertTrue(Checksums.isTransportChecksumValid(d), "kernel-made RST has a full checksum");
    }

    @Test
    void ipv4UdpAndIcmpErrorQuotingIt() {
        assertEquals(ParseResult.OK, parse(frame(CapturedFrames.IPV4_UDP)));
        assertEquals(17, d.protocol());
        assertEquals(46660, d.sourcePort());
        assertEquals(9, d.destinationPort());
        assertEquals(3, d.payloadLength());
        assertEquals(L3 + 28, d.payloadOffset());

        assertEquals(ParseResult.OK, parse(frame(CapturedFrames.IPV4_ICMP_PORT_UNREACHABLE)));
        assertEquals(1, d.protocol());
        assertEquals(3, d.icmpType());
        assertEquals(3, d.icmpCode());
        assertTrue(d.isIcmpError());
        assertEquals(L3 + 28, d.innerL3Offset());
        assertEquals(17, d.innerProtocol());
        assertEquals(0xC0000201, NetworkOrder.s32(d.buffer(), d.innerSourceAddressOffset()));
        assertEquals(0xC0000202, NetworkOrder.s32(d.buffer(), d.innerDestinationAddressOffset()));
        assertEquals(46660, d.innerSourcePort());
        assertEquals(9, d.innerDestinationPort());
        assertEquals(PacketDescriptor.NONE, d.innerTcpSequence());
        assertEquals(PacketDescriptor.NONE, d.sourcePort());
        assertTrue(Checksums.isTransportChecksumValid(d));
    }

    @Test
    void ipv6TcpSyn() {
        assertEquals(ParseResult.OK, parse(frame(CapturedFrames.IPV6_TCP_SYN)));
        assertEquals(6, d.family());
        assertEquals(0x86DD, d.etherType());
        assertEquals(80, d.l3Length());
        assertEquals(64, d.ttl());
        assertEquals(6, d.protocol());
        assertEquals(TCP6, d.l4Offset());
        assertEquals(34110, d.sourcePort());
        assertEquals(443, d.destinationPort());
        assertEquals(0x9924dc57L, d.tcpSequence());
        assertEquals(1440, d.tcpMss());
        assertEquals(10, d.tcpWindowScale());
        assertEquals(2823668834L, d.tcpTsVal());
        assertEquals(PacketDescriptor.NONE, d.fragmentId());
        final byte[] address = new byte[16];
        d.copySourceAddress16(address, 0);
        assertArrayEquals(Hex.bytes("20010db8000000000000000000000001"), address);
    }

    @Test
    void ipv6IcmpErrorQuotingUdp() {
        assertEquals(ParseResult.OK, parse(frame(CapturedFrames.IPV6_ICMP_PORT_UNREACHABLE)));
        assertEquals(58, d.protocol());
        assertEquals(1, d.icmpType());
        assertEquals(4, d.icmpCode());
        assertTrue(d.isIcmpError());
        assertEquals(17, d.innerProtocol());
        assertEquals(50671, d.innerSourcePort());
        assertEquals(9, d.innerDestinationPort());
        final byte[] address = new byte[16];
        d.copyInnerDestinationAddress16(address, 0);
        assertArrayEquals(Hex.bytes("20010db8000000000000000000000002"), address);
        assertTrue(Checksums.isTransportChecksumValid(d));
    }

    @Test
    void hopByHopHeaderIsWalkedToIcmpv6() {
        assertEquals(ParseResult.OK, parse(frame(CapturedFrames.IPV6_HOP_BY_HOP_MLD)));
        assertEquals(58, d.protocol());
        assertEquals(143, d.icmpType(), "MLDv2 report");
        assertEquals(1, d.ttl());
        assertEquals(TCP6 + 8, d.l4Offset());
        assertEquals(48, d.l4Length());
        assertTrue(Checksums.isTransportChecksumValid(d));
    }

    @Test
    void arpAndOtherEtherTypesAreNotIpButNotDrops() {
        assertEquals(ParseResult.NOT_IP, parse(frame(CapturedFrames.ARP_REQUEST)));
        assertEquals(0x0806, d.etherType());
        assertEquals(0, d.family());
        final ArpFlyweight arp = new ArpFlyweight().wrap(d.buffer(), d.l3Offset(), d.frameLength() - d.l2Length());
        assertTrue(arp.isEthernetIpv4());
        assertEquals(ArpFlyweight.OPERATION_REQUEST, arp.operation());
        assertEquals(0xC0000201, arp.senderIpv4());
        assertEquals(0xC0000202, arp.targetIpv4());
        assertEquals(0x5ec6594c7072L, arp.senderMac());

        assertEquals(ParseResult.NOT_IP, parse(Frames.set16(frame(CapturedFrames.IPV4_UDP), 12, 0x88CC)));
        assertEquals(ParseResult.NOT_IP, parse(Frames.set16(frame(CapturedFrames.IPV4_UDP), 12, 0x002E)));
        assertEquals(0, counters.drops());
        assertEquals(3, counters.count(ParseResult.NOT_IP));
    }

    @Test
    void vlanTagsAreStripped() {
        final byte[] single = Frames.withVlanTags(frame(CapturedFrames.IPV4_TCP_SYN), new int[] {0x8100},
                new int[] {0xA000 | 100});
        assertEquals(ParseResult.OK, parse(single));
        assertEquals(100, d.vlanId());
        assertEquals(PacketDescriptor.NONE, d.outerVlanId());
        assertEquals(18, d.l3Offset());
        assertEquals(443, d.destinationPort());

        final byte[] qinq = Frames.withVlanTags(frame(CapturedFrames.IPV6_TCP_SYN), new int[] {0x88A8, 0x8100},
                new int[] {7, 4095});
        assertEquals(ParseResult.OK, parse(qinq));
        assertEquals(7, d.outerVlanId());
        assertEquals(4095, d.vlanId());
        assertEquals(22, d.l3Offset());
        assertEquals(0x86DD, d.etherType());
        assertEquals(0x9924dc57L, d.tcpSequence());
    }

    @Test
    void ipv4OptionsAreRecordedByNumber() {
        // NOP, Router Alert (RFC 2113: 0x94 0x04 0x0000), NOP, NOP, LSRR with one address, End.
        final byte[] options = Hex.bytes("01940400000101830703c000020100");
        final byte[] f = Frames.withIpv4Options(frame(CapturedFrames.IPV4_UDP), Hex.bytes(
                Hex.string(options, 0, options.length) + "00"));
        assertEquals(ParseResult.OK, parse(f));
        assertEquals((1 << 20) | (1 << 3), d.ipv4OptionNumbers());
        assertEquals(L3 + 36, d.l4Offset());
        assertEquals(46660, d.sourcePort());
    }

    @Test
    void ipv4Fragments() {
        final byte[] syn = frame(CapturedFrames.IPV4_TCP_SYN);
        assertEquals(ParseResult.OK, parse(Frames.fixIpv4(Frames.set16(syn, L3 + 6, 0x2000))));
        assertTrue(d.isFragment());
        assertTrue(d.isFirstFragment());
        assertTrue(d.moreFragments());
        assertEquals(443, d.destinationPort());

        assertEquals(ParseResult.OK, parse(Frames.fixIpv4(Frames.set16(syn, L3 + 6, 0x0003))));
        assertTrue(d.isFragment());
        assertFalse(d.isFirstFragment());
        assertFalse(d.moreFragments());
        assertEquals(24, d.fragmentOffset());
        assertEquals(6, d.protocol());
        assertEquals(PacketDescriptor.NONE, d.l4Offset());
        assertEquals(PacketDescriptor.NONE, d.sourcePort());
    }

    @Test
    void ipv6ExtensionChainIsWalked() {
        final byte[] routingType4 = {0, 0, 4, 0, 0, 0, 0, 0};
        final byte[] f = Frames.withIpv6ExtensionHeaders(frame(CapturedFrames.IPV6_TCP_SYN),
                new int[] {IPPROTO_HOPOPTS, IPPROTO_DSTOPTS, IPPROTO_ROUTING, IPPROTO_FRAGMENT},
                Frames.optionsHeader(), Frames.optionsHeader(), routingType4,
                Frames.fragmentHeader(0, false, 0x01020304));
        assertEquals(ParseResult.OK, parse(f));
        assertEquals(6, d.protocol());
        assertEquals(TCP6 + 32, d.l4Offset());
        assertFalse(d.isFragment(), "atomic fragment (RFC 6946)");
        assertEquals(0x01020304L, d.fragmentId());
        assertEquals(443, d.destinationPort());
    }

    @Test
    void ipv6Fragments() {
        final byte[] syn = frame(CapturedFrames.IPV6_TCP_SYN);
        final byte[] first = Frames.withIpv6ExtensionHeaders(syn, new int[] {IPPROTO_FRAGMENT},
                Frames.fragmentHeader(0, true, 7));
        assertEquals(ParseResult.OK, parse(first));
        assertTrue(d.isFirstFragment());
        assertEquals(443, d.destinationPort());
        assertEquals(7, d.fragmentId());

        final byte[] later = Frames.withIpv6ExtensionHeaders(syn, new int[] {IPPROTO_FRAGMENT},
                Frames.fragmentHeader(1232, false, 7));
        assertEquals(ParseResult.OK, parse(later));
        assertTrue(d.isFragment());
        assertFalse(d.isFirstFragment());
        assertEquals(1232, d.fragmentOffset());
        assertEquals(6, d.protocol());
        assertEquals(PacketDescriptor.NONE, d.l4Offset());
    }

    @Test
    void parsesAtAnOffsetInsideALargerBuffer() {
        final byte[] f = frame(CapturedFrames.IPV4_ICMP_PORT_UNREACHABLE);
        final byte[] big = new byte[f.length + 30];
        System.arraycopy(f, 0, big, 11, f.length);
        assertEquals(ParseResult.OK, parser.parse(big, 11, f.length, d));
        assertEquals(11, d.frameOffset());
        assertEquals(25, d.l3Offset());
        assertEquals(11 + L3 + 28, d.innerL3Offset());
        assertEquals(46660, d.innerSourcePort());
        final byte[] mapped = new byte[16];
        d.copySourceAddress16(mapped, 0);
        assertArrayEquals(Hex.bytes("00000000000000000000ffffc0000202"), mapped);
    }

    @Test
    void resetClearsAPreviousParse() {
        assertEquals(ParseResult.OK, parse(frame(CapturedFrames.IPV4_TCP_SYN)));
        assertEquals(ParseResult.TRUNCATED_IPV4, parse(Frames.cut(frame(CapturedFrames.IPV4_TCP_SYN), 30)));
        assertEquals(PacketDescriptor.NONE, d.sourcePort());
        assertEquals(PacketDescriptor.NONE, d.tcpMss());
        assertEquals(0, d.family());
        assertEquals(1, counters.count(ParseResult.OK));
        assertEquals(1, counters.count(ParseResult.TRUNCATED_IPV4));
        assertEquals(1, counters.drops());
    }

    static Stream<Arguments> malformedFrames() {
        final byte[] tcp4 = frame(CapturedFrames.IPV4_TCP_SYN);
        final byte[] udp4 = frame(CapturedFrames.IPV4_UDP);
        final byte[] icmp4 = frame(CapturedFrames.IPV4_ICMP_PORT_UNREACHABLE);
        final byte[] tcp6 = frame(CapturedFrames.IPV6_TCP_SYN);
        final byte[] udp6 = frame(CapturedFrames.IPV6_UDP);
        final byte[] icmp6 = frame(CapturedFrames.IPV6_ICMP_PORT_UNREACHABLE);
        final byte[] dst = Frames.optionsHeader();
        return Stream.of(
            c("13 bytes", ParseResult.TRUNCATED_ETHERNET, () -> Frames.cut(tcp4, 13)),
            c("TPID without tag", ParseResult.TRUNCATED_VLAN,
                () -> Frames.cut(Frames.withVlanTags(tcp4, new int[] {0x8100}, new int[] {5}), 16)),
            c("three tags", ParseResult.VLAN_STACK_TOO_DEEP,
                () -> Frames.withVlanTags(tcp4, new int[] {0x88A8, 0x8100, 0x8100}, new int[] {1, 2, 3})),
            c("ARP body 27 bytes", ParseResult.TRUNCATED_ARP, () -> Frames.cut(frame(CapturedFrames.ARP_REQUEST), 41)),
            c("19 bytes of IPv4", ParseResult.TRUNCATED_IPV4, () -> Frames.cut(tcp4, L3 + 19)),
            c("version 6 in IPv4 EtherType", ParseResult.BAD_IPV4_VERSION,
                () -> Frames.fixIpv4(Frames.set8(tcp4, L3, 0x65))),
            c("IHL 4", ParseResult.BAD_IPV4_IHL, () -> Frames.set8(tcp4, L3, 0x44)),
            c("IHL beyond frame", ParseResult.BAD_IPV4_IHL, () -> Frames.cut(Frames.set8(tcp4, L3, 0x46), L3 + 22)),
            c("total length below IHL", ParseResult.BAD_IPV4_TOTAL_LENGTH,
                () -> Frames.fixIpv4(Frames.set16(tcp4, L3 + 2, 19))),
            c("total length beyond frame", ParseResult.BAD_IPV4_TOTAL_LENGTH,
                () -> Frames.fixIpv4(Frames.set16(tcp4, L3 + 2, 61))),
            c("header checksum", ParseResult.BAD_IPV4_CHECKSUM, () -> Frames.set8(tcp4, L3 + 8, 63)),
            c("option length past header", ParseResult.IPV4_OPTION_OVERRUN,
                () -> Frames.withIpv4Options(udp4, Hex.bytes("83080000"))),
            c("option length 1", ParseResult.IPV4_OPTION_OVERRUN,
                () -> Frames.withIpv4Options(udp4, Hex.bytes("07010000"))),
            c("option type without length byte", ParseResult.IPV4_OPTION_OVERRUN,
                () -> Frames.withIpv4Options(udp4, Hex.bytes("01010107"))),
            c("fragment beyond 65535", ParseResult.BAD_IPV4_FRAGMENT,
                () -> Frames.fixIpv4(Frames.set16(tcp4, L3 + 6, 0x1FFF))),
            c("39 bytes of IPv6", ParseResult.TRUNCATED_IPV6, () -> Frames.cut(tcp6, L3 + 39)),
            c("version 4 in IPv6 EtherType", ParseResult.BAD_IPV6_VERSION, () -> Frames.set8(tcp6, L3, 0x46)),
            c("payload length beyond frame", ParseResult.BAD_IPV6_PAYLOAD_LENGTH, () -> Frames.set16(tcp6, L3 + 4, 41)),
            c("extension header longer than datagram", ParseResult.IPV6_EXT_HEADER_TRUNCATED,
                () -> Frames.withIpv6ExtensionHeaders(tcp6, new int[] {IPPROTO_DSTOPTS},
                    new byte[] {0, 10, 1, 4, 0, 0, 0, 0})),
            c("extension header cut at its start", ParseResult.IPV6_EXT_HEADER_TRUNCATED,
                () -> Frames.set8(Frames.set16(tcp6, L3 + 4, 4), L3 + 6, IPPROTO_DSTOPTS)),
            c("nine extension headers", ParseResult.IPV6_EXT_CHAIN_TOO_LONG,
                () -> Frames.withIpv6ExtensionHeaders(tcp6, new int[] {60, 60, 60, 60, 60, 60, 60, 60, 60},
                    dst, dst, dst, dst, dst, dst, dst, dst, dst)),
            c("hop-by-hop after destination options", ParseResult.IPV6_HOP_BY_HOP_MISPLACED,
                () -> Frames.withIpv6ExtensionHeaders(tcp6, new int[] {IPPROTO_DSTOPTS, IPPROTO_HOPOPTS}, dst, dst)),
            c("routing type 0 with segments left", ParseResult.IPV6_ROUTING_TYPE0,
                () -> Frames.withIpv6ExtensionHeaders(tcp6, new int[] {IPPROTO_ROUTING},
                    new byte[] {0, 0, 0, 1, 0, 0, 0, 0})),
            c("two fragment headers", ParseResult.BAD_IPV6_FRAGMENT,
                () -> Frames.withIpv6ExtensionHeaders(tcp6, new int[] {IPPROTO_FRAGMENT, IPPROTO_FRAGMENT},
                    Frames.fragmentHeader(0, false, 1), Frames.fragmentHeader(0, false, 1))),
            c("non-last fragment not a multiple of 8", ParseResult.BAD_IPV6_FRAGMENT,
                () -> Frames.withIpv6ExtensionHeaders(udp6, new int[] {IPPROTO_FRAGMENT},
                    Frames.fragmentHeader(0, true, 1))),
            c("fragment beyond 65535", ParseResult.BAD_IPV6_FRAGMENT,
                () -> Frames.withIpv6ExtensionHeaders(tcp6, new int[] {IPPROTO_FRAGMENT},
                    Frames.fragmentHeader(65512, false, 1))),
            c("first IPv4 fragment with 16 bytes of TCP", ParseResult.FIRST_FRAGMENT_TOO_SHORT,
                () -> Frames.ipv4TotalLength(Frames.set16(tcp4, L3 + 6, 0x2000), 36)),
            c("16 bytes of TCP", ParseResult.TRUNCATED_TCP, () -> Frames.ipv4TotalLength(tcp4, 36)),
            c("data offset 4", ParseResult.TCP_BAD_DATA_OFFSET, () -> Frames.set8(tcp4, TCP4 + 12, 0x42)),
            c("data offset beyond segment", ParseResult.TCP_BAD_DATA_OFFSET, () -> Frames.set8(tcp4, TCP4 + 12, 0xF2)),
            c("window scale length past header", ParseResult.TCP_OPTION_OVERRUN, () -> Frames.set8(tcp4, TCP4 + 38, 4)),
            c("option length 1", ParseResult.TCP_OPTION_OVERRUN, () -> Frames.set8(tcp4, TCP4 + 21, 1)),
            c("MSS length 6", ParseResult.TCP_BAD_OPTION_LENGTH, () -> Frames.set8(tcp4, TCP4 + 21, 6)),
            c("timestamps length 2", ParseResult.TCP_BAD_OPTION_LENGTH,
                () -> Frames.set8(Frames.set8(tcp4, TCP4 + 27, 2), TCP4 + 28, 1)),
            c("7 bytes of UDP", ParseResult.TRUNCATED_UDP, () -> Frames.ipv4TotalLength(udp4, 27)),
            c("UDP length 7", ParseResult.BAD_UDP_LENGTH, () -> Frames.set16(udp4, TCP4 + 4, 7)),
            c("UDP length beyond datagram", ParseResult.BAD_UDP_LENGTH, () -> Frames.set16(udp4, TCP4 + 4, 12)),
            c("7 bytes of ICMP", ParseResult.TRUNCATED_ICMP, () -> Frames.ipv4TotalLength(icmp4, 27)),
            c("quoted IPv4 header cut", ParseResult.BAD_ICMP_EMBEDDED, () -> Frames.ipv4TotalLength(icmp4, 47)),
            c("quoted IPv4 header version 6", ParseResult.BAD_ICMP_EMBEDDED, () -> Frames.set8(icmp4, L3 + 28, 0x65)),
            c("quoted UDP only 4 bytes", ParseResult.BAD_ICMP_EMBEDDED, () -> Frames.ipv4TotalLength(icmp4, 52)),
            c("7 bytes of ICMPv6", ParseResult.TRUNCATED_ICMPV6,
                () -> Frames.cut(Frames.set16(icmp6, L3 + 4, 7), L3 + 47)),
            c("quoted IPv6 header cut", ParseResult.BAD_ICMPV6_EMBEDDED,
                () -> Frames.cut(Frames.set16(icmp6, L3 + 4, 47), L3 + 87)),
            c("quoted IPv6 header version 4", ParseResult.BAD_ICMPV6_EMBEDDED, () -> Frames.set8(icmp6, L3 + 48, 0x46)),
            c("quoted UDP only 4 bytes", ParseResult.BAD_ICMPV6_EMBEDDED,
                () -> Frames.cut(Frames.set16(icmp6, L3 + 4, 52), L3 + 92)));
    }

    private static Arguments c(String name, ParseResult expected, Supplier<byte[]> frame) {
        return Arguments.of(name, expected, frame.get());
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("malformedFrames")
    void malformedFrameIsACountedDrop(String name, ParseResult expected, byte[] malformed) {
        assertEquals(expected, parse(malformed), name);
        assertTrue(expected.isDrop());
        assertEquals(1, counters.count(expected));
        assertEquals(1, counters.drops());
    }

    @Test
    void everyDropReasonHasAMalformedFrameCase() {
        final Set<ParseResult> covered = malformedFrames().map(a -> (ParseResult) a.get()[1])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ParseResult.class)));
        final Set<ParseResult> drops = EnumSet.allOf(ParseResult.class);
        drops.removeIf(r -> !r.isDrop());
        assertEquals(drops, covered);
    }
}
