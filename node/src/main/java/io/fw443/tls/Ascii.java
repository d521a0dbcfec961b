package io.fw443.tls;

/** ASCII writers for fingerprint text, into caller-owned byte arrays (no allocation). */
final class Ascii {
    private static final byte[] HEX = {
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
    };

    private Ascii() {
    }

    static byte hexDigit(int nibble) {
        return HEX[nibble & 0xf];
    }

    /** Writes a 16-bit value as four lowercase hex digits; returns the next position. */
    static int hex4(int value, byte[] dst, int p) {
        dst[p] = HEX[(value >>> 12) & 0xf];
        dst[p + 1] = HEX[(value >>> 8) & 0xf];
        dst[p + 2] = HEX[(value >>> 4) & 0xf];
        dst[p + 3] = HEX[value & 0xf];
        return p + 4;
    }

    /** Writes {@code count} bytes as lowercase hex; returns the next position. */
    static int hexBytes(byte[] src, int count, byte[] dst, int p) {
        for (int i = 0; i < count; i++) {
            dst[p++] = HEX[(src[i] >>> 4) & 0xf];
            dst[p++] = HEX[src[i] & 0xf];
        }
        return p;
    }

    /** Writes a non-negative int in decimal; returns the next position. */
    static int decimal(int value, byte[] dst, int p) {
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        int q = p + digits;
        int v = value;
        do {
            dst[--q] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        return p + digits;
    }

    /** Writes 0..99 as two digits, capping larger values at 99 (JA4 counts). */
    static int twoDigits(int value, byte[] dst, int p) {
        int v = Math.min(value, 99);
        dst[p] = (byte) ('0' + v / 10);
        dst[p + 1] = (byte) ('0' + v % 10);
        return p + 2;
    }

    static boolean isAlphanumeric(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
