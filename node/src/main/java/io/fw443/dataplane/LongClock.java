package io.fw443.dataplane;

/** Where the data plane reads time: the node's monotonic clock, or a virtual one in tests. */
@FunctionalInterface
public interface LongClock {
    long nowNs();

    LongClock SYSTEM = System::nanoTime;
}
