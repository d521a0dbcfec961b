package io.fw443.engine;

import io.fw443.config.AddressSet;
import io.fw443.config.Cidr;
import io.fw443.config.InterfaceConfig;
import io.fw443.config.NodeConfig;
import io.fw443.config.PortRange;
import io.fw443.config.QuicMatch;
import io.fw443.config.RuleConfig;
import io.fw443.config.TlsMatch;
import io.fw443.policy.Action;
import io.fw443.policy.CidrSet;
import io.fw443.policy.CidrSetLoader;
import io.fw443.policy.Policy;
import io.fw443.policy.PortRanges;
import io.fw443.policy.Protocol;
import io.fw443.policy.Rule;
import io.fw443.policy.ZoneMap;
import io.fw443.tls.TlsConditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated {@link NodeConfig} into the engine's compiled policy: zones bound to interface indexes (an
 * interface's index is its 1-based position in the config's interface list), CIDR sets loaded once and shared by the
 * rules that name them, and the rules in order. A config rule on ICMP becomes two policy rules (ICMP and ICMPv6),
 * so {@link Compiled#configRule(int)} maps a policy rule index back to the config rule it came from. A rule's
 * {@code tls}/{@code quic} conditions become its {@link TlsConditions} ({@link #tlsConditions}).
 */
public final class PolicyCompiler {
    /** The compiled policy, its zones, and the config rule behind each policy rule. */
    public record Compiled(Policy policy, ZoneMap zones, int[] configRuleOfPolicyRule, List<String> ruleNames) {
        /** The config rule (index into the config's rule list) behind policy rule {@code policyRule}, or -1. */
        public int configRule(int policyRule) {
            return policyRule < 0 || policyRule >= configRuleOfPolicyRule.length ? -1
                    : configRuleOfPolicyRule[policyRule];
        }

        /** The rule's name for logs and the API, or "default". */
        public String ruleName(int policyRule) {
            int c = configRule(policyRule);
            return c < 0 ? "default" : ruleNames.get(c);
        }
    }

    private PolicyCompiler() {}

    /** The interface index the data plane uses for an interface of the config. */
    public static int interfaceIndex(NodeConfig config, String interfaceName) {
        List<InterfaceConfig> all = config.interfaces();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(interfaceName)) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Compiles; a set file that cannot be read (it was valid at config check) is an {@link UncheckedIOException}. */
    public static Compiled compile(NodeConfig config) {
        ZoneMap.Builder zb = ZoneMap.builder();
        for (String zone : config.zones()) {
            zb.zone(zone);
        }
        List<InterfaceConfig> interfaces = config.interfaces();
        for (int i = 0; i < interfaces.size(); i++) {
            InterfaceConfig ic = interfaces.get(i);
            if (ic.role() == InterfaceConfig.Role.DATA && ic.zone().isPresent()) {
                zb.bind(ic.name(), i + 1, ic.zone().get());
            }
        }
        ZoneMap zones = zb.build();

        Map<String, CidrSet> sets = new HashMap<>();
        for (AddressSet s : config.policy().sets().values()) {
            sets.put(s.name(), compileSet(s));
        }

        Policy.Builder pb = Policy.builder(zones.zoneCount())
                .defaultAction(action(config.policy().defaultAction()));
        List<Integer> origin = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<RuleConfig> rules = config.policy().rules();
        for (int i = 0; i < rules.size(); i++) {
            RuleConfig rc = rules.get(i);
            names.add(rc.name());
            List<Protocol> protocols = switch (rc.protocol()) {
                case TCP -> List.of(Protocol.TCP);
                case UDP -> List.of(Protocol.UDP);
                case ICMP -> List.of(Protocol.ICMP, Protocol.ICMPV6);
                case ANY -> List.of(Protocol.ANY);
            };
            // Sets and ports once per config rule: an ICMP rule becomes two policy rules sharing them, and a union of
            // large sets is not worth building twice.
            CidrSet src = rc.fromSets().isEmpty() ? null : union(sets, rc.fromSets());
            CidrSet dst = rc.toSets().isEmpty() ? null : union(sets, rc.toSets());
            PortRanges ports = null;
            if (!rc.ports().isEmpty()) {
                PortRanges.Builder pr = PortRanges.builder();
                for (PortRange r : rc.ports()) {
                    pr.add(r.first(), r.last());
                }
                ports = pr.build();
            }
            for (Protocol p : protocols) {
                // Policy rule names must be unique: the ICMPv6 half of an ICMP rule gets a suffix.
                String name = p == Protocol.ICMPV6 ? rc.name() + "/icmpv6" : rc.name();
                Rule.Builder rb = Rule.builder(name).protocol(p).action(action(rc.action())).log(rc.log());
                if (!rc.fromZones().isEmpty()) {
                    rb.from(zoneIds(zones, rc.fromZones()));
                }
                if (!rc.toZones().isEmpty()) {
                    rb.to(zoneIds(zones, rc.toZones()));
                }
                if (src != null) {
                    rb.src(src);
                }
                if (dst != null) {
                    rb.dst(dst);
                }
                if (ports != null) {
                    rb.dstPorts(ports);
                }
                if (p == Protocol.TCP || p == Protocol.UDP) {
                    TlsConditions l7 = tlsConditions(rc.tls().orElse(null), p == Protocol.TCP ? null
                            : rc.quic().orElse(null));
                    if (l7 != null) {
                        rb.l7(l7);
                    }
                }
                pb.add(rb);
                origin.add(i);
            }
        }
        return new Compiled(pb.build(), zones, origin.stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(names));
    }

    /**
     * The inspector's conditions for a rule's {@code tls} and {@code quic} sections, or null when it has neither.
     * QUIC only: inspection with no ClientHello conditions, so only the undecryptable policy acts (incomplete
     * Initials pass). No {@code quic} section: undecryptable datagrams are dropped (the config's default).
     */
    public static TlsConditions tlsConditions(TlsMatch tls, QuicMatch quic) {
        if (tls == null && quic == null) {
            return null;
        }
        TlsConditions.Builder b = TlsConditions.builder()
                .undecryptableAllowed(quic != null && quic.undecryptable() == QuicMatch.Undecryptable.ALLOW);
        if (tls == null) {
            return b.incompleteAllowed(true).build();
        }
        b.required(tls.required())
                .echDeny(tls.ech() == TlsMatch.EchMode.DENY)
                .incompleteAllowed(tls.incompleteHello() == TlsMatch.IncompleteHello.ALLOW);
        tls.minVersion().ifPresent(v -> b.minVersion(v.wireValue()));
        tls.sniAllow().forEach(b::sniAllow);
        tls.sniDeny().forEach(b::sniDeny);
        tls.alpnAllow().forEach(b::alpnAllow);
        tls.ja4Deny().forEach(b::ja4Deny);
        return b.build();
    }

    private static CidrSet compileSet(AddressSet s) {
        CidrSet.Builder b = CidrSet.builder();
        for (Cidr c : s.prefixes()) {
            b.add(c.network().toString());
        }
        if (s.file().isPresent()) {
            try {
                b.addAll(CidrSetLoader.load(s.file().get()).set());
            } catch (IOException e) {
                throw new UncheckedIOException("set '" + s.name() + "': cannot read " + s.file().get(), e);
            }
        }
        return b.build();
    }

    private static CidrSet union(Map<String, CidrSet> sets, List<String> names) {
        if (names.size() == 1) {
            return sets.get(names.get(0));
        }
        CidrSet.Builder b = CidrSet.builder();
        names.forEach(n -> b.addAll(sets.get(n)));
        return b.build();
    }

    private static int[] zoneIds(ZoneMap zones, List<String> names) {
        return names.stream().mapToInt(zones::zoneId).toArray();
    }

    private static Action action(RuleConfig.Action a) {
        return switch (a) {
            case ACCEPT -> Action.ACCEPT;
            case DROP -> Action.DROP;
            case REJECT -> Action.REJECT;
        };
    }
}
