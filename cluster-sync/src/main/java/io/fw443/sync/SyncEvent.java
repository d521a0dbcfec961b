package io.fw443.sync;

import java.util.List;

/** Inputs of the {@link ResyncMachine}. */
public sealed interface SyncEvent {
    /** A new view: the other members, oldest first (refused peers already left out); merge = a partition healed. */
    record ViewChanged(List<Integer> peers, boolean merge) implements SyncEvent {
        public ViewChanged {
            peers = List.copyOf(peers);
        }
    }

    /** A snapshot chunk arrived and was merged. */
    record ChunkReceived(int fromNode, int session, int records, long expected) implements SyncEvent {}

    /** A snapshot stream ended; {@code records} is how many the peer sent. */
    record SnapshotEnded(int fromNode, int session, long records) implements SyncEvent {}

    /** Time passed (the agent ticks the machine every few milliseconds). */
    record Tick() implements SyncEvent {}
}
