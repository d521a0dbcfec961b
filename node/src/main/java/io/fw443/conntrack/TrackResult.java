package io.fw443.conntrack;

/**
 * The outcome of tracking one packet: a pass, a request to treat the packet as a table miss, or the one condition
 * that failed. Each value has a stable code so the engine can keep one counter per reason (pf's {@code PFRES_*}).
 */
public enum TrackResult {
    /** In state and in window; the record was updated. */
    ACCEPT(0, Disposition.PASS),
    /** Passed without updating the record: conntrack may be the party out of sync (Linux's sIG cells). */
    IGNORED(1, Disposition.PASS),
    /** An ICMP error quoting a tracked flow, consistent with it. */
    RELATED(2, Disposition.PASS),
    /** A SYN reopening a closed connection: delete the record and handle the packet as a new flow. */
    REOPEN(3, Disposition.NEW_FLOW),
    /** The record outlived its timeout: delete it and handle the packet as a new flow. */
    EXPIRED(4, Disposition.NEW_FLOW),
    /** The packet cannot create a flow (for TCP only a SYN without ACK can; for ICMP only an echo request). */
    NOT_AN_OPENER(5, Disposition.DROP),
    /** A TCP flag combination no conforming stack sends (NULL, SYN+FIN, SYN+RST, Xmas, ...). */
    INVALID_FLAGS(6, Disposition.DROP),
    /** The segment is not possible in the flow's current state (Linux's sIV cells). */
    INVALID_STATE_TRANSITION(7, Disposition.DROP),
    /** I: the segment starts beyond the highest sequence number the receiver has allowed. */
    SEQ_AFTER_WINDOW(8, Disposition.DROP),
    /** II: the segment ends more than one receive window before the data already seen. */
    SEQ_BEFORE_WINDOW(9, Disposition.DROP),
    /** III: the segment acknowledges data the other side has not sent. */
    ACK_AFTER_WINDOW(10, Disposition.DROP),
    /** IV: the acknowledgment lags more than a maximum window behind what the other side has sent. */
    ACK_BEFORE_WINDOW(11, Disposition.DROP),
    /** A RST that misses the window, or before any answer does not hit the SYN exactly (a blind reset). */
    RST_OUT_OF_WINDOW(12, Disposition.DROP),
    /** An ICMP type that does not belong to this echo flow in this direction. */
    ICMP_UNEXPECTED_TYPE(13, Disposition.DROP),
    /** An ICMP error quoting a flow the table does not hold. */
    RELATED_NO_FLOW(14, Disposition.DROP),
    /** An ICMP error quoting a TCP segment outside the flow's window (a forged error). */
    RELATED_SEQ_OUT_OF_WINDOW(15, Disposition.DROP),
    /** An IP fragment; see {@link FragmentPolicy}. */
    FRAGMENT(16, Disposition.DROP),
    /** The caller passed something impossible: a direction other than 0/1 or a negative payload length. */
    BAD_INPUT(17, Disposition.DROP),
    /** The record's state byte holds no state of this protocol (corrupt or foreign record). */
    BAD_RECORD_STATE(18, Disposition.DROP);

    /** What the engine does with the packet. */
    public enum Disposition {
        /** Forward it (subject to the rest of the pipeline). */
        PASS,
        /** Drop it and count the reason. */
        DROP,
        /** Forget the record and run the packet through the new-flow path (policy, then open). */
        NEW_FLOW
    }

    private final int code;
    private final Disposition disposition;

    TrackResult(int code, Disposition disposition) {
        this.code = code;
        this.disposition = disposition;
    }

    public int code() {
        return code;
    }

    public Disposition disposition() {
        return disposition;
    }

    public boolean passes() {
        return disposition == Disposition.PASS;
    }
}
