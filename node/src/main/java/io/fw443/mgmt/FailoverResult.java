package io.fw443.mgmt;

import java.util.Objects;

/**
 * What {@code POST /failover?group=N} did: move the group's mastership away from its current master.
 *
 * @param detail one line for the operator ("fw-a steps down (priority 0 advert); fw-b takes over")
 */
public record FailoverResult(Outcome outcome, int group, String detail) {
    public enum Outcome {
        /** Started; answers 200. */
        DONE,
        /** No such group on this node; answers 404. */
        UNKNOWN_GROUP,
        /** Not now (no peer could take over, the table is still resyncing...); answers 409. */
        REFUSED
    }

    public FailoverResult {
        Objects.requireNonNull(outcome, "outcome");
    }
}
