package io.fw443.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lookups on random sets against a naive reference: one hash set of masked prefixes per prefix length,
 * queried at every length. No sorting, merging or binary search in common with {@link CidrSet}.
 */
class CidrSetPropertyTest {

    private record V6(long hi, long lo) {
    }

    /** Reference: prefix length -> masked prefixes of that length. */
    private static final class Naive {
        final TreeMap<Integer, Set<Integer>> v4 = new TreeMap<>();
        final TreeMap<Integer, Set<V6>> v6 = new TreeMap<>();

        void addV4(final int address, final int length) {
            v4.computeIfAbsent(length, k -> new HashSet<>()).add(address & maskV4(length));
        }

        void addV6(final long hi, final long lo, final int length) {
            v6.computeIfAbsent(length, k -> new HashSet<>()).add(new V6(hi & maskHi(length), lo & maskLo(length)));
        }

        boolean containsV4(final int address) {
            return v4.entrySet().stream().anyMatch(e -> e.getValue().contains(address & maskV4(e.getKey())));
        }

        boolean containsV6(final long hi, final long lo) {
            return v6.entrySet().stream().anyMatch(e ->
                e.getValue().contains(new V6(hi & maskHi(e.getKey()), lo & maskLo(e.getKey()))));
        }
    }

    static int maskV4(final int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    static long maskHi(final int length) {
        return length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    }

    static long maskLo(final int length) {
        return length <= 64 ? 0 : -1L << (128 - length);
    }

    @ParameterizedTest(name = "seed {0}, {1} v4 + {2} v6 prefixes")
    @CsvSource({
        "1, 100000, 20000",
        "2, 100000, 20000",
        "3, 1, 1",
        "4, 7, 5",
        "5, 60, 40",
        "6, 1000, 1000",
        "7, 20000, 100000",
    })
    void lookupsMatchTheNaiveReference(final long seed, final int v4Count, final int v6Count) {
        final Random rnd = new Random(seed);
        final Naive naive = new Naive();
        final CidrSet.Builder builder = CidrSet.builder();
        final List<int[]> v4Prefixes = new ArrayList<>();
        final List<long[]> v6Prefixes = new ArrayList<>();
        // A dense region makes overlaps, duplicates and adjacent prefixes common.
        final int denseV4 = rnd.nextInt() & maskV4(12);
        final long denseV6 = rnd.nextLong() & maskHi(32);
        for (int i = 0; i < v4Count; i++) {
            final boolean dense = rnd.nextBoolean();
            final int length = i < 3 ? 3 + rnd.nextInt(6) : (dense ? 12 : 8) + rnd.nextInt(dense ? 21 : 25);
            final int address = (dense ? denseV4 | (rnd.nextInt() & ~maskV4(12)) : rnd.nextInt()) & maskV4(length);
            builder.addV4(address & 0xFFFF_FFFFL, length);
            naive.addV4(address, length);
            v4Prefixes.add(new int[] {address, length});
        }
        for (int i = 0; i < v6Count; i++) {
            final boolean dense = rnd.nextBoolean();
            final int length = i < 3 ? 4 + rnd.nextInt(8) : (dense ? 32 : 16) + rnd.nextInt(dense ? 97 : 113);
            final long hi = (dense ? denseV6 | (rnd.nextLong() & ~maskHi(32)) : rnd.nextLong()) & maskHi(length);
            final long lo = rnd.nextLong() & maskLo(length);
            builder.addV6(hi, lo, length);
            naive.addV6(hi, lo, length);
            v6Prefixes.add(new long[] {hi, lo, length});
        }
        final CidrSet set = builder.build();
        assertEquals(v4Count + v6Count, set.prefixCount());

        int hits = 0;
        for (int q = 0; q < 100_000; q++) {
            final int address = v4Query(rnd, v4Prefixes, denseV4);
            final boolean expected = naive.containsV4(address);
            assertEquals(expected, set.containsV4(address), () -> "v4 " + Integer.toUnsignedString(address));
            assertEquals(expected, set.contains(Addresses.v4(address), 0, CidrSet.FAMILY_IPV4));
            hits += expected ? 1 : 0;
        }
        for (int q = 0; q < 100_000; q++) {
            final long[] a = v6Query(rnd, v6Prefixes, denseV6);
            final boolean expected = naive.containsV6(a[0], a[1]);
            assertEquals(expected, set.containsV6(a[0], a[1]), () -> "v6 " + Long.toHexString(a[0]) + ":" + Long.toHexString(a[1]));
            assertEquals(expected, set.contains(Addresses.v6(a[0], a[1]), 0, CidrSet.FAMILY_IPV6));
            hits += expected ? 1 : 0;
        }
        // The queries must exercise both answers, or the comparison proves little.
        assertTrue(hits > 10_000 && hits < 190_000, "hits " + hits);
    }

    /** Uniform, inside a prefix, or just around a prefix's first and last address. */
    private static int v4Query(final Random rnd, final List<int[]> prefixes, final int dense) {
        final int[] p = prefixes.get(rnd.nextInt(prefixes.size()));
        final int first = p[0];
        final int last = p[0] | ~maskV4(p[1]);
        return switch (rnd.nextInt(6)) {
            case 0 -> rnd.nextInt();
            case 1 -> dense | (rnd.nextInt() & ~maskV4(12));
            case 2 -> first | (rnd.nextInt() & ~maskV4(p[1]));
            case 3 -> first - 1;
            case 4 -> last + 1;
            default -> rnd.nextBoolean() ? first : last;
        };
    }

    private static long[] v6Query(final Random rnd, final List<long[]> prefixes, final long dense) {
        final long[] p = prefixes.get(rnd.nextInt(prefixes.size()));
        final int length = (int) p[2];
        final long lastHi = p[0] | ~maskHi(length);
        final long lastLo = p[1] | ~maskLo(length);
        return switch (rnd.nextInt(6)) {
            case 0 -> new long[] {rnd.nextLong(), rnd.nextLong()};
            case 1 -> new long[] {dense | (rnd.nextLong() & ~maskHi(32)), rnd.nextLong()};
            case 2 -> new long[] {p[0] | (rnd.nextLong() & ~maskHi(length)), p[1] | (rnd.nextLong() & ~maskLo(length))};
            case 3 -> new long[] {p[1] == 0 ? p[0] - 1 : p[0], p[1] - 1};
            case 4 -> new long[] {lastLo == -1L ? lastHi + 1 : lastHi, lastLo + 1};
            default -> rnd.nextBoolean() ? new long[] {p[0], p[1]} : new long[] {lastHi, lastLo};
        };
    }
}
