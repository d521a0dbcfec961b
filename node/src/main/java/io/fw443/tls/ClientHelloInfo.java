package io.fw443.tls;

import java.nio.charset.StandardCharsets;

/**
 * Facts of one ClientHello, filled by {@link ClientHelloParser} and reused for the next hello: no
 * allocation after construction except in the {@code String} accessors. Lists keep wire order and
 * keep GREASE values (RFC 8701), which {@link #greaseMask()} flags; the fingerprints drop them.
 * SNI and ALPN bytes are copied, so the facts outlive the input buffer. One instance per thread.
 *
 * <p>Only meaningful after {@link TlsParseStatus#COMPLETE}; after another status only
 * {@link #reason()} and {@link #neededBytes()} are.
 */
public final class ClientHelloInfo {
    /** Capacity of each list; a hello with more entries is {@link TlsReason#TOO_MANY_ENTRIES}. */
    public static final int MAX_LIST_ENTRIES = 1024;
    /** Longest host name kept: DNS names are at most 255 bytes (RFC 1035 §2.3.4). */
    public static final int MAX_SNI_BYTES = 255;
    /** ALPN protocol names kept; further names are counted in {@link #alpnTotalCount()} only. */
    public static final int MAX_ALPN_PROTOCOLS = 32;
    /** Bytes of ALPN names kept; a name that does not fit is counted but not kept. */
    public static final int MAX_ALPN_BYTES = 1024;

    /** {@link #greaseMask()} bit: GREASE among the cipher suites. */
    public static final int GREASE_CIPHER_SUITES = 1;
    /** {@link #greaseMask()} bit: GREASE among the extension types. */
    public static final int GREASE_EXTENSIONS = 1 << 1;
    /** {@link #greaseMask()} bit: GREASE among the supported groups. */
    public static final int GREASE_SUPPORTED_GROUPS = 1 << 2;
    /** {@link #greaseMask()} bit: GREASE among the supported versions. */
    public static final int GREASE_SUPPORTED_VERSIONS = 1 << 3;
    /** {@link #greaseMask()} bit: GREASE among the signature algorithms. */
    public static final int GREASE_SIGNATURE_ALGORITHMS = 1 << 4;
    /** {@link #greaseMask()} bit: GREASE among the key share groups. */
    public static final int GREASE_KEY_SHARES = 1 << 5;

    final int[] supportedVersions = new int[MAX_LIST_ENTRIES];
    final int[] cipherSuites = new int[MAX_LIST_ENTRIES];
    final int[] extensionTypes = new int[MAX_LIST_ENTRIES];
    final int[] supportedGroups = new int[MAX_LIST_ENTRIES];
    final int[] ecPointFormats = new int[MAX_LIST_ENTRIES];
    final int[] signatureAlgorithms = new int[MAX_LIST_ENTRIES];
    final int[] keyShareGroups = new int[MAX_LIST_ENTRIES];
    final byte[] sni = new byte[MAX_SNI_BYTES];
    final byte[] alpnBytes = new byte[MAX_ALPN_BYTES];
    final int[] alpnOffsets = new int[MAX_ALPN_PROTOCOLS];
    final int[] alpnLengths = new int[MAX_ALPN_PROTOCOLS];

    TlsTransport transport = TlsTransport.TCP;
    TlsReason reason = TlsReason.NONE;
    int neededBytes;
    int consumedBytes;
    int helloLength;
    int legacyVersion;
    int supportedVersionCount;
    int cipherSuiteCount;
    int extensionCount;
    int supportedGroupCount;
    int ecPointFormatCount;
    int signatureAlgorithmCount;
    int keyShareGroupCount;
    int sniLength;
    int alpnCount;
    int alpnTotalCount;
    int alpnBytesUsed;
    boolean hasSupportedVersions;
    boolean hasSignatureAlgorithms;
    boolean hasSni;
    boolean hasAlpn;
    boolean hasEch;
    int greaseMask;

    void reset(TlsTransport carriedBy) {
        transport = carriedBy;
        reason = TlsReason.NONE;
        neededBytes = 0;
        consumedBytes = 0;
        helloLength = 0;
        legacyVersion = 0;
        supportedVersionCount = 0;
        cipherSuiteCount = 0;
        extensionCount = 0;
        supportedGroupCount = 0;
        ecPointFormatCount = 0;
        signatureAlgorithmCount = 0;
        keyShareGroupCount = 0;
        sniLength = 0;
        alpnCount = 0;
        alpnTotalCount = 0;
        alpnBytesUsed = 0;
        hasSupportedVersions = false;
        hasSignatureAlgorithms = false;
        hasSni = false;
        hasAlpn = false;
        hasEch = false;
        greaseMask = 0;
    }

    /** What carried the hello (JA4's first character). */
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

