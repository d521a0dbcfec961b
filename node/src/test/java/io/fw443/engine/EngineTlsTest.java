package io.fw443.engine;

import static io.fw443.engine.EngineFixture.CLIENT;
import static io.fw443.engine.EngineFixture.INSIDE;
import static io.fw443.engine.EngineFixture.OUTSIDE;
import static io.fw443.engine.EngineFixture.SERVER;
import static io.fw443.engine.TestFrames.ACK;
import static io.fw443.engine.TestFrames.PSH;
import static io.fw443.engine.TestFrames.RST;
import static io.fw443.engine.TestFrames.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.packet.PacketDescriptor;
import io.fw443.table.FlowRecord;
import io.fw443.tls.AlpnCode;
import io.fw443.tls.ClientHelloInfo;
import io.fw443.tls.ClientHelloParser;
import io.fw443.tls.Ja4;
import io.fw443.tls.LabelDictionary;
import io.fw443.tls.TestClientHello;
import io.fw443.tls.TlsConditions;
import io.fw443.tls.TlsDecision;
import io.fw443.tls.TlsParseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS first-flight inspection on TCP 443 through the whole engine: crafted hellos split over segments. */
class EngineTlsTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int CLIENT_PORT = 40000;
    private static final long CLIENT_ISN = 1000;
    private static final long SERVER_ISN = 5000;

    private EngineFixture fx;

    private static TestFrames c2s(int flags, long seq, long ack) {
        return TestFrames.tcp(CLIENT, CLIENT_PORT, SERVER, 443).flags(flags).seq(seq).ack(ack);
    }

    private static TestFrames s2c(int flags, long seq, long ack) {
        return TestFrames.tcp(SERVER, 443, CLIENT, CLIENT_PORT).flags(flags).seq(seq).ack(ack);
    }

    private void start(TlsConditions https) {
        start(https, TlsSettings.small());
    }

    private void start(TlsConditions https, TlsSettings tls) {
        fx = new EngineFixture(https, null, tls);
        handshake(CLIENT_PORT, 0);
    }

    private void handshake(int clientPort, long now) {
        assertEquals(VerdictReason.FORWARD_NEW, fx.send(TestFrames.tcp(CLIENT, clientPort, SERVER, 443).flags(SYN)
                .seq(CLIENT_ISN).wscale(7).build(), INSIDE, now));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(TestFrames.tcp(SERVER, 443, CLIENT, clientPort)
                .flags(SYN | ACK).seq(SERVER_ISN).ack(CLIENT_ISN + 1).wscale(7).build(), OUTSIDE, now));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(TestFrames.tcp(CLIENT, clientPort, SERVER, 443)
                .flags(ACK).seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).build(), INSIDE, now));
    }

    /** Sends {@code flight} from ISN+1 in segments cut at {@code cuts}; returns the verdict of each segment. */
    private VerdictReason[] sendFlight(byte[] flight, long now, int... cuts) {
        int[] bounds = new int[cuts.length + 2];
        System.arraycopy(cuts, 0, bounds, 1, cuts.length);
        bounds[bounds.length - 1] = flight.length;
        VerdictReason[] out = new VerdictReason[bounds.length - 1];
        for (int i = 0; i + 1 < bounds.length; i++) {
            out[i] = fx.send(c2s(ACK | PSH, CLIENT_ISN + 1 + bounds[i], SERVER_ISN + 1)
                    .payload(Arrays.copyOfRange(flight, bounds[i], bounds[i + 1])).build(), INSIDE, now);
        }
        return out;
    }

    private FlowRecord record() {
        return fx.record(CLIENT, CLIENT_PORT, SERVER, 443, 6);
    }

    private static long hash(String label) {
        byte[] b = label.getBytes(StandardCharsets.US_ASCII);
        return LabelDictionary.hash(b, 0, b.length);
    }

    @Test
    void anAllowedHelloSplitOverSegmentsIsForwardedAndItsFactsRecorded() {
        start(TlsConditions.builder().sniAllow("*.example.test").alpnAllow("h2").minVersion(0x0303).build());
        byte[] flight = new TestClientHello().sni("www.example.test").alpn("h2", "http/1.1").record();

        VerdictReason[] verdicts = sendFlight(flight, SECOND, 60, 150);
        assertTrue(Arrays.stream(verdicts).allMatch(v -> v == VerdictReason.FORWARD_ESTABLISHED),
                Arrays.toString(verdicts));
        assertEquals(1, fx.engine.tlsDecisionCount(TlsDecision.ALLOW));
        assertNotNull(fx.engine.completedHello(), "the last segment completed the hello");

        FlowRecord r = record();
        assertTrue(r.hasFlag(FlowRecord.FLAG_TLS_CHECKED));
        assertFalse(r.hasFlag(FlowRecord.FLAG_DENIED));
        assertEquals(hash("www.example.test"), r.sniHash());
        assertEquals("www.example.test", fx.engine.labels().get(r.sniHash()));
        assertEquals(0x0304, r.tlsVersion());
        assertEquals(AlpnCode.H2, r.alpn());
        String ja4 = fx.engine.labels().get(r.ja4Hash());
        assertNotNull(ja4);
        assertEquals(r.ja4Hash(), hash(ja4));
        // TCP, TLS 1.3, SNI, 5 ciphers, 7 extensions, ALPN h2 ... (the JA4 prefix, counted from the hello's inputs).
        assertTrue(ja4.startsWith("t13d0507h2_"), ja4);
        assertTrue(fx.events.log.get(fx.events.log.size() - 1).startsWith("updated"),
                "peers learn the verdict: " + fx.events.log);

        // Inspection is over: server data and more client data pass without a second decision.
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(s2c(ACK | PSH, SERVER_ISN + 1,
                CLIENT_ISN + 1 + flight.length).payload(1200).build(), OUTSIDE, SECOND));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(c2s(ACK | PSH, CLIENT_ISN + 1 + flight.length,
                SERVER_ISN + 1201).payload(new byte[] {1, 2, 3}).build(), INSIDE, SECOND));
        assertEquals(1, fx.engine.tlsDecisionCount(TlsDecision.ALLOW));
        assertNull(fx.engine.completedHello());
    }

    @Test
    void segmentsOutOfOrderStillYieldTheHello() {
        start(TlsConditions.builder().sniDeny("blocked.test").build());
        byte[] flight = new TestClientHello().sni("blocked.test").record();
        int cut = 100;
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(c2s(ACK | PSH, CLIENT_ISN + 1 + cut, SERVER_ISN + 1)
                .payload(Arrays.copyOfRange(flight, cut, flight.length)).build(), INSIDE, SECOND));
        assertEquals(VerdictReason.REJECT_TLS_POLICY, fx.send(c2s(ACK | PSH, CLIENT_ISN + 1, SERVER_ISN + 1)
                .payload(Arrays.copyOf(flight, cut)).build(), INSIDE, SECOND));
    }

    static Stream<Arguments> conditions() {
        UnaryOperator<TestClientHello> www = h -> h.sni("www.example.test").alpn("h2");
        return Stream.of(
                Arguments.of("deny wildcard, deep name", TlsConditions.builder().sniDeny("*.blocked.test"),
                        (UnaryOperator<TestClientHello>) h -> h.sni("a.b.blocked.test"), TlsDecision.DENY_SNI),
                Arguments.of("deny wildcard, the apex passes", TlsConditions.builder().sniDeny("*.blocked.test"),
                        (UnaryOperator<TestClientHello>) h -> h.sni("blocked.test"), TlsDecision.ALLOW),
                Arguments.of("deny exact, other case in config", TlsConditions.builder().sniDeny("Blocked.TEST"),
                        (UnaryOperator<TestClientHello>) h -> h.sni("blocked.test"), TlsDecision.DENY_SNI),
                Arguments.of("deny exact, a sibling passes", TlsConditions.builder().sniDeny("blocked.test"),
                        (UnaryOperator<TestClientHello>) h -> h.sni("notblocked.test"), TlsDecision.ALLOW),
                Arguments.of("deny a U-label, hello has the A-label", TlsConditions.builder().sniDeny("bücher.example"),
                        (UnaryOperator<TestClientHello>) h -> h.sni("xn--bcher-kva.example"), TlsDecision.DENY_SNI),
                Arguments.of("deny wins over allow", TlsConditions.builder().sniAllow("*.example.test")
                        .sniDeny("www.example.test"), www, TlsDecision.DENY_SNI),
                Arguments.of("allow list, name not in it", TlsConditions.builder().sniAllow("www.example.test"),
                        (UnaryOperator<TestClientHello>) h -> h.sni("evil.test"), TlsDecision.DENY_SNI),
                Arguments.of("allow list, no SNI", TlsConditions.builder().sniAllow("www.example.test"),
                        UnaryOperator.<TestClientHello>identity(), TlsDecision.DENY_SNI),
                Arguments.of("allow wildcard, apex is not covered", TlsConditions.builder().sniAllow("*.example.test"),
                        (UnaryOperator<TestClientHello>) h -> h.sni("example.test"), TlsDecision.DENY_SNI),
                Arguments.of("allow wildcard", TlsConditions.builder().sniAllow("*.example.test"), www,
                        TlsDecision.ALLOW),
                Arguments.of("min 1.3, a TLS 1.2 client", TlsConditions.builder().minVersion(0x0304),
                        (UnaryOperator<TestClientHello>) h -> h.sni("www.example.test").versions(), TlsDecision.DENY_VERSION),
                Arguments.of("min 1.2, a TLS 1.3 client", TlsConditions.builder().minVersion(0x0303), www,
                        TlsDecision.ALLOW),
                Arguments.of("ALPN allow h2, client offers http/1.1", TlsConditions.builder().alpnAllow("h2"),
                        (UnaryOperator<TestClientHello>) h -> h.sni("a.test").alpn("http/1.1"), TlsDecision.DENY_ALPN),
                Arguments.of("ALPN allow h2, client offers none", TlsConditions.builder().alpnAllow("h2"),
                        (UnaryOperator<TestClientHello>) h -> h.sni("a.test"), TlsDecision.DENY_ALPN),
                Arguments.of("ALPN allow h2, client offers http/1.1 and h2", TlsConditions.builder().alpnAllow("h2"),
                        (UnaryOperator<TestClientHello>) h -> h.alpn("http/1.1", "h2"), TlsDecision.ALLOW),
                Arguments.of("ECH denied", TlsConditions.builder().echDeny(true),
                        (UnaryOperator<TestClientHello>) h -> h.sni("public.example.test").ech(), TlsDecision.DENY_ECH),
                Arguments.of("ECH allowed", TlsConditions.builder(),
                        (UnaryOperator<TestClientHello>) h -> h.sni("public.example.test").ech(), TlsDecision.ALLOW),
                Arguments.of("JA4 denied", TlsConditions.builder().ja4Deny(ja4Of(www.apply(new TestClientHello()))),
                        www, TlsDecision.DENY_JA4),
                Arguments.of("JA4 list, another client", TlsConditions.builder()
                        .ja4Deny(ja4Of(www.apply(new TestClientHello()).versions())), www, TlsDecision.ALLOW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void conditionsDecideTheFlow(String name, TlsConditions.Builder conditions, UnaryOperator<TestClientHello> hello,
                                 TlsDecision expected) {
        start(conditions.build());
        byte[] flight = hello.apply(new TestClientHello()).record();
        VerdictReason[] verdicts = sendFlight(flight, SECOND, 50);
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, verdicts[0], "NEED_MORE never holds a segment back");
        assertEquals(1, fx.engine.tlsDecisionCount(expected));
        FlowRecord r = record();
        assertTrue(r.hasFlag(FlowRecord.FLAG_TLS_CHECKED));
        long next = CLIENT_ISN + 1 + flight.length;
        if (expected.allows()) {
            assertEquals(VerdictReason.FORWARD_ESTABLISHED, verdicts[1]);
            assertFalse(r.hasFlag(FlowRecord.FLAG_DENIED));
            assertFalse(fx.engine.resetsBothEnds());
            assertEquals(VerdictReason.FORWARD_ESTABLISHED,
                    fx.send(c2s(ACK, next, SERVER_ISN + 1).build(), INSIDE, SECOND));
        } else {
            assertEquals(VerdictReason.REJECT_TLS_POLICY, verdicts[1]);
            assertTrue(fx.engine.resetsBothEnds());
            assertTrue(r.hasFlag(FlowRecord.FLAG_DENIED));
            assertEquals(VerdictReason.DROP_DENIED_FLOW,
                    fx.send(c2s(ACK, next, SERVER_ISN + 1).build(), INSIDE, SECOND));
            assertEquals(VerdictReason.DROP_DENIED_FLOW,
                    fx.send(s2c(ACK | PSH, SERVER_ISN + 1, CLIENT_ISN + 51).payload(100).build(), OUTSIDE, SECOND));
        }
    }

    private static String ja4Of(TestClientHello hello) {
        ClientHelloInfo info = new ClientHelloInfo();
        byte[] record = hello.record();
        if (new ClientHelloParser().parse(record, 0, record.length, info) != TlsParseStatus.COMPLETE) {
            throw new IllegalStateException("test hello does not parse");
        }
        return new Ja4().fingerprint(info);
    }

    @Test
    void aDeniedHelloResetsBothEndsWithRstsInTheirWindows() {
        start(TlsConditions.builder().sniDeny("blocked.test").build());
        byte[] flight = new TestClientHello().sni("blocked.test").record();
        int cut = 80;
        assertEquals(VerdictReason.REJECT_TLS_POLICY, sendFlight(flight, SECOND, cut)[1]);
        PacketDescriptor dropped = fx.engine.descriptor();
        long droppedSeq = CLIENT_ISN + 1 + cut;
        assertEquals(droppedSeq, dropped.tcpSequence());

        TcpResets resets = new TcpResets();
        byte[] out = new byte[128];
        int n = resets.toClient(dropped, out, 0);
        assertTrue(n > 0, "client RST built: " + n);
        PacketDescriptor toClient = TestFrames.parse(Arrays.copyOf(out, n));
        assertEquals(SERVER, address(toClient, true));
        assertEquals(CLIENT, address(toClient, false));
        assertEquals(443, toClient.sourcePort());
        assertEquals(CLIENT_PORT, toClient.destinationPort());
        assertEquals(RST | ACK, toClient.tcpFlags());
        // The server sent nothing after its SYN+ACK: the client's RCV.NXT is SERVER_ISN + 1, exactly.
        assertEquals(SERVER_ISN + 1, toClient.tcpSequence());
        assertEquals(droppedSeq + flight.length - cut, toClient.tcpAcknowledgment());
        assertEquals(0x02, out[5], "back to the client's MAC (02:00:00:00:00:02)");

        Arrays.fill(out, (byte) 0);
        n = resets.toServer(dropped, out, 0);
        assertTrue(n > 0, "server RST built: " + n);
        PacketDescriptor toServer = TestFrames.parse(Arrays.copyOf(out, n));
        assertEquals(CLIENT, address(toServer, true));
        assertEquals(SERVER, address(toServer, false));
        assertEquals(CLIENT_PORT, toServer.sourcePort());
        assertEquals(443, toServer.destinationPort());
        assertEquals(RST | ACK, toServer.tcpFlags());
        // The server received the first segment only: its RCV.NXT is the dropped segment's sequence number.
        assertEquals(droppedSeq, toServer.tcpSequence());
        assertEquals(SERVER_ISN + 1, toServer.tcpAcknowledgment());
    }

    private static String address(PacketDescriptor d, boolean source) {
        byte[] b = d.buffer();
        int off = source ? d.sourceAddressOffset() : d.destinationAddressOffset();
        return (b[off] & 0xFF) + "." + (b[off + 1] & 0xFF) + "." + (b[off + 2] & 0xFF) + "." + (b[off + 3] & 0xFF);
    }

    @ParameterizedTest(name = "TLS required: {0}")
    @ValueSource(booleans = {true, false})
    void plainHttpOnTheTlsPort(boolean required) {
        start(TlsConditions.builder().required(required).build());
        byte[] http = "GET / HTTP/1.1\r\nHost: www.example.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        VerdictReason v = sendFlight(http, SECOND)[0];
        long next = CLIENT_ISN + 1 + http.length;
        if (required) {
            assertEquals(VerdictReason.REJECT_TLS_VIOLATION, v);
            assertTrue(fx.engine.resetsBothEnds());
            assertEquals(1, fx.engine.tlsDecisionCount(TlsDecision.DENY_NOT_TLS));
            assertEquals(VerdictReason.DROP_DENIED_FLOW, fx.send(c2s(ACK, next, SERVER_ISN + 1).build(), INSIDE, SECOND));
        } else {
            assertEquals(VerdictReason.FORWARD_ESTABLISHED, v);
            assertEquals(1, fx.engine.tlsDecisionCount(TlsDecision.UNCHECKED));
            assertTrue(record().hasFlag(FlowRecord.FLAG_TLS_CHECKED), "not inspected again");
            assertEquals(0, record().sniHash());
        }
    }

    @Test
    void malformedTlsIsAViolationEvenWhenTlsIsNotRequired() {
        start(TlsConditions.builder().build());
        byte[] flight = new TestClientHello().sni("a.test").record();
        // legacy_session_id length (record 5 + handshake 4 + version 2 + random 32 bytes in): 255 > 32 (RFC 8446 §4.1.2).
        flight[43] = (byte) 0xFF;
        assertEquals(VerdictReason.REJECT_TLS_VIOLATION, sendFlight(flight, SECOND)[0]);
        assertEquals(1, fx.engine.tlsDecisionCount(TlsDecision.DENY_MALFORMED));
    }

    @ParameterizedTest(name = "incomplete allowed: {0}")
    @ValueSource(booleans = {true, false})
    void aHelloThatStallsPastTheTimeoutFollowsTheIncompletePolicy(boolean allowed) {
        start(TlsConditions.builder().sniDeny("blocked.test").incompleteAllowed(allowed).build());
        byte[] flight = new TestClientHello().sni("blocked.test").record();
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, sendFlight(Arrays.copyOf(flight, 40), SECOND)[0]);
        long late = SECOND + TlsSettings.small().helloTimeoutNs() + 1;
        VerdictReason v = fx.send(c2s(ACK | PSH, CLIENT_ISN + 41, SERVER_ISN + 1)
                .payload(Arrays.copyOfRange(flight, 40, flight.length)).build(), INSIDE, late);
        assertEquals(allowed ? VerdictReason.FORWARD_ESTABLISHED : VerdictReason.REJECT_TLS_INCOMPLETE, v);
        assertEquals(1, fx.engine.tlsDecisionCount(allowed ? TlsDecision.UNCHECKED : TlsDecision.DENY_INCOMPLETE));
    }

    @Test
    void aHelloLargerThanTheBoundFollowsTheIncompletePolicy() {
        start(TlsConditions.builder().incompleteAllowed(false).build());
        byte[] flight = new TestClientHello().sni("a.test").padding(17_000).record();
        int[] cuts = new int[flight.length / 1400];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * 1400;
        }
        VerdictReason[] verdicts = sendFlight(flight, SECOND, cuts);
        // The handshake header in the first segment already says the hello cannot fit: decided there.
        assertEquals(VerdictReason.REJECT_TLS_INCOMPLETE, verdicts[0]);
        assertTrue(Arrays.stream(verdicts).skip(1).allMatch(v -> v == VerdictReason.DROP_DENIED_FLOW),
                Arrays.toString(verdicts));
        assertEquals(1, fx.engine.tlsDecisionCount(TlsDecision.DENY_INCOMPLETE));
    }

    @Test
    void whenNoReassemblerIsFreeTheIncompletePolicyDecides() {
        start(TlsConditions.builder().incompleteAllowed(false).build(),
                new TlsSettings(64, 1, 1, 10 * SECOND, 64));
        byte[] flight = new TestClientHello().sni("a.test").record();
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, sendFlight(Arrays.copyOf(flight, 30), SECOND)[0]);
        handshake(CLIENT_PORT + 1, SECOND);
        VerdictReason second = fx.send(TestFrames.tcp(CLIENT, CLIENT_PORT + 1, SERVER, 443).flags(ACK | PSH)
                .seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).payload(flight).build(), INSIDE, SECOND);
        assertEquals(VerdictReason.REJECT_TLS_INCOMPLETE, second, "fail closed: the pool of one is taken");
        assertEquals(1, fx.engine.inspectionFull());
        // The first flow still completes and is decided on its own hello.
        VerdictReason first = fx.send(c2s(ACK | PSH, CLIENT_ISN + 31, SERVER_ISN + 1)
                .payload(Arrays.copyOfRange(flight, 30, flight.length)).build(), INSIDE, SECOND);
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, first);
        assertEquals(1, fx.engine.tlsDecisionCount(TlsDecision.ALLOW));
    }

    @Test
    void aNewSniOrJa4IsToldToThePeersOnceNotPerFlow() {
        start(TlsConditions.builder().sniAllow("*.example.test").build());
        byte[] flight = new TestClientHello().sni("www.example.test").alpn("h2").record();
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, sendFlight(flight, SECOND)[0]);
        FlowRecord r = record();
        String ja4 = fx.engine.labels().get(r.ja4Hash());
        assertEquals(List.of(r.ja4Hash() + " " + ja4, hash("www.example.test") + " www.example.test"),
                fx.events.labels);
        // A second flow with the same hello: same names, nothing new to tell.
        handshake(CLIENT_PORT + 1, SECOND);
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(TestFrames.tcp(CLIENT, CLIENT_PORT + 1, SERVER, 443)
                .flags(ACK | PSH).seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).payload(flight).build(), INSIDE, SECOND));
        assertEquals(2, fx.engine.tlsDecisionCount(TlsDecision.ALLOW));
        assertEquals(2, fx.events.labels.size(), fx.events.labels.toString());
    }

    @Test
    void aFlowOfARuleWithoutConditionsIsNotInspected() {
        start(null);
        byte[] flight = new TestClientHello().sni("blocked.test").record();
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, sendFlight(flight, SECOND)[0]);
        assertFalse(record().hasFlag(FlowRecord.FLAG_TLS_CHECKED));
        assertNull(fx.engine.completedHello());
    }

    /** The hello segment of a new flow (reassembly, parse, JA4, conditions, record update) allocates nothing. */
    @Test
    void inspectingHellosAllocatesNothing() {
        final int ports = 64;
        EngineFixture fx = new EngineFixture(TlsConditions.builder().sniDeny("*.blocked.test").alpnAllow("h2")
                .minVersion(0x0303).build(), null, TlsSettings.small(), FlowEvents.NONE);
        byte[] hello = new TestClientHello().sni("www.example.test").alpn("h2").record();
        byte[][][] flows = new byte[ports][][];
        for (int i = 0; i < ports; i++) {
            int port = 30000 + i;
            flows[i] = new byte[][] {
                TestFrames.tcp(CLIENT, port, SERVER, 443).flags(SYN).seq(1000).build(),
                TestFrames.tcp(SERVER, 443, CLIENT, port).flags(SYN | ACK).seq(5000).ack(1001)
                        .build(),
                TestFrames.tcp(CLIENT, port, SERVER, 443).flags(ACK).seq(1001).ack(5001).build(),
                TestFrames.tcp(CLIENT, port, SERVER, 443).flags(ACK | PSH).seq(1001).ack(5001)
                        .payload(hello).build(),
                TestFrames.tcp(CLIENT, port, SERVER, 443).flags(RST | ACK)
                        .seq(1001 + hello.length).ack(5001).build()};
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long helloBytes = 0;
        int rounds = 200;
        for (int round = 0; round < 2 * rounds; round++) {
            for (int i = 0; i < ports; i++) {
                long now = (round * ports + i) * 1_000L;
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
        assertEquals(2L * rounds * ports, fx.engine.tlsDecisionCount(TlsDecision.ALLOW));
        assertTrue(helloBytes < 1024, rounds * ports + " hello segments allocated " + helloBytes + " bytes");
    }
}
