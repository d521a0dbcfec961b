package io.fw443.bench;

import io.fw443.lab.BaselinePair;
import io.fw443.lab.ClusterLab;
import io.fw443.lab.FailoverRun;
import io.fw443.lab.Firewalls;
import io.fw443.lab.NodeConfigs;
import io.fw443.lab.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code bin/bench failover}: issue 8's failover targets. Each run builds the lab, starts fw-a and fw-b from the
 * built distribution, opens 200 TLS echo sessions through the VIPs, lets them run, takes the master out one way
 * (kill -9, all links down, SIGTERM) and counts what the clients saw. Per scenario: the median and the maximum over
 * the runs of the worst session's largest echo gap, and the sessions that survived every run. Then the baseline
 * (issue 8): kill -9 of the daemons and the links pulled against a keepalived + conntrackd + nftables pair
 * ({@link BaselinePair}), with 100 ms and with keepalived's default 1 s adverts. Needs root.
 */
final class FailoverBench implements BenchSuite {
    private static final int SESSIONS = 200;
    private static final int RUNS = 10;
    private static final int QUICK_RUNS = 1;
    private static final int ADVERT_MS = 50;
    /** The baseline's adverts: issue 8 quotes such a pair at 100 ms and at keepalived's default, 1 s. */
    private static final int BASELINE_ADVERT_MS = 100;
    private static final int BASELINE_DEFAULT_ADVERT_MS = 1000;

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public String description() {
        return "200 TLS sessions through a fw443 pair while the master is killed, unplugged or stopped; then through a"
                + " keepalived + conntrackd + nftables pair (root)";
    }

    @Override
    public LinkedHashMap<String, String> run(BenchOptions options) throws Exception {
        int runs = options.quick() ? QUICK_RUNS : RUNS;
        LinkedHashMap<String, String> figures = new LinkedHashMap<>();
        int survived = SESSIONS;
        long worst = 0;
        List<Scenario> scenarios = List.of(
                new Scenario("process_crash", FailoverRun.Fault.PROCESS_CRASH),
                new Scenario("box_death", FailoverRun.Fault.BOX_DEATH),
                new Scenario("graceful", FailoverRun.Fault.GRACEFUL));
        // JAVA_TOOL_OPTIONS=-Dfw443.failover.baseline-only=true runs the baseline's scenarios alone.
        for (Scenario s : Boolean.getBoolean("fw443.failover.baseline-only") ? List.<Scenario>of() : scenarios) {
            Measured m = measure(s.name(), s.fault(), FailoverBench::fw443Pair, runs);
            survived = Math.min(survived, m.survived());
            worst = Math.max(worst, m.max());
            m.put(s.name(), figures);
        }
        LinkedHashMap<String, String> line = new LinkedHashMap<>();
        if (!figures.isEmpty()) {
            line.put("survived", survived + "/" + SESSIONS);
            line.put("worst_gap_ms", Long.toString(worst));
            line.putAll(figures);
        }
        baseline(line, "baseline", FailoverRun.Fault.PROCESS_CRASH, BASELINE_ADVERT_MS, runs);
        baseline(line, "baseline_1s", FailoverRun.Fault.PROCESS_CRASH, BASELINE_DEFAULT_ADVERT_MS, runs);
        // keepalived's death leaves the kernel forwarding on the old master until the VIPs move; a dead box does not.
        baseline(line, "baseline_box_death", FailoverRun.Fault.BOX_DEATH, BASELINE_ADVERT_MS, runs);
        baseline(line, "baseline_1s_box_death", FailoverRun.Fault.BOX_DEATH, BASELINE_DEFAULT_ADVERT_MS, runs);
        line.put("runs", Integer.toString(runs));
        return line;
    }

    /** The baseline master taken out the {@code fault} way: the figures under {@code name}. */
    private static void baseline(LinkedHashMap<String, String> line, String name, FailoverRun.Fault fault,
                                 int advertMs, int runs) throws Exception {
        Measured m = measure(name, fault, dir -> baselinePair(dir, advertMs), runs);
        line.put(name + "_survived", m.survived() + "/" + SESSIONS);
        m.put(name, line);
    }

    /** What {@code runs} rehearsals of one scenario showed. */
    private record Measured(List<Long> gaps, List<Long> takeovers, int survived) {
        long max() {
            return gaps.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        /** The scenario's figures: median and maximum of the worst gaps, median takeover. */
        void put(String name, LinkedHashMap<String, String> figures) {
            figures.put(name + "_worst_gap_ms", Long.toString(median(gaps)));
            figures.put(name + "_worst_gap_max_ms", Long.toString(max()));
            figures.put(name + "_takeover_ms", Long.toString(median(takeovers)));
        }
    }

    private static Measured measure(String name, FailoverRun.Fault fault, Pair pair, int runs) throws Exception {
        List<Long> gaps = new ArrayList<>();
        List<Long> takeovers = new ArrayList<>();
        int survived = SESSIONS;
        for (int i = 0; i < runs; i++) {
            FailoverRun.Outcome o = once(fault, pair);
            System.err.println("failover " + name + " run " + (i + 1) + ": " + o.summary().line());
            gaps.add(o.summary().worstGapMs());
            o.summary().takeoverMs().ifPresent(takeovers::add);
            survived = Math.min(survived, o.summary().survived());
        }
        return new Measured(gaps, takeovers, survived);
    }

    private record Scenario(String name, FailoverRun.Fault fault) {
    }

    /** Builds a lab in {@code dir} with fw-a and fw-b running, fw-a the master. */
    private interface Pair {
        Firewalls open(Path dir) throws Exception;
    }

    private static Firewalls fw443Pair(Path dir) throws Exception {
        // 50 ms adverts: Master_Down_Interval 161 ms at priority 200, so a dead box is replaced before the clients'
        // first retransmission (about 200 ms). The tests use 100 ms, which a loaded CI machine keeps without flapping.
        ClusterLab cluster = ClusterLab.create(Topology.standard(1, 2),
                NodeConfigs.Settings.defaults().advertIntervalMs(ADVERT_MS), Path.of("").toAbsolutePath(), dir);
        try {
            cluster.start("fw-a");
            cluster.start("fw-b");
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static Firewalls baselinePair(Path dir, int advertMs) throws Exception {
        BaselinePair pair = BaselinePair.create(Topology.standard(1, 2),
                NodeConfigs.Settings.defaults().advertIntervalMs(advertMs), dir);
        try {
            pair.start("fw-a");
            pair.start("fw-b");
            pair.awaitMaster("fw-a", Duration.ofSeconds(30));
            return pair;
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    private static FailoverRun.Outcome once(FailoverRun.Fault fault, Pair pair) throws Exception {
        Path dir = Files.createTempDirectory("fw443-bench-failover-");
        try (Firewalls firewalls = pair.open(dir)) {
            try (FailoverRun run = FailoverRun.start(firewalls, SESSIONS, dir.resolve("run"))) {
                run.runFor(Duration.ofSeconds(3));
                run.fault(fault, "fw-a", "fw-b");
                run.runFor(Duration.ofSeconds(3));
                return run.finish(fault.marker);
            } catch (Exception | Error e) {
                // The work directory goes with the run: say what the firewalls logged before it does.
                for (String fw : List.of("fw-a", "fw-b")) {
                    System.err.println("---- " + fw + " ----\n" + firewalls.logText(fw));
                }
                throw e;
            }
        } finally {
            ClusterLab.deleteTree(dir);
        }
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
