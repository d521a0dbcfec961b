package io.fw443.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Per iteration: CPU time of the JMH worker threads over wall-clock time, in cores ({@link CpuShare}). Top level and
 * public because JMH loads profilers by name in the forks.
 */
public final class CpuShareProfiler implements InternalProfiler {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long[] workers = new long[0];
    private long cpuBefore;
    private long wallBefore;

    @Override
    public String getDescription() {
        return "CPU time of the JMH worker threads per wall-clock time";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workers = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(t -> t != null && t.getThreadName().contains("jmh-worker"))
                .mapToLong(ThreadInfo::getThreadId)
                .toArray();
        cpuBefore = workerCpu();
        wallBefore = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        double share = (double) (workerCpu() - cpuBefore) / (System.nanoTime() - wallBefore);
        return List.of(new ScalarResult(CpuShare.KEY, share, "cores", AggregationPolicy.AVG));
    }

    private long workerCpu() {
        long sum = 0;
        for (long id : workers) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }
}
