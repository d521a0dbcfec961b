package io.fw443.bench;

import io.fw443.sync.KeySets;
import io.fw443.sync.Replica;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code bin/bench sync}: replication between member processes ({@code ReplicaMain}, driven through the HA tests'
 * {@link Replica}) over the default stack, TCP with mutual TLS 1.3 on 127.0.0.1 ports 17851-17853, each member
 * applying to its own persisted Chronicle table.
 * <ul>
 *   <li>{@code upserts_per_s}: member 1 updates 200,000 flows 10 times (2,000,000 upserts); from the first update to
 *       the last record applied on member 2. CPU per upsert, which unlike wall time does not count what other jobs
 *       on the shared machine took: {@code sender_cpu_ns} (member 1 without its command loop, which plays the
 *       engine's part and is {@code writer_cpu_ns}) and {@code receiver_cpu_ns} (all of member 2).</li>
 *   <li>{@code lag_p50_ms}, {@code lag_p99_ms}: 5 s windows of 20,000 new flows per second; the receiver's
 *       per-batch lag (send clock to apply, plus the batch's oldest queueing delay).</li>
 *   <li>{@code resync_1m_s}, {@code resync_flows_per_s}: member 1 holds 1,000,000 flows; a new member 3 joins and
 *       pulls a full snapshot (its own metric, from request to SNAPSHOT_END); it leaves again after each run.
 *       {@code resync_cpu_ns}: CPU of members 1 and 3 per flow meanwhile.</li>
 * </ul>
 * Each figure is the median over runs (3, 1 with {@code --quick}). System properties (e.g. through
 * {@code JAVA_TOOL_OPTIONS}): {@code fw443.sync.stack} picks another stack file (an A/B of stack settings),
 * {@code fw443.sync.jvm} adds member JVM options (a profiler).
 */
final class SyncSuite implements BenchSuite {
    private static final String PEERS = "127.0.0.1[17851],127.0.0.1[17852],127.0.0.1[17853]";
    private static final int FLOWS = 200_000;
    private static final int UPDATES_PER_RUN = 10;
    private static final int LAG_RATE = 20_000;
    private static final int LAG_WINDOW = 5 * LAG_RATE;
    private static final int RESYNC_FLOWS = 1_000_000;
    private static final int CAPACITY = 1_500_000;

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public String description() {
        return "replicated upserts/s between two processes (TLS), lag p50/p99 at 20k/s, resync of 1M flows";
    }

    @Override
    public LinkedHashMap<String, String> run(BenchOptions options) throws Exception {
        int runs = options.quick() ? 1 : 3;
        Path keys = KeySets.generate("bench:n1,n2,n3").get(0);
        Path dir = Files.createTempDirectory("fw443-bench-sync");
        List<Replica> members = new ArrayList<>();
        try {
            Replica a = start(1, keys, dir, "", members);
            Replica b = start(2, keys, dir, "", members);
            awaitMembers(a, List.of(1, 2));
            LinkedHashMap<String, String> out = new LinkedHashMap<>();
            upserts(a, b, runs, out);
            int written = FLOWS + lag(a, b, runs, out);
            a.cmd("write " + (RESYNC_FLOWS - written) + " bulk");
            resync(a, runs, keys, dir, members, out);
            out.put("runs", Integer.toString(runs));
            out.put("stack", stack().getFileName().toString());
            members.forEach(Replica::close);
            delete(dir, "");
            return out;
        } catch (Exception | Error e) {
            members.forEach(Replica::close);
            delete(dir, ".flows");
            System.err.println("sync: member logs kept in " + dir);
            throw e;
        }
    }

    private static Path stack() {
        String s = System.getProperty("fw443.sync.stack");
        return s == null ? Replica.TCP_STACK : Path.of(s).toAbsolutePath();
    }

    private static List<String> jvm() {
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseParallelGC"));
        String more = System.getProperty("fw443.sync.jvm", "").trim();
        if (!more.isEmpty()) {
            jvm.addAll(List.of(more.split("\\s+")));
        }
        return jvm;
    }

    /** Starts member {@code node} on a fresh table file ({@code run} tells files of the same node apart). */
    private static Replica start(int node, Path keys, Path dir, String run, List<Replica> members) {
        Replica r = Replica.start(new Replica.Spec(node, "127.0.0.1:" + (17850 + node), PEERS, keys, stack(), null,
                List.of("--table", "chronicle:" + dir.resolve("node" + node + run + ".flows"),
                        "--capacity", Integer.toString(CAPACITY)),
                jvm()), dir);
        members.add(r);
        return r;
    }

    /** Waits (bounded) until {@code r} is READY in a view of exactly {@code members} (any order after a merge). */
    private static void awaitMembers(Replica r, List<Integer> members) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(r.ready() && members.equals(r.memberSet()))) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("members " + members + " not READY: " + r.cmd("status"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static void upserts(Replica a, Replica b, int runs, LinkedHashMap<String, String> out)
            throws IOException {
        a.cmd("write " + FLOWS + " p");
        long received = FLOWS;
        await(b, received);
        for (int i = 0; i < 5; i++) { // warm-up: both JITs, the table's segments, TLS buffers
            a.cmd("update " + FLOWS + " p 3");
        }
        received += 5L * FLOWS;
        await(b, received);
        double[] rate = new double[runs];
        double[] senderNs = new double[runs];
        double[] receiverNs = new double[runs];
        double[] harnessNs = new double[runs];
        for (int run = 0; run < runs; run++) {
            Cpu a0 = Cpu.of(a);
            Cpu b0 = Cpu.of(b);
            long start = System.nanoTime();
            for (int i = 0; i < UPDATES_PER_RUN; i++) {
                a.cmd("update " + FLOWS + " p 3");
            }
            received += (long) UPDATES_PER_RUN * FLOWS;
            await(b, received);
            double seconds = (System.nanoTime() - start) / 1e9;
            double upserts = (double) UPDATES_PER_RUN * FLOWS;
            Cpu a1 = Cpu.of(a);
            rate[run] = upserts / seconds;
            senderNs[run] = (a1.process - a0.process - (a1.main - a0.main)) * 1e9 / upserts;
            harnessNs[run] = (a1.main - a0.main) * 1e9 / upserts;
            receiverNs[run] = (Cpu.of(b).process - b0.process) * 1e9 / upserts;
            System.out.printf("sync run %d: %.0f upserts/s; CPU ns per upsert: sender %.0f (+ writer %.0f), "
                    + "receiver %.0f%n", run, rate[run], senderNs[run], harnessNs[run], receiverNs[run]);
        }
        out.put("upserts_per_s", ForkMedians.integer(ForkMedians.median(rate)));
        out.put("sender_cpu_ns", ForkMedians.integer(ForkMedians.median(senderNs)));
        out.put("receiver_cpu_ns", ForkMedians.integer(ForkMedians.median(receiverNs)));
        out.put("writer_cpu_ns", ForkMedians.integer(ForkMedians.median(harnessNs)));
    }

    /** Returns the number of flows written. */
    private static int lag(Replica a, Replica b, int runs, LinkedHashMap<String, String> out) {
        long received = b.metric("records_received");
        a.cmd("flood " + LAG_RATE + " lagwarm " + LAG_RATE);
        received += LAG_RATE;
        await(b, received);
        double[] p50 = new double[runs];
        double[] p99 = new double[runs];
        for (int run = 0; run < runs; run++) {
            b.cmd("reset");
            a.cmd("flood " + LAG_WINDOW + " lag" + run + " " + LAG_RATE);
            received += LAG_WINDOW;
            await(b, received);
            p50[run] = b.metric("lag_p50_us") / 1000.0;
            p99[run] = b.metric("lag_p99_us") / 1000.0;
            System.out.printf("sync run %d: lag p50 %.2f ms, p99 %.2f ms over %d batches%n", run, p50[run], p99[run],
                    b.metric("lag_samples"));
        }
        out.put("lag_p50_ms", twoDecimals(ForkMedians.median(p50)));
        out.put("lag_p99_ms", twoDecimals(ForkMedians.median(p99)));
        out.put("lag_p99_max_ms", twoDecimals(Arrays.stream(p99).max().orElse(0)));
        return LAG_RATE + runs * LAG_WINDOW;
    }

    private static void resync(Replica a, int runs, Path keys, Path dir, List<Replica> members,
                               LinkedHashMap<String, String> out) throws IOException {
        double[] seconds = new double[runs];
        double[] perSecond = new double[runs];
        double[] cpuNs = new double[runs];
        for (int run = 0; run < runs; run++) {
            long ms = 0;
            long records = 0;
            double cpu = 0;
            // A joiner that formed a group of its own first (join timeout on a starved machine) merges instead of
            // resyncing: start it again, a bounded number of times.
            for (int attempt = 0; attempt < 3 && records < RESYNC_FLOWS; attempt++) {
                Replica c = start(3, keys, dir, "-" + run + "-" + attempt, members);
                Cpu a0 = Cpu.of(a);
                Cpu c0 = Cpu.of(c);
                String ready = c.cmd("await-ready 55");
                cpu = Cpu.of(a).process - a0.process + Cpu.of(c).process - c0.process;
                ms = c.metric("resync_last_duration_ms");
                records = c.metric("resync_last_records");
                c.close();
                members.remove(c);
                if (!ready.startsWith("ok") || records < RESYNC_FLOWS) {
                    System.out.printf("sync run %d: member 3 did not resync (%s, %d records); again%n", run, ready,
                            records);
                }
            }
            if (records < RESYNC_FLOWS) {
                throw new IllegalStateException("member 3 never resynced " + RESYNC_FLOWS + " flows");
            }
            seconds[run] = ms / 1000.0;
            perSecond[run] = records * 1000.0 / ms;
            cpuNs[run] = cpu * 1e9 / records;
            System.out.printf("sync run %d: resync of %d flows in %d ms, %.0f CPU ns per flow (both members)%n", run,
                    records, ms, cpuNs[run]);
        }
        out.put("resync_1m_s", twoDecimals(ForkMedians.median(seconds)));
        out.put("resync_flows_per_s", ForkMedians.integer(ForkMedians.median(perSecond)));
        out.put("resync_cpu_ns", ForkMedians.integer(ForkMedians.median(cpuNs)));
    }

    private static void await(Replica receiver, long records) {
        String r = receiver.cmd("await-received " + records + " 55");
        if (!r.startsWith("ok")) {
            throw new IllegalStateException("member " + receiver.node + " did not receive " + records + ": " + r);
        }
    }

    /**
     * CPU seconds a member process has used, and its main thread (the command loop that plays the engine's part
     * in {@code write}/{@code update}), from /proc: utime + stime in ticks of 1/100 s. CPU time, unlike wall time,
     * does not count what other jobs on the shared machine took.
     */
    private record Cpu(double process, double main) {
        static Cpu of(Replica r) throws IOException {
            Path proc = Path.of("/proc", Long.toString(r.pid()));
            double main = 0;
            try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    // The launcher's own thread has tid == pid; the Java main thread keeps the name "java".
                    try {
                        if (!task.getFileName().toString().equals(Long.toString(r.pid()))
                                && Files.readString(task.resolve("comm")).trim().equals("java")) {
                            main = ticks(task.resolve("stat"));
                        }
                    } catch (NoSuchFileException e) {
                        // A thread that ended while listed: not the main thread.
                    }
                }
            }
            return new Cpu(ticks(proc.resolve("stat")), main);
        }

        private static double ticks(Path stat) throws IOException {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(") ") + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        }
    }

    private static String twoDecimals(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Deletes the files under {@code dir} whose names end with {@code suffix} ("": all, and the directory). */
    private static void delete(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .filter(p -> suffix.isEmpty() || p.getFileName().toString().endsWith(suffix))
                    .forEach(p -> p.toFile().delete());
        }
    }
}
