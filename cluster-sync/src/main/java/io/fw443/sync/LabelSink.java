package io.fw443.sync;

/**
 * Takes labels: opaque texts of up to {@link SyncMessage#MAX_LABEL_BYTES} bytes that flow records name only by a
 * 64-bit hash (the node's display names of a flow; this module knows nothing of what they mean).
 */
@FunctionalInterface
public interface LabelSink {
    /**
     * One label, {@code text[off, off+len)}, valid only during the call. Returns false when the label is not taken
     * (a receiving node that finds the text does not match the hash refuses it; the replicator counts that).
     */
    boolean label(long hash, byte[] text, int off, int len);

    /** Takes nothing (a replicator without a node behind it). */
    LabelSink NONE = (hash, text, off, len) -> false;
}
