package io.fw443.tls;

import static io.fw443.tls.TlsWire.EXT_ALPN;
import static io.fw443.tls.TlsWire.EXT_EC_POINT_FORMATS;
import static io.fw443.tls.TlsWire.EXT_ENCRYPTED_CLIENT_HELLO;
import static io.fw443.tls.TlsWire.EXT_KEY_SHARE;
import static io.fw443.tls.TlsWire.EXT_SERVER_NAME;
import static io.fw443.tls.TlsWire.EXT_SIGNATURE_ALGORITHMS;
import static io.fw443.tls.TlsWire.EXT_SUPPORTED_GROUPS;
import static io.fw443.tls.TlsWire.EXT_SUPPORTED_VERSIONS;
import static io.fw443.tls.TlsWire.HANDSHAKE_CLIENT_HELLO;
import static io.fw443.tls.TlsWire.HANDSHAKE_HEADER_BYTES;
import static io.fw443.tls.TlsWire.MAX_SESSION_ID_BYTES;
import static io.fw443.tls.TlsWire.RANDOM_BYTES;
import static io.fw443.tls.TlsWire.SNI_HOST_NAME;
import static io.fw443.tls.TlsWire.isGrease;
import static io.fw443.tls.TlsWire.u16;
import static io.fw443.tls.TlsWire.u8;

/**
 * Parses the ClientHello that opens a client's first flight into a reusable {@link ClientHelloInfo}.
 * Allocation-free, never throws on input; one instance per thread.
 *
 * <pre>
 * struct {                                           (RFC 8446 §4.1.2)
 *     ProtocolVersion legacy_version;                2 bytes
 *     Random random;                                 32 bytes
 *     opaque legacy_session_id&lt;0..32&gt;;             1-byte length
 *     CipherSuite cipher_suites&lt;2..2^16-2&gt;;        2-byte length, 2 bytes each
 *     opaque legacy_compression_methods&lt;1..2^8-1&gt;; 1-byte length
 *     Extension extensions&lt;8..2^16-1&gt;;            2-byte length; absent before TLS 1.2 (RFC 5246 §7.4.1.2)
 * } ClientHello;
 * struct { ExtensionType extension_type; opaque extension_data&lt;0..2^16-1&gt;; } Extension;
 * </pre>
 *
 * Extension bodies read: server_name (RFC 6066 §3), supported_groups (RFC 8446 §4.2.7),
 * ec_point_formats (RFC 8422 §5.1.2), signature_algorithms (RFC 8446 §4.2.3), ALPN (RFC 7301 §3.1),
 * supported_versions (RFC 8446 §4.2.1), key_share (RFC 8446 §4.2.8); encrypted_client_hello is
 * noted by presence. Others are recorded by type only.
 */
public final class ClientHelloParser {
    /** Default bound on the ClientHello message (a post-quantum hello is ~1.8 KiB; 16 KiB leaves room). */
    public static final int DEFAULT_MAX_HELLO_BYTES = 16 * 1024;

    /** {@code readU16List} results: a malformed vector, or more entries than the holder keeps. */
    private static final int MALFORMED_LIST = -1;
    private static final int TOO_MANY = -2;

    private final HandshakeAssembler assembler;

    public ClientHelloParser() {
        this(DEFAULT_MAX_HELLO_BYTES);
    }

    /** @param maxHelloBytes bound on the ClientHello message length, header included */
    public ClientHelloParser(int maxHelloBytes) {
        this.assembler = new HandshakeAssembler(maxHelloBytes);
    }

    /** Bound on the ClientHello message length, header included. */
    public int maxHelloBytes() {
        return assembler.maxMessageBytes();
    }

    /**
     * Parses TLS records (content type 22, possibly several for one hello) starting at {@code off}.
     * Returns NOT_TLS as soon as the first byte is not a handshake record or the second is not 3.
     */
    public TlsParseStatus parse(byte[] buf, int off, int len, ClientHelloInfo out) {
        out.reset(TlsTransport.TCP);
        return finish(assembler.fromRecords(buf, off, len, HANDSHAKE_CLIENT_HELLO), out);
    }

