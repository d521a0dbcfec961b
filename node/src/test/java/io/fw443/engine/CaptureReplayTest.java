package io.fw443.engine;

import static io.fw443.engine.EngineFixture.CLIENT;
import static io.fw443.engine.EngineFixture.INSIDE;
import static io.fw443.engine.EngineFixture.OUTSIDE;
import static io.fw443.engine.EngineFixture.SERVER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fw443.conntrack.TcpState;
import io.fw443.policy.SourceLimiter;
import io.fw443.table.FlowRecord;
import io.fw443.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Real TLS sessions through the engine, offline: two namespaces joined by a veth, the client {@value
 * EngineFixture#CLIENT} and openssl s_server on {@value EngineFixture#SERVER}:443 (a certificate made at test time),
 * each on its own /24 with the other's /24 on the link; tcpdump on the server's side records curl and openssl s_client
 * (TLS 1.2 and 1.3) sessions; pcap4j reads the file back and every frame goes through the engine of {@link
 * EngineFixture}, whose policy admits HTTPS from the clients' zone to that server. The ingress interface follows the
 * source address, as the two sides of a firewall would see them. Needs root and ip, openssl, tcpdump, curl.
 */
@Tag("netns")
class CaptureReplayTest {
    private static final int HTTPS = 443;
    private static final byte[] CLIENT_ADDRESS = TestFrames.address(CLIENT);
    /** One session per client: what the capture must hold. */
    private static final List<List<String>> CLIENTS = List.of(
            List.of("curl", "-sSk", "--max-time", "30", "-o", "/dev/null", "https://" + SERVER + "/"),
            List.of("openssl", "s_client", "-connect", SERVER + ":" + HTTPS, "-tls1_2"),
            List.of("openssl", "s_client", "-connect", SERVER + ":" + HTTPS, "-tls1_3"));

    private static Path dir;
    private static List<ReplayCapture.Frame> frames;

    @BeforeAll
    static void captureRealSessions() throws Exception {
        assumeTrue(VethPair.available(), "needs root for network namespaces");
        for (String tool : List.of("openssl", "tcpdump", "curl")) {
            assumeTrue(ToolProcesses.onPath(tool), tool + " not installed");
        }
        dir = Files.createTempDirectory("fw443-replay-");
        Path capture = dir.resolve("sessions.pcap");
        VethPair.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=replay.example.test");
        Process server = null;
        Process tcpdump = null;
        try (VethPair link = VethPair.create("rpl", CLIENT + "/24", SERVER + "/24")) {
            VethPair.run("ip", "-n", link.a(), "route", "add", "198.51.100.0/24", "dev", "eth0");
            VethPair.run("ip", "-n", link.b(), "route", "add", "192.0.2.0/24", "dev", "eth0");
            try {
                server = ToolProcesses.start(dir, "s_server", List.of("ip", "netns", "exec", link.b(), "openssl",
                        "s_server", "-accept", Integer.toString(HTTPS), "-www",
                        "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString()));
                ToolProcesses.awaitOutput(dir, "s_server", "ACCEPT");
                tcpdump = ToolProcesses.start(dir, "tcpdump", List.of("ip", "netns", "exec", link.b(), "tcpdump",
                        "-i", "eth0", "-U", "-n", "-w", capture.toString(), "tcp port " + HTTPS));
                ToolProcesses.awaitOutput(dir, "tcpdump", "listening on");
                for (int i = 0; i < CLIENTS.size(); i++) {
                    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", link.a()));
                    command.addAll(CLIENTS.get(i));
                    String name = "client" + i;
                    assertEquals(0, ToolProcesses.runToEnd(dir, name, command),
                            command + "\n" + ToolProcesses.output(dir, name));
                }
                // tcpdump writes each packet as it comes (-U): wait until every session's close is on file.
                await().atMost(ToolProcesses.TOOL_TIMEOUT).pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions().until(() -> closedSessions(capture) == CLIENTS.size());
                ToolProcesses.stop(tcpdump, "INT");
            } finally {
                if (tcpdump != null) {
                    ToolProcesses.stop(tcpdump, "INT");
                }
                if (server != null) {
                    ToolProcesses.stop(server, "TERM");
                }
            }
        }
        frames = ReplayCapture.read(capture);
    }

    @AfterAll
    static void removeFiles() throws Exception {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Test
    void everyPacketOfRealSessionsIsForwardedAndTheFlowsEndClosed() {
        Map<Integer, List<ReplayCapture.Frame>> sessions = ReplayCapture.byClientPort(frames, HTTPS);
        assertEquals(CLIENTS.size(), sessions.size(), "sessions in the capture");
        assertEquals(frames.size(), sessions.values().stream().mapToInt(List::size).sum(), "all frames are TCP");
        EngineFixture fx = fixture();
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            ReplayCapture.Frame f = frames.get(i);
            VerdictReason got = send(fx, f);
            boolean syn = (f.flags() & 0x12) == 0x02;
            VerdictReason expected = syn ? VerdictReason.FORWARD_NEW : VerdictReason.FORWARD_ESTABLISHED;
            String what = "frame " + (i + 1) + " " + describe(f);
            checks.add(() -> assertEquals(expected, got, what));
        }
        for (var session : sessions.entrySet()) {
            int port = session.getKey();
            List<ReplayCapture.Frame> its = session.getValue();
            long fromClient = its.stream().filter(f -> f.sourceIs(CLIENT_ADDRESS)).count();
            FlowRecord r = fx.record(CLIENT, port, SERVER, HTTPS, 6);
            checks.add(() -> assertTrue(r != null, "no flow for client port " + port));
            if (r != null) {
                TcpState state = TcpState.fromCode(r.state());
                checks.add(() -> assertTrue(Set.of(TcpState.TIME_WAIT, TcpState.CLOSE).contains(state),
                        "client port " + port + " ends in " + state));
                // The original direction is the client's: it sent the SYN.
                checks.add(() -> assertEquals(fromClient, r.packets(0), "client packets of port " + port));
                checks.add(() -> assertEquals(its.size() - fromClient, r.packets(1), "server packets of " + port));
            }
        }
        checks.add(() -> assertEquals(CLIENTS.size(), fx.engine.counters().count(VerdictReason.FORWARD_NEW)));
        checks.add(() -> assertEquals(frames.size(), fx.engine.counters().packets(), "packets counted"));
        assertAll(checks);
    }

    @Test
    void aSegmentMovedOutOfTheWindowIsDroppedAndTheSessionGoesOn() {
        // The client's first data segment (its ClientHello) of each session, shifted by a quarter of the sequence
        // space: far outside any window the handshake opened.
        EngineFixture fx = fixture();
        List<Executable> checks = new ArrayList<>();
        int corrupted = 0;
        for (int i = 0; i < frames.size(); i++) {
            ReplayCapture.Frame f = frames.get(i);
            if (f.sourceIs(CLIENT_ADDRESS) && f.payloadLength() > 0 && isFirstClientData(i)) {
                VerdictReason bad = send(fx, f.withSequenceMovedBy(1L << 30));
                String what = "corrupted copy of frame " + (i + 1) + " " + describe(f);
                checks.add(() -> assertEquals(VerdictReason.DROP_TRACKING, bad, what));
                corrupted++;
            }
            VerdictReason got = send(fx, f);
            String what = "frame " + (i + 1) + " after the corrupted copy";
            checks.add(() -> assertEquals(Verdict.FORWARD, got.verdict(), what));
        }
        int copies = corrupted;
        checks.add(() -> assertEquals(CLIENTS.size(), copies, "sessions with a corrupted copy"));
        checks.add(() -> assertEquals(CLIENTS.size(), fx.engine.counters().count(VerdictReason.DROP_TRACKING)));
        assertAll(checks);
    }

    private static boolean isFirstClientData(int index) {
        ReplayCapture.Frame f = frames.get(index);
        for (int i = 0; i < index; i++) {
            ReplayCapture.Frame e = frames.get(i);
            if (e.sourceIs(CLIENT_ADDRESS) && e.sourcePort() == f.sourcePort() && e.payloadLength() > 0) {
                return false;
            }
        }
        return true;
    }

    private static EngineFixture fixture() {
        return new EngineFixture(1000, SourceLimiter.Settings.of(64, 0, 0, 1), FlowEvents.NONE);
    }

    /** The side a frame comes from decides its ingress interface; time is the capture's, from its first frame. */
    private static VerdictReason send(EngineFixture fx, ReplayCapture.Frame f) {
        int ingress = f.sourceIs(CLIENT_ADDRESS) ? INSIDE : OUTSIDE;
        return fx.send(f.bytes(), ingress, f.timestampNs() - frames.get(0).timestampNs());
    }

    private static String describe(ReplayCapture.Frame f) {
        return String.format("%d->%d flags 0x%02x seq %d len %d", f.sourcePort(), f.destinationPort(), f.flags(),
                f.sequence(), f.payloadLength());
    }

    private static int closedSessions(Path capture) throws Exception {
        if (!Files.exists(capture) || Files.size(capture) <= 24) {
            return 0;
        }
        Map<Integer, List<ReplayCapture.Frame>> sessions = ReplayCapture.byClientPort(ReplayCapture.read(capture), HTTPS);
        return (int) sessions.values().stream().filter(s -> ReplayCapture.closed(s, HTTPS)).count();
    }
}
