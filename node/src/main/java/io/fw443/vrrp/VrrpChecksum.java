package io.fw443.vrrp;

/**
 * The Internet checksum (RFC 1071) as VRRPv3 uses it: over a pseudo-header and the whole advert
 * (RFC 5798 §5.2.8). For IPv6 the pseudo-header is RFC 8200 §8.1's (source, destination, 32-bit
 * upper-layer length, next header 112); for IPv4 it is the RFC 768 shape (source, destination, zero,
 * protocol 112, 16-bit length), which is what keepalived and Wireshark compute for VRRPv3 over IPv4.
 * Both reduce to the same one's-complement sum for an advert shorter than 64 KiB.
 *
 * <p>Kept in this package until the general checksum helper of io.fw443.packet lands.
 */
final class VrrpChecksum {

    private VrrpChecksum() {
    }

    /** Adds {@code length} bytes as big-endian 16-bit words to {@code sum}; an odd tail is padded with zero. */
    static long add(long sum, byte[] buffer, int offset, int length) {
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += (buffer[i] & 0xff) << 8 | buffer[i + 1] & 0xff;
        }
        if (i < end) {
            sum += (buffer[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds the carries of {@code sum} into 16 bits and complements. */
    static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /**
     * The VRRPv3 checksum over the pseudo-header and the advert at {@code advertOffset}. Computed with
     * the checksum field as it is in the buffer: zero it first to compute, leave it in to verify (a
     * correct advert then yields 0).
     */
    static int advertChecksum(byte[] source, int sourceOffset, byte[] destination, int destinationOffset,
                              int addressLength, byte[] buffer, int advertOffset, int advertLength) {
        long sum = add(0, source, sourceOffset, addressLength);
        sum = add(sum, destination, destinationOffset, addressLength);
        sum += VrrpFamily.IP_PROTOCOL_VRRP;
        sum += advertLength;
        sum = add(sum, buffer, advertOffset, advertLength);
        return finish(sum);
    }

    /** The IPv4 header checksum (RFC 791 §3.1), computed with the checksum field as in the buffer. */
    static int ipv4HeaderChecksum(byte[] buffer, int offset, int headerLength) {
        return finish(add(0, buffer, offset, headerLength));
    }
}
