package io.fw443.conntrack;

/**
 * The facts about one TCP segment that tracking needs, filled by the caller from its packet descriptor and re-used
 * for every packet. Sequence numbers are unsigned 32-bit values carried in {@code int}s; compare them only with
 * {@link #after} / {@link #before} (RFC 9293 §3.4, modulo 2^32).
 */
public final class TcpSegment {
    /** RFC 7323 §2.3: a shift count above 14 is treated as 14. */
    public static final int MAX_WINDOW_SCALE = 14;
    /** {@link #windowScale()} when the segment carried no Window Scale option. */
    public static final int NO_WINDOW_SCALE = -1;

    private int flags;
    private int seq;
    private int ack;
    private int window;
    private int payloadLength;
    private int windowScale = NO_WINDOW_SCALE;
    private boolean sackPermitted;
    private boolean hasSack;
    private int sackRightEdge;

    /**
     * Sets the fixed-header facts and clears the options, so a holder re-used for the next packet carries nothing
     * over. {@code window} is the raw 16-bit field, unscaled; {@code payloadLength} counts TCP payload bytes only.
     */
    public TcpSegment set(int flags, int seq, int ack, int window, int payloadLength) {
        this.flags = flags & 0xFF;
        this.seq = seq;
        this.ack = ack;
        this.window = window & 0xFFFF;
        this.payloadLength = payloadLength;
        this.windowScale = NO_WINDOW_SCALE;
        this.sackPermitted = false;
        this.hasSack = false;
        this.sackRightEdge = 0;
        return this;
    }

    /** The Window Scale option's shift count (RFC 7323 §2.2), clamped to 14; negative means absent. */
    public TcpSegment windowScale(int shift) {
        this.windowScale = shift < 0 ? NO_WINDOW_SCALE : Math.min(shift, MAX_WINDOW_SCALE);
        return this;
    }

    /** The SACK-Permitted option was present (RFC 2018 §2). */
    public TcpSegment sackPermitted(boolean present) {
        this.sackPermitted = present;
        return this;
    }

    /** The highest right edge among the segment's SACK blocks (RFC 2018 §3). */
    public TcpSegment sackRightEdge(int rightEdge) {
        this.hasSack = true;
        this.sackRightEdge = rightEdge;
        return this;
    }

    public int flags() { return flags; }
    public int seq() { return seq; }
    public int ack() { return ack; }
    public int window() { return window; }
    public int payloadLength() { return payloadLength; }
    public int windowScale() { return windowScale; }
    public boolean sackPermitted() { return sackPermitted; }
    public boolean hasSack() { return hasSack; }
    public int sackRightEdge() { return sackRightEdge; }

    public boolean syn() { return (flags & TcpFlags.SYN) != 0; }
    public boolean fin() { return (flags & TcpFlags.FIN) != 0; }
    public boolean rst() { return (flags & TcpFlags.RST) != 0; }
    public boolean ackFlag() { return (flags & TcpFlags.ACK) != 0; }

    /** The sequence number just past this segment: SYN and FIN each occupy one (RFC 9293 §3.4). */
    public int end() {
        return seq + payloadLength + (syn() ? 1 : 0) + (fin() ? 1 : 0);
    }

    /** {@code a} is later than {@code b} in sequence space. */
    public static boolean after(int a, int b) {
        return a - b > 0;
    }

    /** {@code a} is earlier than {@code b} in sequence space. */
    public static boolean before(int a, int b) {
        return a - b < 0;
    }
}
