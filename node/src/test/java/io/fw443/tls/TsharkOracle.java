package io.fw443.tls;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * tshark's own dissection of a capture, as the independent expectation for SNI, JA3 and JA3S:
 * {@code tls.handshake.extensions_server_name}, {@code tls.handshake.ja3(_full)},
 * {@code tls.handshake.ja3s(_full)}. Keyed by the client endpoint "ip:port"; first hello per stream.
 */
final class TsharkOracle {
    record Client(String sni, String ja3Full, String ja3, String firstAlpn) {
    }

    /** {@code selectedVersion} is supported_versions' value if present, else the legacy version ("0x0303"). */
    record Server(String ja3sFull, String ja3s, String selectedVersion) {
    }

    private TsharkOracle() {
    }

    static boolean available() {
        return Processes.onPath("tshark");
    }

    static Map<String, Client> clientHellos(Path capture) throws Exception {
        Map<String, Client> out = new LinkedHashMap<>();
        for (String[] f : fields(capture, "tcp && tls.handshake.type == 1", "ip.src", "ipv6.src", "tcp.srcport",
                "tls.handshake.extensions_server_name", "tls.handshake.ja3_full", "tls.handshake.ja3",
                "tls.handshake.extensions_alpn_str")) {
            out.putIfAbsent(endpoint(f[0], f[1], f[2]),
                    new Client(f[3].isEmpty() ? null : f[3], f[4], f[5], f[6].isEmpty() ? null : f[6]));
        }
        return out;
    }

    static Map<String, Server> serverHellos(Path capture) throws Exception {
        Map<String, Server> out = new LinkedHashMap<>();
        for (String[] f : fields(capture, "tcp && tls.handshake.type == 2", "ip.dst", "ipv6.dst", "tcp.dstport",
                "tls.handshake.ja3s_full", "tls.handshake.ja3s", "tls.handshake.extensions.supported_version",
                "tls.handshake.version")) {
            out.putIfAbsent(endpoint(f[0], f[1], f[2]), new Server(f[3], f[4], f[5].isEmpty() ? f[6] : f[5]));
        }
        return out;
    }

    static String endpoint(String v4, String v6, String port) throws Exception {
        String ip = v4.isEmpty() ? v6 : v4;
        return java.net.InetAddress.getByName(ip).getHostAddress() + ":" + port;
    }

    private static java.util.List<String[]> fields(Path capture, String filter, String... names) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                "tshark", "-r", capture.toString(), "-n", "-Y", filter, "-T", "fields", "-E", "separator=/t",
                "-E", "occurrence=f"));
        for (String n : names) {
            cmd.add("-e");
            cmd.add(n);
        }
        Processes.Result r = Processes.run(60, cmd);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("tshark failed: " + r.stderr());
        }
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }
}
