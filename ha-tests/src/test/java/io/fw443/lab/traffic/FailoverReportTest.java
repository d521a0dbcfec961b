package io.fw443.lab.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report words from a fleet report, its series and markers; and the fleet's small file formats. */
class FailoverReportTest {
    private static final long START = 1_790_000_000_000L;

    @TempDir
    Path dir;

    private static FleetReport fleet() {
        List<FleetReport.Session> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sessions.add(new FleetReport.Session(i, "192.0.2.10:4000" + i, i == 3 ? "DEAD" : "OPEN", START, 100,
                    i == 1 ? 412.6 : 25, START + 2500, i == 3 ? 1 : 0, i == 3 ? "Connection reset" : null,
                    i == 1 ? List.of(new FleetReport.Gap(START + 2500, 412.6)) : List.of(), 0));
        }
        // A replacement for session 3 opened by --reconnect: alive, but not a survivor.
        sessions.add(new FleetReport.Session(4, "192.0.2.10:40004", "OPEN", START + 3000, 20, 25, 0, 0, null,
                List.of(), 0));
        return new FleetReport("198.51.100.100:7443", 4, 5, 4, 1, 0, 1, 1, 0, 420, 0, 412.6, 1.3, 9.5, 412, 20, START,
                START + 6000, sessions);
    }

    private static List<SeriesRow> series() {
        List<SeriesRow> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // Disturbed (fewer than 3 sessions echoing) from 2.0 s to 2.4 s.
            int sessions = i >= 40 && i < 48 ? 1 : 3;
            rows.add(new SeriesRow(i * 50L, START + i * 50L, sessions * 2, sessions, 1, 2));
        }
        return rows;
    }

    @Test
    void lineUsesTheIssuesWords() throws Exception {
        Path json = dir.resolve("fleet.json");
        fleet().write(json);
        FleetReport read = FleetReport.read(json);
        assertEquals(fleet(), read, "JSON round trip");

        FailoverReport r = FailoverReport.of(read, series(),
                List.of(new Marker(START + 1990, "kill"), new Marker(START + 2170, "VIP moved")), "kill", "VIP moved");
        assertEquals("survived=3/4 worst_gap_ms=413 takeover_ms=180 recovery_ms=410 resets=1 reconnects=1"
                + " echo_errors=0", r.line());
        assertTrue(r.text().contains("sessions alive after the failover: 3 of 4"), r.text());
        assertTrue(r.text().contains("takeover (fault to takeover marker): 180 ms"), r.text());
    }

    @Test
    void missingMarkersPrintAsNotAvailableAndAnUndisturbedRunRecoversAtOnce() {
        FailoverReport none = FailoverReport.of(fleet(), series(), List.of(), "kill", "VIP moved");
        assertTrue(none.line().contains("takeover_ms=n/a recovery_ms=n/a"), none.line());
        FailoverReport calm = FailoverReport.of(fleet(), series(), List.of(new Marker(START + 3000, "kill")),
                "kill", "VIP moved");
        assertTrue(calm.line().contains("takeover_ms=n/a recovery_ms=0"), calm.line());
    }

    @Test
    void statusLineRoundTripsAndRejectsGarbage() throws Exception {
        FleetStatus s = new FleetStatus(5200, 200, 200, 199, 1, 0, 1, 0, 0, 48211, 612, 24, 3, false);
        Path file = dir.resolve("fleet.status");
        s.write(file);
        assertEquals(s, FleetStatus.read(file));
        assertEquals(null, FleetStatus.read(dir.resolve("absent")));
        assertThrows(IllegalArgumentException.class, () -> FleetStatus.parse("alive=3"));
    }

    @Test
    void histogramQuantilesAreStepEdgesAndKeepTheTrueMaximum() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.quantileMs(0.5));
        for (int i = 1; i <= 100; i++) {
            h.record(i * 1000L); // 1..100 ms
        }
        h.record(60_000_000L); // beyond the last step
        assertEquals(51, h.quantileMs(0.5), 0.1 + 1e-9);
        assertEquals(100.1, h.quantileMs(0.99), 0.1 + 1e-9);
        assertEquals(60_000, h.quantileMs(1.0), 1e-9);
        assertEquals(101, h.total());
    }

    @Test
    void seriesRowsRoundTripThroughTheCsvFormat() {
        SeriesRow row = new SeriesRow(150, START + 150, 7, 3, 1.25, 9.5);
        assertEquals(row, SeriesRow.parse(row.csv()));
        assertThrows(IllegalArgumentException.class, () -> SeriesRow.parse("1,2,3"));
    }
}
