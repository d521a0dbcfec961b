package io.fw443.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Binds the composed YAML tree of one config file into a {@link NodeConfig}. Sections are bound in
 * dependency order (interfaces before everything that names them), whatever their order in the file.
 * Binding never stops at a problem; the caller discards the result when any was reported.
 */
final class ConfigBinder {

    static final long DEFAULT_MAX_FLOWS = 1_000_000;
    static final long MIN_MAX_FLOWS = 1_000;
    static final long MAX_MAX_FLOWS = 100_000_000;
    static final int DEFAULT_MTU = 1500;
    /** IPv4 minimum MTU (RFC 791). */
    static final int MIN_MTU_V4 = 68;
    /** IPv6 minimum link MTU (RFC 8200 §5). */
    static final int MIN_MTU_V6 = 1280;
    /** sun_path holds 108 bytes including the terminating NUL (unix(7)). */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    private final Problems problems;
    private final PathResolver paths;
    private final BoundInterfaces interfaces = new BoundInterfaces();

    ConfigBinder(Problems problems, PathResolver paths) {
        this.problems = problems;
        this.paths = paths;
    }

    NodeConfig bind(Node root) {
        YamlMap top = YamlMap.item(root, "", Section.TOP, problems);
        if (top.present() && !top.has("node")) {
            top.missing("node", "node: { id: fw-a }");
        }
        if (top.present() && !top.has("interfaces")) {
            top.missing("interfaces", "a list of interfaces, at least one with role data");
        }
        YamlMap node = top.map("node", Section.NODE);
        String id = node.requiredString("id", TextRules.NODE_ID, TextRules.NODE_ID_RULE);
        String idOrPlaceholder = id == null ? "node" : id;
        List<InterfaceConfig> boundInterfaces = bindInterfaces(top);
        NodeIdentity identity = bindIdentity(node, idOrPlaceholder);
        List<RouteConfig> routes = bindRoutes(top);
        VrrpConfig vrrp = new VrrpBinder(problems, paths, interfaces).bind(top.map("vrrp", Section.VRRP));
        YamlMap clusterMap = top.map("cluster", Section.CLUSTER);
        Optional<ClusterConfig> cluster = clusterMap.present()
                ? Optional.of(new ClusterBinder(problems, paths, interfaces).bind(clusterMap))
                : Optional.empty();
        TableConfig table = bindTable(top.map("table", Section.TABLE), identity.dataDir());
        PolicyConfig policy = new PolicyBinder(problems, paths, interfaces).bind(top.map("policy", Section.POLICY));
        LimitsConfig limits = bindLimits(top.map("limits", Section.LIMITS), table.maxFlows());
        ConntrackConfig conntrack = bindConntrack(top.map("conntrack", Section.CONNTRACK));
        ManagementConfig management = bindManagement(top.map("management", Section.MANAGEMENT), idOrPlaceholder);
        LoggingConfig logging = bindLogging(top.map("logging", Section.LOGGING));
        return new NodeConfig(identity, boundInterfaces, routes, vrrp, cluster, table, policy, limits, conntrack,
                management, logging);
    }

    // ---- node ----------------------------------------------------------------------------------

    private NodeIdentity bindIdentity(YamlMap node, String id) {
        Path dataDir = absolute(node, "data-dir", Path.of("/var/lib/fw443", id));
        Long number = node.integer("node-number", 1, 65_535, "it is the 16-bit origin id of the node's flows");
        int nodeNumber = number != null ? number.intValue() : derivedNodeNumber(node);
        return new NodeIdentity(id, nodeNumber, dataDir);
    }

