package io.fw443.mgmt;

import java.util.List;
import java.util.Objects;

/**
 * {@code GET /cluster}: the replication group as this node sees it.
 *
 * @param nodeId      this node's id (a member of {@code members})
 * @param viewId      JGroups' view number; it grows with every membership change
 * @param coordinator the view's coordinator (JGroups' notion; not a VRRP master)
 */
public record ClusterView(String nodeId, long viewId, String coordinator, List<Member> members) {
    public ClusterView {
        Objects.requireNonNull(nodeId, "nodeId");
        members = List.copyOf(members);
    }

    /**
     * One member, this node included.
     *
     * @param address   its sync-link address, {@code host:port}
     * @param syncLagMs how far its replicated changes trail behind, in milliseconds; null for this node itself and
     *                  for members not heard from
     */
    public record Member(String id, String address, MemberState state, Long syncLagMs, Resync resync) {
        public Member {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(resync, "resync");
        }
    }

    public enum MemberState {
        /** In the current view and answering. */
        UP,
        /** In the view, but the failure detector suspects it. */
        SUSPECT,
        /** A configured peer that is not in the view. */
        DOWN
    }

    /**
     * Full-table resynchronisation with a member.
     *
     * @param progress fraction done, 0..1 (1 when in sync)
     */
    public record Resync(ResyncState state, double progress) {
        public Resync {
            Objects.requireNonNull(state, "state");
            if (!(progress >= 0 && progress <= 1)) {
                throw new IllegalArgumentException("progress must be within 0..1: " + progress);
            }
        }
    }

    public enum ResyncState {
        /** Tables agree; only live deltas flow. */
        IN_SYNC,
        /** A snapshot was asked for and has not started. */
        REQUESTED,
        /** Snapshot chunks are arriving. */
        RUNNING,
        /** The last attempt failed; it will be retried. */
        FAILED
    }
}
