package io.fw443.sync;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicator's bulk work on its own thread, so neither the agent's batching nor the transport's delivery waits
 * for a table walk: serving snapshots (full or by key range) in chunks, with the node's labels for a full one,
 * computing and comparing digests, sweeping records a resync proved stale. Jobs run one at a time in arrival order.
 */
final class SyncWorker {
    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);
    /** Differing ranges one periodic digest round repairs at most (3% of the table); heal rounds repair all. */
    static final int MAX_REPAIR_RANGES_PER_ROUND = 8;
    /** Session id of anti-entropy repair streams (resync sessions count from 1). */
    static final int REPAIR_SESSION = 0;

    private final FlowReplicator r;
    private final ExecutorService executor;
    private int digestRound;
    private int repairCursor;

    SyncWorker(FlowReplicator replicator) {
        this.r = replicator;
        this.executor = Executors.newSingleThreadExecutor(job -> {
            Thread t = new Thread(job, "fw443-sync-worker-" + replicator.localNode);
            t.setDaemon(true);
            return t;
        });
    }

    void serve(int peer, int session, long[] ranges, long beforeVersion) {
        submit(() -> stream(peer, session, ranges, beforeVersion));
    }

    /**
     * Sends our digests to {@code peer}. A periodic round covers only records settled for
     * {@link SyncConfig#digestSettleMs}; a heal round covers everything.
     */
    void sendDigest(int peer, boolean heal) {
        submit(() -> {
            long settledMs = Hlc.millis(r.hlc.tick()) - r.config.digestSettleMs();
            long before = heal ? 0 : Hlc.of(Math.max(1, settledMs), 0);
            byte[] buf = SyncEncoder.digest(++digestRound, heal, before, RangeDigests.of(r.table, before));
            if (r.outbox.send(peer, MessageType.DIGEST, buf, SyncMessage.RANGES, false)) {
                r.metrics.digestsSent.increment();
            }
        });
    }

    void compare(int peer, RangeDigests theirs, boolean heal, long beforeVersion) {
        submit(() -> {
            long[] differing = RangeDigests.of(r.table, beforeVersion).differingRanges(theirs);
            if (RangeDigests.isEmpty(differing)) {
                r.metrics.digestsMatched.increment();
                return;
            }
            long[] repair = heal ? differing : limit(differing, MAX_REPAIR_RANGES_PER_ROUND);
            int n = RangeDigests.cardinality(repair);
            r.metrics.rangesRepaired.add(n);
            LOG.info("digest from node {}: {} key ranges differ, exchanging {}", peer,
                    RangeDigests.cardinality(differing), n);
            byte[] request = SyncEncoder.snapshotRequest(REPAIR_SESSION, r.hlc.tick(), beforeVersion, repair);
            if (r.outbox.send(peer, MessageType.SNAPSHOT_REQUEST, request, 0, false)) {
                stream(peer, REPAIR_SESSION, repair, beforeVersion);
            }
        });
    }

    /** Removes records older than the resync that neither the snapshot nor any delta during it mentioned. */
    void sweep(LongHashSet seen, long beforeVersion) {
        submit(() -> {
            long[] removed = {0};
            r.table.forEach((key, record, n) -> {
                if (record.version() < beforeVersion && !seen.contains(key.hash64())) {
                    n[0]++;
                    return FlowTable.Visit.REMOVE;
                }
                return FlowTable.Visit.KEEP;
            }, removed);
            r.metrics.staleSwept.add(removed[0]);
            if (removed[0] > 0) {
                LOG.info("resync swept {} local records no peer holds any more", removed[0]);
            }
        });
    }

    /** Up to {@code max} ranges of {@code ranges}, starting at a cursor that moves on each round. */
    private long[] limit(long[] ranges, int max) {
        long[] picked = new long[ranges.length];
        int n = 0;
        for (int i = 0; i < SyncMessage.RANGES && n < max; i++) {
            int range = (repairCursor + i) % SyncMessage.RANGES;
            if ((ranges[range >>> 6] & (1L << (range & 63))) != 0) {
                picked[range >>> 6] |= 1L << (range & 63);
                n++;
            }
        }
        repairCursor = (repairCursor + 37) % SyncMessage.RANGES;
        return picked;
    }

    /** Records of one segment, encoded for the wire as the walk passes them; sent after the walk. */
    private static final class Staging {
        final long[] ranges;
        final long beforeVersion;
        long nowNs;
        byte[] bytes = new byte[WireRecord.LENGTH * 1024];
        int count;

        Staging(long[] ranges, long beforeVersion) {
            this.ranges = ranges;
            this.beforeVersion = beforeVersion == 0 ? Long.MAX_VALUE : beforeVersion;
        }
    }

    private static FlowTable.Visit stage(FlowKey key, FlowRecord record, Staging s) {
        int range = SyncMessage.rangeOf(key.hash64());
        if ((s.ranges[range >>> 6] & (1L << (range & 63))) == 0 || record.version() >= s.beforeVersion
                || (!record.hasFlag(FlowRecord.FLAG_TOMBSTONE) && record.expiresAtNs() - s.nowNs <= 0)) {
            return FlowTable.Visit.KEEP;
        }
        if ((s.count + 1) * WireRecord.LENGTH > s.bytes.length) {
            s.bytes = Arrays.copyOf(s.bytes, s.bytes.length * 2);
        }
        WireRecord.encode(key, record, s.nowNs, s.bytes, s.count * WireRecord.LENGTH);
        s.count++;
        return FlowTable.Visit.KEEP;
    }

    /**
     * The labels of a snapshot, sent in LABELS messages as the node's {@link LabelSource} hands them over. A send
     * failure or a departed peer ends it: the rest is ignored and reported after the walk.
     */
    private final class LabelStream implements LabelSink {
        final int peer;
        final int perMessage = SyncAgent.maxLabelsPerBatch();
        byte[] buf;
        int count;
        long sent;
        Exception failure;
        boolean peerLeft;

        LabelStream(int peer) {
            this.peer = peer;
        }

        @Override
        public boolean label(long hash, byte[] text, int off, int len) {
            if (failure != null || peerLeft || hash == 0 || len < 1 || len > SyncMessage.MAX_LABEL_BYTES) {
                return false;
            }
            if (buf == null) {
                buf = SyncEncoder.allocate(MessageType.LABELS, perMessage);
            }
            SyncEncoder.label(buf, count, hash, text, off, len);
            if (++count == perMessage) {
                flush();
            }
            return true;
        }

        void flush() {
            if (count == 0) {
                return;
            }
            byte[] out = count == perMessage ? buf : Arrays.copyOf(buf, MessageType.LABELS.messageLength(count));
            SyncEncoder.deltaPrefix(out, r.clock.epochMicros(), 0, 0);
            try {
                if (r.outbox.send(peer, MessageType.LABELS, out, count, false)) {
                    sent += count;
                    r.metrics.labelsSent.add(count);
                } else {
                    peerLeft = true;
                }
            } catch (Exception e) {
                failure = e;
            }
            buf = null;
            count = 0;
        }
    }

    /** Every label the node knows, to {@code peer}; false when the peer left. */
    private boolean streamLabels(int peer) throws Exception {
        LabelStream labels = new LabelStream(peer);
        r.labelSource.forEachLabel(labels);
        labels.flush();
        if (labels.failure != null) {
            throw labels.failure;
        }
        return !labels.peerLeft;
    }

    /**
     * Streams the records of {@code ranges} (with a version below {@code beforeVersion}, 0: all) to {@code peer} in
     * chunks, then SNAPSHOT_END. A full snapshot (not a repair) starts with the node's labels, which a joiner has
     * missed and deltas only carry when they are new.
     */
    private void stream(int peer, int session, long[] ranges, long beforeVersion) throws Exception {
        long startNs = r.clock.nanoTime();
        if (session != REPAIR_SESSION && !streamLabels(peer)) {
            LOG.info("node {} left; snapshot session {} abandoned while sending labels", peer, session);
            return;
        }
        long expected = r.table.size();
        int chunk = r.config.chunkRecords();
        Staging staging = new Staging(ranges, beforeVersion);
        int index = 0;
        long sent = 0;
        for (int segment = 0; segment < r.table.segmentCount(); segment++) {
            staging.count = 0;
            staging.nowNs = r.clock.nanoTime();
            r.table.forEachInSegment(segment, SyncWorker::stage, staging);
            for (int i = 0; i < staging.count; i += chunk) {
                int n = Math.min(chunk, staging.count - i);
                byte[] buf = SyncEncoder.allocate(MessageType.SNAPSHOT_CHUNK, n);
                System.arraycopy(staging.bytes, i * WireRecord.LENGTH, buf,
                        SyncEncoder.entryOffset(MessageType.SNAPSHOT_CHUNK, 0), n * WireRecord.LENGTH);
                SyncEncoder.streamPrefix(buf, session, index, expected);
                if (!r.outbox.send(peer, MessageType.SNAPSHOT_CHUNK, buf, n, false)) {
                    LOG.info("node {} left; snapshot session {} abandoned after {} records", peer, session, sent);
                    return;
                }
                index++;
                sent += n;
            }
        }
        byte[] end = SyncEncoder.allocate(MessageType.SNAPSHOT_END, 0);
        SyncEncoder.streamPrefix(end, session, index, sent);
        r.outbox.send(peer, MessageType.SNAPSHOT_END, end, 0, false);
        r.metrics.snapshotsServed.increment();
        r.metrics.snapshotRecordsServed.add(sent);
        if (session != REPAIR_SESSION) {
            LOG.info("served a snapshot of {} records in {} chunks to node {} (session {}) in {} ms", sent, index,
                    peer, session, (r.clock.nanoTime() - startNs) / 1_000_000L);
        }
    }

    /** A job that may fail with a send error: logged, never fatal to the worker. */
    @FunctionalInterface
    private interface Job {
        void run() throws Exception;
    }

    private void submit(Job job) {
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } catch (Exception e) {
                    r.metrics.sendErrors.increment();
                    LOG.warn("sync worker job failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // Closing: the job no longer matters.
        }
    }

    void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
