package io.fw443.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import org.openjdk.jmh.results.RunResult;

/**
 * {@code bin/bench engine}: packets per second of one engine thread with 1M flows in the table, established and new-flow
 * paths over the on-heap and the Chronicle Map table, the bare table update as the floor, and bytes allocated per
 * packet from JMH's gc profiler.
 */
final class EngineSuite implements BenchSuite {
    @Override
    public String name() {
        return "engine";
    }

    @Override
    public String description() {
        return "engine pps, 1M flows: established/new-flow (1,000 rules, 1M-prefix set) over heap and Chronicle tables";
    }

    @Override
    public LinkedHashMap<String, String> run(BenchOptions options) throws Exception {
        Collection<RunResult> r = Jmh.run(options, EngineBench.class.getName() + "\\.", true);
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        double established = ForkMedians.of(r, "established", "table", "heap");
        double establishedChronicle = ForkMedians.of(r, "established", "table", "chronicle");
        double bareChronicle = ForkMedians.of(r, "bareUpdate", "table", "chronicle");
        // Per second of the benchmark thread's CPU: what one core would do, whatever the neighbours take.
        double bareChronicleCpu = CpuShare.perCpuSecond(r, "bareUpdate", "table", "chronicle");
        double establishedChronicleCpu = CpuShare.perCpuSecond(r, "established", "table", "chronicle");
        out.put("established_pps", ForkMedians.integer(established));
        out.put("established_chronicle_pps", ForkMedians.integer(establishedChronicle));
        out.put("newflow_pps", ForkMedians.integer(ForkMedians.of(r, "newFlow", "table", "heap")));
        out.put("newflow_chronicle_pps", ForkMedians.integer(ForkMedians.of(r, "newFlow", "table", "chronicle")));
        double alloc = Math.max(Jmh.secondary(r, "established", "gc.alloc.rate.norm", "table", "heap"),
                Jmh.secondary(r, "established", "gc.alloc.rate.norm", "table", "chronicle"));
        out.put("alloc_bytes_per_packet", ForkMedians.oneDecimal(alloc));
        // The heap table allocates only when a segment grows (amortised over inserts): the table's, not the engine's.
        out.put("newflow_alloc_bytes_per_packet",
                ForkMedians.oneDecimal(Jmh.secondary(r, "newFlow", "gc.alloc.rate.norm", "table", "chronicle")));
        out.put("newflow_heap_table_alloc_bytes_per_packet",
                ForkMedians.oneDecimal(Jmh.secondary(r, "newFlow", "gc.alloc.rate.norm", "table", "heap")));
        out.put("bare_heap_update_pps", ForkMedians.integer(ForkMedians.of(r, "bareUpdate", "table", "heap")));
        out.put("bare_chronicle_update_pps", ForkMedians.integer(bareChronicle));
        out.put("established_pps_cpu", ForkMedians.integer(CpuShare.perCpuSecond(r, "established", "table", "heap")));
        out.put("established_chronicle_pps_cpu", ForkMedians.integer(establishedChronicleCpu));
        out.put("newflow_pps_cpu", ForkMedians.integer(CpuShare.perCpuSecond(r, "newFlow", "table", "heap")));
        out.put("newflow_chronicle_pps_cpu",
                ForkMedians.integer(CpuShare.perCpuSecond(r, "newFlow", "table", "chronicle")));
        out.put("bare_heap_update_pps_cpu",
                ForkMedians.integer(CpuShare.perCpuSecond(r, "bareUpdate", "table", "heap")));
        out.put("bare_chronicle_update_pps_cpu", ForkMedians.integer(bareChronicleCpu));
        // What a whole established packet costs in bare Chronicle updates (CPU time): 1.0 would mean the table is all.
        out.put("chronicle_packet_vs_bare_update", ForkMedians.oneDecimal(bareChronicleCpu / establishedChronicleCpu));
        out.put("chronicle_size_calls_per_s_cpu",
                ForkMedians.integer(CpuShare.perCpuSecond(r, "tableSize", "table", "chronicle")));
        out.put("heap_size_calls_per_s_cpu",
                ForkMedians.integer(CpuShare.perCpuSecond(r, "tableSize", "table", "heap")));
        out.put("worker_cpu_share", ForkMedians.oneDecimal(CpuShare.medianShare(r, "established", "table", "heap")));
        out.put("established_pps_fork_range", ForkMedians.spread(r, "established", "table", "heap"));
        out.put("established_chronicle_pps_fork_range", ForkMedians.spread(r, "established", "table", "chronicle"));
        out.put("forks", Integer.toString(options.forks()));
        return out;
    }
}
