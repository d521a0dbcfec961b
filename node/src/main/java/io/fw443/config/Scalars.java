package io.fw443.config;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed reads of single YAML nodes. Each returns null after reporting a problem at the node, so the
 * binder can go on and collect the next one. {@code path} is the key path shown in messages.
 */
final class Scalars {

    /** YAML 1.2 core schema integer forms (decimal, 0o octal, 0x hex). */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");

    /** Longer integer text is out of every range we accept; the cap keeps BigInteger parsing cheap. */
    private static final int MAX_INTEGER_TEXT = 40;

    private Scalars() {
    }

    /** What a node is, for "expected X, got Y" messages. */
    static String describe(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        String value = IpAddress.abbreviate(scalar.getValue());
        if (tag.equals(Tag.NULL)) {
            return "nothing (null)";
        }
        if (tag.equals(Tag.BOOL)) {
            return "the boolean " + value;
        }
        if (tag.equals(Tag.INT)) {
            return "the integer " + value;
        }
        if (tag.equals(Tag.FLOAT)) {
            return "the number " + value;
        }
        if (tag.equals(Tag.STR)) {
            return "the string '" + value + "'";
        }
        return "a value tagged " + tag;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** The text of a string-like scalar (strings and numbers; booleans must be quoted to be text). */
    static String text(Node node, String path, Problems problems, String expected) {
        if (node instanceof ScalarNode) {
            Tag tag = node.getTag();
            if (tag.equals(Tag.STR) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
                return ((ScalarNode) node).getValue();
            }
            if (tag.equals(Tag.BOOL)) {
                problems.at(node, path + ": expected " + expected + ", got " + describe(node)
                        + " (quote it if you mean the text)");
                return null;
            }
        }
        problems.at(node, path + ": expected " + expected + ", got " + describe(node));
        return null;
    }

    /** A string that must match {@code pattern}. */
    static String matching(Node node, String path, Problems problems, Pattern pattern, String rule) {
        String text = text(node, path, problems, "a string (" + rule + ")");
        if (text != null && !pattern.matcher(text).matches()) {
            problems.at(node, path + ": '" + IpAddress.abbreviate(text) + "' is not allowed: " + rule);
            return null;
        }
        return text;
    }

    /** A value parsed from a string-like scalar by {@code parser}. */
    static <T> T parsed(Node node, String path, Problems problems, String expected, Function<String, Parsed<T>> parser) {
        String text = text(node, path, problems, expected);
        if (text == null) {
            return null;
        }
        Parsed<T> parsed = parser.apply(text);
        if (!parsed.ok()) {
            problems.at(node, path + ": " + parsed.error());
            return null;
        }
        return parsed.value();
    }

    /** An integer in {@code min..max}; {@code why} (may be empty) explains the range. */
    static Long integer(Node node, String path, Problems problems, long min, long max, String why) {
        String range = min + ".." + max;
        if (!(node instanceof ScalarNode) || !node.getTag().equals(Tag.INT)) {
            problems.at(node, path + ": expected an integer in " + range + ", got " + describe(node));
            return null;
        }
        BigInteger value = parseInteger(((ScalarNode) node).getValue());
        if (value == null || value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.at(node, path + ": " + IpAddress.abbreviate(((ScalarNode) node).getValue()) + " is outside "
                    + range + (why.isEmpty() ? "" : " (" + why + ")"));
            return null;
        }
        return value.longValueExact();
    }

    private static BigInteger parseInteger(String text) {
        if (text.length() > MAX_INTEGER_TEXT) {
            return null;
        }
        if (DECIMAL.matcher(text).matches()) {
            return new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        }
        if (text.startsWith("0o")) {
            return new BigInteger(text.substring(2), 8);
        }
        if (text.startsWith("0x")) {
            return new BigInteger(text.substring(2), 16);
        }
        return null;
    }

    static Boolean bool(Node node, String path, Problems problems) {
        if (node instanceof ScalarNode && node.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(((ScalarNode) node).getValue().toLowerCase(Locale.ROOT));
        }
        problems.at(node, path + ": expected a boolean (true or false), got " + describe(node));
        return null;
    }

    /** A duration in {@code min..max}. */
    static Duration duration(Node node, String path, Problems problems, Duration min, Duration max) {
        String range = Durations.format(min) + ".." + Durations.format(max);
        if (node instanceof ScalarNode && node.getTag().equals(Tag.INT) && !"0".equals(((ScalarNode) node).getValue())) {
            problems.at(node, path + ": " + IpAddress.abbreviate(((ScalarNode) node).getValue())
                    + " has no unit: expected " + Durations.DURATION_FORM + ", in " + range);
            return null;
        }
        Duration value = parsed(node, path, problems, "a duration (" + Durations.DURATION_FORM + ")", Durations::parse);
        if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
            problems.at(node, path + ": " + ((ScalarNode) node).getValue() + " is outside " + range);
            return null;
        }
        return value;
    }

    /** One of an enum's keywords. */
    static <E extends Enum<E> & Keyword> E keyword(Node node, String path, Problems problems, Class<E> type) {
        String allowed = Arrays.stream(type.getEnumConstants()).map(Keyword::keyword)
                .collect(Collectors.joining(", "));
        String text = text(node, path, problems, "one of " + allowed);
        if (text == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.keyword().equals(text)) {
                return constant;
            }
        }
        problems.at(node, path + ": '" + IpAddress.abbreviate(text) + "' is not allowed: expected one of " + allowed
                + DidYouMean.hint(text, Arrays.stream(type.getEnumConstants()).map(Keyword::keyword).toList()));
        return null;
    }

    /** A file-system path as written (not yet resolved). */
    static Path path(Node node, String path, Problems problems) {
        String text = text(node, path, problems, "a file path");
        if (text == null) {
            return null;
        }
        if (text.isEmpty()) {
            problems.at(node, path + ": expected a file path, got an empty string");
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            problems.at(node, path + ": '" + IpAddress.abbreviate(text) + "' is not a valid path: " + e.getReason());
            return null;
        }
    }
}
