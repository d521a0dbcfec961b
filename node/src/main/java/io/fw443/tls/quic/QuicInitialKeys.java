package io.fw443.tls.quic;

import javax.crypto.spec.SecretKeySpec;

/**
 * Initial packet protection keys of one direction, derived from the client's first Destination Connection ID
 * (RFC 9001 §5.2; version 2: RFC 9369 §3.3):
 * <pre>
 * initial_secret        = HKDF-Extract(initial_salt, client_dst_connection_id)
 * client_initial_secret = HKDF-Expand-Label(initial_secret, "client in", "", 32)
 * key = HKDF-Expand-Label(secret, "quic key", "", 16)     ("quicv2 key" in v2)
 * iv  = HKDF-Expand-Label(secret, "quic iv",  "", 12)     ("quicv2 iv")
 * hp  = HKDF-Expand-Label(secret, "quic hp",  "", 16)     ("quicv2 hp")
 * </pre>
 * A flow keeps one instance and re-derives only when an Initial arrives with another DCID or version (after a
 * Retry or a compatible version switch), so derivation happens once per flow, not per packet.
 */
public final class QuicInitialKeys
{
    /** Label of the client's Initial secret (RFC 9001 §5.2). */
    private static final byte[] CLIENT_IN = Hkdf.hkdfLabel("client in", Hkdf.HASH_LENGTH);
    /** Label of the server's Initial secret (RFC 9001 §5.2). */
    private static final byte[] SERVER_IN = Hkdf.hkdfLabel("server in", Hkdf.HASH_LENGTH);
    private static final String AES = "AES";

    private final byte[] dcid = new byte[QuicLongHeaderFlyweight.MAX_CID_LENGTH];
    private int dcidLength = -1;
    private QuicVersion version;
    private boolean server;
    private final byte[] initialSecret = new byte[Hkdf.HASH_LENGTH];
    private final byte[] secret = new byte[Hkdf.HASH_LENGTH];
    private final byte[] key = new byte[QuicVersion.KEY_LENGTH];
    private final byte[] iv = new byte[QuicVersion.IV_LENGTH];
    private final byte[] hp = new byte[QuicVersion.HP_KEY_LENGTH];
    private SecretKeySpec aeadKey;
    private SecretKeySpec hpKey;

    /**
     * @return true when these are the client keys of {@code version} for this DCID, so no derivation is needed.
     */
    public boolean matchesClient(final QuicVersion version, final byte[] buffer, final int dcidOffset, final int dcidLength)
    {
        if (server || version != this.version || dcidLength != this.dcidLength)
        {
            return false;
        }
        for (int i = 0; i < dcidLength; i++)
        {
            if (dcid[i] != buffer[dcidOffset + i])
            {
                return false;
            }
        }
        return true;
    }

    /** Derives the keys protecting client Initial packets; {@code dcidLength} at most 20. */
    public void deriveClient(
        final Hkdf hkdf, final QuicVersion version, final byte[] buffer, final int dcidOffset, final int dcidLength)
    {
        derive(hkdf, version, buffer, dcidOffset, dcidLength, false);
    }

    /** Derives the keys protecting server Initial packets (the DCID is still the client's first one). */
    public void deriveServer(
        final Hkdf hkdf, final QuicVersion version, final byte[] buffer, final int dcidOffset, final int dcidLength)
    {
        derive(hkdf, version, buffer, dcidOffset, dcidLength, true);
    }

    /** Forgets the keys, so the next Initial derives again. */
    public void reset()
    {
        dcidLength = -1;
        version = null;
        aeadKey = null;
        hpKey = null;
    }

    private void derive(
        final Hkdf hkdf,
        final QuicVersion version,
        final byte[] buffer,
        final int dcidOffset,
        final int dcidLength,
        final boolean server)
    {
        System.arraycopy(buffer, dcidOffset, dcid, 0, dcidLength);
        this.dcidLength = dcidLength;
        this.version = version;
        this.server = server;
        hkdf.extract(version.initialSalt(), buffer, dcidOffset, dcidLength, initialSecret);
        hkdf.expand(initialSecret, server ? SERVER_IN : CLIENT_IN, secret, Hkdf.HASH_LENGTH);
        hkdf.expand(secret, version.keyLabel(), key, QuicVersion.KEY_LENGTH);
        hkdf.expand(secret, version.ivLabel(), iv, QuicVersion.IV_LENGTH);
        hkdf.expand(secret, version.hpLabel(), hp, QuicVersion.HP_KEY_LENGTH);
        aeadKey = new SecretKeySpec(key, AES);
        hpKey = new SecretKeySpec(hp, AES);
    }

    SecretKeySpec aeadKey()
    {
        return aeadKey;
    }

    SecretKeySpec hpKey()
    {
        return hpKey;
    }

    byte[] iv()
    {
        return iv;
    }

    byte[] initialSecret()
    {
        return initialSecret;
    }

    byte[] secret()
    {
        return secret;
    }

    byte[] key()
    {
        return key;
    }

    byte[] hp()
    {
        return hp;
    }
}
