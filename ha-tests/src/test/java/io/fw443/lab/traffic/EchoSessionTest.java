package io.fw443.lab.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Gap accounting of one session, on a virtual clock (echo times are handed in). */
class EchoSessionTest {
    private static final long MS = 1_000_000;

    @Test
    void gapsRunFromEchoToEchoAndTheLargestAreListed() {
        EchoSession s = new EchoSession(7, null, 20, 0, 100, () -> { });
        long t = 1_000 * MS;
        s.countEcho(t); // the first echo: start-up, not a gap
        s.countEcho(t += 20 * MS);
        s.countEcho(t += 500 * MS); // the cut
        s.countEcho(t += 20 * MS);
        s.countEcho(t += 150 * MS);
        // 40 more gaps of 101..140 ms: only the 32 largest gaps overall stay listed.
        for (int i = 1; i <= 40; i++) {
            s.countEcho(t += (100 + i) * MS);
        }
        FleetReport.Session summary = s.summary(t, 0, 0);
        assertEquals(500, summary.maxGapMs(), 1e-9);
        assertEquals(45, summary.echoes());
        List<FleetReport.Gap> gaps = summary.gaps();
        assertEquals(EchoSession.MAX_LOGGED_GAPS, gaps.size());
        assertEquals(500, gaps.get(0).gapMs(), 1e-9);
        assertEquals(1_520, gaps.get(0).endEpochMs());
        assertEquals(1_020, gaps.get(0).startEpochMs());
        assertEquals(List.of(), gaps.stream().filter(g -> g.gapMs() <= 110).toList(),
                "the smallest were dropped");
        assertEquals(10, summary.gapsNotListed());
    }
}
