package io.fw443.tls.quic;

/**
 * Outcome of offering one datagram to a {@link QuicInspector}. {@link #COMPLETE}, {@link #MALFORMED} and
 * {@link #TOO_LARGE} are terminal for the flow; the others describe only the datagram just offered.
 */
public enum QuicStatus
{
    /** Initial packet(s) decrypted; the ClientHello is not yet contiguous. */
    NEED_MORE(false),
    /** The CRYPTO stream holds a whole ClientHello: {@link QuicInitialFlow#helloBuffer()}. */
    COMPLETE(true),
    /** No client Initial in this datagram (short header, 0-RTT, Handshake, Retry, empty datagram). */
    NOT_INITIAL(false),
    /** Version Negotiation or a version whose Initial protection this package does not know. */
    UNKNOWN_VERSION(false),
    /** An Initial the server would discard unread: bad header, too short a datagram, or failed AEAD. */
    UNDECRYPTABLE(false),
    /** Authenticated content violates RFC 9000 in a way that closes the connection, or is no ClientHello. */
    MALFORMED(true),
    /** The ClientHello is longer than the flow's reassembly buffer. */
    TOO_LARGE(true);

    private final boolean terminal;

    QuicStatus(final boolean terminal)
    {
        this.terminal = terminal;
    }

    /** @return true when the flow's inspection is decided and further datagrams change nothing. */
    public boolean isTerminal()
    {
        return terminal;
    }
}
