package io.fw443.sync;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * One warning line per key and interval, with the number of events suppressed since the last line, so a flood of
 * bad messages costs a counter increment each, not a log line each.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNs;
    private final SyncClock clock;
    private final AtomicLong[] lastNs;
    private final AtomicLong[] suppressed;

    RateLimitedLog(Logger log, SyncClock clock, long intervalNs, int keys) {
        this.log = log;
        this.clock = clock;
        this.intervalNs = intervalNs;
        this.lastNs = new AtomicLong[keys];
        this.suppressed = new AtomicLong[keys];
        for (int i = 0; i < keys; i++) {
            lastNs[i] = new AtomicLong(Long.MIN_VALUE / 2);
            suppressed[i] = new AtomicLong();
        }
    }

    void warn(int key, String format, Object... args) {
        long now = clock.nanoTime();
        long last = lastNs[key].get();
        if (now - last < intervalNs || !lastNs[key].compareAndSet(last, now)) {
            suppressed[key].incrementAndGet();
            return;
        }
        long skipped = suppressed[key].getAndSet(0);
        if (skipped > 0) {
            log.warn(format + " ({} similar suppressed)", append(args, skipped));
        } else {
            log.warn(format, args);
        }
    }

    private static Object[] append(Object[] args, Object extra) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }
}
