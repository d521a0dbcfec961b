package io.fw443.packet;

/**
 * Writes a whole Ethernet + IPv6 + ICMPv6 Neighbor Solicitation or Advertisement (RFC 4861 §4.3, §4.4) with at
 * most one link-layer address option (§4.6.1), hop limit 255 (§7.1) and the ICMPv6 checksum. Shared by
 * {@link NeighborSolicitBuilder} and {@link NeighborAdvertBuilder}.
 */
final class NeighborDiscoveryWriter {
    /** Ethernet + IPv6 + 24-byte NS/NA body. */
    static final int BASE_FRAME_LENGTH = EthernetFlyweight.HEADER_LENGTH + Ipv6Flyweight.HEADER_LENGTH
            + Icmpv6Flyweight.ND_OPTIONS_OFFSET;
    /** A link-layer address option for Ethernet: type, length 1 (8 bytes), 6-byte MAC. */
    static final int LINK_LAYER_OPTION_LENGTH = 8;
    static final int NO_OPTION = 0;
    /** RFC 2464 §7: an IPv6 multicast maps to 33:33 followed by the address's last 32 bits. */
    private static final int MULTICAST_MAC_PREFIX = 0x3333;
    private static final int MULTICAST_MAC_ADDRESS_BYTES = 4;

    private final IpHeaderWriter ipWriter = new IpHeaderWriter();
    private final Icmpv6Flyweight icmpv6 = new Icmpv6Flyweight();
    private final byte[] destinationMacScratch = new byte[EthernetFlyweight.MAC_LENGTH];

    static int frameLength(int optionType) {
        return BASE_FRAME_LENGTH + (optionType == NO_OPTION ? 0 : LINK_LAYER_OPTION_LENGTH);
    }

    /**
     * @param destinationMac MAC to send to, or {@code null} to derive it from the multicast destination address
     * @param optionType     {@link Icmpv6Flyweight#ND_OPTION_SOURCE_LINK_LAYER},
     *                       {@link Icmpv6Flyweight#ND_OPTION_TARGET_LINK_LAYER} or {@link #NO_OPTION}; the option
     *                       carries {@code sourceMac}
     * @return the frame length, or {@link BuildStatus#BUFFER_TOO_SMALL}
     */
    int write(byte[] out, int outOffset, byte[] destinationMac, int destinationMacOffset,
              byte[] sourceMac, int sourceMacOffset, byte[] sourceIp, int sourceIpOffset,
              byte[] destinationIp, int destinationIpOffset, int type, int flags,
              byte[] target, int targetOffset, int optionType) {
        final int frameLength = frameLength(optionType);
        if (outOffset < 0 || out.length - outOffset < frameLength) {
            return BuildStatus.BUFFER_TOO_SMALL;
        }
        final int ipOffset = outOffset + EthernetFlyweight.HEADER_LENGTH;
        final int icmpLength = frameLength - EthernetFlyweight.HEADER_LENGTH - Ipv6Flyweight.HEADER_LENGTH;
        ipWriter.write(out, ipOffset, 6, IpProtocols.ICMPV6, icmpLength, Icmpv6Flyweight.ND_HOP_LIMIT,
                sourceIp, sourceIpOffset, destinationIp, destinationIpOffset);
        if (destinationMac == null) {
            NetworkOrder.put16(destinationMacScratch, 0, MULTICAST_MAC_PREFIX);
            System.arraycopy(destinationIp, destinationIpOffset + Ipv6Flyweight.ADDRESS_LENGTH
                    - MULTICAST_MAC_ADDRESS_BYTES, destinationMacScratch, 2, MULTICAST_MAC_ADDRESS_BYTES);
            EthernetHeaderWriter.write(out, outOffset, destinationMacScratch, 0, sourceMac, sourceMacOffset,
                    EthernetFlyweight.ETHER_TYPE_IPV6);
        } else {
            EthernetHeaderWriter.write(out, outOffset, destinationMac, destinationMacOffset, sourceMac,
                    sourceMacOffset, EthernetFlyweight.ETHER_TYPE_IPV6);
        }
        final int icmpOffset = ipOffset + Ipv6Flyweight.HEADER_LENGTH;
        icmpv6.wrap(out, icmpOffset, icmpLength).type(type).code(0).checksum(0).body((long) flags << 24);
        System.arraycopy(target, targetOffset, out, icmpv6.targetAddressOffset(), Ipv6Flyweight.ADDRESS_LENGTH);
        if (optionType != NO_OPTION) {
            final int option = icmpOffset + Icmpv6Flyweight.ND_OPTIONS_OFFSET;
            NetworkOrder.put8(out, option, optionType);
            NetworkOrder.put8(out, option + 1, LINK_LAYER_OPTION_LENGTH / Icmpv6Flyweight.ND_OPTION_UNIT);
            System.arraycopy(sourceMac, sourceMacOffset, out, option + 2, EthernetFlyweight.MAC_LENGTH);
        }
        final long pseudo = IpHeaderWriter.pseudoHeaderSum(out, ipOffset, 6, IpProtocols.ICMPV6, icmpLength);
        icmpv6.checksum(Checksums.transportChecksum(pseudo, out, icmpOffset, icmpLength));
        return frameLength;
    }
}