    /**
     * The node number defaults to the host part of the first address of the first sync interface,
     * modulo 65536 (203.0.113.2/24 gives 2): peers on one sync subnet of at most 65536 addresses get
     * distinct numbers. Without a sync interface the node is standalone and numbered 1.
     */
    private int derivedNodeNumber(YamlMap node) {
        Optional<InterfaceConfig> sync = interfaces.all().stream()
                .filter(i -> i.role() == InterfaceConfig.Role.SYNC && !i.addresses().isEmpty()).findFirst();
        if (sync.isEmpty()) {
            return 1;
        }
        Cidr address = sync.get().addresses().get(0);
        int hostPart = (int) ((address.address().low() - address.network().address().low()) & 0xFFFF);
        if (hostPart == 0 && node.present()) {
            problems.at(node.node(), "node: node-number cannot be derived from sync address " + address
                    + " (the low 16 bits of its host part are 0); set node-number: 1..65535, unique in the cluster");
        }
        return hostPart;
    }

    /** An absolute path under {@code key}, or {@code defaultValue}. */
    private static Path absolute(YamlMap map, String key, Path defaultValue) {
        Path path = map.path(key);
        if (path == null) {
            return defaultValue;
        }
        if (!path.isAbsolute()) {
            map.problem(key, "'" + path + "' must be an absolute path (the node does not depend on its working"
                    + " directory), e.g. " + defaultValue);
            return defaultValue;
        }
        return path.normalize();
    }

    // ---- interfaces ----------------------------------------------------------------------------

    private List<InterfaceConfig> bindInterfaces(YamlMap top) {
        List<Node> items = top.list("interfaces");
        Map<String, Node> names = new HashMap<>();
        Map<String, Node> devices = new HashMap<>();
        List<Cidr> subnets = new ArrayList<>();
        List<String> subnetOwners = new ArrayList<>();
        List<Node> subnetNodes = new ArrayList<>();
        boolean anyData = false;
        boolean allRolesKnown = true;
        for (int i = 0; i < items.size(); i++) {
            String path = "interfaces[" + i + "]";
            int before = problems.count();
            YamlMap map = YamlMap.item(items.get(i), path, Section.INTERFACE, problems);
            String name = map.requiredString("name", TextRules.NAME, TextRules.NAME_RULE);
            if (name != null && !unique(names, name, map.get("name"), map.sub("name"), "interface name")) {
                name = null;
            }
            String device = map.requiredString("device", TextRules.DEVICE, TextRules.DEVICE_RULE);
            if (device != null) {
                unique(devices, device, map.get("device"), map.sub("device"), "device");
            }
            if (map.present() && !map.has("role")) {
                map.missing("role", "data, sync or management");
            }
            InterfaceConfig.Role role = map.keyword("role", InterfaceConfig.Role.class, null);
            anyData |= role == InterfaceConfig.Role.DATA;
            allRolesKnown &= role != null;
            String zone = bindZone(map, role);
            List<Node> addressNodes = new ArrayList<>();
            List<Cidr> addresses = bindAddresses(map, role, addressNodes);
            boolean hasV6 = addresses.stream().anyMatch(c -> !c.address().isV4());
            int minMtu = hasV6 ? MIN_MTU_V6 : MIN_MTU_V4;
            int mtu = (int) map.integer("mtu", DEFAULT_MTU, minMtu, 65_535,
                    hasV6 ? "IPv6 needs at least 1280, RFC 8200 §5" : "IPv4 needs at least 68, RFC 791");
            Optional<MacAddress> mac = Optional.ofNullable(map.get("mac"))
                    .map(n -> Scalars.parsed(n, map.sub("mac"), problems, "a MAC address", MacAddress::parse));
            boolean icmpEcho = map.bool("icmp-echo", true);
            if (name != null) {
                interfaces.addName(name);
                for (int a = 0; a < addresses.size(); a++) {
                    subnets.add(addresses.get(a));
                    subnetOwners.add(name);
                    subnetNodes.add(addressNodes.get(a));
                }
            }
            if (zone != null) {
                interfaces.addZone(zone);
            }
            if (problems.count() == before && name != null) {
                interfaces.addClean(new InterfaceConfig(name, device, role, Optional.ofNullable(zone), addresses, mtu,
                        mac, icmpEcho));
            }
        }
        checkOverlaps(subnets, subnetOwners, subnetNodes);
        if (top.get("interfaces") instanceof SequenceNode && items.isEmpty()) {
            top.problem("interfaces", "the list is empty; at least one interface needs role data");
        } else if (!items.isEmpty() && allRolesKnown && !anyData) {
            top.problem("interfaces", "at least one interface needs role data (the node filters traffic"
                    + " between data interfaces)");
        }
        return interfaces.all();
    }

