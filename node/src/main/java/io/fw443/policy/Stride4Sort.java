package io.fw443.policy;

/**
 * Sorts records of four longs by their first two longs (signed), for IPv6 ranges kept flat in one array.
 * A bottom-up merge sort: O(n log n) on any input, no boxing, one scratch array.
 */
final class Stride4Sort {
    private static final int STRIDE = 4;
    private static final int INSERTION_RUN = 16;

    private Stride4Sort() {
    }

    /** Sorts the first {@code count} records of {@code a} in place. */
    static void sort(final long[] a, final int count) {
        final long[] tmp = new long[STRIDE];
        for (int from = 0; from < count; from += INSERTION_RUN) {
            insertionSort(a, from, Math.min(count, from + INSERTION_RUN), tmp);
        }
        if (count <= INSERTION_RUN) {
            return;
        }
        long[] src = a;
        long[] dst = new long[count * STRIDE];
        for (int width = INSERTION_RUN; width < count; width *= 2) {
            for (int left = 0; left < count; left += 2 * width) {
                final int mid = Math.min(count, left + width);
                final int right = Math.min(count, left + 2 * width);
                merge(src, dst, left, mid, right);
            }
            final long[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, count * STRIDE);
        }
    }

    private static boolean less(final long[] x, final int i, final long[] y, final int j) {
        final long xh = x[i * STRIDE];
        final long yh = y[j * STRIDE];
        return xh < yh || (xh == yh && x[i * STRIDE + 1] < y[j * STRIDE + 1]);
    }

    private static void insertionSort(final long[] a, final int from, final int to, final long[] tmp) {
        for (int i = from + 1; i < to; i++) {
            System.arraycopy(a, i * STRIDE, tmp, 0, STRIDE);
            int j = i - 1;
            while (j >= from && less(tmp, 0, a, j)) {
                System.arraycopy(a, j * STRIDE, a, (j + 1) * STRIDE, STRIDE);
                j--;
            }
            System.arraycopy(tmp, 0, a, (j + 1) * STRIDE, STRIDE);
        }
    }

    private static void merge(final long[] src, final long[] dst, final int left, final int mid, final int right) {
        int i = left;
        int j = mid;
        for (int k = left; k < right; k++) {
            final int take = (i < mid && (j >= right || !less(src, j, src, i))) ? i++ : j++;
            System.arraycopy(src, take * STRIDE, dst, k * STRIDE, STRIDE);
        }
    }
}
