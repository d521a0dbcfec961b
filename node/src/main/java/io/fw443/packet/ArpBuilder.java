package io.fw443.packet;

import java.util.Arrays;

/**
 * Builds whole Ethernet frames carrying ARP (RFC 826) for IPv4 over Ethernet: requests, replies and gratuitous
 * announcements for a VIP taken over (RFC 5227 §3 "ARP Announcement", RFC 5798 §6.4.2). Frames are padded to
 * the 60-byte Ethernet minimum so injection does not depend on the NIC padding. IPv4 addresses are big-endian
 * ints. Results: the frame length, or {@link BuildStatus#BUFFER_TOO_SMALL}. One instance per thread.
 */
public final class ArpBuilder {
    /** 14 + 28 bytes of ARP, padded to {@link EthernetFlyweight#MIN_FRAME_LENGTH}. */
    public static final int FRAME_LENGTH = EthernetFlyweight.MIN_FRAME_LENGTH;
    private static final byte[] BROADCAST_MAC = {-1, -1, -1, -1, -1, -1};
    private static final byte[] ZERO_MAC = new byte[EthernetFlyweight.MAC_LENGTH];

    private final ArpFlyweight arp = new ArpFlyweight();

    /** Who-has {@code targetIpv4}, tell {@code senderIpv4}: broadcast, target hardware address zero. */
    public int request(byte[] out, int outOffset, byte[] senderMac, int senderMacOffset, int senderIpv4,
                       int targetIpv4) {
        return write(out, outOffset, ArpFlyweight.OPERATION_REQUEST, BROADCAST_MAC, 0,
                senderMac, senderMacOffset, senderIpv4, ZERO_MAC, 0, targetIpv4);
    }

    /** {@code senderIpv4} is-at {@code senderMac}, unicast to the requester. */
    public int reply(byte[] out, int outOffset, byte[] senderMac, int senderMacOffset, int senderIpv4,
                     byte[] targetMac, int targetMacOffset, int targetIpv4) {
        return write(out, outOffset, ArpFlyweight.OPERATION_REPLY, targetMac, targetMacOffset,
                senderMac, senderMacOffset, senderIpv4, targetMac, targetMacOffset, targetIpv4);
    }

    /** ARP Announcement (RFC 5227 §3): a broadcast request with sender and target IP both {@code ipv4}, so
     * neighbours update an existing cache entry to {@code mac}. */
    public int gratuitous(byte[] out, int outOffset, byte[] mac, int macOffset, int ipv4) {
        return request(out, outOffset, mac, macOffset, ipv4, ipv4);
    }

    private int write(byte[] out, int outOffset, int operation, byte[] destinationMac, int destinationMacOffset,
                      byte[] senderMac, int senderMacOffset, int senderIpv4,
                      byte[] targetMac, int targetMacOffset, int targetIpv4) {
        if (outOffset < 0 || out.length - outOffset < FRAME_LENGTH) {
            return BuildStatus.BUFFER_TOO_SMALL;
        }
        EthernetHeaderWriter.write(out, outOffset, destinationMac, destinationMacOffset, senderMac, senderMacOffset,
                EthernetFlyweight.ETHER_TYPE_ARP);
        final int arpOffset = outOffset + EthernetFlyweight.HEADER_LENGTH;
        arp.wrap(out, arpOffset, ArpFlyweight.LENGTH)
                .ethernetIpv4(operation)
                .sender(senderMac, senderMacOffset, senderIpv4)
                .target(targetMac, targetMacOffset, targetIpv4);
        Arrays.fill(out, arpOffset + ArpFlyweight.LENGTH, outOffset + FRAME_LENGTH, (byte) 0);
        return FRAME_LENGTH;
    }
}
