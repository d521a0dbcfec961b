package io.fw443.policy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable set of IPv4 and IPv6 prefixes, answering "is this address inside?" without allocation.
 *
 * <p>Prefixes are merged into sorted, non-overlapping, non-adjacent address ranges, one array per
 * family. Values are stored with the sign bit flipped ({@code x ^ MIN_VALUE}) so plain signed
 * comparisons order them as unsigned numbers. A lookup reads a bucket index on the top
 * {@code k} bits of the address (k grows with the set size, at most 16), which narrows a binary
 * search to the few ranges that can hold the address: for a million random prefixes about 15 ranges,
 * so four probes instead of twenty.
 *
 * <pre>
 * ranges4: | start0 | end0 | start1 | end1 | ...      (int, flipped, inclusive ends)
 * ranges6: | startHi0 | startLo0 | endHi0 | endLo0 | ... (long, flipped, inclusive ends)
 * index:   index[b] = number of ranges whose start is below bucket b's first address;
 *          the range holding a bucket-b address is among index[b]-1 .. index[b+1]-1.
 * </pre>
 */
public final class CidrSet {
    /** Address family code: the IP header's version field (RFC 791 §3.1). */
    public static final int FAMILY_IPV4 = 4;
    /** Address family code: the IP header's version field (RFC 8200 §3). */
    public static final int FAMILY_IPV6 = 6;
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int MAX_INDEX_BITS = 16;

    private final int[] ranges4;
    private final int count4;
    private final int[] index4;
    private final int shift4;
    private final long[] ranges6;
    private final int count6;
    private final int[] index6;
    private final int shift6;
    private final long prefixCount;

    private CidrSet(final int[] ranges4, final long[] ranges6, final long prefixCount) {
        this.ranges4 = ranges4;
        this.count4 = ranges4.length / 2;
        final int bits4 = indexBits(count4);
        this.shift4 = 32 - bits4;
        this.index4 = new int[(1 << bits4) + 1];
        for (int i = count4 - 1; i >= 0; i--) {
            // Every bucket after the one holding this start has this range below its first address.
            final int bucket = (ranges4[2 * i] ^ Integer.MIN_VALUE) >>> shift4;
            index4[bucket + 1] = Math.max(index4[bucket + 1], i + 1);
        }
        fillForward(index4);
        this.ranges6 = ranges6;
        this.count6 = ranges6.length / 4;
        final int bits6 = indexBits(count6);
        this.shift6 = 64 - bits6;
        this.index6 = new int[(1 << bits6) + 1];
        for (int i = count6 - 1; i >= 0; i--) {
            final int bucket = (int) ((ranges6[4 * i] ^ Long.MIN_VALUE) >>> shift6);
            index6[bucket + 1] = Math.max(index6[bucket + 1], i + 1);
        }
        fillForward(index6);
        this.prefixCount = prefixCount;
    }

    private static int indexBits(final int ranges) {
        final int log2 = 31 - Integer.numberOfLeadingZeros(Math.max(ranges, 1));
        return Math.max(1, Math.min(MAX_INDEX_BITS, log2 - 2));
    }

    private static void fillForward(final int[] index) {
        for (int b = 1; b < index.length; b++) {
            index[b] = Math.max(index[b], index[b - 1]);
        }
    }

    /** A builder collecting prefixes and ranges; {@link Builder#build()} sorts and merges them. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the address at {@code addr[off]} (4 bytes for IPv4, 16 for IPv6, network order) is in the
     * set. An unknown family or an address running past the array answers {@code false}.
     */
    public boolean contains(final byte[] addr, final int off, final int family) {
        if (family == FAMILY_IPV4) {
            return off >= 0 && off <= addr.length - 4 && containsV4((int) INT_BE.get(addr, off));
        }
        if (family == FAMILY_IPV6) {
            return off >= 0 && off <= addr.length - 16
                && containsV6((long) LONG_BE.get(addr, off), (long) LONG_BE.get(addr, off + 8));
        }
        return false;
    }

