/**
 * Replication of the flow table between cluster members, so any peer can carry a node's flows at once.
 *
 * <p>Engine threads hand changed flows to {@link io.fw443.sync.FlowReplicator} (copy into a ring, no allocation);
 * one agent thread batches them into small versioned binary messages ({@link io.fw443.sync.SyncMessage}) sent over
 * a {@link io.fw443.sync.SyncTransport} (JGroups in production, an in-memory hub in tests). Receivers merge with
 * {@link io.fw443.sync.FlowMerge}, which never moves a flow backwards, so duplicates, reordering and send-backs are
 * harmless. A joining node pulls a chunked snapshot while deltas keep flowing; anti-entropy digests repair what a
 * partition left behind. The resync/anti-entropy controller is a pure state machine
 * ({@link io.fw443.sync.ResyncMachine}). See docs/design/sync.md.
 */
package io.fw443.sync;
