package io.fw443.conntrack;

/**
 * Bits of {@link io.fw443.table.FlowRecord#tcpFlags(int)}, one byte per direction: what conntrack knows about that
 * direction's sender (Linux's {@code td_flags}). The byte is replicated to peers, so the bit positions are permanent.
 * Bits shared with Linux keep Linux's values.
 *
 * <pre>
 *   7   6   5   4   3   2   1   0
 * +---+---+---+---+---+---+---+---+
 * | 0 |SO | 0 |DU |PA |CI |SP |WS |
 * +---+---+---+---+---+---+---+---+
 * </pre>
 */
public final class TcpDirectionFlags {
    /** WS: the sender's SYN carried a Window Scale option. */
    public static final int WINDOW_SCALE = 0x01;
    /** SP: the sender's SYN carried SACK-Permitted, so its peer may send SACK blocks. */
    public static final int SACK_PERM = 0x02;
    /** CI: this direction sent the first FIN. */
    public static final int CLOSE_INIT = 0x04;
    /**
     * PA: in a picked-up flow, this direction's window was re-anchored on a packet seen locally. Meaningful only
     * while the record has {@link io.fw443.table.FlowRecord#FLAG_PICKUP}; cleared with it.
     */
    public static final int PICKUP_ANCHORED = io.fw443.table.FlowRecord.TCP_PICKUP_ANCHORED;
    /** DU: the sender has data in flight the other side has not acknowledged yet. */
    public static final int DATA_UNACKNOWLEDGED = 0x10;
    /**
     * SO: the flow opened simultaneously (SYN from both sides). Kept in the ORIGINAL direction's byte only; Linux
     * keeps it per connection.
     */
    public static final int SIMULTANEOUS_OPEN = 0x40;

    /** Bits that describe the connection or pickup, not the sender's latest SYN, and survive a sender re-init. */
    static final int KEEP_ON_REINIT = PICKUP_ANCHORED | SIMULTANEOUS_OPEN;

    private TcpDirectionFlags() {
    }
}
