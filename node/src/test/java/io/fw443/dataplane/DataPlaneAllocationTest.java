package io.fw443.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.packet.FrameParser;
import io.fw443.packet.PacketDescriptor;
import io.fw443.packet.ParseCounters;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Forwarding to a known next hop and answering ARP and ping allocate nothing: counted in bytes, not timed. */
class DataPlaneAllocationTest {
    @Test
    void forwardingAndTheHostPathAllocateNothing() {
        TestNode node = new TestNode();
        long[] sent = new long[1];
        for (int i = 1; i < node.interfaces.length; i++) {
            node.interfaces[i].sink((frame, length) -> ++sent[0] > 0);
        }
        DataplaneCounters counters = new DataplaneCounters();
        Forwarder forwarder = new Forwarder(node.routes, node.interfaces, counters, 4, 3_000_000_000L,
                1_000_000_000L, 1000, 50);
        LocalAddressResponder responder =
                new LocalAddressResponder(node.inside(), node.interfaces, counters, () -> { });
        node.outside().neighbours().learn(4, 0, 0xC6336464L, 0x02_0000_0000_64L, 0);
        FrameParser parser = new FrameParser(new ParseCounters());
        PacketDescriptor d = new PacketDescriptor();
        byte[] template = Frames.ip("192.0.2.10", "198.51.100.100", 17, 64, false, 18, TestNode.INSIDE_MAC);
        byte[] frame = new byte[template.length];
        byte[] arp = Frames.arp(1, Frames.mac("02:00:00:00:00:0a"), "192.0.2.10", new byte[6], "192.0.2.2",
                Frames.mac("ff:ff:ff:ff:ff:ff"));
        byte[] ping = Frames.ip("192.0.2.10", "192.0.2.2", 1, 64, false, 56, TestNode.INSIDE_MAC);
        Runnable round = () -> {
            System.arraycopy(template, 0, frame, 0, template.length);
            parser.parse(frame, 0, frame.length, d);
            forwarder.forward(d, 2, node.inside(), 0);
            parser.parse(arp, 0, arp.length, d);
            responder.handle(d, 0);
            parser.parse(ping, 0, ping.length, d);
            responder.handle(d, 0);
        };
        for (int i = 0; i < 50_000; i++) {
            round.run();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            round.run();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(150_000, counters.count(DataplaneReason.FORWARDED));
        assertEquals(150_000, counters.count(DataplaneReason.ARP_REPLIED));
        assertEquals(150_000, counters.count(DataplaneReason.ECHO_REPLIED));
        assertEquals(450_000, sent[0]);
        assertTrue(allocated < 1024, "100,000 rounds allocated " + allocated + " bytes");
    }
}
