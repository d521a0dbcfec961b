package io.fw443.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a valid config binds to, and the documented defaults of everything left out. */
class ConfigBindingTest {

    static NodeConfig bind(String yaml) {
        ConfigResult result = ConfigLoader.parse(yaml, "t.yaml", ExampleConfigsTest.CONFIG_DIR, Path.of("/nonexistent"));
        assertTrue(result.ok(), () -> String.join("\n", result.problems().stream().map(Object::toString).toList()));
        return result.config();
    }

    static IpAddress ip(String text) {
        return IpAddress.parse(text).value();
    }

    static Cidr cidr(String text) {
        return Cidr.parse(text, false).value();
    }

    @Test
    void minimalConfigGetsTheDocumentedDefaults() {
        NodeConfig config = bind("""
                node: {id: solo}
                interfaces:
                  - {name: lan, device: eth1, role: data, zone: lan, address: 192.0.2.2/24}
                """);
        assertEquals(new NodeIdentity("solo", 1, Path.of("/var/lib/fw443/solo")), config.node());
        assertEquals(List.of(new InterfaceConfig("lan", "eth1", InterfaceConfig.Role.DATA, Optional.of("lan"),
                List.of(Cidr.parse("192.0.2.2/24", true).value()), 1500, Optional.empty(), true)), config.interfaces());
        assertEquals(List.of(), config.routes());
        assertEquals(new VrrpConfig(List.of(), List.of(), new TrackConfig(0, 0, 0, Map.of()), Optional.empty(), true),
                config.vrrp());
        assertEquals(Optional.empty(), config.cluster());
        assertEquals(new TableConfig(1_000_000, Optional.empty(), Duration.ofMillis(1)), config.table());
        assertEquals(new PolicyConfig(RuleConfig.Action.DROP, Map.of(), List.of(), PolicyConfig.Fragments.DROP),
                config.policy());
        assertEquals(new LimitsConfig(10_000, new Rate(500, Duration.ofSeconds(1)), 500), config.limits());
        assertEquals(new ConntrackConfig(new ConntrackTimeouts(Duration.ofMinutes(2), Duration.ofSeconds(60),
                Duration.ofDays(5), Duration.ofMinutes(2), Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(120),
                Duration.ofSeconds(30)), true), config.conntrack());
        assertEquals(new ManagementConfig(Path.of("/run/fw443/solo.sock"), Optional.empty(), Optional.empty()),
                config.management());
        assertEquals(new LoggingConfig(LoggingConfig.Format.TEXT, LoggingConfig.Level.INFO), config.logging());
        assertEquals(java.util.Set.of("lan"), config.zones());
    }

    @Test
    void vrrpGroupDefaultsAndVipPrefixFromTheSubnet() {
        NodeConfig config = bind(ConfigErrorsTest.BASE + "vrrp: {groups: [{id: 7, interface: inside, vips: 192.0.2.1}]}\n");
        VrrpGroupConfig group = config.vrrp().groups().get(0);
        assertEquals(new VrrpGroupConfig(7, "inside", List.of(Cidr.parse("192.0.2.1/24", true).value()), 100,
                Duration.ofSeconds(1), true, Duration.ZERO, false, false,
                new GarpConfig(3, Duration.ofMillis(100), Duration.ofSeconds(60))), group);
        assertEquals(100, group.advertIntervalCs());
    }

