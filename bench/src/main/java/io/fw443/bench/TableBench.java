package io.fw443.bench;

import io.fw443.table.ChronicleFlowTable;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;
import io.fw443.table.HeapFlowTable;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Flow-table operations on one thread over a filled table, keys in a random order over all of it: {@link #get} (copy
 * out), {@link #update} (in place under the entry lock, what a packet does) and {@link #put} (replace with a copy).
 * The subjects are {@link HeapFlowTable}, {@link ChronicleFlowTable} in memory, and a plain
 * {@code ConcurrentHashMap<FlowKey, byte[]>} as the baseline (its put stores a fresh copy, so it allocates). Every
 * operation first builds its key from an index, which all subjects pay alike. A 5M-flow ConcurrentHashMap needs
 * about 1.2 GB of heap and the heap table up to 1.1 GB (slabs grow by half, and a growing segment is briefly there
 * twice), hence the larger heap for the forks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(jvmArgsAppend = "-Xmx3g")
public class TableBench {
    @Param({"heap", "chronicle", "chm"})
    public String table;

    @Param({"1000000", "5000000"})
    public int flows;

    private FlowTable subject;
    private ConcurrentHashMap<FlowKey, byte[]> map;
    private final FlowKey key = new FlowKey();
    private final byte[] addresses = {(byte) 192, 0, 2, 0, (byte) 198, 51, 100, 0};
    private final FlowRecord out = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
    private final FlowRecord scratch = new FlowRecord();
    private FlowRecord record;
    private int[] order;
    private int cursor;
    private static final FlowTable.RecordUpdater<Object> TOUCH = (k, r, c) -> {
        r.count(0, 1500);
        return 0;
    };

    @Setup
    public void setUp() throws IOException {
        record = record(1);
        switch (table) {
            case "heap" -> subject = new HeapFlowTable(flows, 16);
            case "chronicle" -> subject = ChronicleFlowTable.open(ChronicleFlowTable.Options.inMemory(flows));
            case "chm" -> map = new ConcurrentHashMap<>(flows);
            default -> throw new IllegalArgumentException("table " + table);
        }
        for (int i = 0; i < flows; i++) {
            key(i);
            if (map != null) {
                map.put(key.copy(), copyOf(record));
            } else if (subject.insert(key, record) != FlowTable.Insert.INSERTED) {
                throw new IllegalStateException("not inserted: " + key);
            }
        }
        order = shuffled(flows, 42);
    }

    @TearDown
    public void tearDown() {
        if (subject != null) {
            subject.close();
        }
    }

    @Benchmark
    public FlowRecord get() {
        key(next());
        if (map != null) {
            return out.copyFrom(map.get(key), 0);
        }
        if (!subject.get(key, out)) {
            throw new IllegalStateException("missing " + key);
        }
        return out;
    }

    @Benchmark
    public int update() {
        key(next());
        if (map != null) {
            scratch.wrap(map.get(key), 0).count(0, 1500);
            return 0;
        }
        return subject.update(key, TOUCH, null);
    }

    @Benchmark
    public boolean put() {
        key(next());
        if (map != null) {
            return map.put(key, copyOf(record)) != null;
        }
        return subject.put(key, record);
    }

    private int next() {
        int i = cursor;
        cursor = i + 1 == order.length ? 0 : i + 1;
        return order[i];
    }

    /** A distinct TCP key per index below 2^24: the index spreads over the addresses' last octets and the port. */
    private FlowKey key(int index) {
        return key(key, addresses, index);
    }

    /** 96 pseudo-random bytes with the layout byte stamped, like a real record's mix of counters and windows. */
    static FlowRecord record(long seed) {
        byte[] bytes = new byte[FlowRecord.LENGTH];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        bytes[FlowRecord.LAYOUT_OFFSET] = FlowRecord.LAYOUT_VERSION;
        return new FlowRecord().wrap(bytes, 0);
    }

    private static byte[] copyOf(FlowRecord r) {
        byte[] copy = new byte[FlowRecord.LENGTH];
        r.copyTo(copy, 0);
        return copy;
    }

    static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Into {@code addresses} (8 bytes: 192.0.2.0 then 198.51.100.0) and {@code into}; allocates nothing. */
    static FlowKey key(FlowKey into, byte[] addresses, int index) {
        addresses[3] = (byte) (index >>> 16);
        addresses[7] = (byte) (index >>> 24);
        into.set(FlowKey.FAMILY_IPV4, 6, 0, addresses, 0, index & 0xFFFF, addresses, 4, 443);
        return into;
    }
}
