package io.fw443.tls;

/**
 * Outcome of parsing (or reassembling) the first handshake message of a flow. Every value but
 * {@link #NEED_MORE} is terminal for that flow.
 */
public enum TlsParseStatus {
    /** The bytes so far are a valid prefix; more are needed (see {@code neededBytes()}). */
    NEED_MORE(0),
    /** The whole hello message was read and parsed; its facts are in the holder. */
    COMPLETE(1),
    /** The first bytes are not a TLS handshake record: a protocol violation on a TLS port. */
    NOT_TLS(2),
    /** The bytes look like TLS but break the grammar; the reason is in the holder. */
    MALFORMED(3),
    /** The hello does not fit the inspection bound. */
    TOO_LARGE(4);

    private final int code;

    TlsParseStatus(int code) {
        this.code = code;
    }

    /** Stable code for counters and logs. */
    public int code() {
        return code;
    }

    /** Whether no further input can change this outcome. */
    public boolean isTerminal() {
        return this != NEED_MORE;
    }
}
