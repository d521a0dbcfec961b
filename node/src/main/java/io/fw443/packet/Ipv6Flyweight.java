package io.fw443.packet;

/**
 * IPv6 fixed header (RFC 8200 §3). Extension headers are walked by {@link FrameParser}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                     Source Address (128)                      +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                  Destination Address (128)                    +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6Flyweight extends HeaderFlyweight {
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    public static final int NEXT_HEADER_OFFSET = 6;
    public static final int HOP_LIMIT_OFFSET = 7;
    public static final int SOURCE_OFFSET = 8;
    public static final int DESTINATION_OFFSET = 24;
    public static final int HEADER_LENGTH = 40;
    public static final int ADDRESS_LENGTH = 16;
    public static final int VERSION = 6;
    /** Every IPv6 link carries at least this (RFC 8200 §5); also the ICMPv6 error size cap (RFC 4443 §2.4(c)). */
    public static final int MIN_MTU = 1280;

    public Ipv6Flyweight wrap(byte[] buffer, int offset, int length) {
        wrapRegion(buffer, offset, length);
        return this;
    }

    public int version() {
        return NetworkOrder.u8(buffer, offset + VERSION_CLASS_FLOW_OFFSET) >>> 4;
    }

    public int trafficClass() {
        return (NetworkOrder.u16(buffer, offset + VERSION_CLASS_FLOW_OFFSET) >>> 4) & 0xFF;
    }

    public int flowLabel() {
        return (int) (NetworkOrder.u32(buffer, offset + VERSION_CLASS_FLOW_OFFSET) & 0x000F_FFFF);
    }

    /** Writes version 6, traffic class 0 and flow label 0. */
    public Ipv6Flyweight versionOnly() {
        NetworkOrder.put32(buffer, offset + VERSION_CLASS_FLOW_OFFSET, (long) VERSION << 28);
        return this;
    }

    public int payloadLength() {
        return NetworkOrder.u16(buffer, offset + PAYLOAD_LENGTH_OFFSET);
    }

    public Ipv6Flyweight payloadLength(int payloadLength) {
        NetworkOrder.put16(buffer, offset + PAYLOAD_LENGTH_OFFSET, payloadLength);
        return this;
    }

    public int nextHeader() {
        return NetworkOrder.u8(buffer, offset + NEXT_HEADER_OFFSET);
    }

    public Ipv6Flyweight nextHeader(int nextHeader) {
        NetworkOrder.put8(buffer, offset + NEXT_HEADER_OFFSET, nextHeader);
        return this;
    }

    public int hopLimit() {
        return NetworkOrder.u8(buffer, offset + HOP_LIMIT_OFFSET);
    }

    public Ipv6Flyweight hopLimit(int hopLimit) {
        NetworkOrder.put8(buffer, offset + HOP_LIMIT_OFFSET, hopLimit);
        return this;
    }

    /** Absolute index of the source address. */
    public int sourceAddressOffset() {
        return offset + SOURCE_OFFSET;
    }

    /** Absolute index of the destination address. */
    public int destinationAddressOffset() {
        return offset + DESTINATION_OFFSET;
    }

    public Ipv6Flyweight sourceAddress(byte[] address, int addressOffset) {
        System.arraycopy(address, addressOffset, buffer, offset + SOURCE_OFFSET, ADDRESS_LENGTH);
        return this;
    }

    public Ipv6Flyweight destinationAddress(byte[] address, int addressOffset) {
        System.arraycopy(address, addressOffset, buffer, offset + DESTINATION_OFFSET, ADDRESS_LENGTH);
        return this;
    }
}
