package io.fw443.engine;

import io.fw443.conntrack.ConntrackTimeouts;
import io.fw443.conntrack.FragmentPolicy;

/**
 * The engine's fixed settings.
 *
 * @param nodeNumber origin id written into flows created here
 * @param domain the routing domain of the flow keys (0 for a single table)
 * @param maxFlows new flows are dropped once the table holds this many
 * @param timeouts conntrack timeouts
 * @param fragments what to do with IP fragments
 * @param refreshEveryPackets an established flow is re-published to peers every this many packets (power of two),
 *     so their copy of its windows stays close; state changes are published at once
 */
public record EngineSettings(int nodeNumber, int domain, long maxFlows, ConntrackTimeouts timeouts,
                             FragmentPolicy fragments, int refreshEveryPackets) {
    public EngineSettings {
        if (Integer.bitCount(refreshEveryPackets) != 1) {
            throw new IllegalArgumentException("refreshEveryPackets must be a power of two: " + refreshEveryPackets);
        }
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows must be positive");
        }
    }

    public static EngineSettings defaults(int nodeNumber, long maxFlows) {
        return new EngineSettings(nodeNumber, 0, maxFlows, ConntrackTimeouts.defaults(), FragmentPolicy.DROP_ALL, 64);
    }
}
