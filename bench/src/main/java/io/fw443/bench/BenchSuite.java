package io.fw443.bench;

import java.util.LinkedHashMap;

/** A named benchmark run whose figures end up on one summary line. */
interface BenchSuite {
    String name();

    /** One line of what the suite measures, for {@code bin/bench --list}. */
    String description();

    /** Runs the benchmarks and returns the figures in print order. */
    LinkedHashMap<String, String> run(BenchOptions options) throws Exception;
}
