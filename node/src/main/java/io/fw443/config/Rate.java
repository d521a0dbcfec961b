package io.fw443.config;

import java.time.Duration;

/**
 * An event rate written {@code 500/s}, {@code 300/m} or {@code 1000/h}.
 *
 * @param count events allowed per {@code period}, at least 1
 * @param period one second, minute or hour
 */
public record Rate(long count, Duration period) {

    public Rate {
        if (count < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate needs a positive count and period");
        }
    }

    /** The rate as events per second. */
    public double perSecond() {
        return count * 1e9 / period.toNanos();
    }

    @Override
    public String toString() {
        long seconds = period.getSeconds();
        return count + "/" + (seconds == 3600 ? "h" : seconds == 60 ? "m" : "s");
    }
}
