package io.fw443.dataplane;

import io.fw443.engine.TcpResets;
import io.fw443.packet.ArpBuilder;
import io.fw443.packet.BuildStatus;
import io.fw443.packet.EthernetFlyweight;
import io.fw443.packet.EthernetHeaderWriter;
import io.fw443.packet.ForwardingRewriter;
import io.fw443.packet.FrameParser;
import io.fw443.packet.IcmpFlyweight;
import io.fw443.packet.IcmpUnreachableBuilder;
import io.fw443.packet.Icmpv6Flyweight;
import io.fw443.packet.IpProtocols;
import io.fw443.packet.NeighborSolicitBuilder;
import io.fw443.packet.PacketDescriptor;
import io.fw443.packet.ParseCounters;
import io.fw443.packet.ParseResult;
import io.fw443.packet.TcpRstBuilder;
import java.util.Arrays;

/**
 * Acts on the engine's FORWARD and REJECT verdicts for one worker thread (RFC 1812 §5.2-5.3 in order): TTL / hop
 * limit 1 or 0 gets ICMP time exceeded; a packet over the egress MTU gets frag-needed (DF set) or packet-too-big
 * (IPv6), the node never fragments; otherwise TTL minus one with the checksum fixed incrementally, the next hop's MAC
 * from the egress interface's {@link NeighbourCache}, and out. A next hop with no cached MAC gets an ARP request or
 * neighbor solicitation and the frame waits in a bounded queue; {@link #drainPending} sends it once the answer is
 * learned, re-asks every {@code retryNs}, and drops it after {@code timeoutNs}. REJECT answers TCP with a reset and
 * everything else with ICMP administratively prohibited. Errors go back out of the ingress interface, from its own
 * address (RFC 1812 §4.3.2.4).
 *
 * <p>Frames are sent from offset 0 (the pcap port's buffer); the rewrite is in place. No allocation per frame.
 */
public final class Forwarder {
    private final RoutingTable routes;
    private final DataInterface[] interfaces;
    private final DataplaneCounters counters;
    private final long timeoutNs;
    private final long retryNs;
    private final long icmpIntervalNs;
    private final long icmpBurstToleranceNs;
    /** Theoretical arrival time of the next ICMP error (GCRA): errors earlier than it by more than the burst wait. */
    private long icmpNextNs;
    private boolean icmpStarted;

    private final ForwardingRewriter rewriter = new ForwardingRewriter();
    private final IcmpUnreachableBuilder icmp = new IcmpUnreachableBuilder();
    private final TcpRstBuilder rst = new TcpRstBuilder();
    private final TcpResets resets = new TcpResets();
    /** The server's reset is built here, then parsed and forwarded like any frame toward the server. */
    private final byte[] serverReset = new byte[PcapPort.MAX_FRAME];
    private final PacketDescriptor serverResetDescriptor = new PacketDescriptor();
    private final FrameParser serverResetParser = new FrameParser(new ParseCounters());
    private final ArpBuilder arp = new ArpBuilder();
    private final NeighborSolicitBuilder solicit = new NeighborSolicitBuilder();
    private final byte[] out = new byte[PcapPort.MAX_FRAME];
    private final byte[] nextHopMac = new byte[EthernetFlyweight.MAC_LENGTH];
    private final byte[] target16 = new byte[16];

    // The frames waiting for a next hop's MAC, one slot each.
    private final byte[][] pendingFrame;
    private final int[] pendingLength;
    private final int[] pendingEgress;
    private final int[] pendingFamily;
    private final long[] pendingHigh;
    private final long[] pendingLow;
    private final long[] pendingSinceNs;
    private final long[] pendingAskedNs;
    /** Volatile: the housekeeping thread reads it to wake a worker whose frames wait; changes only on hold/free. */
    private volatile int pendingCount;

