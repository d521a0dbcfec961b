package io.fw443.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.dataplane.Netns;
import io.fw443.lab.Lab;
import io.fw443.lab.Shell;
import io.fw443.lab.TxChecksum;
import io.fw443.lab.Topology;
import io.fw443.lab.TxChecksum;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fw443 run} from the built distribution, inside fw-a's namespace of a lab with one client and one server
 * (no VRRP: the client and server route via fw-a's own addresses). Checks that the node forwards TLS, answers ARP
 * and ping for itself, enforces policy (blocklisted source dropped, other ports refused with a reset), sends time
 * exceeded and frag-needed, and that after SIGKILL its ingress drop chains stay and nothing passes (fail closed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeForwardingTest {
    private static final Path LAUNCHER = Path.of("../node/target/fw443/bin/fw443").toAbsolutePath().normalize();
    private static final String SERVER = "198.51.100.100";
    private static final String BLOCKED_SOURCE = "192.0.2.250";
    private static final Duration STEP = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static Lab lab;
    static Process node;
    static Path nodeLog;

    @BeforeAll
    static void startNodeInLab() throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), "build the node distribution first (mvn package): " + LAUNCHER);
        lab = Lab.create(Topology.standard(1, 1));
        lab.exec("fw-a", "sysctl", "-qw", "net.ipv4.ip_forward=0").check();
        lab.exec("client", "ip", "route", "replace", "default", "via", "192.0.2.2").check();
        lab.exec("client", "ip", "addr", "add", BLOCKED_SOURCE + "/24", "dev", "eth1").check();
        lab.exec("server", "ip", "route", "replace", "default", "via", "198.51.100.2").check();
        TxChecksum.disable(lab.ns("client"), "eth1");
        TxChecksum.disable(lab.ns("server"), "eth1");

        Shell.run(Duration.ofSeconds(30), java.util.List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString(), "-subj", "/CN=server.example.test", "-days", "1")).check();
        for (String port : new String[] {"443", "8443"}) {
            Path log = dir.resolve("s_server-" + port + ".log");
            lab.spawn("server", log, "openssl", "s_server", "-accept", port,
                    "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(), "-www");
            awaitFile(log, "ACCEPT");
        }

        Files.writeString(dir.resolve("fw-a.yaml"), config(dir));
        nodeLog = dir.resolve("node.log");
        startNode();
    }

    private static void startNode() {
        int startsBefore = read(nodeLog).split("forwarding:", -1).length;
        node = lab.spawn("fw-a", nodeLog, LAUNCHER.toString(), "run", "--config", dir.resolve("fw-a.yaml").toString());
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> read(nodeLog).split("forwarding:", -1).length > startsBefore || !node.isAlive());
        assertTrue(node.isAlive(), () -> "node exited at start-up:\n" + read(nodeLog));
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        if (node != null && node.isAlive()) {
            node.destroy();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        if (lab != null) {
            lab.close();
        }
        if (nodeLog != null) {
            System.out.println("---- node log ----\n" + read(nodeLog));
        }
    }

    static String config(Path tmp) {
        return """
                node: { id: fw-a, data-dir: %1$s/data }
                interfaces:
                  - { name: inside,  device: eth1, role: data, zone: clients, address: 192.0.2.2/24 }
                  - { name: outside, device: eth2, role: data, zone: servers, address: 198.51.100.2/24, mtu: 1280 }
                table: { max-flows: 10000, file: flows.dat }
                policy:
                  default: drop
                  sets:
                    blocklist: [%2$s/32]
                    web-servers: [198.51.100.0/24]
                  rules:
                    - { name: drop-blocklisted, from-set: blocklist, action: drop }
                    - { name: https-in, from: clients, to: servers, to-set: web-servers, proto: tcp, port: 443,
                        action: accept }
                    - { name: ping-in, from: clients, to: servers, proto: icmp, action: accept }
                    - { name: refuse-rest, from: clients, action: reject }
                management: { socket: %1$s/fw-a.sock }
                logging: { format: text, level: info }
                """.formatted(tmp, BLOCKED_SOURCE);
    }

    @Test
    @Order(1)
    void answersArpAndPingForItsOwnAddress() {
        // Bounded retries: the node's first frames run through cold code on a shared, busy machine.
        Awaitility.await().atMost(STEP).untilAsserted(() -> {
            Shell.Result ping = lab.exec("client", Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", "192.0.2.2");
            assertTrue(ping.ok(), () -> ping.output() + nodeLogText());
        });
        String neighbours = lab.exec("client", "ip", "neigh", "show", "192.0.2.2").check().output();
        String mac = lab.exec("fw-a", "cat", "/sys/class/net/eth1/address").check().output().trim();
        assertTrue(neighbours.contains(mac), () -> "client's ARP entry for the node: " + neighbours + nodeLogText());
    }

    @Test
    @Order(2)
    void forwardsTlsFromCurlAndJava() throws Exception {
        Shell.Result curl = lab.exec("client", Duration.ofSeconds(20), "curl", "-sk", "--max-time", "10",
                "-o", "/dev/null", "-w", "%{http_code}", "https://" + SERVER + "/");
        assertTrue(curl.ok() && curl.output().contains("200"), () -> curl.output() + nodeLogText());

        String firstLine = Netns.callIn(lab.ns("client"), NodeForwardingTest::javaTlsGet);
        assertTrue(firstLine.startsWith("HTTP/1.0 200"), () -> firstLine + nodeLogText());

        // The node resolved the server with its own ARP request: the server learned the node's eth2 MAC from it.
        String serverNeighbours = lab.exec("server", "ip", "neigh", "show", "198.51.100.2").check().output();
        String mac = lab.exec("fw-a", "cat", "/sys/class/net/eth2/address").check().output().trim();
        assertTrue(serverNeighbours.contains(mac), () -> serverNeighbours + nodeLogText());
    }

    @Test
    @Order(3)
    void pingsThroughTheNode() {
        Shell.Result ping = lab.exec("client", Duration.ofSeconds(10), "ping", "-c", "2", "-W", "3", SERVER);
        assertTrue(ping.ok(), () -> ping.output() + nodeLogText());
    }

    @Test
    @Order(4)
    void dropsABlocklistedSource() {
        Shell.Result curl = lab.exec("client", Duration.ofSeconds(20), "curl", "-sk", "--max-time", "3",
                "--interface", BLOCKED_SOURCE, "-o", "/dev/null", "https://" + SERVER + "/");
        // 28: timed out, because the SYN was dropped without an answer.
        assertTrue(curl.exitCode() == 28, () -> "curl exit " + curl.exitCode() + ": " + curl.output() + nodeLogText());
    }

    @Test
    @Order(5)
    void refusesAPortPolicyDoesNotAllow() {
        Shell.Result curl = lab.exec("client", Duration.ofSeconds(20), "curl", "-sk", "--max-time", "5",
                "-o", "/dev/null", "https://" + SERVER + ":8443/");
        // 7: connection refused, by the node's reset (a server listens on 8443, so it was not the server).
        assertTrue(curl.exitCode() == 7, () -> "curl exit " + curl.exitCode() + ": " + curl.output() + nodeLogText());
    }

    @Test
    @Order(6)
    void sendsTimeExceededAtTtlOne() {
        Shell.Result ping = lab.exec("client", Duration.ofSeconds(10), "ping", "-c", "1", "-t", "1", "-W", "3", SERVER);
        assertTrue(ping.output().contains("From 192.0.2.2") && ping.output().contains("Time to live exceeded"),
                () -> ping.output() + nodeLogText());
    }

    @Test
    @Order(7)
    void sendsFragNeededForDfPacketsOverTheEgressMtu() {
        Shell.Result ping = lab.exec("client", Duration.ofSeconds(10), "ping", "-c", "1", "-M", "do", "-s", "1400",
                "-W", "3", SERVER);
        assertTrue(ping.output().contains("Frag needed and DF set (mtu = 1280)"), () -> ping.output() + nodeLogText());
        // Small packets still pass.
        assertTrue(lab.exec("client", Duration.ofSeconds(10), "ping", "-c", "1", "-M", "do", "-s", "1000",
                "-W", "3", SERVER).ok(), NodeForwardingTest::nodeLogText);
    }

    @Test
    @Order(90)
    void stopsGracefullyOnSigtermAndComesBackWithItsTable() throws Exception {
        node.destroy();
        assertTrue(node.waitFor(20, TimeUnit.SECONDS), NodeForwardingTest::nodeLogText);
        String log = read(nodeLog);
        assertTrue(log.contains("port eth1: verdicts [") && log.contains("FORWARD_NEW="), log);
        assertTrue(log.contains("stopped; ingress drop chains left in place"), log);
        assertTrue(Files.size(dir.resolve("data/flows.dat")) > 0, "the persisted flow table file stays");

        startNode();
        Awaitility.await().atMost(STEP).untilAsserted(() -> {
            Shell.Result ping = lab.exec("client", Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", SERVER);
            assertTrue(ping.ok(), () -> ping.output() + nodeLogText());
        });
    }

    @Test
    @Order(100)
    void failsClosedWhenKilled() throws Exception {
        node.destroyForcibly();
        assertTrue(node.waitFor(10, TimeUnit.SECONDS));
        String chains = lab.exec("fw-a", "nft", "list", "table", "netdev", "fw443").check().output();
        assertTrue(chains.contains("ingress-eth1") && chains.contains("ingress-eth2") && chains.contains("policy drop"),
                chains);
        // The kernel has addresses and routes on both links but sees nothing: no forwarding, no ARP, no ping.
        lab.exec("fw-a", "sysctl", "-qw", "net.ipv4.ip_forward=1").check();
        lab.exec("client", "ip", "neigh", "flush", "dev", "eth1").check();
        assertFalse(lab.exec("client", Duration.ofSeconds(10), "ping", "-c", "1", "-W", "2", SERVER).ok());
        assertFalse(lab.exec("client", Duration.ofSeconds(10), "ping", "-c", "1", "-W", "2", "192.0.2.2").ok());
    }

    private static String javaTlsGet() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(SERVER, 443), 10_000);
            plain.setSoTimeout(10_000);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, SERVER, 443, false)) {
                tls.startHandshake();
                OutputStream out = tls.getOutputStream();
                out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = tls.getInputStream();
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    line.append((char) c);
                }
                return line.toString().trim();
            }
        }
    }

    /** The server's certificate is self-signed and made for this test; what matters here is the path, not trust. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static void awaitFile(Path file, String text) {
        Awaitility.await().atMost(STEP).pollInterval(Duration.ofMillis(100)).until(() -> read(file).contains(text));
    }

    private static String nodeLogText() {
        return "\n---- node log ----\n" + read(nodeLog);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
