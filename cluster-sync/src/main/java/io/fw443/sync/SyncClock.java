package io.fw443.sync;

/**
 * The two clocks replication needs, injected so tests run on virtual time: a monotonic one for local deadlines and
 * record times, and a wall clock for hybrid-logical-clock versions and lag measurement.
 */
public interface SyncClock {
    /** Monotonic nanoseconds; only differences mean anything. */
    long nanoTime();

    /** Microseconds since the Unix epoch. */
    long epochMicros();

    /** Milliseconds since the Unix epoch. */
    default long epochMillis() {
        return epochMicros() / 1_000;
    }

    /** The machine's clocks. */
    static SyncClock system() {
        return SystemClock.INSTANCE;
    }

    /** The one place that reads the machine's clocks. */
    enum SystemClock implements SyncClock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMicros() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        }
    }
}
