package io.fw443.node;

import io.fw443.config.ClusterConfig;
import io.fw443.conntrack.TrackResult;
import io.fw443.config.HostPort;
import io.fw443.config.InterfaceConfig;
import io.fw443.config.NodeConfig;
import io.fw443.config.VrrpGroupConfig;
import io.fw443.dataplane.DataplaneReason;
import io.fw443.dataplane.LongClock;
import io.fw443.dataplane.PortWorker;
import io.fw443.engine.VerdictReason;
import io.fw443.metrics.MetricsRegistry;
import io.fw443.metrics.NodeMetrics;
import io.fw443.mgmt.ClusterView;
import io.fw443.mgmt.FailoverResult;
import io.fw443.mgmt.FlowQuery;
import io.fw443.mgmt.FlowsPage;
import io.fw443.mgmt.HealthView;
import io.fw443.mgmt.ManagementBackend;
import io.fw443.mgmt.ReloadResult;
import io.fw443.mgmt.StatsView;
import io.fw443.mgmt.VrrpView;
import io.fw443.sync.FlowReplicator;
import io.fw443.sync.SyncState;
import io.fw443.sync.SyncStatus;
import io.fw443.table.FlowTable;
import io.fw443.tls.LabelDictionary;
import io.fw443.vrrp.VrrpSpeaker;
import io.fw443.vrrp.VrrpState;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The node's answers to the management API, read from the running parts: the port workers (engine verdict counters,
 * data-plane counters, worker state), the flow table, the replicator and the VRRP speaker (both absent on a
 * standalone node). Every read is of counters and published state the parts already keep for other threads, so a
 * request never stops an engine; only {@code /flows} walks the table ({@link FlowPager}).
 *
 * <p>At construction it registers the node's counters and gauges on {@link NodeMetrics#registry()}, so
 * {@code /metrics} exposes verdicts by reason, data-plane outcomes, table size, port states, sync and VRRP figures
 * next to the latency histograms.
 */
public final class NodeManagementBackend implements ManagementBackend {
    /** A table this full degrades the node: new flows are about to be refused. */
    static final int TABLE_FULL_PERCENT = 90;
    private static final long US_PER_MS = 1000;

    private final NodeConfig config;
    private final Supplier<List<PortWorker>> workers;
    private final FlowTable table;
    private final FlowReplicator replicator;
    private final VrrpSpeaker speaker;
    private final NodeMetrics metrics;
    private final Supplier<ReloadResult> reload;
    private final FlowPager pager;

    /**
     * @param workers    the data ports' workers (an empty list before start)
     * @param replicator null on a node without a {@code cluster} section
     * @param speaker    null on a node without VRRP groups
     * @param reload     the reload action, {@link PolicyReloader#reload()}
     */
    public NodeManagementBackend(NodeConfig config, LongClock clock, Supplier<List<PortWorker>> workers,
            FlowTable table, FlowReplicator replicator, VrrpSpeaker speaker, NodeMetrics metrics,
            Supplier<ReloadResult> reload) {
        this.config = Objects.requireNonNull(config, "config");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.table = Objects.requireNonNull(table, "table");
        this.replicator = replicator;
        this.speaker = speaker;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.reload = Objects.requireNonNull(reload, "reload");
        this.pager = new FlowPager(table, this::labels, this::nodeName, clock);
        registerMetrics(metrics.registry());
    }

    // ------------------------------------------------------------------ health