    /** Parses raw handshake messages (a QUIC CRYPTO stream from offset 0); the transport is QUIC. */
    public TlsParseStatus parseHandshake(byte[] buf, int off, int len, ClientHelloInfo out) {
        out.reset(TlsTransport.QUIC);
        return finish(assembler.fromHandshake(buf, off, len, HANDSHAKE_CLIENT_HELLO), out);
    }

    private TlsParseStatus finish(TlsParseStatus status, ClientHelloInfo out) {
        HandshakeAssembler a = assembler;
        out.neededBytes = a.neededBytes;
        if (status != TlsParseStatus.COMPLETE) {
            out.reason = a.reason;
            return status;
        }
        out.consumedBytes = a.consumedBytes;
        out.helloLength = a.messageLength;
        int bodyStart = a.messageOffset + HANDSHAKE_HEADER_BYTES;
        TlsReason why = parseBody(a.messageBuffer, bodyStart, a.messageOffset + a.messageLength, out);
        out.reason = why;
        return why == TlsReason.NONE ? TlsParseStatus.COMPLETE : TlsParseStatus.MALFORMED;
    }

    private static TlsReason parseBody(byte[] b, int p, int end, ClientHelloInfo out) {
        if (end - p < 2 + RANDOM_BYTES + 1) {
            return TlsReason.TRUNCATED_HELLO;
        }
        out.legacyVersion = u16(b, p);
        p += 2 + RANDOM_BYTES;
        int sessionIdLength = u8(b, p++);
        if (sessionIdLength > MAX_SESSION_ID_BYTES) {
            return TlsReason.BAD_SESSION_ID;
        }
        if (end - p < sessionIdLength + 2) {
            return TlsReason.TRUNCATED_HELLO;
        }
        p += sessionIdLength;
        int suitesLength = u16(b, p);
        p += 2;
        if (suitesLength == 0 || (suitesLength & 1) != 0) {
            return TlsReason.BAD_CIPHER_SUITES;
        }
        if (end - p < suitesLength + 1) {
            return TlsReason.TRUNCATED_HELLO;
        }
        if (suitesLength / 2 > ClientHelloInfo.MAX_LIST_ENTRIES) {
            return TlsReason.TOO_MANY_ENTRIES;
        }
        for (int q = p, e = p + suitesLength; q < e; q += 2) {
            int suite = u16(b, q);
            if (isGrease(suite)) {
                out.greaseMask |= ClientHelloInfo.GREASE_CIPHER_SUITES;
            }
            out.cipherSuites[out.cipherSuiteCount++] = suite;
        }
        p += suitesLength;
        int compressionLength = u8(b, p++);
        if (compressionLength == 0) {
            return TlsReason.BAD_COMPRESSION_METHODS;
        }
        if (end - p < compressionLength) {
            return TlsReason.TRUNCATED_HELLO;
        }
        p += compressionLength;
        if (p == end) {
            return TlsReason.NONE; // no extensions block: allowed before TLS 1.2 (RFC 5246 §7.4.1.2)
        }
        if (end - p < 2) {
            return TlsReason.TRUNCATED_HELLO;
        }
        int extensionsLength = u16(b, p);
        p += 2;
        if (extensionsLength != end - p) {
            return TlsReason.BAD_EXTENSIONS_LENGTH;
        }
        while (p < end) {
            if (end - p < 4) {
                return TlsReason.BAD_EXTENSION;
            }
            int type = u16(b, p);
            int length = u16(b, p + 2);
            p += 4;
            if (end - p < length) {
                return TlsReason.BAD_EXTENSION;
            }
            if (out.extensionCount == ClientHelloInfo.MAX_LIST_ENTRIES) {
                return TlsReason.TOO_MANY_ENTRIES;
            }
            for (int i = 0; i < out.extensionCount; i++) {
                if (out.extensionTypes[i] == type) {
                    return TlsReason.DUPLICATE_EXTENSION;
                }
            }
            out.extensionTypes[out.extensionCount++] = type;
            if (isGrease(type)) {
                out.greaseMask |= ClientHelloInfo.GREASE_EXTENSIONS;
            }
            TlsReason why = parseExtension(type, b, p, p + length, out);
            if (why != TlsReason.NONE) {
                return why;
            }
            p += length;
        }
        return TlsReason.NONE;
    }