    /**
     * @param interfaces indexed by interface index (slot 0 unused, null where an index is not a data interface)
     * @param pendingCapacity frames that may wait for resolution at once
     * @param timeoutNs how long a frame waits before it is dropped (Linux: 3 probes of 1 s)
     * @param retryNs how often an unanswered request is repeated
     * @param icmpErrorsPerSecond ICMP errors this worker may send per second (RFC 1812 §4.3.2.8; Linux's
     *     icmp_msgs_per_sec is 1000)
     * @param icmpBurst errors it may send at once after a quiet spell (Linux: icmp_msgs_burst 50)
     */
    public Forwarder(RoutingTable routes, DataInterface[] interfaces, DataplaneCounters counters,
                     int pendingCapacity, long timeoutNs, long retryNs, int icmpErrorsPerSecond, int icmpBurst) {
        if (icmpErrorsPerSecond < 1 || icmpBurst < 1) {
            throw new IllegalArgumentException("ICMP error rate and burst must be positive");
        }
        this.icmpIntervalNs = 1_000_000_000L / icmpErrorsPerSecond;
        this.icmpBurstToleranceNs = (icmpBurst - 1) * icmpIntervalNs;
        this.routes = routes;
        this.interfaces = interfaces.clone();
        this.counters = counters;
        this.timeoutNs = timeoutNs;
        this.retryNs = retryNs;
        pendingFrame = new byte[pendingCapacity][PcapPort.MAX_FRAME];
        pendingLength = new int[pendingCapacity];
        pendingEgress = new int[pendingCapacity];
        pendingFamily = new int[pendingCapacity];
        pendingHigh = new long[pendingCapacity];
        pendingLow = new long[pendingCapacity];
        pendingSinceNs = new long[pendingCapacity];
        pendingAskedNs = new long[pendingCapacity];
    }

    /** Forwards a frame the engine passed toward {@code egressIndex}; {@code d} describes it. */
    public void forward(PacketDescriptor d, int egressIndex, DataInterface ingress, long nowNs) {
        final byte[] buf = d.buffer();
        final int family = d.family();
        final int route = routes.lookup(family, buf, d.destinationAddressOffset());
        if (route < 0 || routes.interfaceOf(route) != egressIndex || egressIndex <= 0
                || egressIndex >= interfaces.length || interfaces[egressIndex] == null || d.frameOffset() != 0) {
            counters.record(DataplaneReason.DROP_NO_ROUTE);
            return;
        }
        final DataInterface egress = interfaces[egressIndex];
        if (d.ttl() <= 1) {
            counters.record(DataplaneReason.DROP_TTL_EXCEEDED);
            byte[] source = ingress.addressBytes(family);
            if (icmpAllowed(nowNs)) {
                sendBack(d, ingress, source == null ? BuildStatus.NO_REPLY
                        : icmp.timeExceeded(d, source, 0, out, d.l2Length()));
            }
            return;
        }
        if (d.l3Length() > egress.mtu()) {
            if (family == 4 && !d.dontFragment()) {
                counters.record(DataplaneReason.DROP_TOO_BIG_NO_DF);
                return;
            }
            counters.record(DataplaneReason.DROP_TOO_BIG);
            byte[] source = ingress.addressBytes(family);
            if (icmpAllowed(nowNs)) {
                sendBack(d, ingress, source == null ? BuildStatus.NO_REPLY
                        : icmp.packetTooBig(d, egress.mtu(), source, 0, out, d.l2Length()));
            }
            return;
        }
        rewriter.decrementTtl(d);
        final long high;
        final long low;
        final int dst = d.destinationAddressOffset();
        if (routes.hasGateway(route)) {
            high = routes.gatewayHigh(route);
            low = routes.gatewayLow(route);
        } else if (family == 4) {
            high = 0;
            low = RoutingTable.readInt(buf, dst) & 0xFFFF_FFFFL;
        } else {
            high = RoutingTable.readLong(buf, dst);
            low = RoutingTable.readLong(buf, dst + 8);
        }
        final NeighbourCache neighbours = egress.neighbours();
        final int slot = neighbours.find(family, high, low);
        if (slot != NeighbourCache.MISSING) {
            macBytes(neighbours.mac(slot), nextHopMac);
            rewriter.rewriteMacs(d, egress.mac(), 0, nextHopMac, 0);
            send(egress, buf, d.frameLength(), DataplaneReason.FORWARDED);
            if (neighbours.refreshDue(slot, nowNs)) {
                solicit(egress, family, high, low);
            }
            return;
        }
        hold(buf, d.frameLength(), egress, family, high, low, nowNs);
    }

