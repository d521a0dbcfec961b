package io.fw443.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Binds the {@code policy} section: sets (inline or from files) and rules, checking every reference. */
final class PolicyBinder {

    private static final Pattern PORT_RANGE = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?");
    private static final String PORT_FORM = "a port 1..65535 or a range \"a-b\", e.g. 443 or \"8000-8100\"";

    private final Problems problems;
    private final PathResolver paths;
    private final BoundInterfaces interfaces;

    PolicyBinder(Problems problems, PathResolver paths, BoundInterfaces interfaces) {
        this.problems = problems;
        this.paths = paths;
        this.interfaces = interfaces;
    }

    PolicyConfig bind(YamlMap map) {
        RuleConfig.Action defaultAction = map.keyword("default", RuleConfig.Action.class, RuleConfig.Action.DROP);
        if (defaultAction == RuleConfig.Action.ACCEPT) {
            map.problem("default", "must be drop or reject (the default never accepts; write an accept rule"
                    + " for what should pass)");
            defaultAction = RuleConfig.Action.DROP;
        }
        PolicyConfig.Fragments fragments = map.keyword("fragments", PolicyConfig.Fragments.class,
                PolicyConfig.Fragments.DROP);
        Set<String> setNames = new LinkedHashSet<>();
        Map<String, AddressSet> sets = bindSets(map, setNames);
        List<RuleConfig> rules = bindRules(map, setNames);
        return new PolicyConfig(defaultAction, sets, rules, fragments);
    }

    // ---- sets ----------------------------------------------------------------------------------