    @Override
    public HealthView health() {
        List<String> reasons = new ArrayList<>();
        List<PortWorker> ports = workers.get();
        int forwarding = 0;
        for (PortWorker w : ports) {
            switch (w.state()) {
                case RUNNING -> forwarding++;
                case FAILED -> reasons.add("port " + w.iface().name() + " (" + w.iface().device()
                        + ") failed: it forwards nothing");
                case NEW -> reasons.add("port " + w.iface().name() + " (" + w.iface().device() + ") not started");
                case STOPPED -> reasons.add("port " + w.iface().name() + " (" + w.iface().device() + ") stopped");
            }
        }
        if (forwarding == 0) {
            if (ports.isEmpty()) {
                reasons.add("no data port running");
            }
            return new HealthView(HealthView.Status.FAILED, reasons);
        }
        if (replicator != null) {
            SyncStatus s = replicator.status();
            if (s.state() != SyncState.READY) {
                reasons.add("sync " + lower(s.state())
                        + (s.state() == SyncState.RESYNCING ? " (" + percent(progress(s)) + "% from "
                        + nodeName(s.resyncPeer()) + ")" : "") + ": the table is not complete");
            }
            for (int refused : s.refusedPeers()) {
                reasons.add("sync refused by " + nodeName(refused) + ": another protocol version");
            }
            int configured = config.cluster().map(c -> c.peers().size()).orElse(0);
            int peers = Math.max(0, s.members().size() - 1);
            if (configured > 0 && peers < configured) {
                reasons.add(peers == 0 ? "no peer in the sync view (" + configured + " configured)"
                        : peers + " of " + configured + " configured peers in the sync view");
            }
        }
        long capacity = table.capacity();
        long size = table.size();
        if (capacity > 0 && size * 100 >= capacity * TABLE_FULL_PERCENT) {
            reasons.add("flow table " + size * 100 / capacity + "% full (" + size + " of " + capacity + ")");
        }
        if (speaker != null) {
            for (VrrpGroupConfig g : config.vrrp().groups()) {
                int effective = speaker.effectivePriority(g.id());
                if (effective < g.priority()) {
                    reasons.add("group " + g.id() + " demoted to priority " + effective + " of " + g.priority());
                }
            }
        }
        return new HealthView(reasons.isEmpty() ? HealthView.Status.HEALTHY : HealthView.Status.DEGRADED, reasons);
    }

    // ------------------------------------------------------------------ cluster

    @Override
    public ClusterView cluster() {
        String self = config.node().id();
        String bind = config.cluster().map(ClusterConfig::bind).map(HostPort::toString).orElse(null);
        if (replicator == null) {
            return new ClusterView(self, 0, self, List.of(new ClusterView.Member(self, bind,
                    ClusterView.MemberState.UP, null, new ClusterView.Resync(ClusterView.ResyncState.IN_SYNC, 1))));
        }
        SyncStatus s = replicator.status();
        List<ClusterView.Member> members = new ArrayList<>();
        Long lagMs = lagMs();
        boolean selfListed = false;
        for (int node : s.members()) {
            if (node == s.node()) {
                selfListed = true;
                members.add(new ClusterView.Member(self, bind, ClusterView.MemberState.UP, null, ownResync(s)));
            } else {
                members.add(new ClusterView.Member(nodeName(node), null, ClusterView.MemberState.UP, lagMs,
                        peerResync(s, node)));
            }
        }
        if (!selfListed) {
            // Before the first view (JOINING) the node is still a member of its own cluster.
            members.add(0, new ClusterView.Member(self, bind, ClusterView.MemberState.UP, null, ownResync(s)));
        }
        String coordinator = s.members().isEmpty() ? self : nodeName(s.members().get(0));
        return new ClusterView(self, Math.max(0, replicator.viewId()), coordinator, members);
    }

    /** The replication lag's 99th percentile, rounded up to whole milliseconds; null before any sample. */
    private Long lagMs() {
        Map<String, Number> m = replicator.metrics().snapshot();
        if (m.get("lag_samples").longValue() == 0) {
            return null;
        }
        return (replicator.metrics().lagQuantileUs(0.99) + US_PER_MS - 1) / US_PER_MS;
    }

    private static ClusterView.Resync ownResync(SyncStatus s) {
        return switch (s.state()) {
            case JOINING -> new ClusterView.Resync(ClusterView.ResyncState.REQUESTED, 0);
            case RESYNCING -> new ClusterView.Resync(ClusterView.ResyncState.RUNNING, progress(s));
            case READY -> new ClusterView.Resync(ClusterView.ResyncState.IN_SYNC, 1);
        };
    }

    private static ClusterView.Resync peerResync(SyncStatus s, int node) {
        if (s.refusedPeers().contains(node)) {
            return new ClusterView.Resync(ClusterView.ResyncState.FAILED, 0);
        }
        if (s.state() == SyncState.RESYNCING && s.resyncPeer() == node) {
            return new ClusterView.Resync(ClusterView.ResyncState.RUNNING, progress(s));
        }
        return new ClusterView.Resync(ClusterView.ResyncState.IN_SYNC, 1);
    }

