package io.fw443.sync;

/**
 * Tuning of replication, validated once. Defaults suit an appliance pair on a dedicated link.
 *
 * @param ringCapacity        slots between engine threads and the agent (power of two); a full ring drops
 * @param maxBatchRecords     records per UPSERT message at most (about 100 per message moves millions per second)
 * @param flushDelayNs        how long the first record of a batch may wait for company before the batch is sent
 * @param idleParkNs          the agent's longest sleep when it has nothing to do
 * @param chunkRecords        records per snapshot chunk (128 bytes each; 400 keeps a chunk under 60 KB)
 * @param tombstoneTtlMs      how long a deleted flow is remembered so a late stale update cannot resurrect it
 *                            (the table's expiry sweeper removes it afterwards)
 * @param digestIntervalMs    period of anti-entropy digest exchanges with one peer in turn
 * @param digestSettleMs      periodic digests leave out records changed this recently (deltas still in flight)
 * @param resyncStallTimeoutMs a resync with no progress for this long is retried with another peer
 */
public record SyncConfig(int ringCapacity, int maxBatchRecords, long flushDelayNs, long idleParkNs,
                         int chunkRecords, long tombstoneTtlMs, long digestIntervalMs, long digestSettleMs,
                         long resyncStallTimeoutMs) {
    /** Keeps an UPSERT message within JGroups' 60 KB fragment size. */
    public static final int MAX_BATCH_BYTES = 60 * 1024;

    public SyncConfig {
        if (ringCapacity < 2 || Integer.bitCount(ringCapacity) != 1) {
            throw new IllegalArgumentException("ringCapacity must be a power of two: " + ringCapacity);
        }
        if (maxBatchRecords < 1 || MessageType.UPSERT.messageLength(maxBatchRecords) > MAX_BATCH_BYTES) {
            throw new IllegalArgumentException("maxBatchRecords must be 1.." + maxRecordsIn(MAX_BATCH_BYTES));
        }
        if (chunkRecords < 1 || chunkRecords > SyncMessage.MAX_RECORDS) {
            throw new IllegalArgumentException("chunkRecords must be 1.." + SyncMessage.MAX_RECORDS);
        }
        if (flushDelayNs < 0 || idleParkNs < 1_000 || tombstoneTtlMs < 1 || digestIntervalMs < 1
                || digestSettleMs < 0 || resyncStallTimeoutMs < 1) {
            throw new IllegalArgumentException("durations must be positive (idle park at least 1 us)");
        }
    }

    public static SyncConfig defaults() {
        return new SyncConfig(1 << 16, 100, 1_000_000L, 200_000L, 400, 60_000, 30_000, 3_000, 5_000);
    }

    public SyncConfig withDigestIntervalMs(long ms) {
        return new SyncConfig(ringCapacity, maxBatchRecords, flushDelayNs, idleParkNs, chunkRecords, tombstoneTtlMs,
                ms, digestSettleMs, resyncStallTimeoutMs);
    }

    public SyncConfig withDigestSettleMs(long ms) {
        return new SyncConfig(ringCapacity, maxBatchRecords, flushDelayNs, idleParkNs, chunkRecords, tombstoneTtlMs,
                digestIntervalMs, ms, resyncStallTimeoutMs);
    }

    public SyncConfig withTombstoneTtlMs(long ms) {
        return new SyncConfig(ringCapacity, maxBatchRecords, flushDelayNs, idleParkNs, chunkRecords, ms,
                digestIntervalMs, digestSettleMs, resyncStallTimeoutMs);
    }

    public SyncConfig withChunkRecords(int records) {
        return new SyncConfig(ringCapacity, maxBatchRecords, flushDelayNs, idleParkNs, records, tombstoneTtlMs,
                digestIntervalMs, digestSettleMs, resyncStallTimeoutMs);
    }

    public SyncConfig withResyncStallTimeoutMs(long ms) {
        return new SyncConfig(ringCapacity, maxBatchRecords, flushDelayNs, idleParkNs, chunkRecords, tombstoneTtlMs,
                digestIntervalMs, digestSettleMs, ms);
    }

    private static int maxRecordsIn(int bytes) {
        return (bytes - MessageType.UPSERT.messageLength(0)) / WireRecord.LENGTH;
    }
}
