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
 * {@value #BLOCKED}, curl to {@value #ALLOWED}, all against openssl s_server, and curl {@code http://...:443/}
 * against a plain HTTP listener (python3's http.server) on .101. The capture then goes (1) through
 * {@code fw443 replay --json --config} with {@code tls: { required: true, sni-deny: [blocked.example.test] }}, and
 * (2) frame by frame through an engine built from the same config, ingress by source side, building the resets
 * with {@link TcpResets} whenever the engine asks to reset both ends.
 *
 * <p>Expectations come from the tools, not from the code under test: SNI and JA3 are tshark's own
 * ({@code tls.handshake.extensions_server_name}, {@code tls.handshake.ja3}); tshark 4.0 has no JA4 field, so the JA4
 * is computed here from tshark's dissection (cipher suites, extension types, signature algorithms, ALPN, supported
 * versions) following the FoxIO specification; the resets' sequence numbers come from the captured segment read here
 * by RFC 9293 offsets. QUIC is not covered: this machine's curl (Debian 12, 7.88.1) has no HTTP/3.
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
    private static final int RST = 0x04;
    private static final int FIN = 0x01;

    /** One client run; {@code sni} null for plain HTTP. */
    private record Client(String name, String server, String sni, String firstAlpn, List<String> command) {}

    private static final List<Client> CLIENTS = List.of(
            new Client("s_client-blocked", TLS_SERVER, BLOCKED, null, List.of("openssl", "s_client",
                    "-connect", TLS_SERVER + ":443", "-servername", BLOCKED)),
            new Client("curl-blocked", TLS_SERVER, BLOCKED, "h2", List.of("curl", "-sSk", "--max-time", "30",
                    "-o", "/dev/null", "--resolve", BLOCKED + ":443:" + TLS_SERVER, "https://" + BLOCKED + "/")),
            new Client("curl-allowed", TLS_SERVER, ALLOWED, "h2", List.of("curl", "-sSk", "--max-time", "30",
                    "-o", "/dev/null", "--resolve", ALLOWED + ":443:" + TLS_SERVER, "https://" + ALLOWED + "/")),
            new Client("curl-plain-http", PLAIN_SERVER, null, null, List.of("curl", "-sS", "--max-time", "30",
                    "-o", "/dev/null", "http://" + PLAIN_SERVER + ":443/")));

    @TempDir
    static Path dir;
    static Path capture;
    static Path config;
    /** Client port → the client that used it, from the capture's SYNs and tshark's SNI / ALPN. */
    static Map<Integer, Client> byPort;
    static Map<Integer, TsharkHello> hellos;

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
        try (Lab lab = Lab.create(topology)) {
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
                    "-w", capture.toString(), "tcp port 443");
            awaitLog(tcpdumpLog, "listening on");

            for (Client c : CLIENTS) {
                Shell.Result r = lab.exec("client", TOOL_TIMEOUT, c.command().toArray(String[]::new));
                assertEquals(0, r.exitCode(), c.name() + " " + c.command() + "\n" + r.output());
            }
            // tcpdump writes each packet as it comes (-U): wait until both ends of every session closed on file.
            await().atMost(TOOL_TIMEOUT).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> closedSessions() == CLIENTS.size());
            Shell.run(Duration.ofSeconds(10), List.of("kill", "-INT", Long.toString(tcpdump.pid()))).check();
            assertTrue(tcpdump.waitFor(20, TimeUnit.SECONDS), "tcpdump did not stop");
        }
        hellos = TsharkHello.read(capture);
        byPort = identifyClients();
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
        Map<Integer, JsonNode> flows = new LinkedHashMap<>();
        for (JsonNode f : doc.get("flows")) {
            flows.put(f.get("clientPort").asInt(), f);
        }
        assertEquals(byPort.keySet(), flows.keySet(), out.toString());

        List<Executable> checks = new ArrayList<>();
        for (var e : byPort.entrySet()) {
            JsonNode f = flows.get(e.getKey());
            Client c = e.getValue();
            String what = c.name() + " " + f;
            checks.add(() -> assertEquals(CLIENT, f.get("client").asText(), what));
            checks.add(() -> assertEquals(c.server(), f.get("server").asText(), what));
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
            if (c.sni().equals(BLOCKED)) {
                checks.add(() -> assertEquals("REJECT", f.get("verdict").asText(), what));
                checks.add(() -> assertEquals("REJECT_TLS_POLICY", f.get("reason").asText(), what));
            } else {
                checks.add(() -> assertEquals("FORWARD", f.get("verdict").asText(), what));
                checks.add(() -> assertEquals("FORWARD_NEW", f.get("reason").asText(), what));
            }
        }
        JsonNode summary = doc.get("summary");
        checks.add(() -> assertEquals(CLIENTS.size(), summary.get("flows").asInt()));
        checks.add(() -> assertEquals(3, summary.get("hellos").asInt()));
        checks.add(() -> assertEquals(3, summary.get("flowsNotForwarded").asInt()));
        checks.add(() -> assertEquals(0, summary.get("flowsWithoutOpener").asInt()));
        checks.add(() -> assertEquals(2, summary.get("packetsByReason").get("REJECT_TLS_POLICY").asInt()));
        checks.add(() -> assertEquals(1, summary.get("packetsByReason").get("REJECT_TLS_VIOLATION").asInt()));
        checks.add(() -> assertTrue(summary.get("packetsByReason").get("DROP_DENIED_FLOW").asInt() > 0,
                "later packets of the denied flows: " + summary));
        assertAll(checks);
    }

    @Test
    void theEngineResetsBothEndsOfEachDeniedFlowOnceWithRstsInTheirWindows() throws Exception {
        ConfigResult loaded = ConfigLoader.load(config);
        assertTrue(loaded.ok(), loaded.problems().toString());
        PolicyCompiler.Compiled compiled = PolicyCompiler.compile(loaded.config());
        Engine engine = new Engine(EngineSettings.defaults(1, 1000), TlsSettings.small(), null,
                new HeapFlowTable(1000), compiled::policy, compiled.zones(),
                (family, address, offset) -> (address[offset] & 0xFF) == 198 ? OUTSIDE : INSIDE,
                new SourceLimiter(SourceLimiter.Settings.of(1024, 0, 0, 1)), FlowEvents.NONE);
        TcpResets resets = new TcpResets();
        Map<Integer, List<Segment>> rstsBuilt = new LinkedHashMap<>();
        Map<Integer, List<Segment>> rejecting = new LinkedHashMap<>();
        Map<Integer, List<VerdictReason>> verdicts = new LinkedHashMap<>();
        byte[] out = new byte[256];
        for (Frame frame : frames(capture)) {
            Segment s = Segment.of(frame.bytes());
            boolean fromClient = s.source().equals(CLIENT);
            int port = fromClient ? s.sourcePort() : s.destinationPort();
            engine.process(frame.bytes(), 0, frame.bytes().length, fromClient ? INSIDE : OUTSIDE, frame.timeNs());
            verdicts.computeIfAbsent(port, p -> new ArrayList<>()).add(engine.reason());
            if (engine.resetsBothEnds()) {
                rejecting.computeIfAbsent(port, p -> new ArrayList<>()).add(s);
                List<Segment> built = rstsBuilt.computeIfAbsent(port, p -> new ArrayList<>());
                int n = resets.toClient(engine.descriptor(), out, 0);
                assertTrue(n > 0, "RST to the client: " + n);
                built.add(Segment.of(Arrays.copyOf(out, n)));
                n = resets.toServer(engine.descriptor(), out, 0);
                assertTrue(n > 0, "RST to the server: " + n);
                built.add(Segment.of(Arrays.copyOf(out, n)));
            }
        }

        List<Executable> checks = new ArrayList<>();
        for (var e : byPort.entrySet()) {
            int port = e.getKey();
            Client c = e.getValue();
            List<VerdictReason> its = verdicts.get(port);
            if (ALLOWED.equals(c.sni())) {
                checks.add(() -> assertTrue(its.stream().allMatch(v -> v.verdict() == Verdict.FORWARD),
                        c.name() + " " + its));
                checks.add(() -> assertNull(rstsBuilt.get(port), c.name() + ": no RST"));
                continue;
            }
            VerdictReason reject = c.sni() == null ? VerdictReason.REJECT_TLS_VIOLATION : VerdictReason.REJECT_TLS_POLICY;
            assertNotNull(rejecting.get(port), c.name() + " was never rejected: " + its);
            checks.add(() -> assertEquals(1, rejecting.get(port).size(), c.name() + ": one packet decides"));
            int at = its.indexOf(reject);
            checks.add(() -> assertTrue(at > 0, c.name() + " " + reject + " in " + its));
            checks.add(() -> assertTrue(its.subList(at + 1, its.size()).stream()
                    .allMatch(v -> v == VerdictReason.DROP_DENIED_FLOW), c.name() + " after the reject: " + its));
            Segment dropped = rejecting.get(port).get(0);
            List<Segment> built = rstsBuilt.get(port);
            checks.add(() -> assertEquals(2, built.size(), c.name() + ": RSTs built"));
            checks.add(() -> assertTrue(dropped.source().equals(CLIENT) && dropped.payloadLength() > 0,
                    c.name() + ": decided on the client's data " + dropped));
            Segment toClient = built.get(0);
            Segment toServer = built.get(1);
            checks.add(() -> assertEquals(new Segment(c.server(), 443, CLIENT, port, RST | 0x10,
                    dropped.ack(), (dropped.seq() + dropped.payloadLength()) & 0xFFFF_FFFFL, 0), toClient,
                    c.name() + ": RST to the client at its RCV.NXT (the dropped segment's ACK)"));
            checks.add(() -> assertEquals(new Segment(CLIENT, port, c.server(), 443, RST | 0x10,
                    dropped.seq(), dropped.ack(), 0), toServer,
                    c.name() + ": RST to the server at the dropped segment's sequence number"));
        }
        checks.add(() -> assertEquals(2, engine.tlsDecisionCount(TlsDecision.DENY_SNI)));
        checks.add(() -> assertEquals(1, engine.tlsDecisionCount(TlsDecision.DENY_NOT_TLS)));
        checks.add(() -> assertEquals(1, engine.tlsDecisionCount(TlsDecision.ALLOW)));
        checks.add(() -> assertEquals(3, rstsBuilt.values().stream().mapToInt(List::size).sum() / 2,
                "flows reset"));
        assertAll(checks);
    }

    /** Which client each captured session is: the server address, then tshark's SNI and ALPN. */
    private static Map<Integer, Client> identifyClients() throws Exception {
        Map<Integer, Client> found = new LinkedHashMap<>();
        for (Frame f : frames(capture)) {
            Segment s = Segment.of(f.bytes());
            if ((s.flags() & 0x12) != 0x02) {
                continue;
            }
            TsharkHello t = hellos.get(s.sourcePort());
            List<Client> matching = CLIENTS.stream().filter(c -> c.server().equals(s.destination())
                    && (t == null ? c.sni() == null
                    : t.sni().equals(c.sni()) && Objects.equals(t.firstAlpn(), c.firstAlpn()))).toList();
            assertEquals(1, matching.size(), "session from port " + s.sourcePort() + ": " + matching);
            found.put(s.sourcePort(), matching.get(0));
        }
        assertEquals(CLIENTS.size(), found.size(), "sessions in the capture: " + found);
        assertEquals(Set.copyOf(CLIENTS), new HashSet<>(found.values()), "each client once");
        return found;
    }

    /** Sessions with a FIN or RST from each side (tcpdump has written their ends). */
    private static int closedSessions() throws Exception {
        Set<Integer> clientEnds = new HashSet<>();
        Set<Integer> serverEnds = new HashSet<>();
        for (Frame f : frames(capture)) {
            Segment s = Segment.of(f.bytes());
            if ((s.flags() & (FIN | RST)) != 0) {
                (s.sourcePort() == 443 ? serverEnds : clientEnds)
                        .add(s.sourcePort() == 443 ? s.destinationPort() : s.sourcePort());
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
     * An Ethernet + IPv4 + TCP frame read by RFC 791 / RFC 9293 offsets (the test's own reading, not the engine's
     * parser): addresses, ports, flags, sequence and acknowledgment numbers, payload length.
     */
    private record Segment(String source, int sourcePort, String destination, int destinationPort, int flags,
                           long seq, long ack, int payloadLength) {
        static Segment of(byte[] f) {
            int ip = 14;
            int ihl = (f[ip] & 0x0F) * 4;
            int tcp = ip + ihl;
            int dataOffset = ((f[tcp + 12] & 0xFF) >>> 4) * 4;
            return new Segment(address(f, ip + 12), u16(f, tcp), address(f, ip + 16), u16(f, tcp + 2),
                    f[tcp + 13] & 0xFF, u32(f, tcp + 4), u32(f, tcp + 8), u16(f, ip + 2) - ihl - dataOffset);
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
     * tshark's dissection of each ClientHello, keyed by client port, and the JA4 those fields give by the FoxIO
     * specification (JA4 = a_b_c: {@code t}, highest non-GREASE supported version, {@code d|i} for SNI present,
     * 2-digit cipher and extension counts without GREASE, first and last character of the first ALPN value or
     * {@code 00}; b = SHA-256[:12] of the sorted cipher hex list; c = SHA-256[:12] of the sorted extension hex list
     * without SNI and ALPN, then {@code _} and the signature algorithms in wire order). Signature algorithms come
     * from tshark's {@code sig_hash_alg}, which also lists signature_algorithms_cert (50): no client here sends it.
     */
    private record TsharkHello(String sni, String ja3, List<String> ciphers, List<Integer> extensions,
                               List<String> signatureAlgorithms, List<String> alpn, List<String> versions) {
        String firstAlpn() {
            return alpn.isEmpty() ? null : alpn.get(0);
        }

        static Map<Integer, TsharkHello> read(Path capture) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("tshark", "-r", capture.toString(), "-n",
                    "-Y", "tls.handshake.type == 1", "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
                    "-E", "aggregator=,"));
            for (String field : List.of("tcp.srcport", "tls.handshake.extensions_server_name",
                    "tls.handshake.ja3", "tls.handshake.ciphersuite", "tls.handshake.extension.type",
                    "tls.handshake.sig_hash_alg", "tls.handshake.extensions_alpn_str",
                    "tls.handshake.extensions.supported_version", "tls.handshake.version")) {
                cmd.add("-e");
                cmd.add(field);
            }
            Shell.Result r = Shell.run(Duration.ofSeconds(60), cmd).check();
            Map<Integer, TsharkHello> hellos = new LinkedHashMap<>();
            for (String line : r.output().split("\n")) {
                String[] f = line.split("\t", -1);
                if (f.length < 9 || !f[0].matches("\\d+")) {
                    continue; // tshark's notes (e.g. running as root) share the merged output
                }
                List<String> versions = list(f[7]).isEmpty() ? List.of(f[8]) : list(f[7]);
                hellos.putIfAbsent(Integer.parseInt(f[0]), new TsharkHello(f[1], f[2], list(f[3]),
                        list(f[4]).stream().map(Integer::parseInt).toList(), list(f[5]), list(f[6]), versions));
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
            String a = "t" + version + (sni.isEmpty() ? "i" : "d") + String.format("%02d%02d",
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
