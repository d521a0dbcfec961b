package io.fw443.config;

import java.util.List;

/**
 * VRRP groups that change state together, so that both sides of a path move at once.
 *
 * @param name the sync group's name
 * @param groupIds VRIDs of groups defined in {@code vrrp.groups}; each in at most one sync group
 */
public record SyncGroupConfig(String name, List<Integer> groupIds) {

    public SyncGroupConfig {
        groupIds = List.copyOf(groupIds);
    }
}
