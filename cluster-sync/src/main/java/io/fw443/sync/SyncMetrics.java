package io.fw443.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Counters and gauges of replication, written from engine, agent and transport threads without locks. Rates are
 * computed by the agent once per second from the running totals. {@link #snapshot()} gives every value by a stable
 * name for the management API, Prometheus and the test harness.
 */
public final class SyncMetrics {
    final LongAdder recordsPublished = new LongAdder();
    final LongAdder ringDrops = new LongAdder();
    final LongAdder importedSkipped = new LongAdder();
    final AtomicLong queueDepthMax = new AtomicLong();

    final LongAdder messagesSent = new LongAdder();
    final LongAdder recordsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder batchesSent = new LongAdder();
    final LongAdder sendErrors = new LongAdder();

    final LongAdder messagesReceived = new LongAdder();
    final LongAdder recordsReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder batchesReceived = new LongAdder();
    final AtomicLong firstRecordReceivedNs = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong lastRecordReceivedNs = new AtomicLong(Long.MIN_VALUE);

    final AtomicLongArray rejected = new AtomicLongArray(DecodeResult.values().length);
    final AtomicLongArray outcomes = new AtomicLongArray(MergeOutcome.values().length);
    final LongAdder insertedNew = new LongAdder();
    final LongAdder expiredIgnored = new LongAdder();
    final LongAdder applyErrors = new LongAdder();
    final LongAdder hlcDriftRejected = new LongAdder();
    final LongAdder tableFull = new LongAdder();

    final LongAdder acksSent = new LongAdder();
    final LongAdder acksReceived = new LongAdder();
    final LongAdder syncInsertsConfirmed = new LongAdder();
    final LongAdder syncInsertsTimedOut = new LongAdder();

    final LongAdder snapshotsServed = new LongAdder();
    final LongAdder snapshotRecordsServed = new LongAdder();
    final LongAdder digestsSent = new LongAdder();
    final LongAdder digestsMatched = new LongAdder();
    final LongAdder rangesRepaired = new LongAdder();
    final LongAdder resyncs = new LongAdder();
    final AtomicLong lastResyncDurationMs = new AtomicLong(-1);
    final AtomicLong lastResyncRecords = new AtomicLong();
    final LongAdder staleSwept = new LongAdder();
    final LongAdder versionRefusalsSent = new LongAdder();
    final LongAdder versionRefusalsReceived = new LongAdder();

    final LongAdder labelsPublished = new LongAdder();
    final LongAdder labelDrops = new LongAdder();
    final LongAdder labelsSent = new LongAdder();
    final LongAdder labelsReceived = new LongAdder();
    final LongAdder labelsRefused = new LongAdder();

    final LagHistogram lagUs = new LagHistogram();

    private volatile IntSupplier queueDepth = () -> 0;
    private volatile double recordsSentPerSec;
    private volatile double bytesSentPerSec;
    private volatile double batchesSentPerSec;
    private volatile double recordsReceivedPerSec;
    private volatile double bytesReceivedPerSec;
    private volatile double batchesReceivedPerSec;
    private long lastRateNs = Long.MIN_VALUE;
    private final long[] lastTotals = new long[6];

    void queueDepth(IntSupplier depth) {
        this.queueDepth = depth;
    }

    void observeQueueDepth(int depth) {
        queueDepthMax.accumulateAndGet(depth, Math::max);
    }

    void reject(DecodeResult r) {
        rejected.incrementAndGet(r.ordinal());
    }

    void outcome(MergeOutcome o) {
        outcomes.incrementAndGet(o.ordinal());
    }

    void received(int records, long nowNs) {
        recordsReceived.add(records);
        firstRecordReceivedNs.compareAndSet(Long.MIN_VALUE, nowNs);
        lastRecordReceivedNs.set(nowNs);
    }

    /** Updates the per-second rates; the agent calls this about once a second. */
    void updateRates(long nowNs) {
        long[] totals = {recordsSent.sum(), bytesSent.sum(), batchesSent.sum(), recordsReceived.sum(),
                bytesReceived.sum(), batchesReceived.sum()};
        if (lastRateNs != Long.MIN_VALUE && nowNs > lastRateNs) {
            double seconds = (nowNs - lastRateNs) / 1e9;
            recordsSentPerSec = (totals[0] - lastTotals[0]) / seconds;
            bytesSentPerSec = (totals[1] - lastTotals[1]) / seconds;
            batchesSentPerSec = (totals[2] - lastTotals[2]) / seconds;
            recordsReceivedPerSec = (totals[3] - lastTotals[3]) / seconds;
            bytesReceivedPerSec = (totals[4] - lastTotals[4]) / seconds;
            batchesReceivedPerSec = (totals[5] - lastTotals[5]) / seconds;
        }
        System.arraycopy(totals, 0, lastTotals, 0, totals.length);
        lastRateNs = nowNs;
    }

    public long rejected(DecodeResult r) {
        return rejected.get(r.ordinal());
    }

    public long rejectedTotal() {
        long n = 0;
        for (int i = 0; i < rejected.length(); i++) {
            n += rejected.get(i);
        }
        return n;
    }

    public long outcomes(MergeOutcome o) {
        return outcomes.get(o.ordinal());
    }

    public long recordsReceived() {
        return recordsReceived.sum();
    }

    public long recordsSent() {
        return recordsSent.sum();
    }

    public long ringDrops() {
        return ringDrops.sum();
    }

    public long lagQuantileUs(double q) {
        return lagUs.quantile(q);
    }

    /** Nanoseconds between the first and the latest record received (monotonic), or -1 before two arrived. */
    public long receiveSpanNs() {
        long first = firstRecordReceivedNs.get();
        long last = lastRecordReceivedNs.get();
        return first == Long.MIN_VALUE ? -1 : last - first;
    }

    /** Clears the lag histogram and the receive span (for a measurement window). */
    public void resetWindow() {
        lagUs.reset();
        firstRecordReceivedNs.set(Long.MIN_VALUE);
        lastRecordReceivedNs.set(Long.MIN_VALUE);
        queueDepthMax.set(0);
    }

    /** Every metric by name, in a stable order. */
    public Map<String, Number> snapshot() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("lag_p50_us", lagUs.quantile(0.50));
        m.put("lag_p99_us", lagUs.quantile(0.99));
        m.put("lag_samples", lagUs.count());
        m.put("queue_depth", queueDepth.getAsInt());
        m.put("queue_depth_max", queueDepthMax.get());
        m.put("records_published", recordsPublished.sum());
        m.put("ring_drops", ringDrops.sum());
        m.put("imported_skipped", importedSkipped.sum());
        m.put("messages_sent", messagesSent.sum());
        m.put("batches_sent", batchesSent.sum());
        m.put("records_sent", recordsSent.sum());
        m.put("bytes_sent", bytesSent.sum());
        m.put("send_errors", sendErrors.sum());
        m.put("batches_sent_per_s", Math.round(batchesSentPerSec));
        m.put("records_sent_per_s", Math.round(recordsSentPerSec));
        m.put("bytes_sent_per_s", Math.round(bytesSentPerSec));
        m.put("messages_received", messagesReceived.sum());
        m.put("batches_received", batchesReceived.sum());
        m.put("records_received", recordsReceived.sum());
        m.put("bytes_received", bytesReceived.sum());
        m.put("batches_received_per_s", Math.round(batchesReceivedPerSec));
        m.put("records_received_per_s", Math.round(recordsReceivedPerSec));
        m.put("bytes_received_per_s", Math.round(bytesReceivedPerSec));
        for (DecodeResult r : DecodeResult.values()) {
            if (r != DecodeResult.OK) {
                m.put("rejected_" + r.name().toLowerCase(java.util.Locale.ROOT), rejected.get(r.ordinal()));
            }
        }
        for (MergeOutcome o : MergeOutcome.values()) {
            m.put("merge_" + o.name().toLowerCase(java.util.Locale.ROOT), outcomes.get(o.ordinal()));
        }
        m.put("merge_inserted", insertedNew.sum());
        m.put("expired_ignored", expiredIgnored.sum());
        m.put("apply_errors", applyErrors.sum());
        m.put("hlc_drift_rejected", hlcDriftRejected.sum());
        m.put("table_full", tableFull.sum());
        m.put("acks_sent", acksSent.sum());
        m.put("acks_received", acksReceived.sum());
        m.put("sync_inserts_confirmed", syncInsertsConfirmed.sum());
        m.put("sync_inserts_timed_out", syncInsertsTimedOut.sum());
        m.put("snapshots_served", snapshotsServed.sum());
        m.put("snapshot_records_served", snapshotRecordsServed.sum());
        m.put("digests_sent", digestsSent.sum());
        m.put("digests_matched", digestsMatched.sum());
        m.put("ranges_repaired", rangesRepaired.sum());
        m.put("resyncs", resyncs.sum());
        m.put("resync_last_duration_ms", lastResyncDurationMs.get());
        m.put("resync_last_records", lastResyncRecords.get());
        m.put("stale_swept", staleSwept.sum());
        m.put("version_refusals_sent", versionRefusalsSent.sum());
        m.put("version_refusals_received", versionRefusalsReceived.sum());
        m.put("labels_published", labelsPublished.sum());
        m.put("label_drops", labelDrops.sum());
        m.put("labels_sent", labelsSent.sum());
        m.put("labels_received", labelsReceived.sum());
        m.put("labels_refused", labelsRefused.sum());
        return m;
    }
}
