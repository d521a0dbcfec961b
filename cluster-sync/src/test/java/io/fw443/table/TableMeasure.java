package io.fw443.table;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-shot throughput and footprint figures for the flow tables (a main, not a test: timings are not asserted). The
 * lead turns this into JMH in bench/. Single thread, random key order over the whole table; every operation builds
 * its key from an index ({@link TestFlows#key}), which all variants pay alike. Rates are operations per second of the
 * measuring thread's CPU time, which stays meaningful on a shared machine; wall-clock rates follow in brackets.
 *
 * <pre>
 * mvn -q -o -pl cluster-sync test-compile
 * mvn -q -o -pl cluster-sync dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx1g $CHRONICLE_FLAGS -cp cluster-sync/target/test-classes:cluster-sync/target/classes:$(cat /tmp/cp.txt) \
 *     io.fw443.table.TableMeasure [flows=1000000] [bigFlows=5000000]
 * </pre>
 */
public final class TableMeasure {
    private static final int TIMED_PASSES = 3;
    /** Operations per timed pass: a full pass over 1M flows, a random sample of a bigger table. */
    private static final int OPS_PER_PASS = 1_000_000;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final FlowTable.RecordUpdater<Object> COUNT = (k, r, c) -> {
        r.count(0, 1500);
        return 0;
    };

    private TableMeasure() {}

    /** One table under test: the operations measured on it. */
    private interface Subject extends AutoCloseable {
        void insert(FlowKey key, FlowRecord record);

        void get(FlowKey key, FlowRecord out);

        void update(FlowKey key);

        @Override
        void close();
    }

    private record TableSubject(FlowTable table) implements Subject {
        public void insert(FlowKey key, FlowRecord record) {
            if (table.insert(key, record) != FlowTable.Insert.INSERTED) {
                throw new IllegalStateException("not inserted: " + key);
            }
        }

        public void get(FlowKey key, FlowRecord out) {
            table.get(key, out);
        }

        public void update(FlowKey key) {
            table.update(key, COUNT, null);
        }

        public void close() {
            table.close();
        }
    }

    /** The plain baseline: no segments, no capacity, no locking around the in-place update. */
    private static final class MapSubject implements Subject {
        private final ConcurrentHashMap<FlowKey, byte[]> map;
        private final FlowRecord record = new FlowRecord();

        MapSubject(int flows) {
            map = new ConcurrentHashMap<>(flows);
        }

        public void insert(FlowKey key, FlowRecord r) {
            byte[] copy = new byte[FlowRecord.LENGTH];
            r.copyTo(copy, 0);
            map.putIfAbsent(key.copy(), copy);
        }

        public void get(FlowKey key, FlowRecord out) {
            byte[] stored = map.get(key);
            out.copyFrom(stored, 0);
        }

        public void update(FlowKey key) {
            record.wrap(map.get(key), 0).count(0, 1500);
        }

        public void close() {
            map.clear();
        }
    }

    public static void main(String[] args) throws Exception {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int bigFlows = args.length > 1 ? Integer.parseInt(args[1]) : 5_000_000;
        System.out.printf("java %s, %d cpus, max heap %d MiB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("%-30s %9s %24s %34s %34s%n", "table", "flows", "insert/s cpu (wall)",
                "get/s cpu median (range) (wall)", "update/s cpu median (range) (wall)");
        Path dir = Files.createTempDirectory("table-measure");
        try {
            measure("ConcurrentHashMap", flows, new MapSubject(flows));
            measure("HeapFlowTable, 16 segments", flows, new TableSubject(new HeapFlowTable(flows, 16)));
            measure("Chronicle in memory", flows,
                    new TableSubject(ChronicleFlowTable.open(ChronicleFlowTable.Options.inMemory(flows))));
            measure("Chronicle persisted", flows, new TableSubject(ChronicleFlowTable.open(
                    ChronicleFlowTable.Options.persisted(flows, dir.resolve("flows-1")))));
            footprint(bigFlows);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void measure(String name, int flows, Subject subject) {
        try (subject) {
            int[] order = shuffled(flows);
            FlowKey key = new FlowKey();
            FlowRecord record = TestFlows.record(1);
            long cpu = CPU.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < flows; i++) {
                subject.insert(TestFlows.key(key, order[i]), record);
            }
            String insertRate = rate(flows, CPU.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall);
            rates(name, flows, insertRate, subject, order);
        }
    }

    /** Prints get and in-place update rates over a filled table: one warm-up pass, then the timed ones. */
    private static void rates(String name, int flows, String insertRate, Subject subject, int[] order) {
        int ops = Math.min(OPS_PER_PASS, flows);
        FlowKey key = new FlowKey();
        FlowRecord out = TestFlows.heapRecord();
        long[][] gets = new long[2][TIMED_PASSES + 1];
        long[][] updates = new long[2][TIMED_PASSES + 1];
        for (int pass = 0; pass <= TIMED_PASSES; pass++) {
            long cpu0 = CPU.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                subject.get(TestFlows.key(key, order[i]), out);
            }
            long cpu1 = CPU.getCurrentThreadCpuTime();
            long wall1 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                subject.update(TestFlows.key(key, order[i]));
            }
            gets[0][pass] = cpu1 - cpu0;
            gets[1][pass] = wall1 - wall0;
            updates[0][pass] = CPU.getCurrentThreadCpuTime() - cpu1;
            updates[1][pass] = System.nanoTime() - wall1;
        }
        System.out.printf("%-30s %9d %24s %34s %34s%n", name, flows, insertRate, summary(ops, gets),
                summary(ops, updates));
    }

    /** Off-heap bytes per flow and heap after GC with a big in-memory table, then its rates. */
    private static void footprint(int flows) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        try (ChronicleFlowTable table = ChronicleFlowTable.open(ChronicleFlowTable.Options.inMemory(flows))) {
            FlowKey key = new FlowKey();
            FlowRecord record = TestFlows.record(1);
            long cpu = CPU.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < flows; i++) {
                table.insert(TestFlows.key(key, i), record);
            }
            String insertRate = rate(flows, CPU.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall) + "*";
            System.gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            rates("Chronicle in memory", flows, insertRate, new TableSubject(table), shuffled(flows));
            System.out.printf("* inserted in key order%nChronicle in memory, %,d flows, %d segments:"
                            + " off-heap %,d B = %.1f B/flow;"
                            + " heap used after GC %.1f MiB (%.1f MiB before the table)%n",
                    table.size(), table.segmentCount(), table.offHeapBytes(),
                    (double) table.offHeapBytes() / table.size(), heapAfter / 1048576.0, heapBefore / 1048576.0);
        }
    }

    private static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static String rate(int ops, long cpuNs, long wallNs) {
        return String.format("%,.0f (%,.0f)", ops * 1e9 / cpuNs, ops * 1e9 / wallNs);
    }

    /** Median of the timed passes by CPU time with its range, then the wall-clock median. */
    private static String summary(int ops, long[][] passes) {
        long[] cpu = Arrays.copyOfRange(passes[0], 1, passes[0].length);
        long[] wall = Arrays.copyOfRange(passes[1], 1, passes[1].length);
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return String.format("%,.0f (%,.0f-%,.0f) (%,.0f)", ops * 1e9 / cpu[cpu.length / 2],
                ops * 1e9 / cpu[cpu.length - 1], ops * 1e9 / cpu[0], ops * 1e9 / wall[wall.length / 2]);
    }
}
