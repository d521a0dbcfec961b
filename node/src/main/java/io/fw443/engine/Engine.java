package io.fw443.engine;

import io.fw443.conntrack.FlowDirection;
import io.fw443.conntrack.IcmpKind;
import io.fw443.conntrack.IcmpTracker;
import io.fw443.conntrack.RelatedIcmpValidator;
import io.fw443.conntrack.TcpSegment;
import io.fw443.conntrack.TcpState;
import io.fw443.conntrack.TcpTracker;
import io.fw443.conntrack.TrackResult;
import io.fw443.conntrack.UdpTracker;
import io.fw443.packet.FrameParser;
import io.fw443.packet.IpProtocols;
import io.fw443.packet.PacketDescriptor;
import io.fw443.packet.ParseCounters;
import io.fw443.packet.ParseResult;
import io.fw443.policy.Action;
import io.fw443.policy.L7Conditions;
import io.fw443.policy.LimitResult;
import io.fw443.policy.Policy;
import io.fw443.policy.SourceLimiter;
import io.fw443.policy.ZoneMap;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;
import io.fw443.tls.AlpnCode;
import io.fw443.tls.ClientHelloInfo;
import io.fw443.tls.ClientHelloParser;
import io.fw443.tls.ClientHelloReassembler;
import io.fw443.tls.Ja4;
import io.fw443.tls.LabelDictionary;
import io.fw443.tls.TlsConditions;
import io.fw443.tls.TlsDecision;
import io.fw443.tls.TlsInspection;
import io.fw443.tls.TlsParseStatus;
import io.fw443.tls.quic.QuicInitialFlow;
import io.fw443.tls.quic.QuicInspector;
import io.fw443.tls.quic.QuicStatus;
import java.util.function.Supplier;

/**
 * The stateful pipeline for one worker thread (pf's pf_test, in shape): parse the frame once into a descriptor, find
 * the flow by its canonical key and track it in place, or else check that the packet may open a flow and ask the
 * policy and the limits. Every outcome is a {@link VerdictReason} with its counter; nothing here allocates, locks
 * (beyond the table's entry lock) or logs per packet.
 *
 * <p>First-flight inspection (docs/design/tls-policy.md): on a flow whose rule carries {@link TlsConditions}, the
 * client's payload is fed to a per-flow reassembler (TCP) or QUIC Initial decryptor (UDP) until the ClientHello is
 * complete; forwarding is never held back meanwhile. The decision is written into the record (facts and
 * {@code FLAG_TLS_CHECKED}, or {@code FLAG_DENIED}) and published to peers; a denied flow's later packets are
 * {@link VerdictReason#DROP_DENIED_FLOW} without re-parsing.
 *
 * <p>Not thread-safe: one engine per thread. Engines share the table; each owns its parser, trackers and limiter.
 */
public final class Engine {
    /** Result codes of the tracking callback that are not a {@link TrackResult}. */
    private static final int DENIED = -1;
    private static final TrackResult[] TRACK_RESULTS = TrackResult.values();
    /** {@code FlowRecord.ruleIndex} of a flow decided by the default action. */
    private static final int NO_RULE = 0xFFFF;

    private final EngineSettings settings;
    private final FlowTable table;
    private final Supplier<Policy> policy;
    private final ZoneMap zones;
    private final Router router;
    private final SourceLimiter limiter;
    private final FlowEvents events;
    private final VerdictCounters counters = new VerdictCounters();
    private final DropLog dropLog = new DropLog(10);
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

    private final TlsInspection inspection;
    private final LabelDictionary labels;
    private final ClientHelloParser helloParser = new ClientHelloParser();
    private final ClientHelloInfo hello = new ClientHelloInfo();
    private final QuicInspector quic = new QuicInspector();
    private final Ja4 ja4 = new Ja4();
    private final byte[] ja4Bytes = new byte[Ja4.LENGTH];
    private final byte[] sniBytes = new byte[ClientHelloInfo.MAX_SNI_BYTES];
    private final long[] tlsDecisions = new long[TlsDecision.values().length];
    private long quicUndecryptable;
    private long inspectionFull;

    private boolean sourceIsHigh;
    /** Set by inspection when the packet's verdict is no longer conntrack's. */
    private VerdictReason l7Reason;
    private boolean helloCompleted;
    private long nowNs;
    private int egressInterface;
    private int ruleIndex;
    private VerdictReason reason;

