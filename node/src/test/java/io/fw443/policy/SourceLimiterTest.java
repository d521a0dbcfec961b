package io.fw443.policy;

import static io.fw443.policy.Addresses.ip;
import static io.fw443.policy.LimitResult.CONCURRENT_EXCEEDED;
import static io.fw443.policy.LimitResult.INVALID_ADDRESS;
import static io.fw443.policy.LimitResult.LIMITER_FULL;
import static io.fw443.policy.LimitResult.OK;
import static io.fw443.policy.LimitResult.RATE_EXCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every test runs on a virtual clock: {@code nowNs} is a local variable advanced by hand. */
class SourceLimiterTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final byte[] A = ip("192.0.2.1");
    private static final byte[] B = ip("192.0.2.2");

    private static SourceLimiter limiter(final int maxSources, final long rate, final long burst, final int maxFlows) {
        return new SourceLimiter(new SourceLimiter.Settings(maxSources, rate, burst, maxFlows, 32, 64, 42));
    }

    private static LimitResult acquire(final SourceLimiter l, final byte[] addr, final long nowNs) {
        return l.tryAcquireNewFlow(Addresses.family(addr), addr, 0, nowNs);
    }

    private static boolean release(final SourceLimiter l, final byte[] addr) {
        return l.releaseFlow(Addresses.family(addr), addr, 0);
    }

    @Test
    void burstThenRefillAtTheRate() {
        final SourceLimiter l = limiter(16, 10, 5, 0);
        long now = 7 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertEquals(OK, acquire(l, A, now), "burst flow " + i);
        }
        assertEquals(RATE_EXCEEDED, acquire(l, A, now));
        assertEquals(OK, acquire(l, B, now), "another source has its own bucket");
        now += 99 * MS;
        assertEquals(RATE_EXCEEDED, acquire(l, A, now), "0.99 tokens after 99 ms at 10/s");
        now += MS;
        assertEquals(OK, acquire(l, A, now), "one token after 100 ms");
        assertEquals(RATE_EXCEEDED, acquire(l, A, now));
        now += 10 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertEquals(OK, acquire(l, A, now), "refill stops at the burst size, flow " + i);
        }
        assertEquals(RATE_EXCEEDED, acquire(l, A, now));
        assertEquals(12, l.count(OK));
        assertEquals(4, l.count(RATE_EXCEEDED));
    }

    @Test
    void fractionalRatesRefillExactly() {
        // 3 flows/s: one token takes 333,333,333.3 ns.
        final SourceLimiter l = limiter(16, 3, 1, 0);
        final long start = -5 * SECOND; // a monotonic clock may be negative
        assertEquals(OK, acquire(l, A, start));
        assertEquals(RATE_EXCEEDED, acquire(l, A, start + 333_333_333));
        assertEquals(OK, acquire(l, A, start + 333_333_334));
    }

    @Test
    void clockGoingBackwardsRefillsNothing() {
        final SourceLimiter l = limiter(16, 1, 1, 0);
        assertEquals(OK, acquire(l, A, 10 * SECOND));
        assertEquals(RATE_EXCEEDED, acquire(l, A, 5 * SECOND));
        assertEquals(RATE_EXCEEDED, acquire(l, A, 10 * SECOND + 999 * MS));
        assertEquals(OK, acquire(l, A, 11 * SECOND));
    }

    @Test
    void concurrentFlowsAreCountedAndReleased() {
        final SourceLimiter l = limiter(16, 0, 0, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(OK, acquire(l, A, 0));
        }
        assertEquals(CONCURRENT_EXCEEDED, acquire(l, A, 0));
        assertEquals(3, l.flowsOf(4, A, 0));
        assertTrue(release(l, A));
        assertEquals(OK, acquire(l, A, 0));
        assertEquals(CONCURRENT_EXCEEDED, acquire(l, A, 0));
        for (int i = 0; i < 3; i++) {
            assertTrue(release(l, A));
        }
        assertFalse(release(l, A), "nothing left to release");
        assertFalse(release(l, B), "never seen");
        assertEquals(2, l.unknownReleases());
        assertEquals(2, l.count(CONCURRENT_EXCEEDED));
    }

    @Test
    void concurrencyIsCheckedBeforeATokenIsSpent() {
        final SourceLimiter l = limiter(16, 1, 2, 1);
        assertEquals(OK, acquire(l, A, 0));
        assertEquals(CONCURRENT_EXCEEDED, acquire(l, A, 0));
        assertTrue(release(l, A));
        assertEquals(OK, acquire(l, A, 0), "the refused flow did not take the second token");
        assertTrue(release(l, A));
        assertEquals(RATE_EXCEEDED, acquire(l, A, 0));
    }

    @Test
    void ipv6SourcesShareLimitsPerSlash64AndIpv4PerConfiguredPrefix() {
        final SourceLimiter l = new SourceLimiter(new SourceLimiter.Settings(16, 0, 0, 2, 24, 64, 1));
        assertEquals(OK, acquire(l, ip("2001:db8::1"), 0));
        assertEquals(OK, acquire(l, ip("2001:db8::ffff:2"), 0));
        assertEquals(CONCURRENT_EXCEEDED, acquire(l, ip("2001:db8::3"), 0));
        assertEquals(OK, acquire(l, ip("2001:db8:0:1::1"), 0), "another /64");
        assertEquals(OK, acquire(l, ip("198.51.100.1"), 0));
        assertEquals(OK, acquire(l, ip("198.51.100.254"), 0));
        assertEquals(CONCURRENT_EXCEEDED, acquire(l, ip("198.51.100.9"), 0), "same /24");
        assertEquals(OK, acquire(l, ip("198.51.101.1"), 0));
        assertEquals(2, l.flowsOf(6, ip("2001:db8::abcd"), 0));
        assertTrue(release(l, ip("2001:db8::77")));
        assertEquals(1, l.flowsOf(6, ip("2001:db8::1"), 0));
    }

    @Test
    void fullTableFailsClosedUntilAnEntryGoesStale() {
        final SourceLimiter l = limiter(4, 0, 0, 10);
        final List<byte[]> sources = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sources.add(Addresses.v4(0xC0000200 + 10 + i));
            assertEquals(OK, acquire(l, sources.get(i), 0));
        }
        final byte[] fifth = ip("192.0.2.99");
        assertEquals(LIMITER_FULL, acquire(l, fifth, 0));
        assertEquals(LIMITER_FULL, acquire(l, fifth, 0));
        assertEquals(2, l.count(LIMITER_FULL));
        assertEquals(OK, acquire(l, sources.get(2), 0), "known sources keep working");
        assertTrue(release(l, sources.get(1)));
        assertEquals(OK, acquire(l, fifth, 0), "the source without flows made room");
        assertEquals(4, l.size());
        assertEquals(0, l.flowsOf(4, sources.get(1), 0));
        assertEquals(2, l.flowsOf(4, sources.get(2), 0), "live entries are never evicted");
    }

    @Test
    void rateLimitedEntriesGoStaleOnlyOnceTheirBucketIsFull() {
        final SourceLimiter l = limiter(2, 1, 1, 0);
        assertEquals(OK, acquire(l, A, 0));
        assertEquals(OK, acquire(l, B, 0));
        final byte[] c = ip("192.0.2.3");
        assertEquals(LIMITER_FULL, acquire(l, c, 999 * MS), "A and B still remember their spent tokens");
        assertEquals(OK, acquire(l, c, SECOND));
        assertEquals(RATE_EXCEEDED, acquire(l, c, SECOND));
    }

    @Test
    void sweepRemovesOnlyStaleEntries() {
        final SourceLimiter l = limiter(1000, 10, 1, 5);
        for (int i = 0; i < 500; i++) {
            final byte[] s = Addresses.v4(0xC6336400 + i);
            assertEquals(OK, acquire(l, s, 0));
            if (i % 2 == 0) {
                assertTrue(release(l, s));
            }
        }
        assertEquals(500, l.size());
        assertEquals(0, l.sweep(50 * MS, 1 << 20), "buckets not yet refilled");
        assertEquals(250, l.sweep(100 * MS, 1 << 20));
        assertEquals(250, l.size());
        for (int i = 0; i < 500; i++) {
            assertEquals(i % 2, l.flowsOf(4, Addresses.v4(0xC6336400 + i), 0), "source " + i);
        }
    }

    @Test
    void existingFlowsAreTrackedWithoutLimitsAndReleasedLater() {
        final SourceLimiter l = limiter(16, 1, 1, 2);
        for (int i = 0; i < 3; i++) {
            assertTrue(l.trackExistingFlow(4, A, 0, 0));
        }
        assertEquals(3, l.flowsOf(4, A, 0));
        assertEquals(CONCURRENT_EXCEEDED, acquire(l, A, 0));
        for (int i = 0; i < 3; i++) {
            assertTrue(release(l, A));
        }
        assertEquals(OK, acquire(l, A, 0), "tracking spent no token");
        assertEquals(0, l.unknownReleases());
    }

    @Test
    void noLimitsMeansNoTableWork() {
        final SourceLimiter l = limiter(1, 0, 0, 0);
        for (int i = 0; i < 10; i++) {
            assertEquals(OK, acquire(l, Addresses.v4(i), 0));
        }
        assertEquals(0, l.size());
        assertTrue(release(l, A));
        assertTrue(l.trackExistingFlow(4, A, 0, 0));
    }

    @Test
    void badAddressesAreAResult() {
        final SourceLimiter l = limiter(16, 1, 1, 1);
        assertEquals(INVALID_ADDRESS, l.tryAcquireNewFlow(5, A, 0, 0));
        assertEquals(INVALID_ADDRESS, l.tryAcquireNewFlow(6, A, 0, 0));
        assertEquals(INVALID_ADDRESS, l.tryAcquireNewFlow(4, A, 1, 0));
        assertEquals(INVALID_ADDRESS, l.tryAcquireNewFlow(4, A, -1, 0));
        assertEquals(INVALID_ADDRESS, l.tryAcquireNewFlow(4, null, 0, 0));
        assertFalse(l.releaseFlow(4, A, 2));
        assertFalse(l.trackExistingFlow(6, A, 0, 0));
        assertEquals(0, l.flowsOf(7, A, 0));
        assertEquals(5, l.count(INVALID_ADDRESS));
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SourceLimiter.Settings(0, 1, 1, 1, 32, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> new SourceLimiter.Settings(1, -1, 1, 1, 32, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> new SourceLimiter.Settings(1, 10, 0, 1, 32, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> new SourceLimiter.Settings(1, 10, 2_000_000_000L, 1, 32, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> new SourceLimiter.Settings(1, 10, 1, -1, 32, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> new SourceLimiter.Settings(1, 10, 1, 1, 33, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> new SourceLimiter.Settings(1, 10, 1, 1, 32, 0, 0));
        assertEquals(new SourceLimiter.Settings(100, 500, 500, 10, 32, 64, 7), SourceLimiter.Settings.of(100, 500, 10, 7));
    }

    /** A plain map of buckets that never evicts: what the table must be equivalent to. */
    private static final class Model {
        private final long rate;
        private final long capacity;
        private final int maxFlows;
        private final Map<String, long[]> sources = new HashMap<>();

        Model(final long rate, final long burst, final int maxFlows) {
            this.rate = rate;
            this.capacity = burst * SECOND;
            this.maxFlows = maxFlows;
        }

        /** State {tokens in 1e-9 units, last refill ns, flows}; a new source starts with a full bucket. */
        private long[] state(final String key, final long nowNs) {
            final long[] s = sources.computeIfAbsent(key, k -> new long[] {capacity, nowNs, 0});
            if (nowNs > s[1]) {
                s[0] = (long) Math.min(capacity, s[0] + (double) (nowNs - s[1]) * rate);
                s[1] = nowNs;
            }
            return s;
        }

        /** Whether the source says something a fresh entry would not: flows held or tokens spent. */
        boolean live(final String key, final long nowNs) {
            final long[] s = sources.get(key);
            return s != null && (s[2] > 0
                || (long) Math.min(capacity, s[0] + (double) Math.max(0, nowNs - s[1]) * rate) < capacity);
        }

        /**
         * The expected answer; {@code maxSources} is checked exactly, which holds for a table small enough
         * for one full-table sweep to cover it.
         */
        LimitResult acquire(final String key, final long nowNs, final int maxSources) {
            if (maxSources < Integer.MAX_VALUE && !live(key, nowNs)
                && sources.keySet().stream().filter(k -> live(k, nowNs)).count() >= maxSources) {
                return LIMITER_FULL;
            }
            final long[] s = state(key, nowNs);
            if (s[2] >= maxFlows) {
                return CONCURRENT_EXCEEDED;
            }
            if (s[0] < SECOND) {
                return RATE_EXCEEDED;
            }
            s[0] -= SECOND;
            s[2]++;
            return OK;
        }

        boolean release(final String key) {
            final long[] s = sources.get(key);
            if (s == null || s[2] == 0) {
                return false;
            }
            s[2]--;
            return true;
        }

        long flows(final String key) {
            final long[] s = sources.get(key);
            return s == null ? 0 : s[2];
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void agreesWithANeverEvictingModel(final long seed) {
        final Random rnd = new Random(seed);
        final int distinct = 3000;
        // Room for every source, so only stale entries are ever reused or swept: results must not change.
        final SourceLimiter l = new SourceLimiter(new SourceLimiter.Settings(distinct, 5, 2, 4, 32, 64, rnd.nextLong()));
        final Model model = new Model(5, 2, 4);
        final byte[][] addresses = new byte[distinct][];
        final String[] keys = new String[distinct];
        for (int i = 0; i < distinct; i++) {
            if (i % 3 == 0) {
                // Hosts of a few /64s: several addresses share one key.
                final long hi = 0x20010db8_00000000L | rnd.nextInt(distinct / 6);
                addresses[i] = Addresses.v6(hi, rnd.nextLong());
                keys[i] = "6/" + hi;
            } else {
                final int a = 0xC6330000 | rnd.nextInt(1 << 16);
                addresses[i] = Addresses.v4(a);
                keys[i] = "4/" + a;
            }
        }
        long now = 0;
        final long[] seen = new long[LimitResult.values().length];
        for (int op = 0; op < 200_000; op++) {
            now += rnd.nextInt(4) == 0 ? rnd.nextInt(5) * MS : 0;
            // Work on a sliding window of sources so that old entries go stale while new ones arrive.
            final int i = Math.floorMod((op / 50) + rnd.nextInt(200), distinct);
            final int family = Addresses.family(addresses[i]);
            switch (rnd.nextInt(10)) {
                case 0, 1, 2, 3, 4 -> {
                    final LimitResult expected = model.acquire(keys[i], now, Integer.MAX_VALUE);
                    assertEquals(expected, l.tryAcquireNewFlow(family, addresses[i], 0, now), "op " + op);
                    seen[expected.ordinal()]++;
                }
                case 5, 6, 7 -> assertEquals(model.release(keys[i]), l.releaseFlow(family, addresses[i], 0), "op " + op);
                case 8 -> l.sweep(now, rnd.nextInt(64));
                default -> assertEquals(model.flows(keys[i]), l.flowsOf(family, addresses[i], 0), "op " + op);
            }
        }
        assertTrue(seen[OK.ordinal()] > 0 && seen[RATE_EXCEEDED.ordinal()] > 0 && seen[CONCURRENT_EXCEEDED.ordinal()] > 0,
            Arrays.toString(seen));
        assertEquals(0, l.count(LIMITER_FULL));
        assertTrue(l.size() < distinct, "stale entries were reclaimed: " + l.size());
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5, 6})
    void aFullTinyTableAgreesWithTheModel(final long seed) {
        final Random rnd = new Random(seed);
        // 12 sources fit in 32 slots: clusters wrap around the table end, and one full-table sweep sees all.
        final int maxSources = 12;
        assertTrue(32 <= SourceLimiter.FULL_TABLE_SWEEP_SLOTS);
        final SourceLimiter l = new SourceLimiter(new SourceLimiter.Settings(maxSources, 50, 2, 2, 32, 64, rnd.nextLong()));
        final Model model = new Model(50, 2, 2);
        final int distinct = 30;
        long now = 0;
        final long[] seen = new long[LimitResult.values().length];
        for (int op = 0; op < 100_000; op++) {
            now += rnd.nextInt(4) == 0 ? rnd.nextInt(10) * MS : 0;
            final int i = rnd.nextInt(distinct);
            final byte[] address = Addresses.v4(0xCB007100 + i);
            final String key = "4/" + i;
            switch (rnd.nextInt(10)) {
                case 0, 1, 2, 3, 4 -> {
                    final LimitResult expected = model.acquire(key, now, maxSources);
                    assertEquals(expected, l.tryAcquireNewFlow(4, address, 0, now), "op " + op);
                    seen[expected.ordinal()]++;
                }
                case 5, 6, 7, 8 -> assertEquals(model.release(key), l.releaseFlow(4, address, 0), "op " + op);
                default -> assertEquals(model.flows(key), l.flowsOf(4, address, 0), "op " + op);
            }
            assertTrue(l.size() <= maxSources);
        }
        assertTrue(seen[OK.ordinal()] > 0 && seen[LIMITER_FULL.ordinal()] > 0 && seen[RATE_EXCEEDED.ordinal()] > 0
            && seen[CONCURRENT_EXCEEDED.ordinal()] > 0, Arrays.toString(seen));
        assertEquals(seen[LIMITER_FULL.ordinal()], l.count(LIMITER_FULL));
    }
}
