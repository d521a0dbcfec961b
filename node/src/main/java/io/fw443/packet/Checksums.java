package io.fw443.packet;

/**
 * The Internet checksum: the 16-bit ones' complement of the ones' complement sum of 16-bit words (RFC 1071),
 * with the IPv4 (RFC 9293 §3.1, RFC 768) and IPv6 (RFC 8200 §8.1) pseudo-headers, and incremental update after
 * a field change (RFC 1624 eqn. 3: {@code HC' = ~(~HC + ~m + m')}), which stays correct where RFC 1141's
 * shortcut produced -0.
 *
 * <p>Sums are carried unfolded in a {@code long} so regions up to any frame size cannot overflow; fold once.
 */
public final class Checksums {
    private Checksums() {
    }

    /** Adds the 16-bit big-endian words of {@code buf[offset .. offset + length)} to {@code initial}; an odd last
     * byte is padded with a zero octet on the right (RFC 1071 §1 (1)). */
    public static long sum(byte[] buf, int offset, int length, long initial) {
        long acc = initial;
        final int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            acc += ((buf[i] & 0xFF) << 8) | (buf[i + 1] & 0xFF);
        }
        if (i < end) {
            acc += (buf[i] & 0xFF) << 8;
        }
        return acc;
    }

    /** Folds carries back in until 16 bits remain (end-around carry). */
    public static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    /** The checksum of a region: {@code ~fold(sum)}. Over a region that includes a correct checksum it is 0. */
    public static int checksum(byte[] buf, int offset, int length) {
        return ~fold(sum(buf, offset, length, 0)) & 0xFFFF;
    }

    /** Sum of the IPv4 pseudo-header: source, destination, zero + protocol, upper-layer length (RFC 9293 §3.1). */
    public static long ipv4PseudoHeaderSum(byte[] buf, int sourceOffset, int destinationOffset, int protocol,
                                           int upperLayerLength) {
        long acc = sum(buf, sourceOffset, Ipv4Flyweight.ADDRESS_LENGTH, 0);
        acc = sum(buf, destinationOffset, Ipv4Flyweight.ADDRESS_LENGTH, acc);
        return acc + protocol + upperLayerLength;
    }

    /** Sum of the IPv6 pseudo-header: source, destination, 32-bit upper-layer length, zeros + next header
     * (RFC 8200 §8.1). */
    public static long ipv6PseudoHeaderSum(byte[] buf, int sourceOffset, int destinationOffset, int nextHeader,
                                           long upperLayerLength) {
        long acc = sum(buf, sourceOffset, Ipv6Flyweight.ADDRESS_LENGTH, 0);
        acc = sum(buf, destinationOffset, Ipv6Flyweight.ADDRESS_LENGTH, acc);
        return acc + (upperLayerLength >>> 16) + (upperLayerLength & 0xFFFF) + nextHeader;
    }

    /** {@code ~fold(pseudoHeaderSum + sum(region))}: the value to store when the region's checksum field is zero,
     * or 0 when verifying a region whose checksum field holds a correct value. */
    public static int transportChecksum(long pseudoHeaderSum, byte[] buf, int offset, int length) {
        return ~fold(sum(buf, offset, length, pseudoHeaderSum)) & 0xFFFF;
    }

    /** RFC 1624 eqn. 3 for one 16-bit field that changed from {@code oldValue} to {@code newValue}. */
    public static int update16(int checksum, int oldValue, int newValue) {
        final long s = (~checksum & 0xFFFF) + (~oldValue & 0xFFFF) + (newValue & 0xFFFF);
        return ~fold(s) & 0xFFFF;
    }

    /** RFC 1624 eqn. 3 for a 32-bit field (two 16-bit words) that changed from {@code oldValue} to
     * {@code newValue}. */
    public static int update32(int checksum, long oldValue, long newValue) {
        final long s = (~checksum & 0xFFFF)
                + (~(oldValue >>> 16) & 0xFFFF) + (~oldValue & 0xFFFF)
                + ((newValue >>> 16) & 0xFFFF) + (newValue & 0xFFFF);
        return ~fold(s) & 0xFFFF;
    }

    /**
     * Verifies the TCP, UDP, ICMP or ICMPv6 checksum of a packet that {@link FrameParser} accepted. Only whole
     * datagrams can be verified: for fragments, and for protocols it does not know, this returns {@code true}.
     * An IPv4 UDP checksum of 0 means "none" (RFC 768). With an IPv6 Routing header the pseudo-header should use
     * the final destination (RFC 8200 §8.1); this uses the header's destination, as forwarding never reaches that
     * case (the final destination is rewritten by the routing node, not by us).
     */
    public static boolean isTransportChecksumValid(PacketDescriptor d) {
        if (d.isFragment() || d.l4Offset() < 0) {
            return true;
        }
        final byte[] buf = d.buffer();
        final int protocol = d.protocol();
        int l4Length = d.l4Length();
        if (protocol == IpProtocols.UDP) {
            if (d.family() == 4 && NetworkOrder.u16(buf, d.l4Offset() + UdpFlyweight.CHECKSUM_OFFSET) == 0) {
                return true;
            }
            l4Length = NetworkOrder.u16(buf, d.l4Offset() + UdpFlyweight.LENGTH_OFFSET);
        } else if (protocol == IpProtocols.ICMP && d.family() == 4) {
            return checksum(buf, d.l4Offset(), l4Length) == 0;
        } else if (protocol != IpProtocols.TCP && protocol != IpProtocols.ICMPV6) {
            return true;
        }
        final long pseudo = d.family() == 4
                ? ipv4PseudoHeaderSum(buf, d.sourceAddressOffset(), d.destinationAddressOffset(), protocol, l4Length)
                : ipv6PseudoHeaderSum(buf, d.sourceAddressOffset(), d.destinationAddressOffset(), protocol, l4Length);
        return transportChecksum(pseudo, buf, d.l4Offset(), l4Length) == 0;
    }
}
