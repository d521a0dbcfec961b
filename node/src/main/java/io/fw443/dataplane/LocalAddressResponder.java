package io.fw443.dataplane;

import io.fw443.packet.ArpBuilder;
import io.fw443.packet.ArpFlyweight;
import io.fw443.packet.Checksums;
import io.fw443.packet.EthernetFlyweight;
import io.fw443.packet.IcmpFlyweight;
import io.fw443.packet.Icmpv6Flyweight;
import io.fw443.packet.IpProtocols;
import io.fw443.packet.Ipv4Flyweight;
import io.fw443.packet.Ipv6Flyweight;
import io.fw443.packet.NeighborAdvertBuilder;
import io.fw443.packet.NetworkOrder;
import io.fw443.packet.PacketDescriptor;

/**
 * The host path of one data interface, for frames the engine marks HOST. The kernel sees none of the data
 * interfaces' traffic (the ingress guard drops it), so the node itself answers ARP requests (RFC 826) and neighbor
 * solicitations (RFC 4861 §7.2.4) for its own addresses on this interface, answers echo requests to its own addresses
 * where the owning interface allows it (RFC 792, RFC 4443 §4.1), and feeds this interface's neighbour cache from the
 * ARP and ND traffic it sees: replies and requests aimed at the node or at a VRRP address of the interface (Master or
 * not) create entries, any other ARP only refreshes an existing one (so a scan of other hosts' ARP does not fill the cache). Everything else is counted and dropped.
 *
 * <p>One instance per worker; it is the only writer of its interface's neighbour cache. No allocation per frame.
 */
public final class LocalAddressResponder {
    /** RFC 4861 §7.1.1: ND messages must arrive with hop limit 255, proof they were not forwarded. */
    private static final int ND_HOP_LIMIT = 255;
    /** RFC 4861 §4.3-4.4: the target address follows 4 bytes of flags/reserved; options follow the target. */
    private static final int ND_MIN_LENGTH = Icmpv6Flyweight.ND_OPTIONS_OFFSET;
    private static final int ECHO_REPLY_TTL = 64;

    private final DataInterface ingress;
    private final DataInterface[] interfaces;
    private final DataplaneCounters counters;
    private final Runnable onLearned;
    private final ArpFlyweight arp = new ArpFlyweight();
    private final ArpBuilder arpBuilder = new ArpBuilder();
    private final NeighborAdvertBuilder advert = new NeighborAdvertBuilder();
    private final byte[] out = new byte[PcapPort.MAX_FRAME];

    /**
     * @param interfaces all data interfaces by index (slot 0 unused, nulls allowed), to recognise own addresses
     * @param onLearned run when an entry is created or changes its MAC, so waiting frames can go
     */
    public LocalAddressResponder(DataInterface ingress, DataInterface[] interfaces, DataplaneCounters counters,
                                 Runnable onLearned) {
        this.ingress = ingress;
        this.interfaces = interfaces.clone();
        this.counters = counters;
        this.onLearned = onLearned;
    }

    /** Handles a HOST frame that arrived on this interface; {@code d} is the engine's parse of it. */
    public void handle(PacketDescriptor d, long nowNs) {
        if (d.frameOffset() != 0) {
            counters.record(DataplaneReason.HOST_IGNORED);
        } else if (d.etherType() == EthernetFlyweight.ETHER_TYPE_ARP) {
            arp(d, nowNs);
        } else if (d.family() == 6 && d.protocol() == IpProtocols.ICMPV6
                && (d.icmpType() == Icmpv6Flyweight.TYPE_NEIGHBOR_SOLICITATION
                || d.icmpType() == Icmpv6Flyweight.TYPE_NEIGHBOR_ADVERTISEMENT)) {
            neighborDiscovery(d, nowNs);
        } else if (isEchoRequest(d) && echoAllowed(d)) {
            echoReply(d);
        } else {
            counters.record(DataplaneReason.HOST_IGNORED);
        }
    }

