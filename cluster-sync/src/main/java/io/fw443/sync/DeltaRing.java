package io.fw443.sync;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The hand-off from engine threads to the sync agent: a bounded multi-producer, single-consumer ring of fixed-size
 * slots in one preallocated array. A producer claims a slot with one CAS on the tail, copies the key and the raw
 * record in, and publishes the slot by writing its sequence (release); the agent consumes slots in order once
 * published (acquire). No allocation, no lock, never a wait: when the ring is full the offer fails and the caller
 * counts a drop (anti-entropy repairs it later).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Kind      |                 (unused, 7 bytes)             |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Enqueued at (monotonic ns, 64)                |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Flow key (40 bytes)                         | 16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  UPSERT: FlowRecord (96 bytes, native order)                  | 56
 * |  DELETE: version (64), tombstone time to live ms (64)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class DeltaRing {
    public static final int KIND_UPSERT = 1;
    public static final int KIND_DELETE = 2;

    public static final int KIND_OFFSET = 0;
    public static final int ENQUEUED_NS_OFFSET = 8;
    public static final int KEY_OFFSET = 16;
    public static final int RECORD_OFFSET = 56;
    public static final int DELETE_VERSION_OFFSET = RECORD_OFFSET;
    public static final int DELETE_TTL_MS_OFFSET = RECORD_OFFSET + 8;
    public static final int SLOT_LENGTH = 152;

    /** Consumes one slot; the slot's bytes are only valid during the call. */
    @FunctionalInterface
    public interface SlotHandler {
        void onSlot(byte[] slots, int slotOffset);
    }

    private final int capacity;
    private final int mask;
    private final byte[] slots;
    private final AtomicLongArray published;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong head = new AtomicLong();
    private final FlowRecord slotRecord = new FlowRecord();

    public DeltaRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1 || capacity > (1 << 24)) {
            throw new IllegalArgumentException("ring capacity must be a power of two in 2..2^24: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.slots = new byte[capacity * SLOT_LENGTH];
        this.published = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            published.set(i, -1);
        }
    }

    /** Slots claimed and not yet consumed. */
    public int size() {
        return (int) Math.max(0, tail.get() - head.get());
    }

    /** Queues an upsert; false when the ring is full. */
    public boolean offerUpsert(FlowKey key, FlowRecord record, long nowNs) {
        long seq = claim();
        if (seq < 0) {
            return false;
        }
        int off = (int) (seq & mask) * SLOT_LENGTH;
        slots[off + KIND_OFFSET] = KIND_UPSERT;
        Bytes.i64(slots, off + ENQUEUED_NS_OFFSET, nowNs);
        System.arraycopy(key.bytes(), 0, slots, off + KEY_OFFSET, FlowKey.LENGTH);
        record.copyTo(slots, off + RECORD_OFFSET);
        published.lazySet((int) (seq & mask), seq);
        return true;
    }

    /** Queues a deletion; false when the ring is full. */
    public boolean offerDelete(FlowKey key, long version, long tombstoneTtlMs, long nowNs) {
        long seq = claim();
        if (seq < 0) {
            return false;
        }
        int off = (int) (seq & mask) * SLOT_LENGTH;
        slots[off + KIND_OFFSET] = KIND_DELETE;
        Bytes.i64(slots, off + ENQUEUED_NS_OFFSET, nowNs);
        System.arraycopy(key.bytes(), 0, slots, off + KEY_OFFSET, FlowKey.LENGTH);
        Bytes.i64(slots, off + DELETE_VERSION_OFFSET, version);
        Bytes.i64(slots, off + DELETE_TTL_MS_OFFSET, tombstoneTtlMs);
        published.lazySet((int) (seq & mask), seq);
        return true;
    }

    private long claim() {
        while (true) {
            long t = tail.get();
            if (t - head.get() >= capacity) {
                return -1;
            }
            if (tail.compareAndSet(t, t + 1)) {
                return t;
            }
        }
    }

    /** Consumes up to {@code limit} published slots in order; only the one consumer thread may call this. */
    public int drain(SlotHandler handler, int limit) {
        long h = head.get();
        int n = 0;
        while (n < limit && published.get((int) (h & mask)) == h) {
            handler.onSlot(slots, (int) (h & mask) * SLOT_LENGTH);
            h++;
            n++;
            head.lazySet(h);
        }
        return n;
    }

    /** A flyweight over the record in an UPSERT slot, for the consumer. */
    public FlowRecord record(byte[] slotArray, int slotOffset) {
        return slotRecord.wrap(slotArray, slotOffset + RECORD_OFFSET);
    }

    public static int kind(byte[] slotArray, int slotOffset) {
        return slotArray[slotOffset + KIND_OFFSET];
    }

    public static long enqueuedNs(byte[] slotArray, int slotOffset) {
        return Bytes.i64(slotArray, slotOffset + ENQUEUED_NS_OFFSET);
    }

    public static long deleteVersion(byte[] slotArray, int slotOffset) {
        return Bytes.i64(slotArray, slotOffset + DELETE_VERSION_OFFSET);
    }

    public static long deleteTtlMs(byte[] slotArray, int slotOffset) {
        return Bytes.i64(slotArray, slotOffset + DELETE_TTL_MS_OFFSET);
    }
}
