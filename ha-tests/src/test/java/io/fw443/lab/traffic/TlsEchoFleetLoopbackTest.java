package io.fw443.lab.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet against the echo server on loopback: in this JVM, and as the separate processes the lab runs. */
class TlsEchoFleetLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void everyEchoComesBackInOrderAndTheReportAddsUp() throws Exception {
        try (TlsEchoServer server = TlsEchoServer.start("--bind", "127.0.0.1", "--echo-port", "0",
                "--https-port", "0")) {
            List<String> args = new java.util.ArrayList<>(List.of(fleetArgs(server.echoPort(), 20)));
            args.addAll(List.of("--bind-ip", "127.0.0.2,127.0.0.3"));
            TlsEchoFleet fleet = TlsEchoFleet.start(args.toArray(String[]::new));
            try {
                Awaitility.await().atMost(WAIT).until(() -> fleet.status().allEstablished());
                // About two seconds of echoes at 50 a second per session.
                Awaitility.await().atMost(WAIT).until(() -> fleet.status().echoes() >= 20 * 100);
            } finally {
                fleet.stop();
            }
            FleetReport r = FleetReport.read(dir.resolve("fleet.json"));
            assertEquals(20, r.opened());
            assertEquals(20, r.aliveAtEnd());
            assertEquals(0, r.dead() + r.failedToOpen() + r.resets() + r.reconnects() + r.echoErrors());
            assertTrue(r.echoes() >= 2000, "echoes " + r.echoes());
            assertEquals(r.echoes(), r.sessions().stream().mapToLong(FleetReport.Session::echoes).sum());
            // Sane figures: a 20 ms sender on loopback; the bound is loose because the machine is shared and busy.
            assertTrue(r.worstGapMs() >= 15 && r.worstGapMs() < 5000, "worst gap " + r.worstGapMs() + " in " + r);
            assertTrue(r.latencyP50Ms() > 0 && r.latencyP50Ms() <= r.latencyP99Ms()
                    && r.latencyP99Ms() <= r.latencyMaxMs() + 0.1, r.toString());
            assertTrue(r.sessions().stream().allMatch(s -> s.maxGapMs() >= 15
                    && s.local().startsWith(s.id() % 2 == 0 ? "127.0.0.2:" : "127.0.0.3:")), r::toString);

            List<SeriesRow> series = SeriesRow.read(dir.resolve("fleet.csv"));
            long spanMs = r.endEpochMs() - r.startEpochMs();
            assertTrue(Math.abs(series.size() - spanMs / LatencySeries.BUCKET_MS) <= 2,
                    series.size() + " buckets over " + spanMs + " ms");
            assertEquals(r.echoes(), series.stream().mapToLong(SeriesRow::echoes).sum(), "every echo in one bucket");
            assertTrue(series.stream().allMatch(row -> row.sessions() <= 20 && row.medianMs() <= row.maxMs()));
            FleetStatus last = FleetStatus.read(dir.resolve("fleet.status"));
            assertTrue(last.done() && last.alive() == 20, last.toString());
        }
    }

    @Test
    void sessionsBrokenByTheServerAreCountedDeadAndNotReopened() throws Exception {
        TlsEchoFleet fleet;
        try (TlsEchoServer server = TlsEchoServer.start("--bind", "127.0.0.1", "--echo-port", "0",
                "--https-port", "0")) {
            fleet = TlsEchoFleet.start(fleetArgs(server.echoPort(), 10));
            Awaitility.await().atMost(WAIT).until(() -> fleet.status().allEstablished());
        }
        try {
            Awaitility.await().atMost(WAIT).until(() -> fleet.status().dead() == 10);
            FleetStatus s = fleet.status();
            assertEquals(0, s.alive());
            assertEquals(0, s.reconnects());
            assertEquals(10, s.opened(), "no session was opened again");
        } finally {
            fleet.stop();
        }
        FleetReport r = FleetReport.read(dir.resolve("fleet.json"));
        assertEquals(10, r.dead());
        assertTrue(r.sessions().stream().allMatch(x -> "DEAD".equals(x.state()) && x.death() != null), r.toString());
    }

    @Test
    void badOptionsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsEchoFleet.start(fleetArgs(7443, 0)));
        assertTrue(e.getMessage().contains("--sessions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TlsEchoServer.start("--echo-prot", "1"));
        assertTrue(e.getMessage().contains("--echo-prot"), e.getMessage());
    }

    @Test
    void separateProcessesFromTheCommandHelpersReportOnSigterm() throws Exception {
        Path serverLog = dir.resolve("server.log");
        Path fleetLog = dir.resolve("fleet.log");
        int port = 17443 + (int) (ProcessHandle.current().pid() % 1000);
        Process server = start(TrafficProcesses.echoServerCommand(port, port + 1, "--bind", "127.0.0.1"), serverLog);
        Process fleet = null;
        try {
            Awaitility.await().atMost(WAIT).until(() -> TrafficProcesses.serverReady(serverLog) || !server.isAlive());
            assertTrue(server.isAlive(), () -> read(serverLog));
            fleet = start(TrafficProcesses.fleetCommand("127.0.0.1", port, 10, dir.resolve("fleet.json"),
                    dir.resolve("fleet.csv"), dir.resolve("fleet.status"), "--duration-s", "120"), fleetLog);
            Process f = fleet;
            Awaitility.await().atMost(WAIT).until(() -> read(fleetLog).contains(TrafficProcesses.FLEET_ESTABLISHED)
                    || !f.isAlive());
            FleetStatus status = FleetStatus.read(dir.resolve("fleet.status"));
            Awaitility.await().atMost(WAIT).until(() -> FleetStatus.read(dir.resolve("fleet.status")).echoes() > 100);
            fleet.destroy();
            assertTrue(fleet.waitFor(30, TimeUnit.SECONDS), "the fleet stops on SIGTERM");
            FleetReport r = FleetReport.read(dir.resolve("fleet.json"));
            assertEquals(10, r.aliveAtEnd(), () -> read(fleetLog));
            assertEquals(0, r.echoErrors() + r.dead());
            assertTrue(r.echoes() > 100 && status.opened() == 10, r.toString());
        } finally {
            if (fleet != null) {
                fleet.destroyForcibly();
            }
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String[] fleetArgs(int port, int sessions) {
        return new String[] {"--host", "127.0.0.1", "--port", Integer.toString(port), "--sessions",
            Integer.toString(sessions), "--report", dir.resolve("fleet.json").toString(), "--series",
            dir.resolve("fleet.csv").toString(), "--status-file", dir.resolve("fleet.status").toString()};
    }

    private static Process start(List<String> command, Path log) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
