package io.fw443.tls.quic;

/**
 * QUIC variable-length integers (RFC 9000 §16): the two high bits of the first byte give the length
 * (00 = 1, 01 = 2, 10 = 4, 11 = 8 bytes), the remaining bits hold the value in network byte order.
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+------------------------------
 * |L L|  value (6, 14, 30 or 62 bits, big-endian) ...
 * +-+-+-+-+-+-+-+-+------------------------------
 * </pre>
 */
public final class VarInt
{
    /** Largest encodable value, 2^62-1 (RFC 9000 §16). */
    public static final long MAX_VALUE = (1L << 62) - 1;
    /** Returned by {@link #read(byte[], int, int)} when the encoding runs past the limit. */
    public static final long TRUNCATED = -1;

    private VarInt()
    {
    }

    /**
     * @param firstByte the first byte of an encoding.
     * @return the encoding's length in bytes: 1, 2, 4 or 8.
     */
    public static int length(final byte firstByte)
    {
        return 1 << ((firstByte & 0xff) >>> 6);
    }

    /**
     * Decodes one variable-length integer, bounds-checked.
     *
     * @param buffer holding the encoding.
     * @param offset of the first byte.
     * @param limit  index one past the last readable byte.
     * @return the value (0..2^62-1), or {@link #TRUNCATED}.
     */
    public static long read(final byte[] buffer, final int offset, final int limit)
    {
        if (offset < 0 || offset >= limit)
        {
            return TRUNCATED;
        }
        final int first = buffer[offset] & 0xff;
        final int length = 1 << (first >>> 6);
        if (length > limit - offset)
        {
            return TRUNCATED;
        }
        long value = first & 0x3f;
        for (int i = 1; i < length; i++)
        {
            value = (value << 8) | (buffer[offset + i] & 0xff);
        }
        return value;
    }

    /**
     * @param value 0..{@link #MAX_VALUE}.
     * @return the length of its shortest encoding (RFC 9000 §16).
     */
    public static int encodedLength(final long value)
    {
        if (value <= 0x3fL)
        {
            return 1;
        }
        if (value <= 0x3fffL)
        {
            return 2;
        }
        if (value <= 0x3fff_ffffL)
        {
            return 4;
        }
        return 8;
    }
}
