package io.fw443.tls;

/**
 * Wire constants of the TLS record and handshake layers, and the GREASE test.
 *
 * <pre>
 * TLSPlaintext (RFC 8446 §5.1):
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | content type  |  legacy_record_version (3,x)  |    length     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    length     |  fragment (length bytes, at most 2^14) ...     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Handshake (RFC 8446 §4), carried in one or more fragments:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   msg_type    |            length (uint24)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  body (length bytes) ...                                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TlsWire {
    /** ContentType alert (RFC 8446 §5.1). */
    public static final int CONTENT_ALERT = 21;
    /** ContentType handshake (RFC 8446 §5.1). */
    public static final int CONTENT_HANDSHAKE = 22;
    /** Major byte of every legacy_record_version since SSL 3.0 (RFC 8446 §5.1, Appendix D). */
    public static final int RECORD_VERSION_MAJOR = 3;
    /** Record header: type(1) version(2) length(2) (RFC 8446 §5.1). */
    public static final int RECORD_HEADER_BYTES = 5;
    /** Maximum TLSPlaintext.length, 2^14 (RFC 8446 §5.1). */
    public static final int MAX_RECORD_FRAGMENT_BYTES = 1 << 14;
    /** Handshake header: msg_type(1) length(3) (RFC 8446 §4). */
    public static final int HANDSHAKE_HEADER_BYTES = 4;
    /** HandshakeType client_hello (RFC 8446 §4). */
    public static final int HANDSHAKE_CLIENT_HELLO = 1;
    /** HandshakeType server_hello (RFC 8446 §4). */
    public static final int HANDSHAKE_SERVER_HELLO = 2;
    /** Random field of a hello (RFC 8446 §4.1.2). */
    public static final int RANDOM_BYTES = 32;
    /** legacy_session_id&lt;0..32&gt; (RFC 8446 §4.1.2). */
    public static final int MAX_SESSION_ID_BYTES = 32;

    /** server_name (RFC 6066 §3). */
    public static final int EXT_SERVER_NAME = 0x0000;
    /** NameType host_name (RFC 6066 §3). */
    public static final int SNI_HOST_NAME = 0;
    /** supported_groups (RFC 8446 §4.2.7, formerly elliptic_curves in RFC 4492). */
    public static final int EXT_SUPPORTED_GROUPS = 0x000a;
    /** ec_point_formats (RFC 8422 §5.1.2). */
    public static final int EXT_EC_POINT_FORMATS = 0x000b;
    /** signature_algorithms (RFC 8446 §4.2.3). */
    public static final int EXT_SIGNATURE_ALGORITHMS = 0x000d;
    /** application_layer_protocol_negotiation (RFC 7301 §3.1). */
    public static final int EXT_ALPN = 0x0010;
    /** supported_versions (RFC 8446 §4.2.1). */
    public static final int EXT_SUPPORTED_VERSIONS = 0x002b;
    /** key_share (RFC 8446 §4.2.8). */
    public static final int EXT_KEY_SHARE = 0x0033;
    /** encrypted_client_hello (draft-ietf-tls-esni §5, IANA TLS ExtensionType registry). */
    public static final int EXT_ENCRYPTED_CLIENT_HELLO = 0xfe0d;

    private TlsWire() {
    }

    /**
     * Whether a 16-bit value is one of the 16 GREASE values 0x?A?A with equal bytes (RFC 8701 §2):
     * 0x0A0A, 0x1A1A, ... 0xFAFA.
     */
    public static boolean isGrease(int value) {
        return (value & 0x0f0f) == 0x0a0a && (value >>> 8) == (value & 0xff);
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    static int u24(byte[] b, int i) {
        return ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
    }
}