    private static TlsReason parseExtension(int type, byte[] b, int p, int end, ClientHelloInfo out) {
        switch (type) {
            case EXT_SERVER_NAME:
                out.hasSni = true;
                return parseServerName(b, p, end, out);
            case EXT_SUPPORTED_GROUPS: {
                int n = readU16List(b, p, end, out.supportedGroups);
                if (n < 0) {
                    return n == TOO_MANY ? TlsReason.TOO_MANY_ENTRIES : TlsReason.BAD_EXTENSION;
                }
                out.supportedGroupCount = n;
                if (anyGrease(out.supportedGroups, n)) {
                    out.greaseMask |= ClientHelloInfo.GREASE_SUPPORTED_GROUPS;
                }
                return TlsReason.NONE;
            }
            case EXT_EC_POINT_FORMATS: {
                if (end - p < 1 || u8(b, p) != end - p - 1) {
                    return TlsReason.BAD_EXTENSION;
                }
                int n = end - p - 1;
                for (int i = 0; i < n; i++) {
                    out.ecPointFormats[i] = u8(b, p + 1 + i);
                }
                out.ecPointFormatCount = n;
                return TlsReason.NONE;
            }
            case EXT_SIGNATURE_ALGORITHMS: {
                int n = readU16List(b, p, end, out.signatureAlgorithms);
                if (n < 0) {
                    return n == TOO_MANY ? TlsReason.TOO_MANY_ENTRIES : TlsReason.BAD_EXTENSION;
                }
                out.hasSignatureAlgorithms = true;
                out.signatureAlgorithmCount = n;
                if (anyGrease(out.signatureAlgorithms, n)) {
                    out.greaseMask |= ClientHelloInfo.GREASE_SIGNATURE_ALGORITHMS;
                }
                return TlsReason.NONE;
            }
            case EXT_ALPN:
                out.hasAlpn = true;
                return parseAlpn(b, p, end, out);
            case EXT_SUPPORTED_VERSIONS: {
                // ProtocolVersion versions<2..254>: a one-byte length (RFC 8446 §4.2.1).
                if (end - p < 1) {
                    return TlsReason.BAD_EXTENSION;
                }
                int length = u8(b, p);
                if (length != end - p - 1 || (length & 1) != 0) {
                    return TlsReason.BAD_EXTENSION;
                }
                int n = length / 2;
                for (int i = 0; i < n; i++) {
                    int v = u16(b, p + 1 + 2 * i);
                    out.supportedVersions[i] = v;
                    if (isGrease(v)) {
                        out.greaseMask |= ClientHelloInfo.GREASE_SUPPORTED_VERSIONS;
                    }
                }
                out.hasSupportedVersions = true;
                out.supportedVersionCount = n;
                return TlsReason.NONE;
            }
            case EXT_KEY_SHARE:
                return parseKeyShare(b, p, end, out);
            case EXT_ENCRYPTED_CLIENT_HELLO:
                out.hasEch = true;
                return TlsReason.NONE;
            default:
                return TlsReason.NONE;
        }
    }