    private String bindZone(YamlMap map, InterfaceConfig.Role role) {
        if (role == InterfaceConfig.Role.DATA && !map.has("zone")) {
            map.missing("zone", "a data interface belongs to a policy zone, e.g. clients");
            return null;
        }
        if (role != null && role != InterfaceConfig.Role.DATA && map.has("zone")) {
            map.problem("zone", "only data interfaces have a zone (this one has role " + role.keyword() + ")");
            return null;
        }
        return map.string("zone", TextRules.NAME, TextRules.NAME_RULE);
    }

    /** The interface's addresses; {@code nodes} receives the node of each, for later messages. */
    private List<Cidr> bindAddresses(YamlMap map, InterfaceConfig.Role role, List<Node> nodes) {
        if (map.has("address") && map.has("addresses")) {
            map.problem("addresses", "use either 'address' or 'addresses', not both");
            return List.of();
        }
        String key = map.has("addresses") ? "addresses" : "address";
        if (!map.has(key)) {
            if (role == InterfaceConfig.Role.DATA || role == InterfaceConfig.Role.SYNC) {
                map.missing("address", "a " + role.keyword() + " interface needs at least one address/prefix,"
                        + " e.g. 192.0.2.2/24");
            }
            return List.of();
        }
        boolean single = map.get(key) instanceof ScalarNode;
        List<Node> items = map.listOrOne(key);
        if (items.isEmpty() && map.get(key) instanceof SequenceNode) {
            map.problem(key, "needs at least one address/prefix, e.g. 192.0.2.2/24");
        }
        List<Cidr> addresses = new ArrayList<>();
        for (int a = 0; a < items.size(); a++) {
            String path = map.sub(key) + (single ? "" : "[" + a + "]");
            Cidr cidr = Scalars.parsed(items.get(a), path, problems, "an address/prefix such as 192.0.2.2/24",
                    t -> Cidr.parse(t, true));
            if (cidr == null) {
                continue;
            }
            String special = specialAddress(cidr);
            if (special != null) {
                problems.at(items.get(a), path + ": " + cidr + " is " + special + "; an interface address is the"
                        + " node's own host address with its subnet prefix, e.g. 192.0.2.2/24");
                continue;
            }
            addresses.add(cidr);
            nodes.add(items.get(a));
        }
        return addresses;
    }

    private static String specialAddress(Cidr cidr) {
        IpAddress address = cidr.address();
        if (address.isUnspecified()) {
            return "the unspecified address";
        }
        if (address.isMulticast()) {
            return "a multicast address";
        }
        if (address.isLoopback()) {
            return "a loopback address";
        }
        if (cidr.isNetworkOrBroadcastOfV4Subnet()) {
            return cidr.isNetwork() ? "the network address of its subnet" : "the broadcast address of its subnet";
        }
        return null;
    }

