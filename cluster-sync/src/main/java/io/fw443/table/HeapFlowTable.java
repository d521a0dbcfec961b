package io.fw443.table;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An on-heap {@link FlowTable} for tests and for the engine benchmarks' baseline: one {@link ConcurrentHashMap} per
 * segment, records as 96-byte arrays updated in place under the map's per-key lock. A shared counter enforces the
 * capacity; concurrent inserts may overshoot it by at most one flow per inserting thread.
 */
public final class HeapFlowTable implements FlowTable {
    private final long capacity;
    private final ConcurrentHashMap<FlowKey, byte[]>[] segments;
    private final AtomicLong flows = new AtomicLong();
    private final ThreadLocal<FlowRecord> records = ThreadLocal.withInitial(FlowRecord::new);

    @SuppressWarnings("unchecked")
    public HeapFlowTable(long capacity, int segmentCount) {
        if (capacity < 1 || segmentCount < 1) {
            throw new IllegalArgumentException("capacity and segment count must be positive");
        }
        this.capacity = capacity;
        this.segments = new ConcurrentHashMap[segmentCount];
        int perSegment = (int) Math.min(Integer.MAX_VALUE / 2, capacity / segmentCount + 1);
        for (int i = 0; i < segmentCount; i++) {
            segments[i] = new ConcurrentHashMap<>(Math.min(perSegment, 1 << 16));
        }
    }

    public HeapFlowTable(long capacity) {
        this(capacity, 16);
    }

    private ConcurrentHashMap<FlowKey, byte[]> segmentOf(FlowKey key) {
        return segments[(key.hashCode() & 0x7FFFFFFF) % segments.length];
    }

    @Override
    public <C> int update(FlowKey key, RecordUpdater<C> updater, C context) {
        byte[] stored = segmentOf(key).get(key);
        if (stored == null) {
            return MISSING;
        }
        synchronized (stored) {
            return updater.apply(key, records.get().wrap(stored, 0), context);
        }
    }

    @Override
    public boolean get(FlowKey key, FlowRecord out) {
        byte[] stored = segmentOf(key).get(key);
        if (stored == null) {
            return false;
        }
        synchronized (stored) {
            out.copyFrom(stored, 0);
        }
        return true;
    }

    @Override
    public Insert insert(FlowKey key, FlowRecord record) {
        ConcurrentHashMap<FlowKey, byte[]> segment = segmentOf(key);
        if (segment.containsKey(key)) {
            return Insert.PRESENT;
        }
        if (flows.get() >= capacity) {
            return Insert.FULL;
        }
        if (segment.putIfAbsent(key.copy(), copyOf(record)) != null) {
            return Insert.PRESENT;
        }
        flows.incrementAndGet();
        return Insert.INSERTED;
    }

    @Override
    public boolean put(FlowKey key, FlowRecord record) {
        ConcurrentHashMap<FlowKey, byte[]> segment = segmentOf(key);
        while (true) {
            byte[] stored = segment.get(key);
            if (stored != null) {
                synchronized (stored) {
                    record.copyTo(stored, 0);
                }
                return true;
            }
            Insert inserted = insert(key, record);
            if (inserted != Insert.PRESENT) {
                return inserted == Insert.INSERTED;
            }
            // a concurrent insert won: overwrite its record on the next turn
        }
    }

    @Override
    public boolean remove(FlowKey key) {
        if (segmentOf(key).remove(key) == null) {
            return false;
        }
        flows.decrementAndGet();
        return true;
    }

    private static byte[] copyOf(FlowRecord record) {
        byte[] copy = new byte[FlowRecord.LENGTH];
        record.copyTo(copy, 0);
        return copy;
    }

    @Override
    public long size() {
        long n = 0;
        for (ConcurrentHashMap<FlowKey, byte[]> s : segments) {
            n += s.size();
        }
        return n;
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
        FlowRecord record = new FlowRecord();
        int visited = 0;
        for (Iterator<Map.Entry<FlowKey, byte[]>> it = segments[segment].entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<FlowKey, byte[]> e = it.next();
            visited++;
            Visit v;
            synchronized (e.getValue()) {
                v = visitor.visit(e.getKey(), record.wrap(e.getValue(), 0), context);
            }
            if (v == Visit.REMOVE) {
                it.remove();
                flows.decrementAndGet();
            } else if (v == Visit.STOP) {
                break;
            }
        }
        return visited;
    }

    @Override
    public void close() {
        for (ConcurrentHashMap<FlowKey, byte[]> s : segments) {
            s.clear();
        }
        flows.set(0);
    }
}
