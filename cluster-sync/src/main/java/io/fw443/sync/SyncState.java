package io.fw443.sync;

/** Where a member stands with its copy of the cluster's flows. VRRP tracking demotes the node unless READY. */
public enum SyncState {
    /** Started, waiting for the first membership view. */
    JOINING(0),
    /** Pulling a full snapshot from a peer while live deltas keep flowing; the table is not complete yet. */
    RESYNCING(1),
    /** Holds everything its peers replicated (or is alone); anti-entropy keeps it so. */
    READY(2);

    /** A stable code for status output and metrics. */
    public final int code;

    SyncState(int code) {
        this.code = code;
    }
}
