package io.fw443.lab.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.lab.Lab;
import io.fw443.lab.Shell;
import io.fw443.lab.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traffic tools as separate processes in a lab (one client, fw-a as a plain kernel router, one server; no fw443
 * node). A cable pulled for about half a second between fw-a and the server must show up in every session as a gap of
 * at least that long, with no session lost (TCP retransmits carry them over): the proof that the fleet measures real
 * gaps. curl's HTTP/1.1 large download and HTTP/2 stream go through the same path.
 */
class TrafficLabTest {
    private static final String SERVER = "198.51.100.100";
    /** 50, not 200: enough to show every session crossing the cut, light enough for a busy two-core machine. */
    private static final int SESSIONS = 50;
    private static final long CUT_MS = 500;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    static Lab lab;

    @BeforeAll
    static void labWithEchoServer() {
        lab = Lab.create(Topology.standard(1, 1));
        lab.exec("fw-a", "sysctl", "-qw", "net.ipv4.ip_forward=1").check();
        lab.exec("client", "ip", "route", "replace", "default", "via", "192.0.2.2").check();
        lab.exec("server", "ip", "route", "replace", "default", "via", "198.51.100.2").check();
        Path log = dir.resolve("server.log");
        Process server = lab.spawn("server", log, TrafficProcesses.echoServerCommand(7443, 8443)
                .toArray(String[]::new));
        Awaitility.await().atMost(WAIT).until(() -> TrafficProcesses.serverReady(log) || !server.isAlive());
        assertTrue(server.isAlive(), () -> TlsEchoFleetLoopbackTest.read(log));
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aHalfSecondCutShowsAsAGapOfThatSizeAndEverySessionSurvives() throws Exception {
        Path report = dir.resolve("fleet.json");
        Path series = dir.resolve("fleet.csv");
        Path status = dir.resolve("fleet.status");
        Path log = dir.resolve("fleet.log");
        Process fleet = lab.spawn("client", log, TrafficProcesses.fleetCommand(SERVER, 7443, SESSIONS, report, series,
                status, "--duration-s", "600").toArray(String[]::new));
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> established(status) || !fleet.isAlive());
        assertTrue(fleet.isAlive(), () -> TlsEchoFleetLoopbackTest.read(log));
        // Flowing: every session has echoed within the last second (loose: the machine is shared).
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> FleetStatus.read(status).currentGapMs() < 1000);

        long cutStart = System.currentTimeMillis();
        lab.link("fw-a", "eth2", false);
        long cutDone = System.currentTimeMillis();
        // The fleet's own view: no session has had an echo for 500 ms.
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> FleetStatus.read(status).allSilentMs() >= CUT_MS);
        long upStart = System.currentTimeMillis();
        lab.link("fw-a", "eth2", true);
        long upDone = System.currentTimeMillis();
        // Every session echoes again: each one's last echo came after the cable was back.
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> FleetStatus.read(status)
                .currentGapMs() < Math.min(1000, System.currentTimeMillis() - upDone - FleetStatus.WRITE_INTERVAL_MS));

        fleet.destroy();
        assertTrue(fleet.waitFor(60, TimeUnit.SECONDS), "the fleet stops on SIGTERM");
        FleetReport r = FleetReport.read(report);
        List<SeriesRow> rows = SeriesRow.read(series);
        List<Marker> markers = List.of(new Marker(cutStart, "cable pulled"), new Marker(upDone, "cable back"));
        FailoverReport words = FailoverReport.of(r, rows, markers, "cable pulled", "cable back");
        Files.writeString(Path.of("target", "traffic-lab-timeline.svg"),
                TimelineSvg.render(rows, markers, "fw-a outside link cut for " + (upDone - cutStart) + " ms", true));
        System.out.println("cut " + (upStart - cutDone) + ".." + (upDone - cutStart) + " ms: " + words.line()
                + " p50_ms=" + r.latencyP50Ms() + " p99_ms=" + r.latencyP99Ms());

        assertEquals(SESSIONS, words.survived(), words::line);
        assertEquals(0, r.dead() + r.resets() + r.reconnects() + r.echoErrors() + r.failedToOpen(), words::line);
        // No echo can cross a missing cable: every session has a gap spanning the moment the cable came back, ended
        // within seconds by TCP's next retransmission (RTO backoff 200, 400, 800 ms... after the loss). Most such gaps
        // are at least the cut; on a loaded shared machine a stalled client JVM can read an echo that arrived before
        // the cut late, splitting a session's gap in two, hence "most" and not "all".
        long longGaps = 0;
        for (FleetReport.Session s : r.sessions()) {
            List<FleetReport.Gap> spanning = s.gaps().stream().filter(g -> g.startEpochMs() <= upStart
                    && g.endEpochMs() >= upStart && g.endEpochMs() - upDone < 10_000).toList();
            assertEquals(1, spanning.size(), () -> "cut " + cutDone + ".." + upStart + ": " + s);
            longGaps += spanning.get(0).gapMs() >= CUT_MS ? 1 : 0;
        }
        assertTrue(longGaps >= SESSIONS * 8 / 10, longGaps + " of " + SESSIONS + " sessions had a gap of the cut");
        // The series shows the silence: empty buckets while the cable was out, and echoes again after it.
        long silent = rows.stream().filter(b -> b.epochMs() >= cutDone && b.epochMs() < upStart)
                .filter(b -> b.echoes() == 0).count();
        assertTrue(silent >= CUT_MS / LatencySeries.BUCKET_MS - 2, silent + " silent buckets during the cut");
        assertTrue(rows.stream().anyMatch(b -> b.epochMs() > upDone && b.sessions() > 0), "echoes after the cut");
    }

    @Test
    void curlDownloadsOverHttp1AndStreamsOverHttp2ThroughTheLab() {
        Shell.Result large = lab.exec("client", Duration.ofSeconds(90), "curl", "-sk", "--http1.1", "--max-time", "80",
                "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{http_version}",
                "https://" + SERVER + ":8443/large?bytes=50000000");
        assertEquals("200 50000000 1.1", large.output().trim(), large::toString);

        Shell.Result stream = lab.exec("client", Duration.ofSeconds(60), "curl", "-sk", "--http2", "--max-time", "50",
                "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{http_version} %{time_total}",
                "https://" + SERVER + ":8443/stream?ms=2000&interval-ms=20");
        String[] f = stream.output().trim().split(" ");
        assertEquals(4, f.length, stream::toString);
        assertEquals("200", f[0], stream::toString);
        // 100 lines of 32 bytes, one every 20 ms: a stream, not one burst.
        assertEquals(Integer.toString(100 * HttpTrafficHandler.STREAM_CHUNK_BYTES), f[1], stream::toString);
        assertEquals("2", f[2], stream::toString);
        assertTrue(Double.parseDouble(f[3]) >= 1.9, stream::toString);
    }

    private static boolean established(Path status) throws Exception {
        FleetStatus s = FleetStatus.read(status);
        return s != null && s.allEstablished();
    }
}