    @Test
    void bindsEverySection() {
        NodeConfig config = bind("""
                node: {id: fw-x, node-number: 4242, data-dir: /srv/fw443}
                interfaces:
                  - name: inside
                    device: eth1
                    role: data
                    zone: clients
                    addresses: [192.0.2.2/24, "2001:db8:1::2/64"]
                    mtu: 9000
                    mac: "02:00:5e:10:00:01"
                    icmp-echo: false
                  - {name: outside, device: eth2, role: data, zone: servers, address: 198.51.100.2/24}
                  - {name: sync, device: eth3, role: sync, address: 203.0.113.2/24}
                  - {name: mgmt, device: eth0, role: management}
                routes:
                  - {to: 0.0.0.0/0, via: 198.51.100.254, interface: outside}
                  - {to: "2001:db8:99::/48", via: "2001:db8:1::fe", interface: inside}
                vrrp:
                  groups:
                    - {id: 51, interface: inside, vips: [192.0.2.1/24, 192.0.2.10], priority: 150,
                       advert-interval: 50ms, preempt: false, preempt-delay: 2s, accept-mode: true, virtual-mac: true,
                       garp: {count: 5, spacing: 20ms, refresh: 0}}
                    - {id: 52, interface: inside, vips: ["2001:db8:1::1"]}
                  sync-groups: [{name: gateway, groups: [51, 52]}]
                  track: {engine: 50, sync: 20, resync: 60, interfaces: {inside: 100, outside: 90}}
                  notify: /usr/local/bin/notify.sh
                  peer-death-shortcut: false
                cluster:
                  name: fw443-lab
                  stack: jgroups-tcp.xml
                  bind: 203.0.113.2:7800
                  peers: 203.0.113.3:7800
                  key-store: /etc/fw443/cluster.p12
                  key-store-password-env: FW443_KEY_PASSWORD
                  sync-insert: {enabled: true, timeout: 2ms}
                table: {max-flows: 2000000, file: flows.dat, expiry-budget: 500us}
                policy:
                  default: reject
                  fragments: allow-nonfirst-if-tracked
                  sets:
                    web: [198.51.100.100/32, "2001:db8:2::/48", 198.51.100.7]
                  rules:
                    - {name: r1, from: clients, to: [servers], to-set: web, proto: tcp, ports: [443, "8000-8100"],
                       action: accept, log: true,
                       tls: {required: true, min-version: "1.3", sni-allow: ["*.Example.test"], sni-deny: [bad.example.test],
                             alpn-allow: [h2, http/1.1], ja4-deny: [t13d1516h2_8daaf6152771_b186095e22b6], ech: deny,
                             incomplete-hello: allow}}
                    - {name: r2, proto: udp, port: 443, action: accept, quic: {undecryptable: allow}}
                    - {name: r3, from-set: [web], proto: icmp, action: reject}
                limits: {max-flows-per-source: 100, new-flows-per-source: 300/m, burst: 50}
                conntrack: {timeouts: {established: 1h, udp: 45s}, pickup: false}
                management: {socket: /run/x.sock, tcp: "127.0.0.1:9443", token-file: /etc/fw443/token}
                logging: {format: json, level: debug}
                """);
        assertEquals(new NodeIdentity("fw-x", 4242, Path.of("/srv/fw443")), config.node());
        InterfaceConfig inside = config.interfaceNamed("inside").orElseThrow();
        assertEquals(List.of(cidr("192.0.2.2/24"), cidr("2001:db8:1::2/64")), inside.addresses());
        assertEquals(9000, inside.mtu());
        assertEquals(Optional.of(new MacAddress(0x02005e100001L)), inside.mac());
        assertFalse(inside.icmpEcho());
        assertEquals(new InterfaceConfig("mgmt", "eth0", InterfaceConfig.Role.MANAGEMENT, Optional.empty(), List.of(),
                1500, Optional.empty(), true), config.interfaceNamed("mgmt").orElseThrow());
        assertEquals(List.of(new RouteConfig(cidr("0.0.0.0/0"), ip("198.51.100.254"), "outside"),
                new RouteConfig(cidr("2001:db8:99::/48"), ip("2001:db8:1::fe"), "inside")), config.routes());

        VrrpConfig vrrp = config.vrrp();
        assertEquals(new VrrpGroupConfig(51, "inside", List.of(cidr("192.0.2.1/24"), cidr("192.0.2.10/24")), 150,
                Duration.ofMillis(50), false, Duration.ofSeconds(2), true, true,
                new GarpConfig(5, Duration.ofMillis(20), Duration.ZERO)), vrrp.groups().get(0));
        assertEquals(5, vrrp.groups().get(0).advertIntervalCs());
        assertEquals(List.of(cidr("2001:db8:1::1/64")), vrrp.groups().get(1).vips());
        assertEquals(List.of(new SyncGroupConfig("gateway", List.of(51, 52))), vrrp.syncGroups());
        assertEquals(new TrackConfig(50, 20, 60, Map.of("inside", 100, "outside", 90)), vrrp.track());
        assertEquals(Optional.of(Path.of("/usr/local/bin/notify.sh")), vrrp.notifyScript());
        assertFalse(vrrp.peerDeathShortcut());

        ClusterConfig cluster = config.cluster().orElseThrow();
        assertEquals(new ClusterConfig("fw443-lab", ExampleConfigsTest.CONFIG_DIR.resolve("jgroups-tcp.xml"),
                HostPort.parse("203.0.113.2:7800").value(), List.of(HostPort.parse("203.0.113.3:7800").value()),
                Optional.of(Path.of("/etc/fw443/cluster.p12")), Optional.empty(), Optional.of("FW443_KEY_PASSWORD"),
                new SyncInsertConfig(true, Duration.ofMillis(2))), cluster);

        assertEquals(new TableConfig(2_000_000, Optional.of(Path.of("/srv/fw443/flows.dat")), Duration.ofNanos(500_000)),
                config.table());

        PolicyConfig policy = config.policy();
        assertEquals(RuleConfig.Action.REJECT, policy.defaultAction());
        assertEquals(PolicyConfig.Fragments.ALLOW_NONFIRST_IF_TRACKED, policy.fragments());
        assertEquals(Map.of("web", new AddressSet("web", List.of(cidr("198.51.100.100/32"), cidr("2001:db8:2::/48"),
                cidr("198.51.100.7/32")), Optional.empty())), policy.sets());
        assertEquals(new RuleConfig("r1", List.of("clients"), List.of("servers"), List.of(), List.of("web"),
                RuleConfig.Protocol.TCP, List.of(new PortRange(443, 443), new PortRange(8000, 8100)),
                RuleConfig.Action.ACCEPT, true,
                Optional.of(new TlsMatch(true, Optional.of(TlsMatch.Version.TLS_1_3), List.of("*.example.test"),
                        List.of("bad.example.test"), List.of("h2", "http/1.1"),
                        List.of("t13d1516h2_8daaf6152771_b186095e22b6"), TlsMatch.EchMode.DENY,
                        TlsMatch.IncompleteHello.ALLOW)), Optional.empty()), policy.rules().get(0));
        assertEquals(new RuleConfig("r2", List.of(), List.of(), List.of(), List.of(), RuleConfig.Protocol.UDP,
                List.of(new PortRange(443, 443)), RuleConfig.Action.ACCEPT, false, Optional.empty(),
                Optional.of(new QuicMatch(QuicMatch.Undecryptable.ALLOW))), policy.rules().get(1));
        assertEquals(List.of("web"), policy.rules().get(2).fromSets());

        assertEquals(new LimitsConfig(100, new Rate(300, Duration.ofMinutes(1)), 50), config.limits());
        assertEquals(Duration.ofHours(1), config.conntrack().timeouts().established());
        assertEquals(Duration.ofSeconds(45), config.conntrack().timeouts().udp());
        assertEquals(Duration.ofMinutes(2), config.conntrack().timeouts().timeWait());
        assertFalse(config.conntrack().pickup());
        assertEquals(new ManagementConfig(Path.of("/run/x.sock"), Optional.of(HostPort.parse("127.0.0.1:9443").value()),
                Optional.of(Path.of("/etc/fw443/token"))), config.management());
        assertEquals(new LoggingConfig(LoggingConfig.Format.JSON, LoggingConfig.Level.DEBUG), config.logging());
        assertEquals(TlsMatch.Version.TLS_1_3.wireValue(), 0x0304);
    }

