package io.fw443.packet;

/**
 * Builds whole Ethernet frames carrying an ICMPv6 Neighbor Advertisement (RFC 4861 §4.4) with a Target
 * Link-Layer Address option: the answer to a solicitation (§7.2.4) and the unsolicited announcement a new VRRP
 * master sends for its VIPs (§7.2.6, RFC 5798 §6.4.2). Addresses are 16 bytes at the given offsets. Results:
 * the frame length, or {@link BuildStatus#BUFFER_TOO_SMALL}. One instance per thread.
 */
public final class NeighborAdvertBuilder {
    /** ff02::1, all-nodes (RFC 4291 §2.7.1). */
    private static final byte[] ALL_NODES = {(byte) 0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final NeighborDiscoveryWriter writer = new NeighborDiscoveryWriter();

    /**
     * Answer to a solicitation for {@code target} (one of our addresses, also the source) from
     * {@code solicitorIp} at {@code solicitorMac}: Solicited and Override set. A solicitation from the
     * unspecified address (DAD) is answered to all-nodes with Solicited clear (RFC 4861 §7.2.4).
     */
    public int solicited(byte[] out, int outOffset, byte[] ourMac, int ourMacOffset, byte[] target, int targetOffset,
                         boolean router, byte[] solicitorIp, int solicitorIpOffset,
                         byte[] solicitorMac, int solicitorMacOffset) {
        final int routerFlag = router ? Icmpv6Flyweight.NA_FLAG_ROUTER : 0;
        if (IpHeaderWriter.isIpv6Unspecified(solicitorIp, solicitorIpOffset)) {
            return writer.write(out, outOffset, null, 0, ourMac, ourMacOffset, target, targetOffset,
                    ALL_NODES, 0, Icmpv6Flyweight.TYPE_NEIGHBOR_ADVERTISEMENT,
                    routerFlag | Icmpv6Flyweight.NA_FLAG_OVERRIDE, target, targetOffset,
                    Icmpv6Flyweight.ND_OPTION_TARGET_LINK_LAYER);
        }
        return writer.write(out, outOffset, solicitorMac, solicitorMacOffset, ourMac, ourMacOffset,
                target, targetOffset, solicitorIp, solicitorIpOffset, Icmpv6Flyweight.TYPE_NEIGHBOR_ADVERTISEMENT,
                routerFlag | Icmpv6Flyweight.NA_FLAG_SOLICITED | Icmpv6Flyweight.NA_FLAG_OVERRIDE,
                target, targetOffset, Icmpv6Flyweight.ND_OPTION_TARGET_LINK_LAYER);
    }

    /**
     * Unsolicited advertisement of {@code target} at {@code ourMac} to all-nodes, Override set so neighbours
     * replace a cached entry (RFC 4861 §7.2.6), from {@code source} (an address of the sending interface).
     */
    public int unsolicited(byte[] out, int outOffset, byte[] ourMac, int ourMacOffset, byte[] source, int sourceOffset,
                           byte[] target, int targetOffset, boolean router) {
        final int routerFlag = router ? Icmpv6Flyweight.NA_FLAG_ROUTER : 0;
        return writer.write(out, outOffset, null, 0, ourMac, ourMacOffset, source, sourceOffset,
                ALL_NODES, 0, Icmpv6Flyweight.TYPE_NEIGHBOR_ADVERTISEMENT,
                routerFlag | Icmpv6Flyweight.NA_FLAG_OVERRIDE, target, targetOffset,
                Icmpv6Flyweight.ND_OPTION_TARGET_LINK_LAYER);
    }
}
