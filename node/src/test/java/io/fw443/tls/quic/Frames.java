package io.fw443.tls.quic;

import java.io.ByteArrayOutputStream;

/** Test-side writer of QUIC frames (RFC 9000 §19) and variable-length integers (RFC 9000 §16). */
final class Frames
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static byte[] varint(final long value)
    {
        final int length = VarInt.encodedLength(value);
        final byte[] b = new byte[length];
        long v = value;
        for (int i = length - 1; i >= 0; i--)
        {
            b[i] = (byte)v;
            v >>>= 8;
        }
        b[0] |= (byte)((Integer.numberOfTrailingZeros(length)) << 6);
        return b;
    }

    Frames raw(final byte... bytes)
    {
        out.writeBytes(bytes);
        return this;
    }

    Frames v(final long value)
    {
        return raw(varint(value));
    }

    Frames padding(final int n)
    {
        return raw(new byte[n]);
    }

    Frames ping()
    {
        return v(0x01);
    }

    /** ACK (0x02) of packets [largest - firstRange, largest] with no more ranges. */
    Frames ack(final long largest, final long firstRange)
    {
        return v(0x02).v(largest).v(0).v(0).v(firstRange);
    }

    /** CRYPTO (0x06) carrying stream[from, to) at offset {@code from}. */
    Frames crypto(final byte[] stream, final int from, final int to)
    {
        v(0x06).v(from).v(to - from);
        out.write(stream, from, to - from);
        return this;
    }

    int size()
    {
        return out.size();
    }

    byte[] bytes()
    {
        return out.toByteArray();
    }

    /** @return the frames followed by PADDING up to {@code payloadLength} bytes. */
    byte[] paddedTo(final int payloadLength)
    {
        if (out.size() < payloadLength)
        {
            padding(payloadLength - out.size());
        }
        return bytes();
    }
}
