package io.fw443.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Binds the {@code vrrp} section: groups, sync groups, tracking. */
final class VrrpBinder {

    static final int DEFAULT_PRIORITY = 100;
    static final Duration DEFAULT_ADVERT_INTERVAL = Duration.ofSeconds(1);
    /** Max Adver Int is 12 bits of centiseconds: 10 ms .. 40.95 s (RFC 5798 §5.2.7). */
    static final Duration MIN_ADVERT_INTERVAL = Duration.ofMillis(10);
    static final Duration MAX_ADVERT_INTERVAL = Duration.ofMillis(40_950);
    /** Count IPvX Addr is one octet (RFC 5798 §5.2.5). */
    static final int MAX_VIPS = 255;
    static final String PRIORITY_WHY = "RFC 5798 §5.2.4: 255 is reserved for the address owner, 0 for a master"
            + " that resigns";
    static final String WEIGHT_WHY = "a weight is subtracted from a priority of at most 254";

    private final Problems problems;
    private final PathResolver paths;
    private final BoundInterfaces interfaces;

    VrrpBinder(Problems problems, PathResolver paths, BoundInterfaces interfaces) {
        this.problems = problems;
        this.paths = paths;
        this.interfaces = interfaces;
    }

    VrrpConfig bind(YamlMap map) {
        Map<Integer, Node> groupIds = new LinkedHashMap<>();
        List<VrrpGroupConfig> groups = bindGroups(map, groupIds);
        List<SyncGroupConfig> syncGroups = bindSyncGroups(map, groupIds);
        TrackConfig track = bindTrack(map.map("track", Section.TRACK));
        Optional<Path> notify = Optional.ofNullable(map.path("notify")).map(paths::input);
        return new VrrpConfig(groups, syncGroups, track, notify, map.bool("peer-death-shortcut", true));
    }

    private List<VrrpGroupConfig> bindGroups(YamlMap vrrp, Map<Integer, Node> ids) {
        List<Node> items = vrrp.list("groups");
        List<VrrpGroupConfig> groups = new ArrayList<>();
        Map<IpAddress, Integer> vipOwners = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMap map = YamlMap.item(items.get(i), "vrrp.groups[" + i + "]", Section.VRRP_GROUP, problems);
            if (map.present() && !map.has("id")) {
                map.missing("id", "the VRID, 1..255");
            }
            Long id = map.integer("id", 1, 255, "RFC 5798 §5.2.3");
            if (id != null && ids.putIfAbsent(id.intValue(), map.get("id")) != null) {
                map.problem("id", "duplicate VRRP group id " + id + " (first at line "
                        + ids.get(id.intValue()).getStartMark().map(m -> m.getLine() + 1).orElse(0) + ")");
                id = null;
            }
            String ifName = map.requiredString("interface", TextRules.NAME, "the name of a data interface");
            InterfaceConfig iface = ifName == null ? null
                    : interfaces.resolve(map.get("interface"), map.sub("interface"), ifName, problems);
            if (iface != null && iface.role() != InterfaceConfig.Role.DATA) {
                map.problem("interface", "'" + ifName + "' has role " + iface.role().keyword()
                        + "; VRRP groups run on data interfaces");
                iface = null;
            }
            List<Cidr> vips = bindVips(map, iface, id == null ? 0 : id.intValue(), vipOwners);
            int priority = (int) map.integer("priority", DEFAULT_PRIORITY, 1, 254, PRIORITY_WHY);
            Duration advert = advertInterval(map);
            boolean preempt = map.bool("preempt", true);
            Duration preemptDelay = map.duration("preempt-delay", Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
            boolean acceptMode = map.bool("accept-mode", false);
            boolean virtualMac = map.bool("virtual-mac", false);
            GarpConfig garp = bindGarp(map.map("garp", Section.GARP));
            if (id != null && ifName != null) {
                groups.add(new VrrpGroupConfig(id.intValue(), ifName, vips, priority, advert, preempt, preemptDelay,
                        acceptMode, virtualMac, garp));
            }
        }
        return groups;
    }

