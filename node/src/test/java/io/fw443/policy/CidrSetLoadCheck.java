package io.fw443.policy;

import io.fw443.policy.CidrSetLoader.LoadResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A throwaway measurement, not a test: writes a blocklist of N random prefixes (90% IPv4, 10% IPv6) to a
 * temporary directory, then prints load time, lookup time and policy evaluation time. No JMH, so the
 * numbers are indicative; it is meant to move to bench/ later. Each figure shows wall time and this
 * thread's CPU time: on a shared, overloaded machine the CPU time is the fairer of the two.
 *
 * <pre>
 * mvn -q -B -o -pl node -am test-compile
 * java -Xmx1g -cp node/target/classes:node/target/test-classes io.fw443.policy.CidrSetLoadCheck [prefixes]
 * </pre>
 */
public final class CidrSetLoadCheck {
    private static final int QUERIES = 1 << 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Process CPU time also counts the JIT compiler and GC threads, which a cold load keeps busy. */
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CidrSetLoadCheck() {
    }

    public static void main(final String[] args) throws IOException {
        final int prefixes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final Path dir = Files.createTempDirectory("fw443-cidr-check");
        try {
            run(dir, prefixes, 10_000_000, System.out);
        } finally {
            Files.deleteIfExists(dir.resolve("blocklist.txt"));
            Files.delete(dir);
        }
    }

    /** Writes the file, measures, prints; returns the last load result. */
    static LoadResult run(final Path dir, final int prefixes, final int lookups, final PrintStream out) throws IOException {
        final Path file = dir.resolve("blocklist.txt");
        final Random rnd = new Random(2024);
        writeBlocklist(file, prefixes, rnd);
        out.printf("file: %,d prefixes, %,d bytes%n", prefixes, Files.size(file));

        long t0 = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        final long p0 = OS.getProcessCpuTime();
        LoadResult result = CidrSetLoader.load(file);
        out.printf("load (cold JVM): %,d ms wall, %,d ms cpu, %,d ms process cpu -> %s, errors %d%n",
            (System.nanoTime() - t0) / 1_000_000, (THREADS.getCurrentThreadCpuTime() - c0) / 1_000_000,
            (OS.getProcessCpuTime() - p0) / 1_000_000, result.set(), result.errorCount());
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            t0 = System.nanoTime();
            c0 = THREADS.getCurrentThreadCpuTime();
            result = CidrSetLoader.load(file);
            best = Math.min(best, System.nanoTime() - t0);
            bestCpu = Math.min(bestCpu, THREADS.getCurrentThreadCpuTime() - c0);
        }
        out.printf("load (warm, best of 3): %,d ms wall, %,d ms cpu%n", best / 1_000_000, bestCpu / 1_000_000);

