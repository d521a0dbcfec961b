package io.fw443.vrrp;

import java.util.Set;

/**
 * The conditions {@link VrrpTracking} weighs, as observed now (CARP's demotion sources).
 *
 * @param interfacesDown names of tracked interfaces whose link is down
 * @param engineHealthy  the packet engine reports healthy
 * @param syncLinkUp     the sync link (cluster transport) is up
 * @param tableResynced  the flow table has finished its resync from a peer
 */
public record TrackingInputs(Set<String> interfacesDown, boolean engineHealthy, boolean syncLinkUp,
                             boolean tableResynced) {
    /** Nothing failing. */
    public static final TrackingInputs HEALTHY = new TrackingInputs(Set.of(), true, true, true);

    public TrackingInputs {
        interfacesDown = Set.copyOf(interfacesDown);
    }

    /** The demotion these conditions carry under {@code weights}. */
    public int demotion(VrrpTracking weights) {
        return weights.demotion(interfacesDown, engineHealthy, syncLinkUp, tableResynced);
    }
}
