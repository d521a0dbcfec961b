package io.fw443.packet;

/**
 * Writes the L2 header in front of a reply built by {@link TcpRstBuilder} or {@link IcmpUnreachableBuilder}
 * (which write from the IP header on, since the L2 header depends on where the reply goes: back to the sender
 * on the ingress link, or routed to a next hop).
 */
public final class EthernetHeaderWriter {
    private EthernetHeaderWriter() {
    }

    /**
     * Copies the received frame's L2 header (VLAN tags included) to {@code out[outOffset ..]} with source and
     * destination MAC swapped, for a reply on the ingress link to the frame's sender.
     *
     * @return the L2 header length, {@link BuildStatus#NO_REPLY} when {@code received} has no parsed L2 header,
     *         or {@link BuildStatus#BUFFER_TOO_SMALL}
     */
    public static int reply(PacketDescriptor received, byte[] out, int outOffset) {
        if (received.l3Offset() < 0) {
            return BuildStatus.NO_REPLY;
        }
        final int l2Length = received.l2Length();
        if (outOffset < 0 || out.length - outOffset < l2Length) {
            return BuildStatus.BUFFER_TOO_SMALL;
        }
        final byte[] frame = received.buffer();
        final int frameOffset = received.frameOffset();
        System.arraycopy(frame, frameOffset + EthernetFlyweight.SOURCE_OFFSET,
                out, outOffset + EthernetFlyweight.DESTINATION_OFFSET, EthernetFlyweight.MAC_LENGTH);
        System.arraycopy(frame, frameOffset + EthernetFlyweight.DESTINATION_OFFSET,
                out, outOffset + EthernetFlyweight.SOURCE_OFFSET, EthernetFlyweight.MAC_LENGTH);
        System.arraycopy(frame, frameOffset + EthernetFlyweight.ETHER_TYPE_OFFSET,
                out, outOffset + EthernetFlyweight.ETHER_TYPE_OFFSET, l2Length - EthernetFlyweight.ETHER_TYPE_OFFSET);
        return l2Length;
    }

    /**
     * Writes an untagged Ethernet II header.
     *
     * @return {@link EthernetFlyweight#HEADER_LENGTH}, or {@link BuildStatus#BUFFER_TOO_SMALL}
     */
    public static int write(byte[] out, int outOffset, byte[] destinationMac, int destinationMacOffset,
                            byte[] sourceMac, int sourceMacOffset, int etherType) {
        if (outOffset < 0 || out.length - outOffset < EthernetFlyweight.HEADER_LENGTH) {
            return BuildStatus.BUFFER_TOO_SMALL;
        }
        System.arraycopy(destinationMac, destinationMacOffset,
                out, outOffset + EthernetFlyweight.DESTINATION_OFFSET, EthernetFlyweight.MAC_LENGTH);
        System.arraycopy(sourceMac, sourceMacOffset,
                out, outOffset + EthernetFlyweight.SOURCE_OFFSET, EthernetFlyweight.MAC_LENGTH);
        NetworkOrder.put16(out, outOffset + EthernetFlyweight.ETHER_TYPE_OFFSET, etherType);
        return EthernetFlyweight.HEADER_LENGTH;
    }
}
