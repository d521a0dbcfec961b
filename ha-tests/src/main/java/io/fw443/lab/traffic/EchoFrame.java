package io.fw443.lab.traffic;

import io.netty.buffer.ByteBuf;

/**
 * The fleet's record, echoed back unchanged by the server:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         magic 0xF443EC40                      |
 * +---------------------------------------------------------------+
 * |                           session id                          |
 * +---------------------------------------------------------------+
 * |                    sequence number (64 bits)                  |
 * +---------------------------------------------------------------+
 * |              send time, sender's monotonic ns (64 bits)       |
 * +---------------------------------------------------------------+
 * |            check = sequence XOR send time XOR magic (64)      |
 * +---------------------------------------------------------------+
 * </pre>
 * All fields big-endian. A fixed length lets the receiver cut the byte stream into frames wherever TCP split it.
 */
final class EchoFrame {
    static final int LENGTH = 32;
    static final int MAGIC = 0xF443EC40;

    private EchoFrame() {}

    static void write(ByteBuf out, int session, long sequence, long sendNs) {
        out.writeInt(MAGIC).writeInt(session).writeLong(sequence).writeLong(sendNs)
                .writeLong(sequence ^ sendNs ^ MAGIC);
    }

    /** The send time if {@code frame} is exactly the record {@code session} sent as {@code sequence}, else -1. */
    static long check(ByteBuf frame, int session, long sequence) {
        int i = frame.readerIndex();
        if (frame.readableBytes() != LENGTH || frame.getInt(i) != MAGIC || frame.getInt(i + 4) != session
                || frame.getLong(i + 8) != sequence) {
            return -1;
        }
        long sendNs = frame.getLong(i + 16);
        return frame.getLong(i + 24) == (sequence ^ sendNs ^ MAGIC) ? sendNs : -1;
    }

    /** What the frame claims, for the error message of a mismatch. */
    static String describe(ByteBuf frame) {
        int i = frame.readerIndex();
        return frame.readableBytes() < LENGTH ? frame.readableBytes() + " bytes"
                : String.format("magic=%08x session=%d seq=%d", frame.getInt(i), frame.getInt(i + 4),
                        frame.getLong(i + 8));
    }
}
