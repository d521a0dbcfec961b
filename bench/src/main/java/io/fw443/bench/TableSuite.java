package io.fw443.bench;

import io.fw443.table.ChronicleFlowTable;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import org.openjdk.jmh.results.RunResult;

/**
 * {@code bin/bench table}: get / in-place update / put per second on the heap table, the Chronicle Map table and a
 * ConcurrentHashMap baseline at 1M and 5M flows, then the Chronicle table's off-heap bytes per flow and the heap used
 * after GC while it holds 5M flows. A quick run measures only Chronicle at 5M.
 */
final class TableSuite implements BenchSuite {
    private static final int BIG = 5_000_000;
    private static final String[] OPS = {"get", "update", "put"};

    @Override
    public String name() {
        return "table";
    }

    @Override
    public String description() {
        return "flow table get/update/put at 1M and 5M flows vs ConcurrentHashMap; off-heap bytes/flow; heap at 5M";
    }

    @Override
    public LinkedHashMap<String, String> run(BenchOptions options) throws Exception {
        // Table set-up (1M-5M inserts per fork) dominates short iterations: fewer, shorter ones keep a run in minutes.
        BenchOptions o = options.quick() ? options : new BenchOptions(false, 3, 2, 3, 1);
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        footprint(out);
        String include = TableBench.class.getName() + "\\.";
        List<RunResult> r = new ArrayList<>(Jmh.run(o, include, false, "flows", "1000000"));
        List<String> big = options.quick() ? List.of("chronicle") : List.of("chronicle", "heap", "chm");
        for (String table : big) {
            r.addAll(Jmh.run(o, include, false, "flows", Integer.toString(BIG), "table", table));
        }
        figures(out, r, "1000000", "_1m", List.of("chronicle", "heap", "chm"));
        figures(out, r, Integer.toString(BIG), "_5m", big);
        out.put("forks", Integer.toString(o.forks()));
        return out;
    }

    private static void figures(LinkedHashMap<String, String> out, Collection<RunResult> r, String flows,
                                String suffix, List<String> tables) {
        for (String table : tables) {
            String prefix = switch (table) {
                case "chronicle" -> "";
                case "heap" -> "heap_";
                default -> "chm_";
            };
            for (String op : OPS) {
                out.put(prefix + op + suffix,
                        ForkMedians.integer(ForkMedians.of(r, op, "table", table, "flows", flows)));
                out.put(prefix + op + suffix + "_cpu",
                        ForkMedians.integer(CpuShare.perCpuSecond(r, op, "table", table, "flows", flows)));
            }
        }
    }

    /** Fills an in-memory Chronicle table with 5M flows in this JVM and reads off-heap size and heap used after GC. */
    private static void footprint(LinkedHashMap<String, String> out) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (ChronicleFlowTable table = ChronicleFlowTable.open(ChronicleFlowTable.Options.inMemory(BIG))) {
            FlowKey key = new FlowKey();
            byte[] addresses = {(byte) 192, 0, 2, 0, (byte) 198, 51, 100, 0};
            FlowRecord record = TableBench.record(1);
            for (int i = 0; i < BIG; i++) {
                if (table.insert(TableBench.key(key, addresses, i), record) != FlowTable.Insert.INSERTED) {
                    throw new IllegalStateException("not inserted: " + key);
                }
            }
            System.gc();
            System.gc();
            long heapUsed = memory.getHeapMemoryUsage().getUsed();
            out.put("bytes_per_flow", ForkMedians.oneDecimal((double) table.offHeapBytes() / table.size()));
            out.put("heap_mb_5m", ForkMedians.oneDecimal(heapUsed / 1048576.0));
            out.put("flows_5m", Long.toString(table.size()));
        }
    }
}
