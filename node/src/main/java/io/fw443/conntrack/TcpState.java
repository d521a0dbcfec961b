package io.fw443.conntrack;

/**
 * Conntrack's view of a TCP connection, as Linux's {@code enum tcp_conntrack} has it. Codes are stable: they are
 * stored in {@link io.fw443.table.FlowRecord#state()} and replicated to peers.
 */
public enum TcpState {
    /** Nothing seen yet. */
    NONE(0),
    /** A SYN was seen in the original direction. */
    SYN_SENT(1),
    /** The SYN was answered with SYN+ACK. */
    SYN_RECV(2),
    /** The opener's ACK completed the handshake (or a mid-stream flow was assumed established). */
    ESTABLISHED(3),
    /** A FIN was seen from one side. */
    FIN_WAIT(4),
    /** The first FIN was acknowledged; the other side may still send. */
    CLOSE_WAIT(5),
    /** FINs were seen from both sides; waiting for the last ACK. */
    LAST_ACK(6),
    /** The last FIN was acknowledged. */
    TIME_WAIT(7),
    /** A reset closed the connection. */
    CLOSE(8),
    /** A SYN was seen from the reply direction too: simultaneous open. */
    SYN_SENT2(9);

    private static final TcpState[] BY_CODE = values();

    private final int code;

    TcpState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The state with this code, or null when the byte holds no TCP state (a corrupt or foreign record). */
    public static TcpState fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
