package io.fw443.packet;

/**
 * Builds ICMP (IPv4) and ICMPv6 error messages about a received packet, from the IP header on, into a
 * caller-provided buffer (prepend L2 with {@link EthernetHeaderWriter}). The family follows the received packet.
 * Results: the bytes written, or {@link BuildStatus#NO_REPLY} / {@link BuildStatus#BUFFER_TOO_SMALL}. The output
 * must not overlap the received frame. One instance per thread. Rate limiting (RFC 1812 §4.3.2.8, RFC 4443
 * §2.4(f)) is the caller's business.
 *
 * <p>Quoted: as much of the received IP datagram as fits, up to 576 bytes of error datagram for IPv4
 * (RFC 1812 §4.3.2.3; at least the IP header + 8 bytes, RFC 792) and 1280 for IPv6 (RFC 4443 §2.4(c)).
 *
 * <p>Not answered (RFC 1812 §4.3.2.7, RFC 4443 §2.4(e)): ICMP errors and redirects; IPv4 non-initial fragments;
 * packets sent to an IP or link-layer group address (except IPv6 Packet Too Big, RFC 4443 §2.4(e.3)); packets
 * whose source is not a unicast address.
 *
 * <p>The error's source address is given by the caller (the router's interface address, RFC 1812 §4.3.2.4), or
 * {@code null} to answer from the received packet's destination, as a host rejecting it would.
 */
public final class IcmpUnreachableBuilder {
    private static final int IPV4_MAX_QUOTE = IcmpFlyweight.MAX_ERROR_DATAGRAM_LENGTH
            - Ipv4Flyweight.MIN_HEADER_LENGTH - IcmpFlyweight.HEADER_LENGTH;
    private static final int IPV6_MAX_QUOTE = Ipv6Flyweight.MIN_MTU
            - Ipv6Flyweight.HEADER_LENGTH - Icmpv6Flyweight.HEADER_LENGTH;

    private final IpHeaderWriter ipWriter = new IpHeaderWriter();
    private final EthernetFlyweight ethernet = new EthernetFlyweight();
    private final IcmpFlyweight icmp = new IcmpFlyweight();
    private final Icmpv6Flyweight icmpv6 = new Icmpv6Flyweight();

    /**
     * Destination Unreachable: IPv4 type 3 or ICMPv6 type 1, with a family-specific {@code code}
     * (e.g. {@link IcmpFlyweight#CODE_ADMIN_PROHIBITED}, {@link Icmpv6Flyweight#CODE_PORT_UNREACHABLE}).
     */
    public int destinationUnreachable(PacketDescriptor received, int code, byte[] source, int sourceOffset,
                                      byte[] out, int outOffset) {
        final int type = received.family() == 4
                ? IcmpFlyweight.TYPE_DESTINATION_UNREACHABLE : Icmpv6Flyweight.TYPE_DESTINATION_UNREACHABLE;
        return build(received, type, code, 0, source, sourceOffset, out, outOffset);
    }

    /**
     * The packet does not fit the next hop's MTU: IPv4 Destination Unreachable code 4 "fragmentation needed and
     * DF set" with the Next-Hop MTU (RFC 1191 §4), or ICMPv6 Packet Too Big with the MTU (RFC 4443 §3.2).
     */
    public int packetTooBig(PacketDescriptor received, int mtu, byte[] source, int sourceOffset,
                            byte[] out, int outOffset) {
        if (received.family() == 4) {
            return build(received, IcmpFlyweight.TYPE_DESTINATION_UNREACHABLE, IcmpFlyweight.CODE_FRAGMENTATION_NEEDED,
                    mtu & 0xFFFF, source, sourceOffset, out, outOffset);
        }
        return build(received, Icmpv6Flyweight.TYPE_PACKET_TOO_BIG, 0, mtu & 0xFFFF_FFFFL,
                source, sourceOffset, out, outOffset);
    }

