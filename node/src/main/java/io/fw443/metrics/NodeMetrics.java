package io.fw443.metrics;

/**
 * The two latency histograms {@code GET /metrics} promises, with their names and bucket layouts fixed in one place
 * (docs/design/mgmt.md lists them). The engine records per-packet latency, the sync layer replication lag; both
 * register their counters and gauges on the same {@link #registry()}.
 */
public final class NodeMetrics {
    /** Packet in to verdict out: 1 µs doubling to 32.768 ms (16 bounds). */
    private static final long PACKET_LATENCY_FIRST_NS = 1_000;
    private static final int PACKET_LATENCY_BUCKETS = 16;
    /** Change on the origin to applied on a peer: 100 µs doubling to 6.5536 s (17 bounds). */
    private static final long REPLICATION_LAG_FIRST_NS = 100_000;
    private static final int REPLICATION_LAG_BUCKETS = 17;

    private final MetricsRegistry registry;
    private final Histogram packetLatency;
    private final Histogram replicationLag;

    public NodeMetrics(MetricsRegistry registry) {
        this.registry = registry;
        this.packetLatency = registry.histogram("fw443_packet_latency_seconds",
                "Time from a frame's capture to its verdict.",
                Histogram.exponentialBoundsNs(PACKET_LATENCY_FIRST_NS, 2, PACKET_LATENCY_BUCKETS));
        this.replicationLag = registry.histogram("fw443_replication_lag_seconds",
                "Time from a flow change on its origin node to its application here.",
                Histogram.exponentialBoundsNs(REPLICATION_LAG_FIRST_NS, 2, REPLICATION_LAG_BUCKETS));
    }

    public MetricsRegistry registry() {
        return registry;
    }

    public Histogram packetLatency() {
        return packetLatency;
    }

    public Histogram replicationLag() {
        return replicationLag;
    }
}
