package io.fw443.tls.quic;

/**
 * Flyweight over a QUIC long header packet (RFC 9000 §17.2), re-wrapped for every packet of a datagram.
 * {@link #wrap(byte[], int, int)} validates the header and records field offsets; it never copies bytes.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |1|F| T |R R|P P|                 Version (32) ...              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ... Version  |  DCID Len (8) | Destination Connection ID (0..160) ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  SCID Len (8) | Source Connection ID (0..160) ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Token Length (i) | Token (..) ...                  Initial only
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Length (i) ...           = packet number + payload, not Retry
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Packet Number (8..32) | Protected Payload (..) ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  F = fixed bit, T = type (encoding per version, RFC 9369 §3.2); R R (reserved), P P (packet number length - 1)
 *  and the Packet Number are under header protection (RFC 9001 §5.4).
 * </pre>
 */
public final class QuicLongHeaderFlyweight
{
    /** Header Form bit: 1 = long header (RFC 9000 §17.2). */
    public static final int HEADER_FORM_BIT = 0x80;
    /** Long Packet Type bits (RFC 9000 §17.2). */
    public static final int TYPE_MASK = 0x30;
    public static final int TYPE_SHIFT = 4;
    /** Reserved bits of Initial/0-RTT/Handshake, protected (RFC 9000 §17.2). */
    public static final int RESERVED_BITS_MASK = 0x0c;
    /** Packet Number Length bits, protected (RFC 9000 §17.2). */
    public static final int PN_LENGTH_MASK = 0x03;
    public static final int VERSION_OFFSET = 1;
    public static final int DCID_LENGTH_OFFSET = 5;
    /** Version 0 marks Version Negotiation (RFC 9000 §17.2.1). */
    public static final int VERSION_NEGOTIATION = 0;
    /** Connection IDs of version 1 and 2 are at most 20 bytes (RFC 9000 §17.2). */
    public static final int MAX_CID_LENGTH = 20;
    /** Header protection samples 16 bytes starting 4 bytes after the packet number offset (RFC 9001 §5.4.2). */
    public static final int MIN_PROTECTED_LENGTH = 4 + 16;

    private byte[] buffer;
    private int offset;
    private int limit;
    private int wireVersion;
    private QuicVersion version;
    private QuicPacketType type;
    private int dcidLength;
    private int scidOffset;
    private int scidLength;
    private int tokenOffset;
    private int tokenLength;
    private int packetNumberOffset;
    private int packetEnd;

