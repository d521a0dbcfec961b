package io.fw443.node;

import io.fw443.dataplane.LongClock;
import io.fw443.engine.FlowEvents;
import io.fw443.sync.FlowReplicator;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;

/**
 * The engine's flow events, replicated: every change is stamped with a fresh cluster version and queued for the
 * peers (a copy into the replicator's ring; no allocation, no blocking), and so is each new SNI/JA4 label. A flow
 * imported from a peer becomes this node's own the first time a local packet changes it: it loses IMPORTED, so from
 * then on its changes travel too (after a failover the new owner keeps the old owner's copy current when it
 * returns).
 */
final class ReplicationEvents implements FlowEvents {
    private final FlowReplicator replicator;
    private final LongClock clock;

    ReplicationEvents(FlowReplicator replicator, LongClock clock) {
        this.replicator = replicator;
        this.clock = clock;
    }

    @Override
    public void stamp(FlowRecord record) {
        record.version(replicator.hlc().tick()).originNode(replicator.localNode());
    }

    @Override
    public void created(FlowKey key, FlowRecord record) {
        replicator.publishUpsert(key, record, clock.nowNs());
    }

    @Override
    public void updated(FlowKey key, FlowRecord record) {
        record.clearFlag(FlowRecord.FLAG_IMPORTED);
        stamp(record);
        replicator.publishUpsert(key, record, clock.nowNs());
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
