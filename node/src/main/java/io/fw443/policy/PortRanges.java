package io.fw443.policy;

import java.util.Arrays;

/**
 * An immutable set of TCP/UDP port ranges, compiled to a sorted array of merged inclusive
 * {@code [low, high]} pairs. {@link #ANY} matches every port.
 */
public final class PortRanges {
    /** Matches every port. */
    public static final PortRanges ANY = new PortRanges(new int[] {0, 65535}, true);
    private static final int MAX_PORT = 65535;

    private final int[] pairs;
    private final boolean any;

    private PortRanges(final int[] pairs, final boolean any) {
        this.pairs = pairs;
        this.any = any;
    }

    /** A set of single ports. */
    public static PortRanges of(final int... ports) {
        final Builder b = builder();
        for (final int p : ports) {
            b.add(p);
        }
        return b.build();
    }

    /** A builder; an empty builder is refused by {@link Builder#build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code port} is in the set. */
    public boolean contains(final int port) {
        if (any) {
            return true;
        }
        final int[] p = pairs;
        int low = 0;
        int high = p.length / 2 - 1;
        while (low <= high) {
            final int mid = (low + high) >>> 1;
            if (port < p[2 * mid]) {
                high = mid - 1;
            } else if (port > p[2 * mid + 1]) {
                low = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** True for {@link #ANY}. */
    public boolean isAny() {
        return any;
    }

    /** The merged ranges as {@code [low0, high0, low1, high1, ...]} (a copy). */
    public int[] ranges() {
        return pairs.clone();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof PortRanges other && other.any == any && Arrays.equals(other.pairs, pairs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pairs) * 31 + (any ? 1 : 0);
    }

    @Override
    public String toString() {
        if (any) {
            return "any";
        }
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            s.append(i == 0 ? "" : ",").append(pairs[i]);
            if (pairs[i + 1] != pairs[i]) {
                s.append('-').append(pairs[i + 1]);
            }
        }
        return s.toString();
    }

    /** Collects ranges; overlapping and adjacent ones are merged on build. */
    public static final class Builder {
        private int[] pairs = new int[8];
        private int count;

        private Builder() {
        }

        /** Adds one port. */
        public Builder add(final int port) {
            return add(port, port);
        }

        /** Adds the inclusive range {@code [low, high]}. */
        public Builder add(final int low, final int high) {
            if (low < 0 || high > MAX_PORT || low > high) {
                throw new IllegalArgumentException("bad port range " + low + "-" + high);
            }
            if (2 * count == pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[2 * count] = low;
            pairs[2 * count + 1] = high;
            count++;
            return this;
        }

        /** The merged set. */
        public PortRanges build() {
            if (count == 0) {
                throw new IllegalArgumentException("no ports given; use PortRanges.ANY for any port");
            }
            final long[] sorted = new long[count];
            for (int i = 0; i < count; i++) {
                sorted[i] = ((long) pairs[2 * i] << 32) | pairs[2 * i + 1];
            }
            Arrays.sort(sorted);
            final int[] out = new int[2 * count];
            int n = 0;
            for (final long r : sorted) {
                final int low = (int) (r >>> 32);
                final int high = (int) r;
                if (n > 0 && low <= out[2 * n - 1] + 1) {
                    out[2 * n - 1] = Math.max(out[2 * n - 1], high);
                } else {
                    out[2 * n] = low;
                    out[2 * n + 1] = high;
                    n++;
                }
            }
            return new PortRanges(Arrays.copyOf(out, 2 * n), false);
        }
    }
}
