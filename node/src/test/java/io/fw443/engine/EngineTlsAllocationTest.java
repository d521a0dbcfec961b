package io.fw443.engine;

import static io.fw443.engine.EngineFixture.CLIENT;
import static io.fw443.engine.EngineFixture.INSIDE;
import static io.fw443.engine.EngineFixture.OUTSIDE;
import static io.fw443.engine.EngineFixture.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.tls.TestClientHello;
import io.fw443.tls.TlsConditions;
import io.fw443.tls.TlsDecision;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The hello segment of a new flow (reassembly, parse, JA4, conditions, record update) allocates nothing. */
class EngineTlsAllocationTest {
    private static final int PORTS = 64;

    @Test
    void inspectingHellosAllocatesNothing() {
        EngineFixture fx = new EngineFixture(TlsConditions.builder().sniDeny("*.blocked.test").alpnAllow("h2")
                .minVersion(0x0303).build(), null, TlsSettings.small(), FlowEvents.NONE);
        byte[] hello = new TestClientHello().sni("www.example.test").alpn("h2").record();
        byte[][][] flows = new byte[PORTS][][];
        for (int i = 0; i < PORTS; i++) {
            int port = 30000 + i;
            flows[i] = new byte[][] {
                TestFrames.tcp(CLIENT, port, SERVER, 443).flags(TestFrames.SYN).seq(1000).build(),
                TestFrames.tcp(SERVER, 443, CLIENT, port).flags(TestFrames.SYN | TestFrames.ACK).seq(5000).ack(1001)
                        .build(),
                TestFrames.tcp(CLIENT, port, SERVER, 443).flags(TestFrames.ACK).seq(1001).ack(5001).build(),
                TestFrames.tcp(CLIENT, port, SERVER, 443).flags(TestFrames.ACK | TestFrames.PSH).seq(1001).ack(5001)
                        .payload(hello).build(),
                TestFrames.tcp(CLIENT, port, SERVER, 443).flags(TestFrames.RST | TestFrames.ACK)
                        .seq(1001 + hello.length).ack(5001).build()};
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long helloBytes = 0;
        int rounds = 200;
        for (int round = 0; round < 2 * rounds; round++) {
            for (int i = 0; i < PORTS; i++) {
                long now = (round * PORTS + i) * 1_000L;
                byte[][] f = flows[i];
                fx.engine.process(f[0], 0, f[0].length, INSIDE, now);
                fx.engine.process(f[1], 0, f[1].length, OUTSIDE, now);
                fx.engine.process(f[2], 0, f[2].length, INSIDE, now);
                long before = threads.getCurrentThreadAllocatedBytes();
                fx.engine.process(f[3], 0, f[3].length, INSIDE, now);
                long after = threads.getCurrentThreadAllocatedBytes();
                assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.engine.reason());
                if (round >= rounds) {
                    helloBytes += after - before; // the first rounds warm up (JIT, first labels)
                }
                fx.engine.process(f[4], 0, f[4].length, INSIDE, now);
            }
        }
        assertEquals(2L * rounds * PORTS, fx.engine.tlsDecisionCount(TlsDecision.ALLOW));
        assertTrue(helloBytes < 1024, rounds * PORTS + " hello segments allocated " + helloBytes + " bytes");
    }
}
