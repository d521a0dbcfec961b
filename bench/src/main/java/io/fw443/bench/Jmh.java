package io.fw443.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs JMH benchmarks in forks that inherit this JVM's flags (Chronicle Map's --add-opens among them), always with
 * the CPU-share profiler so suites can report ops per worker CPU-second ({@link CpuShare#perCpuSecond}).
 */
final class Jmh {
    private Jmh() {}

    static Collection<RunResult> run(BenchOptions o, String includeRegex, boolean gcProfiler, String... params)
            throws RunnerException {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent"))
                .toList();
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(includeRegex)
                .forks(o.forks())
                .warmupIterations(o.warmupIterations())
                .warmupTime(TimeValue.seconds(o.iterationSeconds()))
                .measurementIterations(o.measurementIterations())
                .measurementTime(TimeValue.seconds(o.iterationSeconds()))
                .timeUnit(TimeUnit.SECONDS)
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(true)
                .addProfiler(CpuShareProfiler.class);
        for (int i = 0; i + 1 < params.length; i += 2) {
            b.param(params[i], params[i + 1]);
        }
        if (gcProfiler) {
            b.addProfiler("gc");
        }
        return new Runner(b.build()).run();
    }

    /** The primary score of the benchmark method whose label ends with {@code method}, for the given params. */
    static double score(Collection<RunResult> results, String method, String... params) {
        return find(results, method, params).getPrimaryResult().getScore();
    }

    /** A secondary result, e.g. {@code gc.alloc.rate.norm} from the gc profiler. */
    static double secondary(Collection<RunResult> results, String method, String key, String... params) {
        var r = find(results, method, params).getSecondaryResults().get(key);
        return r == null ? Double.NaN : r.getScore();
    }

    private static RunResult find(Collection<RunResult> results, String method, String... params) {
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
