package io.fw443.dataplane;

/** Where frames for one interface go out: its pcap port, or a list in tests. */
@FunctionalInterface
public interface FrameSink {
    /** Sends {@code length} bytes of {@code frame} from offset 0; false when the frame could not be sent. */
    boolean send(byte[] frame, int length);
}
