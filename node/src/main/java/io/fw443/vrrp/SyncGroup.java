package io.fw443.vrrp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of groups that change Master together, so both legs of a path (inside and outside VIP) stay
 * on one node. The rule is a pure function of one member's state change:
 * <ul>
 *   <li>a member leaves Master (to Backup or Initialize): every other member that is Master gets
 *       {@link VrrpEvent.SyncGroupStepDown} and hands over with a priority-0 advert, keeping
 *       preemption suppressed so it does not take its group straight back;</li>
 *   <li>a member becomes Master: every other member that is Backup gets {@link VrrpEvent.SyncGroupRelease}
 *       and may preempt again, so the groups come back together when this node wins again.</li>
 * </ul>
 * Startup (Initialize to Backup) pulls nobody down. The rule moves groups together only if their
 * priorities agree on a winner; the members of one sync group should be configured alike.
 *
 * @param name  for logs
 * @param vrids the member groups
 */
public record SyncGroup(String name, Set<Integer> vrids) {

    /** One event for one member group, produced by {@link #follow}. */
    public record Directive(int vrid, VrrpEvent event) {
    }

    public SyncGroup {
        vrids = Set.copyOf(vrids);
        if (vrids.size() < 2) {
            throw new IllegalArgumentException("a sync group needs at least two groups: " + vrids);
        }
    }

    /**
     * Events for the other members after member {@code vrid} went {@code from -> to}.
     *
     * @param states the current state of every member (others than {@code vrid} are read)
     * @return directives in ascending VRID order; empty if {@code vrid} is not a member or nothing follows
     */
    public List<Directive> follow(int vrid, VrrpState from, VrrpState to, Map<Integer, VrrpState> states) {
        if (!vrids.contains(vrid) || from == to) {
            return List.of();
        }
        List<Directive> directives = new ArrayList<>();
        for (int other : new TreeSet<>(vrids)) {
            if (other == vrid) {
                continue;
            }
            VrrpState otherState = states.get(other);
            if (from == VrrpState.MASTER && otherState == VrrpState.MASTER) {
                directives.add(new Directive(other, new VrrpEvent.SyncGroupStepDown(vrid)));
            } else if (to == VrrpState.MASTER && otherState == VrrpState.BACKUP) {
                directives.add(new Directive(other, new VrrpEvent.SyncGroupRelease(vrid)));
            }
        }
        return directives;
    }
}
