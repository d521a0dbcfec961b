package io.fw443.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * What a lab looks like: segments (one bridge each) and hosts with interfaces on them. Addresses are RFC 5737:
 * clients on 192.0.2.0/24, servers on 198.51.100.0/24, the sync link on 203.0.113.0/24, VIPs .1 on each side.
 */
public record Topology(List<Segment> segments, List<Host> hosts) {
    /** A layer-2 segment: a bridge in the switch namespace. */
    public record Segment(String name, String cidr) {}

    /** One interface of a host, its segment and address (CIDR form). */
    public record Interface(String device, String segment, String address) {}

    /** A host namespace; {@code gateway} is its default route, or null. */
    public record Host(String name, String role, List<Interface> interfaces, String gateway) {
        public Interface device(String device) {
            return interfaces.stream().filter(i -> i.device().equals(device)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(name + " has no " + device));
        }

        /** The host's address on its first interface, without prefix length. */
        public String address() {
            return interfaces.get(0).address().replaceFirst("/.*", "");
        }
    }

    public static final String INSIDE = "inside";
    public static final String OUTSIDE = "outside";
    public static final String SYNC = "sync";
    public static final String INSIDE_VIP = "192.0.2.1";
    public static final String OUTSIDE_VIP = "198.51.100.1";

    /**
     * The standard lab: {@code clients} client hosts, {@code firewalls} firewall nodes (fw-a, fw-b, fw-c...) each with
     * eth1 inside, eth2 outside and eth3 on the sync link, and one server.
     */
    public static Topology standard(int clients, int firewalls) {
        if (clients < 1 || clients > 50 || firewalls < 1 || firewalls > 5) {
            throw new IllegalArgumentException("1..50 clients and 1..5 firewalls");
        }
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String name = clients == 1 ? "client" : "client" + (i + 1);
            hosts.add(new Host(name, "client",
                    List.of(new Interface("eth1", INSIDE, "192.0.2." + (10 + i) + "/24")), INSIDE_VIP));
        }
        for (int i = 0; i < firewalls; i++) {
            String octet = Integer.toString(2 + i);
            hosts.add(new Host("fw-" + (char) ('a' + i), "firewall", List.of(
                    new Interface("eth1", INSIDE, "192.0.2." + octet + "/24"),
                    new Interface("eth2", OUTSIDE, "198.51.100." + octet + "/24"),
                    new Interface("eth3", SYNC, "203.0.113." + octet + "/24")), null));
        }
        hosts.add(new Host("server", "server",
                List.of(new Interface("eth1", OUTSIDE, "198.51.100.100/24")), OUTSIDE_VIP));
        return new Topology(List.of(
                new Segment(INSIDE, "192.0.2.0/24"),
                new Segment(OUTSIDE, "198.51.100.0/24"),
                new Segment(SYNC, "203.0.113.0/24")), List.copyOf(hosts));
    }

    public Host host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no host " + name));
    }

    public List<Host> hostsWithRole(String role) {
        return hosts.stream().filter(h -> h.role().equals(role)).toList();
    }
}
