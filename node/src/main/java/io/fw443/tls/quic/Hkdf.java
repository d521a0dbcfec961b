package io.fw443.tls.quic;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869) and TLS 1.3's HKDF-Expand-Label (RFC 8446 §7.1), as QUIC uses them to derive
 * Initial secrets (RFC 9001 §5.1–5.2). JDK 17 has no HKDF class, so this is the few lines it takes over
 * {@link Mac}. One instance per thread: it holds a reusable {@link Mac}. Each call allocates a key object (the
 * JCE has no re-keying without one); this runs once per flow, not per packet.
 */
public final class Hkdf
{
    /** SHA-256 output length, Hash.length in RFC 8446 §7.1. */
    public static final int HASH_LENGTH = 32;

    private static final String HMAC_SHA256 = "HmacSHA256";
    /** RFC 8446 §7.1: HkdfLabel.label = "tls13 " + Label. */
    private static final String TLS13_LABEL_PREFIX = "tls13 ";

    private final Mac mac;
    private final byte[] block = new byte[HASH_LENGTH];

    public Hkdf()
    {
        try
        {
            mac = Mac.getInstance(HMAC_SHA256);
        }
        catch (final GeneralSecurityException ex)
        {
            // Every Java SE platform must provide HmacSHA256 (Mac javadoc), so this is a broken runtime.
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }

    /**
     * Builds the HkdfLabel structure of RFC 8446 §7.1 with an empty context:
     * <pre>
     * struct {
     *     uint16 length = Length;
     *     opaque label&lt;7..255&gt; = "tls13 " + Label;
     *     opaque context&lt;0..255&gt; = Context;   (empty here)
     * } HkdfLabel;
     * </pre>
     *
     * @param label  the Label, e.g. "client in" or "quic key".
     * @param length the output length in bytes.
     * @return the encoded HkdfLabel, the info argument of HKDF-Expand.
     */
    public static byte[] hkdfLabel(final String label, final int length)
    {
        final byte[] full = (TLS13_LABEL_PREFIX + label).getBytes(StandardCharsets.US_ASCII);
        final byte[] info = new byte[2 + 1 + full.length + 1];
        info[0] = (byte)(length >>> 8);
        info[1] = (byte)length;
        info[2] = (byte)full.length;
        System.arraycopy(full, 0, info, 3, full.length);
        info[info.length - 1] = 0;
        return info;
    }

    /**
     * HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM) (RFC 5869 §2.2).
     *
     * @param prkOut receives {@link #HASH_LENGTH} bytes at index 0.
     */
    public void extract(final byte[] salt, final byte[] ikm, final int ikmOffset, final int ikmLength, final byte[] prkOut)
    {
        try
        {
            mac.init(new SecretKeySpec(salt, HMAC_SHA256));
            mac.update(ikm, ikmOffset, ikmLength);
            mac.doFinal(prkOut, 0);
        }
        catch (final GeneralSecurityException ex)
        {
            // Only reachable with an empty salt or a too-short output, both programming errors here.
            throw new IllegalStateException(ex);
        }
    }

    /**
     * HKDF-Expand(PRK, info, L) (RFC 5869 §2.3): T(i) = HMAC(PRK, T(i-1) | info | i), output = first L bytes.
     *
     * @param prk       pseudorandom key, at least {@link #HASH_LENGTH} bytes.
     * @param info      e.g. an {@link #hkdfLabel(String, int)}; with it this is HKDF-Expand-Label.
     * @param out       receives {@code length} bytes at index 0.
     * @param length    output length, at most 255 * {@link #HASH_LENGTH}.
     */
    public void expand(final byte[] prk, final byte[] info, final byte[] out, final int length)
    {
        try
        {
            mac.init(new SecretKeySpec(prk, 0, HASH_LENGTH, HMAC_SHA256));
            int done = 0;
            int counter = 1;
            while (done < length)
            {
                if (counter > 1)
                {
                    mac.update(block, 0, HASH_LENGTH);
                }
                mac.update(info);
                mac.update((byte)counter);
                mac.doFinal(block, 0);
                final int n = Math.min(HASH_LENGTH, length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
                counter++;
            }
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
