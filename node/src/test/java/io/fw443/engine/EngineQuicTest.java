package io.fw443.engine;

import static io.fw443.engine.EngineFixture.CLIENT;
import static io.fw443.engine.EngineFixture.INSIDE;
import static io.fw443.engine.EngineFixture.OUTSIDE;
import static io.fw443.engine.EngineFixture.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.FlowRecord;
import io.fw443.tls.AlpnCode;
import io.fw443.tls.TestClientHello;
import io.fw443.tls.TlsConditions;
import io.fw443.tls.TlsDecision;
import io.fw443.tls.quic.QuicReason;
import io.fw443.tls.quic.TestQuicInitials;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** QUIC Initial inspection on UDP 443 through the engine: the same conditions as TLS over TCP. */
class EngineQuicTest {
    private static final long SECOND = 1_000_000_000L;
    private static final byte[] DCID = HexFormat.of().parseHex("8394c8f03e515708");
    private static final int CLIENT_PORT = 50000;

    private final EngineFixture fx = new EngineFixture(null,
            TlsConditions.builder().sniDeny("*.blocked.test").minVersion(0x0304).build(), TlsSettings.small());

    private VerdictReason sendDatagram(byte[] udpPayload, long now) {
        return fx.send(TestFrames.udp(CLIENT, CLIENT_PORT, SERVER, 443).payload(udpPayload).build(), INSIDE, now);
    }

    private FlowRecord record() {
        return fx.record(CLIENT, CLIENT_PORT, SERVER, 443, 17);
    }

    @Test
    void anAllowedInitialOpensAnInspectedFlow() {
        byte[] hello = new TestClientHello().sni("www.example.test").alpn("h3").message();
        assertEquals(VerdictReason.FORWARD_NEW, sendDatagram(TestQuicInitials.clientInitial(DCID, hello), 0));
        assertEquals(1, fx.engine.tlsDecisionCount(TlsDecision.ALLOW));
        FlowRecord r = record();
        assertTrue(r.hasFlag(FlowRecord.FLAG_TLS_CHECKED));
        assertFalse(r.hasFlag(FlowRecord.FLAG_DENIED));
        assertEquals("www.example.test", fx.engine.labels().get(r.sniHash()));
        assertEquals(AlpnCode.H3, r.alpn());
        assertTrue(fx.engine.labels().get(r.ja4Hash()).startsWith("q13d"), "QUIC JA4 starts with q");
        assertEquals(VerdictReason.FORWARD_ESTABLISHED,
                fx.send(TestFrames.udp(SERVER, 443, CLIENT, CLIENT_PORT).payload(1200).build(), OUTSIDE, SECOND));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, sendDatagram(new byte[] {0x40, 1, 2, 3}, SECOND),
                "a checked flow's short-header packets are not inspected");
    }

    @Test
    void aDeniedSniInAnInitialIsDroppedAndTheFlowDenied() {
        byte[] hello = new TestClientHello().sni("cdn.blocked.test").alpn("h3").message();
        assertEquals(VerdictReason.DROP_QUIC_POLICY, sendDatagram(TestQuicInitials.clientInitial(DCID, hello), 0));
        assertEquals(1, fx.engine.tlsDecisionCount(TlsDecision.DENY_SNI));
        FlowRecord r = record();
        assertTrue(r.hasFlag(FlowRecord.FLAG_DENIED));
        assertEquals(VerdictReason.DROP_DENIED_FLOW, sendDatagram(TestQuicInitials.clientInitial(DCID, hello), 1));
        assertEquals(VerdictReason.DROP_DENIED_FLOW,
                fx.send(TestFrames.udp(SERVER, 443, CLIENT, CLIENT_PORT).payload(1200).build(), OUTSIDE, SECOND));
    }

    @Test
    void aHelloOverTwoInitialsIsDecidedOnTheSecond() {
        byte[] hello = new TestClientHello().sni("cdn.blocked.test").padding(900).message();
        byte[][] initials = TestQuicInitials.clientInitials(DCID, hello, 700);
        assertEquals(VerdictReason.FORWARD_NEW, sendDatagram(initials[0], 0));
        assertFalse(record().hasFlag(FlowRecord.FLAG_TLS_CHECKED));
        assertEquals(VerdictReason.DROP_QUIC_POLICY, sendDatagram(initials[1], 1));
    }

    @Test
    void versionConditionsApplyToQuicToo() {
        byte[] hello = new TestClientHello().sni("www.example.test").versions().message();
        assertEquals(VerdictReason.DROP_QUIC_POLICY, sendDatagram(TestQuicInitials.clientInitial(DCID, hello), 0));
        assertEquals(1, fx.engine.tlsDecisionCount(TlsDecision.DENY_VERSION));
    }

    @ParameterizedTest(name = "undecryptable allowed: {0}")
    @ValueSource(booleans = {true, false})
    void undecryptableDatagramsFollowTheirPolicyAndAreCounted(boolean allowed) {
        EngineFixture f = new EngineFixture(null, TlsConditions.builder().sniDeny("*.blocked.test")
                .undecryptableAllowed(allowed).build(), TlsSettings.small());
        byte[] initial = TestQuicInitials.clientInitial(DCID, new TestClientHello().sni("a.blocked.test").message());
        initial[initial.length - 1] ^= 1; // the AEAD tag no longer verifies
        VerdictReason v = f.send(TestFrames.udp(CLIENT, CLIENT_PORT, SERVER, 443).payload(initial).build(), INSIDE, 0);
        assertEquals(allowed ? VerdictReason.FORWARD_NEW : VerdictReason.DROP_QUIC_UNDECRYPTABLE, v);
        assertEquals(1, f.engine.quicUndecryptable());
        assertEquals(1, f.engine.quicInspector().count(QuicReason.AEAD_FAILED));
        FlowRecord r = f.record(CLIENT, CLIENT_PORT, SERVER, 443, 17);
        if (allowed) {
            assertFalse(r.hasFlag(FlowRecord.FLAG_TLS_CHECKED), "still inspected: the next Initial may decrypt");
        } else {
            assertNull(r, "no flow for a datagram the policy drops unread");
        }
        // The genuine Initial that follows is decided on its ClientHello either way.
        initial[initial.length - 1] ^= 1;
        assertEquals(VerdictReason.DROP_QUIC_POLICY,
                f.send(TestFrames.udp(CLIENT, CLIENT_PORT, SERVER, 443).payload(initial).build(), INSIDE, 1));
    }
}
