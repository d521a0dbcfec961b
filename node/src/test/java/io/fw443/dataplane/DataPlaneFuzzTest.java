package io.fw443.dataplane;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fw443.engine.Router;
import io.fw443.packet.FrameParser;
import io.fw443.packet.PacketDescriptor;
import io.fw443.packet.ParseCounters;
import io.fw443.packet.ParseResult;

/**
 * Arbitrary bytes through the parser, then whatever the data plane would do with them: the host path for frames to
 * the node (ARP, ND, echo), forwarding and rejecting for the rest. Nothing may throw, and every frame the node sends
 * must parse back (as IP, or as ARP). Seeds are captured frames ({@code DataPlaneFuzzTestInputs/handle}); their
 * 192.0.2.0/24 addresses hit the test node's inside interface, 192.0.2.2 is its own address.
 */
class DataPlaneFuzzTest {
    private final TestNode node = new TestNode();
    private final DataplaneCounters counters = new DataplaneCounters();
    private final Forwarder forwarder = new Forwarder(node.routes, node.interfaces, counters, 4, 10, 5, 1000, 50);
    private final LocalAddressResponder responder =
            new LocalAddressResponder(node.inside(), node.interfaces, counters, () -> { });
    private final FrameParser parser = new FrameParser(new ParseCounters());
    private final FrameParser checker = new FrameParser(new ParseCounters());
    private final PacketDescriptor d = new PacketDescriptor();
    private final PacketDescriptor out = new PacketDescriptor();
    private long nowNs;

    DataPlaneFuzzTest() {
        for (int i = 1; i < node.interfaces.length; i++) {
            node.interfaces[i].sink(this::check);
        }
    }

    private boolean check(byte[] frame, int length) {
        ParseResult r = checker.parse(frame, 0, length, out);
        assertTrue(r == ParseResult.OK || r == ParseResult.NOT_IP, "the node sent a frame that does not parse: " + r);
        return true;
    }

    @FuzzTest(maxDuration = "20s")
    void handle(byte[] data) {
        nowNs += 3;
        // Learned neighbours (from the fuzzed ARP/ND) and the pending queue carry state across inputs, as in a port.
        forwarder.drainPending(nowNs);
        ParseResult r = parser.parse(data, 0, data.length, d);
        if (r == ParseResult.NOT_IP) {
            responder.handle(d, nowNs);
            return;
        }
        if (r != ParseResult.OK) {
            return;
        }
        int egress = node.routes.egressInterface(d.family(), data, d.destinationAddressOffset());
        if (egress == Router.LOCAL) {
            responder.handle(d, nowNs);
        } else if (egress > 0) {
            byte[] copy = data.clone();
            forwarder.reject(d, node.inside(), nowNs);
            parser.parse(copy, 0, copy.length, d);
            forwarder.forward(d, egress, node.inside(), nowNs);
        }
    }
}
