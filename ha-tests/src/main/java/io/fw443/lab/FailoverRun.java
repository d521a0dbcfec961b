package io.fw443.lab;

import io.fw443.lab.traffic.FailoverReport;
import io.fw443.lab.traffic.FleetReport;
import io.fw443.lab.traffic.FleetStatus;
import io.fw443.lab.traffic.Marker;
import io.fw443.lab.traffic.SeriesRow;
import io.fw443.lab.traffic.TimelineSvg;
import io.fw443.lab.traffic.TrafficProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * One failover rehearsal in a lab's {@link Firewalls} (fw443 nodes or the kernel baseline): the TLS echo server behind the firewalls, a fleet of long-lived
 * TLS sessions from the client through the VIPs, a fault of the master, and what the clients saw (the fleet's
 * report, its latency series, the timeline picture). Markers: the fault, the VIP move (the successor's log time of
 * its takeover of the outside group), and for a returning node its resync and its taking the VIPs back.
 */
public final class FailoverRun implements AutoCloseable {
    /** How the master goes away. */
    public enum Fault {
        /** kill -9 of the node process. */
        PROCESS_CRASH("kill -9"),
        /** Every link of the node pulled at the switch: a dead box. */
        BOX_DEATH("links down"),
        /** SIGTERM: priority-0 adverts, then a drain. */
        GRACEFUL("graceful stop"),
        /** {@code fw443 failover --group N} for both groups; the node keeps running. */
        OPERATOR("fw443 failover");

        public final String marker;

        Fault(String marker) {
            this.marker = marker;
        }
    }

    public static final String VIP_MOVED = "VIP moved";
    public static final String RESYNC_DONE = "resync done";
    public static final String VIP_BACK = "VIP back";
    private static final String SERVER = "198.51.100.100";
    private static final Duration ESTABLISH_TIMEOUT = Duration.ofSeconds(90);
    private static final long STEADY_GAP_MS = 100;

    private final Firewalls cluster;
    private final Path dir;
    private final int sessions;
    private final List<Marker> markers = new ArrayList<>();
    private final Process fleet;
    private final Path status;

    private FailoverRun(Firewalls cluster, Path dir, int sessions, Process fleet) {
        this.cluster = cluster;
        this.dir = dir;
        this.sessions = sessions;
        this.fleet = fleet;
        this.status = dir.resolve("fleet.status");
    }