    /** Whether the IPv4 address (its 32 bits in an int, network bit order) is in the set. */
    public boolean containsV4(final int address) {
        final int key = address ^ Integer.MIN_VALUE;
        final int bucket = address >>> shift4;
        final int[] r = ranges4;
        int low = index4[bucket] - 1;
        int high = index4[bucket + 1] - 1;
        // Invariant: the last range starting at or below the address lies in [low, high]; low == -1 means none.
        while (low < high) {
            final int mid = (low + high + 1) >>> 1;
            if (r[2 * mid] <= key) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low >= 0 && key <= r[2 * low + 1];
    }

    /** Whether the IPv6 address (upper and lower 64 bits) is in the set. */
    public boolean containsV6(final long addressHi, final long addressLo) {
        final long keyHi = addressHi ^ Long.MIN_VALUE;
        final long keyLo = addressLo ^ Long.MIN_VALUE;
        final int bucket = (int) (addressHi >>> shift6);
        final long[] r = ranges6;
        int low = index6[bucket] - 1;
        int high = index6[bucket + 1] - 1;
        while (low < high) {
            final int mid = (low + high + 1) >>> 1;
            final long startHi = r[4 * mid];
            if (startHi < keyHi || (startHi == keyHi && r[4 * mid + 1] <= keyLo)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        if (low < 0) {
            return false;
        }
        final long endHi = r[4 * low + 2];
        return keyHi < endHi || (keyHi == endHi && keyLo <= r[4 * low + 3]);
    }

    /** Number of merged IPv4 ranges. */
    public int rangeCountV4() {
        return count4;
    }

    /** Number of merged IPv6 ranges. */
    public int rangeCountV6() {
        return count6;
    }

    /** Number of prefixes and ranges added before merging. */
    public long prefixCount() {
        return prefixCount;
    }

    /** True when no address of either family is in the set. */
    public boolean isEmpty() {
        return count4 == 0 && count6 == 0;
    }

    @Override
    public String toString() {
        return "CidrSet[prefixes=" + prefixCount + ", v4Ranges=" + count4 + ", v6Ranges=" + count6 + "]";
    }

    /** Mask of the host bits in the upper 64 bits of an IPv6 prefix of this length. */
    static long hostMaskHi(final int prefixLength) {
        return prefixLength >= 64 ? 0 : -1L >>> prefixLength;
    }

    /** Mask of the host bits in the lower 64 bits of an IPv6 prefix of this length. */
    static long hostMaskLo(final int prefixLength) {
        return prefixLength <= 64 ? -1L : prefixLength == 128 ? 0 : -1L >>> (prefixLength - 64);
    }

    /**
     * Collects prefixes in primitive arrays; {@link #build()} sorts and merges them. Adding a million
     * prefixes and building takes a few hundred milliseconds. Not thread-safe.
     */
    public static final class Builder {
        /** IPv4 ranges as {@code flippedStart << 32 | flippedEnd}: sorting the longs sorts by start. */
        private long[] v4 = new long[16];
        private int n4;
        /** IPv6 ranges as flipped (startHi, startLo, endHi, endLo). */
        private long[] v6 = new long[16];
        private int n6;
        private long prefixes;
        private CidrParser parser;

        private Builder() {
        }

        /**
         * Adds a prefix in text form ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, or a host address).
         *
         * @throws IllegalArgumentException naming the {@link ParseStatus} when the text is not a prefix
         */
        public Builder add(final String cidr) {
            final ParseStatus status = tryAdd(cidr);
            if (status != ParseStatus.OK) {
                throw new IllegalArgumentException("not a CIDR prefix (" + status + "): '" + cidr + "'");
            }
            return this;
        }

        /** Adds a prefix in text form if it parses; returns why not otherwise. */
        public ParseStatus tryAdd(final String cidr) {
            final String text = cidr.strip();
            final byte[] bytes = new byte[text.length()];
            for (int i = 0; i < bytes.length; i++) {
                final char c = text.charAt(i);
                bytes[i] = c < 0x80 ? (byte) c : (byte) '?';
            }
            if (bytes.length == 0) {
                return ParseStatus.BAD_IPV4;
            }
            if (parser == null) {
                parser = new CidrParser();
            }
            return addParsed(parser, bytes, 0, bytes.length);
        }

        /** Parses {@code text[from, to)} with the given parser and adds the prefix when valid. */
        ParseStatus addParsed(final CidrParser p, final byte[] text, final int from, final int to) {
            final ParseStatus status = p.parse(text, from, to);
            if (status == ParseStatus.OK) {
                if (p.family() == FAMILY_IPV4) {
                    addV4(p.lo(), p.prefixLength());
                } else {
                    addV6(p.hi(), p.lo(), p.prefixLength());
                }
            }
            return status;
        }

        /** Adds an IPv4 prefix; host bits of {@code address} are ignored. */
        public Builder addV4(final long address, final int prefixLength) {
            if (prefixLength < 0 || prefixLength > 32) {
                throw new IllegalArgumentException("IPv4 prefix length " + prefixLength);
            }
            final long hostMask = prefixLength == 32 ? 0 : 0xFFFF_FFFFL >>> prefixLength;
            final long start = address & 0xFFFF_FFFFL & ~hostMask;
            return addRangeV4((int) start, (int) (start | hostMask));
        }

        /** Adds the inclusive IPv4 range {@code [start, end]} (unsigned 32-bit values, start <= end). */
        public Builder addRangeV4(final int start, final int end) {
            if (Integer.compareUnsigned(start, end) > 0) {
                throw new IllegalArgumentException("IPv4 range start after end");
            }
            if (n4 == v4.length) {
                v4 = Arrays.copyOf(v4, v4.length * 2);
            }
            v4[n4++] = ((long) (start ^ Integer.MIN_VALUE) << 32) | ((end ^ Integer.MIN_VALUE) & 0xFFFF_FFFFL);
            prefixes++;
            return this;
        }

        /** Adds an IPv6 prefix; host bits are ignored. */
        public Builder addV6(final long hi, final long lo, final int prefixLength) {
            if (prefixLength < 0 || prefixLength > 128) {
                throw new IllegalArgumentException("IPv6 prefix length " + prefixLength);
            }
            final long maskHi = hostMaskHi(prefixLength);
            final long maskLo = hostMaskLo(prefixLength);
            return addRangeV6(hi & ~maskHi, lo & ~maskLo, hi | maskHi, lo | maskLo);
        }

        /** Adds the inclusive IPv6 range {@code [start, end]} (unsigned 128-bit values, start <= end). */
        public Builder addRangeV6(final long startHi, final long startLo, final long endHi, final long endLo) {
            final int cmp = Long.compareUnsigned(startHi, endHi);
            if (cmp > 0 || (cmp == 0 && Long.compareUnsigned(startLo, endLo) > 0)) {
                throw new IllegalArgumentException("IPv6 range start after end");
            }
            if (n6 * 4 == v6.length) {
                v6 = Arrays.copyOf(v6, v6.length * 2);
            }
            final int at = n6 * 4;
            v6[at] = startHi ^ Long.MIN_VALUE;
            v6[at + 1] = startLo ^ Long.MIN_VALUE;
            v6[at + 2] = endHi ^ Long.MIN_VALUE;
            v6[at + 3] = endLo ^ Long.MIN_VALUE;
            n6++;
            prefixes++;
            return this;
        }

        /** Adds every range of another set (a union, e.g. a file set plus inline entries). */
        public Builder addAll(final CidrSet other) {
            for (int i = 0; i < other.count4; i++) {
                addRangeV4(other.ranges4[2 * i] ^ Integer.MIN_VALUE, other.ranges4[2 * i + 1] ^ Integer.MIN_VALUE);
            }
            for (int i = 0; i < other.count6; i++) {
                final int at = 4 * i;
                addRangeV6(other.ranges6[at] ^ Long.MIN_VALUE, other.ranges6[at + 1] ^ Long.MIN_VALUE,
                    other.ranges6[at + 2] ^ Long.MIN_VALUE, other.ranges6[at + 3] ^ Long.MIN_VALUE);
            }
            prefixes += other.prefixCount - other.count4 - other.count6;
            return this;
        }

        /** Sorts, merges overlapping and adjacent ranges, and freezes the set. The builder stays usable. */
        public CidrSet build() {
            return new CidrSet(mergeV4(), mergeV6(), prefixes);
        }

        private int[] mergeV4() {
            final long[] sorted = Arrays.copyOf(v4, n4);
            Arrays.sort(sorted);
            final int[] out = new int[2 * n4];
            int n = 0;
            for (int i = 0; i < n4; i++) {
                final int start = (int) (sorted[i] >> 32);
                final int end = (int) sorted[i];
                // Merge when the range overlaps or touches the previous one (flipped values compare signed).
                if (n > 0 && (out[2 * n - 1] == Integer.MAX_VALUE || start <= out[2 * n - 1] + 1)) {
                    out[2 * n - 1] = Math.max(out[2 * n - 1], end);
                } else {
                    out[2 * n] = start;
                    out[2 * n + 1] = end;
                    n++;
                }
            }
            return Arrays.copyOf(out, 2 * n);
        }

        private long[] mergeV6() {
            final long[] sorted = Arrays.copyOf(v6, 4 * n6);
            Stride4Sort.sort(sorted, n6);
            final long[] out = new long[4 * n6];
            int n = 0;
            for (int i = 0; i < n6; i++) {
                final int at = 4 * i;
                final long startHi = sorted[at];
                final long startLo = sorted[at + 1];
                if (n > 0 && touches(out[4 * n - 2], out[4 * n - 1], startHi, startLo)) {
                    final long endHi = sorted[at + 2];
                    final long endLo = sorted[at + 3];
                    final int last = 4 * n - 4;
                    if (endHi > out[last + 2] || (endHi == out[last + 2] && endLo > out[last + 3])) {
                        out[last + 2] = endHi;
                        out[last + 3] = endLo;
                    }
                } else {
                    System.arraycopy(sorted, at, out, 4 * n, 4);
                    n++;
                }
            }
            return Arrays.copyOf(out, 4 * n);
        }

        /**
         * Whether a range starting at {@code start} overlaps or touches one ending at {@code end}, all flipped;
         * i.e. {@code start <= end + 1}. Flipping adds 2^63, so "+1 with carry" works on flipped values too.
         */
        private static boolean touches(final long endHi, final long endLo, final long startHi, final long startLo) {
            if (endLo == Long.MAX_VALUE) {
                // end + 1 = (endHi + 1, MIN_VALUE), unless end is the last address of all.
                return endHi == Long.MAX_VALUE || startHi <= endHi
                    || (startHi == endHi + 1 && startLo == Long.MIN_VALUE);
            }
            return startHi < endHi || (startHi == endHi && startLo <= endLo + 1);
        }
    }
}
