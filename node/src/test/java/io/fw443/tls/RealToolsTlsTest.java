package io.fw443.tls;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Real clients, a real server, a real capture: two network namespaces joined by one veth pair
 * (client 192.0.2.1, server 192.0.2.2 and 192.0.2.3, RFC 5737), openssl s_server with a certificate
 * made at test time, tcpdump on the server's veth, then openssl s_client (-tls1_2, -tls1_3,
 * -servername, -alpn, no SNI), curl and a Java HttpsURLConnection. The route to 192.0.2.3 has MTU 200
 * and the client veth no GSO, so the hello sent there crosses several segments. Every ClientHello
 * tshark finds in the capture is fed segment by segment through the reassembler and its SNI, first
 * ALPN and JA3 (string and MD5) compared with tshark's fields; each ServerHello's JA3S and selected
 * version likewise. Needs root and ip, openssl, tcpdump, tshark, curl.
 */
@Tag("netns")
class RealToolsTlsTest {
    private static final String CLIENT_IP = "192.0.2.1";
    private static final String SERVER_IP = "192.0.2.2";
    private static final String SMALL_MTU_SERVER_IP = "192.0.2.3";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    private final ClientHelloParser parser = new ClientHelloParser();
    private final ServerHelloParser serverParser = new ServerHelloParser();
    private final ClientHelloInfo info = new ClientHelloInfo();
    private final ServerHelloInfo server = new ServerHelloInfo();
    private final ClientHelloReassembler reassembler = new ClientHelloReassembler();
    private final Ja3 ja3 = new Ja3();
    private final Ja4 ja4 = new Ja4();

    /** What each client was asked to send; the expectations below derive from these arguments. */
    private record Client(String sni, String alpn, String ja4Prefix, List<String> command) {
    }

    @Test
    void sniAlpnJa3AndJa3sAgreeWithTshark() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        for (String tool : List.of("ip", "openssl", "tcpdump", "tshark", "curl")) {
            assumeTrue(Processes.onPath(tool), tool + " not installed");
        }
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
        String serverNs = "fw443t-tls-" + id + "s";
        String clientNs = "fw443t-tls-" + id + "c";
        Path dir = Files.createTempDirectory("fw443-tls-");
        Process serverProcess = null;
        Process tcpdump = null;
        try {
            setUpNamespaces(id, serverNs, clientNs, dir);
            serverProcess = start(dir, "s_server", "ip", "netns", "exec", serverNs, "openssl", "s_server",
                    "-accept", "443", "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(),
                    "-www", "-alpn", "http/1.1");
            awaitOutput(dir.resolve("s_server.out"), "ACCEPT");
            Path capture = dir.resolve("capture.pcap");
            tcpdump = start(dir, "tcpdump", "ip", "netns", "exec", serverNs, "tcpdump", "-i", "ft" + id + "s", "-U",
                    "-n", "-w", capture.toString(), "tcp port 443");
            awaitOutput(dir.resolve("tcpdump.err"), "listening on");

            List<Client> clients = clients(clientNs);
            for (Client c : clients) {
                Processes.Result r = Processes.run(TOOL_TIMEOUT.toSeconds(), c.command());
                assertEquals(0, r.exitCode(), c.command() + "\n" + r.stdout() + r.stderr());
            }
            // tcpdump writes each packet as it reads it (-U): wait until every handshake is on file.
            await().atMost(TOOL_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                TsharkOracle.Hellos seen = TsharkOracle.read(capture);
                return seen.clients().size() == clients.size() && seen.servers().size() == clients.size();
            });
            stop(tcpdump, "INT");
            tcpdump = null;

