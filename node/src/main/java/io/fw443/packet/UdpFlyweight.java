package io.fw443.packet;

/**
 * UDP header (RFC 768).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class UdpFlyweight extends HeaderFlyweight {
    public static final int SOURCE_PORT_OFFSET = 0;
    public static final int DESTINATION_PORT_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;

    public UdpFlyweight wrap(byte[] buffer, int offset, int length) {
        wrapRegion(buffer, offset, length);
        return this;
    }

    public int sourcePort() {
        return NetworkOrder.u16(buffer, offset + SOURCE_PORT_OFFSET);
    }

    public int destinationPort() {
        return NetworkOrder.u16(buffer, offset + DESTINATION_PORT_OFFSET);
    }

    /** The UDP Length field: header plus data, in bytes. */
    public int udpLength() {
        return NetworkOrder.u16(buffer, offset + LENGTH_OFFSET);
    }

    /** The checksum; 0 over IPv4 means "not computed" (RFC 768), never legal over IPv6 (RFC 8200 §8.1). */
    public int checksum() {
        return NetworkOrder.u16(buffer, offset + CHECKSUM_OFFSET);
    }
}