    /** TTL / hop limit exceeded in transit: IPv4 type 11 code 0 (RFC 792) or ICMPv6 type 3 code 0 (RFC 4443 §3.3). */
    public int timeExceeded(PacketDescriptor received, byte[] source, int sourceOffset, byte[] out, int outOffset) {
        if (received.family() == 4) {
            return build(received, IcmpFlyweight.TYPE_TIME_EXCEEDED, IcmpFlyweight.CODE_TTL_EXCEEDED, 0,
                    source, sourceOffset, out, outOffset);
        }
        return build(received, Icmpv6Flyweight.TYPE_TIME_EXCEEDED, Icmpv6Flyweight.CODE_HOP_LIMIT_EXCEEDED, 0,
                source, sourceOffset, out, outOffset);
    }

    private int build(PacketDescriptor received, int type, int code, long restOfHeader,
                      byte[] source, int sourceOffset, byte[] out, int outOffset) {
        final int family = received.family();
        if (family != 4 && family != 6) {
            return BuildStatus.NO_REPLY;
        }
        final boolean packetTooBig6 = family == 6 && type == Icmpv6Flyweight.TYPE_PACKET_TOO_BIG;
        if (!isAnswerable(received, packetTooBig6)) {
            return BuildStatus.NO_REPLY;
        }
        final byte[] frame = received.buffer();
        final byte[] from = source != null ? source : frame;
        final int fromOffset = source != null ? sourceOffset : received.destinationAddressOffset();
        if (source == null && IpHeaderWriter.isGroupDestination(frame, fromOffset, family)) {
            return BuildStatus.NO_REPLY;
        }
        final int quote = Math.min(received.l3Length(), family == 4 ? IPV4_MAX_QUOTE : IPV6_MAX_QUOTE);
        final int ipHeaderLength = IpHeaderWriter.headerLength(family);
        final int icmpLength = IcmpFlyweight.HEADER_LENGTH + quote;
        if (outOffset < 0 || out.length - outOffset < ipHeaderLength + icmpLength) {
            return BuildStatus.BUFFER_TOO_SMALL;
        }
        final int protocol = family == 4 ? IpProtocols.ICMP : IpProtocols.ICMPV6;
        ipWriter.write(out, outOffset, family, protocol, icmpLength, IpHeaderWriter.DEFAULT_TTL,
                from, fromOffset, frame, received.sourceAddressOffset());
        final int icmpOffset = outOffset + ipHeaderLength;
        System.arraycopy(frame, received.l3Offset(), out, icmpOffset + IcmpFlyweight.HEADER_LENGTH, quote);
        if (family == 4) {
            icmp.wrap(out, icmpOffset, icmpLength).type(type).code(code).checksum(0).restOfHeader(restOfHeader);
            icmp.checksum(Checksums.checksum(out, icmpOffset, icmpLength));
        } else {
            icmpv6.wrap(out, icmpOffset, icmpLength).type(type).code(code).checksum(0).body(restOfHeader);
            final long pseudo = IpHeaderWriter.pseudoHeaderSum(out, outOffset, family, protocol, icmpLength);
            icmpv6.checksum(Checksums.transportChecksum(pseudo, out, icmpOffset, icmpLength));
        }
        return ipHeaderLength + icmpLength;
    }

    private boolean isAnswerable(PacketDescriptor received, boolean packetTooBig6) {
        final byte[] frame = received.buffer();
        final int family = received.family();
        if (family == 4) {
            if (received.protocol() == IpProtocols.ICMP && IcmpFlyweight.isError(received.icmpType())) {
                return false;
            }
            if (received.fragmentOffset() != 0) {
                return false;
            }
        } else if (received.protocol() == IpProtocols.ICMPV6 && received.icmpType() >= 0
                && (Icmpv6Flyweight.isError(received.icmpType())
                || received.icmpType() == Icmpv6Flyweight.TYPE_REDIRECT)) {
            return false;
        }
        if (!packetTooBig6) {
            final boolean linkGroup = ethernet.wrap(frame, received.frameOffset(), received.frameLength())
                    .isGroupDestination();
            if (linkGroup || IpHeaderWriter.isGroupDestination(frame, received.destinationAddressOffset(), family)) {
                return false;
            }
        }
        return IpHeaderWriter.isUnicastSource(frame, received.sourceAddressOffset(), family);
    }
}
