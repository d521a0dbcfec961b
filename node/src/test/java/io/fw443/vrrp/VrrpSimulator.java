package io.fw443.vrrp;

import static io.fw443.vrrp.Ip.ip;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A deterministic LAN of routers on a virtual clock. Adverts travel as real VRRPv3 IPv4 packets:
 * written by {@link VrrpAdvertEncoder}, checked by {@link AdvertValidator}, then fed to the machine,
 * the way the shell will do it. Every packet takes {@link #LATENCY_NS}. A second channel, the
 * cluster view, can be turned on to carry {@link VrrpEvent.PeerClaimsMaster} periodically.
 *
 * <p>At each instant: due timers tick first (the shell's contract), then packets arrive in send
 * order, then the cluster view gossips.
 */
final class VrrpSimulator {

    static final long SECOND_NS = 1_000_000_000L;
    static final long LATENCY_NS = 100_000L;

    /** One state change, as the shell would log it. */
    record Change(long atNs, String node, int vrid, VrrpState from, VrrpState to, VrrpReason reason) {
        @Override
        public String toString() {
            return String.format("%.9f %s/%d %s -> %s (%s)", atNs / 1e9, node, vrid, from, to, reason);
        }
    }

    private record Delivery(long atNs, long sequence, Node to, byte[] packet) {
    }

    final class Node {
        final String name;
        final InetAddress primary;
        final Map<Integer, Group> groups = new TreeMap<>();
        final List<SyncGroup> syncGroups = new ArrayList<>();
        boolean running;
        int dualMastersSeen;

        Node(String name, InetAddress primary) {
            this.name = name;
            this.primary = primary;
        }

        VrrpState state(int vrid) {
            return groups.get(vrid).state.state();
        }

        boolean ownsVips(int vrid) {
            return groups.get(vrid).ownsVips;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final class Group {
        final VrrpMachine machine;
        final VrrpAdvertEncoder encoder;
        final AdvertValidator validator;
        VrrpGroupState state;
        boolean ownsVips;

        Group(VrrpGroupConfig config) {
            machine = new VrrpMachine(config);
            encoder = VrrpAdvertEncoder.forGroup(config);
            validator = AdvertValidator.forGroup(config);
            state = machine.initial();
        }
    }

    long nowNs;
    final List<Change> changes = new ArrayList<>();
    private long sequence;
    private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>(
        Comparator.comparingLong(Delivery::atNs).thenComparingLong(Delivery::sequence));
    private final List<Node> nodes = new ArrayList<>();
    private final Set<Set<Node>> cutLinks = new HashSet<>();
    private long gossipIntervalNs;
    private long nextGossipNs = Long.MAX_VALUE;

    Node node(String name, String primary) {
        Node n = new Node(name, ip(primary));
        nodes.add(n);
        return n;
    }

    /** Adds a group to {@code n}; the config's primary address must be the node's. */
    VrrpSimulator group(Node n, VrrpGroupConfig config) {
        if (!config.primaryAddress().equals(n.primary)) {
            throw new IllegalArgumentException("primary of " + n + " is " + n.primary);
        }
        n.groups.put(config.vrid(), new Group(config));
        return this;
    }

    VrrpSimulator syncGroup(Node n, SyncGroup syncGroup) {
        n.syncGroups.add(syncGroup);
        return this;
    }

    void start(Node n) {
        n.running = true;
        for (int vrid : n.groups.keySet()) {
            feed(n, vrid, new VrrpEvent.Startup());
        }
    }

    /** The process dies: no priority-0 advert, nothing more sent or received. */
    void crash(Node n) {
        n.running = false;
        for (Group g : n.groups.values()) {
            g.ownsVips = false;
        }
    }

    /** A fresh process on a crashed node: every group from Initialize again. */
    void restart(Node n) {
        for (Map.Entry<Integer, Group> e : n.groups.entrySet()) {
            e.setValue(new Group(e.getValue().machine.config()));
        }
        start(n);
    }

    void shutdown(Node n) {
        for (int vrid : n.groups.keySet()) {
            feed(n, vrid, new VrrpEvent.Shutdown());
        }
        n.running = false;
    }

    void cut(Node a, Node b) {
        cutLinks.add(Set.of(a, b));
    }

    void heal(Node a, Node b) {
        cutLinks.remove(Set.of(a, b));
    }

    /** Turns on the cluster-view channel: every {@code intervalNs} from {@code firstNs}. */
    void gossipEvery(long intervalNs, long firstNs) {
        gossipIntervalNs = intervalNs;
        nextGossipNs = firstNs;
    }

    /** The cluster view reports {@code dead} gone to {@code observer}. */
    void reportDeath(Node observer, Node dead) {
        for (int vrid : observer.groups.keySet()) {
            feed(observer, vrid, new VrrpEvent.PeerDeath(dead.primary));
        }
    }

    void feed(Node n, int vrid, VrrpEvent event) {
        Group g = n.groups.get(vrid);
        VrrpTransition t = g.machine.next(g.state, event, nowNs);
        g.state = t.state();
        for (VrrpAction action : t.actions()) {
            execute(n, vrid, g, action);
        }
    }

    void runUntil(long untilNs) {
        while (true) {
            long next = Math.min(nextGossipNs, inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek().atNs());
            for (Node n : nodes) {
                if (n.running) {
                    for (Group g : n.groups.values()) {
                        next = Math.min(next, g.state.nextDeadlineNs());
                    }
                }
            }
            if (next > untilNs) {
                break;
            }
            nowNs = Math.max(nowNs, next);
            for (Node n : nodes) {
                for (Map.Entry<Integer, Group> e : n.groups.entrySet()) {
                    if (n.running && e.getValue().state.nextDeadlineNs() <= nowNs) {
                        feed(n, e.getKey(), VrrpEvent.TICK);
                    }
                }
            }
            while (!inFlight.isEmpty() && inFlight.peek().atNs() <= nowNs) {
                deliver(inFlight.poll());
            }
            if (nextGossipNs <= nowNs) {
                gossip();
                nextGossipNs += gossipIntervalNs;
            }
        }
        nowNs = untilNs;
    }

    List<Node> masters(int vrid) {
        return nodes.stream().filter(n -> n.running && n.groups.containsKey(vrid)
            && n.state(vrid) == VrrpState.MASTER).collect(Collectors.toList());
    }

    List<Change> history(Node n, int vrid) {
        return changes.stream().filter(c -> c.node().equals(n.name) && c.vrid() == vrid).collect(Collectors.toList());
    }

    /** The last change of {@code n}'s group, or null. */
    Change lastChange(Node n, int vrid) {
        List<Change> h = history(n, vrid);
        return h.isEmpty() ? null : h.get(h.size() - 1);
    }

    /** For assertion messages: everything that happened. */
    String log() {
        return changes.stream().map(Change::toString).collect(Collectors.joining("\n", "\n", ""));
    }

    private void execute(Node n, int vrid, Group g, VrrpAction action) {
        if (action instanceof VrrpAction.SendAdvert a) {
            byte[] packet = new byte[g.encoder.packetLength()];
            g.encoder.encodePacket(packet, 0, a.priority());
            for (Node other : nodes) {
                if (other != n && !cutLinks.contains(Set.of(n, other))) {
                    inFlight.add(new Delivery(nowNs + LATENCY_NS, sequence++, other, packet));
                }
            }
        } else if (action instanceof VrrpAction.TakeVips) {
            g.ownsVips = true;
        } else if (action instanceof VrrpAction.ReleaseVips) {
            g.ownsVips = false;
        } else if (action instanceof VrrpAction.DualMasterSeen) {
            n.dualMastersSeen++;
        } else if (action instanceof VrrpAction.Notify notify) {
            changes.add(new Change(nowNs, n.name, vrid, notify.from(), notify.to(), notify.reason()));
            Map<Integer, VrrpState> states = new TreeMap<>();
            n.groups.forEach((id, group) -> states.put(id, group.state.state()));
            for (SyncGroup syncGroup : n.syncGroups) {
                for (SyncGroup.Directive d : syncGroup.follow(vrid, notify.from(), notify.to(), states)) {
                    feed(n, d.vrid(), d.event());
                }
            }
        }
    }

    private void deliver(Delivery d) {
        if (!d.to().running) {
            return;
        }
        for (Map.Entry<Integer, Group> e : d.to().groups.entrySet()) {
            AdvertValidator validator = e.getValue().validator;
            if (validator.validatePacket(d.packet(), 0, d.packet().length) == AdvertCheck.OK) {
                VrrpEvent event = new VrrpEvent.AdvertReceived(validator.advert().priority(),
                    validator.advert().maxAdvertIntervalCs(), validator.sourceAddress());
                feed(d.to(), e.getKey(), event);
            }
        }
    }

    private void gossip() {
        for (Node from : nodes) {
            for (Node to : nodes) {
                if (from == to || !from.running || !to.running) {
                    continue;
                }
                for (Map.Entry<Integer, Group> e : from.groups.entrySet()) {
                    Group g = e.getValue();
                    if (g.state.state() == VrrpState.MASTER && to.groups.containsKey(e.getKey())) {
                        int priority = g.machine.effectivePriority(g.state.demotion());
                        feed(to, e.getKey(), new VrrpEvent.PeerClaimsMaster(priority, from.primary));
                    }
                }
            }
        }
    }
}
