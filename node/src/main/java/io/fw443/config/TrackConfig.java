package io.fw443.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much each failure lowers the priority of every VRRP group (0 = not tracked). Weights are
 * 0..254; a group's effective priority never goes below 1.
 *
 * @param engineWeight the packet engine is unhealthy
 * @param syncWeight the flow-table sync to the peers is down or stale
 * @param resyncWeight the table has not finished its initial resync
 * @param interfaceWeights per interface name: its link is down
 */
public record TrackConfig(int engineWeight, int syncWeight, int resyncWeight, Map<String, Integer> interfaceWeights) {

    public TrackConfig {
        interfaceWeights = Collections.unmodifiableMap(new LinkedHashMap<>(interfaceWeights));
    }
}
