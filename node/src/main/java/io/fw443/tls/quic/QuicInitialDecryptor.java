package io.fw443.tls.quic;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Removes header protection (RFC 9001 §5.4.1–5.4.3) and packet protection (AEAD_AES_128_GCM, RFC 9001 §5.3) from
 * one Initial packet. One instance per thread: it holds the two {@link Cipher} instances, created once.
 *
 * <p>The captured packet is only read. The unprotected header and the plaintext payload are written to a
 * caller-provided buffer:
 * <pre>
 * out: | unprotected header (first byte .. packet number) | plaintext payload | (16 bytes left unused: tag) |
 *      ^outOffset                                          ^payloadOffset()
 * </pre>
 * Passing the packet's own buffer and offset as {@code out} decrypts in place, for a caller that wants that.
 *
 * <p>Per-packet allocation left: the JCE needs a new {@link GCMParameterSpec} for every nonce (it copies the
 * IV) and {@code Cipher.init} allocates inside the provider; a failed tag costs an
 * {@link javax.crypto.AEADBadTagException}. The header protection cipher is re-keyed only when the flow changes.
 */
public final class QuicInitialDecryptor
{
    /** AEAD_AES_128_GCM tag length (RFC 9001 §5.3, RFC 5116 §5.1). */
    public static final int TAG_LENGTH = 16;
    /** Header protection sample length (RFC 9001 §5.4.2). */
    public static final int SAMPLE_LENGTH = 16;
    /** The sample starts as if the packet number were 4 bytes long (RFC 9001 §5.4.2). */
    public static final int SAMPLE_PN_OFFSET = 4;
    /** Long header: the low 4 bits of the first byte are protected (RFC 9001 §5.4.1). */
    private static final int LONG_HEADER_FIRST_BYTE_MASK = 0x0f;

    private final Cipher aead;
    private final Cipher hpCipher;
    private final byte[] mask = new byte[SAMPLE_LENGTH];
    private final byte[] nonce = new byte[QuicVersion.IV_LENGTH];
    private SecretKeySpec hpKeyInUse;

    private int firstByte;
    private int packetNumberLength;
    private long packetNumber;
    private int payloadOffset;
    private int payloadLength;

    public QuicInitialDecryptor()
    {
        try
        {
            aead = Cipher.getInstance("AES/GCM/NoPadding");
            hpCipher = Cipher.getInstance("AES/ECB/NoPadding");
        }
        catch (final GeneralSecurityException ex)
        {
            // Every Java SE platform must provide AES/GCM/NoPadding and AES/ECB/NoPadding (Cipher javadoc).
            throw new IllegalStateException("AES ciphers unavailable", ex);
        }
    }

    /**
     * Unprotects the Initial packet {@code header} is wrapped over (its {@code wrap} returned NONE).
     *
     * @param header              wrapped over an Initial packet.
     * @param keys                the keys of the packet's direction, version and DCID.
     * @param largestPacketNumber largest packet number decrypted so far in this flow's Initial space, or -1.
     * @param out                 receives the unprotected packet; needs the packet's length from {@code outOffset}.
     * @param outOffset           where the unprotected first byte goes.
     * @return {@link QuicReason#NONE}, {@link QuicReason#AEAD_FAILED}, or {@link QuicReason#RESERVED_BITS_SET}
     *         (checked after authentication, RFC 9000 §17.2; the payload is then still available).
     */
    public QuicReason decrypt(
        final QuicLongHeaderFlyweight header,
        final QuicInitialKeys keys,
        final long largestPacketNumber,
        final byte[] out,
        final int outOffset)
    {
        final byte[] in = header.buffer();
        final int start = header.offset();
        final int pnOffset = header.packetNumberOffset();
        final int end = header.packetEnd();
        final int sampleOffset = pnOffset + SAMPLE_PN_OFFSET;
        if (end - start > out.length - outOffset)
        {
            throw new IllegalArgumentException("output buffer shorter than the packet");
        }
        if (sampleOffset + SAMPLE_LENGTH > end)
        {
            return QuicReason.PACKET_TOO_SHORT;
        }
        try
        {
            if (hpKeyInUse != keys.hpKey())
            {
                hpCipher.init(Cipher.ENCRYPT_MODE, keys.hpKey());
                hpKeyInUse = keys.hpKey();
            }
            hpCipher.doFinal(in, sampleOffset, SAMPLE_LENGTH, mask, 0);

            firstByte = (in[start] ^ (mask[0] & LONG_HEADER_FIRST_BYTE_MASK)) & 0xff;
            packetNumberLength = (firstByte & QuicLongHeaderFlyweight.PN_LENGTH_MASK) + 1;
            final int headerLength = pnOffset - start + packetNumberLength;
            System.arraycopy(in, start, out, outOffset, pnOffset - start);
            out[outOffset] = (byte)firstByte;
            long truncated = 0;
            for (int i = 0; i < packetNumberLength; i++)
            {
                final int b = (in[pnOffset + i] ^ mask[1 + i]) & 0xff;
                out[outOffset + pnOffset - start + i] = (byte)b;
                truncated = (truncated << 8) | b;
            }
            packetNumber = decodePacketNumber(largestPacketNumber, truncated, packetNumberLength * 8);

            // RFC 9001 §5.3: nonce = iv XOR packet number, left-padded to the iv length.
            System.arraycopy(keys.iv(), 0, nonce, 0, nonce.length);
            for (int i = 0; i < 8; i++)
            {
                nonce[nonce.length - 1 - i] ^= (byte)(packetNumber >>> (8 * i));
            }
            aead.init(Cipher.DECRYPT_MODE, keys.aeadKey(), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            aead.updateAAD(out, outOffset, headerLength);
            final int cipherOffset = pnOffset + packetNumberLength;
            payloadOffset = outOffset + headerLength;
            payloadLength = aead.doFinal(in, cipherOffset, end - cipherOffset, out, payloadOffset);
        }
        catch (final GeneralSecurityException ex)
        {
            payloadLength = 0;
            return QuicReason.AEAD_FAILED;
        }
        if ((firstByte & QuicLongHeaderFlyweight.RESERVED_BITS_MASK) != 0)
        {
            return QuicReason.RESERVED_BITS_SET;
        }
        return QuicReason.NONE;
    }

    /**
     * Recovers a full packet number from its truncated encoding (RFC 9000 §17.1, Appendix A.3).
     *
     * @param largest   largest packet number successfully processed in the space, or -1 for none.
     * @param truncated the decoded packet number bits.
     * @param bits      8, 16, 24 or 32.
     * @return the packet number closest to {@code largest + 1}.
     */
    public static long decodePacketNumber(final long largest, final long truncated, final int bits)
    {
        final long expected = largest + 1;
        final long window = 1L << bits;
        final long halfWindow = window / 2;
        final long candidate = (expected & ~(window - 1)) | truncated;
        if (candidate <= expected - halfWindow && candidate < (1L << 62) - window)
        {
            return candidate + window;
        }
        if (candidate > expected + halfWindow && candidate >= window)
        {
            return candidate - window;
        }
        return candidate;
    }

    public int packetNumberLength()
    {
        return packetNumberLength;
    }

    public long packetNumber()
    {
        return packetNumber;
    }

    /** @return index in the output buffer of the plaintext payload (the frames). */
    public int payloadOffset()
    {
        return payloadOffset;
    }

    public int payloadLength()
    {
        return payloadLength;
    }
}
