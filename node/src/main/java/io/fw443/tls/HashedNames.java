package io.fw443.tls;

import java.util.List;

/**
 * An immutable open-addressing set of byte strings keyed by a 64-bit FNV-1a hash, for allocation-free lookups on
 * the hot path: the caller computes the hash while scanning its bytes, the set confirms with a byte comparison.
 * SNI sets hash right to left ({@link #reverseHash}) so one backward scan of a name yields the hash of every suffix.
 */
final class HashedNames {
    static final long FNV_OFFSET = 0xcbf29ce484222325L;
    static final long FNV_PRIME = 0x100000001b3L;

    private final long[] hashes;
    private final byte[][] names;
    private final int mask;
    private final int size;

    HashedNames(List<byte[]> entries, boolean reverse) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 - 1)) << 1;
        hashes = new long[capacity];
        names = new byte[capacity][];
        mask = capacity - 1;
        int n = 0;
        for (byte[] e : entries) {
            long h = reverse ? reverseHash(e, 0, e.length) : LabelDictionary.hash(e, 0, e.length);
            int i = (int) (h ^ (h >>> 32)) & mask;
            boolean duplicate = false;
            while (names[i] != null) {
                if (hashes[i] == h && java.util.Arrays.equals(names[i], e)) {
                    duplicate = true;
                    break;
                }
                i = (i + 1) & mask;
            }
            if (!duplicate) {
                hashes[i] = h;
                names[i] = e.clone();
                n++;
            }
        }
        size = n;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** FNV-1a over {@code b[off, off+len)} read from the last byte to the first. */
    static long reverseHash(byte[] b, int off, int len) {
        long h = FNV_OFFSET;
        for (int i = off + len - 1; i >= off; i--) {
            h = (h ^ (b[i] & 0xFF)) * FNV_PRIME;
        }
        return h;
    }

    /** Whether the set holds the SNI's bytes {@code [from, sniLength)}, whose reverse hash is {@code hash}. */
    boolean containsSni(ClientHelloInfo hello, int from, long hash) {
        int len = hello.sniLength() - from;
        for (int i = (int) (hash ^ (hash >>> 32)) & mask; names[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && names[i].length == len && sniEquals(hello, from, names[i])) {
                return true;
            }
        }
        return false;
    }

    /** Whether the set holds {@code b[off, off+len)}, whose forward hash is {@code hash}. */
    boolean contains(byte[] b, int off, int len, long hash) {
        for (int i = (int) (hash ^ (hash >>> 32)) & mask; names[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && java.util.Arrays.equals(names[i], 0, names[i].length, b, off, off + len)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sniEquals(ClientHelloInfo hello, int from, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (hello.sniByte(from + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
