package io.fw443.mgmt;

/**
 * What the management API asks of the node. The server calls these off the I/O thread, one request at a time per
 * connection but possibly concurrently across connections, so implementations must be thread-safe. A method may
 * throw: the client gets a 500 with the exception's message and the server logs it.
 */
public interface ManagementBackend {
    HealthView health();

    ClusterView cluster();

    VrrpView vrrp();

    /**
     * One page of the flows matching {@code query} (already validated; see {@link FlowQuery#matches}). Throws for
     * what only the backend can check (a cursor it never issued): the client gets a 400.
     */
    FlowsPage flows(FlowQuery query) throws FlowQuery.InvalidParameterException;

    StatsView stats();

    /** The Prometheus text exposition (format 0.0.4), e.g. {@link io.fw443.metrics.MetricsRegistry#render()}. */
    String metricsText();

    /** Re-reads the policy without losing flows. */
    ReloadResult reload();

    /** Moves mastership of VRRP group {@code group} (1..255) away from its current master. */
    FailoverResult failover(int group);
}
