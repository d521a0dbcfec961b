package io.fw443.packet;

/**
 * Builds whole Ethernet frames carrying an ICMPv6 Neighbor Solicitation (RFC 4861 §4.3): multicast to the
 * target's solicited-node group for address resolution (§7.2.2), or unicast for reachability confirmation
 * (§7.3). Addresses are 16 bytes at the given offsets. Results: the frame length, or
 * {@link BuildStatus#BUFFER_TOO_SMALL}. One instance per thread.
 */
public final class NeighborSolicitBuilder {
    /** ff02::1:ff00:0/104, the solicited-node multicast prefix (RFC 4291 §2.7.1). */
    private static final byte[] SOLICITED_NODE_PREFIX = {
        (byte) 0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xFF};
    private static final int SOLICITED_NODE_SUFFIX_BYTES = 3;

    private final NeighborDiscoveryWriter writer = new NeighborDiscoveryWriter();
    private final byte[] destinationScratch = new byte[Ipv6Flyweight.ADDRESS_LENGTH];

    /**
     * Address resolution: to the solicited-node group of {@code target}, with a Source Link-Layer Address option
     * unless {@code source} is the unspecified address (duplicate address detection, RFC 4861 §4.3).
     */
    public int multicast(byte[] out, int outOffset, byte[] sourceMac, int sourceMacOffset,
                         byte[] source, int sourceOffset, byte[] target, int targetOffset) {
        System.arraycopy(SOLICITED_NODE_PREFIX, 0, destinationScratch, 0, SOLICITED_NODE_PREFIX.length);
        System.arraycopy(target, targetOffset + Ipv6Flyweight.ADDRESS_LENGTH - SOLICITED_NODE_SUFFIX_BYTES,
                destinationScratch, SOLICITED_NODE_PREFIX.length, SOLICITED_NODE_SUFFIX_BYTES);
        final int option = IpHeaderWriter.isIpv6Unspecified(source, sourceOffset)
                ? NeighborDiscoveryWriter.NO_OPTION : Icmpv6Flyweight.ND_OPTION_SOURCE_LINK_LAYER;
        return writer.write(out, outOffset, null, 0, sourceMac, sourceMacOffset, source, sourceOffset,
                destinationScratch, 0, Icmpv6Flyweight.TYPE_NEIGHBOR_SOLICITATION, 0, target, targetOffset, option);
    }

    /** Reachability confirmation: unicast to {@code target} at {@code destinationMac}. */
    public int unicast(byte[] out, int outOffset, byte[] sourceMac, int sourceMacOffset,
                       byte[] destinationMac, int destinationMacOffset,
                       byte[] source, int sourceOffset, byte[] target, int targetOffset) {
        return writer.write(out, outOffset, destinationMac, destinationMacOffset, sourceMac, sourceMacOffset,
                source, sourceOffset, target, targetOffset, Icmpv6Flyweight.TYPE_NEIGHBOR_SOLICITATION, 0,
                target, targetOffset, Icmpv6Flyweight.ND_OPTION_SOURCE_LINK_LAYER);
    }
}
