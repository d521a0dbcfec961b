package io.fw443.engine;

import io.fw443.conntrack.FlowDirection;
import io.fw443.conntrack.IcmpKind;
import io.fw443.conntrack.IcmpTracker;
import io.fw443.conntrack.RelatedIcmpValidator;
import io.fw443.conntrack.TcpSegment;
import io.fw443.conntrack.TcpTracker;
import io.fw443.conntrack.TrackResult;
import io.fw443.conntrack.UdpTracker;
import io.fw443.packet.FrameParser;
import io.fw443.packet.IpProtocols;
import io.fw443.packet.PacketDescriptor;
import io.fw443.packet.ParseCounters;
import io.fw443.packet.ParseResult;
import io.fw443.policy.Action;
import io.fw443.policy.LimitResult;
import io.fw443.policy.Policy;
import io.fw443.policy.SourceLimiter;
import io.fw443.policy.ZoneMap;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;
import java.util.function.Supplier;

/**
 * The stateful pipeline for one worker thread (pf's pf_test, in shape): parse the frame once into a descriptor, find
 * the flow by its canonical key and track it in place, or else check that the packet may open a flow and ask the
 * policy and the limits. Every outcome is a {@link VerdictReason} with its counter; nothing here allocates, locks
 * (beyond the table's entry lock) or logs per packet.
 *
 * <p>Not thread-safe: one engine per thread. Engines share the table; each owns its parser, trackers and limiter.
 */
public final class Engine {
    /** Result codes of the tracking callback that are not a {@link TrackResult}. */
    private static final int DENIED = -1;
    private static final TrackResult[] TRACK_RESULTS = TrackResult.values();

    private final EngineSettings settings;
    private final FlowTable table;
    private final Supplier<Policy> policy;
    private final ZoneMap zones;
    private final Router router;
    private final SourceLimiter limiter;
    private final FlowEvents events;
    private final VerdictCounters counters = new VerdictCounters();
    private final long[] trackCounts = new long[TRACK_RESULTS.length];
    private final ParseCounters parseCounters = new ParseCounters();
    private final FrameParser parser = new FrameParser(parseCounters);
    private final PacketDescriptor d = new PacketDescriptor();
    private final FlowKey key = new FlowKey();
    private final TcpSegment segment = new TcpSegment();
    private final TcpTracker tcp;
    private final UdpTracker udp;
    private final IcmpTracker icmp;
    private final FlowRecord fresh = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
    private final FlowTable.RecordUpdater<Engine> track = (k, r, e) -> e.trackInPlace(r);
    private final FlowTable.RecordUpdater<Engine> related = (k, r, e) -> e.relatedInPlace(r);
    private final FlowTable.RecordUpdater<Engine> removeIfStale = (k, r, e) -> e.releaseSource(r);

    private boolean sourceIsHigh;
    private long nowNs;
    private int egressInterface;
    private int ruleIndex;
    private VerdictReason reason;

    public Engine(EngineSettings settings, FlowTable table, Supplier<Policy> policy, ZoneMap zones, Router router,
                  SourceLimiter limiter, FlowEvents events) {
        this.settings = settings;
        this.table = table;
        this.policy = policy;
        this.zones = zones;
        this.router = router;
        this.limiter = limiter;
        this.events = events;
        this.tcp = new TcpTracker(settings.timeouts());
        this.udp = new UdpTracker(settings.timeouts());
        this.icmp = new IcmpTracker(settings.timeouts());
    }

    /**
     * Decides one frame that arrived on data interface {@code ingressInterface} at {@code nowNs}. After the call,
     * {@link #reason()}, {@link #descriptor()} and, for FORWARD, {@link #egressInterface()} describe the decision.
     */
    public Verdict process(byte[] frame, int offset, int length, int ingressInterface, long nowNs) {
        this.nowNs = nowNs;
        this.egressInterface = Router.NONE;
        this.ruleIndex = Policy.DEFAULT;
        VerdictReason r = decide(frame, offset, length, ingressInterface);
        reason = r;
        counters.record(r, length);
        return r.verdict();
    }

