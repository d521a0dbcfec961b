package io.fw443.engine;

import static io.fw443.engine.EngineFixture.CLIENT;
import static io.fw443.engine.EngineFixture.INSIDE;
import static io.fw443.engine.EngineFixture.OUTSIDE;
import static io.fw443.engine.EngineFixture.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fw443.table.FlowRecord;
import io.fw443.tls.TlsConditions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Arbitrary first flights through the engine's inspection: the first byte picks how the rest is cut into client
 * segments. Without JAZZER_FUZZ the seeds in EngineTlsFuzzTestInputs (a real hello, plain HTTP, a QUIC-looking
 * datagram) run as regression tests. Invariants: nothing throws; every client segment of the flight is forwarded
 * until the flow is decided; after a deny every packet is DROP_DENIED_FLOW; a decided flow is never inspected again.
 */
class EngineTlsFuzzTest {
    private static final Set<VerdictReason> DECIDING = EnumSet.of(VerdictReason.REJECT_TLS_POLICY,
            VerdictReason.REJECT_TLS_VIOLATION, VerdictReason.REJECT_TLS_INCOMPLETE);

    /** Flows per fixture: each input gets its own client ports, a fresh fixture before they run out. */
    private static final int PORTS = 30_000;

    private EngineFixture fx;
    private int inputs;

    private static EngineFixture fixture() {
        return new EngineFixture(TlsConditions.builder().required(true).sniDeny("*.blocked.test").alpnAllow("h2")
                .alpnAllow("http/1.1").build(), TlsConditions.builder().sniDeny("*.blocked.test").build(),
                TlsSettings.small(), FlowEvents.NONE);
    }

    @FuzzTest(maxDuration = "20s")
    void firstFlight(byte[] data) {
        if (data.length < 2) {
            return;
        }
        if (fx == null || inputs == PORTS) {
            fx = fixture();
            inputs = 0;
        }
        int port = 10_000 + inputs++;
        int segment = 1 + (data[0] & 0xFF) * 8;
        byte[] flight = Arrays.copyOfRange(data, 1, data.length);
        fx.send(TestFrames.tcp(CLIENT, port, SERVER, 443).flags(TestFrames.SYN).seq(1000).build(), INSIDE, 0);
        fx.send(TestFrames.tcp(SERVER, 443, CLIENT, port).flags(TestFrames.SYN | TestFrames.ACK).seq(5000)
                .ack(1001).build(), OUTSIDE, 0);
        fx.send(TestFrames.tcp(CLIENT, port, SERVER, 443).flags(TestFrames.ACK).seq(1001).ack(5001).build(),
                INSIDE, 0);
        boolean denied = false;
        for (int off = 0; off < flight.length && off < 40_000; off += segment) {
            byte[] part = Arrays.copyOfRange(flight, off, Math.min(flight.length, off + segment));
            VerdictReason v = fx.send(TestFrames.tcp(CLIENT, port, SERVER, 443).flags(TestFrames.ACK)
                    .seq(1001 + off).ack(5001).payload(part).build(), INSIDE, 1);
            if (denied) {
                assertEquals(VerdictReason.DROP_DENIED_FLOW, v);
            } else {
                assertTrue(v == VerdictReason.FORWARD_ESTABLISHED || DECIDING.contains(v), v.toString());
                denied = DECIDING.contains(v);
            }
        }
        FlowRecord r = fx.record(CLIENT, port, SERVER, 443, 6);
        assertEquals(denied, r.hasFlag(FlowRecord.FLAG_DENIED));

        byte[] datagram = Arrays.copyOf(flight, Math.max(flight.length, 1200));
        VerdictReason q = fx.send(TestFrames.udp(CLIENT, port, SERVER, 443).payload(datagram).build(), INSIDE, 2);
        assertTrue(q == VerdictReason.FORWARD_NEW || q == VerdictReason.DROP_QUIC_POLICY
                || q == VerdictReason.DROP_QUIC_UNDECRYPTABLE, q.toString());
    }
}