    /**
     * Answers a frame that policy rejects: TCP reset, else ICMP administratively prohibited (rate limited like every
     * ICMP error; resets are not, as a closed port's are not).
     */
    public void reject(PacketDescriptor d, DataInterface ingress, long nowNs) {
        final int l2 = d.l2Length();
        if (d.protocol() == IpProtocols.TCP) {
            int n = rst.reply(d, out, l2);
            if (n > 0) {
                counters.record(DataplaneReason.REJECTED_RST);
            }
            sendBack(d, ingress, n);
            return;
        }
        if (!icmpAllowed(nowNs)) {
            return;
        }
        final int family = d.family();
        byte[] source = ingress.addressBytes(family);
        int code = family == 4 ? IcmpFlyweight.CODE_ADMIN_PROHIBITED : Icmpv6Flyweight.CODE_ADMIN_PROHIBITED;
        int n = source == null ? BuildStatus.NO_REPLY
                : icmp.destinationUnreachable(d, code, source, 0, out, l2);
        if (n > 0) {
            counters.record(DataplaneReason.REJECTED_ICMP);
        }
        sendBack(d, ingress, n);
    }

    /**
     * A policy deny in the middle of a TCP flow (the ClientHello of a denied name, a non-TLS first flight): the
     * segment is dropped, the client gets an RST its receive window accepts, and the server an RST as if from the
     * client at the dropped segment's sequence, routed out of {@code egressIndex}, so neither end keeps a half-open
     * connection.
     */
    public void resetBothEnds(PacketDescriptor d, int egressIndex, DataInterface ingress, long nowNs) {
        int n = rst.resetSender(d, out, d.l2Length());
        if (n > 0) {
            counters.record(DataplaneReason.REJECTED_RST);
        }
        sendBack(d, ingress, n);
        int m = resets.toServer(d, serverReset, 0);
        if (m > 0 && serverResetParser.parse(serverReset, 0, m, serverResetDescriptor) == ParseResult.OK) {
            counters.record(DataplaneReason.REJECTED_RST);
            forward(serverResetDescriptor, egressIndex, ingress, nowNs);
        } else {
            counters.record(DataplaneReason.REPLY_SUPPRESSED);
        }
    }

    /** GCRA token bucket over {@code nowNs}; counts {@link DataplaneReason#ICMP_RATE_LIMITED} when it says no. */
    private boolean icmpAllowed(long nowNs) {
        if (!icmpStarted || icmpNextNs - nowNs < 0) {
            icmpNextNs = nowNs;
            icmpStarted = true;
        }
        if (icmpNextNs - nowNs > icmpBurstToleranceNs) {
            counters.record(DataplaneReason.ICMP_RATE_LIMITED);
            return false;
        }
        icmpNextNs += icmpIntervalNs;
        return true;
    }

    /** True while frames wait for a next hop; the worker then calls {@link #drainPending} after each batch. */
    public boolean hasPending() {
        return pendingCount > 0;
    }

    public int pendingCount() {
        return pendingCount;
    }

    /** Sends waiting frames whose next hop is now known, re-asks, and drops those that waited too long. */
    public void drainPending(long nowNs) {
        for (int i = 0; i < pendingFrame.length && pendingCount > 0; i++) {
            if (pendingEgress[i] == 0) {
                continue;
            }
            DataInterface egress = interfaces[pendingEgress[i]];
            NeighbourCache neighbours = egress.neighbours();
            int slot = neighbours.find(pendingFamily[i], pendingHigh[i], pendingLow[i]);
            if (slot != NeighbourCache.MISSING) {
                byte[] frame = pendingFrame[i];
                macBytes(neighbours.mac(slot), nextHopMac);
                System.arraycopy(nextHopMac, 0, frame, EthernetFlyweight.DESTINATION_OFFSET, 6);
                System.arraycopy(egress.mac(), 0, frame, EthernetFlyweight.SOURCE_OFFSET, 6);
                send(egress, frame, pendingLength[i], DataplaneReason.FORWARDED_AFTER_RESOLUTION);
                free(i);
            } else if (nowNs - pendingSinceNs[i] >= timeoutNs) {
                counters.record(DataplaneReason.DROP_NEIGHBOUR_UNRESOLVED);
                free(i);
            } else if (nowNs - pendingAskedNs[i] >= retryNs) {
                solicit(egress, pendingFamily[i], pendingHigh[i], pendingLow[i]);
                markAsked(pendingEgress[i], pendingFamily[i], pendingHigh[i], pendingLow[i], nowNs);
            }
        }
    }