    private Duration advertInterval(YamlMap map) {
        Duration advert = map.duration("advert-interval", DEFAULT_ADVERT_INTERVAL, MIN_ADVERT_INTERVAL,
                MAX_ADVERT_INTERVAL);
        if (advert.toNanos() % MIN_ADVERT_INTERVAL.toNanos() != 0) {
            map.problem("advert-interval", Durations.format(advert) + " is not a whole number of centiseconds"
                    + " (VRRPv3 carries the interval in units of 10ms, RFC 5798 §5.2.7)");
            return DEFAULT_ADVERT_INTERVAL;
        }
        return advert;
    }

    /**
     * VIPs: one family per group (RFC 5798 §1: IPv4 and IPv6 virtual routers are separate), each inside
     * a subnet of the group's interface (a VIP is answered for on that link only), written with that
     * subnet's prefix or none, not an interface address, and in one group only.
     */
    private List<Cidr> bindVips(YamlMap map, InterfaceConfig iface, int id, Map<IpAddress, Integer> owners) {
        if (map.present() && !map.has("vips")) {
            map.missing("vips", "the group's virtual addresses, e.g. [192.0.2.1/24]");
            return List.of();
        }
        List<Node> items = map.listOrOne("vips");
        if (items.isEmpty() && map.has("vips")) {
            map.problem("vips", "needs at least one virtual address, e.g. [192.0.2.1/24]");
        }
        if (items.size() > MAX_VIPS) {
            map.problem("vips", items.size() + " addresses; a group carries at most " + MAX_VIPS
                    + " (RFC 5798 §5.2.5)");
        }
        List<Cidr> vips = new ArrayList<>();
        IpAddress.Family family = null;
        for (int v = 0; v < items.size(); v++) {
            Node node = items.get(v);
            String path = map.sub("vips") + (map.get("vips") instanceof ScalarNode ? "" : "[" + v + "]");
            Cidr written = Scalars.parsed(node, path, problems, "an address such as 192.0.2.1/24",
                    t -> Cidr.parse(t, false));
            if (written == null) {
                continue;
            }
            IpAddress address = written.address();
            if (family == null) {
                family = address.family();
            } else if (address.family() != family) {
                problems.at(node, path + ": " + address + " is " + ConfigBinder.familyName(address)
                        + " but the group's first VIP is " + (family == IpAddress.Family.IPV4 ? "IPv4" : "IPv6")
                        + "; a VRRP group carries one address family (RFC 5798 §1), use a second group");
                continue;
            }
            Integer owner = owners.putIfAbsent(address, id);
            if (owner != null) {
                problems.at(node, path + ": " + address + " is already a VIP of group " + owner
                        + "; a VIP belongs to one group");
                continue;
            }
            Cidr vip = iface == null ? written : placeInSubnet(node, path, written, iface);
            if (vip != null) {
                vips.add(vip);
            }
        }
        return vips;
    }

    private Cidr placeInSubnet(Node node, String path, Cidr written, InterfaceConfig iface) {
        IpAddress address = written.address();
        Optional<Cidr> subnet = iface.subnetContaining(address);
        if (subnet.isEmpty()) {
            problems.at(node, path + ": VIP " + address + " is outside the subnets of interface '" + iface.name()
                    + "' (" + ConfigBinder.subnetsOf(iface) + "); a VIP must be inside a subnet of its interface");
            return null;
        }
        boolean prefixWritten = ((ScalarNode) node).getValue().indexOf('/') >= 0;
        if (prefixWritten && written.prefixLength() != subnet.get().prefixLength()) {
            problems.at(node, path + ": VIP " + written + " has prefix /" + written.prefixLength()
                    + " but its subnet on '" + iface.name() + "' is " + subnet.get().network() + "; write "
                    + address + "/" + subnet.get().prefixLength() + " or " + address);
            return null;
        }
        for (InterfaceConfig other : interfaces.all()) {
            if (other.addresses().stream().anyMatch(c -> c.address().equals(address))) {
                problems.at(node, path + ": VIP " + address + " is the own address of interface '" + other.name()
                        + "'; a VIP must be an address no node holds as its own");
                return null;
            }
        }
        return new Cidr(address, subnet.get().prefixLength());
    }