    /**
     * Wraps the packet starting at {@code offset} and validates its long header up to the packet number.
     * Accessors are meaningful once this returned {@link QuicReason#NONE}; {@link #wireVersion()} also after
     * {@link QuicReason#UNSUPPORTED_VERSION}.
     *
     * @param buffer holding the datagram.
     * @param offset of the packet's first byte.
     * @param length bytes from {@code offset} to the end of the datagram.
     * @return {@link QuicReason#NONE}, or why the header cannot be used.
     */
    public QuicReason wrap(final byte[] buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + length;
        this.wireVersion = 0;
        this.version = null;
        this.type = null;
        this.dcidLength = 0;
        this.scidOffset = 0;
        this.scidLength = 0;
        this.tokenOffset = 0;
        this.tokenLength = 0;
        this.packetNumberOffset = -1;
        this.packetEnd = limit;

        if (length < 1)
        {
            return QuicReason.HEADER_TRUNCATED;
        }
        final int first = buffer[offset] & 0xff;
        if ((first & HEADER_FORM_BIT) == 0)
        {
            return QuicReason.SHORT_HEADER;
        }
        if (length < DCID_LENGTH_OFFSET + 1)
        {
            return QuicReason.HEADER_TRUNCATED;
        }
        wireVersion = readInt(buffer, offset + VERSION_OFFSET);
        if (wireVersion == VERSION_NEGOTIATION)
        {
            return QuicReason.VERSION_NEGOTIATION;
        }
        version = QuicVersion.of(wireVersion);
        if (version == null)
        {
            return QuicReason.UNSUPPORTED_VERSION;
        }
        // The fixed bit is not checked: RFC 9287 lets a client clear it, even in Initial packets.
        type = version.packetType((first & TYPE_MASK) >>> TYPE_SHIFT);

        int pos = offset + DCID_LENGTH_OFFSET;
        dcidLength = buffer[pos++] & 0xff;
        if (dcidLength > MAX_CID_LENGTH)
        {
            return QuicReason.CID_TOO_LONG;
        }
        pos += dcidLength;
        if (pos >= limit)
        {
            return QuicReason.HEADER_TRUNCATED;
        }
        scidLength = buffer[pos++] & 0xff;
        if (scidLength > MAX_CID_LENGTH)
        {
            return QuicReason.CID_TOO_LONG;
        }
        scidOffset = pos;
        pos += scidLength;
        if (pos > limit)
        {
            return QuicReason.HEADER_TRUNCATED;
        }
        if (type == QuicPacketType.RETRY)
        {
            return QuicReason.NONE; // RFC 9000 §17.2.5: no Length, the Retry fills the rest of the datagram
        }
        if (type == QuicPacketType.INITIAL)
        {
            final long tokenLen = VarInt.read(buffer, pos, limit);
            if (tokenLen == VarInt.TRUNCATED)
            {
                return QuicReason.HEADER_TRUNCATED;
            }
            pos += VarInt.length(buffer[pos]);
            if (tokenLen > limit - pos)
            {
                return QuicReason.HEADER_TRUNCATED;
            }
            tokenOffset = pos;
            tokenLength = (int)tokenLen;
            pos += tokenLength;
        }
        final long packetLength = VarInt.read(buffer, pos, limit);
        if (packetLength == VarInt.TRUNCATED)
        {
            return QuicReason.HEADER_TRUNCATED;
        }
        pos += VarInt.length(buffer[pos]);
        if (packetLength > limit - pos)
        {
            return QuicReason.PACKET_TRUNCATED;
        }
        packetNumberOffset = pos;
        packetEnd = pos + (int)packetLength;
        if (packetLength < MIN_PROTECTED_LENGTH)
        {
            return QuicReason.PACKET_TOO_SHORT;
        }
        return QuicReason.NONE;
    }

    public byte[] buffer()
    {
        return buffer;
    }

    /** @return index of the packet's first byte. */
    public int offset()
    {
        return offset;
    }

    /** @return the Version field (unsigned 32-bit, as int). */
    public int wireVersion()
    {
        return wireVersion;
    }

    public QuicVersion version()
    {
        return version;
    }

    public QuicPacketType packetType()
    {
        return type;
    }

    public int dcidOffset()
    {
        return offset + DCID_LENGTH_OFFSET + 1;
    }

    public int dcidLength()
    {
        return dcidLength;
    }

    public int scidOffset()
    {
        return scidOffset;
    }

    public int scidLength()
    {
        return scidLength;
    }

    /** @return index of the Token (Initial only). */
    public int tokenOffset()
    {
        return tokenOffset;
    }

    public int tokenLength()
    {
        return tokenLength;
    }

    /** @return index of the (protected) Packet Number, or -1 for Retry. */
    public int packetNumberOffset()
    {
        return packetNumberOffset;
    }

    /** @return index one past the packet's last byte: where a coalesced packet would start (RFC 9000 §12.2). */
    public int packetEnd()
    {
        return packetEnd;
    }

    /** @return true when both headers carry the same Destination Connection ID (RFC 9000 §12.2). */
    public boolean sameDcid(final byte[] other, final int otherOffset, final int otherLength)
    {
        if (otherLength != dcidLength)
        {
            return false;
        }
        final int dcidOffset = dcidOffset();
        for (int i = 0; i < dcidLength; i++)
        {
            if (buffer[dcidOffset + i] != other[otherOffset + i])
            {
                return false;
            }
        }
        return true;
    }

    private static int readInt(final byte[] buffer, final int index)
    {
        return ((buffer[index] & 0xff) << 24)
            | ((buffer[index + 1] & 0xff) << 16)
            | ((buffer[index + 2] & 0xff) << 8)
            | (buffer[index + 3] & 0xff);
    }
}
