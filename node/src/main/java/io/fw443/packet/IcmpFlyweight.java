package io.fw443.packet;

/**
 * ICMP for IPv4 (RFC 792). Error messages carry the offending datagram's IP header plus at least 64 bits of its
 * data after the 8-byte header (RFC 792; RFC 1812 §4.3.2.3 allows up to 576 bytes in total).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Rest of header: Identifier + Sequence (echo), unused +      |
 * |   Next-Hop MTU (frag needed, RFC 1191 §4), Pointer (12)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Data: echo payload, or the quoted IP header + 64 bits ...   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class IcmpFlyweight extends HeaderFlyweight {
    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int REST_OF_HEADER_OFFSET = 4;
    public static final int IDENTIFIER_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 6;
    /** Next-Hop MTU sits in the low 16 bits of the rest-of-header, RFC 1191 §4. */
    public static final int NEXT_HOP_MTU_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;
    /** Bytes of the offending datagram's data quoted after its IP header, at least (RFC 792). */
    public static final int MIN_QUOTED_DATA = 8;
    /** An ICMP error datagram should not exceed this (RFC 1812 §4.3.2.3). */
    public static final int MAX_ERROR_DATAGRAM_LENGTH = 576;

    /** Types, RFC 792 (and RFC 1812 §5.2.7.1 for code 13). */
    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_DESTINATION_UNREACHABLE = 3;
    public static final int TYPE_SOURCE_QUENCH = 4;
    public static final int TYPE_REDIRECT = 5;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int TYPE_TIME_EXCEEDED = 11;
    public static final int TYPE_PARAMETER_PROBLEM = 12;

    /** Destination Unreachable codes, RFC 792 (0-5), RFC 1812 §5.2.7.1 (13). */
    public static final int CODE_NET_UNREACHABLE = 0;
    public static final int CODE_HOST_UNREACHABLE = 1;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    public static final int CODE_ADMIN_PROHIBITED = 13;
    /** Time Exceeded code 0: TTL exceeded in transit, RFC 792. */
    public static final int CODE_TTL_EXCEEDED = 0;

    public IcmpFlyweight wrap(byte[] buffer, int offset, int length) {
        wrapRegion(buffer, offset, length);
        return this;
    }

    /** True for the error types that quote an offending datagram (RFC 1812 §4.3.2.7 list). */
    public static boolean isError(int type) {
        return type == TYPE_DESTINATION_UNREACHABLE || type == TYPE_SOURCE_QUENCH || type == TYPE_REDIRECT
                || type == TYPE_TIME_EXCEEDED || type == TYPE_PARAMETER_PROBLEM;
    }

    /** True for echo request/reply, whose identifier plays the role of a port for tracking. */
    public static boolean isEcho(int type) {
        return type == TYPE_ECHO_REQUEST || type == TYPE_ECHO_REPLY;
    }

    public int type() {
        return NetworkOrder.u8(buffer, offset + TYPE_OFFSET);
    }

    public IcmpFlyweight type(int type) {
        NetworkOrder.put8(buffer, offset + TYPE_OFFSET, type);
        return this;
    }

    public int code() {
        return NetworkOrder.u8(buffer, offset + CODE_OFFSET);
    }

    public IcmpFlyweight code(int code) {
        NetworkOrder.put8(buffer, offset + CODE_OFFSET, code);
        return this;
    }

    public int checksum() {
        return NetworkOrder.u16(buffer, offset + CHECKSUM_OFFSET);
    }

    public IcmpFlyweight checksum(int checksum) {
        NetworkOrder.put16(buffer, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /** The 32-bit rest-of-header word. */
    public long restOfHeader() {
        return NetworkOrder.u32(buffer, offset + REST_OF_HEADER_OFFSET);
    }

    public IcmpFlyweight restOfHeader(long value) {
        NetworkOrder.put32(buffer, offset + REST_OF_HEADER_OFFSET, value);
        return this;
    }

    public int identifier() {
        return NetworkOrder.u16(buffer, offset + IDENTIFIER_OFFSET);
    }

    public int sequence() {
        return NetworkOrder.u16(buffer, offset + SEQUENCE_OFFSET);
    }

    public int nextHopMtu() {
        return NetworkOrder.u16(buffer, offset + NEXT_HOP_MTU_OFFSET);
    }
}