    private static double progress(SyncStatus s) {
        return s.resyncExpected() <= 0 ? 0 : Math.min(1, (double) s.resyncReceived() / s.resyncExpected());
    }

    // ------------------------------------------------------------------ vrrp

    @Override
    public VrrpView vrrp() {
        if (speaker == null) {
            return new VrrpView(List.of());
        }
        List<VrrpView.Group> groups = new ArrayList<>();
        for (VrrpGroupConfig g : config.vrrp().groups()) {
            VrrpState state = speaker.state(g.id());
            String master;
            if (state == VrrpState.MASTER) {
                master = config.node().id();
            } else {
                InetAddress address = speaker.masterAddress(g.id());
                master = address == null ? null : address.getHostAddress();
            }
            groups.add(new VrrpView.Group(g.id(), g.interfaceName(), state, g.priority(),
                    speaker.effectivePriority(g.id()), master, g.vips().stream().map(Object::toString).toList()));
        }
        return new VrrpView(groups);
    }

    // ------------------------------------------------------------------ flows, stats, metrics

    @Override
    public FlowsPage flows(FlowQuery query) throws FlowQuery.InvalidParameterException {
        return pager.page(query);
    }

    @Override
    public StatsView stats() {
        Map<String, Map<String, Long>> verdicts = new LinkedHashMap<>();
        for (VerdictReason r : VerdictReason.values()) {
            long n = verdictCount(r);
            if (n != 0) {
                verdicts.computeIfAbsent(lower(r.verdict()), v -> new LinkedHashMap<>()).put(reasonName(r), n);
            }
        }
        Map<String, Long> tracking = new LinkedHashMap<>();
        for (TrackResult r : TrackResult.values()) {
            long n = trackCount(r);
            if (n != 0 && r.disposition() == TrackResult.Disposition.DROP) {
                tracking.put(dashed(r), n);
            }
        }
        return new StatsView(sum(w -> w.engine().counters().packets()), sum(w -> w.engine().counters().bytes()),
                verdicts, tracking, table.size(), table.capacity());
    }

    @Override
    public String metricsText() {
        return metrics.registry().render();
    }

    // ------------------------------------------------------------------ actions

    @Override
    public ReloadResult reload() {
        return reload.get();
    }

