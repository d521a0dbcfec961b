package io.fw443.sync;

import io.fw443.sync.SyncAction.ReportProgress;
import io.fw443.sync.SyncAction.RequestSnapshot;
import io.fw443.sync.SyncAction.ResyncDone;
import io.fw443.sync.SyncAction.SendDigest;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicator's duty cycle on one thread: drain the ring into UPSERT/DELETE batches and the label queue into
 * LABELS batches, and send them when full or when their first entry has waited {@link SyncConfig#flushDelayNs};
 * feed queued events to the {@link ResyncMachine} and carry out its actions; every tick, time out synchronous
 * inserts and update rates.
 * {@code nowNs} is read once per cycle and passed down. (Expired tombstones go with the table's expiry sweeper.)
 */
final class SyncAgent implements DeltaRing.SlotHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SyncAgent.class);
    private static final long TICK_NS = 10_000_000L;
    private static final long RATE_NS = 1_000_000_000L;
    private static final int DRAIN_LIMIT = 4096;

    private final FlowReplicator r;
    private final ResyncMachine.Timing timing;
    private final int maxUpserts;
    private final int maxDeletes;
    private final int maxLabels;
    private final RateLimitedLog sendLog;
    private final Thread thread;
    private volatile boolean running = true;

    private ResyncMachine.Context context = ResyncMachine.Context.initial();
    private byte[] upserts;
    private int upsertCount;
    private long upsertFirstNs;
    private byte[] deletes;
    private int deleteCount;
    private long deleteFirstNs;
    private byte[] labels;
    private int labelCount;
    private long labelFirstNs;
    private long nowNs;
    private long nextTickNs;
    private long nextRateNs;

    SyncAgent(FlowReplicator replicator) {
        this.r = replicator;
        this.timing = ResyncMachine.Timing.of(replicator.config);
        this.maxUpserts = replicator.config.maxBatchRecords();
        this.maxDeletes = (SyncConfig.MAX_BATCH_BYTES - MessageType.DELETE.messageLength(0))
                / MessageType.DELETE.entryLength;
        this.maxLabels = maxLabelsPerBatch();
        this.sendLog = new RateLimitedLog(LOG, replicator.clock, 5_000_000_000L, 1);
        this.thread = new Thread(this::run, "fw443-sync-agent-" + replicator.localNode);
        this.thread.setDaemon(true);
    }

    /** LABELS entries that fit one batch. */
    static int maxLabelsPerBatch() {
        return Math.min(MessageType.LABELS.maxEntries,
                (SyncConfig.MAX_BATCH_BYTES - MessageType.LABELS.messageLength(0)) / MessageType.LABELS.entryLength);
    }

    void start() {
        long now = r.clock.nanoTime();
        nextTickNs = now;
        nextRateNs = now + RATE_NS;
        r.publishStatus(context, now);
        thread.start();
    }

    /** Stops the loop after flushing what is queued. */
    void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            long now = r.clock.nanoTime();
            if (doWork(now) == 0) {
                LockSupport.parkNanos(idleNs(now));
            }
        }
        long now = r.clock.nanoTime();
        doWork(now);
        flushUpserts(now);
        flushDeletes(now);
        flushLabels(now);
    }

    /** One cycle; returns the amount of work done (0 lets the thread sleep). */
    int doWork(long now) {
        nowNs = now;
        r.metrics.observeQueueDepth(r.ring.size());
        int work = r.ring.drain(this, DRAIN_LIMIT);
        if (upsertCount > 0 && now - upsertFirstNs >= r.config.flushDelayNs()) {
            flushUpserts(now);
            work++;
        }
        if (deleteCount > 0 && now - deleteFirstNs >= r.config.flushDelayNs()) {
            flushDeletes(now);
            work++;
        }
        work += drainLabels(now);
        SyncEvent e;
        while ((e = r.events.poll()) != null) {
            handle(e, now);
            work++;
        }
        if (now - nextTickNs >= 0) {
            nextTickNs = now + TICK_NS;
            handle(new SyncEvent.Tick(), now);
            r.expireAcks(now);
            if (now - nextRateNs >= 0) {
                nextRateNs = now + RATE_NS;
                r.metrics.updateRates(now);
            }
        }
        return work;
    }

    private long idleNs(long now) {
        long park = Math.min(r.config.idleParkNs(), nextTickNs - now);
        if (upsertCount > 0) {
            park = Math.min(park, upsertFirstNs + r.config.flushDelayNs() - now);
        }
        if (deleteCount > 0) {
            park = Math.min(park, deleteFirstNs + r.config.flushDelayNs() - now);
        }
        if (labelCount > 0) {
            park = Math.min(park, labelFirstNs + r.config.flushDelayNs() - now);
        }
        return Math.max(1_000, park);
    }

    @Override
    public void onSlot(byte[] slots, int off) {
        if (DeltaRing.kind(slots, off) == DeltaRing.KIND_UPSERT) {
            if (upsertCount == 0) {
                upserts = SyncEncoder.allocate(MessageType.UPSERT, maxUpserts);
                upsertFirstNs = DeltaRing.enqueuedNs(slots, off);
            }
            WireRecord.encode(slots, off + DeltaRing.KEY_OFFSET, r.ring.record(slots, off), nowNs, upserts,
                    SyncEncoder.entryOffset(MessageType.UPSERT, upsertCount));
            if (++upsertCount == maxUpserts) {
                flushUpserts(nowNs);
            }
        } else {
            if (deleteCount == 0) {
                deletes = SyncEncoder.allocate(MessageType.DELETE, maxDeletes);
                deleteFirstNs = DeltaRing.enqueuedNs(slots, off);
            }
            SyncEncoder.delete(deletes, deleteCount, slots, off + DeltaRing.KEY_OFFSET,
                    DeltaRing.deleteVersion(slots, off), DeltaRing.deleteTtlMs(slots, off));
            if (++deleteCount == maxDeletes) {
                flushDeletes(nowNs);
            }
        }
    }

    /** Batches queued labels like records: sent when full or when the first has waited the flush delay. */
    private int drainLabels(long now) {
        int work = 0;
        LabelQueue.Label l;
        while (work < DRAIN_LIMIT && (l = r.labelQueue.poll()) != null) {
            if (labelCount == 0) {
                labels = SyncEncoder.allocate(MessageType.LABELS, maxLabels);
                labelFirstNs = now;
            }
            SyncEncoder.label(labels, labelCount, l.hash(), l.text(), 0, l.text().length);
            if (++labelCount == maxLabels) {
                flushLabels(now);
            }
            work++;
        }
        if (labelCount > 0 && now - labelFirstNs >= r.config.flushDelayNs()) {
            flushLabels(now);
            work++;
        }
        return work;
    }

    private void flushLabels(long now) {
        if (labelCount == 0) {
            return;
        }
        if (send(MessageType.LABELS, labels, labelCount, maxLabels, now - labelFirstNs)) {
            r.metrics.labelsSent.add(labelCount);
        }
        labels = null;
        labelCount = 0;
    }

    private void flushUpserts(long now) {
        if (upsertCount == 0) {
            return;
        }
        if (send(MessageType.UPSERT, upserts, upsertCount, maxUpserts, now - upsertFirstNs)) {
            r.metrics.batchesSent.increment();
            r.metrics.recordsSent.add(upsertCount);
        }
        upserts = null;
        upsertCount = 0;
    }

    private void flushDeletes(long now) {
        if (deleteCount == 0) {
            return;
        }
        if (send(MessageType.DELETE, deletes, deleteCount, maxDeletes, now - deleteFirstNs)) {
            r.metrics.batchesSent.increment();
            r.metrics.recordsSent.add(deleteCount);
        }
        deletes = null;
        deleteCount = 0;
    }

    /** Broadcasts one batch; false (counted, logged) when the transport failed. */
    private boolean send(MessageType type, byte[] buf, int count, int capacity, long queuedNs) {
        SyncEncoder.deltaPrefix(buf, r.clock.epochMicros(), queuedNs / 1_000, 0);
        // The transport keeps sent buffers until peers confirm them: do not pin a mostly empty one.
        byte[] out = count < capacity / 2 ? Arrays.copyOf(buf, type.messageLength(count)) : buf;
        try {
            r.outbox.broadcast(type, out, count);
            return true;
        } catch (Exception e) {
            r.metrics.sendErrors.increment();
            sendLog.warn(0, "failed to send {} {} entries: {}", count, type, e.toString());
            return false;
        }
    }

    /** The one choke point of the resync machine: transition, log state changes, act, publish status. */
    private void handle(SyncEvent event, long now) {
        ResyncMachine.Transition t = ResyncMachine.next(context, event, now, timing);
        SyncState from = context.state();
        context = t.next();
        if (from != context.state()) {
            LOG.info("sync {} -> {} ({})", from, context.state(), t.reason());
        }
        for (SyncAction action : t.actions()) {
            execute(action);
        }
        r.publishStatus(context, now);
    }

    private void execute(SyncAction action) {
        if (action instanceof RequestSnapshot req) {
            if (r.resyncSeen == null && r.table.size() > 0) {
                r.resyncStartVersion = r.hlc.tick();
                r.resyncSeen = new LongHashSet();
            }
            LOG.info("requesting a full snapshot from node {} (session {})", req.peer(), req.session());
            byte[] buf = SyncEncoder.snapshotRequest(req.session(), r.hlc.tick(), 0,
                    RangeDigests.allRanges());
            try {
                r.outbox.send(req.peer(), MessageType.SNAPSHOT_REQUEST, buf, 0, false);
            } catch (Exception e) {
                r.metrics.sendErrors.increment();
                LOG.warn("snapshot request to node {} failed ({}); will retry", req.peer(), e.toString());
            }
        } else if (action instanceof SendDigest d) {
            r.worker.sendDigest(d.peer(), d.heal());
        } else if (action instanceof ResyncDone done) {
            long ms = done.durationNs() / 1_000_000L;
            r.metrics.resyncs.increment();
            r.metrics.lastResyncDurationMs.set(ms);
            r.metrics.lastResyncRecords.set(done.records());
            LOG.info("resync from node {} complete: {} records in {} ms", done.peer(), done.records(), ms);
            LongHashSet seen = r.resyncSeen;
            r.resyncSeen = null;
            if (seen != null) {
                r.worker.sweep(seen, r.resyncStartVersion);
            }
        } else if (action instanceof ReportProgress p) {
            LOG.info("resync from node {}: {} of {} records", p.peer(), p.received(), p.expected());
        }
    }
}