        final CidrSet set = result.set();
        final int[] v4 = new int[QUERIES];
        final byte[] v4Bytes = new byte[QUERIES * 4];
        final long[] v6 = new long[QUERIES * 2];
        for (int i = 0; i < QUERIES; i++) {
            v4[i] = rnd.nextInt();
            v4Bytes[4 * i] = (byte) (v4[i] >>> 24);
            v4Bytes[4 * i + 1] = (byte) (v4[i] >>> 16);
            v4Bytes[4 * i + 2] = (byte) (v4[i] >>> 8);
            v4Bytes[4 * i + 3] = (byte) v4[i];
            v6[2 * i] = 0x2000_0000_0000_0000L | (rnd.nextLong() >>> 3);
            v6[2 * i + 1] = rnd.nextLong();
        }
        final int mask = QUERIES - 1;
        for (int round = 0; round < 2; round++) {
            c0 = THREADS.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            long hits = 0;
            for (int i = 0; i < lookups; i++) {
                hits += set.containsV4(v4[i & mask]) ? 1 : 0;
            }
            final long v4Ns = System.nanoTime() - t0;
            t0 = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                hits += set.contains(v4Bytes, 4 * (i & mask), CidrSet.FAMILY_IPV4) ? 1 : 0;
            }
            final long v4BytesNs = System.nanoTime() - t0;
            t0 = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                final int q = 2 * (i & mask);
                hits += set.containsV6(v6[q], v6[q + 1]) ? 1 : 0;
            }
            final long v6Ns = System.nanoTime() - t0;
            final long cpuNs = THREADS.getCurrentThreadCpuTime() - c0;
            out.printf("lookup round %d: v4 %.1f ns, v4 from bytes %.1f ns, v6 %.1f ns wall; all three %.1f ns cpu"
                    + " (random addresses, %,d hits)%n", round, (double) v4Ns / lookups, (double) v4BytesNs / lookups,
                (double) v6Ns / lookups, (double) cpuNs / (3L * lookups), hits);
        }

        final Policy policy = thousandRules(set);
        final byte[] dst = {(byte) 198, 51, 100, 7};
        for (int round = 0; round < 2; round++) {
            c0 = THREADS.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            long sum = 0;
            for (int i = 0; i < lookups; i++) {
                sum += policy.evaluate(i & 7, (i >>> 3) & 7, CidrSet.FAMILY_IPV4, v4Bytes, 4 * (i & mask), dst, 0, 6, 443);
            }
            out.printf("policy round %d: %.1f ns wall, %.1f ns cpu per evaluate (1,000 rules, 8 zones, blocklist first;"
                    + " checksum %d)%n", round, (double) (System.nanoTime() - t0) / lookups,
                (double) (THREADS.getCurrentThreadCpuTime() - c0) / lookups, sum);
        }

        final SourceLimiter limiter = new SourceLimiter(SourceLimiter.Settings.of(1 << 20, 500, 10_000, 1));
        for (int round = 0; round < 2; round++) {
            c0 = THREADS.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            long ok = 0;
            for (int i = 0; i < lookups; i++) {
                final int off = 4 * (i & 0xFFFF);
                if (limiter.tryAcquireNewFlow(CidrSet.FAMILY_IPV4, v4Bytes, off, i * 1_000L) == LimitResult.OK) {
                    ok++;
                    limiter.releaseFlow(CidrSet.FAMILY_IPV4, v4Bytes, off);
                }
            }
            out.printf("limiter round %d: %.1f ns wall, %.1f ns cpu per acquire(+release) over 65,536 sources"
                    + " (%,d admitted)%n", round, (double) (System.nanoTime() - t0) / lookups,
                (double) (THREADS.getCurrentThreadCpuTime() - c0) / lookups, ok);
        }
        return result;
    }

    private static Policy thousandRules(final CidrSet blocklist) {
        final Policy.Builder b = Policy.builder(8);
        b.add(Rule.builder("blocklist").src(blocklist).action(Action.DROP).log(true));
        for (int i = 1; i < 1000; i++) {
            b.add(Rule.builder("r" + i).from(i % 8).to((i / 8) % 8).protocol(Protocol.TCP)
                .dstPorts(PortRanges.of(i == 500 ? 443 : 1024 + i)).action(Action.ACCEPT));
        }
        return b.build();
    }

    private static void writeBlocklist(final Path file, final int prefixes, final Random rnd) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("# generated blocklist\n");
            final StringBuilder line = new StringBuilder(64);
            for (int i = 0; i < prefixes; i++) {
                line.setLength(0);
                if (i % 10 == 9) {
                    final int length = 32 + rnd.nextInt(33);
                    final long hi = (0x2000_0000_0000_0000L | (rnd.nextLong() >>> 3)) & (-1L << (64 - length));
                    final int groups = (length + 15) / 16;
                    for (int g = 0; g < groups; g++) {
                        line.append(Long.toHexString((hi >>> (48 - 16 * g)) & 0xFFFF)).append(':');
                    }
                    line.append(':').append('/').append(length);
                } else {
                    final int roll = rnd.nextInt(10);
                    final int length = roll < 6 ? 32 : roll < 9 ? 24 : 16 + rnd.nextInt(16);
                    final long a = rnd.nextInt() & 0xFFFF_FFFFL & (0xFFFF_FFFFL << (32 - length));
                    line.append(a >>> 24).append('.').append((a >>> 16) & 255).append('.')
                        .append((a >>> 8) & 255).append('.').append(a & 255);
                    if (length < 32) {
                        line.append('/').append(length);
                    }
                }
                w.append(line).append('\n');
            }
        }
    }
}
