package io.fw443.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonically increasing count. {@link LongAdder} keeps increments from many packet threads from fighting over
 * one cache line; it allocates a cell only the first time two threads collide, never per increment afterwards.
 */
public final class Counter {
    private final LongAdder value = new LongAdder();

    Counter() {
    }

    public void increment() {
        value.increment();
    }

    /** Adds {@code delta}, which must not be negative: a counter that goes down breaks Prometheus' rate(). */
    public void add(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("counter delta must be >= 0: " + delta);
        }
        value.add(delta);
    }

    public long get() {
        return value.sum();
    }
}
