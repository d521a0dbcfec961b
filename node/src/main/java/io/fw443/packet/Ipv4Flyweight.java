package io.fw443.packet;

/**
 * IPv4 header (RFC 791 §3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv4Flyweight extends HeaderFlyweight {
    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SOURCE_OFFSET = 12;
    public static final int DESTINATION_OFFSET = 16;
    public static final int OPTIONS_OFFSET = 20;
    /** Header without options; also the smallest legal IHL (5 words). */
    public static final int MIN_HEADER_LENGTH = 20;
    /** IHL is 4 bits of 32-bit words. */
    public static final int MAX_HEADER_LENGTH = 60;
    public static final int ADDRESS_LENGTH = 4;
    public static final int VERSION = 4;
    /** Largest datagram, Total Length being 16 bits. */
    public static final int MAX_DATAGRAM_LENGTH = 65_535;

    /** Flags (RFC 791 §3.1): bit 1 Don't Fragment, bit 2 More Fragments, in the 16-bit flags/offset word. */
    public static final int FLAG_DONT_FRAGMENT = 0x4000;
    public static final int FLAG_MORE_FRAGMENTS = 0x2000;
    /** Fragment Offset in 8-octet units, low 13 bits of the flags/offset word. */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    /** Option types (RFC 791 §3.1 "Options"): End of Option List and No Operation are single octets. */
    public static final int OPTION_END = 0;
    public static final int OPTION_NOP = 1;
    /** Loose and Strict Source and Record Route option numbers (type & 0x1F), RFC 791 §3.1. */
    public static final int OPTION_NUMBER_LSRR = 3;
    public static final int OPTION_NUMBER_SSRR = 9;
    /** Router Alert option number, RFC 2113 §2.1. */
    public static final int OPTION_NUMBER_ROUTER_ALERT = 20;

    public Ipv4Flyweight wrap(byte[] buffer, int offset, int length) {
        wrapRegion(buffer, offset, length);
        return this;
    }

    public int version() {
        return NetworkOrder.u8(buffer, offset + VERSION_IHL_OFFSET) >>> 4;
    }

    /** Header length in bytes (IHL × 4). */
    public int headerLength() {
        return (NetworkOrder.u8(buffer, offset + VERSION_IHL_OFFSET) & 0x0F) << 2;
    }

    /** Writes version 4 and an IHL for {@code headerLength} bytes. */
    public Ipv4Flyweight versionAndHeaderLength(int headerLength) {
        NetworkOrder.put8(buffer, offset + VERSION_IHL_OFFSET, (VERSION << 4) | (headerLength >>> 2));
        return this;
    }

    public int tos() {
        return NetworkOrder.u8(buffer, offset + TOS_OFFSET);
    }

    public Ipv4Flyweight tos(int tos) {
        NetworkOrder.put8(buffer, offset + TOS_OFFSET, tos);
        return this;
    }

    public int totalLength() {
        return NetworkOrder.u16(buffer, offset + TOTAL_LENGTH_OFFSET);
    }

    public Ipv4Flyweight totalLength(int totalLength) {
        NetworkOrder.put16(buffer, offset + TOTAL_LENGTH_OFFSET, totalLength);
        return this;
    }

    public int identification() {
        return NetworkOrder.u16(buffer, offset + IDENTIFICATION_OFFSET);
    }

    public Ipv4Flyweight identification(int identification) {
        NetworkOrder.put16(buffer, offset + IDENTIFICATION_OFFSET, identification);
        return this;
    }

    /** The raw 16-bit flags + fragment offset word. */
    public int flagsAndFragmentOffset() {
        return NetworkOrder.u16(buffer, offset + FLAGS_FRAGMENT_OFFSET);
    }

    public Ipv4Flyweight flagsAndFragmentOffset(int word) {
        NetworkOrder.put16(buffer, offset + FLAGS_FRAGMENT_OFFSET, word);
        return this;
    }

    public boolean dontFragment() {
        return (flagsAndFragmentOffset() & FLAG_DONT_FRAGMENT) != 0;
    }

    public boolean moreFragments() {
        return (flagsAndFragmentOffset() & FLAG_MORE_FRAGMENTS) != 0;
    }

    /** Fragment offset in bytes (the field counts 8-octet units). */
    public int fragmentOffsetBytes() {
        return (flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK) << 3;
    }

    public int ttl() {
        return NetworkOrder.u8(buffer, offset + TTL_OFFSET);
    }

    public Ipv4Flyweight ttl(int ttl) {
        NetworkOrder.put8(buffer, offset + TTL_OFFSET, ttl);
        return this;
    }

    public int protocol() {
        return NetworkOrder.u8(buffer, offset + PROTOCOL_OFFSET);
    }

    public Ipv4Flyweight protocol(int protocol) {
        NetworkOrder.put8(buffer, offset + PROTOCOL_OFFSET, protocol);
        return this;
    }

    public int headerChecksum() {
        return NetworkOrder.u16(buffer, offset + CHECKSUM_OFFSET);
    }

    public Ipv4Flyweight headerChecksum(int checksum) {
        NetworkOrder.put16(buffer, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /** Source address as a big-endian int. */
    public int sourceAddress() {
        return NetworkOrder.s32(buffer, offset + SOURCE_OFFSET);
    }

    public Ipv4Flyweight sourceAddress(int address) {
        NetworkOrder.put32(buffer, offset + SOURCE_OFFSET, address);
        return this;
    }

    /** Destination address as a big-endian int. */
    public int destinationAddress() {
        return NetworkOrder.s32(buffer, offset + DESTINATION_OFFSET);
    }

    public Ipv4Flyweight destinationAddress(int address) {
        NetworkOrder.put32(buffer, offset + DESTINATION_OFFSET, address);
        return this;
    }

    /** Recomputes the header checksum over {@link #headerLength()} bytes (RFC 791 §3.1, RFC 1071). */
    public Ipv4Flyweight updateHeaderChecksum() {
        headerChecksum(0);
        headerChecksum(Checksums.checksum(buffer, offset, headerLength()));
        return this;
    }
}
