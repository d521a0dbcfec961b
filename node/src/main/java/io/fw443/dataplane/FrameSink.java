package io.fw443.dataplane;

/**
 * Where a frame goes out of one interface: its {@link PcapPort} in the node ({@code port::send}), a list in tests.
 * The frame is only valid during the call; the sink copies what it keeps.
 */
@FunctionalInterface
public interface FrameSink {
    /** Sends {@code frame[0 .. length)}; false when the frame could not be sent. */
    boolean send(byte[] frame, int length);
}