            compare(capture, clients);
        } finally {
            if (tcpdump != null) {
                stop(tcpdump, "INT");
            }
            if (serverProcess != null) {
                stop(serverProcess, "TERM");
            }
            Processes.run(30, List.of("ip", "netns", "del", clientNs));
            Processes.run(30, List.of("ip", "netns", "del", serverNs));
            try (var files = Files.list(dir)) {
                for (Path p : files.collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private List<Client> clients(String ns) {
        List<String> exec = List.of("ip", "netns", "exec", ns);
        String connect = SERVER_IP + ":443";
        List<Client> clients = new ArrayList<>();
        clients.add(new Client("tls12.example.test", "http/1.1", "t12d", concat(exec, "openssl", "s_client",
                "-connect", connect, "-tls1_2", "-servername", "tls12.example.test", "-alpn", "http/1.1")));
        clients.add(new Client("tls13.example.test", "h2", "t13d", concat(exec, "openssl", "s_client",
                "-connect", connect, "-tls1_3", "-servername", "tls13.example.test", "-alpn", "h2,http/1.1")));
        clients.add(new Client(null, null, "t13i", concat(exec, "openssl", "s_client", "-connect", connect,
                "-noservername")));
        clients.add(new Client("big.example.test", "h2", "t13d", concat(exec, "openssl", "s_client",
                "-connect", SMALL_MTU_SERVER_IP + ":443", "-servername", "big.example.test", "-alpn", "h2,http/1.1",
                "-cipher", "ALL:@SECLEVEL=0")));
        clients.add(new Client("curl.example.test", "h2", "t13d", concat(exec, "curl", "-sSk", "-o", "/dev/null",
                "--max-time", "30", "--resolve", "curl.example.test:443:" + SERVER_IP, "https://curl.example.test/")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        clients.add(new Client("java.example.test", null, "t13d", concat(exec, java, "-cp", classPath,
                JavaHttpsProbe.class.getName(), "https://" + SERVER_IP + "/", "java.example.test")));
        return clients;
    }

    private void compare(Path capture, List<Client> clients) throws Exception {
        List<CaptureReader.TcpSegment> segments = CaptureReader.tcpSegments(capture);
        TsharkOracle.Hellos tshark = TsharkOracle.read(capture);
        Map<String, TsharkOracle.Client> tsharkClients = tshark.clients();
        Map<String, TsharkOracle.Server> tsharkServers = tshark.servers();
        Map<String, String> ourSnis = new LinkedHashMap<>();
        List<Executable> checks = new ArrayList<>();
        for (var e : tsharkClients.entrySet()) {
            String key = e.getKey();
            TsharkOracle.Client t = e.getValue();
            int port = Integer.parseInt(key.substring(key.lastIndexOf(':') + 1));
            Flights.Direction d = Flights.Direction.from(segments, InetAddress.getByName(CLIENT_IP), port);
            long start = Flights.initialSeq(segments, d);
            assertEquals(TlsParseStatus.COMPLETE, Flights.client(segments, d, start, reassembler, parser, info), key);
            String sni = info.sni();
            String alpn = info.alpnCount() > 0 ? info.alpn(0) : null;
            String full = ja3.ja3String(info);
            String md5 = ja3.ja3Md5(info);
            String fingerprint = ja4.fingerprint(info);
            ourSnis.put(sni, fingerprint);
            checks.add(() -> assertEquals(t.sni(), sni, key + " SNI"));
            checks.add(() -> assertEquals(t.firstAlpn(), alpn, key + " ALPN"));
            checks.add(() -> assertEquals(t.ja3Full(), full, key + " JA3 string"));
            checks.add(() -> assertEquals(t.ja3(), md5, key + " JA3"));
            if (d.dst().getHostAddress().equals(SMALL_MTU_SERVER_IP)) {
                checks.add(splitHelloChecks(segments, d, start, info.consumedBytes(), md5));
            }

            Flights.Direction back = d.reverse();
            TsharkOracle.Server ts = tsharkServers.get(key);
            assertEquals(TlsParseStatus.COMPLETE,
                    Flights.server(segments, back, Flights.initialSeq(segments, back), reassembler, serverParser, server), key);
            String sfull = ja3.ja3sString(server);
            String smd5 = ja3.ja3sMd5(server);
            String version = String.format("0x%04x", server.selectedVersion());
            checks.add(() -> assertEquals(ts.ja3sFull(), sfull, key + " JA3S string"));
            checks.add(() -> assertEquals(ts.ja3s(), smd5, key + " JA3S"));
            checks.add(() -> assertEquals(ts.selectedVersion(), version, key + " selected version"));
        }
        for (Client c : clients) {
            checks.add(() -> assertTrue(ourSnis.containsKey(c.sni()), "no hello with SNI " + c.sni()));
            checks.add(() -> assertTrue(String.valueOf(ourSnis.get(c.sni())).startsWith(c.ja4Prefix()),
                    c.sni() + " JA4 " + ourSnis.get(c.sni())));
        }
        assertEquals(clients.size(), tsharkClients.size(), "ClientHellos in the capture");
        assertAll(checks);
    }

    /** The small-MTU hello really spans segments, and reversed, duplicated delivery reads the same. */
    private Executable splitHelloChecks(List<CaptureReader.TcpSegment> segments, Flights.Direction d, long start,
            int helloBytes, String expectedJa3) {
        List<CaptureReader.TcpSegment> carrying = segments.stream()
                .filter(s -> d.matches(s) && s.payload().length > 0 && (int) (s.seq() - start) < helloBytes)
                .collect(Collectors.toList());
        List<CaptureReader.TcpSegment> shuffled = new ArrayList<>(carrying);
        shuffled.addAll(carrying);
        Collections.reverse(shuffled);
        reassembler.init(start);
        TlsParseStatus st = TlsParseStatus.NEED_MORE;
        for (CaptureReader.TcpSegment s : shuffled) {
            st = reassembler.offer(s.seq(), s.payload(), 0, s.payload().length, parser, info);
            if (st.isTerminal()) {
                break;
            }
        }
        TlsParseStatus reversed = st;
        String md5 = st == TlsParseStatus.COMPLETE ? ja3.ja3Md5(info) : null;
        return () -> assertAll(
                () -> assertTrue(carrying.size() >= 2, "hello in " + carrying.size() + " segment(s)"),
                () -> assertEquals(TlsParseStatus.COMPLETE, reversed),
                () -> assertEquals(expectedJa3, md5, "JA3 of the reversed delivery"));
    }

    private static void setUpNamespaces(String id, String serverNs, String clientNs, Path dir) throws Exception {
        String vc = "ft" + id + "c";
        String vs = "ft" + id + "s";
        Processes.check(30, "ip", "netns", "add", serverNs);
        Processes.check(30, "ip", "netns", "add", clientNs);
        // gso_max_segs 1: the kernel cuts segments itself, so the capture shows them as the wire would.
        Processes.check(30, "ip", "netns", "exec", clientNs, "ip", "link", "add", vc, "gso_max_segs", "1",
                "type", "veth", "peer", "name", vs, "netns", serverNs);
        Processes.check(30, "ip", "netns", "exec", clientNs, "ip", "addr", "add", CLIENT_IP + "/24", "dev", vc);
        Processes.check(30, "ip", "netns", "exec", clientNs, "ip", "link", "set", vc, "up");
        Processes.check(30, "ip", "netns", "exec", clientNs, "ip", "route", "add", SMALL_MTU_SERVER_IP + "/32",
                "dev", vc, "mtu", "lock", "200");
        Processes.check(30, "ip", "netns", "exec", serverNs, "ip", "addr", "add", SERVER_IP + "/24", "dev", vs);
        Processes.check(30, "ip", "netns", "exec", serverNs, "ip", "addr", "add", SMALL_MTU_SERVER_IP + "/32", "dev", vs);
        Processes.check(30, "ip", "netns", "exec", serverNs, "ip", "link", "set", vs, "up");
        Processes.check(60, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=tls.example.test");
    }

    private static Process start(Path dir, String name, String... command) throws IOException {
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
    }

    private static void awaitOutput(Path file, String text) {
        await().atMost(TOOL_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contains(text));
    }

    /** Signals the process by PID ('ip netns exec' execs the tool, so it is the tool) and waits for it. */
    private static void stop(Process p, String signal) throws Exception {
        Processes.run(10, List.of("kill", "-" + signal, Long.toString(p.pid())));
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }
}
