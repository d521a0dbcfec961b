package io.fw443.mgmt;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /stats}: the engine's counters since start.
 *
 * @param verdicts verdict ({@code forward}, {@code reject}, {@code drop}) to reason to count, as pf counts every
 *                 decision by reason; reasons with a zero count may be left out
 * @param tableSize     flows in the table now
 * @param tableCapacity the table's configured maximum
 */
public record StatsView(long packets, long bytes, Map<String, Map<String, Long>> verdicts, long tableSize,
        long tableCapacity) {
    public StatsView {
        TreeMap<String, Map<String, Long>> sorted = new TreeMap<>();
        verdicts.forEach((verdict, reasons) -> sorted.put(verdict, new TreeMap<>(reasons)));
        verdicts = Collections.unmodifiableMap(sorted);
    }
}
