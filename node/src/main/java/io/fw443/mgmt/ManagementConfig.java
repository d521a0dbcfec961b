package io.fw443.mgmt;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the management API listens: always a Unix domain socket (mode 0600, so only the node's user can talk to
 * it), optionally also a TCP port on a loopback address for a local Prometheus that cannot read the socket.
 *
 * @param tcp null for none
 */
public record ManagementConfig(Path socketPath, TcpListener tcp) {
    /** The socket the node listens on and the CLI connects to unless told otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/fw443/fw443.sock");

    public ManagementConfig {
        Objects.requireNonNull(socketPath, "socketPath");
    }

    public static ManagementConfig socket(Path socketPath) {
        return new ManagementConfig(socketPath, null);
    }

    /**
     * A loopback TCP listener that requires {@code Authorization: Bearer <token>} on every request.
     *
     * @param port  0 picks a free port (tests)
     * @param token RFC 6750 §2.1 b64token syntax, at least {@value #MIN_TOKEN_CHARS} characters
     */
    public record TcpListener(InetAddress address, int port, String token) {
        public static final int MIN_TOKEN_CHARS = 16;
        /** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
        private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

        public TcpListener {
            Objects.requireNonNull(address, "address");
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("management TCP listener must bind a loopback address, not "
                        + address.getHostAddress());
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("bad port " + port);
            }
            if (token == null || token.length() < MIN_TOKEN_CHARS || !B64TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("management token must be at least " + MIN_TOKEN_CHARS
                        + " characters of RFC 6750 b64token syntax");
            }
        }

        /** Keeps the token out of logs. */
        @Override
        public String toString() {
            return "TcpListener[" + address.getHostAddress() + ":" + port + ", token=<redacted>]";
        }
    }
}
