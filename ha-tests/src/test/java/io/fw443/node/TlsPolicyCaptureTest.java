package io.fw443.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fw443.cli.Fw443;
import io.fw443.config.ConfigLoader;
import io.fw443.config.ConfigResult;
import io.fw443.engine.Engine;
import io.fw443.engine.EngineSettings;
import io.fw443.engine.FlowEvents;
import io.fw443.engine.PolicyCompiler;
import io.fw443.engine.TcpResets;
import io.fw443.engine.TlsSettings;
import io.fw443.engine.Verdict;
import io.fw443.engine.VerdictReason;
import io.fw443.lab.Lab;
import io.fw443.lab.Shell;
import io.fw443.lab.Topology;
import io.fw443.lab.TxChecksum;
import io.fw443.policy.SourceLimiter;
import io.fw443.table.HeapFlowTable;
import io.fw443.tls.TlsDecision;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import picocli.CommandLine;

/**
 * Captures made by real tools, replayed offline with a TLS policy. A lab of two hosts on one segment (client
 * 192.0.2.10, server 198.51.100.100 and .101, each routing the other's /24 onto the link; RFC 5737), transmit
 * checksum offload off, tcpdump on the server. Clients: openssl s_client and curl to the denied name
 * {@value #BLOCKED} and curl to {@value #ALLOWED}, against openssl s_server; curl {@code http://...:443/} against a
 * plain HTTP listener (python3's http.server) on .101; and ngtcp2's gtlsclient (QUIC v1, GnuTLS) to both names on
 * UDP 443, where no QUIC server listens: its Initials, retransmitted until its handshake timeout, are what the
 * firewall sees first anyway (curl 7.88.1 of Debian 12 has no HTTP/3). The capture then goes (1) through {@code
 * fw443 replay --json --config} with {@code tls: { required: true, sni-deny: [blocked.example.test] }} on TCP 443
 * and {@code tls: { sni-deny: [blocked.example.test] }} on UDP 443, and (2) frame by frame through an engine built
 * from the same config, ingress by source side, building the resets with {@link TcpResets} whenever the engine asks
 * to reset both ends.
 *
 * <p>Expectations come from the tools, not from the code under test: SNI and JA3 are tshark's own
 * ({@code tls.handshake.extensions_server_name}, {@code tls.handshake.ja3}, QUIC Initials decrypted by tshark);
 * tshark 4.0 has no JA4 field, so the JA4 is computed here from tshark's dissection (cipher suites, extension types,
 * signature algorithms, ALPN, supported versions) following the FoxIO specification; the resets' sequence numbers
 * come from the captured segment read here by RFC 9293 offsets.
 */
class TlsPolicyCaptureTest {
    private static final String BLOCKED = "blocked.example.test";
    private static final String ALLOWED = "allowed.example.test";
    private static final String CLIENT = "192.0.2.10";
    private static final String TLS_SERVER = "198.51.100.100";
    private static final String PLAIN_SERVER = "198.51.100.101";
    private static final int INSIDE = 1;
    private static final int OUTSIDE = 2;
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;

    /** One client run: its transport ("tcp" or "udp"), server, SNI (null for plain HTTP) and first ALPN id. */
    private record Client(String name, String protocol, String server, String sni, String firstAlpn,
                          List<String> command) {}

