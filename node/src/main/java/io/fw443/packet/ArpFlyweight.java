package io.fw443.packet;

/**
 * ARP packet for Ethernet hardware and IPv4 protocol addresses (RFC 826 "Packet format"), the only form the node
 * speaks; {@link #isEthernetIpv4()} tells whether a received packet is of that form before the address accessors
 * are used.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Hardware type          |        Protocol type          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  HW addr len  | Proto addr len|          Operation            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Sender hardware address (6)                   |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               | Sender protocol address (4)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                 Target hardware address (6)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Target protocol address (4)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ArpFlyweight extends HeaderFlyweight {
    public static final int HARDWARE_TYPE_OFFSET = 0;
    public static final int PROTOCOL_TYPE_OFFSET = 2;
    public static final int HARDWARE_LENGTH_OFFSET = 4;
    public static final int PROTOCOL_LENGTH_OFFSET = 5;
    public static final int OPERATION_OFFSET = 6;
    public static final int SENDER_HARDWARE_OFFSET = 8;
    public static final int SENDER_PROTOCOL_OFFSET = 14;
    public static final int TARGET_HARDWARE_OFFSET = 18;
    public static final int TARGET_PROTOCOL_OFFSET = 24;
    /** Length of the Ethernet/IPv4 form. */
    public static final int LENGTH = 28;

    /** ar$hrd for Ethernet (IANA ARP parameters, RFC 826). */
    public static final int HARDWARE_TYPE_ETHERNET = 1;
    /** ar$op values, RFC 826. */
    public static final int OPERATION_REQUEST = 1;
    public static final int OPERATION_REPLY = 2;

    public ArpFlyweight wrap(byte[] buffer, int offset, int length) {
        wrapRegion(buffer, offset, length);
        return this;
    }

    /** True for hardware Ethernet (6-byte addresses) and protocol IPv4 (4-byte addresses) within the region. */
    public boolean isEthernetIpv4() {
        return length >= LENGTH
                && hardwareType() == HARDWARE_TYPE_ETHERNET
                && protocolType() == EthernetFlyweight.ETHER_TYPE_IPV4
                && NetworkOrder.u8(buffer, offset + HARDWARE_LENGTH_OFFSET) == EthernetFlyweight.MAC_LENGTH
                && NetworkOrder.u8(buffer, offset + PROTOCOL_LENGTH_OFFSET) == Ipv4Flyweight.ADDRESS_LENGTH;
    }

    public int hardwareType() {
        return NetworkOrder.u16(buffer, offset + HARDWARE_TYPE_OFFSET);
    }

    public int protocolType() {
        return NetworkOrder.u16(buffer, offset + PROTOCOL_TYPE_OFFSET);
    }

    public int operation() {
        return NetworkOrder.u16(buffer, offset + OPERATION_OFFSET);
    }

    /** Sender hardware address as a 48-bit value. */
    public long senderMac() {
        return EthernetFlyweight.macAsLong(buffer, offset + SENDER_HARDWARE_OFFSET);
    }

    /** Absolute index of the sender hardware address. */
    public int senderMacOffset() {
        return offset + SENDER_HARDWARE_OFFSET;
    }

    /** Sender IPv4 address as a big-endian int. */
    public int senderIpv4() {
        return NetworkOrder.s32(buffer, offset + SENDER_PROTOCOL_OFFSET);
    }

    /** Target hardware address as a 48-bit value. */
    public long targetMac() {
        return EthernetFlyweight.macAsLong(buffer, offset + TARGET_HARDWARE_OFFSET);
    }

    /** Target IPv4 address as a big-endian int. */
    public int targetIpv4() {
        return NetworkOrder.s32(buffer, offset + TARGET_PROTOCOL_OFFSET);
    }

    /** Writes the fixed Ethernet/IPv4 preamble (hardware/protocol types and lengths) and the operation. */
    public ArpFlyweight ethernetIpv4(int operation) {
        NetworkOrder.put16(buffer, offset + HARDWARE_TYPE_OFFSET, HARDWARE_TYPE_ETHERNET);
        NetworkOrder.put16(buffer, offset + PROTOCOL_TYPE_OFFSET, EthernetFlyweight.ETHER_TYPE_IPV4);
        NetworkOrder.put8(buffer, offset + HARDWARE_LENGTH_OFFSET, EthernetFlyweight.MAC_LENGTH);
        NetworkOrder.put8(buffer, offset + PROTOCOL_LENGTH_OFFSET, Ipv4Flyweight.ADDRESS_LENGTH);
        NetworkOrder.put16(buffer, offset + OPERATION_OFFSET, operation);
        return this;
    }

    public ArpFlyweight sender(byte[] mac, int macOffset, int ipv4) {
        System.arraycopy(mac, macOffset, buffer, offset + SENDER_HARDWARE_OFFSET, EthernetFlyweight.MAC_LENGTH);
        NetworkOrder.put32(buffer, offset + SENDER_PROTOCOL_OFFSET, ipv4);
        return this;
    }

    public ArpFlyweight target(byte[] mac, int macOffset, int ipv4) {
        System.arraycopy(mac, macOffset, buffer, offset + TARGET_HARDWARE_OFFSET, EthernetFlyweight.MAC_LENGTH);
        NetworkOrder.put32(buffer, offset + TARGET_PROTOCOL_OFFSET, ipv4);
        return this;
    }
}
