package io.fw443.packet;

/**
 * Big-endian (network byte order, RFC 1700 "Data Notations") reads and writes on a {@code byte[]} with unsigned
 * widening: a 16-bit field comes back as an {@code int} in 0..65535, a 32-bit field as a {@code long} in
 * 0..2^32-1. No bounds checks beyond the JVM's own: callers validate lengths first.
 */
public final class NetworkOrder {
    private NetworkOrder() {
    }

    /** Unsigned 8-bit value at {@code index}. */
    public static int u8(byte[] buf, int index) {
        return buf[index] & 0xFF;
    }

    /** Unsigned big-endian 16-bit value at {@code index}. */
    public static int u16(byte[] buf, int index) {
        return ((buf[index] & 0xFF) << 8) | (buf[index + 1] & 0xFF);
    }

    /** Unsigned big-endian 32-bit value at {@code index}. */
    public static long u32(byte[] buf, int index) {
        return s32(buf, index) & 0xFFFF_FFFFL;
    }

    /** Big-endian 32-bit value at {@code index} as a signed int (same bits; handy for IPv4 addresses). */
    public static int s32(byte[] buf, int index) {
        return ((buf[index] & 0xFF) << 24) | ((buf[index + 1] & 0xFF) << 16)
                | ((buf[index + 2] & 0xFF) << 8) | (buf[index + 3] & 0xFF);
    }

    /** Writes the low 8 bits of {@code value} at {@code index}. */
    public static void put8(byte[] buf, int index, int value) {
        buf[index] = (byte) value;
    }

    /** Writes the low 16 bits of {@code value} big-endian at {@code index}. */
    public static void put16(byte[] buf, int index, int value) {
        buf[index] = (byte) (value >>> 8);
        buf[index + 1] = (byte) value;
    }

    /** Writes the low 32 bits of {@code value} big-endian at {@code index}. */
    public static void put32(byte[] buf, int index, long value) {
        buf[index] = (byte) (value >>> 24);
        buf[index + 1] = (byte) (value >>> 16);
        buf[index + 2] = (byte) (value >>> 8);
        buf[index + 3] = (byte) value;
    }
}
