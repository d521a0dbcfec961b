package io.fw443.sync;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;

/**
 * Anti-entropy digests of a table: the key space is cut into {@link SyncMessage#RANGES} ranges by the top bits of
 * the key hash, and each range is summarised by its live-record count and the xor and the sum of one fingerprint
 * per record (key hash mixed with {@link FlowMerge#contentHash}). Both are independent of walk order, so two members
 * holding the same records agree on every range whatever their table layout; a range that differs is re-sent.
 * Tombstones are left out: they expire at slightly different times on each member.
 */
public final class RangeDigests {
    private final long[] count = new long[SyncMessage.RANGES];
    private final long[] xor = new long[SyncMessage.RANGES];
    private final long[] sum = new long[SyncMessage.RANGES];

    private long beforeVersion;

    /**
     * The digests of the live records of a table with a version below {@code beforeVersion} (0: all), walking all
     * segments. Leaving out what changed in the last seconds keeps deltas still in flight from looking like
     * divergence.
     */
    public static RangeDigests of(FlowTable table, long beforeVersion) {
        RangeDigests d = new RangeDigests();
        d.beforeVersion = beforeVersion == 0 ? Long.MAX_VALUE : beforeVersion;
        table.forEach(RangeDigests::visit, d);
        return d;
    }

    private static FlowTable.Visit visit(FlowKey key, FlowRecord record, RangeDigests d) {
        if (!record.hasFlag(FlowRecord.FLAG_TOMBSTONE) && record.version() < d.beforeVersion) {
            d.add(key.hash64(), FlowMerge.contentHash(record));
        }
        return FlowTable.Visit.KEEP;
    }

    /** The digests a DIGEST message carries. */
    public static RangeDigests read(SyncMessage msg) {
        RangeDigests d = new RangeDigests();
        byte[] b = msg.buffer();
        for (int i = 0; i < msg.count(); i++) {
            int e = msg.entryOffset(i);
            int range = Bytes.u16(b, e + SyncMessage.DIGEST_RANGE_OFFSET);
            d.count[range] = Bytes.u32(b, e + SyncMessage.DIGEST_COUNT_OFFSET);
            d.xor[range] = Bytes.i64(b, e + SyncMessage.DIGEST_XOR_OFFSET);
            d.sum[range] = Bytes.i64(b, e + SyncMessage.DIGEST_SUM_OFFSET);
        }
        return d;
    }

    void add(long keyHash, long contentHash) {
        int range = SyncMessage.rangeOf(keyHash);
        long fingerprint = FlowMerge.mix(keyHash ^ Long.rotateLeft(contentHash, 29));
        count[range]++;
        xor[range] ^= fingerprint;
        sum[range] += fingerprint;
    }

    public long count(int range) {
        return count[range];
    }

    public long xor(int range) {
        return xor[range];
    }

    public long sum(int range) {
        return sum[range];
    }

    /** The ranges where the two digests differ: a 256-bit set, bit {@code r & 63} of word {@code r >>> 6}. */
    public long[] differingRanges(RangeDigests other) {
        long[] set = new long[SyncMessage.RANGES / 64];
        for (int r = 0; r < SyncMessage.RANGES; r++) {
            if (count[r] != other.count[r] || xor[r] != other.xor[r] || sum[r] != other.sum[r]) {
                set[r >>> 6] |= 1L << (r & 63);
            }
        }
        return set;
    }

    /** A 256-bit set with every range. */
    public static long[] allRanges() {
        return new long[] {-1L, -1L, -1L, -1L};
    }

    public static boolean isEmpty(long[] ranges) {
        return (ranges[0] | ranges[1] | ranges[2] | ranges[3]) == 0;
    }

    public static int cardinality(long[] ranges) {
        return Long.bitCount(ranges[0]) + Long.bitCount(ranges[1]) + Long.bitCount(ranges[2])
                + Long.bitCount(ranges[3]);
    }
}
