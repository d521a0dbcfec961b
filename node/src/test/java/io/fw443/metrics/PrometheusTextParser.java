package io.fw443.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent, strict reader of the Prometheus text exposition format 0.0.4, written from the format's
 * specification (not from the renderer) so tests can check what a scraper would see. Any deviation throws
 * {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusTextParser {
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public record Family(String name, String type, String help, List<Sample> samples) {
        /** The one sample with this name and exactly these labels. */
        public double value(String sampleName, Map<String, String> labels) {
            return samples.stream().filter(s -> s.name.equals(sampleName) && s.labels.equals(labels))
                    .map(Sample::value).reduce((a, b) -> {
                        throw new IllegalStateException("two samples " + sampleName + labels);
                    }).orElseThrow(() -> new IllegalStateException("no sample " + sampleName + labels));
        }
    }

    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private PrometheusTextParser() {
    }

    public static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition must end with a line feed");
        }
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Set<String> closed = new HashSet<>();
        String current = null;
        String[] lines = text.isEmpty() ? new String[0] : text.split("\n", -1);
        for (int n = 0; n < lines.length - 1; n++) {
            String line = lines[n];
            String where = "line " + (n + 1) + ": " + line;
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String rest = line.substring(7);
                int space = rest.indexOf(' ');
                if (space <= 0) {
                    throw new IllegalArgumentException(where);
                }
                String name = rest.substring(0, space);
                checkName(name, where);
                if (!name.equals(current)) {
                    if (closed.contains(name)) {
                        throw new IllegalArgumentException("family appears twice: " + where);
                    }
                    if (current != null) {
                        closed.add(current);
                    }
                    current = name;
                }
                if (line.startsWith("# HELP ")) {
                    if (helps.put(name, unescape(rest.substring(space + 1), false, where)) != null) {
                        throw new IllegalArgumentException("second HELP: " + where);
                    }
                } else {
                    String type = rest.substring(space + 1);
                    if (!TYPES.contains(type) || types.put(name, type) != null) {
                        throw new IllegalArgumentException("bad or second TYPE: " + where);
                    }
                    if (samples.containsKey(name)) {
                        throw new IllegalArgumentException("TYPE after samples: " + where);
                    }
                }
                continue;
            }
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Sample s = sample(line, where);
            String family = familyOf(s.name, types);
            if (!family.equals(current)) {
                throw new IllegalArgumentException("sample outside its family block: " + where);
            }
            samples.computeIfAbsent(family, k -> new ArrayList<>()).add(s);
        }
        Map<String, Family> out = new LinkedHashMap<>();
        for (String name : types.keySet()) {
            List<Sample> list = samples.getOrDefault(name, List.of());
            Family f = new Family(name, types.get(name), helps.get(name), list);
            if (f.type.equals("histogram")) {
                checkHistogram(f);
            }
            out.put(name, f);
        }
        return out;
    }

    private static String familyOf(String sampleName, Map<String, String> types) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return sampleName;
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        checkName(name, where);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String labelName = line.substring(i, eq);
                if (!labelName.matches("[a-zA-Z_][a-zA-Z0-9_]*") || line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("bad label: " + where);
                }
                int j = eq + 2;
                StringBuilder raw = new StringBuilder();
                while (line.charAt(j) != '"') {
                    if (line.charAt(j) == '\\') {
                        raw.append(line.charAt(j++));
                    }
                    raw.append(line.charAt(j++));
                }
                if (labels.put(labelName, unescape(raw.toString(), true, where)) != null) {
                    throw new IllegalArgumentException("duplicate label: " + where);
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw new IllegalArgumentException("bad label separator: " + where);
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("no value: " + where);
        }
        String[] valueAndTime = line.substring(i + 1).split(" ");
        if (valueAndTime.length > 2) {
            throw new IllegalArgumentException("trailing fields: " + where);
        }
        return new Sample(name, labels, value(valueAndTime[0], where));
    }

    private static double value(String v, String where) {
        switch (v) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                if (!v.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                    throw new IllegalArgumentException("bad value: " + where);
                }
                return Double.parseDouble(v);
        }
    }

    private static void checkName(String name, String where) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("bad metric name: " + where);
        }
    }

    private static String unescape(String s, boolean labelValue, String where) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || (labelValue && c == '"')) {
                throw new IllegalArgumentException("unescaped character: " + where);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == s.length()) {
                throw new IllegalArgumentException("dangling backslash: " + where);
            }
            char e = s.charAt(i);
            if (e == 'n') {
                out.append('\n');
            } else if (e == '\\' || (labelValue && e == '"')) {
                out.append(e);
            } else {
                throw new IllegalArgumentException("bad escape \\" + e + ": " + where);
            }
        }
        return out.toString();
    }

    /** Buckets ascend in le, counts are cumulative, the last is +Inf and equals _count; _sum exists. */
    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> bySeries = new LinkedHashMap<>();
        for (Sample s : f.samples) {
            if (s.name.equals(f.name + "_bucket")) {
                Map<String, String> rest = new LinkedHashMap<>(s.labels);
                if (rest.remove("le") == null) {
                    throw new IllegalArgumentException(f.name + ": bucket without le");
                }
                bySeries.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
            } else if (!s.name.equals(f.name + "_sum") && !s.name.equals(f.name + "_count")) {
                throw new IllegalArgumentException(f.name + ": unexpected sample " + s.name);
            }
        }
        for (Map.Entry<Map<String, String>, List<Sample>> e : bySeries.entrySet()) {
            double previousLe = Double.NEGATIVE_INFINITY;
            double previousCount = 0;
            for (Sample b : e.getValue()) {
                double le = value(b.labels.get("le"), f.name);
                if (le <= previousLe || b.value < previousCount) {
                    throw new IllegalArgumentException(f.name + e.getKey() + ": buckets not ascending/cumulative");
                }
                previousLe = le;
                previousCount = b.value;
            }
            if (previousLe != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(f.name + e.getKey() + ": no +Inf bucket");
            }
            if (f.value(f.name + "_count", e.getKey()) != previousCount) {
                throw new IllegalArgumentException(f.name + e.getKey() + ": _count differs from +Inf bucket");
            }
            f.value(f.name + "_sum", e.getKey());
        }
    }
}