    private static final List<Client> CLIENTS = List.of(
            new Client("s_client-blocked", "tcp", TLS_SERVER, BLOCKED, null, List.of("openssl", "s_client",
                    "-connect", TLS_SERVER + ":443", "-servername", BLOCKED)),
            new Client("curl-blocked", "tcp", TLS_SERVER, BLOCKED, "h2", List.of("curl", "-sSk", "--max-time", "30",
                    "-o", "/dev/null", "--resolve", BLOCKED + ":443:" + TLS_SERVER, "https://" + BLOCKED + "/")),
            new Client("curl-allowed", "tcp", TLS_SERVER, ALLOWED, "h2", List.of("curl", "-sSk", "--max-time", "30",
                    "-o", "/dev/null", "--resolve", ALLOWED + ":443:" + TLS_SERVER, "https://" + ALLOWED + "/")),
            new Client("curl-plain-http", "tcp", PLAIN_SERVER, null, null, List.of("curl", "-sS", "--max-time",
                    "30", "-o", "/dev/null", "http://" + PLAIN_SERVER + ":443/")),
            // gtlsclient 0.12 sends the host argument as SNI ("localhost" for an address; --sni is ignored): the
            // names resolve through the client namespace's own hosts file.
            new Client("quic-blocked", "udp", TLS_SERVER, BLOCKED, "h3", List.of("gtlsclient", "-q",
                    "--handshake-timeout=2s", BLOCKED, "443")),
            new Client("quic-allowed", "udp", TLS_SERVER, ALLOWED, "h3", List.of("gtlsclient", "-q",
                    "--handshake-timeout=2s", ALLOWED, "443")));

    @TempDir
    static Path dir;
    static Path capture;
    static Path config;
    /** "tcp:PORT" / "udp:PORT" (the client's port) → the client that used it: server, tshark's SNI and ALPN. */
    static Map<String, Client> flowsByClient;
    static Map<String, TsharkHello> hellos;

