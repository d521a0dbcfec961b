package io.fw443.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per validation error class: the YAML, and the exact problem it must produce, with the
 * 1-based line and column counted by hand. Most cases append to {@link #BASE} (lines 1-5, valid), so
 * their problems are on line 6 and later.
 */
class ConfigErrorsTest {

    static final String BASE = """
            node: {id: fw-t}
            interfaces:
              - {name: inside, device: eth1, role: data, zone: clients, address: 192.0.2.2/24}
              - {name: outside, device: eth2, role: data, zone: servers, address: 198.51.100.2/24}
              - {name: sync, device: eth3, role: sync, address: 203.0.113.2/24}
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---- YAML syntax ----
                whole("malformed YAML: unclosed flow mapping", """
                        node: {id: fw-t
                        interfaces: [
                        """,
                        "t.yaml:2:11: malformed YAML: expected ',' or '}', but got : (while parsing a flow mapping"
                                + " that starts at line 1)"),
                whole("malformed YAML: bad indentation", """
                        node:
                          id: fw-t
                           bad: 1
                        """,
                        "t.yaml:3:7: malformed YAML: mapping values are not allowed here"),
                whole("malformed YAML: control character", "node: {id: \u0001}\n",
                        "t.yaml:1:12: malformed YAML: character U+0001 is not allowed in YAML text"),
                whole("empty file", "", "t.yaml: the file is empty; a config needs at least node.id and interfaces"),
                base("duplicate key", "logging: {format: json}\nlogging: {level: info}\n",
                        "t.yaml:7:1: top level: duplicate key 'logging' (first at line 6)"),

                // ---- unknown keys ----
                base("unknown key with a suggestion", "logging: {format: json, levle: info}\n",
                        "t.yaml:6:25: logging: unknown key 'levle'; did you mean 'level'? (allowed: format, level)"),
                base("unknown key contained in a known one", "limits: {flows-per-source: 10}\n",
                        "t.yaml:6:10: limits: unknown key 'flows-per-source'; did you mean 'max-flows-per-source'?"
                                + " (allowed: max-flows-per-source, new-flows-per-source, burst)"),
                base("unknown top-level key without a near match", "firewall: {}\n",
                        "t.yaml:6:1: top level: unknown key 'firewall' (allowed: node, interfaces, routes, vrrp,"
                                + " cluster, table, policy, limits, conntrack, management, logging)"),

                // ---- wrong types ----
                base("list expected, mapping given", "routes: {to: 0.0.0.0/0}\n",
                        "t.yaml:6:9: routes: expected a list, got a mapping"),
                base("mapping expected, list given", "vrrp: [51]\n",
                        "t.yaml:6:7: vrrp: expected a mapping (key: value), got a list"),
                base("integer expected, string given", "table: {max-flows: \"many\"}\n",
                        "t.yaml:6:20: table.max-flows: expected an integer in 1000..100000000, got the string 'many'"),
                base("boolean expected, string given", "conntrack: {pickup: yes}\n",
                        "t.yaml:6:21: conntrack.pickup: expected a boolean (true or false), got the string 'yes'"),
                base("keyword expected, list given", "logging: {format: [json]}\n",
                        "t.yaml:6:19: logging.format: expected one of text, json, got a list"),
                base("keyword not allowed", "logging: {level: verbose}\n",
                        "t.yaml:6:18: logging.level: 'verbose' is not allowed: expected one of error, warn, info,"
                                + " debug"),

                // ---- missing required keys ----
                whole("missing node section", """
                        interfaces:
                          - {name: inside, device: eth1, role: data, zone: clients, address: 192.0.2.2/24}
                        """,
                        "t.yaml:1:1: top level: missing required key 'node' (node: { id: fw-a })"),
                base("missing group id", "vrrp: {groups: [{interface: inside, vips: [192.0.2.1]}]}\n",
                        "t.yaml:6:17: vrrp.groups[0]: missing required key 'id' (the VRID, 1..255)"),
                whole("missing zone on a data interface", """
                        node: {id: fw-t}
                        interfaces:
                          - {name: inside, device: eth1, role: data, address: 192.0.2.2/24}
                        """,
                        "t.yaml:3:5: interfaces[0]: missing required key 'zone' (a data interface belongs to a"
                                + " policy zone, e.g. clients)"),

                // ---- addresses ----
                base("bad CIDR prefix", "routes: [{to: 198.51.100.0/33, via: 192.0.2.1, interface: inside}]\n",
                        "t.yaml:6:15: routes[0].to: '198.51.100.0/33' has a bad prefix length '33': allowed 0..32"
                                + " for IPv4"),
                base("bad IPv4 address", "routes: [{to: 0.0.0.0/0, via: 192.0.2.256, interface: inside}]\n",
                        "t.yaml:6:31: routes[0].via: '192.0.2.256' is not an IPv4 address: 256 is outside 0..255"),
                base("host name instead of an address", "routes: [{to: 0.0.0.0/0, via: gw.example, interface: inside}]\n",
                        "t.yaml:6:31: routes[0].via: 'gw.example' is not an IP address literal (host names are never"
                                + " resolved; write an address such as 192.0.2.10 or 2001:db8::10)"),
                base("bad IPv6 address", "routes: [{to: \"2001:db8::/32\", via: \"2001:db8::1::2\", interface: inside}]\n",
                        "t.yaml:6:37: routes[0].via: '2001:db8::1::2' is not an IPv6 address: '::' may appear only"
                                + " once"),
                base("network with host bits set", "policy: {sets: {web: [198.51.100.10/24]}}\n",
                        "t.yaml:6:23: policy.sets.web[0]: 198.51.100.10/24 has host bits set; did you mean"
                                + " 198.51.100.0/24?"),
                whole("interface address without prefix", """
                        node: {id: fw-t}
                        interfaces:
                          - {name: inside, device: eth1, role: data, zone: clients, address: 192.0.2.2}
                        """,
                        "t.yaml:3:70: interfaces[0].address: '192.0.2.2' has no prefix length: write it as"
                                + " address/prefix, e.g. 192.0.2.2/24"),
                base("next hop outside the interface's subnets",
                        "routes: [{to: 0.0.0.0/0, via: 198.51.100.254, interface: inside}]\n",
                        "t.yaml:6:31: routes[0].via: 198.51.100.254 is not inside a subnet of interface 'inside'"
                                + " (192.0.2.0/24); a next hop must be directly reachable"),
                whole("overlapping interface subnets", """
                        node: {id: fw-t}
                        interfaces:
                          - {name: inside, device: eth1, role: data, zone: clients, address: 192.0.2.2/24}
                          - {name: other, device: eth2, role: data, zone: clients, address: 192.0.2.130/25}
                        """,
                        "t.yaml:4:69: interfaces: 192.0.2.130/25 of 'other' overlaps 192.0.2.2/24 of 'inside';"
                                + " each interface needs its own subnet"),

                // ---- duplicates ----
                base("duplicate VRRP group id", """
                        vrrp:
                          groups:
                            - {id: 51, interface: inside, vips: [192.0.2.1]}
                            - {id: 51, interface: outside, vips: [198.51.100.1]}
                        """,
                        "t.yaml:9:12: vrrp.groups[1].id: duplicate VRRP group id 51 (first at line 8)"),
                whole("duplicate interface name", """
                        node: {id: fw-t}
                        interfaces:
                          - {name: inside, device: eth1, role: data, zone: clients, address: 192.0.2.2/24}
                          - {name: inside, device: eth2, role: data, zone: servers, address: 198.51.100.2/24}
                        """,
                        "t.yaml:4:12: interfaces[1].name: duplicate interface name 'inside' (first at line 3)"),
                base("duplicate rule name", """
                        policy:
                          rules:
                            - {name: r, action: drop}
                            - {name: r, action: reject}
                        """,
                        "t.yaml:9:14: policy.rules[1].name: duplicate rule name 'r' (first at line 8)"),

                // ---- VRRP ----
                base("priority above 254", "vrrp: {groups: [{id: 51, interface: inside, vips: [192.0.2.1], priority: 255}]}\n",
                        "t.yaml:6:74: vrrp.groups[0].priority: 255 is outside 1..254 (RFC 5798 §5.2.4: 255 is"
                                + " reserved for the address owner, 0 for a master that resigns)"),
                base("priority 0", "vrrp: {groups: [{id: 51, interface: inside, vips: [192.0.2.1], priority: 0}]}\n",
                        "t.yaml:6:74: vrrp.groups[0].priority: 0 is outside 1..254 (RFC 5798 §5.2.4: 255 is"
                                + " reserved for the address owner, 0 for a master that resigns)"),
                base("VIP outside its interface's subnet", "vrrp: {groups: [{id: 51, interface: inside, vips: [192.0.3.1]}]}\n",
                        "t.yaml:6:52: vrrp.groups[0].vips[0]: VIP 192.0.3.1 is outside the subnets of interface"
                                + " 'inside' (192.0.2.0/24); a VIP must be inside a subnet of its interface"),
                base("VIP with another prefix than its subnet",
                        "vrrp: {groups: [{id: 51, interface: inside, vips: [192.0.2.1/25]}]}\n",
                        "t.yaml:6:52: vrrp.groups[0].vips[0]: VIP 192.0.2.1/25 has prefix /25 but its subnet on"
                                + " 'inside' is 192.0.2.0/24; write 192.0.2.1/24 or 192.0.2.1"),
                base("VIP equal to an interface address", "vrrp: {groups: [{id: 51, interface: inside, vips: [192.0.2.2]}]}\n",
                        "t.yaml:6:52: vrrp.groups[0].vips[0]: VIP 192.0.2.2 is the own address of interface"
                                + " 'inside'; a VIP must be an address no node holds as its own"),
                base("group on a sync interface", "vrrp: {groups: [{id: 51, interface: sync, vips: [203.0.113.1]}]}\n",
                        "t.yaml:6:37: vrrp.groups[0].interface: 'sync' has role sync; VRRP groups run on data"
                                + " interfaces"),
                base("group on an unknown interface", "vrrp: {groups: [{id: 51, interface: insde, vips: [192.0.2.1]}]}\n",
                        "t.yaml:6:37: vrrp.groups[0].interface: unknown interface 'insde'; did you mean 'inside'?"
                                + " (interfaces: inside, outside, sync)"),
                base("bad duration", "vrrp: {groups: [{id: 51, interface: inside, vips: [192.0.2.1], advert-interval: 1 s}]}\n",
                        "t.yaml:6:81: vrrp.groups[0].advert-interval: '1 s' is not a duration: expected a number"
                                + " and a unit (ns, us, ms, s, m, h, d), e.g. 50ms, 2s, 1m"),
                base("duration without unit", "vrrp: {groups: [{id: 51, interface: inside, vips: [192.0.2.1], preempt-delay: 2}]}\n",
                        "t.yaml:6:79: vrrp.groups[0].preempt-delay: 2 has no unit: expected a number and a unit"
                                + " (ns, us, ms, s, m, h, d), e.g. 50ms, 2s, 1m, in 0s..1h"),
                base("advert interval above 40.95s",
                        "vrrp: {groups: [{id: 51, interface: inside, vips: [192.0.2.1], advert-interval: 41s}]}\n",
                        "t.yaml:6:81: vrrp.groups[0].advert-interval: 41s is outside 10ms..40.95s"),
                base("advert interval not in centiseconds",
                        "vrrp: {groups: [{id: 51, interface: inside, vips: [192.0.2.1], advert-interval: 15ms}]}\n",
                        "t.yaml:6:81: vrrp.groups[0].advert-interval: 15ms is not a whole number of centiseconds"
                                + " (VRRPv3 carries the interval in units of 10ms, RFC 5798 §5.2.7)"),
                base("mixed address families in a group", """
                        vrrp: {groups: [{id: 51, interface: inside, vips: [192.0.2.1, "2001:db8::1"]}]}
                        """,
                        "t.yaml:6:63: vrrp.groups[0].vips[1]: 2001:db8::1 is IPv6 but the group's first VIP is IPv4;"
                                + " a VRRP group carries one address family (RFC 5798 §1), use a second group"),
                base("sync group naming an unknown group", """
                        vrrp:
                          groups: [{id: 51, interface: inside, vips: [192.0.2.1]}]
                          sync-groups: [{name: gw, groups: [51, 52]}]
                        """,
                        "t.yaml:8:41: vrrp.sync-groups[0].groups[1]: no VRRP group has id 52 (group ids: [51])"),
                base("group in two sync groups", """
                        vrrp:
                          groups: [{id: 51, interface: inside, vips: [192.0.2.1]}]
                          sync-groups: [{name: a, groups: [51]}, {name: b, groups: [51]}]
                        """,
                        "t.yaml:8:61: vrrp.sync-groups[1].groups[0]: group 51 is already in sync group 'a'; a group"
                                + " belongs to at most one sync group"),
                base("tracking weight above 254", "vrrp: {track: {engine: 300}}\n",
                        "t.yaml:6:24: vrrp.track.engine: 300 is outside 0..254 (a weight is subtracted from a"
                                + " priority of at most 254)"),
                base("tracking an unknown interface", "vrrp: {track: {interfaces: {outsde: 10}}}\n",
                        "t.yaml:6:29: vrrp.track.interfaces: unknown interface 'outsde'; did you mean 'outside'?"
                                + " (interfaces: inside, outside, sync)"),

                // ---- policy ----
                base("rule naming an unknown zone", "policy: {rules: [{name: r, from: clinets, action: accept}]}\n",
                        "t.yaml:6:34: policy.rules[0].from: unknown zone 'clinets'; did you mean 'clients'? (zones:"
                                + " clients, servers; zones come from data interfaces)"),
                base("rule naming an unknown set", """
                        policy:
                          sets: {web: [198.51.100.0/24]}
                          rules: [{name: r, to-set: [webb], action: accept}]
                        """,
                        "t.yaml:8:30: policy.rules[0].to-set[0]: unknown set 'webb'; did you mean 'web'? (sets: web)"),
                base("default accept", "policy: {default: accept}\n",
                        "t.yaml:6:19: policy.default: must be drop or reject (the default never accepts; write an"
                                + " accept rule for what should pass)"),
                base("ports on icmp", "policy: {rules: [{name: r, proto: icmp, port: 443, action: accept}]}\n",
                        "t.yaml:6:47: policy.rules[0].port: ports need proto tcp or udp"),
                base("bad port range", "policy: {rules: [{name: r, proto: tcp, ports: [\"9000-8000\"], action: accept}]}\n",
                        "t.yaml:6:48: policy.rules[0].ports[0]: '9000-8000' is not a range within 1..65535 with"
                                + " first <= last"),
                base("tls on a drop rule", "policy: {rules: [{name: r, proto: tcp, action: drop, tls: {required: true}}]}\n",
                        "t.yaml:6:59: policy.rules[0].tls: only on rules with action accept (it restricts what an"
                                + " accepted flow may carry); this rule's action is drop"),
                base("non-ASCII server name", """
                        policy: {rules: [{name: r, proto: tcp, action: accept, tls: {sni-deny: [bücher.example]}}]}
                        """,
                        "t.yaml:6:73: policy.rules[0].tls.sni-deny[0]: 'bücher.example' is not ASCII: a ClientHello"
                                + " carries IDNA A-labels (RFC 6066 §3); did you mean 'xn--bcher-kva.example'?"),
                base("misplaced wildcard", """
                        policy: {rules: [{name: r, proto: tcp, action: accept, tls: {sni-allow: ["www.*.test"]}}]}
                        """,
                        "t.yaml:6:74: policy.rules[0].tls.sni-allow[0]: 'www.*.test': a wildcard is only allowed as"
                                + " the whole first label, e.g. *.example.test"),
                base("bad JA4", """
                        policy: {rules: [{name: r, proto: tcp, action: accept, tls: {ja4-deny: [t14d1516h2_8daaf6152771_b186095e22b6]}}]}
                        """,
                        "t.yaml:6:73: policy.rules[0].tls.ja4-deny[0]: 't14d1516h2_8daaf6152771_b186095e22b6' is not"
                                + " a JA4 fingerprint: '14' is not a version code; allowed 13, 12, 11, 10, s3, s2, s1,"
                                + " d1, d2, d3, 00"),
                base("bad TLS version", """
                        policy: {rules: [{name: r, proto: tcp, action: accept, tls: {min-version: "1.4"}}]}
                        """,
                        "t.yaml:6:75: policy.rules[0].tls.min-version: '1.4' is not allowed: expected one of 1.0, 1.1,"
                                + " 1.2, 1.3; did you mean '1.0'?"),

                // ---- cluster, limits, management ----
                base("cluster bind not on a sync interface", """
                        cluster: {name: lab, stack: jgroups-tcp.xml, bind: 192.0.2.2:7800}
                        """,
                        "t.yaml:6:52: cluster.bind: 192.0.2.2 is not an address of a sync interface (sync"
                                + " addresses: 203.0.113.2)"),
                base("key store without password", """
                        cluster: {name: lab, stack: jgroups-tcp.xml, bind: 203.0.113.2:7800, key-store: k.p12}
                        """,
                        "t.yaml:6:81: cluster.key-store: the key store needs its password: set"
                                + " key-store-password-file (a file whose first line is the password) or"
                                + " key-store-password-env (a variable name)"),
                base("bad rate", "limits: {new-flows-per-source: 500/sec}\n",
                        "t.yaml:6:32: limits.new-flows-per-source: '500/sec' is not a rate: expected a count per"
                                + " second, minute or hour, e.g. 500/s, 300/m, 1000/h (count at least 1)"),
                base("management tcp not on loopback", "management: {tcp: \"192.0.2.2:9443\", token-file: t}\n",
                        "t.yaml:6:19: management.tcp: 192.0.2.2:9443 is not a loopback address; the TCP listener is"
                                + " for local scrapers only: use 127.0.0.1:PORT or [::1]:PORT"),
                base("management tcp without token", "management: {tcp: \"127.0.0.1:9443\"}\n",
                        "t.yaml:6:13: management: missing required key 'token-file' (the bearer token file TCP"
                                + " clients must present; required with tcp)"),
                whole("relative data dir", """
                        node: {id: fw-t, data-dir: var/fw}
                        interfaces:
                          - {name: inside, device: eth1, role: data, zone: clients, address: 192.0.2.2/24}
                        """,
                        "t.yaml:1:28: node.data-dir: 'var/fw' must be an absolute path (the node does not depend on"
                                + " its working directory), e.g. /var/lib/fw443/fw-t"));
    }

    private static Arguments base(String name, String tail, String expected) {
        return Arguments.of(name, BASE + tail, expected);
    }

    private static Arguments whole(String name, String yaml, String expected) {
        return Arguments.of(name, yaml, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyThisProblem(String name, String yaml, String expected) {
        ConfigResult result = ConfigLoader.parse(yaml, "t.yaml", ExampleConfigsTest.CONFIG_DIR, Path.of("/nonexistent"));
        List<String> problems = result.problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(List.of(expected), problems);
        assertNull(result.config());
    }
}