    private VerdictReason decide(byte[] frame, int offset, int length, int ingressInterface) {
        ParseResult parsed = parser.parse(frame, offset, length, d);
        if (parsed == ParseResult.NOT_IP) {
            return VerdictReason.HOST;
        }
        if (parsed != ParseResult.OK) {
            return VerdictReason.DROP_MALFORMED;
        }
        int protocol = d.protocol();
        if (protocol == IpProtocols.VRRP) {
            return VerdictReason.HOST;
        }
        int egress = router.egressInterface(d.family(), frame, d.destinationAddressOffset());
        if (egress == Router.LOCAL) {
            return VerdictReason.HOST;
        }
        if (d.isFragment() && !settings.fragments().admits(d.fragmentOffset(), d.moreFragments())) {
            count(TrackResult.FRAGMENT);
            return VerdictReason.DROP_FRAGMENT;
        }
        if (egress == Router.NONE) {
            return VerdictReason.DROP_NO_ROUTE;
        }
        egressInterface = egress;
        boolean icmpFamily = protocol == IpProtocols.ICMP || protocol == IpProtocols.ICMPV6;
        if (icmpFamily) {
            IcmpKind kind = IcmpTracker.classify(d.icmpType(), d.family() == 6);
            if (kind == IcmpKind.ERROR) {
                return related(frame);
            }
            if (kind == IcmpKind.OTHER) {
                return VerdictReason.DROP_ICMP_TYPE;
            }
        }
        int port = icmpFamily ? d.icmpEchoId() : 0;
        sourceIsHigh = key.set(d.family(), protocol, settings.domain(),
                frame, d.sourceAddressOffset(), icmpFamily ? port : d.sourcePort(),
                frame, d.destinationAddressOffset(), icmpFamily ? port : d.destinationPort());
        if (protocol == IpProtocols.TCP) {
            segment.set(d.tcpFlags(), (int) d.tcpSequence(), (int) d.tcpAcknowledgment(), d.tcpWindow(),
                    d.payloadLength()).windowScale(d.tcpWindowScale()).sackPermitted(d.tcpSackPermitted());
        }
        int tracked = table.update(key, track, this);
        if (tracked == FlowTable.MISSING) {
            return open(frame, ingressInterface, egress);
        }
        if (tracked == DENIED) {
            return VerdictReason.DROP_DENIED_FLOW;
        }
        TrackResult result = TRACK_RESULTS[tracked];
        count(result);
        switch (result.disposition()) {
            case PASS:
                return VerdictReason.FORWARD_ESTABLISHED;
            case NEW_FLOW:
                // A SYN reusing a closed flow's ports, or a flow found past its time: the old record goes.
                table.update(key, removeIfStale, this);
                table.remove(key);
                return open(frame, ingressInterface, egress);
            default:
                return VerdictReason.DROP_TRACKING;
        }
    }

    /** Runs under the entry lock: conntrack on the stored record, then tells peers when it matters. */
    private int trackInPlace(FlowRecord r) {
        if (r.hasFlag(FlowRecord.FLAG_DENIED)) {
            return DENIED;
        }
        int dir = sourceIsHigh == r.hasFlag(FlowRecord.FLAG_ORIGINAL_FROM_HIGH)
                ? FlowDirection.ORIGINAL : FlowDirection.REPLY;
        int stateBefore = r.state();
        TrackResult result = switch (d.protocol()) {
            case IpProtocols.TCP -> tcp.track(r, dir, segment, nowNs);
            case IpProtocols.ICMP, IpProtocols.ICMPV6 -> icmp.track(r, dir, d.icmpType(), d.family() == 6, nowNs);
            default -> udp.track(r, dir, nowNs);
        };
        if (result.passes()) {
            r.count(dir, d.frameLength());
            if (r.state() != stateBefore
                    || ((r.packets(0) + r.packets(1)) & (settings.refreshEveryPackets() - 1)) == 0) {
                events.updated(key, r);
            }
        }
        return result.ordinal();
    }

    /** The new-flow path: a valid opener, then policy, then the limits, then the insert. */
    private VerdictReason open(byte[] frame, int ingressInterface, int egress) {
        int protocol = d.protocol();
        if (protocol == IpProtocols.TCP) {
            TrackResult opener = TcpTracker.checkOpener(segment);
            if (opener != TrackResult.ACCEPT) {
                count(opener);
                return VerdictReason.DROP_INVALID;
            }
        } else if ((protocol == IpProtocols.ICMP || protocol == IpProtocols.ICMPV6)
                && IcmpTracker.classify(d.icmpType(), d.family() == 6) != IcmpKind.ECHO_REQUEST) {
            return VerdictReason.DROP_INVALID;
        }
        Policy p = policy.get();
        int fromZone = zones.zoneOfInterface(ingressInterface);
        int toZone = zones.zoneOfInterface(egress);
        int port = protocol == IpProtocols.TCP || protocol == IpProtocols.UDP ? d.destinationPort() : 0;
        int rule = p.evaluate(fromZone, toZone, d.family(), frame, d.sourceAddressOffset(), frame,
                d.destinationAddressOffset(), protocol, port);
        ruleIndex = rule;
        Action action = p.action(rule);
        if (action == Action.DROP) {
            return VerdictReason.DROP_POLICY;
        }
        if (action == Action.REJECT) {
            return VerdictReason.REJECT_POLICY;
        }
        if (table.size() >= settings.maxFlows()) {
            return VerdictReason.DROP_TABLE_FULL;
        }
        LimitResult limit = limiter.tryAcquireNewFlow(d.family(), frame, d.sourceAddressOffset(), nowNs);
        if (limit != LimitResult.OK) {
            return switch (limit) {
                case RATE_EXCEEDED -> VerdictReason.DROP_RATE_LIMITED;
                case CONCURRENT_EXCEEDED -> VerdictReason.DROP_SOURCE_LIMIT;
                default -> VerdictReason.DROP_LIMITER_FULL;
            };
        }
        FlowRecord r = fresh.clear();
        if (sourceIsHigh) {
            r.setFlag(FlowRecord.FLAG_ORIGINAL_FROM_HIGH);
        }
        r.originNode(settings.nodeNumber())
                .zone(FlowDirection.ORIGINAL, fromZone)
                .zone(FlowDirection.REPLY, toZone)
                .ruleIndex(rule < 0 ? 0xFFFF : rule);
        TrackResult opened = switch (protocol) {
            case IpProtocols.TCP -> tcp.open(r, segment, nowNs);
            case IpProtocols.ICMP, IpProtocols.ICMPV6 -> icmp.open(r, d.icmpType(), d.family() == 6, nowNs);
            default -> {
                udp.open(r, nowNs);
                yield TrackResult.ACCEPT;
            }
        };
        if (!opened.passes()) {
            limiter.releaseFlow(d.family(), frame, d.sourceAddressOffset());
            count(opened);
            return VerdictReason.DROP_INVALID;
        }
        r.count(FlowDirection.ORIGINAL, d.frameLength());
        FlowTable.Insert inserted = table.insert(key, r);
        if (inserted != FlowTable.Insert.INSERTED) {
            limiter.releaseFlow(d.family(), frame, d.sourceAddressOffset());
            // PRESENT: another worker opened the same flow a moment ago; its record decides the next packet.
            return inserted == FlowTable.Insert.FULL ? VerdictReason.DROP_TABLE_FULL : VerdictReason.DROP_INVALID;
        }
        events.created(key, r);
        return VerdictReason.FORWARD_NEW;
    }

