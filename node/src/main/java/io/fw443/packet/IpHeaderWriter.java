package io.fw443.packet;

/**
 * Writes the plain IPv4 or IPv6 header (no options, no extension headers) of a packet the node originates, and
 * the pseudo-header sum for its transport checksum. Shared by the reply builders.
 */
final class IpHeaderWriter {
    /** Default TTL / hop limit for packets the node originates (IANA "IP Parameters", RFC 1700; RFC 1122
     * §3.2.1.7 asks for a configurable value, 64 being the recommended default). */
    static final int DEFAULT_TTL = 64;

    private final Ipv4Flyweight ipv4 = new Ipv4Flyweight();
    private final Ipv6Flyweight ipv6 = new Ipv6Flyweight();

    static int headerLength(int family) {
        return family == 4 ? Ipv4Flyweight.MIN_HEADER_LENGTH : Ipv6Flyweight.HEADER_LENGTH;
    }

    /**
     * Writes the header at {@code out[offset ..]}; addresses are 4 or 16 bytes according to {@code family}.
     * IPv4 gets DF set and Identification 0, which RFC 6864 §4.1 allows for atomic datagrams.
     *
     * @return the header length
     */
    int write(byte[] out, int offset, int family, int protocol, int payloadLength, int ttl,
              byte[] source, int sourceOffset, byte[] destination, int destinationOffset) {
        if (family == 4) {
            ipv4.wrap(out, offset, Ipv4Flyweight.MIN_HEADER_LENGTH + payloadLength)
                    .versionAndHeaderLength(Ipv4Flyweight.MIN_HEADER_LENGTH)
                    .tos(0)
                    .totalLength(Ipv4Flyweight.MIN_HEADER_LENGTH + payloadLength)
                    .identification(0)
                    .flagsAndFragmentOffset(Ipv4Flyweight.FLAG_DONT_FRAGMENT)
                    .ttl(ttl)
                    .protocol(protocol);
            System.arraycopy(source, sourceOffset, out, offset + Ipv4Flyweight.SOURCE_OFFSET,
                    Ipv4Flyweight.ADDRESS_LENGTH);
            System.arraycopy(destination, destinationOffset, out, offset + Ipv4Flyweight.DESTINATION_OFFSET,
                    Ipv4Flyweight.ADDRESS_LENGTH);
            ipv4.updateHeaderChecksum();
            return Ipv4Flyweight.MIN_HEADER_LENGTH;
        }
        ipv6.wrap(out, offset, Ipv6Flyweight.HEADER_LENGTH + payloadLength)
                .versionOnly()
                .payloadLength(payloadLength)
                .nextHeader(protocol)
                .hopLimit(ttl)
                .sourceAddress(source, sourceOffset)
                .destinationAddress(destination, destinationOffset);
        return Ipv6Flyweight.HEADER_LENGTH;
    }

    /** Pseudo-header sum for a header written by {@link #write} at {@code out[offset ..]}. */
    static long pseudoHeaderSum(byte[] out, int offset, int family, int protocol, int payloadLength) {
        if (family == 4) {
            return Checksums.ipv4PseudoHeaderSum(out, offset + Ipv4Flyweight.SOURCE_OFFSET,
                    offset + Ipv4Flyweight.DESTINATION_OFFSET, protocol, payloadLength);
        }
        return Checksums.ipv6PseudoHeaderSum(out, offset + Ipv6Flyweight.SOURCE_OFFSET,
                offset + Ipv6Flyweight.DESTINATION_OFFSET, protocol, payloadLength);
    }

    /** True when the 4- or 16-byte address at {@code index} may be the source of a packet we answer: not
     * unspecified, loopback, multicast or (IPv4) limited broadcast / reserved class E (RFC 1812 §4.3.2.7,
     * §5.3.7; RFC 4443 §2.4(e.6)). */
    static boolean isUnicastSource(byte[] buf, int index, int family) {
        if (family == 4) {
            final int first = NetworkOrder.u8(buf, index);
            return first != 0 && first != 127 && first < 224;
        }
        return !isIpv6Multicast(buf, index) && !isIpv6Unspecified(buf, index) && !isIpv6Loopback(buf, index);
    }

    /** True for an IPv4 multicast / class E / limited broadcast, or an IPv6 multicast destination. */
    static boolean isGroupDestination(byte[] buf, int index, int family) {
        if (family == 4) {
            return NetworkOrder.u8(buf, index) >= 224;
        }
        return isIpv6Multicast(buf, index);
    }

    /** ff00::/8, RFC 4291 §2.7. */
    static boolean isIpv6Multicast(byte[] buf, int index) {
        return buf[index] == (byte) 0xFF;
    }

    static boolean isIpv6Unspecified(byte[] buf, int index) {
        for (int i = 0; i < Ipv6Flyweight.ADDRESS_LENGTH; i++) {
            if (buf[index + i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6Loopback(byte[] buf, int index) {
        for (int i = 0; i < Ipv6Flyweight.ADDRESS_LENGTH - 1; i++) {
            if (buf[index + i] != 0) {
                return false;
            }
        }
        return buf[index + Ipv6Flyweight.ADDRESS_LENGTH - 1] == 1;
    }
}
