package io.fw443.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fw443.metrics.PrometheusTextParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real server on a temporary socket, with a fake backend. Start and stop block until done: no waiting here. */
@Timeout(30)
class ManagementServerTest {
    private static final String TOKEN = "s3cr3t-t0ken-for-tests_0123456789";

    @TempDir
    Path dir;

    private final FakeManagementBackend backend = new FakeManagementBackend();
    private final ObjectMapper mapper = MgmtJson.mapper();
    private ManagementServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ManagementServer start(Path socket) throws IOException {
        server = ManagementServer.start(ManagementConfig.socket(socket), backend);
        return server;
    }

    private ManagementClient client(Path socket) {
        return new ManagementClient(socket, Duration.ofSeconds(5));
    }

    @Test
    void theSocketIsMode0600AndNothingIsLeftBehindInItsDirectory() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        start(socket);
        assertEquals(socket, server.socketPath());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertTrue(Files.readAttributes(socket, "isOther", LinkOption.NOFOLLOW_LINKS).get("isOther").equals(true));
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(socket), entries.toList(), "the private staging directory is gone");
        }
    }

    @Test
    void everyEndpointAnswersThroughTheClient() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        start(socket);
        ManagementClient c = client(socket);
        assertEquals(backend.health(), mapper.readValue(c.get("/health").body(), HealthView.class));
        assertEquals(backend.cluster(), mapper.readValue(c.get("/cluster").body(), ClusterView.class));
        assertEquals(backend.vrrp(), mapper.readValue(c.get("/vrrp").body(), VrrpView.class));
        assertEquals(backend.stats(), mapper.readValue(c.get("/stats").body(), StatsView.class));
        FlowsPage page = mapper.readValue(c.get("/flows?sni=*.example.test").body(), FlowsPage.class);
        assertEquals(List.of(FakeManagementBackend.HTTPS_FLOW, FakeManagementBackend.QUIC_FLOW), page.flows());
        ManagementClient.Reply metrics = c.get("/metrics");
        assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.contentType());
        assertTrue(PrometheusTextParser.parse(metrics.text()).containsKey("fw443_replication_lag_seconds"));
        assertEquals(backend.reloadResult, mapper.readValue(c.post("/reload").body(), ReloadResult.class));
        ManagementClient.Reply failover = c.post("/failover?group=51");
        assertEquals(200, failover.status());
        assertEquals(FailoverResult.Outcome.DONE, mapper.readValue(failover.body(), FailoverResult.class).outcome());
        assertEquals(404, c.post("/failover?group=7").status());
    }

    @Test
    void aMissingParentDirectoryIsCreatedPrivate() throws IOException {
        Path socket = dir.resolve("run/fw443/fw443.sock");
        start(socket);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertEquals(200, client(socket).get("/health").status());
    }

    @Test
    void aSecondServerOnALiveSocketRefusesToStart() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        start(socket);
        IOException e = assertThrows(IOException.class,
                () -> ManagementServer.start(ManagementConfig.socket(socket), new FakeManagementBackend()));
        assertTrue(e.getMessage().contains("another process is serving"), e.getMessage());
        assertEquals(200, client(socket).get("/health").status(), "the first server still answers");
    }

    @Test
    void aStaleSocketFromACrashedNodeIsReplaced() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the JDK leaves the file behind on close");
        start(socket);
        assertEquals(200, client(socket).get("/health").status());
    }

    @Test
    void aRegularFileIsNeverReplaced() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        Files.writeString(socket, "precious");
        IOException e = assertThrows(IOException.class, () -> start(socket));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("precious", Files.readString(socket));
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(1, entries.count(), "no staging directory left");
        }
    }

    @Test
    void aSocketPathTooLongForSunPathIsRefused() {
        Path socket = dir.resolve("x".repeat(120) + ".sock");
        assertThrows(IOException.class, () -> start(socket));
    }

    @Test
    void closeRemovesTheSocketAndAServerCanStartAgain() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        start(socket).close();
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        start(socket);
        assertEquals(200, client(socket).get("/health").status());
    }

    @Test
    void closeLeavesASuccessorsFileAlone() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        start(socket);
        Files.move(socket, dir.resolve("moved.sock"));
        Files.writeString(socket, "someone else's");
        server.close();
        assertEquals("someone else's", Files.readString(socket));
    }

    @Test
    void aMalformedRequestGets400JsonAndTheConnectionCloses() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        start(socket);
        String response = RawHttp.exchange(socket, "GARBAGE\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertEquals("bad request", mapper.readTree(RawHttp.body(response)).get("error").asText());
    }

    @Test
    void anOversizedBodyGets413Json() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        start(socket);
        String response = RawHttp.exchange(socket,
                "POST /reload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 413 "), response);
        JsonNode error = mapper.readTree(RawHttp.body(response));
        assertEquals("request too large", error.get("error").asText());
    }

    @Test
    void aWrongMethodGets405WithAllow() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        start(socket);
        String response = RawHttp.exchange(socket, "DELETE /flows HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 405 "), response);
        assertTrue(response.toLowerCase().contains("\r\nallow: get\r\n"), response);
        assertEquals("method not allowed", mapper.readTree(RawHttp.body(response)).get("error").asText());
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        start(socket);
        String response = RawHttp.exchange(socket, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /vrrp HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(List.of("HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK"),
                Pattern.compile("HTTP/1\\.1 \\d{3} [^\r]*").matcher(response).results()
                        .map(MatchResult::group).toList(), response);
    }

    @Test
    void theTcpListenerWantsTheBearerToken() throws Exception {
        Path socket = dir.resolve("fw443.sock");
        server = ManagementServer.start(new ManagementConfig(socket,
                new ManagementConfig.TcpListener(InetAddress.getLoopbackAddress(), 0, TOKEN)), backend);
        URI health = URI.create("http://127.0.0.1:" + server.tcpAddress().getPort() + "/health");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> none = http.send(HttpRequest.newBuilder(health).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"fw443\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("unauthorized", mapper.readTree(none.body()).get("error").asText());

        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(health)
                .header("Authorization", "Bearer " + TOKEN + "x").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));

        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(health)
                .header("Authorization", "Basic " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, basic.statusCode());

        HttpResponse<String> right = http.send(HttpRequest.newBuilder(health)
                .header("Authorization", "bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, right.statusCode());
        assertEquals("healthy", mapper.readTree(right.body()).get("status").asText());

        assertEquals(200, client(socket).get("/health").status(), "the socket needs no token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "0.0.0.0", "::"})
    void theTcpListenerRefusesNonLoopbackAddresses(String address) {
        assertThrows(IllegalArgumentException.class,
                () -> new ManagementConfig.TcpListener(InetAddress.getByName(address), 9443, TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "has space in it 0123456789", "quote\"0123456789abcdef"})
    void theTcpListenerRefusesWeakOrMalformedTokens(String token) {
        assertThrows(IllegalArgumentException.class,
                () -> new ManagementConfig.TcpListener(InetAddress.getLoopbackAddress(), 9443, token));
    }

    @Test
    void theTokenStaysOutOfToString() {
        String s = new ManagementConfig.TcpListener(InetAddress.getLoopbackAddress(), 9443, TOKEN).toString();
        assertFalse(s.contains(TOKEN), s);
    }
}