    /** On COMPLETE: input bytes up to the end of the ClientHello (record headers included). */
    public int consumedBytes() {
        return consumedBytes;
    }

    /** Length of the ClientHello handshake message, its 4-byte header included. */
    public int helloLength() {
        return helloLength;
    }

    /** legacy_version (RFC 8446 §4.1.2), e.g. 0x0303. */
    public int legacyVersion() {
        return legacyVersion;
    }

    /** Whether the supported_versions extension is present. */
    public boolean hasSupportedVersions() {
        return hasSupportedVersions;
    }

    public int supportedVersionCount() {
        return supportedVersionCount;
    }

    public int supportedVersion(int index) {
        return supportedVersions[index];
    }

    /**
     * Highest version offered: the largest non-GREASE supported_versions entry when the extension
     * has one, else legacy_version (RFC 8446 §4.2.1).
     */
    public int maxOfferedVersion() {
        int max = -1;
        for (int i = 0; i < supportedVersionCount; i++) {
            int v = supportedVersions[i];
            if (!TlsWire.isGrease(v) && v > max) {
                max = v;
            }
        }
        return max >= 0 ? max : legacyVersion;
    }

    public int cipherSuiteCount() {
        return cipherSuiteCount;
    }

    public int cipherSuite(int index) {
        return cipherSuites[index];
    }

    /** Number of extensions, in wire order, GREASE included. */
    public int extensionCount() {
        return extensionCount;
    }

    public int extensionType(int index) {
        return extensionTypes[index];
    }

    /** Whether an extension of this type is present. */
    public boolean hasExtension(int type) {
        for (int i = 0; i < extensionCount; i++) {
            if (extensionTypes[i] == type) {
                return true;
            }
        }
        return false;
    }

    public int supportedGroupCount() {
        return supportedGroupCount;
    }

    public int supportedGroup(int index) {
        return supportedGroups[index];
    }

    public int ecPointFormatCount() {
        return ecPointFormatCount;
    }

    public int ecPointFormat(int index) {
        return ecPointFormats[index];
    }

    /** Whether the signature_algorithms extension (13) is present. */
    public boolean hasSignatureAlgorithms() {
        return hasSignatureAlgorithms;
    }

    public int signatureAlgorithmCount() {
        return signatureAlgorithmCount;
    }

    public int signatureAlgorithm(int index) {
        return signatureAlgorithms[index];
    }

    /** Groups of the key_share entries, in order (a post-quantum hybrid shows up here). */
    public int keyShareGroupCount() {
        return keyShareGroupCount;
    }

    public int keyShareGroup(int index) {
        return keyShareGroups[index];
    }

    /** Whether the server_name extension is present (even if it names no host). */
    public boolean hasSni() {
        return hasSni;
    }

    /** Length of the first host_name, lower-cased ASCII; 0 if none. */
    public int sniLength() {
        return sniLength;
    }

    public byte sniByte(int index) {
        return sni[index];
    }

    /** Copies the host name into {@code dst} and returns its length. */
    public int copySni(byte[] dst, int offset) {
        System.arraycopy(sni, 0, dst, offset, sniLength);
        return sniLength;
    }

    /** Whether the host name equals {@code asciiLowerCase} (no allocation). */
    public boolean sniEquals(byte[] asciiLowerCase) {
        if (asciiLowerCase.length != sniLength) {
            return false;
        }
        for (int i = 0; i < sniLength; i++) {
            if (sni[i] != asciiLowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    /** The host name as a String (allocates); null when the extension names no host. */
    public String sni() {
        return sniLength == 0 ? null : new String(sni, 0, sniLength, StandardCharsets.ISO_8859_1);
    }

    /** Whether the ALPN extension is present. */
    public boolean hasAlpn() {
        return hasAlpn;
    }

    /** Protocol names kept (at most {@link #MAX_ALPN_PROTOCOLS}). */
    public int alpnCount() {
        return alpnCount;
    }

    /** Protocol names on the wire, kept or not. */
    public int alpnTotalCount() {
        return alpnTotalCount;
    }

    public int alpnLength(int index) {
        return alpnLengths[index];
    }

    public byte alpnByte(int index, int position) {
        return alpnBytes[alpnOffsets[index] + position];
    }

    /** ALPN protocol name {@code index} as a String (allocates). */
    public String alpn(int index) {
        return new String(alpnBytes, alpnOffsets[index], alpnLengths[index], StandardCharsets.ISO_8859_1);
    }

    /** Whether encrypted_client_hello (0xfe0d) is present: then the SNI is only the outer name. */
    public boolean hasEch() {
        return hasEch;
    }

    /** Which lists held GREASE values ({@code GREASE_*} bits). */
    public int greaseMask() {
        return greaseMask;
    }

    public boolean hasGrease() {
        return greaseMask != 0;
    }
}
