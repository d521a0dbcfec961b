/**
 * Benchmarks: JMH classes per subject and the suites {@code bin/bench NAME} runs. Each suite ends with one line
 * {@code NAME: key=value ...} so figures can be compared across runs and quoted in docs/performance.md.
 */
package io.fw443.bench;
