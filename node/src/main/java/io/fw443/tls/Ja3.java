package io.fw443.tls;

import static io.fw443.tls.TlsWire.isGrease;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * JA3 and JA3S fingerprints (salesforce/ja3): decimal fields, lists joined by '-', fields by ','.
 *
 * <pre>
 * JA3  = SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats
 *        e.g. 771,4865-4866-49195,0-11-10-35-16,29-23-24,0
 * JA3S = SSLVersion,Cipher,Extensions
 *        e.g. 771,4865,43-51
 * </pre>
 *
 * SSLVersion is the hello's legacy_version; GREASE values (RFC 8701) are dropped from every list,
 * as the JA3 specification requires (a valid ServerHello carries none anyway). The hash is the lowercase MD5 hex of that string. The
 * {@code *Md5Hex} methods write 32 ASCII bytes without allocating; one instance (it owns an MD5
 * digest) per thread.
 */
public final class Ja3 {
    /** Length of the MD5 hex in ASCII bytes. */
    public static final int MD5_HEX_LENGTH = 32;
    private static final int MAX_TEXT_BYTES = 16 + 6 * (4 * ClientHelloInfo.MAX_LIST_ENTRIES);

    private final MessageDigest md5;
    private final byte[] text = new byte[MAX_TEXT_BYTES];
    private final byte[] digest = new byte[16];

    public Ja3() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is mandatory in every JRE", e);
        }
    }

    /** Writes the 32-byte JA3 MD5 hex of a COMPLETE hello at {@code dst[off]}; no allocation. */
    public void ja3Md5Hex(ClientHelloInfo hello, byte[] dst, int off) {
        md5Hex(ja3Text(hello), dst, off);
    }

    /** The JA3 string (allocates). */
    public String ja3String(ClientHelloInfo hello) {
        return new String(text, 0, ja3Text(hello), StandardCharsets.US_ASCII);
    }

    /** The JA3 MD5 hex (allocates). */
    public String ja3Md5(ClientHelloInfo hello) {
        byte[] out = new byte[MD5_HEX_LENGTH];
        ja3Md5Hex(hello, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** Writes the 32-byte JA3S MD5 hex of a COMPLETE ServerHello at {@code dst[off]}; no allocation. */
    public void ja3sMd5Hex(ServerHelloInfo hello, byte[] dst, int off) {
        md5Hex(ja3sText(hello), dst, off);
    }

    /** The JA3S string (allocates). */
    public String ja3sString(ServerHelloInfo hello) {
        return new String(text, 0, ja3sText(hello), StandardCharsets.US_ASCII);
    }

    /** The JA3S MD5 hex (allocates). */
    public String ja3sMd5(ServerHelloInfo hello) {
        byte[] out = new byte[MD5_HEX_LENGTH];
        ja3sMd5Hex(hello, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    private int ja3Text(ClientHelloInfo hello) {
        int p = Ascii.decimal(hello.legacyVersion(), text, 0);
        text[p++] = ',';
        p = decimalList(hello.cipherSuites, hello.cipherSuiteCount, p);
        text[p++] = ',';
        p = decimalList(hello.extensionTypes, hello.extensionCount, p);
        text[p++] = ',';
        p = decimalList(hello.supportedGroups, hello.supportedGroupCount, p);
        text[p++] = ',';
        return decimalList(hello.ecPointFormats, hello.ecPointFormatCount, p);
    }

    private int ja3sText(ServerHelloInfo hello) {
        int p = Ascii.decimal(hello.legacyVersion(), text, 0);
        text[p++] = ',';
        p = Ascii.decimal(hello.cipherSuite(), text, p);
        text[p++] = ',';
        return decimalList(hello.extensionTypes, hello.extensionCount, p);
    }

    private int decimalList(int[] list, int count, int p) {
        boolean first = true;
        for (int i = 0; i < count; i++) {
            if (isGrease(list[i])) {
                continue;
            }
            if (!first) {
                text[p++] = '-';
            }
            p = Ascii.decimal(list[i], text, p);
            first = false;
        }
        return p;
    }

    private void md5Hex(int length, byte[] dst, int off) {
        md5.update(text, 0, length);
        try {
            md5.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("16-byte buffer is what MD5 needs", e);
        }
        Ascii.hexBytes(digest, digest.length, dst, off);
    }
}
