package io.fw443.conntrack;

/** A UDP flow's progress. Codes are stable: stored in the record's state byte and replicated. */
public enum UdpState {
    /** Datagrams seen in the original direction only. */
    UNREPLIED(0),
    /** The first answer came back. */
    REPLIED(1),
    /** Traffic continued after the answer: a stream (a QUIC connection, say); the flow is ASSURED. */
    STREAM(2);

    private static final UdpState[] BY_CODE = values();

    private final int code;

    UdpState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The state with this code, or null when the byte holds no UDP state. */
    public static UdpState fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
