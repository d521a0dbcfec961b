package io.fw443.tls;

import static io.fw443.tls.TlsWire.EXT_ALPN;
import static io.fw443.tls.TlsWire.EXT_KEY_SHARE;
import static io.fw443.tls.TlsWire.EXT_SUPPORTED_VERSIONS;
import static io.fw443.tls.TlsWire.HANDSHAKE_HEADER_BYTES;
import static io.fw443.tls.TlsWire.HANDSHAKE_SERVER_HELLO;
import static io.fw443.tls.TlsWire.MAX_SESSION_ID_BYTES;
import static io.fw443.tls.TlsWire.RANDOM_BYTES;
import static io.fw443.tls.TlsWire.u16;
import static io.fw443.tls.TlsWire.u8;

import java.util.Arrays;

/**
 * Parses the ServerHello that opens a server's first flight into a reusable {@link ServerHelloInfo}.
 * Allocation-free, never throws on input; one instance per thread.
 *
 * <pre>
 * struct {                                           (RFC 8446 §4.1.3)
 *     ProtocolVersion legacy_version;                2 bytes
 *     Random random;                                 32 bytes (HelloRetryRequest: a fixed value)
 *     opaque legacy_session_id_echo&lt;0..32&gt;;        1-byte length
 *     CipherSuite cipher_suite;                      2 bytes
 *     uint8 legacy_compression_method;               1 byte
 *     Extension extensions&lt;6..2^16-1&gt;;            2-byte length; may be absent before TLS 1.3
 * } ServerHello;
 * </pre>
 */
public final class ServerHelloParser {
    /** Default bound on the ServerHello message, header included. */
    public static final int DEFAULT_MAX_HELLO_BYTES = 16 * 1024;

    /** SHA-256("HelloRetryRequest"), the random of a HelloRetryRequest (RFC 8446 §4.1.3). */
    private static final byte[] HELLO_RETRY_REQUEST_RANDOM = {
        (byte) 0xcf, 0x21, (byte) 0xad, 0x74, (byte) 0xe5, (byte) 0x9a, 0x61, 0x11,
        (byte) 0xbe, 0x1d, (byte) 0x8c, 0x02, 0x1e, 0x65, (byte) 0xb8, (byte) 0x91,
        (byte) 0xc2, (byte) 0xa2, 0x11, 0x16, 0x7a, (byte) 0xbb, (byte) 0x8c, 0x5e,
        0x07, (byte) 0x9e, 0x09, (byte) 0xe2, (byte) 0xc8, (byte) 0xa8, 0x33, (byte) 0x9c,
    };

    private final HandshakeAssembler assembler;

    public ServerHelloParser() {
        this(DEFAULT_MAX_HELLO_BYTES);
    }

    public ServerHelloParser(int maxHelloBytes) {
        this.assembler = new HandshakeAssembler(maxHelloBytes);
    }

    /** Parses TLS records starting at {@code off}; NOT_TLS if the first bytes are not a handshake record. */
    public TlsParseStatus parse(byte[] buf, int off, int len, ServerHelloInfo out) {
        out.reset(TlsTransport.TCP);
        return finish(assembler.fromRecords(buf, off, len, HANDSHAKE_SERVER_HELLO), out);
    }

    /** Parses raw handshake messages (a QUIC CRYPTO stream from offset 0); the transport is QUIC. */
    public TlsParseStatus parseHandshake(byte[] buf, int off, int len, ServerHelloInfo out) {
        out.reset(TlsTransport.QUIC);
        return finish(assembler.fromHandshake(buf, off, len, HANDSHAKE_SERVER_HELLO), out);
    }

    private TlsParseStatus finish(TlsParseStatus status, ServerHelloInfo out) {
        HandshakeAssembler a = assembler;
        out.neededBytes = a.neededBytes;
        if (status != TlsParseStatus.COMPLETE) {
            out.reason = a.reason;
            return status;
        }
        out.consumedBytes = a.consumedBytes;
        int bodyStart = a.messageOffset + HANDSHAKE_HEADER_BYTES;
        TlsReason why = parseBody(a.messageBuffer, bodyStart, a.messageOffset + a.messageLength, out);
        out.reason = why;
        return why == TlsReason.NONE ? TlsParseStatus.COMPLETE : TlsParseStatus.MALFORMED;
    }

    private static TlsReason parseBody(byte[] b, int p, int end, ServerHelloInfo out) {
        if (end - p < 2 + RANDOM_BYTES + 1) {
            return TlsReason.TRUNCATED_HELLO;
        }
        out.legacyVersion = u16(b, p);
        out.selectedVersion = out.legacyVersion;
        p += 2;
        out.helloRetryRequest = Arrays.equals(
                b, p, p + RANDOM_BYTES, HELLO_RETRY_REQUEST_RANDOM, 0, RANDOM_BYTES);
        p += RANDOM_BYTES;
        int sessionIdLength = u8(b, p++);
        if (sessionIdLength > MAX_SESSION_ID_BYTES) {
            return TlsReason.BAD_SESSION_ID;
        }
        if (end - p < sessionIdLength + 3) {
            return TlsReason.TRUNCATED_HELLO;
        }
        p += sessionIdLength;
        out.cipherSuite = u16(b, p);
        out.compressionMethod = u8(b, p + 2);
        p += 3;
        if (p == end) {
            return TlsReason.NONE;
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
            if (out.extensionCount == ServerHelloInfo.MAX_EXTENSIONS) {
                return TlsReason.TOO_MANY_ENTRIES;
            }
            for (int i = 0; i < out.extensionCount; i++) {
                if (out.extensionTypes[i] == type) {
                    return TlsReason.DUPLICATE_EXTENSION;
                }
            }
            out.extensionTypes[out.extensionCount++] = type;
            TlsReason why = parseExtension(type, b, p, p + length, out);
            if (why != TlsReason.NONE) {
                return why;
            }
            p += length;
        }
        return TlsReason.NONE;
    }

    private static TlsReason parseExtension(int type, byte[] b, int p, int end, ServerHelloInfo out) {
        switch (type) {
            case EXT_SUPPORTED_VERSIONS:
                // ServerHello: ProtocolVersion selected_version (RFC 8446 §4.2.1).
                if (end - p != 2) {
                    return TlsReason.BAD_EXTENSION;
                }
                out.hasSupportedVersions = true;
                out.selectedVersion = u16(b, p);
                return TlsReason.NONE;
            case EXT_KEY_SHARE:
                // ServerHello: KeyShareEntry; HelloRetryRequest: NamedGroup selected_group (RFC 8446 §4.2.8).
                if (end - p < 2) {
                    return TlsReason.BAD_EXTENSION;
                }
                out.keyShareGroup = u16(b, p);
                return TlsReason.NONE;
            case EXT_ALPN: {
                // Exactly one ProtocolName in the ServerHello's list (RFC 7301 §3.1).
                if (end - p < 3 || u16(b, p) != end - p - 2 || u8(b, p + 2) != end - p - 3) {
                    return TlsReason.BAD_EXTENSION;
                }
                int length = end - p - 3;
                System.arraycopy(b, p + 3, out.alpn, 0, length);
                out.alpnLength = length;
                out.hasAlpn = true;
                return TlsReason.NONE;
            }
            default:
                return TlsReason.NONE;
        }
    }
}