    private GarpConfig bindGarp(YamlMap map) {
        int count = (int) map.integer("count", 3, 1, 100, "");
        Duration spacing = map.duration("spacing", Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofSeconds(10));
        Duration refresh = map.duration("refresh", Duration.ofSeconds(60), Duration.ZERO, Duration.ofHours(1));
        if (!refresh.isZero() && refresh.compareTo(Duration.ofSeconds(1)) < 0) {
            map.problem("refresh", Durations.format(refresh) + " is too frequent: use 0 (off) or 1s..1h");
        }
        return new GarpConfig(count, spacing, refresh);
    }

    private List<SyncGroupConfig> bindSyncGroups(YamlMap vrrp, Map<Integer, Node> ids) {
        List<Node> items = vrrp.list("sync-groups");
        List<SyncGroupConfig> syncGroups = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        Map<Integer, String> membership = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMap map = YamlMap.item(items.get(i), "vrrp.sync-groups[" + i + "]", Section.SYNC_GROUP, problems);
            String name = map.requiredString("name", TextRules.NAME, TextRules.NAME_RULE);
            if (name != null && names.putIfAbsent(name, map.get("name")) != null) {
                map.problem("name", "duplicate sync group name '" + name + "' (first at line "
                        + names.get(name).getStartMark().map(m -> m.getLine() + 1).orElse(0) + ")");
            }
            if (map.present() && !map.has("groups")) {
                map.missing("groups", "the ids of the VRRP groups that move together, e.g. [51, 52]");
            }
            List<Node> members = map.list("groups");
            if (members.isEmpty() && map.has("groups")) {
                map.problem("groups", "needs at least one VRRP group id");
            }
            List<Integer> groupIds = new ArrayList<>();
            for (int m = 0; m < members.size(); m++) {
                String path = map.sub("groups") + "[" + m + "]";
                Long id = Scalars.integer(members.get(m), path, problems, 1, 255, "a VRRP group id");
                if (id == null) {
                    continue;
                }
                int groupId = id.intValue();
                if (!ids.containsKey(groupId)) {
                    problems.at(members.get(m), path + ": no VRRP group has id " + groupId + " ("
                            + (ids.isEmpty() ? "no groups are defined" : "group ids: " + ids.keySet()) + ")");
                    continue;
                }
                String previous = membership.putIfAbsent(groupId, name == null ? "?" : name);
                if (previous != null) {
                    problems.at(members.get(m), path + ": group " + groupId + " is already in sync group '"
                            + previous + "'; a group belongs to at most one sync group");
                    continue;
                }
                groupIds.add(groupId);
            }
            if (name != null) {
                syncGroups.add(new SyncGroupConfig(name, groupIds));
            }
        }
        return syncGroups;
    }

    private TrackConfig bindTrack(YamlMap map) {
        int engine = (int) map.integer("engine", 0, 0, 254, WEIGHT_WHY);
        int sync = (int) map.integer("sync", 0, 0, 254, WEIGHT_WHY);
        int resync = (int) map.integer("resync", 0, 0, 254, WEIGHT_WHY);
        Map<String, Integer> weights = new LinkedHashMap<>();
        Node node = map.get("interfaces");
        if (node != null && !(node instanceof MappingNode)) {
            map.problem("interfaces", "expected a mapping of interface name to weight, e.g. { inside: 100 }, got "
                    + Scalars.describe(node));
        } else if (node != null) {
            for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                String path = map.sub("interfaces");
                String name = Scalars.text(tuple.getKeyNode(), path, problems, "an interface name");
                if (name == null) {
                    continue;
                }
                if (!interfaces.isKnown(name)) {
                    interfaces.resolve(tuple.getKeyNode(), path, name, problems);
                    continue;
                }
                if (weights.containsKey(name)) {
                    problems.at(tuple.getKeyNode(), path + ": duplicate key '" + name + "'");
                    continue;
                }
                Long weight = Scalars.integer(tuple.getValueNode(), path + "." + name, problems, 0, 254, WEIGHT_WHY);
                if (weight != null) {
                    weights.put(name, weight.intValue());
                }
            }
        }
        return new TrackConfig(engine, sync, resync, weights);
    }
}
