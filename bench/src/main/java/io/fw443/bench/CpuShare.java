package io.fw443.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Throughput per second of the benchmark thread's own CPU time. On the shared 2-core machine a fork gets anywhere
 * between a fifth of a core and a whole one, so wall-clock ops/s say more about the neighbours than about the code;
 * ops per CPU-second of the JMH worker thread stay put. {@link Jmh#run} adds this profiler to every run.
 */
final class CpuShare {
    static final String KEY = "cpu.share";

    private CpuShare() {}

    /** Median over forks of each fork's median of (iteration ops/s ÷ worker CPU share). */
    static double perCpuSecond(Collection<RunResult> results, String method, String... params) {
        RunResult run = ForkMedians.find(results, method, params);
        List<Double> forkMedians = new ArrayList<>();
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
            double[] rates = fork.getIterationResults().stream()
                    .mapToDouble(it -> it.getPrimaryResult().getScore() / share(it))
                    .toArray();
            forkMedians.add(ForkMedians.median(rates));
        }
        return ForkMedians.median(forkMedians.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The median share of a core the worker thread had over all measured iterations. */
    static double medianShare(Collection<RunResult> results, String method, String... params) {
        RunResult run = ForkMedians.find(results, method, params);
        return ForkMedians.median(run.getBenchmarkResults().stream()
                .flatMap(f -> f.getIterationResults().stream())
                .mapToDouble(CpuShare::share)
                .toArray());
    }

    private static double share(IterationResult it) {
        Result<?> r = it.getSecondaryResults().get(KEY);
        return r == null ? Double.NaN : r.getScore();
    }
}
