package io.fw443.vrrp;

import java.util.Map;
import java.util.Set;

/**
 * Tracking weights: each failing condition lowers a group's effective priority by its weight, as
 * CARP's demotion counter does. The sum goes into {@link VrrpEvent.TrackingChanged}; the machine
 * clamps the result to 1..254 ({@link VrrpMachine#effectivePriority}).
 *
 * <p>The resync weight is what keeps a node whose flow table is not yet caught up from preempting:
 * give it more than the priority gap between the nodes.
 *
 * @param engineWeight     demotion while the packet engine reports unhealthy
 * @param syncLinkWeight   demotion while the sync link (JGroups transport) is down
 * @param resyncWeight     demotion until the flow table has finished its resync from a peer
 * @param interfaceWeights demotion per tracked interface while its link is down
 */
public record VrrpTracking(int engineWeight, int syncLinkWeight, int resyncWeight,
                           Map<String, Integer> interfaceWeights) {

    public VrrpTracking {
        interfaceWeights = Map.copyOf(interfaceWeights);
        checkWeight("engine", engineWeight);
        checkWeight("sync", syncLinkWeight);
        checkWeight("resync", resyncWeight);
        interfaceWeights.forEach(VrrpTracking::checkWeight);
    }

    /** No tracking at all. */
    public static VrrpTracking none() {
        return new VrrpTracking(0, 0, 0, Map.of());
    }

    /**
     * The total demotion for the given conditions. Interfaces that are down but not tracked count 0.
     */
    public int demotion(Set<String> interfacesDown, boolean engineHealthy, boolean syncLinkUp,
                        boolean tableResynced) {
        int sum = 0;
        for (String name : interfacesDown) {
            sum += interfaceWeights.getOrDefault(name, 0);
        }
        if (!engineHealthy) {
            sum += engineWeight;
        }
        if (!syncLinkUp) {
            sum += syncLinkWeight;
        }
        if (!tableResynced) {
            sum += resyncWeight;
        }
        return sum;
    }

    private static void checkWeight(String name, int weight) {
        if (weight < 0 || weight > VrrpGroupConfig.PRIORITY_MAX_BACKUP) {
            throw new IllegalArgumentException("weight of " + name + " must be 0..254: " + weight);
        }
    }
}
