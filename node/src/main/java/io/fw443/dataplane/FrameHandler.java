package io.fw443.dataplane;

/** Receives one frame; {@code frame} is reused for the next one, so copy what must outlive the call. */
@FunctionalInterface
public interface FrameHandler {
    void onFrame(byte[] frame, int offset, int length, long nowNs);
}