    private Map<String, AddressSet> bindSets(YamlMap policy, Set<String> names) {
        Map<String, AddressSet> sets = new LinkedHashMap<>();
        Node node = policy.get("sets");
        if (node == null) {
            return sets;
        }
        if (!(node instanceof MappingNode)) {
            policy.problem("sets", "expected a mapping of set name to a list of networks or { file: PATH }, got "
                    + Scalars.describe(node));
            return sets;
        }
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String name = Scalars.matching(tuple.getKeyNode(), "policy.sets", problems, TextRules.NAME,
                    TextRules.NAME_RULE);
            if (name == null) {
                continue;
            }
            if (!names.add(name)) {
                problems.at(tuple.getKeyNode(), "policy.sets: duplicate set name '" + name + "'");
                continue;
            }
            String path = "policy.sets." + name;
            Node value = tuple.getValueNode();
            int before = problems.count();
            AddressSet set;
            if (value instanceof SequenceNode) {
                set = new AddressSet(name, inlinePrefixes((SequenceNode) value, path), Optional.empty());
            } else if (value instanceof MappingNode) {
                set = fileSet(name, YamlMap.item(value, path, Section.SET_FILE, problems));
            } else {
                problems.at(value, path + ": expected a list of networks or { file: PATH }, got "
                        + Scalars.describe(value));
                continue;
            }
            if (set != null && problems.count() == before) {
                sets.put(name, set);
            }
        }
        return sets;
    }

    private List<Cidr> inlinePrefixes(SequenceNode list, String path) {
        List<Cidr> prefixes = new ArrayList<>();
        List<Node> items = list.getValue();
        for (int i = 0; i < items.size(); i++) {
            Cidr cidr = ConfigBinder.network(items.get(i), path + "[" + i + "]", problems);
            if (cidr != null) {
                prefixes.add(cidr);
            }
        }
        return prefixes;
    }

    private AddressSet fileSet(String name, YamlMap map) {
        if (!map.has("file")) {
            map.missing("file", "a file of networks, one per line");
            return null;
        }
        Path written = map.path("file");
        if (written == null) {
            return null;
        }
        Path file = paths.input(written);
        if (!Files.isRegularFile(file)) {
            map.problem("file", "file not found: " + paths.searched(written) + " (a relative path is looked up"
                    + " next to the config file, then in the working directory)");
            return null;
        }
        return new AddressSet(name, SetFileReader.read(file, problems), Optional.of(file));
    }

    // ---- rules ---------------------------------------------------------------------------------

    private List<RuleConfig> bindRules(YamlMap policy, Set<String> setNames) {
        List<Node> items = policy.list("rules");
        List<RuleConfig> rules = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMap map = YamlMap.item(items.get(i), "policy.rules[" + i + "]", Section.RULE, problems);
            String name = map.requiredString("name", TextRules.NAME, TextRules.NAME_RULE);
            if (name != null && names.putIfAbsent(name, map.get("name")) != null) {
                map.problem("name", "duplicate rule name '" + name + "' (first at line "
                        + names.get(name).getStartMark().map(m -> m.getLine() + 1).orElse(0) + ")");
            }
            List<String> from = references(map, "from", "zone", interfaces.zones());
            List<String> to = references(map, "to", "zone", interfaces.zones());
            List<String> fromSets = references(map, "from-set", "set", setNames);
            List<String> toSets = references(map, "to-set", "set", setNames);
            RuleConfig.Protocol protocol = map.keyword("proto", RuleConfig.Protocol.class, RuleConfig.Protocol.ANY);
            boolean portsAllowed = protocol == RuleConfig.Protocol.TCP || protocol == RuleConfig.Protocol.UDP;
            List<PortRange> ports = bindPorts(map, portsAllowed);
            if (map.present() && !map.has("action")) {
                map.missing("action", "accept, drop or reject");
            }
            RuleConfig.Action action = map.keyword("action", RuleConfig.Action.class, null);
            boolean log = map.bool("log", false);
            // Bound even when not allowed here, so that problems inside are reported too.
            TlsMatch tlsMatch = map.has("tls") ? bindTls(map.map("tls", Section.TLS)) : null;
            Optional<TlsMatch> tls = Optional.empty();
            if (tlsMatch != null && onlyOnAccept(map, "tls", action)
                    && onlyWithProtocol(map, "tls", protocol, portsAllowed, "tcp (TLS) or udp (QUIC)")) {
                tls = Optional.of(tlsMatch);
            }
            QuicMatch quicMatch = map.has("quic") ? new QuicMatch(map.map("quic", Section.QUIC)
                    .keyword("undecryptable", QuicMatch.Undecryptable.class, QuicMatch.Undecryptable.DROP)) : null;
            Optional<QuicMatch> quic = Optional.empty();
            if (quicMatch != null && onlyOnAccept(map, "quic", action)
                    && onlyWithProtocol(map, "quic", protocol, protocol == RuleConfig.Protocol.UDP, "udp")) {
                quic = Optional.of(quicMatch);
            }
            if (name != null && action != null) {
                rules.add(new RuleConfig(name, from, to, fromSets, toSets, protocol, ports, action, log, tls, quic));
            }
        }
        return rules;
    }

    private boolean onlyOnAccept(YamlMap map, String key, RuleConfig.Action action) {
        if (action != null && action != RuleConfig.Action.ACCEPT) {
            map.problem(key, "only on rules with action accept (it restricts what an accepted flow may carry);"
                    + " this rule's action is " + action.keyword());
            return false;
        }
        return true;
    }

    private boolean onlyWithProtocol(YamlMap map, String key, RuleConfig.Protocol protocol, boolean ok, String need) {
        if (!ok) {
            map.problem(key, "needs proto " + need + "; this rule's proto is " + protocol.keyword());
        }
        return ok;
    }

    /** Names under {@code key} (one or a list), each of which must be in {@code known}. */
    private List<String> references(YamlMap map, String key, String what, Set<String> known) {
        List<String> names = new ArrayList<>();
        List<Node> items = map.listOrOne(key);
        for (int i = 0; i < items.size(); i++) {
            String path = map.sub(key) + (map.get(key) instanceof ScalarNode ? "" : "[" + i + "]");
            String name = Scalars.text(items.get(i), path, problems, "a " + what + " name");
            if (name == null) {
                continue;
            }
            if (!known.contains(name)) {
                problems.at(items.get(i), path + ": unknown " + what + " '" + IpAddress.abbreviate(name) + "'"
                        + DidYouMean.hint(name, known) + " (" + BoundInterfaces.listed(what + "s", known)
                        + ("zone".equals(what) ? "; zones come from data interfaces" : "") + ")");
                continue;
            }
            names.add(name);
        }
        return names;
    }

    private List<PortRange> bindPorts(YamlMap map, boolean allowed) {
        if (map.has("port") && map.has("ports")) {
            map.problem("ports", "use either 'port' or 'ports', not both");
            return List.of();
        }
        String key = map.has("ports") ? "ports" : "port";
        if (!map.has(key)) {
            return List.of();
        }
        if (!allowed) {
            map.problem(key, "ports need proto tcp or udp");
            return List.of();
        }
        List<Node> items = map.listOrOne(key);
        List<PortRange> ports = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = map.sub(key) + (map.get(key) instanceof ScalarNode ? "" : "[" + i + "]");
            PortRange range = portRange(items.get(i), path);
            if (range != null) {
                ports.add(range);
            }
        }
        return ports;
    }

    private PortRange portRange(Node node, String path) {
        if (node instanceof ScalarNode && node.getTag().equals(Tag.INT)) {
            Long port = Scalars.integer(node, path, problems, 1, 65_535, "a TCP/UDP port");
            return port == null ? null : new PortRange(port.intValue(), port.intValue());
        }
        String text = Scalars.text(node, path, problems, PORT_FORM);
        if (text == null) {
            return null;
        }
        Matcher m = PORT_RANGE.matcher(text);
        if (!m.matches()) {
            problems.at(node, path + ": '" + IpAddress.abbreviate(text) + "' is not " + PORT_FORM);
            return null;
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        if (first < 1 || last > 65_535 || first > last) {
            problems.at(node, path + ": '" + text + "' is not a range within 1..65535 with first <= last");
            return null;
        }
        return new PortRange(first, last);
    }

    // ---- tls -----------------------------------------------------------------------------------

    private TlsMatch bindTls(YamlMap map) {
        boolean required = map.bool("required", false);
        Optional<TlsMatch.Version> minVersion = Optional.ofNullable(
                map.keyword("min-version", TlsMatch.Version.class, null));
        List<String> sniAllow = strings(map, "sni-allow", "a server name such as www.example.test or *.example.test",
                TextRules::sniPattern);
        List<String> sniDeny = strings(map, "sni-deny", "a server name such as www.example.test or *.example.test",
                TextRules::sniPattern);
        List<String> alpnAllow = strings(map, "alpn-allow", "an ALPN protocol id such as h2", TextRules::alpn);
        List<String> ja4Deny = strings(map, "ja4-deny", "a JA4 fingerprint", TextRules::ja4);
        TlsMatch.EchMode ech = map.keyword("ech", TlsMatch.EchMode.class, TlsMatch.EchMode.ALLOW);
        TlsMatch.IncompleteHello incomplete = map.keyword("incomplete-hello", TlsMatch.IncompleteHello.class,
                TlsMatch.IncompleteHello.DROP);
        return new TlsMatch(required, minVersion, sniAllow, sniDeny, alpnAllow, ja4Deny, ech, incomplete);
    }

    private List<String> strings(YamlMap map, String key, String expected, Function<String, Parsed<String>> parser) {
        List<String> values = new ArrayList<>();
        List<Node> items = map.listOrOne(key);
        for (int i = 0; i < items.size(); i++) {
            String path = map.sub(key) + (map.get(key) instanceof ScalarNode ? "" : "[" + i + "]");
            String value = Scalars.parsed(items.get(i), path, problems, expected, parser);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }
}
