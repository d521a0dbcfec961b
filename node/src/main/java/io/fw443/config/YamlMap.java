package io.fw443.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML mapping read against its {@link Section}'s key list. Creating one reports unknown keys (with
 * a suggestion), duplicate keys and non-mapping values; the getters report wrong types and ranges
 * and return null or the default, so binding always continues.
 *
 * <p>A key written with no value ({@code key:} or {@code key: null}) counts as absent.
 */
final class YamlMap {

    private final Node node;
    private final String path;
    private final Problems problems;
    private final boolean present;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(Node node, String path, Problems problems, boolean present) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.present = present;
    }

    /**
     * Reads {@code node} as a mapping of {@code section}. A null node or YAML null gives an absent map
     * (all defaults); any other non-mapping is reported and gives an absent map too.
     */
    static YamlMap of(Node node, String path, Section section, Problems problems) {
        if (node == null || Scalars.isNull(node)) {
            return new YamlMap(node, path, problems, false);
        }
        return read(node, path, section, problems);
    }

    /** Reads a list item that must be a mapping: unlike {@link #of}, an empty item is reported. */
    static YamlMap item(Node node, String path, Section section, Problems problems) {
        return read(node, path, section, problems);
    }

    private static YamlMap read(Node node, String path, Section section, Problems problems) {
        if (!(node instanceof MappingNode)) {
            problems.at(node, label(path) + ": expected a mapping (key: value), got " + Scalars.describe(node));
            return new YamlMap(node, path, problems, false);
        }
        YamlMap map = new YamlMap(node, path, problems, true);
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode)) {
                problems.at(key, label(path) + ": a key must be a plain word, got " + Scalars.describe(key));
                continue;
            }
            String name = ((ScalarNode) key).getValue();
            NodeTuple first = map.entries.get(name);
            if (first != null) {
                problems.at(key, label(path) + ": duplicate key '" + IpAddress.abbreviate(name) + "' (first at line "
                        + (first.getKeyNode().getStartMark().map(m -> m.getLine() + 1).orElse(0)) + ")");
                continue;
            }
            if (!section.keys().contains(name)) {
                problems.at(key, label(path) + ": unknown key '" + IpAddress.abbreviate(name) + "'"
                        + DidYouMean.hint(name, section.keys()) + " (allowed: " + String.join(", ", section.keys())
                        + ")");
                continue;
            }
            map.entries.put(name, tuple);
        }
        return map;
    }

    private static String label(String path) {
        return path.isEmpty() ? "top level" : path;
    }

    /** True when the mapping was written (and is a mapping). */
    boolean present() {
        return present;
    }

    /** The mapping's node, where problems about the whole mapping are reported. */
    Node node() {
        return node;
    }

    /** The path of {@code key} in this mapping, for messages. */
    String sub(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value of {@code key}, or null when absent or written as null. */
    Node get(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null || Scalars.isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
    }

    boolean has(String key) {
        return get(key) != null;
    }

    /** The key node itself, to point at a key rather than its value. */
    Node keyNode(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? node : tuple.getKeyNode();
    }

    /** Reports a problem at the value of {@code key}. */
    void problem(String key, String message) {
        problems.at(get(key) == null ? keyNode(key) : get(key), sub(key) + ": " + message);
    }

    /** Reports that a required key is missing; {@code what} says what it must hold. */
    void missing(String key, String what) {
        if (present) {
            problems.at(node, label(path) + ": missing required key '" + key + "' (" + what + ")");
        }
    }

    String string(String key, Pattern pattern, String rule) {
        Node value = get(key);
        return value == null ? null : Scalars.matching(value, sub(key), problems, pattern, rule);
    }

    String requiredString(String key, Pattern pattern, String rule) {
        if (!has(key)) {
            missing(key, rule);
            return null;
        }
        return string(key, pattern, rule);
    }

    Long integer(String key, long min, long max, String why) {
        Node value = get(key);
        return value == null ? null : Scalars.integer(value, sub(key), problems, min, max, why);
    }

    long integer(String key, long defaultValue, long min, long max, String why) {
        Long value = integer(key, min, max, why);
        return value == null ? defaultValue : value;
    }

    boolean bool(String key, boolean defaultValue) {
        Node value = get(key);
        Boolean b = value == null ? null : Scalars.bool(value, sub(key), problems);
        return b == null ? defaultValue : b;
    }

    Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Node value = get(key);
        Duration d = value == null ? null : Scalars.duration(value, sub(key), problems, min, max);
        return d == null ? defaultValue : d;
    }

    <E extends Enum<E> & Keyword> E keyword(String key, Class<E> type, E defaultValue) {
        Node value = get(key);
        E e = value == null ? null : Scalars.keyword(value, sub(key), problems, type);
        return e == null ? defaultValue : e;
    }

    Path path(String key) {
        Node value = get(key);
        return value == null ? null : Scalars.path(value, sub(key), problems);
    }

    /** A nested mapping; absent when the key is. */
    YamlMap map(String key, Section section) {
        return of(get(key), sub(key), section, problems);
    }

    /** The items of a list; empty when absent; a non-list is reported. */
    List<Node> list(String key) {
        Node value = get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof SequenceNode)) {
            problem(key, "expected a list, got " + Scalars.describe(value));
            return List.of();
        }
        return items(value);
    }

    /** Like {@link #list} but a single scalar stands for a list of one ({@code from: clients}). */
    List<Node> listOrOne(String key) {
        Node value = get(key);
        if (value instanceof ScalarNode) {
            return List.of(value);
        }
        return list(key);
    }

    private static List<Node> items(Node sequence) {
        return new ArrayList<>(((SequenceNode) sequence).getValue());
    }
}
