package io.fw443.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DropLogTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFloodIsCutToTheRateAndTheRestCounted() {
        DropLog log = new DropLog(10);
        var d = TestFrames.parse(TestFrames.tcp("192.0.2.250", 40000, "198.51.100.100", 443).flags(TestFrames.SYN)
                .build());
        for (int i = 0; i < 100; i++) {
            log.drop("drop-blocklisted", VerdictReason.DROP_POLICY, d, 5 * SECOND);
        }
        assertEquals(10, log.written());
        assertEquals(90, log.suppressed());

        log.drop("drop-blocklisted", VerdictReason.DROP_POLICY, d, 5 * SECOND + SECOND / 10);
        assertEquals(11, log.written(), "a tenth of a second later one more line may go out");
        assertEquals(0, log.suppressed(), "and it reported the 90 held back");

        for (int i = 0; i < 100; i++) {
            log.drop("drop-blocklisted", VerdictReason.DROP_POLICY, d, 60 * SECOND);
        }
        assertEquals(21, log.written(), "after a quiet minute the burst is back to 10, not more");
    }

    @Test
    void theEngineLogsOnlyRulesWithTheLogFlag() {
        EngineFixture fx = new EngineFixture();
        fx.send(TestFrames.tcp(EngineFixture.BLOCKED_CLIENT, 40000, EngineFixture.SERVER, 443)
                .flags(TestFrames.SYN).build(), EngineFixture.INSIDE, 0);
        assertEquals(1, fx.engine.dropLog().written(), "drop-blocklisted has log: true");
        fx.send(TestFrames.tcp(EngineFixture.CLIENT, 40000, EngineFixture.SERVER, 80)
                .flags(TestFrames.SYN).build(), EngineFixture.INSIDE, 0);
        assertEquals(1, fx.engine.dropLog().written(), "the default drop has no log flag");
    }
}
