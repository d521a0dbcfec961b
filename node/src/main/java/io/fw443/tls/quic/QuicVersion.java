package io.fw443.tls.quic;

import java.util.HexFormat;

/**
 * The QUIC versions whose Initial packets this package can unprotect, with the per-version constants: the Initial
 * salt, the HKDF labels of the packet protection keys and the long header type encoding.
 */
public enum QuicVersion
{
    /** QUIC version 1 (RFC 9000 §15); salt RFC 9001 §5.2, labels RFC 9001 §5.1, types RFC 9000 §17.2. */
    V1(0x0000_0001, "38762cf7f55934b34d179ae6a4c80cadccbb7f0a", "quic",
        QuicPacketType.INITIAL, QuicPacketType.ZERO_RTT, QuicPacketType.HANDSHAKE, QuicPacketType.RETRY),
    /** QUIC version 2: version RFC 9369 §3.1, salt §3.3.1, labels §3.3.2, types §3.2. */
    V2(0x6b33_43cf, "0dede3def700a6db819381be6e269dcbf9bd2ed9", "quicv2",
        QuicPacketType.RETRY, QuicPacketType.INITIAL, QuicPacketType.ZERO_RTT, QuicPacketType.HANDSHAKE);

    /** AEAD_AES_128_GCM key length (RFC 9001 §5.3, RFC 5116 §5.1). */
    public static final int KEY_LENGTH = 16;
    /** AEAD_AES_128_GCM nonce length (RFC 5116 §5.1; RFC 9001 §5.3: iv length = nonce length). */
    public static final int IV_LENGTH = 12;
    /** AES-128 header protection key length (RFC 9001 §5.4.3). */
    public static final int HP_KEY_LENGTH = 16;

    private final int wireVersion;
    private final byte[] initialSalt;
    private final byte[] keyLabel;
    private final byte[] ivLabel;
    private final byte[] hpLabel;
    private final QuicPacketType[] typeByBits;

    QuicVersion(
        final int wireVersion,
        final String initialSaltHex,
        final String labelPrefix,
        final QuicPacketType... typeByBits)
    {
        this.wireVersion = wireVersion;
        this.initialSalt = HexFormat.of().parseHex(initialSaltHex);
        this.keyLabel = Hkdf.hkdfLabel(labelPrefix + " key", KEY_LENGTH);
        this.ivLabel = Hkdf.hkdfLabel(labelPrefix + " iv", IV_LENGTH);
        this.hpLabel = Hkdf.hkdfLabel(labelPrefix + " hp", HP_KEY_LENGTH);
        this.typeByBits = typeByBits;
    }

    /**
     * @param wireVersion the 32-bit Version field of a long header.
     * @return the version, or null when its Initial protection is unknown (including 0, Version Negotiation).
     */
    public static QuicVersion of(final int wireVersion)
    {
        switch (wireVersion)
        {
            case 0x0000_0001:
                return V1;
            case 0x6b33_43cf:
                return V2;
            default:
                return null;
        }
    }

    /** @return the Version field value on the wire. */
    public int wireVersion()
    {
        return wireVersion;
    }

    /**
     * @param typeBits the two Long Packet Type bits (0..3).
     * @return the packet type they encode in this version.
     */
    public QuicPacketType packetType(final int typeBits)
    {
        return typeByBits[typeBits & 0x3];
    }

    byte[] initialSalt()
    {
        return initialSalt;
    }

    byte[] keyLabel()
    {
        return keyLabel;
    }

    byte[] ivLabel()
    {
        return ivLabel;
    }

    byte[] hpLabel()
    {
        return hpLabel;
    }
}
