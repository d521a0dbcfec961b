package io.fw443.node;

import io.fw443.dataplane.LongClock;
import io.fw443.dataplane.PeerAcks;
import io.fw443.engine.FlowEvents;
import io.fw443.sync.FlowReplicator;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's flow events, replicated: every change is stamped with a fresh cluster version and queued for the
 * peers (a copy into the replicator's ring; no allocation, no blocking), and so is each new SNI/JA4 label. A flow
 * imported from a peer becomes this node's own the first time a local packet changes it: it loses IMPORTED, so from
 * then on its changes travel too (after a failover the new owner keeps the old owner's copy current when it
 * returns).
 *
 * <p>With sync insert on, a new flow and each handshake step go out as synchronous inserts instead: the event keeps
 * a copy (it runs under the table's entry lock, where nothing may block) and {@link #take}, called by the worker once
 * the engine has decided, sends it and hands the acknowledgement to the worker, which holds the frame for it. One
 * instance per worker: the copy is the worker's.
 */
final class ReplicationEvents implements FlowEvents, PeerAcks {
    private final FlowReplicator replicator;
    private final LongClock clock;
    private final Duration syncInsertTimeout;
    private final FlowKey heldKey = new FlowKey();
    private final FlowRecord heldRecord = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
    private boolean holding;

    /** @param syncInsertTimeout how long a sync insert waits for the peers, or null for none (asynchronous only) */
    ReplicationEvents(FlowReplicator replicator, LongClock clock, Duration syncInsertTimeout) {
        this.replicator = replicator;
        this.clock = clock;
        this.syncInsertTimeout = syncInsertTimeout;
    }

    @Override
    public void stamp(FlowRecord record) {
        record.version(replicator.hlc().tick()).originNode(replicator.localNode());
    }

    @Override
    public void created(FlowKey key, FlowRecord record) {
        publish(key, record);
    }

    @Override
    public void updated(FlowKey key, FlowRecord record) {
        record.clearFlag(FlowRecord.FLAG_IMPORTED);
        stamp(record);
        replicator.publishUpsert(key, record, clock.nowNs());
    }

    @Override
    public void handshakeAdvanced(FlowKey key, FlowRecord record) {
        record.clearFlag(FlowRecord.FLAG_IMPORTED);
        stamp(record);
        publish(key, record);
    }

    private void publish(FlowKey key, FlowRecord record) {
        if (syncInsertTimeout == null) {
            replicator.publishUpsert(key, record, clock.nowNs());
        } else {
            heldKey.copyFrom(key);
            heldRecord.copyFrom(record);
            holding = true;
        }
    }

    @Override
    public CompletableFuture<Boolean> take() {
        if (!holding) {
            return null;
        }
        holding = false;
        return replicator.insertSynchronously(heldKey, heldRecord, syncInsertTimeout);
    }

    @Override
    public void removed(FlowKey key, FlowRecord record) {
        replicator.publishDelete(key, replicator.hlc().tick());
    }

    @Override
    public void label(long hash, byte[] text, int off, int len) {
        replicator.publishLabel(hash, text, off, len);
    }
}
