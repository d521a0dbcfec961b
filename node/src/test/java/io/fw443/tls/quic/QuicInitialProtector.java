package io.fw443.tls.quic;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test-side sender: builds and protects Initial packets the way a client does (RFC 9001 §5.3 AEAD, then §5.4 header
 * protection), the inverse of {@link QuicInitialDecryptor}. The long header type bits are written from RFC 9000
 * §17.2 / RFC 9369 §3.2 directly rather than from {@link QuicVersion}, so the two sides are built independently.
 */
final class QuicInitialProtector
{
    private QuicInitialProtector()
    {
    }

    static int initialTypeBits(final QuicVersion version)
    {
        return version == QuicVersion.V1 ? 0b00 : 0b01;
    }

    /** One Initial packet; the caller chooses the key direction via {@code keys}. */
    static byte[] protect(
        final QuicVersion version,
        final QuicInitialKeys keys,
        final byte[] dcid,
        final byte[] scid,
        final byte[] token,
        final long packetNumber,
        final int packetNumberLength,
        final byte[] payload)
    {
        return protect(version, keys, dcid, scid, token, packetNumber, packetNumberLength, payload, 0);
    }

    /** As above, with {@code reservedBits} (0..3) written into the protected Reserved Bits (RFC 9000 §17.2). */
    static byte[] protect(
        final QuicVersion version,
        final QuicInitialKeys keys,
        final byte[] dcid,
        final byte[] scid,
        final byte[] token,
        final long packetNumber,
        final int packetNumberLength,
        final byte[] payload,
        final int reservedBits)
    {
        final ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(0xc0 | (initialTypeBits(version) << 4) | (reservedBits << 2) | (packetNumberLength - 1));
        final int v = version.wireVersion();
        h.write(v >>> 24);
        h.write(v >>> 16);
        h.write(v >>> 8);
        h.write(v);
        h.write(dcid.length);
        h.writeBytes(dcid);
        h.write(scid.length);
        h.writeBytes(scid);
        h.writeBytes(Frames.varint(token.length));
        h.writeBytes(token);
        h.writeBytes(Frames.varint(packetNumberLength + payload.length + QuicInitialDecryptor.TAG_LENGTH));
        final int pnOffset = h.size();
        for (int i = packetNumberLength - 1; i >= 0; i--)
        {
            h.write((int)(packetNumber >>> (8 * i)));
        }
        final byte[] header = h.toByteArray();

        try
        {
            final byte[] nonce = keys.iv().clone();
            for (int i = 0; i < 8; i++)
            {
                nonce[nonce.length - 1 - i] ^= (byte)(packetNumber >>> (8 * i));
            }
            final Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.key(), "AES"), new GCMParameterSpec(128, nonce));
            gcm.updateAAD(header);
            final byte[] sealed = gcm.doFinal(payload);

            final byte[] packet = new byte[header.length + sealed.length];
            System.arraycopy(header, 0, packet, 0, header.length);
            System.arraycopy(sealed, 0, packet, header.length, sealed.length);

            final Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.hp(), "AES"));
            final byte[] mask = ecb.doFinal(packet, pnOffset + 4, 16);
            packet[0] ^= (byte)(mask[0] & 0x0f);
            for (int i = 0; i < packetNumberLength; i++)
            {
                packet[pnOffset + i] ^= mask[1 + i];
            }
            return packet;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** A client Initial with 4-byte packet number, no SCID/token, payload padded so the packet is 1200 bytes. */
    static byte[] clientInitial(final QuicVersion version, final byte[] dcid, final long packetNumber, final Frames frames)
    {
        final QuicInitialKeys keys = clientKeys(version, dcid);
        // 1 + 4 + 1 + dcid + 1 + 1 (token len) + 2 (length) + 4 (pn) + tag
        final int overhead = 1 + 4 + 1 + dcid.length + 1 + 1 + 2 + 4 + QuicInitialDecryptor.TAG_LENGTH;
        return protect(version, keys, dcid, new byte[0], new byte[0], packetNumber, 4,
            frames.paddedTo(QuicInspector.MIN_INITIAL_DATAGRAM_BYTES - overhead));
    }

    static QuicInitialKeys clientKeys(final QuicVersion version, final byte[] dcid)
    {
        final QuicInitialKeys keys = new QuicInitialKeys();
        keys.deriveClient(new Hkdf(), version, dcid, 0, dcid.length);
        return keys;
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] p : parts)
        {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
