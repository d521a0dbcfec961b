package io.fw443.sync;

/** Outputs of the {@link ResyncMachine}, carried out by the replicator's agent. */
public sealed interface SyncAction {
    /** Ask {@code peer} for every record (a full snapshot) under {@code session}. */
    record RequestSnapshot(int peer, int session) implements SyncAction {}

    /**
     * Send our range digests to {@code peer}, which re-sends what differs and asks for ours. {@code heal}: repair
     * every differing range (after a partition or a resync), not just a bounded number per round.
     */
    record SendDigest(int peer, boolean heal) implements SyncAction {}

    /** A full resync completed: sweep records the snapshot proved stale, record the duration. */
    record ResyncDone(int peer, int session, long records, long durationNs) implements SyncAction {}

    /** Report resync progress (at most once a second). */
    record ReportProgress(int peer, long received, long expected) implements SyncAction {}
}
