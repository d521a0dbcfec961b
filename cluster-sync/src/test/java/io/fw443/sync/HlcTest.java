package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HlcTest {
    /** A wall clock the test moves by hand. */
    static final class ManualClock implements SyncClock {
        long nanos;
        long micros;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public long epochMicros() {
            return micros;
        }

        void advanceMs(long ms) {
            nanos += ms * 1_000_000L;
            micros += ms * 1_000L;
        }
    }

    @Test
    void physicalPartFollowsTheWallClockAndCounterOrdersWithinAMillisecond() {
        ManualClock clock = new ManualClock();
        clock.micros = 1_700_000_000_000_000L;
        Hlc hlc = new Hlc(clock);
        long a = hlc.tick();
        long b = hlc.tick();
        assertEquals(1_700_000_000_000L, Hlc.millis(a));
        assertEquals(0, Hlc.counter(a));
        assertEquals(1_700_000_000_000L, Hlc.millis(b));
        assertEquals(1, Hlc.counter(b));
        clock.advanceMs(1);
        long c = hlc.tick();
        assertEquals(1_700_000_000_001L, Hlc.millis(c));
        assertEquals(0, Hlc.counter(c));
    }

    @Test
    void staysMonotonicWhenTheWallClockStepsBack() {
        ManualClock clock = new ManualClock();
        clock.micros = 2_000_000_000L;
        Hlc hlc = new Hlc(clock);
        long before = hlc.tick();
        clock.micros = 1_000_000_000L;
        long after = hlc.tick();
        assertTrue(after > before);
        assertEquals(Hlc.millis(before), Hlc.millis(after));
    }

    @Test
    void adoptsARemoteVersionAheadOfItSoLaterLocalVersionsOrderAfterIt() {
        ManualClock clock = new ManualClock();
        clock.micros = 5_000_000L;
        Hlc hlc = new Hlc(clock);
        long remote = Hlc.of(5_010, 7);
        assertTrue(hlc.update(remote));
        long next = hlc.tick();
        assertTrue(next > remote);
        assertEquals(Hlc.of(5_010, 8), next);
        assertTrue(hlc.update(Hlc.of(1, 0)), "an older remote version is fine and changes nothing");
        assertEquals(next, hlc.current());
    }

    @Test
    void refusesARemoteClockTooFarAhead() {
        ManualClock clock = new ManualClock();
        clock.micros = 5_000_000L;
        Hlc hlc = new Hlc(clock, 1_000);
        assertFalse(hlc.update(Hlc.of(5_000 + 1_001, 0)));
        assertEquals(0, hlc.current());
        assertTrue(hlc.update(Hlc.of(5_000 + 1_000, 0)));
    }
}
