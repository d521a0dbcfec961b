package io.fw443.sync;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates one node's flow table with its peers. The engine's side of it is allocation-free:
 * <ul>
 *   <li>{@link #publishUpsert} / {@link #publishDelete} copy the change into a preallocated multi-producer ring
 *       ({@link DeltaRing}); any number of engine threads may call them concurrently; they never block and return
 *       false when the ring is full (counted; anti-entropy repairs it). Records marked IMPORTED are not published:
 *       what came from a peer is not re-broadcast. The engine clears IMPORTED when a local packet changes a flow.</li>
 *   <li>Callers stamp a new version on every change they publish: {@code record.version(replicator.hlc().tick())}
 *       and {@code record.originNode(replicator.localNode())}.</li>
 *   <li>{@link #publishLabel} queues a label (a hash's text, opaque here) the node has just learnt; peers hand it to
 *       their {@link LabelSink}, and a peer that serves a snapshot sends every label of its {@link LabelSource}
 *       too ({@link #labels}).</li>
 * </ul>
 * One agent thread drains the ring into UPSERT/DELETE batches (up to {@link SyncConfig#maxBatchRecords} records,
 * sent when full or {@link SyncConfig#flushDelayNs} after the first record) and runs the {@link ResyncMachine}; a
 * worker thread serves snapshots and digests; transport threads decode and merge what arrives.
 */
public final class FlowReplicator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlowReplicator.class);
    private static final int TCP = 6;
    /** {@code MergeOutcome.values()} once: the receive path must not clone it per record. */
    private static final MergeOutcome[] OUTCOMES = MergeOutcome.values();
    /** Labels waiting for the agent; new names are rare next to flow changes. */
    static final int LABEL_QUEUE_CAPACITY = 4096;

    final FlowTable table;
    final SyncTransport transport;
    final SyncConfig config;
    final SyncClock clock;
    final Hlc hlc;
    final SyncMetrics metrics = new SyncMetrics();
    final DeltaRing ring;
    final LabelQueue labelQueue = new LabelQueue(LABEL_QUEUE_CAPACITY);
    final Outbox outbox;
    final int localNode;
    final ConcurrentLinkedQueue<SyncEvent> events = new ConcurrentLinkedQueue<>();
    final ConcurrentHashMap<Integer, PendingAck> pendingAcks = new ConcurrentHashMap<>();
    final Set<Integer> refusedPeers = ConcurrentHashMap.newKeySet();
    final SyncWorker worker;
    private final SyncAgent agent;
    private final SyncDecoder decoder;
    private final RateLimitedLog rejectLog;
    private final AtomicInteger nextAckId = new AtomicInteger();
    private final ThreadLocal<ApplyContext> applyContexts = ThreadLocal.withInitial(ApplyContext::new);
    private final ThreadLocal<long[]> tombstoneArgs = ThreadLocal.withInitial(() -> new long[3]);
    volatile LabelSource labelSource = LabelSource.NONE;
    private volatile LabelSink labelSink = LabelSink.NONE;
    private volatile List<Integer> members = List.of();
    private volatile long viewId = -1;
    private volatile SyncStatus status;
    /** Keys touched while a full resync runs over a non-empty table; null otherwise. */
    volatile LongHashSet resyncSeen;
    volatile long resyncStartVersion;

    public FlowReplicator(FlowTable table, SyncTransport transport, SyncConfig config, SyncClock clock) {
        this.table = table;
        this.transport = transport;
        this.config = config;
        this.clock = clock;
        this.localNode = transport.localNode();
        this.hlc = new Hlc(clock);
        this.ring = new DeltaRing(config.ringCapacity());
        this.outbox = new Outbox(transport, metrics);
        this.decoder = new SyncDecoder(localNode, new ReplayGuard());
        this.rejectLog = new RateLimitedLog(LOG, clock, 5_000_000_000L, DecodeResult.values().length);
        this.worker = new SyncWorker(this);
        this.agent = new SyncAgent(this);
        metrics.queueDepth(ring::size);
        status = new SyncStatus(localNode, SyncState.JOINING, List.of(), 0, 0, 0, 0, -1, Set.of());
    }

    /**
     * Where received labels go and where the labels served with a snapshot come from; set before {@link #start}.
     * Without it, received labels are refused (counted) and snapshots carry none.
     */
    public void labels(LabelSource source, LabelSink sink) {
        this.labelSource = source;
        this.labelSink = sink;
    }

    /**
     * Starts the agent and worker threads and joins the group. The table may already hold flows (a persisted table
     * after a restart): the clock is advanced past their versions, and they are reconciled by the resync.
     */
    public void start() throws Exception {
        long[] maxVersion = {0};
        table.forEach((k, r, m) -> {
            m[0] = Math.max(m[0], r.version());
            return FlowTable.Visit.KEEP;
        }, maxVersion);
        hlc.update(maxVersion[0]);
        agent.start();
        transport.start(new Receiver());
    }

    public int localNode() {
        return localNode;
    }

    /** The clock every local change must be versioned with. */
    public Hlc hlc() {
        return hlc;
    }

    public SyncMetrics metrics() {
        return metrics;
    }

    public SyncStatus status() {
        return status;
    }

    /** The number of the last membership view the transport delivered (it grows with every change); -1 before one. */
    public long viewId() {
        return viewId;
    }

    /**
     * Queues a changed flow for replication: copies key and record (no allocation). Thread-safe for any number of
     * engine threads. Returns false when nothing was queued: the record is IMPORTED, or the ring is full.
     */
    public boolean publishUpsert(FlowKey key, FlowRecord record, long nowNs) {
        if (record.hasFlag(FlowRecord.FLAG_IMPORTED)) {
            metrics.importedSkipped.increment();
            return false;
        }
        return offer(ring.offerUpsert(key, record, nowNs));
    }

    /**
     * Queues the deletion of a flow at {@code version} (a fresh {@link Hlc#tick()}). Peers keep a tombstone for
     * {@link SyncConfig#tombstoneTtlMs}. The local table is the caller's business; {@link #deleteFlow} does both.
     */
    public boolean publishDelete(FlowKey key, long version) {
        return offer(ring.offerDelete(key, version, config.tombstoneTtlMs(), clock.nanoTime()));
    }

    /**
     * Deletes a flow cluster-wide: turns the local record into a tombstone (so a late stale update cannot
     * resurrect it) and publishes the deletion. Returns false when the ring was full.
     */
    public boolean deleteFlow(FlowKey key, long nowNs) {
        long version = hlc.tick();
        long[] args = tombstoneArgs.get();
        args[0] = version;
        args[1] = nowNs + config.tombstoneTtlMs() * 1_000_000L;
        args[2] = localNode;
        table.update(key, FlowReplicator::tombstone, args);
        return publishDelete(key, version);
    }

    private static int tombstone(FlowKey key, FlowRecord r, long[] args) {
        r.setFlag(FlowRecord.FLAG_TOMBSTONE).clearFlag(FlowMerge.LOCAL_FLAGS).version(args[0])
                .expiresAtNs(args[1]).originNode((int) args[2]);
        return 0;
    }

    /**
     * Queues a label for the peers: {@code text[off, off+len)} under {@code hash} (never 0). Thread-safe, never
     * blocks; copies the text, so call it once per new label, not per packet. Returns false, counted as a label drop,
     * when the queue is full or the text is empty or longer than {@link SyncMessage#MAX_LABEL_BYTES}.
     */
    public boolean publishLabel(long hash, byte[] text, int off, int len) {
        if (hash != 0 && len > 0 && len <= SyncMessage.MAX_LABEL_BYTES && labelQueue.offer(hash, text, off, len)) {
            metrics.labelsPublished.increment();
            return true;
        }
        metrics.labelDrops.increment();
        return false;
    }

    private boolean offer(boolean queued) {
        if (queued) {
            metrics.recordsPublished.increment();
        } else {
            metrics.ringDrops.increment();
        }
        return queued;
    }

    /**
     * Replicates a new flow and completes when every live peer has applied it (true), or when {@code timeout}
     * passes first (false): the "defer" mode of an active-active pair, which holds a flow's first packet until the
     * peer knows the flow. Completes at once (true) without peers. The caller has stored the record locally.
     * Allocates; meant for new flows only.
     */
    public CompletableFuture<Boolean> insertSynchronously(FlowKey key, FlowRecord record, Duration timeout) {
        Set<Integer> awaiting = new HashSet<>(peers());
        if (awaiting.isEmpty()) {
            metrics.syncInsertsConfirmed.increment();
            return CompletableFuture.completedFuture(true);
        }
        int id;
        do {
            id = nextAckId.incrementAndGet();
        } while (id == 0);
        long nowNs = clock.nanoTime();
        PendingAck pending = new PendingAck(id, awaiting, nowNs + timeout.toNanos());
        pendingAcks.put(id, pending);
        byte[] buf = SyncEncoder.allocate(MessageType.UPSERT, 1);
        SyncEncoder.record(buf, MessageType.UPSERT, 0, key, record, nowNs);
        SyncEncoder.deltaPrefix(buf, clock.epochMicros(), 0, id);
        try {
            outbox.broadcast(MessageType.UPSERT, buf, 1);
            metrics.recordsSent.increment();
            metrics.batchesSent.increment();
        } catch (Exception e) {
            metrics.sendErrors.increment();
            pending.complete(false);
        }
        return pending.future.whenComplete((ok, err) -> pendingAcks.remove(pending.id));
    }

    /** Other members of the current view that are not refused. */
    List<Integer> peers() {
        List<Integer> peers = new ArrayList<>();
        for (int m : members) {
            if (m != localNode && !refusedPeers.contains(m)) {
                peers.add(m);
            }
        }
        return peers;
    }

    void publishStatus(ResyncMachine.Context c, long nowNs) {
        status = new SyncStatus(localNode, c.state(), members, c.peer(), c.received(), c.expected(),
                c.state() == SyncState.RESYNCING ? (nowNs - c.startedNs()) / 1_000_000L : 0,
                metrics.lastResyncDurationMs.get(), refusedPeers);
    }

    /** Completes synchronous inserts whose deadline passed; called by the agent. */
    void expireAcks(long nowNs) {
        for (PendingAck p : pendingAcks.values()) {
            if (nowNs - p.deadlineNs >= 0 && p.complete(false)) {
                metrics.syncInsertsTimedOut.increment();
            }
        }
    }

    @Override
    public void close() {
        agent.stop();
        worker.close();
        transport.close();
        for (PendingAck p : pendingAcks.values()) {
            p.complete(false);
        }
    }

    /** A synchronous insert waiting for acknowledgements. */
    final class PendingAck {
        final int id;
        final CompletableFuture<Boolean> future = new CompletableFuture<>();
        final long deadlineNs;
        private final Set<Integer> awaiting;

        PendingAck(int id, Set<Integer> awaiting, long deadlineNs) {
            this.id = id;
            this.awaiting = awaiting;
            this.deadlineNs = deadlineNs;
        }

        synchronized void acked(int node) {
            if (awaiting.remove(node) && awaiting.isEmpty() && complete(true)) {
                metrics.syncInsertsConfirmed.increment();
            }
        }

        /** Stops waiting for members that left (or were refused). */
        synchronized void retain(List<Integer> peers) {
            if (awaiting.retainAll(peers) && awaiting.isEmpty() && complete(true)) {
                metrics.syncInsertsConfirmed.increment();
            }
        }

        boolean complete(boolean ok) {
            return future.complete(ok);
        }
    }

    /** Scratch space of one transport thread: flyweights over its own arrays, reused for every record. */
    static final class ApplyContext {
        final SyncMessage message = new SyncMessage();
        final FlowKey key = new FlowKey();
        final FlowRecord incoming = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
        final FlowRecord join = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
        final FlowRecord back = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
        boolean tcp;
    }

    /** Runs under the table's entry lock: merge, store, and keep a copy to send back. */
    private static int mergeInPlace(FlowKey key, FlowRecord stored, ApplyContext ctx) {
        boolean wasDead = stored.hasFlag(FlowRecord.FLAG_TOMBSTONE);
        MergeOutcome outcome = FlowMerge.merge(ctx.tcp, stored, ctx.incoming, ctx.join);
        if (outcome.stores()) {
            ctx.join.setFlag(FlowRecord.FLAG_IMPORTED);
            boolean live = !ctx.join.hasFlag(FlowRecord.FLAG_TOMBSTONE);
            if (live && (wasDead || ctx.tcp && FlowMerge.advancesWindows(stored, ctx.join))) {
                ctx.join.markPickup();
            }
            stored.copyFrom(ctx.join);
        }
        if (outcome.sendsBack()) {
            ctx.back.copyFrom(stored);
        }
        return outcome.ordinal();
    }

    /**
     * Merges {@code ctx.incoming} for {@code ctx.key} into the table. {@code likelyNew} (a snapshot into a table that
     * was empty) tries the insert first: the update's lookup would find nothing for nearly every record.
     */
    void applyIncoming(ApplyContext ctx, long nowNs, boolean expired, boolean likelyNew) {
        ctx.tcp = ctx.key.protocol() == TCP;
        LongHashSet seen = resyncSeen;
        if (seen != null) {
            seen.add(ctx.key.hash64());
        }
        MergeOutcome outcome = null;
        boolean insertFirst = likelyNew && !expired;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (attempt > 0 || !insertFirst) {
                int r = table.update(ctx.key, FlowReplicator::mergeInPlace, ctx);
                if (r != FlowTable.MISSING) {
                    outcome = OUTCOMES[r];
                    break;
                }
                if (expired) {
                    metrics.expiredIgnored.increment();
                    return;
                }
            }
            boolean dead = ctx.incoming.hasFlag(FlowRecord.FLAG_TOMBSTONE);
            ctx.incoming.setFlag(FlowRecord.FLAG_IMPORTED);
            if (!dead) {
                ctx.incoming.markPickup();
            }
            FlowTable.Insert inserted = table.insert(ctx.key, ctx.incoming);
            if (inserted == FlowTable.Insert.INSERTED) {
                metrics.insertedNew.increment();
                metrics.outcome(MergeOutcome.APPLY);
                return;
            }
            if (inserted == FlowTable.Insert.FULL) {
                metrics.tableFull.increment();
                return;
            }
            ctx.incoming.clearFlag(FlowMerge.LOCAL_FLAGS);
        }
        if (outcome == null) {
            metrics.applyErrors.increment();
            return;
        }
        metrics.outcome(outcome);
        if (outcome.sendsBack() && !ring.offerUpsert(ctx.key, ctx.back, nowNs)) {
            metrics.ringDrops.increment();
        }
    }

    /** Decodes, validates and applies what the transport delivers. */
    private final class Receiver implements SyncTransport.Listener {
        @Override
        public void onMessage(int fromNode, byte[] buf, int off, int len) {
            metrics.messagesReceived.increment();
            metrics.bytesReceived.add(len);
            ApplyContext ctx = applyContexts.get();
            DecodeResult result = decoder.decode(buf, off, len, fromNode, ctx.message);
            if (result != DecodeResult.OK) {
                reject(result, fromNode, buf, off, len);
                return;
            }
            if (refusedPeers.contains(fromNode)) {
                return;
            }
            try {
                dispatch(fromNode, ctx.message, ctx);
            } catch (RuntimeException e) {
                metrics.applyErrors.increment();
                LOG.error("failed to apply {} from node {}", ctx.message.type(), fromNode, e);
            }
        }

        private void reject(DecodeResult result, int fromNode, byte[] buf, int off, int len) {
            metrics.reject(result);
            rejectLog.warn(result.ordinal(), "dropped sync message from node {}: {} ({} bytes)", fromNode, result,
                    len);
            if (result == DecodeResult.UNSUPPORTED_VERSION && refusedPeers.add(fromNode)) {
                int version = SyncMessage.versionOf(buf, off);
                LOG.error("refusing node {}: it speaks sync protocol version {}, this node speaks {}..{}; "
                                + "its flows are not replicated until both run compatible versions",
                        fromNode, version, SyncMessage.MIN_VERSION, SyncMessage.MAX_VERSION);
                try {
                    outbox.send(fromNode, MessageType.VERSION_REFUSED, SyncEncoder.versionRefused(version), 0, true);
                    metrics.versionRefusalsSent.increment();
                } catch (Exception e) {
                    metrics.sendErrors.increment();
                }
                membershipChanged(false);
            }
        }

        private void dispatch(int fromNode, SyncMessage msg, ApplyContext ctx) throws RuntimeException {
            switch (msg.type()) {
                case UPSERT -> {
                    long lagUs = clock.epochMicros() - msg.prefixI64(SyncMessage.SENT_AT_US_OFFSET)
                            + msg.prefixU32(SyncMessage.QUEUED_US_OFFSET);
                    metrics.lagUs.record(lagUs);
                    metrics.batchesReceived.increment();
                    applyRecords(msg, ctx, false);
                    int ackId = (int) msg.prefixU32(SyncMessage.ACK_REQUEST_OFFSET);
                    if (ackId != 0) {
                        sendControl(fromNode, MessageType.ACK, SyncEncoder.ack(ackId));
                        metrics.acksSent.increment();
                    }
                }
                case SNAPSHOT_CHUNK -> {
                    applyRecords(msg, ctx, resyncSeen == null
                            && msg.prefixU32(SyncMessage.STREAM_SESSION_OFFSET) != SyncWorker.REPAIR_SESSION);
                    events.offer(new SyncEvent.ChunkReceived(fromNode,
                            (int) msg.prefixU32(SyncMessage.STREAM_SESSION_OFFSET), msg.count(),
                            msg.prefixI64(SyncMessage.STREAM_RECORDS_OFFSET)));
                }
                case DELETE -> applyDeletes(fromNode, msg, ctx);
                case LABELS -> applyLabels(msg);
                case SNAPSHOT_END -> events.offer(new SyncEvent.SnapshotEnded(fromNode,
                        (int) msg.prefixU32(SyncMessage.STREAM_SESSION_OFFSET),
                        msg.prefixI64(SyncMessage.STREAM_RECORDS_OFFSET)));
                case SNAPSHOT_REQUEST -> {
                    adopt(msg.prefixI64(SyncMessage.REQUEST_HLC_OFFSET));
                    long[] ranges = new long[SyncMessage.RANGES / 64];
                    for (int r = 0; r < SyncMessage.RANGES; r++) {
                        if (msg.requestsRange(r)) {
                            ranges[r >>> 6] |= 1L << (r & 63);
                        }
                    }
                    worker.serve(fromNode, (int) msg.prefixU32(SyncMessage.REQUEST_SESSION_OFFSET), ranges,
                            msg.prefixI64(SyncMessage.REQUEST_BEFORE_OFFSET));
                }
                case DIGEST -> worker.compare(fromNode, RangeDigests.read(msg),
                        (msg.prefixU32(SyncMessage.DIGEST_FLAGS_OFFSET) & SyncMessage.DIGEST_FLAG_HEAL) != 0,
                        msg.prefixI64(SyncMessage.DIGEST_BEFORE_OFFSET));
                case ACK -> {
                    metrics.acksReceived.increment();
                    PendingAck p = pendingAcks.get((int) msg.prefixU32(SyncMessage.ACK_ID_OFFSET));
                    if (p != null) {
                        p.acked(fromNode);
                    }
                }
                case VERSION_REFUSED -> {
                    metrics.versionRefusalsReceived.increment();
                    int p = msg.prefixOffset();
                    LOG.error("node {} refuses this node's sync protocol version {}: it speaks {}..{}", fromNode,
                            msg.buffer()[p + SyncMessage.REFUSED_VERSION_OFFSET] & 0xFF,
                            msg.buffer()[p + SyncMessage.REFUSED_MIN_OFFSET] & 0xFF,
                            msg.buffer()[p + SyncMessage.REFUSED_MAX_OFFSET] & 0xFF);
                    if (refusedPeers.add(fromNode)) {
                        membershipChanged(false);
                    }
                }
            }
        }

        private void applyRecords(SyncMessage msg, ApplyContext ctx, boolean likelyNew) {
            long nowNs = clock.nanoTime();
            byte[] buf = msg.buffer();
            int n = msg.count();
            long maxVersion = 0;
            for (int i = 0; i < n; i++) {
                maxVersion = Math.max(maxVersion, WireRecord.version(buf, msg.entryOffset(i)));
            }
            adopt(maxVersion);
            for (int i = 0; i < n; i++) {
                int e = msg.entryOffset(i);
                WireRecord.decodeKey(buf, e, ctx.key);
                WireRecord.decodeRecord(buf, e, nowNs, ctx.incoming);
                applyIncoming(ctx, nowNs, WireRecord.ttlMs(buf, e) == 0, likelyNew);
            }
            metrics.received(n, nowNs);
        }

        private void applyDeletes(int fromNode, SyncMessage msg, ApplyContext ctx) {
            long nowNs = clock.nanoTime();
            byte[] buf = msg.buffer();
            for (int i = 0; i < msg.count(); i++) {
                int e = msg.entryOffset(i);
                long version = Bytes.i64(buf, e + SyncMessage.DELETE_VERSION_OFFSET);
                long ttlMs = Bytes.u32(buf, e + SyncMessage.DELETE_TTL_MS_OFFSET);
                adopt(version);
                ctx.key.setBytes(buf, e);
                ctx.incoming.clear().flags(FlowRecord.FLAG_TOMBSTONE).version(version).originNode(fromNode)
                        .lastSeenNs(nowNs).expiresAtNs(nowNs + ttlMs * 1_000_000L);
                applyIncoming(ctx, nowNs, ttlMs == 0, false);
            }
            metrics.received(msg.count(), nowNs);
            metrics.batchesReceived.increment();
        }

        private void applyLabels(SyncMessage msg) {
            LabelSink sink = labelSink;
            byte[] buf = msg.buffer();
            for (int i = 0; i < msg.count(); i++) {
                int e = msg.entryOffset(i);
                if (sink.label(Bytes.i64(buf, e + SyncMessage.LABEL_HASH_OFFSET), buf,
                        e + SyncMessage.LABEL_TEXT_OFFSET, Bytes.u8(buf, e + SyncMessage.LABEL_LENGTH_OFFSET))) {
                    metrics.labelsReceived.increment();
                } else {
                    metrics.labelsRefused.increment();
                }
            }
        }

        private void adopt(long version) {
            if (!hlc.update(version)) {
                metrics.hlcDriftRejected.increment();
            }
        }

        private void sendControl(int node, MessageType type, byte[] buf) {
            try {
                outbox.send(node, type, buf, 0, true);
            } catch (Exception e) {
                metrics.sendErrors.increment();
            }
        }

        @Override
        public void onView(SyncTransport.Membership view) {
            viewId = view.viewId();
            members = view.members();
            refusedPeers.retainAll(view.members());
            LOG.info("sync view {}: members {}{}", view.viewId(), view.members(), view.merge() ? " (merge)" : "");
            membershipChanged(view.merge());
        }
    }

    private void membershipChanged(boolean merge) {
        List<Integer> peers = peers();
        for (PendingAck p : pendingAcks.values()) {
            p.retain(peers);
        }
        events.offer(new SyncEvent.ViewChanged(peers, merge));
    }
}
