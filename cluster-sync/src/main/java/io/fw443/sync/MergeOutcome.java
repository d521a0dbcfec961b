package io.fw443.sync;

/** What {@link FlowMerge#merge} decided for one incoming record against the local copy. */
public enum MergeOutcome {
    /** The incoming record is at least as far along in every respect: store it. */
    APPLY,
    /** The local copy is ahead in every respect: keep it, and send it back so the stale sender catches up. */
    KEEP_LOCAL_SEND_BACK,
    /** Each side had something the other lacked: store the join of both, and send it back. */
    APPLY_SEND_BACK,
    /** The same content (a duplicate or an echo): nothing to do. */
    IGNORE_DUPLICATE;

    /** Whether the table must be written. */
    public boolean stores() {
        return this == APPLY || this == APPLY_SEND_BACK;
    }

    /** Whether the resulting local copy goes back to the sender. */
    public boolean sendsBack() {
        return this == KEEP_LOCAL_SEND_BACK || this == APPLY_SEND_BACK;
    }
}