    public Engine(EngineSettings settings, FlowTable table, Supplier<Policy> policy, ZoneMap zones, Router router,
                  SourceLimiter limiter, FlowEvents events) {
        this(settings, TlsSettings.defaults(), null, table, policy, zones, router, limiter, events);
    }

    /**
     * With explicit inspection sizes and a label dictionary shared by the node's engines ({@code null}: the engine
     * makes its own of {@link TlsSettings#labelSlots()} slots).
     */
    public Engine(EngineSettings settings, TlsSettings tls, LabelDictionary labels, FlowTable table,
                  Supplier<Policy> policy, ZoneMap zones, Router router, SourceLimiter limiter, FlowEvents events) {
        this.inspection = new TlsInspection(tls.slots(), tls.tcpFlows(), tls.quicFlows(), tls.helloTimeoutNs());
        this.labels = labels != null ? labels : new LabelDictionary(tls.labelSlots());
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
        this.l7Reason = null;
        this.helloCompleted = false;
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
                return l7Reason != null ? l7Reason : VerdictReason.FORWARD_ESTABLISHED;
            case NEW_FLOW:
                // A SYN reusing a closed flow's ports, or a flow found past its time: the old record goes.
                table.update(key, removeIfStale, this);
                table.remove(key);
                return open(frame, ingressInterface, egress);
            default:
                return VerdictReason.DROP_TRACKING;
        }
    }

    /** A TCP state change that an active-active peer must know before the packet's answer reaches it. */
    private static boolean handshakeStep(int before, int after) {
        if (before == after) {
            return false;
        }
        return after == TcpState.SYN_RECV.code() || after == TcpState.ESTABLISHED.code()
                && (before == TcpState.SYN_SENT.code() || before == TcpState.SYN_RECV.code()
                || before == TcpState.SYN_SENT2.code());
    }

    /** Runs under the entry lock: conntrack on the stored record, then tells peers when it matters. */
    private int trackInPlace(FlowRecord r) {
        if (r.hasFlag(FlowRecord.FLAG_DENIED)) {
            return DENIED;
        }
        int dir = sourceIsHigh == r.hasFlag(FlowRecord.FLAG_ORIGINAL_FROM_HIGH)
                ? FlowDirection.ORIGINAL : FlowDirection.REPLY;
        int stateBefore = r.state();
        int originalEndBefore = r.end(FlowDirection.ORIGINAL);
        TrackResult result = switch (d.protocol()) {
            case IpProtocols.TCP -> tcp.track(r, dir, segment, nowNs);
            case IpProtocols.ICMP, IpProtocols.ICMPV6 -> icmp.track(r, dir, d.icmpType(), d.family() == 6, nowNs);
            default -> udp.track(r, dir, nowNs);
        };
        if (result.passes()) {
            r.count(dir, d.frameLength());
            boolean publish = r.state() != stateBefore
                    || ((r.packets(0) + r.packets(1)) & (settings.refreshEveryPackets() - 1)) == 0;
            if (dir == FlowDirection.ORIGINAL && d.payloadLength() > 0 && !r.hasFlag(FlowRecord.FLAG_TLS_CHECKED)) {
                TlsConditions c = conditions(r.ruleIndex());
                if (c != null) {
                    publish |= d.protocol() == IpProtocols.TCP
                            ? inspectTcp(r, c, originalEndBefore) : d.protocol() == IpProtocols.UDP
                            && inspectQuic(r, c);
                }
            }
            if (publish) {
                if (d.protocol() == IpProtocols.TCP && handshakeStep(stateBefore, r.state())) {
                    events.handshakeAdvanced(key, r);
                } else {
                    events.updated(key, r);
                }
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
        if (action != Action.ACCEPT) {
            VerdictReason refused = action == Action.REJECT ? VerdictReason.REJECT_POLICY : VerdictReason.DROP_POLICY;
            if (p.log(rule)) {
                dropLog.drop(rule >= 0 ? p.rule(rule).name() : "default", refused, d, nowNs);
            }
            return refused;
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
        TlsConditions c = protocol == IpProtocols.TCP || protocol == IpProtocols.UDP ? conditions(rule) : null;
        if (c != null) {
            // A leftover entry of an earlier flow with the same ports would misread this flow's first flight.
            int stale = inspection.lookup(key.bytes(), FlowKey.LENGTH);
            if (stale != TlsInspection.NO_SLOT) {
                inspection.release(stale);
            }
            if (protocol == IpProtocols.UDP && d.payloadLength() > 0) {
                inspectQuic(r, c);
                if (l7Reason == VerdictReason.DROP_QUIC_UNDECRYPTABLE) {
                    limiter.releaseFlow(d.family(), frame, d.sourceAddressOffset());
                    return l7Reason; // nothing learned: no flow is created for it
                }
            }
        }
        r.count(FlowDirection.ORIGINAL, d.frameLength());
        events.stamp(r);
        FlowTable.Insert inserted = table.insert(key, r);
        if (inserted != FlowTable.Insert.INSERTED) {
            limiter.releaseFlow(d.family(), frame, d.sourceAddressOffset());
            // PRESENT: another worker opened the same flow a moment ago; its record decides the next packet.
            return inserted == FlowTable.Insert.FULL ? VerdictReason.DROP_TABLE_FULL : VerdictReason.DROP_INVALID;
        }
        events.created(key, r);
        return l7Reason != null ? l7Reason : VerdictReason.FORWARD_NEW;
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

    /** The TLS conditions of policy rule {@code rule} (a record's rule index), or null. */
    private TlsConditions conditions(int rule) {
        if (rule < 0 || rule == NO_RULE) {
            return null;
        }
        Policy p = policy.get();
        if (rule >= p.rules().size()) {
            return null; // the policy was replaced by a shorter one since the flow opened
        }
        L7Conditions l7 = p.rule(rule).l7();
        return l7 instanceof TlsConditions t ? t : null;
    }

    /**
     * Feeds a client segment of an unchecked TCP flow to its reassembler; returns whether the record changed.
     * {@code originalEndBefore} is the client's next sequence number before this segment: ISN+1 on the first
     * payload segment, which starts the flow's entry.
     */
    private boolean inspectTcp(FlowRecord r, TlsConditions c, int originalEndBefore) {
        byte[] k = key.bytes();
        int slot = inspection.lookup(k, FlowKey.LENGTH);
        if (slot != TlsInspection.NO_SLOT && inspection.expired(slot, nowNs)) {
            inspection.release(slot);
            return decide(r, c.onIncomplete(), true);
        }
        if (slot == TlsInspection.NO_SLOT) {
            slot = inspection.startTcp(k, FlowKey.LENGTH, originalEndBefore & 0xFFFF_FFFFL, nowNs);
            if (slot == TlsInspection.NO_SLOT) {
                inspectionFull++;
                return decide(r, c.onIncomplete(), true);
            }
        }
        // Keys carry the protocol: a TCP key's entry always holds a reassembler.
        ClientHelloReassembler reassembler = inspection.reassembler(slot);
        TlsParseStatus status = reassembler.offer(d.tcpSequence(), d.buffer(), d.payloadOffset(), d.payloadLength(),
                helloParser, hello);
        if (status == TlsParseStatus.NEED_MORE) {
            return false;
        }
        inspection.release(slot);
        return decide(r, status == TlsParseStatus.COMPLETE ? evaluate(r, c) : c.onStatus(status), true);
    }

    /** Offers a client datagram of an unchecked QUIC flow; returns whether the record changed. */
    private boolean inspectQuic(FlowRecord r, TlsConditions c) {
        byte[] k = key.bytes();
        int slot = inspection.lookup(k, FlowKey.LENGTH);
        if (slot != TlsInspection.NO_SLOT && inspection.expired(slot, nowNs)) {
            inspection.release(slot);
            return decide(r, c.onIncomplete(), false);
        }
        if (slot == TlsInspection.NO_SLOT) {
            slot = inspection.startQuic(k, FlowKey.LENGTH, nowNs);
            if (slot == TlsInspection.NO_SLOT) {
                inspectionFull++;
                return decide(r, c.onIncomplete(), false);
            }
        }
        QuicInitialFlow flow = inspection.quicFlow(slot);
        QuicStatus status = quic.offer(flow, d.buffer(), d.payloadOffset(), d.payloadLength());
        switch (status) {
            case NEED_MORE:
                return false;
            case COMPLETE: {
                inspection.release(slot);
                TlsParseStatus parsed = helloParser.parseHandshake(flow.helloBuffer(), 0, flow.helloLength(), hello);
                TlsDecision decision = parsed == TlsParseStatus.COMPLETE ? evaluate(r, c)
                        : c.onStatus(parsed == TlsParseStatus.NEED_MORE ? TlsParseStatus.MALFORMED : parsed);
                return decide(r, decision, false);
            }
            case MALFORMED:
                inspection.release(slot);
                return decide(r, TlsDecision.DENY_MALFORMED, false);
            case TOO_LARGE:
                inspection.release(slot);
                return decide(r, c.onIncomplete(), false);
            default:
                // NOT_INITIAL, UNKNOWN_VERSION, UNDECRYPTABLE: the flow's state is unchanged (RFC 9001 §5.5).
                quicUndecryptable++;
                if (flow.version() == null) {
                    inspection.release(slot); // nothing decrypted yet: junk must not hold an entry
                }
                if (!c.undecryptableAllowed()) {
                    l7Reason = VerdictReason.DROP_QUIC_UNDECRYPTABLE;
                }
                return false;
        }
    }

    /**
     * A COMPLETE hello: JA4, facts into the record and the label dictionary, then the conditions. A label new to
     * the dictionary goes to the peers too, so a node that takes the flow over can name it.
     */
    private TlsDecision evaluate(FlowRecord r, TlsConditions c) {
        ja4.compute(hello, ja4Bytes, 0);
        long ja4Hash = LabelDictionary.hash(ja4Bytes, 0, Ja4.LENGTH);
        if (labels.put(ja4Hash, ja4Bytes, 0, Ja4.LENGTH)) {
            events.label(ja4Hash, ja4Bytes, 0, Ja4.LENGTH);
        }
        long sniHash = 0;
        if (hello.sniLength() > 0) {
            int n = hello.copySni(sniBytes, 0);
            sniHash = LabelDictionary.hash(sniBytes, 0, n);
            if (labels.put(sniHash, sniBytes, 0, n)) {
                events.label(sniHash, sniBytes, 0, n);
            }
        }
        r.sniHash(sniHash).ja4Hash(ja4Hash).tlsVersion(hello.maxOfferedVersion()).alpn(AlpnCode.of(hello));
        helloCompleted = true;
        return c.evaluate(hello, ja4Bytes, 0);
    }

    /** The one place a first-flight decision lands in the record and the verdict. Always changes the record. */
    private boolean decide(FlowRecord r, TlsDecision decision, boolean tcpFlow) {
        tlsDecisions[decision.ordinal()]++;
        r.setFlag(FlowRecord.FLAG_TLS_CHECKED);
        if (!decision.allows()) {
            r.setFlag(FlowRecord.FLAG_DENIED);
            l7Reason = !tcpFlow ? VerdictReason.DROP_QUIC_POLICY
                    : decision == TlsDecision.DENY_NOT_TLS || decision == TlsDecision.DENY_MALFORMED
                    ? VerdictReason.REJECT_TLS_VIOLATION
                    : decision == TlsDecision.DENY_INCOMPLETE ? VerdictReason.REJECT_TLS_INCOMPLETE
                    : VerdictReason.REJECT_TLS_POLICY;
        }
        return true;
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

    /** Whether the last verdict asks the data plane to reset both ends of the TCP flow ({@link TcpResets}). */
    public boolean resetsBothEnds() {
        return reason != null && reason.resetsBothEnds();
    }

    /**
     * The ClientHello completed by the last {@link #process} call, or null. Valid until the next call; for tools
     * that want the strings (the facts in the record are hashes).
     */
    public ClientHelloInfo completedHello() {
        return helloCompleted ? hello : null;
    }

    /** SNI and JA4 labels by the hashes the records carry. */
    public LabelDictionary labels() {
        return labels;
    }

    /** How often first-flight inspection ended in {@code decision} on this engine. */
    public long tlsDecisionCount(TlsDecision decision) {
        return tlsDecisions[decision.ordinal()];
    }

    /** QUIC datagrams on inspected flows that could not be decrypted (allowed or dropped by policy). */
    public long quicUndecryptable() {
        return quicUndecryptable;
    }

    /** Flows that found no inspection entry or buffer free: the incomplete-hello policy decided them. */
    public long inspectionFull() {
        return inspectionFull;
    }

    /** The QUIC inspector's per-reason counters. */
    public QuicInspector quicInspector() {
        return quic;
    }

    public VerdictCounters counters() {
        return counters;
    }

    /** The rate-limited log of drops by rules with {@code log: true}. */
    public DropLog dropLog() {
        return dropLog;
    }

    public ParseCounters parseCounters() {
        return parseCounters;
    }

    /** How often conntrack returned {@code result} on this engine. */
    public long trackCount(TrackResult result) {
        return trackCounts[result.ordinal()];
    }
}
