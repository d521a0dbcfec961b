package io.fw443.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistogramTest {
    private static final long[] BOUNDS_NS = {1_000, 2_000, 4_000};

    @Test
    void exponentialBoundsMultiplyByTheFactor() {
        assertArrayEquals(new long[] {1_000, 2_000, 4_000, 8_000}, Histogram.exponentialBoundsNs(1_000, 2, 4));
        assertArrayEquals(new long[] {5, 50, 500}, Histogram.exponentialBoundsNs(5, 10, 3));
    }

    @ParameterizedTest(name = "first={0} factor={1} count={2}")
    @CsvSource({"0, 2, 4", "-1, 2, 4", "1000, 1, 4", "1000, 2, 0", "4611686018427387904, 2, 3"})
    void badExponentialBoundsAreRefused(long firstNs, int factor, int count) {
        assertThrows(RuntimeException.class, () -> Histogram.exponentialBoundsNs(firstNs, factor, count));
    }

    @Test
    void boundsMustAscendStrictlyAndBePositive() {
        MetricsRegistry r = new MetricsRegistry();
        assertThrows(IllegalArgumentException.class, () -> r.histogram("a_seconds", "h", new long[] {2, 2}));
        assertThrows(IllegalArgumentException.class, () -> r.histogram("b_seconds", "h", new long[] {0, 2}));
        assertThrows(IllegalArgumentException.class, () -> r.histogram("c_seconds", "h", new long[] {}));
    }

    /** Prometheus' le is inclusive: a value equal to a bound belongs to that bound's bucket. */
    @ParameterizedTest(name = "{0} ns -> bucket {1}")
    @CsvSource({"-5, 0", "0, 0", "999, 0", "1000, 0", "1001, 1", "2000, 1", "2001, 2", "4000, 2", "4001, 3",
        "9223372036854775807, 3"})
    void valuesLandInTheFirstBucketWhoseBoundIsNotBelowThem(long valueNs, int bucket) {
        Histogram h = new MetricsRegistry().histogram("x_seconds", "h", BOUNDS_NS);
        h.record(valueNs);
        long[] expected = new long[4];
        expected[bucket] = 1;
        assertArrayEquals(expected, h.bucketCounts());
        assertEquals(Math.max(0, valueNs), h.sumNs());
    }

    @Test
    void concurrentRecordsAreAllCounted() throws Exception {
        Histogram h = new MetricsRegistry().histogram("x_seconds", "h", BOUNDS_NS);
        int threads = 4;
        int perThread = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        h.record(1_500);
                        h.record(5_000);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(new long[] {0, 200_000, 0, 200_000}, h.bucketCounts());
        assertEquals(200_000L * 1_500 + 200_000L * 5_000, h.sumNs());
    }

    @Test
    void recordingAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        Histogram h = new NodeMetrics(new MetricsRegistry()).packetLatency();
        Counter c = new MetricsRegistry().counter("x_total", "h");
        recordMany(h, c, 200_000);
        long before = mx.getCurrentThreadAllocatedBytes();
        recordMany(h, c, 200_000);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated by 200k record()+increment() calls");
        assertEquals(400_000, c.get());
    }

    private static void recordMany(Histogram h, Counter c, int n) {
        for (int i = 0; i < n; i++) {
            h.record((i * 7919L) % 50_000_000L);
            c.increment();
        }
    }
}
