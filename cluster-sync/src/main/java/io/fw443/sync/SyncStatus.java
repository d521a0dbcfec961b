package io.fw443.sync;

import java.util.List;
import java.util.Set;

/**
 * A consistent picture of where replication stands, published by the agent after every transition.
 *
 * @param members            node ids of the current view, oldest first (this node included)
 * @param resyncPeer         the snapshot peer while RESYNCING, else 0
 * @param resyncReceived     records received in the current (or last) snapshot
 * @param resyncExpected     records the snapshot peer announced
 * @param resyncElapsedMs    time since the current resync began (0 when not resyncing)
 * @param lastResyncDurationMs duration of the last completed resync, -1 if none
 * @param refusedPeers       peers refused for speaking another protocol version (either way)
 */
public record SyncStatus(int node, SyncState state, List<Integer> members, int resyncPeer, long resyncReceived,
                         long resyncExpected, long resyncElapsedMs, long lastResyncDurationMs,
                         Set<Integer> refusedPeers) {
    public SyncStatus {
        members = List.copyOf(members);
        refusedPeers = Set.copyOf(refusedPeers);
    }

    public boolean ready() {
        return state == SyncState.READY;
    }

    @Override
    public String toString() {
        return "node=" + node + " state=" + state + " members=" + members.toString().replace(" ", "")
                + " resync=" + resyncReceived + "/" + resyncExpected + (resyncPeer != 0 ? "@" + resyncPeer : "")
                + " resync_elapsed_ms=" + resyncElapsedMs + " last_resync_ms=" + lastResyncDurationMs
                + " refused=" + refusedPeers.toString().replace(" ", "");
    }
}
