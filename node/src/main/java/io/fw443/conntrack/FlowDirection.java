package io.fw443.conntrack;

/**
 * Direction indexes within a flow, as {@link io.fw443.table.FlowRecord} addresses its per-direction fields.
 * ORIGINAL is the direction of the packet that opened the flow, REPLY the other (conntrack's IP_CT_DIR_*).
 */
public final class FlowDirection {
    public static final int ORIGINAL = 0;
    public static final int REPLY = 1;

    private FlowDirection() {
    }

    /** True for 0 and 1; anything else would address memory outside the record's direction fields. */
    public static boolean valid(int dir) {
        return (dir & ~1) == 0;
    }
}
