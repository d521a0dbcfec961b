package io.fw443.dataplane;

/** Where a worker's frames come from: a {@link PcapPort}, or a scripted list in tests. */
public interface FrameSource {
    /** Hands up to {@code maxFrames} frames to {@code handler}; blocks while idle; -1 on a receive error. */
    int poll(FrameHandler handler, int maxFrames, LongClock clock);

    /** Makes a blocked {@link #poll} return; any thread. */
    void wakeUp();

    /** The pcap port as a source. */
    static FrameSource of(PcapPort port) {
        return new FrameSource() {
            @Override
            public int poll(FrameHandler handler, int maxFrames, LongClock clock) {
                return port.poll(handler, maxFrames, clock);
            }

            @Override
            public void wakeUp() {
                port.wakeUp();
            }
        };
    }
}