    private void hold(byte[] frame, int length, DataInterface egress, int family, long high, long low, long nowNs) {
        if (pendingCount == pendingFrame.length) {
            counters.record(DataplaneReason.DROP_NEIGHBOUR_QUEUE_FULL);
            return;
        }
        if (family == 4 ? !egress.hasV4Address() : egress.v6Address() == null) {
            counters.record(DataplaneReason.DROP_NO_SOURCE_ADDRESS);
            return;
        }
        boolean asked = false;
        int free = -1;
        for (int i = 0; i < pendingFrame.length; i++) {
            if (pendingEgress[i] == 0) {
                if (free < 0) {
                    free = i;
                }
            } else if (pendingEgress[i] == egress.index() && pendingFamily[i] == family
                    && pendingHigh[i] == high && pendingLow[i] == low) {
                asked = true;
            }
        }
        System.arraycopy(frame, 0, pendingFrame[free], 0, length);
        pendingLength[free] = length;
        pendingEgress[free] = egress.index();
        pendingFamily[free] = family;
        pendingHigh[free] = high;
        pendingLow[free] = low;
        pendingSinceNs[free] = nowNs;
        pendingAskedNs[free] = nowNs;
        pendingCount++;
        counters.record(DataplaneReason.QUEUED_FOR_NEIGHBOUR);
        if (!asked) {
            solicit(egress, family, high, low);
        }
    }

    private void markAsked(int egress, int family, long high, long low, long nowNs) {
        for (int i = 0; i < pendingFrame.length; i++) {
            if (pendingEgress[i] == egress && pendingFamily[i] == family
                    && pendingHigh[i] == high && pendingLow[i] == low) {
                pendingAskedNs[i] = nowNs;
            }
        }
    }

    private void free(int i) {
        pendingEgress[i] = 0;
        pendingCount--;
    }

    /** ARP request (RFC 826) or multicast neighbor solicitation (RFC 4861 §7.2.2) for a next hop. */
    private void solicit(DataInterface egress, int family, long high, long low) {
        int n;
        if (family == 4) {
            if (!egress.hasV4Address()) {
                return;
            }
            n = arp.request(out, 0, egress.mac(), 0, egress.v4Address(), (int) low);
        } else {
            if (egress.v6Address() == null) {
                return;
            }
            writeLong(target16, 0, high);
            writeLong(target16, 8, low);
            n = solicit.multicast(out, 0, egress.mac(), 0, egress.v6Address(), 0, target16, 0);
        }
        if (n > 0) {
            send(egress, out, n, DataplaneReason.NEIGHBOUR_SOLICITED);
        }
    }

    /** Prepends the reply's L2 header (back to the sender, from the ingress MAC) and sends it out of ingress. */
    private void sendBack(PacketDescriptor d, DataInterface ingress, int ipLength) {
        if (ipLength <= 0) {
            counters.record(DataplaneReason.REPLY_SUPPRESSED);
            return;
        }
        int l2 = EthernetHeaderWriter.reply(d, out, 0);
        if (l2 <= 0) {
            counters.record(DataplaneReason.REPLY_SUPPRESSED);
            return;
        }
        System.arraycopy(ingress.mac(), 0, out, EthernetFlyweight.SOURCE_OFFSET, 6);
        int length = l2 + ipLength;
        if (length < EthernetFlyweight.MIN_FRAME_LENGTH) {
            Arrays.fill(out, length, EthernetFlyweight.MIN_FRAME_LENGTH, (byte) 0);
            length = EthernetFlyweight.MIN_FRAME_LENGTH;
        }
        if (!ingress.sink().send(out, length)) {
            counters.record(DataplaneReason.DROP_SEND_FAILED);
        }
    }

    private void send(DataInterface egress, byte[] frame, int length, DataplaneReason reason) {
        if (egress.sink().send(frame, length)) {
            counters.record(reason);
        } else {
            counters.record(DataplaneReason.DROP_SEND_FAILED);
        }
    }

    static void macBytes(long mac, byte[] into) {
        for (int i = 0; i < 6; i++) {
            into[i] = (byte) (mac >>> (40 - 8 * i));
        }
    }

    private static void writeLong(byte[] b, int o, long v) {
        for (int i = 0; i < 8; i++) {
            b[o + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
