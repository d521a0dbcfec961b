package io.fw443.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-packet and per-new-flow calls must not allocate: measured with the current thread's allocation
 * counter over 100,000 calls after a warm-up. 100,000 calls allocating even one small object each would
 * show as megabytes; the bound leaves room only for the counter's own noise.
 */
class AllocationTest {
    private static final int CALLS = 100_000;
    private static final long NOISE_BYTES = 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static CidrSet set;
    private static Policy policy;
    private static byte[][] v4;
    private static byte[][] v6;

    @BeforeAll
    static void build() {
        final Random rnd = new Random(99);
        final CidrSet.Builder b = CidrSet.builder();
        for (int i = 0; i < 100_000; i++) {
            b.addV4(rnd.nextInt() & 0xFFFF_FFFFL, 16 + rnd.nextInt(17));
            if (i % 10 == 0) {
                b.addV6(0x2000_0000_0000_0000L | rnd.nextLong() >>> 3, rnd.nextLong(), 32 + rnd.nextInt(97));
            }
        }
        set = b.build();
        final Policy.Builder p = Policy.builder(4);
        for (int i = 0; i < 200; i++) {
            p.add(Rule.builder("r" + i).from(i % 4).to((i / 4) % 4).protocol(Protocol.TCP)
                .dstPorts(PortRanges.of(1000 + i)).srcNot(set).action(Action.ACCEPT));
        }
        p.add(Rule.builder("blocked").src(set).action(Action.DROP));
        policy = p.build();
        v4 = new byte[1024][];
        v6 = new byte[1024][];
        for (int i = 0; i < v4.length; i++) {
            v4[i] = Addresses.v4(rnd.nextInt());
            v6[i] = Addresses.v6(0x2000_0000_0000_0000L | rnd.nextLong() >>> 3, rnd.nextLong());
        }
    }

    /** Bytes the current thread allocated while running {@code calls}, after running it once to warm up. */
    private static long allocatedBy(final LongSupplier calls) {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        long sink = calls.getAsLong();
        sink += calls.getAsLong();
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        sink += calls.getAsLong();
        final long after = THREADS.getCurrentThreadAllocatedBytes();
        assertTrue(sink != Long.MIN_VALUE);
        return after - before;
    }

    @Test
    void cidrLookupsDoNotAllocate() {
        final long bytes = allocatedBy(() -> {
            long hits = 0;
            for (int i = 0; i < CALLS; i++) {
                hits += set.contains(v4[i & 1023], 0, CidrSet.FAMILY_IPV4) ? 1 : 0;
                hits += set.contains(v6[i & 1023], 0, CidrSet.FAMILY_IPV6) ? 1 : 0;
            }
            return hits;
        });
        assertTrue(bytes < NOISE_BYTES, bytes + " bytes allocated");
    }

    @Test
    void policyEvaluationDoesNotAllocate() {
        final long bytes = allocatedBy(() -> {
            long sum = 0;
            for (int i = 0; i < CALLS; i++) {
                final byte[] a = v4[i & 1023];
                sum += policy.evaluate(i & 3, (i >> 2) & 3, CidrSet.FAMILY_IPV4, a, 0, v4[(i + 1) & 1023], 0, 6, 1000 + (i % 210));
                sum += policy.action(policy.evaluate(i & 3, 0, CidrSet.FAMILY_IPV6, v6[i & 1023], 0, v6[0], 0, 17, 53)).ordinal();
            }
            return sum;
        });
        assertTrue(bytes < NOISE_BYTES, bytes + " bytes allocated");
    }

    @Test
    void limiterCallsDoNotAllocate() {
        final SourceLimiter limiter = new SourceLimiter(SourceLimiter.Settings.of(4096, 100, 10, 7));
        final long[] nowNs = {0};
        final long bytes = allocatedBy(() -> {
            long ok = 0;
            for (int i = 0; i < CALLS; i++) {
                nowNs[0] += 1_000;
                final byte[] a = (i & 1) == 0 ? v4[i & 1023] : v6[i & 1023];
                final int family = a.length == 4 ? CidrSet.FAMILY_IPV4 : CidrSet.FAMILY_IPV6;
                if (limiter.tryAcquireNewFlow(family, a, 0, nowNs[0]) == LimitResult.OK) {
                    ok++;
                    limiter.releaseFlow(family, a, 0);
                }
                ok += limiter.sweep(nowNs[0], 2);
            }
            return ok;
        });
        assertTrue(bytes < NOISE_BYTES, bytes + " bytes allocated");
    }
}