    private void arp(PacketDescriptor d, long nowNs) {
        byte[] buf = d.buffer();
        int end = d.frameOffset() + d.frameLength();
        if (end - d.l3Offset() < ArpFlyweight.LENGTH) {
            counters.record(DataplaneReason.HOST_IGNORED);
            return;
        }
        arp.wrap(buf, d.l3Offset(), end - d.l3Offset());
        if (!arp.isEthernetIpv4()) {
            counters.record(DataplaneReason.HOST_IGNORED);
            return;
        }
        int sender = arp.senderIpv4();
        int target = arp.targetIpv4();
        long senderMac = arp.senderMac();
        int operation = arp.operation();
        boolean forUs = ingress.ownsV4(target);
        if (sender != 0 && ingress.onLinkV4(sender) && isUnicastMac(senderMac) && !ingress.ownsV4(sender)) {
            long low = sender & 0xFFFF_FFFFL;
            boolean changed = forUs || operation == ArpFlyweight.OPERATION_REPLY || ingress.isVirtualV4(target)
                    ? ingress.neighbours().learn(4, 0, low, senderMac, nowNs)
                    : ingress.neighbours().update(4, 0, low, senderMac, nowNs);
            if (changed) {
                learned();
            }
        }
        if (operation == ArpFlyweight.OPERATION_REQUEST && forUs && sender != target) {
            int n = arpBuilder.reply(out, 0, ingress.mac(), 0, target, buf, arp.senderMacOffset(), sender);
            send(n, DataplaneReason.ARP_REPLIED);
        } else if (!forUs) {
            counters.record(DataplaneReason.HOST_IGNORED);
        }
    }

    private void neighborDiscovery(PacketDescriptor d, long nowNs) {
        byte[] buf = d.buffer();
        int l4 = d.l4Offset();
        if (d.ttl() != ND_HOP_LIMIT || d.icmpCode() != 0 || d.l4Length() < ND_MIN_LENGTH) {
            counters.record(DataplaneReason.HOST_IGNORED);
            return;
        }
        int targetOffset = l4 + Icmpv6Flyweight.ND_TARGET_OFFSET;
        long targetHigh = RoutingTable.readLong(buf, targetOffset);
        long targetLow = RoutingTable.readLong(buf, targetOffset + 8);
        boolean solicitation = d.icmpType() == Icmpv6Flyweight.TYPE_NEIGHBOR_SOLICITATION;
        int optionType = solicitation
                ? Icmpv6Flyweight.ND_OPTION_SOURCE_LINK_LAYER : Icmpv6Flyweight.ND_OPTION_TARGET_LINK_LAYER;
        int option = linkLayerOption(buf, l4 + ND_MIN_LENGTH, l4 + d.l4Length(), optionType);
        if (!solicitation) {
            if (option >= 0 && ingress.onLinkV6(targetHigh, targetLow) && !ingress.ownsV6(targetHigh, targetLow)) {
                long mac = EthernetFlyweight.macAsLong(buf, option);
                if (isUnicastMac(mac) && ingress.neighbours().learn(6, targetHigh, targetLow, mac, nowNs)) {
                    learned();
                }
            }
            counters.record(DataplaneReason.HOST_IGNORED);
            return;
        }
        if (!ingress.ownsV6(targetHigh, targetLow)) {
            counters.record(DataplaneReason.HOST_IGNORED);
            return;
        }
        int src = d.sourceAddressOffset();
        long srcHigh = RoutingTable.readLong(buf, src);
        long srcLow = RoutingTable.readLong(buf, src + 8);
        boolean unspecified = srcHigh == 0 && srcLow == 0;
        if (!unspecified && option >= 0 && ingress.onLinkV6(srcHigh, srcLow)) {
            long mac = EthernetFlyweight.macAsLong(buf, option);
            if (isUnicastMac(mac) && ingress.neighbours().learn(6, srcHigh, srcLow, mac, nowNs)) {
                learned();
            }
        }
        int solicitorMac = option >= 0 ? option : d.frameOffset() + EthernetFlyweight.SOURCE_OFFSET;
        int n = advert.solicited(out, 0, ingress.mac(), 0, buf, targetOffset, true, buf, src, buf, solicitorMac);
        send(n, DataplaneReason.NEIGHBOR_ADVERTISED);
    }

