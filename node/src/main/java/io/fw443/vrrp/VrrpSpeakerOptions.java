package io.fw443.vrrp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command line of {@link VrrpSpeakerMain}. Each option takes one argument; groups and the peer link take
 * comma-separated {@code key=value} lists, and lists inside a value are joined with {@code +}:
 * <pre>
 * --group vrid=51,dev=eth1,priority=150,vips=192.0.2.1,advert-ms=50
 *         [,primary=192.0.2.2][,preempt=true][,preempt-delay-ms=0][,accept=false][,vmac=false][,garp=5]
 *         [,peer-death-shortcut=false]               (repeatable)
 * --sync-group NAME=51+52                            (repeatable)
 * --garp-spacing-ms 50 --garp-refresh-ms 10000       (0 = no refresh)
 * --track-interface eth1=100                         (repeatable: demotion while the link is down)
 * --track-sync eth3=50                               (demotion while the sync link is down)
 * --track-resync 100=/run/fw443/resync-pending       (demotion while that file exists)
 * --track-interval-ms 100
 * --notify /path/script [--notify-timeout-ms 5000]
 * --peer-death listen=203.0.113.2:7870,connect=203.0.113.3:7870,peers=192.0.2.3+198.51.100.3
 * --status-file /path/status
 * </pre>
 * A group without {@code primary} uses the interface's first IPv4 address, or its IPv6 link-local address for an
 * IPv6 group (decided by the VIPs' family).
 */
public record VrrpSpeakerOptions(
        List<Group> groups,
        Map<String, Set<Integer>> syncGroups,
        long garpSpacingMs,
        long garpRefreshMs,
        Map<String, Integer> trackInterfaces,
        String trackSyncDevice,
        int trackSyncWeight,
        int trackResyncWeight,
        Path resyncPendingFile,
        long trackIntervalMs,
        Path notifyScript,
        Duration notifyTimeout,
        PeerDeath peerDeath,
        Path statusFile) {

    /**
     * One {@code --group}.
     *
     * @param primary null to take it from the interface
     */
    public record Group(int vrid, String device, int priority, List<InetAddress> vips, int advertIntervalMs,
                       InetAddress primary, boolean preempt, long preemptDelayMs, boolean accept,
                       boolean virtualMac, int gratuitousCount, boolean peerDeathShortcut) {

        /** The machine's configuration, once the primary address is known. */
        public VrrpGroupConfig config(InetAddress primaryAddress) {
            return new VrrpGroupConfig(vrid, priority, advertIntervalMs / 10, preempt, preemptDelayMs, accept,
                    primaryAddress, vips, peerDeathShortcut, gratuitousCount);
        }
    }

    /**
     * The {@code --peer-death} link.
     *
     * @param peers the peer's primary addresses on the groups' interfaces (what {@link VrrpEvent.PeerDeath} names)
     */
    public record PeerDeath(InetSocketAddress listen, InetSocketAddress connect, List<InetAddress> peers) {
    }

    /** Parses the arguments; throws {@link IllegalArgumentException} with a message naming the bad one. */
    public static VrrpSpeakerOptions parse(String... args) {
        List<Group> groups = new ArrayList<>();
        Map<String, Set<Integer>> syncGroups = new LinkedHashMap<>();
        Map<String, Integer> trackInterfaces = new LinkedHashMap<>();
        long garpSpacingMs = 50;
        long garpRefreshMs = 10_000;
        String trackSyncDevice = null;
        int trackSyncWeight = 0;
        int trackResyncWeight = 0;
        Path resyncFile = null;
        long trackIntervalMs = 100;
        Path notify = null;
        Duration notifyTimeout = Duration.ofSeconds(5);
        PeerDeath peerDeath = null;
        Path status = null;
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[i + 1];
            switch (option) {
                case "--group" -> groups.add(group(keyValues(option, value)));
                case "--sync-group" -> {
                    String[] kv = pair(option, value);
                    Set<Integer> vrids = new LinkedHashSet<>();
                    for (String v : kv[1].split("\\+")) {
                        vrids.add(integer(option, v));
                    }
                    syncGroups.put(kv[0], vrids);
                }
                case "--garp-spacing-ms" -> garpSpacingMs = integer(option, value);
                case "--garp-refresh-ms" -> garpRefreshMs = integer(option, value);
                case "--track-interface" -> {
                    String[] kv = pair(option, value);
                    trackInterfaces.put(kv[0], integer(option, kv[1]));
                }
                case "--track-sync" -> {
                    String[] kv = pair(option, value);
                    trackSyncDevice = kv[0];
                    trackSyncWeight = integer(option, kv[1]);
                }
                case "--track-resync" -> {
                    String[] kv = pair(option, value);
                    trackResyncWeight = integer(option, kv[0]);
                    resyncFile = Path.of(kv[1]);
                }
                case "--track-interval-ms" -> trackIntervalMs = integer(option, value);
                case "--notify" -> notify = Path.of(value);
                case "--notify-timeout-ms" -> notifyTimeout = Duration.ofMillis(integer(option, value));
                case "--peer-death" -> peerDeath = peerDeath(keyValues(option, value));
                case "--status-file" -> status = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("at least one --group is needed");
        }
        if (trackIntervalMs <= 0) {
            throw new IllegalArgumentException("--track-interval-ms must be > 0");
        }
        return new VrrpSpeakerOptions(List.copyOf(groups), Map.copyOf(syncGroups), garpSpacingMs, garpRefreshMs,
                Map.copyOf(trackInterfaces), trackSyncDevice, trackSyncWeight, trackResyncWeight, resyncFile,
                trackIntervalMs, notify, notifyTimeout, peerDeath, status);
    }

    /** The tracking weights these options configure. */
    public VrrpTracking tracking() {
        Map<String, Integer> interfaces = new LinkedHashMap<>(trackInterfaces);
        return new VrrpTracking(0, trackSyncWeight, trackResyncWeight, interfaces);
    }

    private static Group group(Map<String, String> kv) {
        String option = "--group";
        int vrid = integer(option, required(kv, "vrid"));
        String device = required(kv, "dev");
        int priority = integer(option, kv.getOrDefault("priority", "100"));
        List<InetAddress> vips = new ArrayList<>();
        for (String v : required(kv, "vips").split("\\+")) {
            vips.add(address(option, v));
        }
        int advertMs = integer(option, kv.getOrDefault("advert-ms", "1000"));
        if (advertMs < 10 || advertMs % 10 != 0) {
            throw new IllegalArgumentException("--group " + vrid + ": advert-ms must be a multiple of 10 ms (the "
                    + "wire carries centiseconds): " + advertMs);
        }
        InetAddress primary = kv.containsKey("primary") ? address(option, kv.get("primary")) : null;
        Group g = new Group(vrid, device, priority, List.copyOf(vips), advertMs, primary,
                bool(option, kv.getOrDefault("preempt", "true")),
                integer(option, kv.getOrDefault("preempt-delay-ms", "0")),
                bool(option, kv.getOrDefault("accept", "false")),
                bool(option, kv.getOrDefault("vmac", "false")),
                integer(option, kv.getOrDefault("garp", Integer.toString(VrrpGroupConfig.DEFAULT_GRATUITOUS_COUNT))),
                bool(option, kv.getOrDefault("peer-death-shortcut", "false")));
        Set<String> known = Set.of("vrid", "dev", "priority", "vips", "advert-ms", "primary", "preempt",
                "preempt-delay-ms", "accept", "vmac", "garp", "peer-death-shortcut");
        for (String key : kv.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("--group " + vrid + ": unknown key " + key);
            }
        }
        // Validates ranges now rather than at start-up (any address of the VIPs' family stands in for the primary).
        g.config(primary != null ? primary : vips.get(0));
        return g;
    }

    private static PeerDeath peerDeath(Map<String, String> kv) {
        String option = "--peer-death";
        List<InetAddress> peers = new ArrayList<>();
        for (String v : required(kv, "peers").split("\\+")) {
            peers.add(address(option, v));
        }
        return new PeerDeath(socket(option, required(kv, "listen")), socket(option, required(kv, "connect")),
                List.copyOf(peers));
    }

    private static Map<String, String> keyValues(String option, String value) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String[] p = pair(option, part);
            kv.put(p[0], p[1]);
        }
        return kv;
    }

    private static String[] pair(String option, String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(option + ": expected key=value, got '" + value + "'");
        }
        return new String[] {value.substring(0, eq), value.substring(eq + 1)};
    }

    private static String required(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing " + key + "= in " + kv);
        }
        return v;
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: '" + value + "'");
        }
    }

    private static boolean bool(String option, String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(option + ": expected true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static InetAddress address(String option, String literal) {
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException(option + ": not an IP address literal: '" + literal + "'");
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + ": not an IP address: '" + literal + "'");
        }
    }

    private static InetSocketAddress socket(String option, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(option + ": expected ADDRESS:PORT, got '" + value + "'");
        }
        String host = value.substring(0, colon).replaceAll("^\\[|]$", "");
        return new InetSocketAddress(address(option, host), integer(option, value.substring(colon + 1)));
    }
}
