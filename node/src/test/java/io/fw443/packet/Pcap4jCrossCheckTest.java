package io.fw443.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IpPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.IpV6SimpleFlowLabel;
import org.pcap4j.packet.IpV6SimpleTrafficClass;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpMaximumSegmentSizeOption;
import org.pcap4j.packet.TcpNoOperationOption;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.TcpSackPermittedOption;
import org.pcap4j.packet.TcpTimestampsOption;
import org.pcap4j.packet.TcpWindowScaleOption;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.ArpOperation;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.TcpPort;
import org.pcap4j.packet.namednumber.UdpPort;
import org.pcap4j.util.MacAddress;

/**
 * Cross-check against an independent codec: random TCP/UDP frames built by pcap4j's builders (with pcap4j's
 * checksums) must parse to exactly the fields they were built from and verify with our checksums; our TTL
 * rewrite and our replies must pass pcap4j's checksum validation.
 */
class Pcap4jCrossCheckTest {
    private final FrameParser parser = new FrameParser(new ParseCounters());
    private final PacketDescriptor d = new PacketDescriptor();

    /** One random packet description; the test's expectations come from here, not from the parser. */
    private record Spec(boolean ipv6, boolean tcp, InetAddress src, InetAddress dst, int ttl, int sourcePort,
                        int destinationPort, long seq, long ack, int flags, int window, int mss, int windowScale,
                        boolean sack, long tsVal, long tsEcr, byte[] payload) {
    }

