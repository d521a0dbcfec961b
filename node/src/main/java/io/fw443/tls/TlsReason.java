package io.fw443.tls;

/** Why a first flight was judged {@link TlsParseStatus#MALFORMED}; {@link #NONE} otherwise. */
public enum TlsReason {
    /** No defect found. */
    NONE(0),
    /** A record of another content type came before the hello was complete (RFC 8446 §5.1). */
    UNEXPECTED_RECORD_TYPE(1),
    /** The peer sent an alert record instead of a hello. */
    ALERT(2),
    /** A later record's version major byte was not 3. */
    BAD_RECORD_VERSION(3),
    /** A handshake record of length 0 (forbidden by RFC 8446 §5.1). */
    EMPTY_RECORD(4),
    /** A record longer than 2^14 bytes (RFC 8446 §5.1). */
    RECORD_OVERFLOW(5),
    /** The first handshake message is not the expected hello type. */
    UNEXPECTED_HANDSHAKE_TYPE(6),
    /** The hello body ended before a fixed field or a vector was complete. */
    TRUNCATED_HELLO(7),
    /** legacy_session_id longer than 32 bytes. */
    BAD_SESSION_ID(8),
    /** cipher_suites vector empty or of odd length. */
    BAD_CIPHER_SUITES(9),
    /** legacy_compression_methods vector empty. */
    BAD_COMPRESSION_METHODS(10),
    /** The extensions vector length does not match the rest of the hello. */
    BAD_EXTENSIONS_LENGTH(11),
    /** An extension header or body is inconsistent with its length. */
    BAD_EXTENSION(12),
    /** The same extension type appears twice (RFC 8446 §4.2). */
    DUPLICATE_EXTENSION(13),
    /** A list holds more entries than the holder keeps. */
    TOO_MANY_ENTRIES(14),
    /** The server name is longer than a DNS name can be (255 bytes). */
    SNI_TOO_LONG(15),
    /** A retransmitted TCP segment disagrees with bytes already received. */
    OVERLAP_MISMATCH(16),
    /** The first flight arrived in more out-of-order pieces than the reassembler tracks. */
    TOO_MANY_HOLES(17);

    private final int code;

    TlsReason(int code) {
        this.code = code;
    }

    /** Stable code for counters and logs. */
    public int code() {
        return code;
    }
}