    /** Two interfaces on one subnet would make forwarding and ARP ambiguous. */
    private void checkOverlaps(List<Cidr> subnets, List<String> owners, List<Node> nodes) {
        for (int i = 0; i < subnets.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (subnets.get(i).overlaps(subnets.get(j)) && !owners.get(i).equals(owners.get(j))) {
                    problems.at(nodes.get(i), "interfaces: " + subnets.get(i) + " of '" + owners.get(i)
                            + "' overlaps " + subnets.get(j) + " of '" + owners.get(j)
                            + "'; each interface needs its own subnet");
                }
            }
        }
    }

    /** Records {@code value} as seen; reports it when it was seen before. */
    private boolean unique(Map<String, Node> seen, String value, Node at, String path, String what) {
        Node first = seen.putIfAbsent(value, at);
        if (first != null) {
            problems.at(at, path + ": duplicate " + what + " '" + value + "' (first at line "
                    + first.getStartMark().map(m -> m.getLine() + 1).orElse(0) + ")");
            return false;
        }
        return true;
    }

    // ---- routes --------------------------------------------------------------------------------

    private List<RouteConfig> bindRoutes(YamlMap top) {
        List<Node> items = top.list("routes");
        List<RouteConfig> routes = new ArrayList<>();
        Map<String, Node> destinations = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMap map = YamlMap.item(items.get(i), "routes[" + i + "]", Section.ROUTE, problems);
            Cidr to = requiredNetwork(map, "to", "a destination network such as 0.0.0.0/0 or 2001:db8::/32");
            if (to != null) {
                unique(destinations, to.toString(), map.get("to"), map.sub("to"), "route destination");
            }
            IpAddress via = null;
            if (!map.has("via")) {
                map.missing("via", "the next-hop address, e.g. 198.51.100.254");
            } else {
                via = Scalars.parsed(map.get("via"), map.sub("via"), problems, "an address such as 198.51.100.254",
                        IpAddress::parse);
            }
            String ifName = map.requiredString("interface", TextRules.NAME, "the name of the interface the next hop"
                    + " is on");
            InterfaceConfig iface = ifName == null ? null
                    : interfaces.resolve(map.get("interface"), map.sub("interface"), ifName, problems);
            if (to != null && via != null && to.address().family() != via.family()) {
                map.problem("via", via + " is " + familyName(via) + " but the destination " + to + " is "
                        + familyName(to.address()));
            } else if (via != null && iface != null) {
                checkNextHop(map, via, iface);
            }
            if (to != null && via != null && ifName != null) {
                routes.add(new RouteConfig(to, via, ifName));
            }
        }
        return routes;
    }

    private void checkNextHop(YamlMap map, IpAddress via, InterfaceConfig iface) {
        Optional<Cidr> subnet = iface.subnetContaining(via);
        if (subnet.isEmpty()) {
            map.problem("via", via + " is not inside a subnet of interface '" + iface.name() + "' ("
                    + subnetsOf(iface) + "); a next hop must be directly reachable");
        } else if (iface.addresses().stream().anyMatch(c -> c.address().equals(via))) {
            map.problem("via", via + " is the node's own address on '" + iface.name() + "'; give the next router");
        }
    }

    static String subnetsOf(InterfaceConfig iface) {
        return iface.addresses().isEmpty() ? "it has no addresses"
                : String.join(", ", iface.addresses().stream().map(c -> c.network().toString()).toList());
    }

    static String familyName(IpAddress address) {
        return address.isV4() ? "IPv4" : "IPv6";
    }

    /** A network (host bits zero) under {@code key}; a bare address is a host route. */
    static Cidr network(Node node, String path, Problems problems) {
        Cidr cidr = Scalars.parsed(node, path, problems, "a network such as 198.51.100.0/24",
                t -> Cidr.parse(t, false));
        if (cidr != null && !cidr.isNetwork()) {
            problems.at(node, path + ": " + cidr + " has host bits set; did you mean " + cidr.network() + "?");
            return null;
        }
        return cidr;
    }

    private Cidr requiredNetwork(YamlMap map, String key, String what) {
        if (!map.has(key)) {
            map.missing(key, what);
            return null;
        }
        return network(map.get(key), map.sub(key), problems);
    }

    // ---- table, limits, conntrack, management, logging --------------------------------------------

    private TableConfig bindTable(YamlMap map, Path dataDir) {
        long maxFlows = map.integer("max-flows", DEFAULT_MAX_FLOWS, MIN_MAX_FLOWS, MAX_MAX_FLOWS, "");
        Path file = map.path("file");
        Optional<Path> resolved = Optional.ofNullable(file).map(f -> dataDir.resolve(f).normalize());
        Duration budget = map.duration("expiry-budget", Duration.ofMillis(1), Duration.ofNanos(10_000),
                Duration.ofMillis(100));
        return new TableConfig(maxFlows, resolved, budget);
    }

    private LimitsConfig bindLimits(YamlMap map, long maxFlows) {
        long perSource = map.integer("max-flows-per-source", 10_000, 1, maxFlows,
                "at most table.max-flows, " + maxFlows);
        Rate rate = Optional.ofNullable(map.get("new-flows-per-source"))
                .map(n -> Scalars.parsed(n, map.sub("new-flows-per-source"), problems,
                        "a rate (" + Durations.RATE_FORM + ")", Durations::parseRate))
                .orElse(new Rate(500, Duration.ofSeconds(1)));
        long burst = map.integer("burst", rate.count(), 1, 1_000_000_000, "");
        return new LimitsConfig(perSource, rate, burst);
    }

    private ConntrackConfig bindConntrack(YamlMap map) {
        YamlMap t = map.map("timeouts", Section.TIMEOUTS);
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofDays(30);
        ConntrackTimeouts timeouts = new ConntrackTimeouts(
                t.duration("syn-sent", Duration.ofMinutes(2), min, max),
                t.duration("syn-recv", Duration.ofSeconds(60), min, max),
                t.duration("established", Duration.ofDays(5), min, max),
                t.duration("fin-wait", Duration.ofMinutes(2), min, max),
                t.duration("close-wait", Duration.ofSeconds(60), min, max),
                t.duration("last-ack", Duration.ofSeconds(30), min, max),
                t.duration("time-wait", Duration.ofMinutes(2), min, max),
                t.duration("close", Duration.ofSeconds(10), min, max),
                t.duration("udp", Duration.ofSeconds(30), min, max),
                t.duration("udp-stream", Duration.ofSeconds(120), min, max),
                t.duration("icmp", Duration.ofSeconds(30), min, max));
        return new ConntrackConfig(timeouts, map.bool("pickup", true));
    }

    private ManagementConfig bindManagement(YamlMap map, String id) {
        Path socket = absolute(map, "socket", Path.of("/run/fw443", id + ".sock"));
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            map.problem("socket", "'" + socket + "' is longer than " + MAX_SOCKET_PATH_BYTES
                    + " bytes, the limit of a Unix socket path (unix(7))");
        }
        Optional<HostPort> tcp = Optional.ofNullable(map.get("tcp"))
                .map(n -> Scalars.parsed(n, map.sub("tcp"), problems, "a loopback address:port such as 127.0.0.1:9443",
                        HostPort::parse));
        if (tcp.isPresent() && !tcp.get().address().isLoopback()) {
            map.problem("tcp", tcp.get() + " is not a loopback address; the TCP listener is for local scrapers"
                    + " only: use 127.0.0.1:PORT or [::1]:PORT");
        }
        Optional<Path> tokenFile = Optional.ofNullable(map.path("token-file")).map(paths::input);
        if (map.has("tcp") && !map.has("token-file")) {
            map.missing("token-file", "the bearer token file TCP clients must present; required with tcp");
        }
        if (!map.has("tcp") && map.has("token-file")) {
            map.problem("token-file", "only used with tcp; remove it or set tcp: 127.0.0.1:PORT");
        }
        return new ManagementConfig(socket, tcp, tokenFile);
    }

    private LoggingConfig bindLogging(YamlMap map) {
        return new LoggingConfig(map.keyword("format", LoggingConfig.Format.class, LoggingConfig.Format.TEXT),
                map.keyword("level", LoggingConfig.Level.class, LoggingConfig.Level.INFO));
    }
}
