package io.fw443.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The interfaces bound so far, for the sections that refer to them. An interface that had problems
 * of its own is known by name but not offered for cross-checks, so one mistake is reported once and
 * not again as "VIP outside subnet" or "unknown interface".
 */
final class BoundInterfaces {

    private final Map<String, InterfaceConfig> clean = new LinkedHashMap<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final Set<String> zones = new TreeSet<>();

    void addName(String name) {
        names.add(name);
    }

    void addZone(String zone) {
        zones.add(zone);
    }

    void addClean(InterfaceConfig config) {
        clean.put(config.name(), config);
    }

    List<InterfaceConfig> all() {
        return List.copyOf(clean.values());
    }

    Set<String> zones() {
        return zones;
    }

    boolean isKnown(String name) {
        return names.contains(name);
    }

    /**
     * The clean interface named {@code name}; reports an unknown name at {@code at}. Null when unknown
     * or when the interface had problems of its own.
     */
    InterfaceConfig resolve(Node at, String path, String name, Problems problems) {
        if (!names.contains(name)) {
            problems.at(at, path + ": unknown interface '" + IpAddress.abbreviate(name) + "'"
                    + DidYouMean.hint(name, names) + " (" + listed("interfaces", names) + ")");
            return null;
        }
        return clean.get(name);
    }

    /** "interfaces: a, b" or "no interfaces are defined". */
    static String listed(String what, Collection<String> names) {
        return names.isEmpty() ? "no " + what + " are defined" : what + ": " + String.join(", ", names);
    }
}
