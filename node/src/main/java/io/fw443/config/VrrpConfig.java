package io.fw443.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The node's VRRP groups and what moves or lowers them.
 *
 * @param groups the virtual routers, in file order
 * @param syncGroups sets of groups that change state together
 * @param track priority reductions on failures
 * @param notifyScript run on every state change of a group
 * @param peerDeathShortcut when JGroups sees a peer die, take over at once instead of waiting for
 *     Master_Down_Interval
 */
public record VrrpConfig(
        List<VrrpGroupConfig> groups,
        List<SyncGroupConfig> syncGroups,
        TrackConfig track,
        Optional<Path> notifyScript,
        boolean peerDeathShortcut) {

    public VrrpConfig {
        groups = List.copyOf(groups);
        syncGroups = List.copyOf(syncGroups);
    }
}
