package io.fw443.packet;

/**
 * ICMPv6 (RFC 4443 §2.1), with the Neighbor Discovery fields the node needs (RFC 4861 §4.3, §4.4, §4.6).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Message body: unused, MTU (PTB), Pointer (param problem),    |
 * |  Identifier + Sequence (echo), R|S|O flags (NA)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Errors: as much of the invoking packet as fits in 1280 bytes |
 * |  ND (NS/NA): Target Address (128), then options (type, len×8) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Icmpv6Flyweight extends HeaderFlyweight {
    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int BODY_OFFSET = 4;
    public static final int IDENTIFIER_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 6;
    /** RFC 4861 §4.4: R, S, O are the top three bits of the word after the checksum. */
    public static final int ND_FLAGS_OFFSET = 4;
    /** RFC 4861 §4.3/§4.4: Target Address after 4 reserved/flag bytes. */
    public static final int ND_TARGET_OFFSET = 8;
    /** RFC 4861 §4.3/§4.4: options follow the target. */
    public static final int ND_OPTIONS_OFFSET = 24;
    public static final int HEADER_LENGTH = 8;

    /** Error types, RFC 4443 §3; informational types, RFC 4443 §4 and RFC 4861 §4. */
    public static final int TYPE_DESTINATION_UNREACHABLE = 1;
    public static final int TYPE_PACKET_TOO_BIG = 2;
    public static final int TYPE_TIME_EXCEEDED = 3;
    public static final int TYPE_PARAMETER_PROBLEM = 4;
    public static final int TYPE_ECHO_REQUEST = 128;
    public static final int TYPE_ECHO_REPLY = 129;
    public static final int TYPE_NEIGHBOR_SOLICITATION = 135;
    public static final int TYPE_NEIGHBOR_ADVERTISEMENT = 136;
    public static final int TYPE_REDIRECT = 137;

    /** Destination Unreachable codes, RFC 4443 §3.1. */
    public static final int CODE_NO_ROUTE = 0;
    public static final int CODE_ADMIN_PROHIBITED = 1;
    public static final int CODE_ADDRESS_UNREACHABLE = 3;
    public static final int CODE_PORT_UNREACHABLE = 4;
    /** Time Exceeded code 0: hop limit exceeded in transit, RFC 4443 §3.3. */
    public static final int CODE_HOP_LIMIT_EXCEEDED = 0;
    /** Parameter Problem code 2: unrecognized IPv6 option, RFC 4443 §3.4. */
    public static final int CODE_UNRECOGNIZED_OPTION = 2;

    /** NA flags, RFC 4861 §4.4. */
    public static final int NA_FLAG_ROUTER = 0x80;
    public static final int NA_FLAG_SOLICITED = 0x40;
    public static final int NA_FLAG_OVERRIDE = 0x20;
    /** ND option types, RFC 4861 §4.6.1; option length counts 8-octet units. */
    public static final int ND_OPTION_SOURCE_LINK_LAYER = 1;
    public static final int ND_OPTION_TARGET_LINK_LAYER = 2;
    public static final int ND_OPTION_UNIT = 8;
    /** ND messages are valid only with hop limit 255, RFC 4861 §7.1.1/§7.1.2. */
    public static final int ND_HOP_LIMIT = 255;

    public Icmpv6Flyweight wrap(byte[] buffer, int offset, int length) {
        wrapRegion(buffer, offset, length);
        return this;
    }

    /** Error messages have types 0..127 (RFC 4443 §2.1). */
    public static boolean isError(int type) {
        return type < 128;
    }

    public static boolean isEcho(int type) {
        return type == TYPE_ECHO_REQUEST || type == TYPE_ECHO_REPLY;
    }

    public int type() {
        return NetworkOrder.u8(buffer, offset + TYPE_OFFSET);
    }

    public Icmpv6Flyweight type(int type) {
        NetworkOrder.put8(buffer, offset + TYPE_OFFSET, type);
        return this;
    }

    public int code() {
        return NetworkOrder.u8(buffer, offset + CODE_OFFSET);
    }

    public Icmpv6Flyweight code(int code) {
        NetworkOrder.put8(buffer, offset + CODE_OFFSET, code);
        return this;
    }

    public int checksum() {
        return NetworkOrder.u16(buffer, offset + CHECKSUM_OFFSET);
    }

    public Icmpv6Flyweight checksum(int checksum) {
        NetworkOrder.put16(buffer, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /** The 32-bit message-body word after the checksum (MTU for Packet Too Big). */
    public long body() {
        return NetworkOrder.u32(buffer, offset + BODY_OFFSET);
    }

    public Icmpv6Flyweight body(long value) {
        NetworkOrder.put32(buffer, offset + BODY_OFFSET, value);
        return this;
    }

    public int identifier() {
        return NetworkOrder.u16(buffer, offset + IDENTIFIER_OFFSET);
    }

    /** R/S/O flags of a Neighbor Advertisement (top bits of the byte after the checksum). */
    public int neighborAdvertFlags() {
        return NetworkOrder.u8(buffer, offset + ND_FLAGS_OFFSET) & 0xE0;
    }

    /** Absolute index of the NS/NA Target Address; valid when {@link #length()} ≥ {@link #ND_OPTIONS_OFFSET}. */
    public int targetAddressOffset() {
        return offset + ND_TARGET_OFFSET;
    }

    /**
     * Walks the NS/NA options (RFC 4861 §4.6) and returns the absolute index of the first option of
     * {@code optionType}, or -1 when absent, when the message is too short for options, or when an option has
     * length 0 or runs past the region (RFC 4861 §7.1.1: such packets are invalid).
     */
    public int findNdOption(int optionType) {
        final int end = offset + length;
        int index = offset + ND_OPTIONS_OFFSET;
        while (index + 2 <= end) {
            final int optionLength = NetworkOrder.u8(buffer, index + 1) * ND_OPTION_UNIT;
            if (optionLength == 0 || optionLength > end - index) {
                return -1;
            }
            if (NetworkOrder.u8(buffer, index) == optionType) {
                return index;
            }
            index += optionLength;
        }
        return -1;
    }
}
