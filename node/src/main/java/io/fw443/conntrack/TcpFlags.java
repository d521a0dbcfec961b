package io.fw443.conntrack;

/**
 * The control bits of the TCP header's flags byte (RFC 9293 §3.1; CWR and ECE from RFC 3168 §6.1.1), and the set of
 * combinations a real endpoint sends (Linux's {@code tcp_valid_flags}).
 */
public final class TcpFlags {
    /** RFC 9293 §3.1: no more data from sender. */
    public static final int FIN = 0x01;
    /** RFC 9293 §3.1: synchronize sequence numbers. */
    public static final int SYN = 0x02;
    /** RFC 9293 §3.1: reset the connection. */
    public static final int RST = 0x04;
    /** RFC 9293 §3.1: push function. */
    public static final int PSH = 0x08;
    /** RFC 9293 §3.1: acknowledgment field is significant. */
    public static final int ACK = 0x10;
    /** RFC 9293 §3.1: urgent pointer field is significant. */
    public static final int URG = 0x20;
    /** RFC 3168 §6.1.1: ECN-Echo. */
    public static final int ECE = 0x40;
    /** RFC 3168 §6.1.1: congestion window reduced. */
    public static final int CWR = 0x80;

    /** PSH, ECE and CWR never make a combination invalid, so validity is decided on the other five bits. */
    private static final int SIGNIFICANT = FIN | SYN | RST | ACK | URG;
    private static final boolean[] VALID = new boolean[SIGNIFICANT + 1];

    static {
        int[] valid = {
            SYN, SYN | URG, SYN | ACK,
            RST, RST | ACK,
            FIN | ACK, FIN | ACK | URG,
            ACK, ACK | URG,
        };
        for (int combination : valid) {
            VALID[combination] = true;
        }
    }

    private TcpFlags() {
    }

    /**
     * Whether a flags byte is one a conforming stack sends. Everything else — NULL, a lone FIN, SYN+FIN, SYN+RST,
     * the "Xmas" FIN+PSH+URG, RST+FIN and so on — exists only in scans and evasion attempts.
     */
    public static boolean valid(int flags) {
        return VALID[flags & SIGNIFICANT];
    }
}
