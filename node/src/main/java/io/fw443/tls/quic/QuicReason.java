package io.fw443.tls.quic;

/**
 * Why a datagram got its {@link QuicStatus}; {@link QuicInspector#count(QuicReason)} keeps one counter per reason,
 * indexed by ordinal (counters are process-local, never persisted or sent, so the order may change freely).
 */
public enum QuicReason
{
    /** No problem found (internal result of a step; never counted). */
    NONE,

    // NEED_MORE
    /** Initial(s) decrypted, the ClientHello has a gap or has not all arrived. */
    CRYPTO_PENDING,

    // COMPLETE
    /** A contiguous prefix of the CRYPTO stream covers the whole ClientHello. */
    CLIENT_HELLO_COMPLETE,

    // any terminal status
    /** The flow was already decided; the datagram was not inspected. */
    AFTER_DECISION,

    // NOT_INITIAL
    /** Zero-length UDP payload. */
    EMPTY_DATAGRAM,
    /** Header Form bit 0: a 1-RTT packet (RFC 9000 §17.3). */
    SHORT_HEADER,
    /** Long header of another type than Initial first in the datagram (RFC 9000 §17.2). */
    NOT_INITIAL_PACKET,

    // UNKNOWN_VERSION
    /** Version 0 (RFC 9000 §17.2.1). */
    VERSION_NEGOTIATION,
    /** A version other than 1 (RFC 9000) and 2 (RFC 9369): its Initial keys are unknown. */
    UNSUPPORTED_VERSION,

    // UNDECRYPTABLE
    /** Datagram carrying a client Initial is shorter than 1200 bytes (RFC 9000 §14.1: the server discards it). */
    DATAGRAM_TOO_SHORT,
    /** Datagram longer than any UDP payload ({@link QuicInspector#MAX_DATAGRAM_BYTES}). */
    DATAGRAM_TOO_LONG,
    /** The long header ends before its connection IDs, token or Length field (RFC 9000 §17.2). */
    HEADER_TRUNCATED,
    /** A connection ID longer than 20 bytes (RFC 9000 §17.2). */
    CID_TOO_LONG,
    /** The Length field runs past the end of the datagram (RFC 9000 §17.2). */
    PACKET_TRUNCATED,
    /** Too few bytes after the packet number offset for the header protection sample (RFC 9001 §5.4.2). */
    PACKET_TOO_SHORT,
    /** AEAD_AES_128_GCM authentication failed (RFC 9001 §5.3): corrupt, spoofed, or other keys. */
    AEAD_FAILED,

    // MALFORMED
    /** Reserved bits set after removing protection (RFC 9000 §17.2: PROTOCOL_VIOLATION). */
    RESERVED_BITS_SET,
    /** A packet without frames (RFC 9000 §12.4: PROTOCOL_VIOLATION). */
    NO_FRAMES,
    /** A frame runs past the end of the packet payload (RFC 9000 §12.4: FRAME_ENCODING_ERROR). */
    FRAME_TRUNCATED,
    /** A frame type not in its shortest encoding (RFC 9000 §12.4). */
    FRAME_TYPE_NOT_MINIMAL,
    /** A frame type not permitted in Initial packets (RFC 9000 §12.4 Table 3, §17.2.2). */
    FRAME_NOT_ALLOWED,
    /** CRYPTO offset + length beyond 2^62-1 (RFC 9000 §19.6). */
    CRYPTO_OFFSET_OVERFLOW,
    /** Retransmitted CRYPTO bytes differ from bytes already received: ambiguous stream, refused. */
    CRYPTO_CONFLICT,
    /** The CRYPTO stream does not start with a ClientHello (RFC 8446 §4: msg_type 1). */
    NOT_CLIENT_HELLO,

    // TOO_LARGE
    /** The ClientHello's declared length exceeds the reassembly capacity. */
    CLIENT_HELLO_TOO_LARGE;

    private static final QuicReason[] VALUES = values();

    /** @return the number of reasons, the size of a counter array indexed by ordinal. */
    public static int count()
    {
        return VALUES.length;
    }

    /** @return the reason with this ordinal (for walking a counter array without allocating). */
    public static QuicReason ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