    @Test
    void nodeNumberIsDerivedFromTheSyncAddress() {
        assertEquals(2, bind(ConfigErrorsTest.BASE).node().nodeNumber());
        assertEquals(3, bind("""
                node: {id: fw-t}
                interfaces:
                  - {name: d, device: eth1, role: data, zone: z, address: 192.0.2.2/24}
                  - {name: s, device: eth3, role: sync, address: "2001:db8:5::3/64"}
                """).node().nodeNumber());
        assertEquals(0x0102, bind("""
                node: {id: fw-t}
                interfaces:
                  - {name: d, device: eth1, role: data, zone: z, address: 192.0.2.2/24}
                  - {name: s, device: eth3, role: sync, address: 10.9.1.2/16}
                """).node().nodeNumber());
    }

    @Test
    void nodeNumberThatCannotBeDerivedMustBeGiven() {
        ConfigResult result = ConfigLoader.parse("""
                node: {id: fw-t}
                interfaces:
                  - {name: d, device: eth1, role: data, zone: z, address: 192.0.2.2/24}
                  - {name: s, device: eth3, role: sync, address: 10.9.0.0/15}
                """, "t.yaml", null, Path.of("/nonexistent"));
        assertEquals(List.of("t.yaml:1:7: node: node-number cannot be derived from sync address 10.9.0.0/15 (the low"
                + " 16 bits of its host part are 0); set node-number: 1..65535, unique in the cluster"),
                result.problems().stream().map(Object::toString).toList());
    }

    @Test
    void collectsEveryProblemInPositionOrder() {
        ConfigResult result = ConfigLoader.parse("""
                node: {id: Bad_Id}
                interfaces:
                  - {name: inside, device: eth1, role: data, zone: clients, address: 192.0.2.2/24, mtu: 10}
                vrrp: {groups: [{id: 300, interface: inside, vips: [192.0.2.1], priority: 255}]}
                logging: {level: loud}
                """, "t.yaml", null, Path.of("/nonexistent"));
        assertEquals(List.of(
                "t.yaml:1:12: node.id: 'Bad_Id' is not allowed: 1..32 lower-case letters, digits or '-' (not at"
                        + " either end), e.g. fw-a",
                "t.yaml:3:89: interfaces[0].mtu: 10 is outside 68..65535 (IPv4 needs at least 68, RFC 791)",
                "t.yaml:4:22: vrrp.groups[0].id: 300 is outside 1..255 (RFC 5798 §5.2.3)",
                "t.yaml:4:75: vrrp.groups[0].priority: 255 is outside 1..254 (RFC 5798 §5.2.4: 255 is reserved"
                        + " for the address owner, 0 for a master that resigns)",
                "t.yaml:5:18: logging.level: 'loud' is not allowed: expected one of error, warn, info, debug"),
                result.problems().stream().map(Object::toString).toList());
    }

    @Test
    void recordsAreImmutable() {
        NodeConfig config = bind(ConfigErrorsTest.BASE);
        assertThrows(UnsupportedOperationException.class, () -> config.interfaces().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.interfaces().get(0).addresses().clear());
    }
}
