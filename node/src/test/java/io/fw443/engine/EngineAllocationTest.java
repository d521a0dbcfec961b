package io.fw443.engine;

import static io.fw443.engine.EngineFixture.CLIENT;
import static io.fw443.engine.EngineFixture.INSIDE;
import static io.fw443.engine.EngineFixture.OUTSIDE;
import static io.fw443.engine.EngineFixture.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.policy.SourceLimiter;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The established path allocates nothing: a property of the code, checked by counting bytes, not by timing. */
class EngineAllocationTest {
    @Test
    void establishedPacketsAllocateNothing() {
        EngineFixture fx = new EngineFixture(1000, SourceLimiter.Settings.of(64, 0, 0, 1), FlowEvents.NONE);
        long seqC = 1000;
        long seqS = 5000;
        fx.send(TestFrames.tcp(CLIENT, 40000, SERVER, 443).flags(TestFrames.SYN).seq(seqC).build(), INSIDE, 0);
        fx.send(TestFrames.tcp(SERVER, 443, CLIENT, 40000).flags(TestFrames.SYN | TestFrames.ACK)
                .seq(seqS).ack(seqC + 1).build(), OUTSIDE, 0);
        byte[] toServer = TestFrames.tcp(CLIENT, 40000, SERVER, 443).flags(TestFrames.ACK)
                .seq(seqC + 1).ack(seqS + 1).build();
        byte[] toClient = TestFrames.tcp(SERVER, 443, CLIENT, 40000).flags(TestFrames.ACK)
                .seq(seqS + 1).ack(seqC + 1).build();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Engine engine = fx.engine;
        for (int i = 0; i < 50_000; i++) {
            engine.process(toServer, 0, toServer.length, INSIDE, i);
            engine.process(toClient, 0, toClient.length, OUTSIDE, i);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            engine.process(toServer, 0, toServer.length, INSIDE, i);
            engine.process(toClient, 0, toClient.length, OUTSIDE, i);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, engine.reason());
        assertEquals(300_001, engine.counters().count(VerdictReason.FORWARD_ESTABLISHED));
        assertTrue(allocated < 1024, "200,000 established packets allocated " + allocated + " bytes");
    }
}
