package io.fw443.policy;

/** Answer of {@link SourceLimiter#tryAcquireNewFlow}; every value but OK is a drop with its own reason. */
public enum LimitResult {
    /** Within limits; the source's flow count was raised and must be released when the flow goes. */
    OK,
    /** The source's token bucket is empty: too many new flows per second. */
    RATE_EXCEEDED,
    /** The source already holds its maximum of concurrent flows. */
    CONCURRENT_EXCEEDED,
    /** No slot is free for a source not yet tracked: fail closed rather than let it go unlimited. */
    LIMITER_FULL,
    /** Unknown family, or the address runs past the array. */
    INVALID_ADDRESS
}
