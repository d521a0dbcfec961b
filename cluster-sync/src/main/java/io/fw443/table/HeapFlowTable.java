package io.fw443.table;

import static io.fw443.table.UnsafeAccess.BYTE_ARRAY_OFFSET;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The on-heap {@link FlowTable}: tests, tools ({@code fw443 replay}), the replica test member and the engine
 * benchmarks. Open addressing over flat arrays, no object per flow:
 *
 * <ul>
 *   <li>Each segment keeps its flows densely in one {@code byte[]} slab, 136 bytes per entry: the 40 key bytes, then
 *       the 96-byte record the {@link FlowRecord} flyweight wraps in place.</li>
 *   <li>A {@code long[]} index per segment, linear probing, at most half full: a slot holds the entry's number + 1
 *       (high 32 bits; 0 is empty) and the low 32 bits of the key's hash, which give the home slot and reject most
 *       non-matching keys without reading the slab.</li>
 *   <li>Removal shifts the following run of the index back (no tombstones, so a miss stops at the first empty slot)
 *       and moves the slab's last entry into the hole, which keeps the slab dense and a walk a plain loop.</li>
 *   <li>{@link FlowKey#hash} with a random seed per table: the high bits pick the segment, the low bits the slot.</li>
 *   <li>Segments grow (slab by half, index by double) as flows arrive, so a table sized for millions costs little
 *       while it holds few. Growth allocates; an established flow's packet, a get, a put of a present key, a remove
 *       and a walk do not.</li>
 * </ul>
 *
 * <p>One lock per segment, exclusive, for every operation including reads and walks (stricter than the contract's
 * "walks exclude writers"): a spin lock with one compare-and-set to take and a plain release store to drop, since
 * every holder is short (a callback, a copy, or a walk the sweeper cuts into budgeted slices). Segment growth copies
 * the segment under its lock. Capacity is exact: a counter reserved with compare-and-set before an insert. A segment
 * that could not grow further (beyond about 15M flows in one segment) answers FULL.
 */
public final class HeapFlowTable implements FlowTable {
    /** Key, then record: one entry of a segment's slab. */
    static final int ENTRY = FlowKey.LENGTH + FlowRecord.LENGTH;
    private static final int RECORD_OFFSET = FlowKey.LENGTH;
    private static final int INITIAL_ENTRIES = 8;
    /** The largest slab a segment may have; a byte[] is indexed by int. */
    private static final int MAX_ENTRIES = (Integer.MAX_VALUE - 64) / ENTRY;

    private final long capacity;
    private final long seed;
    private final Segment[] segments;
    private final AtomicLong flows = new AtomicLong();

    /** {@code segmentCount} segments: a walk covers about {@code flows / segmentCount} entries. */
    public HeapFlowTable(long capacity, int segmentCount) {
        if (capacity < 1 || segmentCount < 1) {
            throw new IllegalArgumentException("capacity and segment count must be positive");
        }
        this.capacity = capacity;
        this.seed = new SplittableRandom().nextLong();
        this.segments = new Segment[segmentCount];
        for (int i = 0; i < segmentCount; i++) {
            segments[i] = new Segment();
        }
    }

    /** A segment per 8,192 flows of capacity, at least 16 and at most 1,024, so walks stay short. */
    public HeapFlowTable(long capacity) {
        this(capacity, (int) Math.max(16, Math.min(1024, capacity >>> 13)));
    }

    private Segment segmentOf(long hash) {
        // The high half of the hash scaled onto [0, segments): any segment count, no modulo.
        return segments[(int) (((hash >>> 32) * segments.length) >>> 32)];
    }

    @Override
    public <C> int update(FlowKey key, RecordUpdater<C> updater, C context) {
        long hash = key.hash(seed);
        Segment s = segmentOf(hash);
        s.lock();
        try {
            int entry = s.find(key, hash);
            if (entry < 0) {
                return MISSING;
            }
            return updater.apply(key, s.record.wrap(s.slab, entry * ENTRY + RECORD_OFFSET), context);
        } finally {
            s.unlock();
        }
    }

    @Override
    public boolean get(FlowKey key, FlowRecord out) {
        long hash = key.hash(seed);
        Segment s = segmentOf(hash);
        s.lock();
        try {
            int entry = s.find(key, hash);
            if (entry < 0) {
                return false;
            }
            out.copyFrom(s.slab, entry * ENTRY + RECORD_OFFSET);
            return true;
        } finally {
            s.unlock();
        }
    }

    @Override
    public Insert insert(FlowKey key, FlowRecord record) {
        long hash = key.hash(seed);
        Segment s = segmentOf(hash);
        s.lock();
        try {
            if (s.find(key, hash) >= 0) {
                return Insert.PRESENT;
            }
            return add(s, key, hash, record) ? Insert.INSERTED : Insert.FULL;
        } finally {
            s.unlock();
        }
    }

    @Override
    public boolean put(FlowKey key, FlowRecord record) {
        long hash = key.hash(seed);
        Segment s = segmentOf(hash);
        s.lock();
        try {
            int entry = s.find(key, hash);
            if (entry >= 0) {
                record.copyTo(s.slab, entry * ENTRY + RECORD_OFFSET);
                return true;
            }
            return add(s, key, hash, record);
        } finally {
            s.unlock();
        }
    }

    /** Stores an absent key under the segment's lock, if the table has room; false when full. */
    private boolean add(Segment s, FlowKey key, long hash, FlowRecord record) {
        long n;
        do {
            n = flows.get();
            if (n >= capacity) {
                return false;
            }
        } while (!flows.compareAndSet(n, n + 1));
        if (!s.makeRoom(seed)) {
            flows.decrementAndGet();
            return false;
        }
        int entry = s.count++;
        int offset = entry * ENTRY;
        System.arraycopy(key.bytes(), 0, s.slab, offset, FlowKey.LENGTH);
        record.copyTo(s.slab, offset + RECORD_OFFSET);
        s.place(entry, hash);
        return true;
    }

    @Override
    public boolean remove(FlowKey key) {
        long hash = key.hash(seed);
        Segment s = segmentOf(hash);
        s.lock();
        try {
            int slot = s.findSlot(key, hash);
            if (slot < 0) {
                return false;
            }
            s.removeAt(slot, seed);
            flows.decrementAndGet();
            return true;
        } finally {
            s.unlock();
        }
    }

    @Override
    public long size() {
        return flows.get();
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public int segmentCount() {
        return segments.length;
    }

    @Override
    public <C> int forEachInSegment(int segment, EntryVisitor<C> visitor, C context) {
        Segment s = segments[segment];
        s.lock();
        try {
            int visited = 0;
            int entry = 0;
            while (entry < s.count) {
                int offset = entry * ENTRY;
                s.walkKey.setBytes(s.slab, offset);
                visited++;
                Visit v = visitor.visit(s.walkKey, s.record.wrap(s.slab, offset + RECORD_OFFSET), context);
                if (v == Visit.REMOVE) {
                    // The slab's last entry moves into this one's place: visit the same number again.
                    s.removeAt(s.findSlot(s.walkKey, s.walkKey.hash(seed)), seed);
                    flows.decrementAndGet();
                } else if (v == Visit.STOP) {
                    break;
                } else {
                    entry++;
                }
            }
            return visited;
        } finally {
            s.unlock();
        }
    }

    @Override
    public void close() {
        for (Segment s : segments) {
            s.lock();
            try {
                flows.addAndGet(-s.count);
                s.clear();
            } finally {
                s.unlock();
            }
        }
    }

    /**
     * One lock's worth of flows. The long fields only pad: the lock word and the array references of neighbouring
     * segments, written by different threads, should not share a cache line.
     */
    @SuppressWarnings("unused")
    private static final class Segment {
        private static final VarHandle LOCK;

        static {
            try {
                LOCK = MethodHandles.lookup().findVarHandle(Segment.class, "lock", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private long p0, p1, p2, p3, p4, p5, p6, p7;
        private volatile int lock;
        /** Entries 0 .. count-1, {@link #ENTRY} bytes each. */
        byte[] slab;
        /** Open-addressed, a power of two long, at most half full: (entry + 1) << 32 | low 32 bits of the hash. */
        long[] index;
        int count;
        /** Flyweights handed to callbacks; the lock makes them this segment's holder's alone. */
        final FlowRecord record = new FlowRecord();
        final FlowKey walkKey = new FlowKey();

        Segment() {
            clear();
        }

        void lock() {
            if (!LOCK.compareAndSet(this, 0, 1)) {
                lockContended();
            }
        }

        private void lockContended() {
            int spins = 0;
            do {
                if (++spins < 64) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            } while (lock != 0 || !LOCK.compareAndSet(this, 0, 1));
        }

        void unlock() {
            LOCK.setRelease(this, 0);
        }

        void clear() {
            slab = new byte[INITIAL_ENTRIES * ENTRY];
            index = new long[2 * INITIAL_ENTRIES];
            count = 0;
        }

        /** The entry holding {@code key}, or -1. */
        int find(FlowKey key, long hash) {
            int slot = findSlot(key, hash);
            return slot < 0 ? -1 : (int) (index[slot] >>> 32) - 1;
        }

        /** The index slot pointing at {@code key}'s entry, or -1. */
        int findSlot(FlowKey key, long hash) {
            long[] idx = index;
            int mask = idx.length - 1;
            int tag = (int) hash;
            for (int slot = tag & mask; ; slot = (slot + 1) & mask) {
                long v = idx[slot];
                if (v == 0) {
                    return -1;
                }
                if ((int) v == tag && key.equalsAt(slab, BYTE_ARRAY_OFFSET + (long) ((int) (v >>> 32) - 1) * ENTRY)) {
                    return slot;
                }
            }
        }

        /** Points the first free slot from the hash's home at {@code entry}. */
        void place(int entry, long hash) {
            long[] idx = index;
            int mask = idx.length - 1;
            int slot = (int) hash & mask;
            while (idx[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            idx[slot] = (long) (entry + 1) << 32 | (hash & 0xFFFF_FFFFL);
        }

        /** Ensures room for one more entry, growing the slab or the index; false when the slab cannot grow. */
        boolean makeRoom(long seed) {
            if (count == slab.length / ENTRY) {
                int entries = slab.length / ENTRY;
                if (entries == MAX_ENTRIES) {
                    return false;
                }
                slab = Arrays.copyOf(slab, (int) Math.min(MAX_ENTRIES, entries + (entries >> 1)) * ENTRY);
            }
            if (2 * (count + 1) > index.length) {
                index = new long[2 * index.length];
                for (int e = 0; e < count; e++) {
                    place(e, FlowKey.hash(seed, slab, BYTE_ARRAY_OFFSET + (long) e * ENTRY));
                }
            }
            return true;
        }

        /** Removes the entry the index slot points at: backward-shift deletion, then the last entry fills the hole. */
        void removeAt(int slot, long seed) {
            long[] idx = index;
            int mask = idx.length - 1;
            int entry = (int) (idx[slot] >>> 32) - 1;
            int hole = slot;
            for (int next = (hole + 1) & mask; idx[next] != 0; next = (next + 1) & mask) {
                int home = (int) idx[next] & mask;
                // The entry at next may move to the hole unless its home lies cyclically in (hole, next].
                if (((next - home) & mask) >= ((next - hole) & mask)) {
                    idx[hole] = idx[next];
                    hole = next;
                }
            }
            idx[hole] = 0;
            int last = --count;
            if (entry != last) {
                System.arraycopy(slab, last * ENTRY, slab, entry * ENTRY, ENTRY);
                long hash = FlowKey.hash(seed, slab, BYTE_ARRAY_OFFSET + (long) entry * ENTRY);
                long moved = (long) (last + 1) << 32 | (hash & 0xFFFF_FFFFL);
                int s = (int) hash & mask;
                while (idx[s] != moved) {
                    s = (s + 1) & mask;
                }
                idx[s] = (long) (entry + 1) << 32 | (hash & 0xFFFF_FFFFL);
            }
        }
    }
}
