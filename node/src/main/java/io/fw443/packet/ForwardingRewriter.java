package io.fw443.packet;

/**
 * The in-place edits a router makes to a packet it forwards: new L2 addresses for the next hop, and TTL / Hop
 * Limit minus one with the IPv4 header checksum updated incrementally (RFC 1624 eqn. 3) instead of recomputed.
 * Works on a frame that {@link FrameParser} accepted ({@link ParseResult#OK}); one instance per thread.
 */
public final class ForwardingRewriter {
    private final EthernetFlyweight ethernet = new EthernetFlyweight();
    private final Ipv4Flyweight ipv4 = new Ipv4Flyweight();
    private final Ipv6Flyweight ipv6 = new Ipv6Flyweight();

    /** Writes the next hop's MAC as destination and the egress interface's MAC as source. */
    public void rewriteMacs(PacketDescriptor packet, byte[] sourceMac, int sourceMacOffset,
                            byte[] destinationMac, int destinationMacOffset) {
        ethernet.wrap(packet.buffer(), packet.frameOffset(), packet.frameLength())
                .destinationMac(destinationMac, destinationMacOffset)
                .sourceMac(sourceMac, sourceMacOffset);
    }

    /**
     * Decrements the IPv4 TTL (fixing the header checksum) or the IPv6 Hop Limit, and the descriptor's copy.
     *
     * @return false, leaving the frame untouched, when the TTL / Hop Limit is 1 or 0: the packet must not be
     *         forwarded and a Time Exceeded is due (RFC 1812 §5.3.1, RFC 8200 §3, RFC 4443 §3.3); also false for a
     *         frame that is not IP
     */
    public boolean decrementTtl(PacketDescriptor packet) {
        if (packet.family() != 4 && packet.family() != 6) {
            return false;
        }
        final byte[] buf = packet.buffer();
        if (packet.family() == 4) {
            ipv4.wrap(buf, packet.l3Offset(), packet.l3Length());
            final int ttl = ipv4.ttl();
            if (ttl <= 1) {
                return false;
            }
            // TTL is the high byte of the 16-bit word it shares with Protocol (RFC 791 §3.1).
            final int wordIndex = packet.l3Offset() + Ipv4Flyweight.TTL_OFFSET;
            final int oldWord = NetworkOrder.u16(buf, wordIndex);
            ipv4.ttl(ttl - 1);
            ipv4.headerChecksum(Checksums.update16(ipv4.headerChecksum(), oldWord, NetworkOrder.u16(buf, wordIndex)));
            packet.ttl = ttl - 1;
            return true;
        }
        ipv6.wrap(buf, packet.l3Offset(), packet.l3Length());
        final int hopLimit = ipv6.hopLimit();
        if (hopLimit <= 1) {
            return false;
        }
        ipv6.hopLimit(hopLimit - 1);
        packet.ttl = hopLimit - 1;
        return true;
    }
}
