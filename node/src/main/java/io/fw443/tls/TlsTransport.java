package io.fw443.tls;

/** What carried a hello; JA4's first character (JA4 spec, "QUIC and DTLS"). */
public enum TlsTransport {
    /** TLS records over TCP. */
    TCP('t'),
    /** Raw handshake messages from QUIC CRYPTO frames (RFC 9001 §4). */
    QUIC('q');

    private final byte ja4Char;

    TlsTransport(char ja4Char) {
        this.ja4Char = (byte) ja4Char;
    }

    /** The JA4 marker as an ASCII byte. */
    public byte ja4Char() {
        return ja4Char;
    }
}
