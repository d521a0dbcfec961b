package io.fw443.tls;

import java.nio.charset.StandardCharsets;

/**
 * Facts of one ServerHello, filled by {@link ServerHelloParser} and reused: the version and cipher
 * the server chose, its extensions in order (for JA3S), and whether it is a HelloRetryRequest.
 * Allocation-free except in the {@code String} accessor. One instance per thread.
 */
public final class ServerHelloInfo {
    /** Extension types kept; a ServerHello with more is {@link TlsReason#TOO_MANY_ENTRIES}. */
    public static final int MAX_EXTENSIONS = 64;
    /** ProtocolName&lt;1..2^8-1&gt; (RFC 7301 §3.1). */
    public static final int MAX_ALPN_BYTES = 255;

    final int[] extensionTypes = new int[MAX_EXTENSIONS];
    final byte[] alpn = new byte[MAX_ALPN_BYTES];

    TlsTransport transport = TlsTransport.TCP;
    TlsReason reason = TlsReason.NONE;
    int neededBytes;
    int consumedBytes;
    int legacyVersion;
    int selectedVersion;
    boolean hasSupportedVersions;
    int cipherSuite;
    int compressionMethod;
    int extensionCount;
    boolean helloRetryRequest;
    int keyShareGroup = -1;
    int alpnLength;
    boolean hasAlpn;

    void reset(TlsTransport carriedBy) {
        transport = carriedBy;
        reason = TlsReason.NONE;
        neededBytes = 0;
        consumedBytes = 0;
        legacyVersion = 0;
        selectedVersion = 0;
        hasSupportedVersions = false;
        cipherSuite = 0;
        compressionMethod = 0;
        extensionCount = 0;
        helloRetryRequest = false;
        keyShareGroup = -1;
        alpnLength = 0;
        hasAlpn = false;
    }

    public TlsTransport transport() {
        return transport;
    }

    /** Why the hello was MALFORMED; {@link TlsReason#NONE} otherwise. */
    public TlsReason reason() {
        return reason;
    }

    /** On NEED_MORE / TOO_LARGE: a lower bound of the input length needed to progress. */
    public int neededBytes() {
        return neededBytes;
    }

    /** On COMPLETE: input bytes up to the end of the ServerHello. */
    public int consumedBytes() {
        return consumedBytes;
    }

    /** legacy_version (RFC 8446 §4.1.3); the JA3S version. */
    public int legacyVersion() {
        return legacyVersion;
    }

    /** The negotiated version: supported_versions' selected_version if present, else legacy_version. */
    public int selectedVersion() {
        return selectedVersion;
    }

    public boolean hasSupportedVersions() {
        return hasSupportedVersions;
    }

    /** The cipher suite the server selected. */
    public int cipherSuite() {
        return cipherSuite;
    }

    public int compressionMethod() {
        return compressionMethod;
    }

    public int extensionCount() {
        return extensionCount;
    }

    public int extensionType(int index) {
        return extensionTypes[index];
    }

    /** Whether the random is the HelloRetryRequest marker (RFC 8446 §4.1.3). */
    public boolean helloRetryRequest() {
        return helloRetryRequest;
    }

    /** The key_share group (a HelloRetryRequest's selected_group); -1 if absent. */
    public int keyShareGroup() {
        return keyShareGroup;
    }

    public boolean hasAlpn() {
        return hasAlpn;
    }

    public int alpnLength() {
        return alpnLength;
    }

    public byte alpnByte(int index) {
        return alpn[index];
    }

    /** The selected ALPN protocol as a String (allocates); null if none. */
    public String alpn() {
        return hasAlpn ? new String(alpn, 0, alpnLength, StandardCharsets.ISO_8859_1) : null;
    }
}