    @Override
    public FailoverResult failover(int group) {
        if (speaker == null || speaker.groups().stream().noneMatch(g -> g.vrid() == group)) {
            return new FailoverResult(FailoverResult.Outcome.UNKNOWN_GROUP, group,
                    "no VRRP group " + group + " on " + config.node().id());
        }
        VrrpState state = speaker.state(group);
        if (state != VrrpState.MASTER) {
            InetAddress master = speaker.masterAddress(group);
            return new FailoverResult(FailoverResult.Outcome.REFUSED, group, config.node().id() + " is "
                    + lower(state) + " for group " + group + "; run the failover on its master"
                    + (master == null ? "" : " (" + master.getHostAddress() + ")"));
        }
        if (replicator != null && replicator.status().members().size() < 2) {
            return new FailoverResult(FailoverResult.Outcome.REFUSED, group,
                    "no peer in the sync view could take over group " + group);
        }
        speaker.failover(group);
        return new FailoverResult(FailoverResult.Outcome.DONE, group, config.node().id()
                + " steps down (priority 0 advert); a backup takes over");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The reason's name under its verdict, lower case with dashes and without the verdict's own prefix:
     * {@code DROP_TABLE_FULL} is {@code drop / table-full}.
     */
    static String reasonName(VerdictReason r) {
        String name = r.name();
        String prefix = r.verdict().name() + "_";
        if (name.startsWith(prefix)) {
            name = name.substring(prefix.length());
        }
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String dashed(Enum<?> e) {
        return lower(e).replace('_', '-');
    }

    private long verdictCount(VerdictReason r) {
        return sum(w -> w.engine().counters().count(r));
    }

    private long trackCount(TrackResult r) {
        return sum(w -> w.engine().trackCount(r));
    }

    private long sum(ToLongFunction<PortWorker> f) {
        long n = 0;
        for (PortWorker w : workers.get()) {
            n += f.applyAsLong(w);
        }
        return n;
    }

    private List<LabelDictionary> labels() {
        List<LabelDictionary> all = new ArrayList<>();
        for (PortWorker w : workers.get()) {
            LabelDictionary d = w.engine().labels();
            if (!all.contains(d)) {
                all.add(d);
            }
        }
        return all;
    }

    /** This node by its configured id; a peer by its node number (the sync layer knows no names). */
    String nodeName(int nodeNumber) {
        return nodeNumber == config.node().nodeNumber() ? config.node().id() : "node-" + nodeNumber;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static long percent(double fraction) {
        return Math.round(fraction * 100);
    }

    private void registerMetrics(MetricsRegistry r) {
        r.counterFunction("fw443_packets_total", "Frames the engines decided.",
                () -> sum(w -> w.engine().counters().packets()));
        r.counterFunction("fw443_bytes_total", "Bytes of the frames the engines decided.",
                () -> sum(w -> w.engine().counters().bytes()));
        for (VerdictReason reason : VerdictReason.values()) {
            r.counterFunction("fw443_verdicts_total", "Engine verdicts by reason.", () -> verdictCount(reason),
                    "verdict", lower(reason.verdict()), "reason", reasonName(reason));
        }
        for (TrackResult result : TrackResult.values()) {
            r.counterFunction("fw443_tracking_total",
                    "Connection-tracking outcomes by result (drops of known flows make drop/tracking).",
                    () -> trackCount(result), "result", dashed(result));
        }
        for (DataplaneReason reason : DataplaneReason.values()) {
            r.counterFunction("fw443_dataplane_total", "What the data plane did with frames after the verdict.",
                    () -> sum(w -> w.counters().count(reason)), "reason", dashed(reason));
        }
        r.gauge("fw443_flows", "Flows in the table.", table::size);
        r.gauge("fw443_held_frames", "Frames waiting for the peers to acknowledge their flow (sync insert).",
                () -> sum(PortWorker::heldForPeers));
        r.gauge("fw443_flows_capacity", "The flow table's configured maximum.", table::capacity);
        for (InterfaceConfig ic : config.interfaces()) {
            if (ic.role() == InterfaceConfig.Role.DATA) {
                r.gauge("fw443_port_up", "1 while the data port's worker forwards, else 0.",
                        () -> portRunning(ic.name()), "interface", ic.name());
            }
        }
        if (replicator != null) {
            r.gauge("fw443_sync_state", "Replication state: 0 joining, 1 resyncing, 2 ready.",
                    () -> replicator.status().state().code);
            r.gauge("fw443_sync_members", "Members in the sync view, this node included.",
                    () -> replicator.status().members().size());
            for (String name : replicator.metrics().snapshot().keySet()) {
                LongSupplier value = () -> replicator.metrics().snapshot().get(name).longValue();
                r.gauge("fw443_sync_" + name, "Replication metric " + name + " (see docs/design/sync.md).", value);
            }
        }
        if (speaker != null) {
            for (VrrpGroupConfig g : config.vrrp().groups()) {
                String group = Integer.toString(g.id());
                r.gauge("fw443_vrrp_state", "VRRP state: 1 initialize, 2 backup, 3 master.",
                        () -> speaker.state(g.id()).code(), "group", group);
                r.gauge("fw443_vrrp_effective_priority", "VRRP priority after tracking demotions.",
                        () -> speaker.effectivePriority(g.id()), "group", group);
                for (VrrpSpeaker.GroupCounter c : VrrpSpeaker.GroupCounter.values()) {
                    r.counterFunction("fw443_vrrp_" + c.name().toLowerCase(Locale.ROOT) + "_total",
                            "VRRP group counter " + c.name().toLowerCase(Locale.ROOT) + ".",
                            () -> speaker.count(g.id(), c), "group", group);
                }
            }
        }
    }

    private long portRunning(String name) {
        for (PortWorker w : workers.get()) {
            if (w.iface().name().equals(name)) {
                return w.state() == PortWorker.State.RUNNING ? 1 : 0;
            }
        }
        return 0;
    }
}
