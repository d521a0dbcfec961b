package io.fw443.packet;

/**
 * TCP header (RFC 9293 §3.1) and the options the engine reads (RFC 9293 §3.2, RFC 7323, RFC 2018).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           [Options]                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TcpFlyweight extends HeaderFlyweight {
    public static final int SOURCE_PORT_OFFSET = 0;
    public static final int DESTINATION_PORT_OFFSET = 2;
    public static final int SEQUENCE_OFFSET = 4;
    public static final int ACKNOWLEDGMENT_OFFSET = 8;
    public static final int DATA_OFFSET_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int WINDOW_OFFSET = 14;
    public static final int CHECKSUM_OFFSET = 16;
    public static final int URGENT_POINTER_OFFSET = 18;
    public static final int OPTIONS_OFFSET = 20;
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int MAX_HEADER_LENGTH = 60;

    /** Control bits, RFC 9293 §3.1 (CWR/ECE from RFC 3168 §6.1). */
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /** Option kinds and their fixed lengths: RFC 9293 §3.2 (EOL, NOP, MSS), RFC 7323 §2.2/§3.2, RFC 2018 §2. */
    public static final int OPTION_END = 0;
    public static final int OPTION_NOP = 1;
    public static final int OPTION_MSS = 2;
    public static final int OPTION_MSS_LENGTH = 4;
    public static final int OPTION_WINDOW_SCALE = 3;
    public static final int OPTION_WINDOW_SCALE_LENGTH = 3;
    public static final int OPTION_SACK_PERMITTED = 4;
    public static final int OPTION_SACK_PERMITTED_LENGTH = 2;
    public static final int OPTION_TIMESTAMPS = 8;
    public static final int OPTION_TIMESTAMPS_LENGTH = 10;
    /** RFC 7323 §2.3: a shift above 14 is treated as 14. */
    public static final int MAX_WINDOW_SCALE = 14;

    public TcpFlyweight wrap(byte[] buffer, int offset, int length) {
        wrapRegion(buffer, offset, length);
        return this;
    }

    public int sourcePort() {
        return NetworkOrder.u16(buffer, offset + SOURCE_PORT_OFFSET);
    }

    public TcpFlyweight sourcePort(int port) {
        NetworkOrder.put16(buffer, offset + SOURCE_PORT_OFFSET, port);
        return this;
    }

    public int destinationPort() {
        return NetworkOrder.u16(buffer, offset + DESTINATION_PORT_OFFSET);
    }

    public TcpFlyweight destinationPort(int port) {
        NetworkOrder.put16(buffer, offset + DESTINATION_PORT_OFFSET, port);
        return this;
    }

    public long sequenceNumber() {
        return NetworkOrder.u32(buffer, offset + SEQUENCE_OFFSET);
    }

    public TcpFlyweight sequenceNumber(long seq) {
        NetworkOrder.put32(buffer, offset + SEQUENCE_OFFSET, seq);
        return this;
    }

    public long acknowledgmentNumber() {
        return NetworkOrder.u32(buffer, offset + ACKNOWLEDGMENT_OFFSET);
    }

    public TcpFlyweight acknowledgmentNumber(long ack) {
        NetworkOrder.put32(buffer, offset + ACKNOWLEDGMENT_OFFSET, ack);
        return this;
    }

    /** Header length in bytes (Data Offset × 4). */
    public int headerLength() {
        return (NetworkOrder.u8(buffer, offset + DATA_OFFSET_OFFSET) >>> 4) << 2;
    }

    /** Writes the Data Offset for {@code headerLength} bytes and clears the reserved bits. */
    public TcpFlyweight headerLength(int headerLength) {
        NetworkOrder.put8(buffer, offset + DATA_OFFSET_OFFSET, (headerLength >>> 2) << 4);
        return this;
    }

    /** The 8 control bits (CWR..FIN). */
    public int flags() {
        return NetworkOrder.u8(buffer, offset + FLAGS_OFFSET);
    }

    public TcpFlyweight flags(int flags) {
        NetworkOrder.put8(buffer, offset + FLAGS_OFFSET, flags);
        return this;
    }

    public int window() {
        return NetworkOrder.u16(buffer, offset + WINDOW_OFFSET);
    }

    public TcpFlyweight window(int window) {
        NetworkOrder.put16(buffer, offset + WINDOW_OFFSET, window);
        return this;
    }

    public int checksum() {
        return NetworkOrder.u16(buffer, offset + CHECKSUM_OFFSET);
    }

    public TcpFlyweight checksum(int checksum) {
        NetworkOrder.put16(buffer, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    public int urgentPointer() {
        return NetworkOrder.u16(buffer, offset + URGENT_POINTER_OFFSET);
    }

    public TcpFlyweight urgentPointer(int urgentPointer) {
        NetworkOrder.put16(buffer, offset + URGENT_POINTER_OFFSET, urgentPointer);
        return this;
    }
}
