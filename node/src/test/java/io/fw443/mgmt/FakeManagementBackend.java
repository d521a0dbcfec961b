package io.fw443.mgmt;

import io.fw443.metrics.MetricsRegistry;
import io.fw443.metrics.NodeMetrics;
import io.fw443.vrrp.VrrpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node in a fixed, known state for API and CLI tests: two members, two VRRP groups, three flows. Tests change
 * health, reload outcome or make a call throw through the public fields, and read back the last flow query.
 */
public final class FakeManagementBackend implements ManagementBackend {
    public static final FlowView HTTPS_FLOW = new FlowView("tcp", "192.0.2.10", 51000, "198.51.100.100", 443,
            "established", "www.example.test", "t13d1516h2_8daaf6152771_e5627efa2ab1", "h2", "1.3", 12L, 1, 40, 12345,
            "fw-a", List.of("tls-checked"));
    public static final FlowView QUIC_FLOW = new FlowView("udp", "192.0.2.11", 52000, "198.51.100.100", 443,
            "stream", "quic.example.test", null, "h3", "1.3", 750L, 0, 90, 80000, "fw-b", List.of("pickup"));
    public static final FlowView V6_FLOW = new FlowView("tcp", "2001:db8::10", 40000, "2001:db8:1::100", 443,
            "syn_sent", null, null, null, null, 0L, 0, 1, 74, "fw-a", List.of());

    public volatile HealthView health = new HealthView(HealthView.Status.HEALTHY, List.of());
    public volatile ReloadResult reloadResult = ReloadResult.applied("policy generation 8 (14 rules)");
    public volatile RuntimeException statsFailure;
    public volatile FlowQuery lastQuery;
    public volatile int lastFailoverGroup;

    private final ClusterView cluster = new ClusterView("fw-a", 7, "fw-a", List.of(
            new ClusterView.Member("fw-a", "203.0.113.2:7800", ClusterView.MemberState.UP, null,
                    new ClusterView.Resync(ClusterView.ResyncState.IN_SYNC, 1)),
            new ClusterView.Member("fw-b", "203.0.113.3:7800", ClusterView.MemberState.UP, 12L,
                    new ClusterView.Resync(ClusterView.ResyncState.RUNNING, 0.4))));
    private final VrrpView vrrp = new VrrpView(List.of(
            new VrrpView.Group(51, "inside", VrrpState.MASTER, 150, 150, "fw-a", List.of("192.0.2.1/24")),
            new VrrpView.Group(52, "outside", VrrpState.BACKUP, 150, 100, "fw-b", List.of("198.51.100.1/24"))));
    private final List<FlowView> flows = List.of(HTTPS_FLOW, QUIC_FLOW, V6_FLOW);
    private final StatsView stats = new StatsView(1000, 654321, Map.of(
            "forward", Map.of("match", 900L),
            "host", Map.of("host", 70L),
            "drop", Map.of("no-flow", 60L, "bad-checksum", 5L, "tls-sni-denied", 20L),
            "reject", Map.of("policy", 15L)), Map.of("seq-after-window", 4L), 3, 2_000_000);
    private final NodeMetrics metrics = new NodeMetrics(new MetricsRegistry());

    public FakeManagementBackend() {
        metrics.registry().gauge("fw443_flows", "Flows in the table.", () -> flows.size());
        metrics.packetLatency().record(3_000);
        metrics.replicationLag().record(2_000_000);
    }

    @Override
    public HealthView health() {
        return health;
    }

    @Override
    public ClusterView cluster() {
        return cluster;
    }

    @Override
    public VrrpView vrrp() {
        return vrrp;
    }

    /** Cursor = index of the next flow, in decimal. */
    @Override
    public FlowsPage flows(FlowQuery query) {
        lastQuery = query;
        List<FlowView> matching = new ArrayList<>();
        for (FlowView f : flows) {
            if (query.matches(f)) {
                matching.add(f);
            }
        }
        int from = query.cursor() == null ? 0 : Integer.parseInt(query.cursor());
        int to = Math.min(matching.size(), from + query.limit());
        return new FlowsPage(matching.subList(from, to), to < matching.size() ? Integer.toString(to) : null);
    }

    @Override
    public StatsView stats() {
        RuntimeException failure = statsFailure;
        if (failure != null) {
            throw failure;
        }
        return stats;
    }

    @Override
    public String metricsText() {
        return metrics.registry().render();
    }

    @Override
    public ReloadResult reload() {
        return reloadResult;
    }

    @Override
    public FailoverResult failover(int group) {
        lastFailoverGroup = group;
        switch (group) {
            case 51:
                return new FailoverResult(FailoverResult.Outcome.DONE, 51, "fw-a steps down; fw-b takes over");
            case 52:
                return new FailoverResult(FailoverResult.Outcome.REFUSED, 52, "no backup can take over");
            default:
                return new FailoverResult(FailoverResult.Outcome.UNKNOWN_GROUP, group, "no group " + group);
        }
    }
}
