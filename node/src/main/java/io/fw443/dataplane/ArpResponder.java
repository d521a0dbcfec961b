package io.fw443.dataplane;

import io.fw443.packet.ArpBuilder;
import io.fw443.packet.ArpFlyweight;
import io.fw443.packet.Checksums;
import io.fw443.packet.EthernetFlyweight;
import io.fw443.packet.FrameParser;
import io.fw443.packet.Icmpv6Flyweight;
import io.fw443.packet.IpProtocols;
import io.fw443.packet.NeighborAdvertBuilder;
import io.fw443.packet.PacketDescriptor;
import io.fw443.packet.ParseCounters;
import io.fw443.packet.ParseResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Answers ARP requests (RFC 826) and IPv6 Neighbor Solicitations (RFC 4861 §7.2.4) for the addresses in a
 * {@link VipTable}, on behalf of a kernel that stays out of the data interface. It runs on the interface's receive
 * thread, parses each frame once into a reused descriptor, builds the reply into its own buffer and sends it at once:
 * no allocation, no lock, no log per frame. Every frame ends in one {@link Verdict}, each with a counter.
 *
 * <p>Solicitations are checked as RFC 4861 §7.1.1 asks (hop limit 255, code 0, length, checksum, valid options);
 * the answer carries Router, Override and (unless the solicitation came from the unspecified address) Solicited.
 * ARP announcements of others (sender IP = target IP) are not answered: they are not questions.
 *
 * <p>One instance per receive thread.
 */
public final class ArpResponder {

    /** What happened to one frame. */
    public enum Verdict {
        /** An ARP request for one of our addresses: a reply went out. */
        ANSWERED_ARP,
        /** A neighbour solicitation for one of our addresses: an advertisement went out. */
        ANSWERED_NS,
        /** A well-formed request or solicitation for an address we do not answer for. */
        NOT_OURS,
        /** Not ARP request or ND solicitation at all (replies, announcements, other traffic). */
        NOT_A_QUERY,
        /** ARP that is not Ethernet/IPv4, or a solicitation that fails RFC 4861 §7.1.1. */
        MALFORMED,
        /** The reply was built but the sink refused it. */
        SEND_FAILED
    }

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final VipTable table;
    private final FrameSink sink;
    private final FrameParser parser = new FrameParser(new ParseCounters());
    private final PacketDescriptor descriptor = new PacketDescriptor();
    private final ArpFlyweight arp = new ArpFlyweight();
    private final Icmpv6Flyweight icmpv6 = new Icmpv6Flyweight();
    private final ArpBuilder arpBuilder = new ArpBuilder();
    private final NeighborAdvertBuilder advertBuilder = new NeighborAdvertBuilder();
    private final byte[] out = new byte[PcapPort.MAX_FRAME];
    private final long[] counts = new long[Verdict.values().length];

    public ArpResponder(VipTable table, FrameSink sink) {
        this.table = table;
        this.sink = sink;
    }

    /** Looks at one received frame and answers it if it asks for one of our addresses. */
    public Verdict onFrame(byte[] frame, int offset, int length) {
        Verdict v = handle(frame, offset, length);
        // Single writer; opaque so a metrics reader sees whole values without a fence per frame.
        COUNTS.setOpaque(counts, v.ordinal(), (long) COUNTS.getOpaque(counts, v.ordinal()) + 1);
        return v;
    }

    /** Frames that ended in {@code verdict} so far; any thread may read it. */
    public long count(Verdict verdict) {
        return (long) COUNTS.getOpaque(counts, verdict.ordinal());
    }

    private Verdict handle(byte[] frame, int offset, int length) {
        ParseResult result = parser.parse(frame, offset, length, descriptor);
        if (result == ParseResult.NOT_IP && descriptor.etherType() == EthernetFlyweight.ETHER_TYPE_ARP) {
            return arp(frame, descriptor.l3Offset(), offset + length - descriptor.l3Offset());
        }
        if (result == ParseResult.OK && descriptor.family() == 6 && descriptor.protocol() == IpProtocols.ICMPV6
                && descriptor.icmpType() == Icmpv6Flyweight.TYPE_NEIGHBOR_SOLICITATION) {
            return neighborSolicitation(frame);
        }
        return result == ParseResult.TRUNCATED_ARP ? Verdict.MALFORMED : Verdict.NOT_A_QUERY;
    }

