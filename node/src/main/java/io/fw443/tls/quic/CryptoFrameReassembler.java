package io.fw443.tls.quic;

import java.util.Arrays;

/**
 * Parses the frames of decrypted client Initial packets and reassembles their CRYPTO stream (RFC 9000 §19.6) in a
 * bounded buffer until a contiguous prefix holds one whole ClientHello handshake message. Data may arrive in any
 * order, in several frames per packet and over several packets (Chrome splits and shuffles its ClientHello on
 * purpose), duplicated, or padded. One instance per flow.
 *
 * <p>Frames permitted in an Initial packet (RFC 9000 §12.4 Table 3, §17.2.2); any other is a PROTOCOL_VIOLATION:
 * <pre>
 * PADDING (0x00)          1 byte
 * PING (0x01)             type only
 * ACK (0x02, 0x03)        Largest Acknowledged (i), ACK Delay (i), ACK Range Count (i), First ACK Range (i),
 *                         ACK Range (Gap (i), ACK Range Length (i)) ..., [0x03: ECT0, ECT1, ECN-CE Counts (i)]
 * CRYPTO (0x06)           Offset (i), Length (i), Crypto Data (Length)
 * CONNECTION_CLOSE (0x1c) Error Code (i), Frame Type (i), Reason Phrase Length (i), Reason Phrase (..)
 * </pre>
 * The ClientHello is the first handshake message on the stream (RFC 8446 §4):
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | msg_type = 1  |             length (24)                       |  body (length bytes) ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Bytes received twice must be equal: a retransmission that changes already-received bytes would let the server
 * and this inspector see different ClientHellos, so it is refused ({@link QuicReason#CRYPTO_CONFLICT}).
 * Bytes beyond the capacity are dropped; if the ClientHello itself needs them the flow ends {@link QuicStatus#TOO_LARGE}.
 */
public final class CryptoFrameReassembler
{
    public static final int DEFAULT_CAPACITY_BYTES = 16 * 1024;

    /** Frame types, RFC 9000 §19 / §12.4 Table 3. */
    static final int PADDING = 0x00;
    static final int PING = 0x01;
    static final int ACK = 0x02;
    static final int ACK_ECN = 0x03;
    static final int CRYPTO = 0x06;
    static final int CONNECTION_CLOSE = 0x1c;
    /** RFC 8446 §4: HandshakeType client_hello. */
    static final int CLIENT_HELLO = 1;
    /** RFC 8446 §4: msg_type (1) + uint24 length. */
    static final int HANDSHAKE_HEADER_LENGTH = 4;

    private final byte[] data;
    private final long[] received;
    private int contiguous;
    private int helloLength;
    private QuicStatus status;
    private QuicReason reason;

    public CryptoFrameReassembler()
    {
        this(DEFAULT_CAPACITY_BYTES);
    }

    /** @param capacityBytes the longest ClientHello (with its 4-byte header) that can be reassembled. */
    public CryptoFrameReassembler(final int capacityBytes)
    {
        if (capacityBytes < HANDSHAKE_HEADER_LENGTH)
        {
            throw new IllegalArgumentException("capacityBytes=" + capacityBytes);
        }
        data = new byte[capacityBytes];
        received = new long[(capacityBytes + 63) >>> 6];
        reset();
    }

    /** Back to an empty stream, for reuse by another flow. */
    public void reset()
    {
        Arrays.fill(received, 0L);
        contiguous = 0;
        helloLength = 0;
        status = QuicStatus.NEED_MORE;
        reason = QuicReason.CRYPTO_PENDING;
    }

    /**
     * Consumes the frames of one decrypted Initial packet.
     *
     * @param payload holding the plaintext frames.
     * @param offset  of the first frame.
     * @param length  of the plaintext payload.
     * @return the stream's status after this packet; once terminal it no longer changes.
     */
    public QuicStatus onPayload(final byte[] payload, final int offset, final int length)
    {
        if (status.isTerminal())
        {
            return status;
        }
        if (length <= 0)
        {
            return reject(QuicReason.NO_FRAMES);
        }
        final int end = offset + length;
        int pos = offset;
        while (pos < end)
        {
            if (payload[pos] == PADDING)
            {
                pos++;
                continue;
            }
            final long type = VarInt.read(payload, pos, end);
            if (type == VarInt.TRUNCATED)
            {
                return reject(QuicReason.FRAME_TRUNCATED);
            }
            final int typeLength = VarInt.length(payload[pos]);
            if (typeLength != VarInt.encodedLength(type))
            {
                return reject(QuicReason.FRAME_TYPE_NOT_MINIMAL);
            }
            pos += typeLength;
            if (type == PING)
            {
                continue;
            }
            if (type == CRYPTO)
            {
                pos = crypto(payload, pos, end);
            }
            else if (type == ACK || type == ACK_ECN)
            {
                pos = ack(payload, pos, end, type == ACK_ECN);
            }
            else if (type == CONNECTION_CLOSE)
            {
                pos = connectionClose(payload, pos, end);
            }
            else
            {
                return reject(QuicReason.FRAME_NOT_ALLOWED);
            }
            if (pos < 0)
            {
                return status;
            }
        }
        return checkHello();
    }

    /**
     * Ends the stream as {@link QuicStatus#MALFORMED}: the one transition into it.
     *
     * @return {@link QuicStatus#MALFORMED}.
     */
    public QuicStatus reject(final QuicReason why)
    {
        return transition(QuicStatus.MALFORMED, why);
    }