    @BeforeAll
    static void captureRealSessions() throws Exception {
        config = dir.resolve("tls-policy-capture.yaml");
        try (InputStream in = TlsPolicyCaptureTest.class.getResourceAsStream("tls-policy-capture.yaml")) {
            Files.write(config, in.readAllBytes());
        }
        capture = dir.resolve("sessions.pcap");
        Shell.run(Duration.ofSeconds(30), List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out",
                dir.resolve("cert.pem").toString(), "-subj", "/CN=server.example.test", "-days", "1")).check();
        Topology topology = new Topology(List.of(new Topology.Segment("link", "192.0.2.0/24")), List.of(
                new Topology.Host("client", "client",
                        List.of(new Topology.Interface("eth1", "link", CLIENT + "/24")), null),
                new Topology.Host("server", "server",
                        List.of(new Topology.Interface("eth1", "link", TLS_SERVER + "/24")), null)));
        Path etcNetns = Path.of("/etc/netns");
        boolean etcNetnsMade = !Files.isDirectory(etcNetns);
        Path hostsDir = null;
        try (Lab lab = Lab.create(topology)) {
            // 'ip netns exec NS' mounts /etc/netns/NS/hosts over /etc/hosts: the client alone resolves the names.
            hostsDir = etcNetns.resolve(lab.ns("client"));
            Files.createDirectories(hostsDir);
            Files.writeString(hostsDir.resolve("hosts"), TLS_SERVER + " " + BLOCKED + " " + ALLOWED + "\n");
            lab.exec("server", "ip", "addr", "add", PLAIN_SERVER + "/24", "dev", "eth1").check();
            lab.exec("client", "ip", "route", "add", "198.51.100.0/24", "dev", "eth1").check();
            lab.exec("server", "ip", "route", "add", "192.0.2.0/24", "dev", "eth1").check();
            // As on a wire: the capture must carry finished checksums, which the engine verifies.
            TxChecksum.disable(lab.ns("client"), "eth1");
            TxChecksum.disable(lab.ns("server"), "eth1");

            Path tlsLog = dir.resolve("s_server.log");
            lab.spawn("server", tlsLog, "openssl", "s_server", "-accept", TLS_SERVER + ":443", "-www",
                    "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString());
            awaitLog(tlsLog, "ACCEPT");
            Path plainLog = dir.resolve("http.log");
            lab.spawn("server", plainLog, "python3", "-u", "-m", "http.server", "443", "--bind", PLAIN_SERVER,
                    "--directory", dir.toString());
            awaitLog(plainLog, "Serving HTTP");
            Path tcpdumpLog = dir.resolve("tcpdump.log");
            Process tcpdump = lab.spawn("server", tcpdumpLog, "tcpdump", "-i", "eth1", "-U", "-n",
                    "-w", capture.toString(), "port 443");
            awaitLog(tcpdumpLog, "listening on");

            for (Client c : CLIENTS) {
                Shell.Result r = lab.exec("client", TOOL_TIMEOUT, c.command().toArray(String[]::new));
                // No QUIC server: gtlsclient ends with its handshake timeout, a failure exit.
                assertTrue(r.exitCode() == 0 || c.protocol().equals("udp") && r.exitCode() != 124,
                        c.name() + " " + c.command() + " exit " + r.exitCode() + "\n" + r.output());
            }
            // tcpdump writes each packet as it comes (-U): wait until both ends of every TCP session closed and
            // every QUIC client's datagrams are on file.
            await().atMost(TOOL_TIMEOUT).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> sessionsOnFile() == CLIENTS.size());
            Shell.run(Duration.ofSeconds(10), List.of("kill", "-INT", Long.toString(tcpdump.pid()))).check();
            assertTrue(tcpdump.waitFor(20, TimeUnit.SECONDS), "tcpdump did not stop");
        } finally {
            if (hostsDir != null) {
                Files.deleteIfExists(hostsDir.resolve("hosts"));
                Files.deleteIfExists(hostsDir);
            }
            if (etcNetnsMade && Files.isDirectory(etcNetns)) {
                try (var left = Files.list(etcNetns)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(etcNetns);
                    }
                }
            }
        }
        hellos = TsharkHello.read(capture);
        flowsByClient = identifyClients();
    }

    @Test
    void replayWithTheTlsPolicyRejectsTheDeniedNameAndPlainHttpAndShowsTheAllowedHello() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Fw443.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("replay", "--json", "--config", config.toString(), capture.toString());
        assertEquals(0, code, err.toString());
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        Map<String, JsonNode> flows = new LinkedHashMap<>();
        for (JsonNode f : doc.get("flows")) {
            flows.put(f.get("protocol").asText() + ":" + f.get("clientPort").asInt(), f);
        }
        assertEquals(flowsByClient.keySet(), flows.keySet(), out.toString());

        List<Executable> checks = new ArrayList<>();
        for (var e : flowsByClient.entrySet()) {
            JsonNode f = flows.get(e.getKey());
            Client c = e.getValue();
            String what = c.name() + " " + f;
            checks.add(() -> assertEquals(CLIENT, f.get("client").asText(), what));
            checks.add(() -> assertEquals(c.server(), f.get("server").asText(), what));
            checks.add(() -> assertEquals(443, f.get("serverPort").asInt(), what));
            checks.add(() -> assertTrue(f.get("openerSeen").asBoolean(), what));
            if (c.sni() == null) {
                checks.add(() -> assertEquals("REJECT", f.get("verdict").asText(), what));
                checks.add(() -> assertEquals("REJECT_TLS_VIOLATION", f.get("reason").asText(), what));
                checks.add(() -> assertTrue(f.get("sni").isNull() && f.get("ja4").isNull(), what));
                continue;
            }
            TsharkHello t = hellos.get(e.getKey());
            checks.add(() -> assertEquals(c.sni(), t.sni(), "tshark's SNI of " + c.name()));
            checks.add(() -> assertEquals(t.sni(), f.get("sni").asText(), what));
            checks.add(() -> assertEquals(t.ja3(), f.get("ja3").asText(), what));
            checks.add(() -> assertEquals(t.ja4(), f.get("ja4").asText(), what));
            checks.add(() -> assertEquals(t.firstAlpn() == null ? null : String.join(",", t.alpn()),
                    f.get("alpn").isNull() ? null : f.get("alpn").asText(), what));
            checks.add(() -> assertEquals("1.3", f.get("tlsVersion").asText(), what));
            boolean quic = c.protocol().equals("udp");
            if (c.sni().equals(BLOCKED)) {
                checks.add(() -> assertEquals(quic ? "DROP" : "REJECT", f.get("verdict").asText(), what));
                checks.add(() -> assertEquals(quic ? "DROP_QUIC_POLICY" : "REJECT_TLS_POLICY",
                        f.get("reason").asText(), what));
            } else {
                checks.add(() -> assertEquals("FORWARD", f.get("verdict").asText(), what));
                checks.add(() -> assertEquals("FORWARD_NEW", f.get("reason").asText(), what));
            }
        }
        JsonNode summary = doc.get("summary");
        JsonNode byReason = summary.get("packetsByReason");
        checks.add(() -> assertEquals(CLIENTS.size(), summary.get("flows").asInt()));
        checks.add(() -> assertEquals(5, summary.get("hellos").asInt()));
        checks.add(() -> assertEquals(4, summary.get("flowsNotForwarded").asInt()));
        checks.add(() -> assertEquals(0, summary.get("flowsWithoutOpener").asInt()));
        checks.add(() -> assertEquals(2, byReason.get("REJECT_TLS_POLICY").asInt()));
        checks.add(() -> assertEquals(1, byReason.get("REJECT_TLS_VIOLATION").asInt()));
        checks.add(() -> assertEquals(1, byReason.get("DROP_QUIC_POLICY").asInt()));
        checks.add(() -> assertTrue(byReason.get("DROP_DENIED_FLOW").asInt() > 0,
                "later packets of the denied flows: " + summary));
        assertAll(checks);
    }

    @Test
    void theEngineResetsEachDeniedTcpFlowOnceAtBothEndsAndDropsTheDeniedQuicFlow() throws Exception {
        ConfigResult loaded = ConfigLoader.load(config);
        assertTrue(loaded.ok(), loaded.problems().toString());
        PolicyCompiler.Compiled compiled = PolicyCompiler.compile(loaded.config());
        Engine engine = new Engine(EngineSettings.defaults(1, 1000), TlsSettings.small(), null,
                new HeapFlowTable(1000), compiled::policy, compiled.zones(),
                (family, address, offset) -> (address[offset] & 0xFF) == 198 ? OUTSIDE : INSIDE,
                new SourceLimiter(SourceLimiter.Settings.of(1024, 0, 0, 1)), FlowEvents.NONE);
        TcpResets resets = new TcpResets();
        Map<String, List<Segment>> rstsBuilt = new LinkedHashMap<>();
        Map<String, List<Segment>> rejecting = new LinkedHashMap<>();
        Map<String, List<VerdictReason>> verdicts = new LinkedHashMap<>();
        byte[] out = new byte[256];
        for (Frame frame : frames(capture)) {
            Segment s = Segment.of(frame.bytes());
            boolean fromClient = s.source().equals(CLIENT);
            String flow = s.clientFlow();
            engine.process(frame.bytes(), 0, frame.bytes().length, fromClient ? INSIDE : OUTSIDE, frame.timeNs());
            verdicts.computeIfAbsent(flow, p -> new ArrayList<>()).add(engine.reason());
            if (engine.resetsBothEnds()) {
                rejecting.computeIfAbsent(flow, p -> new ArrayList<>()).add(s);
                List<Segment> built = rstsBuilt.computeIfAbsent(flow, p -> new ArrayList<>());
                int n = resets.toClient(engine.descriptor(), out, 0);
                assertTrue(n > 0, "RST to the client: " + n);
                built.add(Segment.of(Arrays.copyOf(out, n)));
                n = resets.toServer(engine.descriptor(), out, 0);
                assertTrue(n > 0, "RST to the server: " + n);
                built.add(Segment.of(Arrays.copyOf(out, n)));
            }
        }

        List<Executable> checks = new ArrayList<>();
        for (var e : flowsByClient.entrySet()) {
            String flow = e.getKey();
            int port = Integer.parseInt(flow.substring(4));
            Client c = e.getValue();
            List<VerdictReason> its = verdicts.get(flow);
            if (ALLOWED.equals(c.sni())) {
                checks.add(() -> assertTrue(its.stream().allMatch(v -> v.verdict() == Verdict.FORWARD),
                        c.name() + " " + its));
                checks.add(() -> assertNull(rstsBuilt.get(flow), c.name() + ": no RST"));
                continue;
            }
            VerdictReason refusal = c.protocol().equals("udp") ? VerdictReason.DROP_QUIC_POLICY
                    : c.sni() == null ? VerdictReason.REJECT_TLS_VIOLATION : VerdictReason.REJECT_TLS_POLICY;
            int at = its.indexOf(refusal);
            checks.add(() -> assertTrue(at >= 0 && its.lastIndexOf(refusal) == at, c.name() + " " + refusal
                    + " once in " + its));
            checks.add(() -> assertTrue(its.subList(at + 1, its.size()).stream()
                    .allMatch(v -> v == VerdictReason.DROP_DENIED_FLOW), c.name() + " after the refusal: " + its));
            if (c.protocol().equals("udp")) {
                checks.add(() -> assertNull(rstsBuilt.get(flow), c.name() + ": no reset for UDP"));
                continue;
            }
            assertNotNull(rejecting.get(flow), c.name() + " never asked for resets: " + its);
            checks.add(() -> assertEquals(1, rejecting.get(flow).size(), c.name() + ": one packet decides"));
            Segment dropped = rejecting.get(flow).get(0);
            List<Segment> built = rstsBuilt.get(flow);
            checks.add(() -> assertEquals(2, built.size(), c.name() + ": RSTs built"));
            checks.add(() -> assertTrue(dropped.source().equals(CLIENT) && dropped.payloadLength() > 0,
                    c.name() + ": decided on the client's data " + dropped));
            checks.add(() -> assertEquals(new Segment(TCP, c.server(), 443, CLIENT, port, RST | ACK,
                    dropped.ack(), (dropped.seq() + dropped.payloadLength()) & 0xFFFF_FFFFL, 0), built.get(0),
                    c.name() + ": RST to the client at its RCV.NXT (the dropped segment's ACK)"));
            checks.add(() -> assertEquals(new Segment(TCP, CLIENT, port, c.server(), 443, RST | ACK,
                    dropped.seq(), dropped.ack(), 0), built.get(1),
                    c.name() + ": RST to the server at the dropped segment's sequence number"));
        }
        checks.add(() -> assertEquals(3, engine.tlsDecisionCount(TlsDecision.DENY_SNI)));
        checks.add(() -> assertEquals(1, engine.tlsDecisionCount(TlsDecision.DENY_NOT_TLS)));
        checks.add(() -> assertEquals(2, engine.tlsDecisionCount(TlsDecision.ALLOW)));
        checks.add(() -> assertEquals(3, rstsBuilt.size(), "TCP flows reset: " + rstsBuilt.keySet()));
        assertAll(checks);
    }

    /** Which client each captured flow is: transport, server address, then tshark's SNI and first ALPN id. */
    private static Map<String, Client> identifyClients() throws Exception {
        Map<String, Client> found = new LinkedHashMap<>();
        for (Frame f : frames(capture)) {
            Segment s = Segment.of(f.bytes());
            boolean opener = s.protocol() == TCP ? (s.flags() & (SYN | ACK)) == SYN : s.source().equals(CLIENT);
            String flow = s.clientFlow();
            if (!opener || found.containsKey(flow)) {
                continue;
            }
            TsharkHello t = hellos.get(flow);
            List<Client> matching = CLIENTS.stream().filter(c -> flow.startsWith(c.protocol() + ":")
                    && c.server().equals(s.destination()) && (t == null ? c.sni() == null
                    : t.sni().equals(c.sni()) && Objects.equals(t.firstAlpn(), c.firstAlpn()))).toList();
            assertEquals(1, matching.size(), "flow " + flow + " to " + s.destination() + ": " + matching);
            found.put(flow, matching.get(0));
        }
        assertEquals(CLIENTS.size(), found.size(), "flows in the capture: " + found);
        assertEquals(Set.copyOf(CLIENTS), new HashSet<>(found.values()), "each client once");
        return found;
    }

    /** TCP sessions with a FIN or RST from each side, plus UDP flows with a client datagram, on file. */
    private static int sessionsOnFile() throws Exception {
        Set<String> clientEnds = new HashSet<>();
        Set<String> serverEnds = new HashSet<>();
        for (Frame f : frames(capture)) {
            Segment s = Segment.of(f.bytes());
            if (s.protocol() == UDP && s.source().equals(CLIENT)) {
                clientEnds.add(s.clientFlow());
                serverEnds.add(s.clientFlow());
            } else if (s.protocol() == TCP && (s.flags() & (FIN | RST)) != 0) {
                (s.sourcePort() == 443 ? serverEnds : clientEnds).add(s.clientFlow());
            }
        }
        clientEnds.retainAll(serverEnds);
        return clientEnds.size();
    }

    private static void awaitLog(Path log, String text) {
        await().atMost(TOOL_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text));
    }

    /** One captured frame and its time. */
    private record Frame(byte[] bytes, long timeNs) {}

    private static List<Frame> frames(Path file) throws Exception {
        List<Frame> frames = new ArrayList<>();
        PcapHandle handle = Pcaps.openOffline(file.toString());
        try {
            for (byte[] raw = handle.getNextRawPacket(); raw != null; raw = handle.getNextRawPacket()) {
                java.sql.Timestamp ts = handle.getTimestamp();
                frames.add(new Frame(raw, ts.getTime() / 1000 * 1_000_000_000L + ts.getNanos()));
            }
        } finally {
            handle.close();
        }
        return frames;
    }

    /**
     * An Ethernet + IPv4 + TCP or UDP frame read by RFC 791 / RFC 9293 / RFC 768 offsets (the test's own reading, not
     * the engine's parser): addresses, ports, TCP flags, sequence and acknowledgment numbers (0 for UDP), payload
     * length.
     */
    private record Segment(int protocol, String source, int sourcePort, String destination, int destinationPort,
                           int flags, long seq, long ack, int payloadLength) {
        static Segment of(byte[] f) {
            int ip = 14;
            int ihl = (f[ip] & 0x0F) * 4;
            int l4 = ip + ihl;
            int protocol = f[ip + 9] & 0xFF;
            if (protocol == UDP) {
                return new Segment(UDP, address(f, ip + 12), u16(f, l4), address(f, ip + 16), u16(f, l4 + 2), 0,
                        0, 0, u16(f, l4 + 4) - 8);
            }
            int dataOffset = ((f[l4 + 12] & 0xFF) >>> 4) * 4;
            return new Segment(protocol, address(f, ip + 12), u16(f, l4), address(f, ip + 16), u16(f, l4 + 2),
                    f[l4 + 13] & 0xFF, u32(f, l4 + 4), u32(f, l4 + 8), u16(f, ip + 2) - ihl - dataOffset);
        }

        /** "tcp:PORT" or "udp:PORT" with the client's port. */
        String clientFlow() {
            return (protocol == UDP ? "udp:" : "tcp:") + (sourcePort == 443 ? destinationPort : sourcePort);
        }

        private static String address(byte[] f, int at) {
            return (f[at] & 0xFF) + "." + (f[at + 1] & 0xFF) + "." + (f[at + 2] & 0xFF) + "." + (f[at + 3] & 0xFF);
        }

        private static int u16(byte[] b, int at) {
            return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
        }

        private static long u32(byte[] b, int at) {
            return (long) u16(b, at) << 16 | u16(b, at + 2);
        }
    }

    /**
     * tshark's dissection of each ClientHello (TCP, or inside QUIC Initials, which tshark decrypts), keyed
     * "tcp:PORT" / "udp:PORT" by the client's port, and the JA4 those fields give by the FoxIO specification
     * (JA4 = a_b_c: {@code t} or {@code q}, highest non-GREASE supported version, {@code d|i} for SNI present, 2-digit
     * cipher and extension counts without GREASE, first and last character of the first ALPN value or {@code 00};
     * b = SHA-256[:12] of the sorted cipher hex list; c = SHA-256[:12] of the sorted extension hex list without SNI
     * and ALPN, then {@code _} and the signature algorithms in wire order). Signature algorithms come from tshark's
     * {@code sig_hash_alg}, which would also list signature_algorithms_cert (50): no client here sends it.
     */
    private record TsharkHello(boolean quic, String sni, String ja3, List<String> ciphers, List<Integer> extensions,
                               List<String> signatureAlgorithms, List<String> alpn, List<String> versions) {
        String firstAlpn() {
            return alpn.isEmpty() ? null : alpn.get(0);
        }

        static Map<String, TsharkHello> read(Path capture) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("tshark", "-r", capture.toString(), "-n",
                    "-Y", "tls.handshake.type == 1", "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
                    "-E", "aggregator=,"));
            for (String field : List.of("tcp.srcport", "udp.srcport", "tls.handshake.extensions_server_name",
                    "tls.handshake.ja3", "tls.handshake.ciphersuite", "tls.handshake.extension.type",
                    "tls.handshake.sig_hash_alg", "tls.handshake.extensions_alpn_str",
                    "tls.handshake.extensions.supported_version", "tls.handshake.version")) {
                cmd.add("-e");
                cmd.add(field);
            }
            Shell.Result r = Shell.run(Duration.ofSeconds(60), cmd).check();
            Map<String, TsharkHello> hellos = new LinkedHashMap<>();
            for (String line : r.output().split("\n")) {
                String[] f = line.split("\t", -1);
                if (f.length < 10 || !(f[0] + f[1]).matches("\\d+")) {
                    continue; // tshark's notes (e.g. running as root) share the merged output
                }
                boolean quic = f[0].isEmpty();
                List<String> versions = list(f[8]).isEmpty() ? List.of(f[9]) : list(f[8]);
                // A QUIC client repeats its hello in retransmitted Initials: the first one counts.
                hellos.putIfAbsent((quic ? "udp:" + f[1] : "tcp:" + f[0]), new TsharkHello(quic, f[2], f[3],
                        list(f[4]), list(f[5]).stream().map(Integer::parseInt).toList(), list(f[6]), list(f[7]),
                        versions));
            }
            return hellos;
        }

        String ja4() throws Exception {
            List<String> c = ciphers.stream().map(TsharkHello::hex4).filter(h -> !grease(h)).toList();
            List<String> e = extensions.stream().map(x -> String.format("%04x", x)).filter(h -> !grease(h)).toList();
            String version = switch (versions.stream().map(TsharkHello::hex4).filter(h -> !grease(h))
                    .max(String::compareTo).orElseThrow()) {
                case "0304" -> "13";
                case "0303" -> "12";
                case "0302" -> "11";
                case "0301" -> "10";
                default -> throw new IllegalStateException("version " + versions);
            };
            String first = alpn.isEmpty() ? "" : firstAlpn();
            String alpnChars = first.isEmpty() ? "00" : "" + first.charAt(0) + first.charAt(first.length() - 1);
            String a = (quic ? "q" : "t") + version + (sni.isEmpty() ? "i" : "d") + String.format("%02d%02d",
                    Math.min(c.size(), 99), Math.min(e.size(), 99)) + alpnChars;
            String b = sha12(c.stream().sorted().collect(Collectors.joining(",")));
            List<String> sigs = signatureAlgorithms.stream().map(TsharkHello::hex4).toList();
            String extText = e.stream().filter(h -> !h.equals("0000") && !h.equals("0010")).sorted()
                    .collect(Collectors.joining(","));
            String cc = sha12(sigs.isEmpty() ? extText : extText + "_" + String.join(",", sigs));
            return a + "_" + b + "_" + cc;
        }

        private static String sha12(String text) throws Exception {
            if (text.isEmpty()) {
                return "000000000000";
            }
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d).substring(0, 12);
        }

        /** RFC 8701: 0x?a?a with both bytes equal. */
        private static boolean grease(String hex4) {
            return hex4.charAt(1) == 'a' && hex4.charAt(3) == 'a' && hex4.charAt(0) == hex4.charAt(2);
        }

        private static String hex4(String tsharkHex) {
            String h = tsharkHex.startsWith("0x") ? tsharkHex.substring(2) : tsharkHex;
            return String.format("%4s", h.toLowerCase()).replace(' ', '0');
        }

        private static List<String> list(String field) {
            return field.isEmpty() ? List.of() : List.of(field.split(","));
        }
    }

}