    /** The absolute offset of the MAC in the first link-layer option of {@code type} (RFC 4861 §4.6.1), or -1. */
    private static int linkLayerOption(byte[] buf, int from, int end, int type) {
        int at = from;
        while (end - at >= 2) {
            int length = NetworkOrder.u8(buf, at + 1) * Icmpv6Flyweight.ND_OPTION_UNIT;
            if (length == 0 || length > end - at) {
                return -1;
            }
            if (NetworkOrder.u8(buf, at) == type && length >= 2 + EthernetFlyweight.MAC_LENGTH) {
                return at + 2;
            }
            at += length;
        }
        return -1;
    }

    private static boolean isEchoRequest(PacketDescriptor d) {
        if (d.isFragment()) {
            return false;
        }
        return d.family() == 4 ? d.protocol() == IpProtocols.ICMP && d.icmpType() == IcmpFlyweight.TYPE_ECHO_REQUEST
                : d.family() == 6 && d.protocol() == IpProtocols.ICMPV6
                && d.icmpType() == Icmpv6Flyweight.TYPE_ECHO_REQUEST;
    }

    /** The destination is an own address of an interface that answers echo. */
    private boolean echoAllowed(PacketDescriptor d) {
        byte[] buf = d.buffer();
        int dst = d.destinationAddressOffset();
        for (DataInterface i : interfaces) {
            if (i == null || !i.answersEcho()) {
                continue;
            }
            if (d.family() == 4 ? i.ownsV4(RoutingTable.readInt(buf, dst))
                    : i.ownsV6(RoutingTable.readLong(buf, dst), RoutingTable.readLong(buf, dst + 8))) {
                return true;
            }
        }
        return false;
    }

    /** The request, turned around: addresses swapped, type changed, checksums fixed (RFC 1624 for ICMP). */
    private void echoReply(PacketDescriptor d) {
        byte[] buf = d.buffer();
        int length = d.frameLength();
        System.arraycopy(buf, 0, out, 0, length);
        System.arraycopy(buf, EthernetFlyweight.SOURCE_OFFSET, out, EthernetFlyweight.DESTINATION_OFFSET, 6);
        System.arraycopy(ingress.mac(), 0, out, EthernetFlyweight.SOURCE_OFFSET, 6);
        int addressLength = d.family() == 4 ? 4 : 16;
        System.arraycopy(buf, d.sourceAddressOffset(), out, d.destinationAddressOffset(), addressLength);
        System.arraycopy(buf, d.destinationAddressOffset(), out, d.sourceAddressOffset(), addressLength);
        int l3 = d.l3Offset();
        int l4 = d.l4Offset();
        int oldWord = NetworkOrder.u16(out, l4);
        if (d.family() == 4) {
            NetworkOrder.put8(out, l3 + Ipv4Flyweight.TTL_OFFSET, ECHO_REPLY_TTL);
            NetworkOrder.put16(out, l3 + Ipv4Flyweight.CHECKSUM_OFFSET, 0);
            NetworkOrder.put16(out, l3 + Ipv4Flyweight.CHECKSUM_OFFSET, Checksums.checksum(out, l3, l4 - l3));
            NetworkOrder.put8(out, l4, IcmpFlyweight.TYPE_ECHO_REPLY);
        } else {
            NetworkOrder.put8(out, l3 + Ipv6Flyweight.HOP_LIMIT_OFFSET, ECHO_REPLY_TTL);
            NetworkOrder.put8(out, l4, Icmpv6Flyweight.TYPE_ECHO_REPLY);
        }
        // Swapping source and destination leaves the ICMPv6 pseudo-header sum unchanged; only the type word moved.
        int checksumAt = l4 + IcmpFlyweight.CHECKSUM_OFFSET;
        NetworkOrder.put16(out, checksumAt,
                Checksums.update16(NetworkOrder.u16(out, checksumAt), oldWord, NetworkOrder.u16(out, l4)));
        send(length, DataplaneReason.ECHO_REPLIED);
    }

    private void learned() {
        counters.record(DataplaneReason.NEIGHBOUR_LEARNED);
        onLearned.run();
    }

    private void send(int length, DataplaneReason reason) {
        if (length <= 0) {
            counters.record(DataplaneReason.REPLY_SUPPRESSED);
        } else if (ingress.sink().send(out, length)) {
            counters.record(reason);
        } else {
            counters.record(DataplaneReason.DROP_SEND_FAILED);
        }
    }

    private static boolean isUnicastMac(long mac) {
        return mac != 0 && ((mac >>> 40) & 1) == 0;
    }
}