    public QuicStatus status()
    {
        return status;
    }

    public QuicReason reason()
    {
        return reason;
    }

    /** @return the reassembly buffer; the ClientHello is at index 0 once {@link QuicStatus#COMPLETE}. */
    public byte[] buffer()
    {
        return data;
    }

    /** @return length of the whole ClientHello message (header included), 0 until {@link QuicStatus#COMPLETE}. */
    public int helloLength()
    {
        return helloLength;
    }

    /** @return how many bytes from offset 0 have arrived without a gap. */
    public int contiguousLength()
    {
        return contiguous;
    }

    private int crypto(final byte[] payload, final int start, final int end)
    {
        int pos = start;
        final long streamOffset = VarInt.read(payload, pos, end);
        if (streamOffset == VarInt.TRUNCATED)
        {
            return fail(QuicReason.FRAME_TRUNCATED);
        }
        pos += VarInt.length(payload[pos]);
        final long dataLength = VarInt.read(payload, pos, end);
        if (dataLength == VarInt.TRUNCATED)
        {
            return fail(QuicReason.FRAME_TRUNCATED);
        }
        pos += VarInt.length(payload[pos]);
        if (dataLength > end - pos)
        {
            return fail(QuicReason.FRAME_TRUNCATED);
        }
        if (streamOffset + dataLength > VarInt.MAX_VALUE)
        {
            return fail(QuicReason.CRYPTO_OFFSET_OVERFLOW);
        }
        if (!store(payload, pos, streamOffset, (int)dataLength))
        {
            return fail(QuicReason.CRYPTO_CONFLICT);
        }
        return pos + (int)dataLength;
    }

    private boolean store(final byte[] payload, final int from, final long streamOffset, final int length)
    {
        if (streamOffset >= data.length)
        {
            return true;
        }
        final int at = (int)streamOffset;
        final int n = Math.min(length, data.length - at);
        for (int i = 0; i < n; i++)
        {
            final int index = at + i;
            final long bit = 1L << index;
            final int word = index >>> 6;
            if ((received[word] & bit) != 0)
            {
                if (data[index] != payload[from + i])
                {
                    return false;
                }
            }
            else
            {
                data[index] = payload[from + i];
                received[word] |= bit;
            }
        }
        while (contiguous < data.length && (received[contiguous >>> 6] & (1L << contiguous)) != 0)
        {
            contiguous++;
        }
        return true;
    }

    private int ack(final byte[] payload, final int start, final int end, final boolean ecn)
    {
        // Largest Acknowledged, ACK Delay
        int pos = skipVarInts(payload, start, end, 2);
        if (pos < 0)
        {
            return pos;
        }
        final long rangeCount = VarInt.read(payload, pos, end);
        if (rangeCount == VarInt.TRUNCATED)
        {
            return fail(QuicReason.FRAME_TRUNCATED);
        }
        pos += VarInt.length(payload[pos]);
        // First ACK Range, then Gap + ACK Range Length per range, then the three ECN counts for type 0x03
        return skipVarInts(payload, pos, end, 1 + 2 * rangeCount + (ecn ? 3 : 0));
    }

    private int connectionClose(final byte[] payload, final int start, final int end)
    {
        // Error Code, Frame Type
        int pos = skipVarInts(payload, start, end, 2);
        if (pos < 0)
        {
            return pos;
        }
        final long reasonLength = VarInt.read(payload, pos, end);
        if (reasonLength == VarInt.TRUNCATED)
        {
            return fail(QuicReason.FRAME_TRUNCATED);
        }
        pos += VarInt.length(payload[pos]);
        if (reasonLength > end - pos)
        {
            return fail(QuicReason.FRAME_TRUNCATED);
        }
        return pos + (int)reasonLength;
    }

    /** Each varint takes at least one byte, so even a huge count stops at the payload end. */
    private int skipVarInts(final byte[] payload, final int start, final int end, final long count)
    {
        int pos = start;
        for (long i = 0; i < count; i++)
        {
            if (pos >= end || VarInt.length(payload[pos]) > end - pos)
            {
                return fail(QuicReason.FRAME_TRUNCATED);
            }
            pos += VarInt.length(payload[pos]);
        }
        return pos;
    }

    private QuicStatus checkHello()
    {
        if (contiguous >= 1 && (data[0] & 0xff) != CLIENT_HELLO)
        {
            return reject(QuicReason.NOT_CLIENT_HELLO);
        }
        if (contiguous < HANDSHAKE_HEADER_LENGTH)
        {
            return status;
        }
        final int messageLength = HANDSHAKE_HEADER_LENGTH
            + (((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff));
        if (messageLength > data.length)
        {
            return transition(QuicStatus.TOO_LARGE, QuicReason.CLIENT_HELLO_TOO_LARGE);
        }
        if (contiguous >= messageLength)
        {
            helloLength = messageLength;
            return transition(QuicStatus.COMPLETE, QuicReason.CLIENT_HELLO_COMPLETE);
        }
        return status;
    }

    private int fail(final QuicReason why)
    {
        reject(why);
        return -1;
    }

    private QuicStatus transition(final QuicStatus to, final QuicReason why)
    {
        status = to;
        reason = why;
        return to;
    }
}
