package io.fw443.bench;

/**
 * How hard to measure: {@code quick} for a smoke run (one short fork), the default for figures worth quoting (several
 * forks, so the median of fork medians can be reported on a noisy shared machine).
 */
record BenchOptions(boolean quick, int forks, int warmupIterations, int measurementIterations, int iterationSeconds) {
    static BenchOptions of(boolean quick) {
        return quick ? new BenchOptions(true, 1, 1, 2, 1) : new BenchOptions(false, 3, 3, 5, 2);
    }
}