    static Stream<Spec> randomPackets() {
        return IntStream.range(0, 40).mapToObj(seed -> {
            final Random r = new Random(seed);
            final boolean ipv6 = r.nextBoolean();
            try {
                final byte[] a = new byte[ipv6 ? 16 : 4];
                final byte[] b = new byte[ipv6 ? 16 : 4];
                r.nextBytes(a);
                r.nextBytes(b);
                a[0] = (byte) (ipv6 ? 0x20 : 198);
                b[0] = (byte) (ipv6 ? 0x20 : 203);
                final byte[] payload = new byte[r.nextInt(300)];
                r.nextBytes(payload);
                return new Spec(ipv6, r.nextBoolean(), InetAddress.getByAddress(a), InetAddress.getByAddress(b),
                        2 + r.nextInt(254), r.nextInt(65536), r.nextInt(65536), r.nextInt() & 0xFFFF_FFFFL,
                        r.nextInt() & 0xFFFF_FFFFL, TcpFlyweight.ACK | (r.nextBoolean() ? TcpFlyweight.PSH : 0),
                        r.nextInt(65536), r.nextBoolean() ? 536 + r.nextInt(9000) : -1,
                        r.nextBoolean() ? r.nextInt(15) : -1, r.nextBoolean(),
                        r.nextBoolean() ? r.nextInt() & 0xFFFF_FFFFL : -1, r.nextInt() & 0xFFFF_FFFFL, payload);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("randomPackets")
    void pcap4jBuiltFramesParseToTheirFields(Spec s) throws Exception {
        final byte[] frame = build(s);
        assertEquals(ParseResult.OK, parser.parse(frame, 0, frame.length, d));
        assertEquals(s.ipv6 ? 6 : 4, d.family());
        assertEquals(s.ttl, d.ttl());
        assertEquals(Hex.string(s.src.getAddress(), 0, d.addressLength()),
                Hex.string(frame, d.sourceAddressOffset(), d.addressLength()));
        assertEquals(Hex.string(s.dst.getAddress(), 0, d.addressLength()),
                Hex.string(frame, d.destinationAddressOffset(), d.addressLength()));
        assertEquals(s.sourcePort, d.sourcePort());
        assertEquals(s.destinationPort, d.destinationPort());
        assertEquals(s.payload.length, d.payloadLength());
        assertEquals(Hex.string(s.payload, 0, s.payload.length),
                Hex.string(frame, d.payloadOffset(), d.payloadLength()));
        if (s.tcp) {
            assertEquals(IpProtocols.TCP, d.protocol());
            assertEquals(s.seq, d.tcpSequence());
            assertEquals(s.ack, d.tcpAcknowledgment());
            assertEquals(s.flags, d.tcpFlags());
            assertEquals(s.window, d.tcpWindow());
            assertEquals(s.mss, d.tcpMss());
            assertEquals(s.windowScale, d.tcpWindowScale());
            assertEquals(s.sack, d.tcpSackPermitted());
            assertEquals(s.tsVal >= 0, d.tcpHasTimestamps());
            if (s.tsVal >= 0) {
                assertEquals(s.tsVal, d.tcpTsVal());
                assertEquals(s.tsEcr, d.tcpTsEcr());
            }
        } else {
            assertEquals(IpProtocols.UDP, d.protocol());
        }
        assertTrue(Checksums.isTransportChecksumValid(d), "pcap4j's checksum verifies with ours");

        assertTrue(new ForwardingRewriter().decrementTtl(d));
        final IpPacket ip = EthernetPacket.newPacket(frame, 0, frame.length).get(IpPacket.class);
        assertEquals(s.ttl - 1, s.ipv6 ? ((IpV6Packet) ip).getHeader().getHopLimitAsInt()
                : ((IpV4Packet) ip).getHeader().getTtlAsInt());
        if (!s.ipv6) {
            assertTrue(((IpV4Packet) ip).getHeader().hasValidChecksum(false), "incremental update agrees with pcap4j");
        }
        assertRepliesValidateWithPcap4j();
    }

    private void assertRepliesValidateWithPcap4j() throws Exception {
        final byte[] out = new byte[2048];
        final int l2 = EthernetHeaderWriter.reply(d, out, 0);
        if (d.protocol() == IpProtocols.TCP) {
            final int n = new TcpRstBuilder().resetSender(d, out, l2);
            final IpPacket ip = EthernetPacket.newPacket(out, 0, l2 + n).get(IpPacket.class);
            final TcpPacket tcp = ip.get(TcpPacket.class);
            assertTrue(tcp.getHeader().getRst());
            assertEquals(d.tcpAcknowledgment(), tcp.getHeader().getSequenceNumberAsLong());
            assertTrue(tcp.hasValidChecksum(ip.getHeader().getSrcAddr(), ip.getHeader().getDstAddr(), false));
        }
        final int n = new IcmpUnreachableBuilder().destinationUnreachable(d, 3, null, 0, out, l2);
        final IpPacket ip = EthernetPacket.newPacket(out, 0, l2 + n).get(IpPacket.class);
        if (d.family() == 4) {
            assertTrue(((IpV4Packet) ip).getHeader().hasValidChecksum(false));
            assertTrue(ip.get(IcmpV4CommonPacket.class).hasValidChecksum(false));
        } else {
            final IpV6Packet ip6 = (IpV6Packet) ip;
            assertTrue(ip.get(IcmpV6CommonPacket.class).hasValidChecksum(ip6.getHeader().getSrcAddr(),
                    ip6.getHeader().getDstAddr(), false));
        }
    }

    @Test
    void arpFramesDecodeWithPcap4j() throws Exception {
        final byte[] out = new byte[64];
        final byte[] mac = Hex.bytes("020000000042");
        final int n = new ArpBuilder().gratuitous(out, 0, mac, 0, 0xC0000201);
        final ArpPacket arp = EthernetPacket.newPacket(out, 0, n).get(ArpPacket.class);
        assertEquals(ArpOperation.REQUEST, arp.getHeader().getOperation());
        assertEquals("192.0.2.1", arp.getHeader().getSrcProtocolAddr().getHostAddress());
        assertEquals("192.0.2.1", arp.getHeader().getDstProtocolAddr().getHostAddress());
        assertEquals(MacAddress.getByName("02:00:00:00:00:42"), arp.getHeader().getSrcHardwareAddr());
        assertEquals(MacAddress.ETHER_BROADCAST_ADDRESS, EthernetPacket.newPacket(out, 0, n).getHeader().getDstAddr());
    }

    private static byte[] build(Spec s) {
        final Packet.Builder transport;
        if (s.tcp) {
            final List<TcpPacket.TcpOption> options = new ArrayList<>();
            if (s.mss >= 0) {
                options.add(new TcpMaximumSegmentSizeOption.Builder().maxSegSize((short) s.mss)
                        .correctLengthAtBuild(true).build());
            }
            if (s.sack) {
                options.add(TcpSackPermittedOption.getInstance());
            }
            if (s.tsVal >= 0) {
                options.add(new TcpTimestampsOption.Builder().tsValue((int) s.tsVal).tsEchoReply((int) s.tsEcr)
                        .correctLengthAtBuild(true).build());
            }
            if (s.windowScale >= 0) {
                options.add(TcpNoOperationOption.getInstance());
                options.add(new TcpWindowScaleOption.Builder().shiftCount((byte) s.windowScale)
                        .correctLengthAtBuild(true).build());
            }
            transport = new TcpPacket.Builder()
                    .srcPort(TcpPort.getInstance((short) s.sourcePort))
                    .dstPort(TcpPort.getInstance((short) s.destinationPort))
                    .sequenceNumber((int) s.seq).acknowledgmentNumber((int) s.ack)
                    .ack(true).psh((s.flags & TcpFlyweight.PSH) != 0).window((short) s.window)
                    .options(options).payloadBuilder(new UnknownPacket.Builder().rawData(s.payload))
                    .srcAddr(s.src).dstAddr(s.dst)
                    .correctChecksumAtBuild(true).correctLengthAtBuild(true).paddingAtBuild(true);
        } else {
            transport = new UdpPacket.Builder()
                    .srcPort(UdpPort.getInstance((short) s.sourcePort))
                    .dstPort(UdpPort.getInstance((short) s.destinationPort))
                    .payloadBuilder(new UnknownPacket.Builder().rawData(s.payload))
                    .srcAddr(s.src).dstAddr(s.dst).correctChecksumAtBuild(true).correctLengthAtBuild(true);
        }
        final IpNumber protocol = s.tcp ? IpNumber.TCP : IpNumber.UDP;
        final Packet.Builder ip = s.ipv6
                ? new IpV6Packet.Builder().version(IpVersion.IPV6)
                    .trafficClass(IpV6SimpleTrafficClass.newInstance((byte) 0))
                    .flowLabel(IpV6SimpleFlowLabel.newInstance(0)).nextHeader(protocol).hopLimit((byte) s.ttl)
                    .srcAddr((Inet6Address) s.src).dstAddr((Inet6Address) s.dst)
                    .payloadBuilder(transport).correctLengthAtBuild(true)
                : new IpV4Packet.Builder().version(IpVersion.IPV4).tos(IpV4Rfc791Tos.newInstance((byte) 0))
                    .identification((short) 77).dontFragmentFlag(true).ttl((byte) s.ttl).protocol(protocol)
                    .srcAddr((Inet4Address) s.src).dstAddr((Inet4Address) s.dst)
                    .payloadBuilder(transport).correctChecksumAtBuild(true).correctLengthAtBuild(true);
        final byte[] frame = new EthernetPacket.Builder()
                .dstAddr(MacAddress.getByName("02:00:00:00:00:02")).srcAddr(MacAddress.getByName("02:00:00:00:00:01"))
                .type(s.ipv6 ? EtherType.IPV6 : EtherType.IPV4).payloadBuilder(ip).paddingAtBuild(true)
                .build().getRawData();
        return frame;
    }
}
