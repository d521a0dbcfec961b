package io.fw443.lab.traffic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} pairs of a traffic tool's command line, checked against the names the tool knows. */
final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Options() {}

    static Options parse(Set<String> known, String... args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + " (known: " + known + ")");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            o.values.put(name, args[i + 1]);
        }
        return o;
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    /** An integer within [min, max]; the bound keeps a typo from asking for a million sessions. */
    int integer(String name, int fallback, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, not " + v);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", not " + n);
        }
        return n;
    }
}
