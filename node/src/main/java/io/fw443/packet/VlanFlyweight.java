package io.fw443.packet;

/**
 * The 4 bytes that follow a VLAN TPID (0x8100 or 0x88A8) in a tagged frame: the tag control information and the
 * EtherType of what follows (IEEE 802.1Q §9.6). Wrapped at the TCI, i.e. just after the TPID.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | PCP |D|        VLAN ID        |       Inner EtherType         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class VlanFlyweight extends HeaderFlyweight {
    public static final int TCI_OFFSET = 0;
    public static final int ETHER_TYPE_OFFSET = 2;
    /** Bytes after the TPID; the whole tag on the wire is TPID + these 4 = 4 bytes more than untagged. */
    public static final int TAG_LENGTH = 4;
    private static final int VLAN_ID_MASK = 0x0FFF;

    public VlanFlyweight wrap(byte[] buffer, int offset, int length) {
        wrapRegion(buffer, offset, length);
        return this;
    }

    /** Priority code point, 0..7 (IEEE 802.1Q §6.9.3). */
    public int priority() {
        return NetworkOrder.u8(buffer, offset + TCI_OFFSET) >>> 5;
    }

    /** VLAN identifier, 0..4095 (0 = priority tag only). */
    public int vlanId() {
        return NetworkOrder.u16(buffer, offset + TCI_OFFSET) & VLAN_ID_MASK;
    }

    public int etherType() {
        return NetworkOrder.u16(buffer, offset + ETHER_TYPE_OFFSET);
    }
}
