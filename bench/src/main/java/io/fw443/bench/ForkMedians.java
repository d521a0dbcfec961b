package io.fw443.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;

/**
 * The figure a suite quotes: per fork the median of its measurement iterations, then the median over forks. A noisy
 * neighbour on the shared machine spoils an iteration or a fork, and medians let one bad one pass unnoticed.
 */
final class ForkMedians {
    private ForkMedians() {}

    static double of(Collection<RunResult> results, String method, String... params) {
        RunResult run = find(results, method, params);
        Collection<BenchmarkResult> forks = run.getBenchmarkResults();
        double[] forkMedians = new double[forks.size()];
        int f = 0;
        for (BenchmarkResult fork : forks) {
            Collection<IterationResult> iterations = fork.getIterationResults();
            double[] scores = new double[iterations.size()];
            int i = 0;
            for (IterationResult it : iterations) {
                scores[i++] = it.getPrimaryResult().getScore();
            }
            forkMedians[f++] = median(scores);
        }
        return median(forkMedians);
    }

    /** The range of fork medians as "min-max", to show how much the forks disagreed. */
    static String spread(Collection<RunResult> results, String method, String... params) {
        RunResult run = find(results, method, params);
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
            double[] scores = fork.getIterationResults().stream().mapToDouble(r -> r.getPrimaryResult().getScore())
                    .toArray();
            double m = median(scores);
            lo = Math.min(lo, m);
            hi = Math.max(hi, m);
        }
        return integer(lo) + "-" + integer(hi);
    }

    static String integer(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String oneDecimal(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static RunResult find(Collection<RunResult> results, String method, String... params) {
        outer:
        for (RunResult r : results) {
            var bp = r.getParams();
            if (!bp.getBenchmark().endsWith("." + method)) {
                continue;
            }
            for (int i = 0; i + 1 < params.length; i += 2) {
                if (!params[i + 1].equals(bp.getParam(params[i]))) {
                    continue outer;
                }
            }
            return r;
        }
        throw new IllegalStateException("no JMH result for " + method + " " + String.join(",", params));
    }
}
