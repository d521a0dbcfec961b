package io.fw443.tls.quic;

/**
 * Long header packet types (RFC 9000 §17.2). The two-bit wire encoding differs per version, see
 * {@link QuicVersion#packetType(int)}.
 */
public enum QuicPacketType
{
    /** Carries the first CRYPTO frames of client and server (RFC 9000 §17.2.2). */
    INITIAL,
    /** Early data (RFC 9000 §17.2.3). */
    ZERO_RTT,
    /** Handshake-level CRYPTO frames (RFC 9000 §17.2.4). */
    HANDSHAKE,
    /** Server address validation; has no Length field (RFC 9000 §17.2.5). */
    RETRY
}
