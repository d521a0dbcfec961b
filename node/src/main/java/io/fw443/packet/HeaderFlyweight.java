package io.fw443.packet;

/**
 * Common state of every header flyweight: the buffer, the absolute offset where the header starts and the number
 * of bytes from there to the end of the enclosing region (header plus whatever follows it). Re-wrapped per packet;
 * holds no copies.
 */
public abstract class HeaderFlyweight {
    /** Buffer the header lives in; never copied. */
    protected byte[] buffer;
    /** Absolute index of the header's first byte in {@link #buffer}. */
    protected int offset;
    /** Bytes available from {@link #offset} to the end of the enclosing region. */
    protected int length;

    /** Points this view at {@code buffer[offset .. offset + length)}. */
    protected void wrapRegion(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /** The wrapped buffer. */
    public byte[] buffer() {
        return buffer;
    }

    /** Absolute index of the header's first byte. */
    public int offset() {
        return offset;
    }

    /** Bytes available from {@link #offset()} to the end of the wrapped region. */
    public int length() {
        return length;
    }
}
