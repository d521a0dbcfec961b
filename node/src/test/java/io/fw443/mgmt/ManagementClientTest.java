package io.fw443.mgmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's failure modes, each with its own reason and message; a few with stand-in servers built here. */
@Timeout(30)
class ManagementClientTest {
    @TempDir
    Path dir;

    private UnreachableException fail(Path socket, Duration timeout) {
        return assertThrows(UnreachableException.class, () -> new ManagementClient(socket, timeout).get("/health"));
    }

    @Test
    void aMissingSocketMeansTheNodeIsNotRunning() {
        Path socket = dir.resolve("fw443.sock");
        UnreachableException e = fail(socket, Duration.ofSeconds(5));
        assertEquals(UnreachableException.Reason.NO_SOCKET, e.reason());
        assertEquals("node not running (no socket at " + socket + ")", e.getMessage());
    }

    @Test
    void aStaleSocketMeansNothingListens() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        UnreachableException e = fail(socket, Duration.ofSeconds(5));
        assertEquals(UnreachableException.Reason.NOT_LISTENING, e.reason());
        assertEquals("node not running (nothing listens on " + socket + ")", e.getMessage());
    }

    @Test
    void aRegularFileOrADirectoryIsNotASocket() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertEquals(UnreachableException.Reason.NOT_A_SOCKET, fail(file, Duration.ofSeconds(5)).reason());
        assertEquals(UnreachableException.Reason.NOT_A_SOCKET, fail(dir, Duration.ofSeconds(5)).reason());
        assertEquals("cannot open " + file + ": not a socket", fail(file, Duration.ofSeconds(5)).getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket));
            long startNs = System.nanoTime();
            UnreachableException e = fail(socket, Duration.ofMillis(300));
            long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            assertEquals(UnreachableException.Reason.TIMEOUT, e.reason());
            assertEquals("node at " + socket + " did not answer within 300 ms", e.getMessage());
            assertTrue(elapsedMs >= 290 && elapsedMs < 5_000, "took " + elapsedMs + " ms");
        }
    }

    @Test
    void somethingElseOnTheSocketIsABadResponse() throws Exception {
        Path socket = dir.resolve("fw443.sock");
        try (ServerSocketChannel impostor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            impostor.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SocketChannel ch = impostor.accept()) {
                    ch.write(ByteBuffer.wrap("SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            UnreachableException e = fail(socket, Duration.ofSeconds(5));
            served.get();
            assertEquals(UnreachableException.Reason.BAD_RESPONSE, e.reason());
            assertTrue(e.getMessage().contains("bad status line"), e.getMessage());
        }
    }

    @Test
    void aRealServerAnswers() throws IOException {
        Path socket = dir.resolve("fw443.sock");
        try (ManagementServer server = ManagementServer.start(ManagementConfig.socket(socket),
                new FakeManagementBackend())) {
            ManagementClient.Reply r = new ManagementClient(server.socketPath(), Duration.ofSeconds(5)).get("/health");
            assertEquals(200, r.status());
            assertEquals("application/json", r.contentType());
            assertArrayEquals("{\"status\":\"healthy\",\"reasons\":[]}\n".getBytes(StandardCharsets.UTF_8), r.body());
        }
    }

    static Stream<Arguments> jdkErrors() {
        return Stream.of(
                Arguments.of(new NoSuchFileException("/run/fw443/fw443.sock"), UnreachableException.Reason.NO_SOCKET),
                Arguments.of(new SocketException("No such file or directory"), UnreachableException.Reason.NO_SOCKET),
                Arguments.of(new AccessDeniedException("/run/fw443/fw443.sock"),
                        UnreachableException.Reason.PERMISSION_DENIED),
                Arguments.of(new SocketException("Permission denied"), UnreachableException.Reason.PERMISSION_DENIED),
                Arguments.of(new ConnectException("Connection refused"), UnreachableException.Reason.NOT_LISTENING),
                Arguments.of(new IOException("Broken pipe"), UnreachableException.Reason.IO_ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdkErrors")
    void jdkErrorsMapToReasons(IOException e, UnreachableException.Reason reason) {
        assertEquals(reason, ManagementClient.classify(Path.of("/run/fw443/fw443.sock"), e).reason());
    }

    @Test
    void permissionDeniedSaysWhatToDo() {
        assertEquals("cannot open /run/fw443/fw443.sock: permission denied (run as root or as the node's user)",
                ManagementClient.classify(Path.of("/run/fw443/fw443.sock"), new SocketException("Permission denied"))
                        .getMessage());
    }

    @Test
    void theSocketComesFromTheEnvironmentOrTheDefault() {
        assertEquals(Path.of("/run/fw443/fw443.sock"), ManagementClient.defaultSocket(Map.of()));
        assertEquals(Path.of("/run/fw443/fw443.sock"), ManagementClient.defaultSocket(Map.of("FW443_SOCKET", " ")));
        assertEquals(Path.of("/tmp/a.sock"), ManagementClient.defaultSocket(Map.of("FW443_SOCKET", "/tmp/a.sock")));
    }

    @Test
    void targetsEncodeValuesAndSkipNulls() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("sni", "*.example.test");
        params.put("src", null);
        params.put("cursor", "a b&c=d");
        assertEquals("/flows?sni=*.example.test&cursor=a+b%26c%3Dd", ManagementClient.target("/flows", params));
        assertEquals("/flows", ManagementClient.target("/flows", Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"health", "/health HTTP/1.1\r\nX-Injected: 1", "/a b", "/ä", ""})
    void targetsThatCouldBreakTheRequestAreRefused(String target) {
        ManagementClient c = new ManagementClient(dir.resolve("fw443.sock"), Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> c.get(target));
    }
}
