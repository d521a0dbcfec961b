package io.fw443.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Zones and the interfaces bound to them. A zone id is a small int in {@code [0, zoneCount)}, at most
 * {@link #MAX_ZONES}, so a rule can hold a zone set as a 64-bit mask. An interface is known by its
 * name and by an index the data plane assigns (a small non-negative int, e.g. the port number or the
 * kernel ifindex); the engine maps the index to a zone once per packet with one array read.
 */
public final class ZoneMap {
    /** Zones fit one {@code long} bit mask in a rule. */
    public static final int MAX_ZONES = 64;
    /** Interface indexes above this are refused, to keep the lookup array small. */
    public static final int MAX_INTERFACE_INDEX = 65535;
    /** Answer for an unbound interface or an unknown name. */
    public static final int NO_ZONE = -1;

    private final List<String> zoneNames;
    private final Map<String, Integer> zoneIds;
    private final Map<String, Integer> zoneByInterfaceName;
    private final int[] zoneByInterfaceIndex;

    private ZoneMap(final Builder b) {
        this.zoneNames = List.copyOf(b.zoneNames);
        this.zoneIds = Map.copyOf(b.zoneIds);
        this.zoneByInterfaceName = Map.copyOf(b.zoneByInterfaceName);
        this.zoneByInterfaceIndex = Arrays.copyOf(b.zoneByInterfaceIndex, b.maxIndex + 1);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The zone of the interface with this data-plane index, or {@link #NO_ZONE}. */
    public int zoneOfInterface(final int interfaceIndex) {
        return interfaceIndex >= 0 && interfaceIndex < zoneByInterfaceIndex.length
            ? zoneByInterfaceIndex[interfaceIndex] : NO_ZONE;
    }

    /** The zone of the interface with this name, or {@link #NO_ZONE}. */
    public int zoneOfInterface(final String interfaceName) {
        return zoneByInterfaceName.getOrDefault(interfaceName, NO_ZONE);
    }

    /** The id of the named zone, or {@link #NO_ZONE}. */
    public int zoneId(final String zoneName) {
        return zoneIds.getOrDefault(zoneName, NO_ZONE);
    }

    /** The name of a zone id. */
    public String zoneName(final int zoneId) {
        return zoneNames.get(zoneId);
    }

    /** Number of zones; ids are {@code 0 .. zoneCount() - 1}. */
    public int zoneCount() {
        return zoneNames.size();
    }

    /** Declares zones (ids in declaration order) and binds interfaces to them. */
    public static final class Builder {
        private final List<String> zoneNames = new ArrayList<>();
        private final Map<String, Integer> zoneIds = new HashMap<>();
        private final Map<String, Integer> zoneByInterfaceName = new HashMap<>();
        private final Map<Integer, String> interfaceNameByIndex = new HashMap<>();
        private int[] zoneByInterfaceIndex = new int[0];
        private int maxIndex = -1;

        private Builder() {
        }

        /** Declares a zone; its id is the number of zones declared before it. */
        public Builder zone(final String name) {
            if (zoneIds.containsKey(name)) {
                throw new IllegalArgumentException("zone '" + name + "' declared twice");
            }
            if (zoneNames.size() == MAX_ZONES) {
                throw new IllegalArgumentException("more than " + MAX_ZONES + " zones");
            }
            zoneIds.put(name, zoneNames.size());
            zoneNames.add(name);
            return this;
        }

        /** Binds an interface (name and data-plane index) to a declared zone. */
        public Builder bind(final String interfaceName, final int interfaceIndex, final String zoneName) {
            final Integer zone = zoneIds.get(zoneName);
            if (zone == null) {
                throw new IllegalArgumentException("interface '" + interfaceName + "': unknown zone '" + zoneName + "'");
            }
            if (interfaceIndex < 0 || interfaceIndex > MAX_INTERFACE_INDEX) {
                throw new IllegalArgumentException("interface '" + interfaceName + "': index " + interfaceIndex);
            }
            if (zoneByInterfaceName.containsKey(interfaceName)) {
                throw new IllegalArgumentException("interface '" + interfaceName + "' bound twice");
            }
            final String other = interfaceNameByIndex.putIfAbsent(interfaceIndex, interfaceName);
            if (other != null) {
                throw new IllegalArgumentException("interface index " + interfaceIndex + " used by '" + other
                    + "' and '" + interfaceName + "'");
            }
            zoneByInterfaceName.put(interfaceName, zone);
            if (interfaceIndex >= zoneByInterfaceIndex.length) {
                final int old = zoneByInterfaceIndex.length;
                zoneByInterfaceIndex = Arrays.copyOf(zoneByInterfaceIndex, Math.max(interfaceIndex + 1, old * 2));
                Arrays.fill(zoneByInterfaceIndex, old, zoneByInterfaceIndex.length, NO_ZONE);
            }
            zoneByInterfaceIndex[interfaceIndex] = zone;
            maxIndex = Math.max(maxIndex, interfaceIndex);
            return this;
        }

        /** The immutable map. */
        public ZoneMap build() {
            return new ZoneMap(this);
        }
    }
}
