package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication figures between member processes with the default stack (TCP + mutual TLS) on 127.0.0.1, ports
 * 17840+: sustained upserts per second, lag at 20,000 upserts/s, and a full resync of 1,000,000 flows. It prints
 * figures and asserts only that the work completes; timing depends on the machine. Run on demand:
 * {@code mvn -pl ha-tests -am test -Dtest=SyncPerfTest -Dfw443.test.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dfw443.sync.perf.table=chronicle} for the persisted off-heap table). Output in
 * ha-tests/target/surefire-reports/io.fw443.sync.SyncPerfTest-output.txt.
 */
@Tag("perf")
class SyncPerfTest {
    private static final String PEERS = "127.0.0.1[17841],127.0.0.1[17842],127.0.0.1[17843]";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static Path keys;

    @TempDir
    Path dir;

    private final List<Replica> replicas = new ArrayList<>();

    @BeforeAll
    static void keys() throws Exception {
        keys = KeySets.generate("perf:n1,n2,n3").get(0);
    }

    @AfterEach
    void stop() {
        replicas.forEach(Replica::close);
    }

    private Replica start(int node) {
        Replica.Spec spec = Replica.Spec.loopback(node, 17840 + node, PEERS, keys)
                .jvm("-Xmx2g", "-XX:+UseParallelGC");
        if ("chronicle".equals(System.getProperty("fw443.sync.perf.table"))) {
            spec = spec.with("--table", "chronicle:" + dir.resolve("node" + node + ".flows"), "--capacity", "1500000");
        }
        Replica r = Replica.start(spec, dir);
        replicas.add(r);
        return r;
    }

    /** CPU seconds a process has used (utime + stime from /proc). */
    private static double cpuSeconds(Replica r) throws Exception {
        String[] f = Files.readString(Path.of("/proc", Long.toString(r.pid()), "stat")).split("\\) ", 2)[1]
                .split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static void report(String line) {
        System.out.println("sync-perf: " + line + " (load average " + String.format("%.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus)");
    }

    @Test
    void sustainedUpsertsPerSecondBetweenTwoProcesses() throws Exception {
        Replica a = start(1);
        Replica b = start(2);
        Waits.until(WAIT, "two members READY", List.of(a, b), () -> b.ready() && "[1,2]".equals(a.members()));
        a.cmd("write 200000 p");
        b.cmd("await-received 200000 120");
        for (int i = 0; i < 5; i++) {
            a.cmd("update 200000 p 3");
        }
        b.cmd("await-received 1200000 300");
        double cpuA = cpuSeconds(a);
        double cpuB = cpuSeconds(b);
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            a.cmd("update 200000 p 3");
        }
        String received = b.cmd("await-received 3200000 300");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(received.startsWith("ok"), received);
        report(String.format("2,000,000 replicated upserts (TLS) in %.2f s = %.0f/s; CPU s sender %.1f, receiver %.1f",
                seconds, 2e6 / seconds, cpuSeconds(a) - cpuA, cpuSeconds(b) - cpuB));
    }

    @Test
    void replicationLagAtTwentyThousandUpsertsPerSecond() {
        Replica a = start(1);
        Replica b = start(2);
        Waits.until(WAIT, "two members READY", List.of(a, b), () -> b.ready() && "[1,2]".equals(a.members()));
        a.cmd("flood 200000 warm 20000");
        b.cmd("await-received 200000 120");
        for (int run = 0; run < 3; run++) {
            b.cmd("reset");
            a.cmd("flood 200000 lag" + run + " 20000");
            assertTrue(b.cmd("await-received " + (400_000 + 200_000 * run) + " 120").startsWith("ok"));
            report("10 s at 20,000 upserts/s: lag p50 " + b.metric("lag_p50_us") + " us, p99 "
                    + b.metric("lag_p99_us") + " us over " + b.metric("lag_samples") + " batches");
        }
    }

    @Test
    void fullResyncOfAMillionFlowsToANewMember() {
        Replica a = start(1);
        Waits.until(WAIT, "first member READY", List.of(a), a::ready);
        a.cmd("write 1000000 bulk");
        long start = System.nanoTime();
        Replica c = start(3);
        String ready = c.cmd("await-ready 120");
        assertTrue(ready.startsWith("ok"), ready);
        Waits.until(WAIT, "all flows on the new member", List.of(a, c),
                () -> "1000000".equals(c.status().get("live")));
        report("resync of 1,000,000 flows: " + c.metric("resync_last_duration_ms") + " ms from request to end ("
                + (System.nanoTime() - start) / 1_000_000 + " ms including the new JVM's start and join)");
    }
}
