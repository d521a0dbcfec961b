package io.fw443.sync;

/**
 * The labels a node knows, for a peer that joins: served with its snapshot, since deltas carry only new names and a
 * joiner missed the earlier ones. Called on the replicator's worker thread.
 */
@FunctionalInterface
public interface LabelSource {
    /** Hands every known label to {@code sink}. */
    void forEachLabel(LabelSink sink);

    LabelSource NONE = sink -> { };
}
