package io.fw443.conntrack;

import static io.fw443.conntrack.TcpFlags.ACK;
import static io.fw443.conntrack.TcpFlags.PSH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.FlowRecord;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The per-packet paths must not allocate: measured with the JVM's per-thread allocation counter. */
class TrackerAllocationTest {
    private static final int SEGMENTS = 100_000;

    @Test
    void trackingAHundredThousandSegmentsAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());

        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        FlowRecord udp = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear();
        UdpTracker udpTracker = new UdpTracker(ConntrackTimeouts.defaults());
        udpTracker.open(udp, c.nowNs);

        int accepted = run(c, udp, udpTracker, 3 * SEGMENTS);
        assertEquals(3 * SEGMENTS, accepted, "warm-up: every in-window segment passes");

        long beforeBytes = mx.getCurrentThreadAllocatedBytes();
        long startNs = System.nanoTime();
        accepted = run(c, udp, udpTracker, SEGMENTS);
        long elapsedNs = System.nanoTime() - startNs;
        long allocatedBytes = mx.getCurrentThreadAllocatedBytes() - beforeBytes;

        assertEquals(SEGMENTS, accepted);
        System.out.printf("%d rounds of 5 tracker calls: %d bytes allocated, %.0f ns per call%n",
                SEGMENTS, allocatedBytes, (double) elapsedNs / (5L * SEGMENTS));
        assertEquals(0, allocatedBytes);
    }

    /** Each round: client data, server ack, a dropped out-of-window segment, a RELATED check, a UDP datagram. */
    private static int run(Conversation c, FlowRecord udp, UdpTracker udpTracker, int rounds) {
        int accepted = 0;
        for (int i = 0; i < rounds; i++) {
            c.nowNs += 1_000;
            TrackResult data = c.send(c.client, ACK | PSH, 1400);
            TrackResult ack = c.send(c.server, ACK, 0);
            TrackResult dropped = c.raw(FlowDirection.ORIGINAL, ACK, c.client.next + 1_000_000, c.server.next,
                    0xFFFF, 0);
            TrackResult related = RelatedIcmpValidator.tcp(c.record, FlowDirection.ORIGINAL, c.client.next - 1400,
                    c.nowNs);
            TrackResult datagram = udpTracker.track(udp, i & 1, c.nowNs);
            if (data == TrackResult.ACCEPT && ack == TrackResult.ACCEPT && dropped == TrackResult.SEQ_AFTER_WINDOW
                    && related == TrackResult.RELATED && datagram == TrackResult.ACCEPT) {
                accepted++;
            }
        }
        return accepted;
    }
}
