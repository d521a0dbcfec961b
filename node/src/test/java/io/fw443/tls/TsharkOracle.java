package io.fw443.tls;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tshark's own dissection of a capture, as the independent expectation for SNI, ALPN, JA3, JA3S and
 * the selected version: {@code tls.handshake.extensions_server_name}, {@code extensions_alpn_str},
 * {@code ja3(_full)}, {@code ja3s(_full)}, {@code extensions.supported_version}. Hellos are keyed by
 * the client endpoint "ip:port", the first of each kind per connection. One tshark run per capture.
 */
final class TsharkOracle {
    record Client(String sni, String ja3Full, String ja3, String firstAlpn) {
    }

    /** {@code selectedVersion} is supported_versions' value if present, else the legacy version ("0x0303"). */
    record Server(String ja3sFull, String ja3s, String selectedVersion) {
    }

    record Hellos(Map<String, Client> clients, Map<String, Server> servers) {
    }

    private static final String[] FIELDS = {"tls.handshake.type", "ip.src", "ipv6.src", "tcp.srcport", "ip.dst",
        "ipv6.dst", "tcp.dstport", "tls.handshake.extensions_server_name", "tls.handshake.ja3_full",
        "tls.handshake.ja3", "tls.handshake.extensions_alpn_str", "tls.handshake.ja3s_full", "tls.handshake.ja3s",
        "tls.handshake.extensions.supported_version", "tls.handshake.version"};

    private TsharkOracle() {
    }

    static boolean available() {
        return Processes.onPath("tshark");
    }

    static Hellos read(Path capture) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", capture.toString(), "-n",
                "-Y", "tcp && (tls.handshake.type == 1 || tls.handshake.type == 2)",
                "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f"));
        for (String f : FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        Processes.Result r = Processes.run(60, cmd);
        Map<String, Client> clients = new LinkedHashMap<>();
        Map<String, Server> servers = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f[0].equals("1")) {
                clients.putIfAbsent(endpoint(f[1], f[2], f[3]),
                        new Client(emptyToNull(f[7]), f[8], f[9], emptyToNull(f[10])));
            } else if (f[0].equals("2")) {
                servers.putIfAbsent(endpoint(f[4], f[5], f[6]), new Server(f[11], f[12], f[13].isEmpty() ? f[14] : f[13]));
            }
        }
        return new Hellos(clients, servers);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String endpoint(String v4, String v6, String port) throws Exception {
        return InetAddress.getByName(v4.isEmpty() ? v6 : v4).getHostAddress() + ":" + port;
    }
}