    /**
     * Starts the echo server (if the lab has none yet) and {@code sessions} TLS sessions from the client through the
     * VIPs, and waits until every one is open. The nodes must be running.
     */
    public static FailoverRun start(Firewalls cluster, int sessions, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path serverLog = dir.resolve("echo-server.log");
        if (!TrafficProcesses.serverReady(serverLog)) {
            cluster.lab().spawn("server", serverLog, TrafficProcesses.echoServerCommand(NodeConfigs.ECHO_PORT,
                    NodeConfigs.HTTPS_PORT).toArray(String[]::new));
            Awaitility.await("echo server").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> TrafficProcesses.serverReady(serverLog));
        }
        Process fleet = cluster.lab().spawn("client", dir.resolve("fleet.log"),
                TrafficProcesses.fleetCommand(SERVER, NodeConfigs.ECHO_PORT, sessions, dir.resolve("fleet.json"),
                        dir.resolve("fleet.csv"), dir.resolve("fleet.status")).toArray(String[]::new));
        FailoverRun run = new FailoverRun(cluster, dir, sessions, fleet);
        Awaitility.await("all " + sessions + " sessions established").atMost(ESTABLISH_TIMEOUT)
                .pollInterval(Duration.ofMillis(200)).until(() -> run.fleetStatus().map(s -> {
                    if (s.failed() > 0 || !fleet.isAlive()) {
                        throw new IllegalStateException("sessions failed to open: " + s + "\n" + run.fleetLog());
                    }
                    return s.allEstablished();
                }).orElse(false));
        return run;
    }

    /** Lets the sessions run for {@code span} of the fleet's own time (its status file's clock). */
    public void runFor(Duration span) {
        long until = fleetStatus().map(FleetStatus::elapsedMs).orElse(0L) + span.toMillis();
        Awaitility.await().atMost(span.plusSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> fleetStatus().map(s -> s.elapsedMs() >= until).orElse(false));
    }

    /** Takes {@code victim} out the {@code fault} way and waits until {@code successor} masters both groups. */
    public void fault(Fault fault, String victim, String successor) throws Exception {
        awaitSteady();
        int successorLog = cluster.logText(successor).length();
        int victimLog = cluster.logText(victim).length();
        if (fault != Fault.OPERATOR) {
            mark(fault.marker);
        }
        switch (fault) {
            case PROCESS_CRASH -> cluster.kill(victim);
            case BOX_DEATH -> {
                for (String dev : List.of("eth1", "eth2", "eth3")) {
                    cluster.lab().link(victim, dev, false);
                }
            }
            case GRACEFUL -> cluster.stop(victim);
            case OPERATOR -> {
                // One group is enough: the sync group takes the other along (or the other is not the victim's).
                cluster.handOver(victim, NodeConfigs.INSIDE_GROUP);
                // The CLI's own start-up is not part of the handover: the fault is when the victim stepped down.
                await(() -> cluster.logText(victim).indexOf("MASTER -> BACKUP", victimLog) >= 0,
                        Duration.ofSeconds(30));
                markFromLog(victim, victimLog, "MASTER -> BACKUP", fault.marker);
            }
        }
        awaitMaster(successor, successorLog, VIP_MOVED);
    }

    /**
     * Disturbs a steady run with {@code action} (a cut that should move nothing); {@code label} marks it, and the
     * report weighs the gaps that end after it, as for a fault.
     */
    public void disturb(String label, Runnable action) {
        awaitSteady();
        mark(label);
        action.run();
    }

    /** Waits for a steady state: no session waiting on an echo (a JVM still warming up stalls for a while). */
    private void awaitSteady() {
        Awaitility.await("steady echoes before the fault").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> fleetStatus().map(st -> st.currentGapMs() < STEADY_GAP_MS).orElse(false));
    }

    /** Starts {@code node} again; marks its resync and, when it preempts, its taking the VIPs back. */
    public void restart(String node, boolean awaitPreempt) {
        int from = cluster.logText(node).length();
        mark("restart " + node);
        cluster.start(node);
        await(() -> cluster.logText(node).indexOf("-> READY", from) >= 0, Duration.ofSeconds(60));
        markFromLog(node, from, "-> READY", RESYNC_DONE);
        if (awaitPreempt) {
            awaitMaster(node, from, VIP_BACK);
        }
    }

    /** Waits until {@code node} masters both groups; the marker is its first takeover logged after {@code from}. */
    private void awaitMaster(String node, int from, String marker) {
        await(() -> cluster.lastState(node, NodeConfigs.INSIDE_GROUP).equals("MASTER")
                && cluster.lastState(node, NodeConfigs.OUTSIDE_GROUP).equals("MASTER"), Duration.ofSeconds(30));
        markFromLog(node, from, "BACKUP -> MASTER", marker);
    }

    /** Stops the fleet (it writes its report) and sums up what the clients saw; also writes timeline.svg. */
    public Outcome finish(String title) throws Exception {
        fleet.destroy();
        if (!fleet.waitFor(30, TimeUnit.SECONDS)) {
            fleet.destroyForcibly();
            throw new IllegalStateException("the fleet did not write its report:\n" + fleetLog());
        }
        FleetReport report = FleetReport.read(dir.resolve("fleet.json"));
        List<SeriesRow> series = SeriesRow.read(dir.resolve("fleet.csv"));
        String fault = markers.isEmpty() ? "" : markers.get(0).label();
        FailoverReport summary = FailoverReport.of(report, series, markers, fault, VIP_MOVED);
        Path svg = dir.resolve("timeline.svg");
        Files.writeString(svg, TimelineSvg.render(series, markers, title, true));
        return new Outcome(summary, report, svg, List.copyOf(markers));
    }

    /** What one rehearsal showed. */
    public record Outcome(FailoverReport summary, FleetReport fleet, Path timeline, List<Marker> markers) {
    }

    public List<Marker> markers() {
        return List.copyOf(markers);
    }

    public Optional<FleetStatus> fleetStatus() {
        try {
            return Files.exists(status) ? Optional.of(FleetStatus.read(status)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // being rewritten; the next poll reads it
        }
    }

    public String fleetLog() {
        try {
            Path log = dir.resolve("fleet.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void mark(String label) {
        markers.add(new Marker(System.currentTimeMillis(), label));
    }

    /** A marker at the time of the first log line of {@code node} after offset {@code from} containing {@code needle}. */
    private void markFromLog(String node, int from, String needle, String label) {
        String text = cluster.logText(node);
        int at = text.indexOf(needle, from);
        if (at < 0) {
            mark(label);
            return;
        }
        int start = text.lastIndexOf('\n', at) + 1;
        long epochMs = System.currentTimeMillis();
        try {
            epochMs = Instant.parse(text.substring(start, text.indexOf(' ', start))).toEpochMilli();
        } catch (RuntimeException e) {
            // a log line without a timestamp (JSON logs): the time it was seen is close enough
        }
        markers.add(new Marker(epochMs, label));
    }

    private static void await(BooleanSupplier condition, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }

    @Override
    public void close() {
        if (fleet.isAlive()) {
            fleet.destroyForcibly();
        }
    }
}
