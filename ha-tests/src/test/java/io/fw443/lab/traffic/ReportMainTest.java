package io.fw443.lab.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The takeover marker of a script-driven run comes from the successor's first takeover line after the fault. */
class ReportMainTest {
    private static final long FAULT = Instant.parse("2026-11-27T14:00:10.000Z").toEpochMilli();

    @Test
    void takeoverIsTheFirstStampedTakeoverLineAfterTheFault() {
        String log = String.join("\n",
                "2026-11-27T14:00:01.000Z INFO  [vrrp] VrrpSpeaker - group 51 (inside) INIT -> BACKUP (startup)",
                "2026-11-27T14:00:02.500Z INFO  [vrrp] VrrpSpeaker - group 51 (inside) BACKUP -> MASTER (earlier run)",
                "{\"msg\":\"group 51 BACKUP -> MASTER\"}",
                "2026-11-27T14:00:10.180Z INFO  [vrrp] VrrpSpeaker - group 52 (outside) BACKUP -> MASTER (peer crashed)",
                "2026-11-27T14:00:10.190Z INFO  [vrrp] VrrpSpeaker - group 51 (inside) BACKUP -> MASTER (sync group)");
        assertEquals(Optional.of(FAULT + 180), ReportMain.takeover(log, FAULT));
        assertEquals(List.of(new Marker(FAULT, ReportMain.FAULT), new Marker(FAULT + 180, ReportMain.TAKEOVER)),
                ReportMain.markers(FAULT, log));
    }

    @Test
    void noTakeoverLineLeavesOnlyTheFault() {
        assertEquals(Optional.empty(), ReportMain.takeover("2026-11-27T14:00:01.000Z INFO nothing\n", FAULT));
        assertEquals(List.of(new Marker(FAULT, ReportMain.FAULT)), ReportMain.markers(FAULT, ""));
    }
}
