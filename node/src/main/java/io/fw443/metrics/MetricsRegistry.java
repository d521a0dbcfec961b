package io.fw443.metrics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Holds the node's metrics and renders them in the Prometheus text exposition format 0.0.4. Registration happens
 * at start-up and rendering once per scrape, both under this object's lock; the metrics themselves are updated
 * lock-free by whoever holds them.
 *
 * <p>A metric family is a name with a type, a help text and a fixed list of label names; each call with the same
 * name and new label values adds a series to that family. Labels are given as name/value pairs:
 * {@code registry.counter("fw443_verdicts_total", "Verdicts by reason.", "verdict", "drop", "reason", "no-flow")}.
 */
public final class MetricsRegistry {
    /** The HTTP Content-Type of {@link #render()}'s output. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_sum", "_count");
    /** Prometheus' base unit for time is the second; histograms record nanoseconds. */
    private static final int NANOS_PER_SECOND_DIGITS = 9;

    private enum Type {
        COUNTER, GAUGE, HISTOGRAM;

        String exposed() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** A counter updated by the caller. */
    public Counter counter(String name, String help, String... labels) {
        Counter c = new Counter();
        register(name, help, Type.COUNTER, labels, new ValueSeries(c::get));
        return c;
    }

    /** A counter whose value lives elsewhere (an engine's per-reason array, say) and is read at scrape time. */
    public void counterFunction(String name, String help, LongSupplier value, String... labels) {
        register(name, help, Type.COUNTER, labels, new ValueSeries(value));
    }

    /** A value read at scrape time that may go up and down (table size, say). */
    public void gauge(String name, String help, LongSupplier value, String... labels) {
        register(name, help, Type.GAUGE, labels, new ValueSeries(value));
    }

    /** A latency histogram recording nanoseconds; name it {@code *_seconds}, it is exposed in seconds. */
    public Histogram histogram(String name, String help, long[] upperBoundsNs, String... labels) {
        Histogram h = new Histogram(upperBoundsNs);
        register(name, help, Type.HISTOGRAM, labels, new HistogramSeries(h));
        return h;
    }

    /** The whole exposition, families in registration order. */
    public synchronized String render() {
        StringBuilder out = new StringBuilder(256 * (families.size() + 1));
        for (Family f : families.values()) {
            out.append("# HELP ").append(f.name).append(' ').append(escapeHelp(f.help)).append('\n');
            out.append("# TYPE ").append(f.name).append(' ').append(f.type.exposed()).append('\n');
            for (Map.Entry<List<String>, Series> e : f.series.entrySet()) {
                e.getValue().render(out, f.name, labelPairs(f.labelNames, e.getKey()));
            }
        }
        return out.toString();
    }

    private synchronized void register(String name, String help, Type type, String[] labels, Series series) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name: " + name);
        }
        if (help == null || help.isEmpty()) {
            throw new IllegalArgumentException(name + ": help text required");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException(name + ": labels come as name/value pairs: " + Arrays.toString(labels));
        }
        List<String> labelNames = new ArrayList<>();
        List<String> labelValues = new ArrayList<>();
        for (int i = 0; i < labels.length; i += 2) {
            String labelName = labels[i];
            if (labelName == null || !LABEL_NAME.matcher(labelName).matches() || labelName.startsWith("__")) {
                throw new IllegalArgumentException(name + ": bad label name: " + labelName);
            }
            if (type == Type.HISTOGRAM && labelName.equals("le")) {
                throw new IllegalArgumentException(name + ": label 'le' is reserved for histogram buckets");
            }
            if (labelNames.contains(labelName)) {
                throw new IllegalArgumentException(name + ": duplicate label " + labelName);
            }
            if (labels[i + 1] == null) {
                throw new IllegalArgumentException(name + ": null value for label " + labelName);
            }
            labelNames.add(labelName);
            labelValues.add(labels[i + 1]);
        }
        Family family = families.get(name);
        if (family == null) {
            checkNoExpositionClash(name, type);
            family = new Family(name, help, type, List.copyOf(labelNames));
            families.put(name, family);
        } else if (family.type != type || !family.help.equals(help) || !family.labelNames.equals(labelNames)) {
            throw new IllegalArgumentException(name + ": already registered as " + family.type.exposed()
                    + " with labels " + family.labelNames + " and another help text or type");
        }
        if (family.series.putIfAbsent(List.copyOf(labelValues), series) != null) {
            throw new IllegalArgumentException(name + ": series " + labelValues + " already registered");
        }
    }

    /** A histogram's _bucket/_sum/_count lines must not collide with another family's lines. */
    private void checkNoExpositionClash(String name, Type type) {
        for (Family f : families.values()) {
            for (String suffix : HISTOGRAM_SUFFIXES) {
                boolean clash = (f.type == Type.HISTOGRAM && name.equals(f.name + suffix))
                        || (type == Type.HISTOGRAM && f.name.equals(name + suffix));
                if (clash) {
                    throw new IllegalArgumentException(name + ": clashes with the exposition of " + f.name);
                }
            }
        }
    }

    /** {@code a="x",b="y"} without braces, so a histogram can append {@code le}. */
    private static String labelPairs(List<String> names, List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(names.get(i)).append("=\"").append(escapeLabelValue(values.get(i))).append('"');
        }
        return sb.toString();
    }

    /** Format 0.0.4: in HELP, backslash and line feed are escaped. */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Format 0.0.4: in label values, backslash, double quote and line feed are escaped. */
    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Nanoseconds as an exact decimal number of seconds, e.g. 1500 -> 0.0000015 (no binary rounding). */
    static String seconds(long ns) {
        return BigDecimal.valueOf(ns, NANOS_PER_SECOND_DIGITS).stripTrailingZeros().toPlainString();
    }

    private static void sample(StringBuilder out, String name, String labels, String value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    private static final class Family {
        final String name;
        final String help;
        final Type type;
        final List<String> labelNames;
        final Map<List<String>, Series> series = new LinkedHashMap<>();

        Family(String name, String help, Type type, List<String> labelNames) {
            this.name = name;
            this.help = help;
            this.type = type;
            this.labelNames = labelNames;
        }
    }

    private sealed interface Series permits ValueSeries, HistogramSeries {
        void render(StringBuilder out, String name, String labels);
    }

    private record ValueSeries(LongSupplier value) implements Series {
        @Override
        public void render(StringBuilder out, String name, String labels) {
            sample(out, name, labels, Long.toString(value.getAsLong()));
        }
    }

    private record HistogramSeries(Histogram histogram) implements Series {
        @Override
        public void render(StringBuilder out, String name, String labels) {
            long[] bounds = histogram.upperBoundsNs();
            long[] counts = histogram.bucketCounts();
            long sumNs = histogram.sumNs();
            String prefix = labels.isEmpty() ? "" : labels + ",";
            long cumulative = 0;
            for (int i = 0; i < counts.length; i++) {
                cumulative += counts[i];
                String le = i < bounds.length ? seconds(bounds[i]) : "+Inf";
                sample(out, name + "_bucket", prefix + "le=\"" + le + "\"", Long.toString(cumulative));
            }
            sample(out, name + "_sum", labels, seconds(sumNs));
            sample(out, name + "_count", labels, Long.toString(cumulative));
        }
    }
}