    private Verdict arp(byte[] frame, int arpOffset, int available) {
        arp.wrap(frame, arpOffset, available);
        if (!arp.isEthernetIpv4()) {
            return Verdict.MALFORMED;
        }
        if (arp.operation() != ArpFlyweight.OPERATION_REQUEST || arp.senderIpv4() == arp.targetIpv4()) {
            return Verdict.NOT_A_QUERY;
        }
        VipTable.Entry entry = table.findIpv4(arp.targetIpv4());
        if (entry == null) {
            return Verdict.NOT_OURS;
        }
        // RFC 826 "Packet Reception": swap, fill in our hardware address, opcode reply, send to the requester.
        int n = arpBuilder.reply(out, 0, entry.mac, 0, entry.ipv4, frame, arp.senderMacOffset(), arp.senderIpv4());
        return n > 0 && sink.send(out, n) ? Verdict.ANSWERED_ARP : Verdict.SEND_FAILED;
    }

    private Verdict neighborSolicitation(byte[] frame) {
        int icmpOffset = descriptor.l4Offset();
        int icmpLength = descriptor.l4Length();
        // RFC 4861 §7.1.1: hop limit 255, code 0, at least 24 octets, checksum valid, no zero-length option.
        if (descriptor.ttl() != Icmpv6Flyweight.ND_HOP_LIMIT || descriptor.icmpCode() != 0
                || icmpLength < Icmpv6Flyweight.ND_OPTIONS_OFFSET || !Checksums.isTransportChecksumValid(descriptor)) {
            return Verdict.MALFORMED;
        }
        icmpv6.wrap(frame, icmpOffset, icmpLength);
        int sourceLinkLayer = icmpv6.findNdOption(Icmpv6Flyweight.ND_OPTION_SOURCE_LINK_LAYER);
        if (!optionsWellFormed(frame, icmpOffset, icmpLength)) {
            return Verdict.MALFORMED;
        }
        int targetOffset = icmpv6.targetAddressOffset();
        if ((frame[targetOffset] & 0xff) == 0xff) {
            return Verdict.MALFORMED; // the target must not be multicast (§7.1.1)
        }
        VipTable.Entry entry = table.findIpv6(frame, targetOffset);
        if (entry == null) {
            return Verdict.NOT_OURS;
        }
        // Reply to the link-layer address the solicitor gave, else to the frame's source (§7.2.4).
        int solicitorMacOffset = sourceLinkLayer >= 0 && frameHas(sourceLinkLayer + 2 + EthernetFlyweight.MAC_LENGTH)
                ? sourceLinkLayer + 2
                : descriptor.frameOffset() + EthernetFlyweight.SOURCE_OFFSET;
        int n = advertBuilder.solicited(out, 0, entry.mac, 0, frame, targetOffset, true,
                frame, descriptor.sourceAddressOffset(), frame, solicitorMacOffset);
        return n > 0 && sink.send(out, n) ? Verdict.ANSWERED_NS : Verdict.SEND_FAILED;
    }

    private boolean frameHas(int endIndex) {
        return endIndex <= descriptor.frameOffset() + descriptor.frameLength();
    }

    /** RFC 4861 §7.1.1: every option has a non-zero length and stays within the message. */
    private static boolean optionsWellFormed(byte[] frame, int icmpOffset, int icmpLength) {
        int end = icmpOffset + icmpLength;
        int index = icmpOffset + Icmpv6Flyweight.ND_OPTIONS_OFFSET;
        while (index < end) {
            if (end - index < 2) {
                return false;
            }
            int optionLength = (frame[index + 1] & 0xff) * Icmpv6Flyweight.ND_OPTION_UNIT;
            if (optionLength == 0 || optionLength > end - index) {
                return false;
            }
            index += optionLength;
        }
        return true;
    }
}
