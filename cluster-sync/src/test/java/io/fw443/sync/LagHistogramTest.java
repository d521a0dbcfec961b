package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LagHistogramTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 15, 16, 17, 31, 32, 33, 1_000, 4_095, 4_096, 123_456, 10_000_000})
    void aValueLandsInABucketWhoseBoundIsWithinSixPercentAbove(long v) {
        long bound = LagHistogram.upperBound(LagHistogram.index(v));
        assertTrue(bound >= v, "bound " + bound + " below " + v);
        assertTrue(bound <= v + Math.max(0, v / 16), "bound " + bound + " too far above " + v);
    }

    @Test
    void quantilesOfAUniformSpread() {
        LagHistogram h = new LagHistogram();
        for (int i = 1; i <= 10_000; i++) {
            h.record(i);
        }
        assertEquals(10_000, h.count());
        long p50 = h.quantile(0.5);
        long p99 = h.quantile(0.99);
        assertTrue(p50 >= 5_000 && p50 <= 5_000 * 17 / 16, "p50 " + p50);
        assertTrue(p99 >= 9_900 && p99 <= 9_900 * 17 / 16, "p99 " + p99);
        h.reset();
        assertEquals(0, h.quantile(0.99));
    }
}
