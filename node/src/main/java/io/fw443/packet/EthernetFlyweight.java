package io.fw443.packet;

/**
 * Ethernet II header (IEEE 802.3 clause 3.2.6 "Length/Type" used as a type, RFC 894).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination MAC address                    |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                      Source MAC address                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           EtherType           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EthernetFlyweight extends HeaderFlyweight {
    public static final int DESTINATION_OFFSET = 0;
    public static final int SOURCE_OFFSET = 6;
    public static final int ETHER_TYPE_OFFSET = 12;
    public static final int HEADER_LENGTH = 14;
    public static final int MAC_LENGTH = 6;
    /** IEEE 802.3 §4.4.2 minFrameSize is 64 bytes including the 4-byte FCS that capture and injection omit. */
    public static final int MIN_FRAME_LENGTH = 60;

    /** IPv4, RFC 894. */
    public static final int ETHER_TYPE_IPV4 = 0x0800;
    /** ARP, RFC 826. */
    public static final int ETHER_TYPE_ARP = 0x0806;
    /** IPv6, RFC 2464 §3. */
    public static final int ETHER_TYPE_IPV6 = 0x86DD;
    /** Customer VLAN tag (C-TAG), IEEE 802.1Q §9.5. */
    public static final int ETHER_TYPE_VLAN = 0x8100;
    /** Service VLAN tag (S-TAG, "QinQ"), IEEE 802.1ad / 802.1Q §9.5. */
    public static final int ETHER_TYPE_QINQ = 0x88A8;
    /** Values below this are an IEEE 802.3 length, not a type (IEEE 802.3 §3.2.6). */
    public static final int MIN_ETHER_TYPE = 0x0600;

    public EthernetFlyweight wrap(byte[] buffer, int offset, int length) {
        wrapRegion(buffer, offset, length);
        return this;
    }

    /** Absolute index of the destination MAC. */
    public int destinationMacOffset() {
        return offset + DESTINATION_OFFSET;
    }

    /** Absolute index of the source MAC. */
    public int sourceMacOffset() {
        return offset + SOURCE_OFFSET;
    }

    /** Destination MAC as a 48-bit value (first octet most significant). */
    public long destinationMac() {
        return macAsLong(buffer, offset + DESTINATION_OFFSET);
    }

    /** Source MAC as a 48-bit value (first octet most significant). */
    public long sourceMac() {
        return macAsLong(buffer, offset + SOURCE_OFFSET);
    }

    /** Copies a 6-byte MAC into the destination field. */
    public EthernetFlyweight destinationMac(byte[] mac, int macOffset) {
        System.arraycopy(mac, macOffset, buffer, offset + DESTINATION_OFFSET, MAC_LENGTH);
        return this;
    }

    /** Copies a 6-byte MAC into the source field. */
    public EthernetFlyweight sourceMac(byte[] mac, int macOffset) {
        System.arraycopy(mac, macOffset, buffer, offset + SOURCE_OFFSET, MAC_LENGTH);
        return this;
    }

    /** True when the destination's I/G bit is set: broadcast or multicast (IEEE 802 §8.2). */
    public boolean isGroupDestination() {
        return (buffer[offset + DESTINATION_OFFSET] & 0x01) != 0;
    }

    public int etherType() {
        return NetworkOrder.u16(buffer, offset + ETHER_TYPE_OFFSET);
    }

    public EthernetFlyweight etherType(int etherType) {
        NetworkOrder.put16(buffer, offset + ETHER_TYPE_OFFSET, etherType);
        return this;
    }

    /** A MAC at {@code index} as a 48-bit value, first octet most significant. */
    public static long macAsLong(byte[] buf, int index) {
        return ((long) NetworkOrder.u16(buf, index) << 32) | NetworkOrder.u32(buf, index + 2);
    }
}
