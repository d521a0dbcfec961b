package io.fw443.mgmt;

import java.util.List;
import java.util.Objects;

/**
 * {@code GET /health}: the node's own verdict on itself. A {@link Status#FAILED} node fails closed (it forwards
 * nothing) and the endpoint answers 503 so a supervisor or a load balancer sees it without reading JSON.
 *
 * @param reasons why the node is not healthy, one short phrase each; empty when healthy
 */
public record HealthView(Status status, List<String> reasons) {
    public enum Status {
        /** Everything works. */
        HEALTHY,
        /** Forwarding, but something needs attention (a peer lags, a resync runs, a group is demoted). */
        DEGRADED,
        /** Not forwarding: the engine is down or refused to start; the node fails closed. */
        FAILED
    }

    public HealthView {
        Objects.requireNonNull(status, "status");
        reasons = List.copyOf(reasons);
    }
}
