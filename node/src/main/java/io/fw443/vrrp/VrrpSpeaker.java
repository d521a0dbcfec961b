package io.fw443.vrrp;

import io.fw443.dataplane.ArpResponder;
import io.fw443.dataplane.FrameHandler;
import io.fw443.dataplane.FrameSink;
import io.fw443.dataplane.GratuitousAnnouncer;
import io.fw443.dataplane.VipTable;
import io.fw443.vrrp.VrrpAction.DualMasterSeen;
import io.fw443.vrrp.VrrpAction.Notify;
import io.fw443.vrrp.VrrpAction.ReleaseVips;
import io.fw443.vrrp.VrrpAction.SendAdvert;
import io.fw443.vrrp.VrrpAction.SendGratuitous;
import io.fw443.vrrp.VrrpAction.TakeVips;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell around the pure election: it feeds {@link VrrpMachine}s with adverts from the wire, timers, tracking and
 * peer events, and carries out their actions — adverts out, VIPs into the interface's {@link VipTable} (so its
 * {@link ArpResponder} answers for them), gratuitous ARP / unsolicited NA bursts, notify listeners, sync groups.
 *
 * <p>Threads (docs/design/vrrp-speaker.md):
 * <ul>
 *   <li>each interface's <b>receive thread</b> runs the {@link #receiver(String)} handler: VRRP frames are
 *       validated there ({@link AdvertValidator}, one counter per verdict) and valid adverts queued; ARP requests
 *       and neighbour solicitations are answered there at once from the lock-free {@link VipTable};</li>
 *   <li>one <b>election thread</b> owns every machine state and timer: it calls {@link #doWork(long)} and waits
 *       until {@link #nextDeadlineNs()} or new input ({@link VrrpElectionLoop} does this). Timers never depend on
 *       a pcap read returning, which on an idle link it does not;</li>
 *   <li>any thread may call the control methods ({@link #startup()}, {@link #shutdown()}, {@link #peerDied},
 *       {@link #track}, ...): they queue an event and wake the election thread.</li>
 * </ul>
 * VRIDs are unique within a speaker (they name groups in sync groups and in the API).
 */
public final class VrrpSpeaker {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpSpeaker.class);
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int ETHER_TYPE_IPV4 = 0x0800;
    private static final int ETHER_TYPE_IPV6 = 0x86dd;
    private static final int IPV4_MIN_HEADER_LENGTH = 20;
    private static final int IPV4_PROTOCOL_OFFSET = 9;
    private static final int IPV6_HEADER_LENGTH = 40;
    private static final int IPV6_NEXT_HEADER_OFFSET = 6;
    /** At most one "dropped advert" line per group per second: a flood is counted, not logged. */
    private static final long DROP_LOG_INTERVAL_NS = 1_000_000_000L;

    /** Per-group counters, read with {@link #count(int, GroupCounter)}. */
    public enum GroupCounter {
        /** Adverts sent, priority 0 included. */
        ADVERTS_SENT,
        /** Adverts the interface refused to send. */
        ADVERT_SEND_FAILURES,
        /** Valid adverts handed to the machine. */
        ADVERTS_ACCEPTED,
        /** State changes. */
        TRANSITIONS,
        /** Times this group met a second Master and gave way. */
        DUAL_MASTER_YIELDED,
        /** Times this group met a second Master that had to give way. */
        DUAL_MASTER_ASSERTED
    }

    /** {@code atNs}: when a frame was received, or {@link #NOW} for control input (applied when polled). */
    private record Inbound(Group group, VrrpEvent event, long atNs) {
    }

    private static final long NOW = Long.MIN_VALUE;

    private final List<Link> links;
    private final Map<String, Link> linksByDevice;
    private final List<Group> groups;
    private final Group[] groupsByVrid = new Group[256];
    private final List<SyncGroup> syncGroups;
    private final List<TransitionListener> listeners;
    private final VrrpTracking tracking;
    private final Supplier<TrackingInputs> trackingProbe;
    private final long trackingIntervalNs;
    private final Queue<Inbound> inbound = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lastDemotion = new AtomicInteger();
    private volatile Runnable wakeUp = () -> { };
    private long nextTrackingNs;

    private VrrpSpeaker(Builder b) {
        Map<String, Link> byDevice = new LinkedHashMap<>();
        for (LinkSpec spec : b.links.values()) {
            byDevice.put(spec.device, new Link(spec.device, spec.mac, spec.sink, spec.announcements));
        }
        this.links = List.copyOf(byDevice.values());
        this.linksByDevice = Map.copyOf(byDevice);
        List<Group> built = new ArrayList<>();
        for (GroupSpec spec : b.groups) {
            Link link = byDevice.get(spec.device);
            Group g = new Group(spec.config, link, spec.virtualMac);
            built.add(g);
            groupsByVrid[g.vrid] = g;
            link.byFamilyAndVrid[g.config.family().ordinal()][g.vrid] = g;
        }
        this.groups = List.copyOf(built);
        this.syncGroups = List.copyOf(b.syncGroups);
        this.listeners = List.copyOf(b.listeners);
        this.tracking = b.tracking;
        this.trackingProbe = b.trackingProbe;
        this.trackingIntervalNs = b.trackingIntervalNs;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ receive threads

    /**
     * The frame handler for {@code device}'s receive thread: answers ARP/ND for owned addresses, validates VRRP
     * frames and queues valid adverts. One thread per device may call it.
     */
    public FrameHandler receiver(String device) {
        return link(device)::onFrame;
    }

    // ------------------------------------------------------------------ control, any thread

    /** Every group starts (RFC 5798 §6.4.1). */
    public void startup() {
        enqueueAll(new VrrpEvent.Startup());
    }

    /** Every group stops; a Master sends priority 0 and releases its VIPs. */
    public void shutdown() {
        enqueueAll(new VrrpEvent.Shutdown());
    }

    /**
     * A peer process died (JGroups view, or the harness's {@link PeerHeartbeat}). {@code address} is its primary
     * address on a group's interface; groups whose Master it was end their wait early when configured to.
     */
    public void peerDied(InetAddress address) {
        LOG.info("peer {} died", address.getHostAddress());
        enqueueAll(new VrrpEvent.PeerDeath(address));
    }

    /** The cluster view shows {@code peerAddress} claiming Master for {@code vrid} at {@code peerPriority}. */
    public void peerClaimsMaster(int vrid, int peerPriority, InetAddress peerAddress) {
        enqueue(group(vrid), new VrrpEvent.PeerClaimsMaster(peerPriority, peerAddress));
    }

    /**
     * The cluster saw a peer's process die, without knowing its addresses on the groups' links. Only for a cluster
     * of two: the dead peer must then be the Master of every group this node backs up, so each such group hears
     * {@link VrrpEvent.PeerDeath} for the Master it last heard (ignored if a newer Master took over meanwhile).
     */
    public void onlyPeerDied() {
        for (Group g : groups) {
            InetAddress master = g.publishedMaster;
            if (master != null) {
                LOG.info("group {}: peer process died; its Master was {}", g.vrid, master.getHostAddress());
                enqueue(g, new VrrpEvent.PeerDeath(master));
            }
        }
    }

    /** The Master group {@code vrid} last heard from, or null (none yet, or this node is the Master). */
    public InetAddress masterAddress(int vrid) {
        return group(vrid).publishedMaster;
    }

    /** Operator failover: a Master of {@code vrid} hands the group over. */
    public void failover(int vrid) {
        enqueue(group(vrid), new VrrpEvent.ForceFailover());
    }

    /** New tracking observations; every group hears the demotion when it changed. */
    public void track(TrackingInputs inputs) {
        int demotion = demotion(inputs);
        if (demotion >= 0) {
            enqueueAll(new VrrpEvent.TrackingChanged(demotion));
        }
    }

    /** The new demotion if it changed (logged), else -1. */
    private int demotion(TrackingInputs inputs) {
        int demotion = inputs.demotion(tracking);
        int previous = lastDemotion.getAndSet(demotion);
        if (previous == demotion) {
            return -1;
        }
        LOG.info("tracking: demotion {} -> {} ({})", previous, demotion, inputs);
        return demotion;
    }

    /** Called after each queued input; the election loop installs its unpark here. */
    void onInput(Runnable wakeUp) {
        this.wakeUp = Objects.requireNonNull(wakeUp);
    }

    // ------------------------------------------------------------------ election thread

    /**
     * Runs what is due at {@code nowNs}: tracking, then queued input in arrival order, each preceded by the timers
     * due before it arrived (so a due timer still fires before a late advert), then the timers due now, then
     * announcements. Only the election thread calls this.
     *
     * @return the amount of work done (0 when nothing was due)
     */
    public int doWork(long nowNs) {
        int work = 0;
        if (trackingProbe != null && nowNs >= nextTrackingNs) {
            // Applied here rather than queued, so a Startup waiting in the queue already sees the demotion.
            int demotion = demotion(trackingProbe.get());
            if (demotion >= 0) {
                for (Group g : groups) {
                    apply(g, new VrrpEvent.TrackingChanged(demotion), nowNs);
                }
            }
            nextTrackingNs = nowNs + trackingIntervalNs;
            work++;
        }
        // Input in arrival order, each after the timers that were due before it arrived: an election thread that
        // ran late (a busy machine, a GC pause) must not let Master_Down_Timer fire over adverts already queued.
        Inbound in;
        while ((in = inbound.poll()) != null) {
            long atNs = in.atNs == NOW ? nowNs : Math.min(in.atNs, nowNs);
            work += fireTimers(atNs);
            if (in.group == null) {
                for (Group g : groups) {
                    apply(g, in.event, atNs);
                }
            } else {
                apply(in.group, in.event, atNs);
            }
            work++;
        }
        work += fireTimers(nowNs);
        for (Link link : links) {
            work += link.announcer.doWork(nowNs);
        }
        return work;
    }

    /** Fires the timers due at {@code nowNs}, each at {@code nowNs}. */
    private int fireTimers(long nowNs) {
        int work = 0;
        for (Group g : groups) {
            if (nowNs >= g.state.nextDeadlineNs()) {
                apply(g, VrrpEvent.TICK, nowNs);
                work++;
            }
        }
        return work;
    }

    /** When {@link #doWork} next has something to do without new input. */
    public long nextDeadlineNs() {
        long next = trackingProbe != null ? nextTrackingNs : VrrpGroupState.NO_DEADLINE;
        for (Group g : groups) {
            next = Math.min(next, g.state.nextDeadlineNs());
        }
        for (Link link : links) {
            next = Math.min(next, link.announcer.nextDueNs());
        }
        return next;
    }

    /** True when input is queued for {@link #doWork}. */
    public boolean hasPendingInput() {
        return !inbound.isEmpty();
    }

    // ------------------------------------------------------------------ queries, any thread

    /** The current state of group {@code vrid}. */
    public VrrpState state(int vrid) {
        return group(vrid).published;
    }

    /** The priority group {@code vrid} currently advertises (configured minus tracked demotion). */
    public int effectivePriority(int vrid) {
        Group g = group(vrid);
        return g.machine.effectivePriority(g.publishedDemotion);
    }

    /** True while a Master of {@code vrid} accepts traffic addressed to the VIPs (owner or Accept_Mode). */
    public boolean acceptsVipTraffic(int vrid) {
        return group(vrid).acceptVipTraffic;
    }

    public long count(int vrid, GroupCounter counter) {
        return (long) COUNT.getOpaque(group(vrid).counters, counter.ordinal());
    }

    /** Received frames of group {@code vrid} by validator verdict (a recent value). */
    public long count(int vrid, AdvertCheck check) {
        return group(vrid).validator.count(check);
    }

    /** VRRP frames on {@code device} for a VRID no group here has (another router's). */
    public long foreignVridFrames(String device) {
        return (long) COUNT.getOpaque(link(device).foreign, 0);
    }

    public VipTable vipTable(String device) {
        return link(device).vips;
    }

    public ArpResponder responder(String device) {
        return link(device).responder;
    }

    public GratuitousAnnouncer announcer(String device) {
        return link(device).announcer;
    }

    /** The configured groups, in configuration order. */
    public List<VrrpGroupConfig> groups() {
        return groups.stream().map(g -> g.config).toList();
    }

    // ------------------------------------------------------------------ internals

    private void enqueue(Group g, VrrpEvent event) {
        enqueue(g, event, NOW);
    }

    private void enqueue(Group g, VrrpEvent event, long atNs) {
        inbound.add(new Inbound(g, event, atNs));
        wakeUp.run();
    }

    private void enqueueAll(VrrpEvent event) {
        enqueue(null, event);
    }

    private void apply(Group g, VrrpEvent event, long nowNs) {
        VrrpTransition t = g.machine.next(g.state, event, nowNs);
        g.state = t.state();
        for (VrrpAction action : t.actions()) {
            execute(g, action, nowNs);
        }
        // Published after the actions: whoever reads BACKUP here knows the VIPs are already released.
        g.publishedDemotion = t.state().demotion();
        g.published = t.state().state();
        g.publishedMaster = t.state().masterAddress();
    }

    private void execute(Group g, VrrpAction action, long nowNs) {
        if (action instanceof SendAdvert s) {
            int n = g.encoder.encodeFrame(g.tx, 0, s.priority());
            g.increment(g.link.sink.send(g.tx, n) ? GroupCounter.ADVERTS_SENT : GroupCounter.ADVERT_SEND_FAILURES);
        } else if (action instanceof TakeVips t) {
            for (InetAddress vip : g.config.vips()) {
                g.link.vips.add(g.vrid, vip, g.answerMac);
            }
            g.acceptVipTraffic = t.acceptVipTraffic();
        } else if (action instanceof SendGratuitous s) {
            g.link.announcer.announce(g.vrid, s.count(), nowNs);
        } else if (action instanceof ReleaseVips) {
            g.link.vips.removeOwner(g.vrid);
            g.link.announcer.stop(g.vrid);
            g.acceptVipTraffic = false;
        } else if (action instanceof DualMasterSeen d) {
            g.increment(d.yielded() ? GroupCounter.DUAL_MASTER_YIELDED : GroupCounter.DUAL_MASTER_ASSERTED);
            LOG.warn("group {}: two masters: {} at priority {}; this router {}", g.vrid,
                    d.peer().getHostAddress(), d.peerPriority(), d.yielded() ? "yielded" : "asserted itself");
        } else if (action instanceof Notify n) {
            notify(g, n, nowNs);
        }
    }

    private void notify(Group g, Notify n, long nowNs) {
        g.increment(GroupCounter.TRANSITIONS);
        LOG.info("group {} ({}): {}", g.vrid, g.link.device, n.describe());
        for (TransitionListener listener : listeners) {
            try {
                listener.onTransition(g.vrid, n.from(), n.to(), n.reason());
            } catch (RuntimeException e) {
                LOG.warn("group {}: transition listener failed", g.vrid, e);
            }
        }
        for (SyncGroup sync : syncGroups) {
            if (!sync.vrids().contains(g.vrid)) {
                continue;
            }
            Map<Integer, VrrpState> states = new HashMap<>();
            for (int vrid : sync.vrids()) {
                states.put(vrid, groupsByVrid[vrid].state.state());
            }
            for (SyncGroup.Directive d : sync.follow(g.vrid, n.from(), n.to(), states)) {
                apply(groupsByVrid[d.vrid()], d.event(), nowNs);
            }
        }
    }

    private Group group(int vrid) {
        Group g = vrid >= 0 && vrid < groupsByVrid.length ? groupsByVrid[vrid] : null;
        if (g == null) {
            throw new IllegalArgumentException("no group " + vrid);
        }
        return g;
    }

    private Link link(String device) {
        Link link = linksByDevice.get(device);
        if (link == null) {
            throw new IllegalArgumentException("no interface " + device);
        }
        return link;
    }

    /** One virtual router: its machine and state (election thread), its codec, counters and published view. */
    private static final class Group {
        final int vrid;
        final VrrpGroupConfig config;
        final VrrpMachine machine;
        final Link link;
        final VrrpAdvertEncoder encoder;
        /** Used by the link's receive thread only. */
        final AdvertValidator validator;
        final byte[] answerMac;
        final byte[] tx;
        final long[] counters = new long[GroupCounter.values().length];
        VrrpGroupState state;
        /** Receive thread: when the last dropped advert was logged. */
        long lastDropLogNs = Long.MIN_VALUE;
        volatile VrrpState published;
        /** The Master a Backup last heard (null when none, or when this router is Master). */
        volatile InetAddress publishedMaster;
        volatile int publishedDemotion;
        volatile boolean acceptVipTraffic;

        Group(VrrpGroupConfig config, Link link, boolean virtualMac) {
            this.vrid = config.vrid();
            this.config = config;
            this.machine = new VrrpMachine(config);
            this.link = link;
            this.encoder = VrrpAdvertEncoder.forGroup(config);
            this.validator = AdvertValidator.forGroup(config);
            this.tx = new byte[encoder.frameLength()];
            if (virtualMac) {
                this.answerMac = new byte[6];
                config.family().writeVirtualMac(answerMac, 0, vrid);
            } else {
                this.answerMac = link.mac.clone();
            }
            this.state = machine.initial();
            this.published = state.state();
        }

        void increment(GroupCounter c) {
            COUNT.getAndAddRelease(counters, c.ordinal(), 1L);
        }
    }

    /** One interface: where frames go out, what it answers for, and its receive-side dispatch. */
    private final class Link {
        final String device;
        final byte[] mac;
        final FrameSink sink;
        final VipTable vips = new VipTable();
        final ArpResponder responder;
        final GratuitousAnnouncer announcer;
        /** [VrrpFamily ordinal][vrid]. */
        final Group[][] byFamilyAndVrid = new Group[VrrpFamily.values().length][256];
        final long[] foreign = new long[1];

        Link(String device, byte[] mac, FrameSink sink, GratuitousAnnouncer.Settings settings) {
            this.device = device;
            this.mac = mac.clone();
            this.sink = sink;
            this.responder = new ArpResponder(vips, sink);
            this.announcer = new GratuitousAnnouncer(vips, sink, settings);
        }

        /** Receive thread. */
        void onFrame(byte[] frame, int offset, int length, long nowNs) {
            if (length < ETHERNET_HEADER_LENGTH) {
                return;
            }
            int etherType = (frame[offset + 12] & 0xff) << 8 | frame[offset + 13] & 0xff;
            int ip = offset + ETHERNET_HEADER_LENGTH;
            int ipLength = length - ETHERNET_HEADER_LENGTH;
            if (etherType == ETHER_TYPE_IPV4 && ipLength >= IPV4_MIN_HEADER_LENGTH
                    && (frame[ip + IPV4_PROTOCOL_OFFSET] & 0xff) == VrrpFamily.IP_PROTOCOL_VRRP) {
                int vridIndex = ip + (frame[ip] & 0x0f) * 4 + 1;
                advert(VrrpFamily.IPV4, frame, ip, ipLength, vridIndex, nowNs);
            } else if (etherType == ETHER_TYPE_IPV6 && ipLength >= IPV6_HEADER_LENGTH
                    && (frame[ip + IPV6_NEXT_HEADER_OFFSET] & 0xff) == VrrpFamily.IP_PROTOCOL_VRRP) {
                advert(VrrpFamily.IPV6, frame, ip, ipLength, ip + IPV6_HEADER_LENGTH + 1, nowNs);
            } else {
                responder.onFrame(frame, offset, length);
            }
        }

        private void advert(VrrpFamily family, byte[] frame, int ip, int ipLength, int vridIndex, long nowNs) {
            Group[] byVrid = byFamilyAndVrid[family.ordinal()];
            Group g;
            if (vridIndex < ip + ipLength && vridIndex > ip) {
                g = byVrid[frame[vridIndex] & 0xff];
            } else {
                g = firstGroup(byVrid); // too short to name a VRID: let a group of the family count it as truncated
            }
            if (g == null) {
                COUNT.setOpaque(foreign, 0, (long) COUNT.getOpaque(foreign, 0) + 1);
                return;
            }
            AdvertCheck check = g.validator.validatePacket(frame, ip, ipLength);
            if (check == AdvertCheck.OK) {
                VrrpAdvertFlyweight advert = g.validator.advert();
                g.increment(GroupCounter.ADVERTS_ACCEPTED);
                enqueue(g, new VrrpEvent.AdvertReceived(advert.priority(), advert.maxAdvertIntervalCs(),
                        g.validator.sourceAddress()), nowNs);
            } else if (check.isError() && nowNs - g.lastDropLogNs >= DROP_LOG_INTERVAL_NS) {
                g.lastDropLogNs = nowNs;
                LOG.warn("group {} ({}): dropped an advert: {} ({} so far)", g.vrid, device, check,
                        g.validator.count(check));
            }
        }

        private Group firstGroup(Group[] byVrid) {
            for (Group g : byVrid) {
                if (g != null) {
                    return g;
                }
            }
            return null;
        }
    }

    private record GroupSpec(String device, VrrpGroupConfig config, boolean virtualMac) {
    }

    private record LinkSpec(String device, byte[] mac, FrameSink sink, GratuitousAnnouncer.Settings announcements) {
    }

    /** Assembles a speaker; validates that groups, interfaces and sync groups fit together. */
    public static final class Builder {
        private final Map<String, LinkSpec> links = new LinkedHashMap<>();
        private final List<GroupSpec> groups = new ArrayList<>();
        private final List<SyncGroup> syncGroups = new ArrayList<>();
        private final List<TransitionListener> listeners = new ArrayList<>();
        private VrrpTracking tracking = VrrpTracking.none();
        private Supplier<TrackingInputs> trackingProbe;
        private long trackingIntervalNs;

        private Builder() {
        }

        /**
         * An interface: {@code mac} is its own Ethernet address (what ARP is answered with unless a group uses the
         * virtual MAC), {@code sink} sends on it, {@code announcements} times the GARP / NA bursts.
         */
        public Builder link(String device, byte[] mac, FrameSink sink, GratuitousAnnouncer.Settings announcements) {
            if (links.containsKey(device)) {
                throw new IllegalArgumentException("interface " + device + " given twice");
            }
            if (mac.length != 6) {
                throw new IllegalArgumentException("a MAC has 6 bytes");
            }
            links.put(device, new LinkSpec(device, mac.clone(), Objects.requireNonNull(sink),
                    Objects.requireNonNull(announcements)));
            return this;
        }

        /** A group on {@code device}; with {@code virtualMac} its VIPs are answered with 00:00:5e:00:0{1,2}:VRID. */
        public Builder group(String device, VrrpGroupConfig config, boolean virtualMac) {
            if (!links.containsKey(device)) {
                throw new IllegalArgumentException("group " + config.vrid() + ": no interface " + device);
            }
            for (GroupSpec other : groups) {
                if (other.config.vrid() == config.vrid()) {
                    throw new IllegalArgumentException("VRID " + config.vrid() + " configured twice");
                }
                if (other.device.equals(device)
                        && other.config.vips().stream().anyMatch(config.vips()::contains)) {
                    throw new IllegalArgumentException("groups " + other.config.vrid() + " and " + config.vrid()
                            + " share a VIP on " + device);
                }
            }
            groups.add(new GroupSpec(device, config, virtualMac));
            return this;
        }

        public Builder syncGroup(SyncGroup syncGroup) {
            syncGroups.add(syncGroup);
            return this;
        }

        public Builder listener(TransitionListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** Tracking weights, and optionally a probe the election thread polls every {@code probeIntervalNs}. */
        public Builder tracking(VrrpTracking weights, Supplier<TrackingInputs> probe, long probeIntervalNs) {
            if (probe != null && probeIntervalNs <= 0) {
                throw new IllegalArgumentException("probe interval must be > 0");
            }
            this.tracking = Objects.requireNonNull(weights);
            this.trackingProbe = probe;
            this.trackingIntervalNs = probeIntervalNs;
            return this;
        }

        public VrrpSpeaker build() {
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("no group configured");
            }
            for (SyncGroup sync : syncGroups) {
                for (int vrid : sync.vrids()) {
                    if (groups.stream().noneMatch(g -> g.config.vrid() == vrid)) {
                        throw new IllegalArgumentException("sync group " + sync.name() + ": no group " + vrid);
                    }
                }
            }
            return new VrrpSpeaker(this);
        }
    }
}
