package io.fw443.tls;

import static io.fw443.tls.TlsWire.EXT_ALPN;
import static io.fw443.tls.TlsWire.EXT_SERVER_NAME;
import static io.fw443.tls.TlsWire.isGrease;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * JA4 TLS client fingerprint (FoxIO JA4 specification, BSD-3-Clause; the other JA4+ methods are under
 * another licence and deliberately absent):
 *
 * <pre>
 * t13d1516h2_8daaf6152771_e5627efa2ab1
 * |||| | | |  |            +- SHA-256[:12] of sorted extensions (no SNI, no ALPN) "_" signature algorithms
 * |||| | | |  +-------------- SHA-256[:12] of sorted cipher suites
 * |||| | | +-- first and last character of the first ALPN value ("00" if none)
 * |||| | +---- extension count (2 digits, capped at 99)
 * |||| +------ cipher suite count
 * |||+-------- 'd' if server_name is present, else 'i'
 * |++--------- version: highest supported_versions entry, else legacy_version
 * +----------- 't' TCP, 'q' QUIC
 * </pre>
 *
 * GREASE is ignored everywhere, signature_algorithms included; only extension 13 feeds the signature
 * part. A first ALPN value whose first or last byte is not alphanumeric contributes the first and last
 * characters of its hex form, as the specification says (the Python reference tool still prints
 * "99" there, FoxIO-LLC/ja4 issue 326). {@link #compute} writes into a caller's array without
 * allocating; one instance (it owns a SHA-256 digest) per thread.
 */
public final class Ja4 {
    /** Length of the fingerprint in ASCII bytes. */
    public static final int LENGTH = 36;
    private static final int PREFIX_BYTES = 10;
    private static final int HASH_CHARS = 12;
    private static final int MAX_TEXT_BYTES = PREFIX_BYTES + 3 * (5 * ClientHelloInfo.MAX_LIST_ENTRIES + 1);

    private final MessageDigest sha256;
    private final int[] values = new int[ClientHelloInfo.MAX_LIST_ENTRIES];
    private final byte[] text = new byte[MAX_TEXT_BYTES];
    private final byte[] digest = new byte[32];

    public Ja4() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    /** Writes the 36-byte JA4 of a COMPLETE hello at {@code dst[off]}; no allocation. */
    public void compute(ClientHelloInfo hello, byte[] dst, int off) {
        int p = prefix(hello, dst, off);
        dst[p++] = '_';
        int n = sortedCiphers(hello, text, 0);
        p = hash12(n, n == 0, dst, p);
        dst[p++] = '_';
        int extensionsEnd = sortedExtensions(hello, text, 0);
        n = signatureAlgorithms(hello, text, extensionsEnd);
        p = hash12(n, extensionsEnd == 0, dst, p);
    }

    /** JA4 as a String (allocates). */
    public String fingerprint(ClientHelloInfo hello) {
        byte[] out = new byte[LENGTH];
        compute(hello, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** JA4_r: the unhashed form with sorted lists (allocates; for tests and logs). */
    public String raw(ClientHelloInfo hello) {
        int p = prefix(hello, text, 0);
        text[p++] = '_';
        p = sortedCiphers(hello, text, p);
        text[p++] = '_';
        p = signatureAlgorithms(hello, text, sortedExtensions(hello, text, p));
        return new String(text, 0, p, StandardCharsets.US_ASCII);
    }

    /** JA4_ro: the unhashed form in wire order, SNI and ALPN kept (allocates; for tests and logs). */
    public String rawOriginal(ClientHelloInfo hello) {
        int p = prefix(hello, text, 0);
        text[p++] = '_';
        p = hexList(hello.cipherSuites, hello.cipherSuiteCount, text, p);
        text[p++] = '_';
        p = signatureAlgorithms(hello, text, hexList(hello.extensionTypes, hello.extensionCount, text, p));
        return new String(text, 0, p, StandardCharsets.US_ASCII);
    }

    private static int prefix(ClientHelloInfo hello, byte[] dst, int p) {
        dst[p++] = hello.transport().ja4Char();
        p = version(hello.maxOfferedVersion(), dst, p);
        dst[p++] = (byte) (hello.hasSni() ? 'd' : 'i');
        p = Ascii.twoDigits(countNonGrease(hello.cipherSuites, hello.cipherSuiteCount), dst, p);
        p = Ascii.twoDigits(countNonGrease(hello.extensionTypes, hello.extensionCount), dst, p);
        return alpn(hello, dst, p);
    }

    /** Version codes of the JA4 specification, "TLS and DTLS Version"; unknown is "00". */
    private static int version(int version, byte[] dst, int p) {
        byte a;
        byte b;
        switch (version) {
            case 0x0304: a = '1'; b = '3'; break;
            case 0x0303: a = '1'; b = '2'; break;
            case 0x0302: a = '1'; b = '1'; break;
            case 0x0301: a = '1'; b = '0'; break;
            case 0x0300: a = 's'; b = '3'; break;
            case 0x0002: a = 's'; b = '2'; break;
            case 0xfeff: a = 'd'; b = '1'; break;
            case 0xfefd: a = 'd'; b = '2'; break;
            case 0xfefc: a = 'd'; b = '3'; break;
            default: a = '0'; b = '0'; break;
        }
        dst[p] = a;
        dst[p + 1] = b;
        return p + 2;
    }

    private static int alpn(ClientHelloInfo hello, byte[] dst, int p) {
        if (hello.alpnCount() == 0 || hello.alpnLength(0) == 0) {
            dst[p] = '0';
            dst[p + 1] = '0';
            return p + 2;
        }
        int first = hello.alpnByte(0, 0) & 0xff;
        int last = hello.alpnByte(0, hello.alpnLength(0) - 1) & 0xff;
        if (Ascii.isAlphanumeric(first) && Ascii.isAlphanumeric(last)) {
            dst[p] = (byte) first;
            dst[p + 1] = (byte) last;
        } else {
            dst[p] = Ascii.hexDigit(first >>> 4);
            dst[p + 1] = Ascii.hexDigit(last);
        }
        return p + 2;
    }

    private int sortedCiphers(ClientHelloInfo hello, byte[] dst, int p) {
        int n = 0;
        for (int i = 0; i < hello.cipherSuiteCount; i++) {
            int v = hello.cipherSuites[i];
            if (!isGrease(v)) {
                values[n++] = v;
            }
        }
        Arrays.sort(values, 0, n);
        return hexList(values, n, dst, p);
    }

    private int sortedExtensions(ClientHelloInfo hello, byte[] dst, int p) {
        int n = 0;
        for (int i = 0; i < hello.extensionCount; i++) {
            int v = hello.extensionTypes[i];
            if (!isGrease(v) && v != EXT_SERVER_NAME && v != EXT_ALPN) {
                values[n++] = v;
            }
        }
        Arrays.sort(values, 0, n);
        return hexList(values, n, dst, p);
    }

    /** Appends "_" and the non-GREASE signature algorithms in wire order, if there are any. */
    private static int signatureAlgorithms(ClientHelloInfo hello, byte[] dst, int p) {
        if (countNonGrease(hello.signatureAlgorithms, hello.signatureAlgorithmCount) == 0) {
            return p;
        }
        dst[p++] = '_';
        return hexList(hello.signatureAlgorithms, hello.signatureAlgorithmCount, dst, p);
    }

    /** Writes non-GREASE values as comma-separated 4-digit hex; returns the next position. */
    private static int hexList(int[] list, int count, byte[] dst, int p) {
        boolean first = true;
        for (int i = 0; i < count; i++) {
            if (isGrease(list[i])) {
                continue;
            }
            if (!first) {
                dst[p++] = ',';
            }
            p = Ascii.hex4(list[i], dst, p);
            first = false;
        }
        return p;
    }

    /** Writes the first 12 hex digits of SHA-256(text[0..n)), or 12 zeros for an empty list. */
    private int hash12(int n, boolean empty, byte[] dst, int p) {
        if (empty) {
            Arrays.fill(dst, p, p + HASH_CHARS, (byte) '0');
            return p + HASH_CHARS;
        }
        sha256.update(text, 0, n);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("32-byte buffer is what SHA-256 needs", e);
        }
        return Ascii.hexBytes(digest, HASH_CHARS / 2, dst, p);
    }

    private static int countNonGrease(int[] list, int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (!isGrease(list[i])) {
                n++;
            }
        }
        return n;
    }
}