    /** ServerNameList: list length(2), then name_type(1) + HostName&lt;1..2^16-1&gt; (RFC 6066 §3). */
    private static TlsReason parseServerName(byte[] b, int p, int end, ClientHelloInfo out) {
        if (p == end) {
            return TlsReason.NONE; // empty extension: present, names no host
        }
        if (end - p < 2 || u16(b, p) != end - p - 2) {
            return TlsReason.BAD_EXTENSION;
        }
        p += 2;
        boolean found = false;
        while (p < end) {
            if (end - p < 3) {
                return TlsReason.BAD_EXTENSION;
            }
            int nameType = u8(b, p);
            int length = u16(b, p + 1);
            p += 3;
            if (end - p < length) {
                return TlsReason.BAD_EXTENSION;
            }
            if (nameType == SNI_HOST_NAME && !found) {
                if (length > ClientHelloInfo.MAX_SNI_BYTES) {
                    return TlsReason.SNI_TOO_LONG;
                }
                for (int i = 0; i < length; i++) {
                    byte c = b[p + i];
                    out.sni[i] = c >= 'A' && c <= 'Z' ? (byte) (c + ('a' - 'A')) : c;
                }
                out.sniLength = length;
                found = true;
            }
            p += length;
        }
        return TlsReason.NONE;
    }

    /** ProtocolNameList: list length(2), then ProtocolName&lt;1..2^8-1&gt; each (RFC 7301 §3.1). */
    private static TlsReason parseAlpn(byte[] b, int p, int end, ClientHelloInfo out) {
        if (end - p < 2 || u16(b, p) != end - p - 2) {
            return TlsReason.BAD_EXTENSION;
        }
        p += 2;
        boolean keeping = true;
        while (p < end) {
            int length = u8(b, p++);
            if (end - p < length) {
                return TlsReason.BAD_EXTENSION;
            }
            out.alpnTotalCount++;
            keeping &= out.alpnCount < ClientHelloInfo.MAX_ALPN_PROTOCOLS
                    && out.alpnBytesUsed + length <= ClientHelloInfo.MAX_ALPN_BYTES;
            if (keeping) {
                System.arraycopy(b, p, out.alpnBytes, out.alpnBytesUsed, length);
                out.alpnOffsets[out.alpnCount] = out.alpnBytesUsed;
                out.alpnLengths[out.alpnCount] = length;
                out.alpnCount++;
                out.alpnBytesUsed += length;
            }
            p += length;
        }
        return TlsReason.NONE;
    }

    /** KeyShareClientHello: list length(2), then group(2) + key_exchange&lt;1..2^16-1&gt; (RFC 8446 §4.2.8). */
    private static TlsReason parseKeyShare(byte[] b, int p, int end, ClientHelloInfo out) {
        if (end - p < 2 || u16(b, p) != end - p - 2) {
            return TlsReason.BAD_EXTENSION;
        }
        p += 2;
        while (p < end) {
            if (end - p < 4) {
                return TlsReason.BAD_EXTENSION;
            }
            int group = u16(b, p);
            int length = u16(b, p + 2);
            p += 4;
            if (end - p < length) {
                return TlsReason.BAD_EXTENSION;
            }
            if (out.keyShareGroupCount == ClientHelloInfo.MAX_LIST_ENTRIES) {
                return TlsReason.TOO_MANY_ENTRIES;
            }
            out.keyShareGroups[out.keyShareGroupCount++] = group;
            if (isGrease(group)) {
                out.greaseMask |= ClientHelloInfo.GREASE_KEY_SHARES;
            }
            p += length;
        }
        return TlsReason.NONE;
    }

    /** Reads a uint16 vector with a 2-byte length filling the extension; returns the count or a negative code. */
    private static int readU16List(byte[] b, int p, int end, int[] dst) {
        if (end - p < 2) {
            return MALFORMED_LIST;
        }
        int length = u16(b, p);
        if (length != end - p - 2 || (length & 1) != 0) {
            return MALFORMED_LIST;
        }
        int n = length / 2;
        if (n > dst.length) {
            return TOO_MANY;
        }
        for (int i = 0; i < n; i++) {
            dst[i] = u16(b, p + 2 + 2 * i);
        }
        return n;
    }

    private static boolean anyGrease(int[] values, int count) {
        for (int i = 0; i < count; i++) {
            if (isGrease(values[i])) {
                return true;
            }
        }
        return false;
    }
}
