package io.fw443.mgmt;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A minimal HTTP/1.1 client for the management socket, on the JDK's own Unix domain socket channels (Java 16+), so
 * the CLI starts fast and loads no Netty. One request per connection ({@code Connection: close}); every step, from
 * connect to the last body byte, shares one deadline.
 */
public final class ManagementClient {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Environment variable naming the socket when {@code --socket} is not given. */
    public static final String SOCKET_ENV = "FW443_SOCKET";
    private static final int READ_CHUNK_BYTES = 8192;

    /** An HTTP response: status, Content-Type (empty if none) and body. */
    public record Reply(int status, String contentType, byte[] body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Path socket;
    private final Duration timeout;

    public ManagementClient(Path socket, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.socket = socket;
        this.timeout = timeout;
    }

    /** {@code $FW443_SOCKET} if set and not empty, else {@link ManagementConfig#DEFAULT_SOCKET}. */
    public static Path defaultSocket(Map<String, String> env) {
        String fromEnv = env.get(SOCKET_ENV);
        return fromEnv == null || fromEnv.isBlank() ? ManagementConfig.DEFAULT_SOCKET : Path.of(fromEnv);
    }

    /** {@code path?name=value&...} with values percent-encoded, parameters with null values left out. */
    public static String target(String path, Map<String, String> params) {
        StringJoiner query = new StringJoiner("&", path + "?", "").setEmptyValue(path);
        params.forEach((name, value) -> {
            if (value != null) {
                query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    public Reply get(String target) throws UnreachableException {
        return exchange("GET", target);
    }

    public Reply post(String target) throws UnreachableException {
        return exchange("POST", target);
    }

    private Reply exchange(String method, String target) throws UnreachableException {
        checkTarget(target);
        checkSocketFile();
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, 0);
            if (!ch.connect(UnixDomainSocketAddress.of(socket))) {
                while (!ch.finishConnect()) {
                    await(key, SelectionKey.OP_CONNECT, deadlineNs);
                }
            }
            ByteBuffer request = ByteBuffer.wrap(request(method, target));
            while (request.hasRemaining()) {
                if (ch.write(request) == 0) {
                    await(key, SelectionKey.OP_WRITE, deadlineNs);
                }
            }
            return readReply(ch, key, deadlineNs);
        } catch (UnreachableException e) {
            throw e;
        } catch (IOException e) {
            throw classify(socket, e);
        }
    }

    private Reply readReply(SocketChannel ch, SelectionKey key, long deadlineNs) throws IOException {
        byte[] received = new byte[READ_CHUNK_BYTES];
        int length = 0;
        ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK_BYTES);
        while (true) {
            chunk.clear();
            int n = ch.read(chunk);
            if (n == 0) {
                await(key, SelectionKey.OP_READ, deadlineNs);
                continue;
            }
            if (n > 0) {
                if (length + n > received.length) {
                    received = Arrays.copyOf(received, Math.max(received.length * 2, length + n));
                }
                System.arraycopy(chunk.array(), 0, received, length, n);
                length += n;
            }
            HttpReplyDecoder.Result r = HttpReplyDecoder.decode(received, length, n < 0);
            if (r instanceof HttpReplyDecoder.Decoded) {
                return ((HttpReplyDecoder.Decoded) r).reply();
            }
            if (r instanceof HttpReplyDecoder.Malformed) {
                throw new UnreachableException(UnreachableException.Reason.BAD_RESPONSE, socket,
                        ((HttpReplyDecoder.Malformed) r).reason());
            }
        }
    }

    private void await(SelectionKey key, int op, long deadlineNs) throws IOException {
        key.interestOps(op);
        long leftNs = deadlineNs - System.nanoTime();
        // select(0) would wait forever: round up to at least 1 ms.
        if (leftNs <= 0 || key.selector().select(Math.max(1, (leftNs + 999_999) / 1_000_000)) == 0
                && System.nanoTime() - deadlineNs >= 0) {
            throw new UnreachableException(UnreachableException.Reason.TIMEOUT, socket, timeout.toMillis() + " ms");
        }
        key.selector().selectedKeys().clear();
    }

    /** Tells a missing socket, a forbidden one and a non-socket apart before trying to connect. */
    private void checkSocketFile() throws UnreachableException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(socket, BasicFileAttributes.class);
        } catch (IOException e) {
            throw classify(socket, e);
        }
        if (!a.isOther()) {
            throw new UnreachableException(UnreachableException.Reason.NOT_A_SOCKET, socket, null);
        }
        // unix(7): connecting needs write permission on the socket file.
        if (!Files.isWritable(socket)) {
            throw new UnreachableException(UnreachableException.Reason.PERMISSION_DENIED, socket, null);
        }
    }

    /** Maps what the JDK throws for a Unix socket to a reason the operator can act on. */
    static UnreachableException classify(Path socket, IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        UnreachableException.Reason reason;
        if (e instanceof NoSuchFileException || message.contains("no such file")) {
            reason = UnreachableException.Reason.NO_SOCKET;
        } else if (e instanceof AccessDeniedException || message.contains("permission denied")) {
            reason = UnreachableException.Reason.PERMISSION_DENIED;
        } else if (e instanceof ConnectException || message.contains("connection refused")) {
            reason = UnreachableException.Reason.NOT_LISTENING;
        } else {
            reason = UnreachableException.Reason.IO_ERROR;
        }
        return new UnreachableException(reason, socket, e.getMessage());
    }

    private static byte[] request(String method, String target) {
        String head = method + " " + target + " HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "User-Agent: fw443-cli\r\n"
                + "Accept: application/json, text/plain\r\n"
                + (method.equals("POST") ? "Content-Length: 0\r\n" : "")
                + "Connection: close\r\n\r\n";
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 9112 §3.2 origin-form, visible ASCII only: nothing can smuggle a header into the request. */
    private static void checkTarget(String target) {
        if (target.isEmpty() || target.charAt(0) != '/' || !target.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("bad request target: " + target);
        }
    }
}
