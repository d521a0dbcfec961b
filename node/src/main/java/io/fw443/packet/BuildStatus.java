package io.fw443.packet;

/**
 * Non-positive results of the reply builders; a positive result is the number of bytes written.
 */
public final class BuildStatus {
    /** The packet must not be answered (an RST, an ICMP error, a multicast or non-unicast source, ...). */
    public static final int NO_REPLY = 0;
    /** The output buffer cannot hold the reply from the given offset. */
    public static final int BUFFER_TOO_SMALL = -1;

    private BuildStatus() {
    }
}