    /** An ICMP error: passes only when it quotes a tracked flow and fits its window. */
    private VerdictReason related(byte[] frame) {
        int innerProtocol = d.innerProtocol();
        boolean innerIcmp = innerProtocol == IpProtocols.ICMP || innerProtocol == IpProtocols.ICMPV6;
        int innerSrcPort = innerIcmp ? d.innerIcmpEchoId() : d.innerSourcePort();
        int innerDstPort = innerIcmp ? d.innerIcmpEchoId() : d.innerDestinationPort();
        // The quoted packet travelled from inner source to inner destination: that fixes its direction.
        sourceIsHigh = key.set(d.family(), innerProtocol, settings.domain(),
                frame, d.innerSourceAddressOffset(), innerSrcPort,
                frame, d.innerDestinationAddressOffset(), innerDstPort);
        int result = table.update(key, related, this);
        if (result == FlowTable.MISSING) {
            count(TrackResult.RELATED_NO_FLOW);
            return VerdictReason.DROP_RELATED_UNKNOWN;
        }
        TrackResult tr = TRACK_RESULTS[result];
        count(tr);
        return tr == TrackResult.RELATED ? VerdictReason.FORWARD_RELATED : VerdictReason.DROP_RELATED_UNKNOWN;
    }

    private int relatedInPlace(FlowRecord r) {
        int quotedDir = sourceIsHigh == r.hasFlag(FlowRecord.FLAG_ORIGINAL_FROM_HIGH)
                ? FlowDirection.ORIGINAL : FlowDirection.REPLY;
        TrackResult result = switch (d.innerProtocol()) {
            case IpProtocols.TCP -> RelatedIcmpValidator.tcp(r, quotedDir, (int) d.innerTcpSequence(), nowNs);
            case IpProtocols.ICMP, IpProtocols.ICMPV6 -> RelatedIcmpValidator.echo(r, nowNs);
            default -> RelatedIcmpValidator.udp(r, nowNs);
        };
        return result.ordinal();
    }

    /** Before a stale record is removed on lookup: give its source's flow slot back and tell peers. */
    private int releaseSource(FlowRecord r) {
        byte[] k = key.bytes();
        boolean originalHigh = r.hasFlag(FlowRecord.FLAG_ORIGINAL_FROM_HIGH);
        if (!r.hasFlag(FlowRecord.FLAG_IMPORTED)) {
            limiter.releaseFlow(key.family(), k,
                    originalHigh ? FlowKey.HIGH_ADDRESS_OFFSET : FlowKey.LOW_ADDRESS_OFFSET);
        }
        events.removed(key, r);
        return 0;
    }

    private void count(TrackResult result) {
        trackCounts[result.ordinal()]++;
    }

    public VerdictReason reason() {
        return reason;
    }

    /** The parsed frame of the last {@link #process} call, for the data plane's rewrite and reply builders. */
    public PacketDescriptor descriptor() {
        return d;
    }

    /** The egress interface of the last FORWARD verdict. */
    public int egressInterface() {
        return egressInterface;
    }

    /** The rule that decided the last new flow, or {@link Policy#DEFAULT}. */
    public int ruleIndex() {
        return ruleIndex;
    }

    public VerdictCounters counters() {
        return counters;
    }

    public ParseCounters parseCounters() {
        return parseCounters;
    }

    /** How often conntrack returned {@code result} on this engine. */
    public long trackCount(TrackResult result) {
        return trackCounts[result.ordinal()];
    }
}
