package io.fw443.mgmt;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /stats}: the engine's counters since start.
 *
 * @param verdicts verdict ({@code forward}, {@code reject}, {@code drop}) to reason to count, as pf counts every
 *                 decision by reason; reasons with a zero count may be left out
 * @param conntrackDrops packets connection tracking refused, by the check that failed ({@code seq-after-window},
 *                      {@code invalid-state-transition}, ...): those of known flows make up {@code drop / tracking},
 *                      a non-opener without a flow is also in {@code drop / invalid}; zero counts left out
 * @param tableSize     flows in the table now
 * @param tableCapacity the table's configured maximum
 */
public record StatsView(long packets, long bytes, Map<String, Map<String, Long>> verdicts,
        Map<String, Long> conntrackDrops, long tableSize, long tableCapacity) {
    public StatsView {
        conntrackDrops = Collections.unmodifiableMap(new TreeMap<>(conntrackDrops));
        TreeMap<String, Map<String, Long>> sorted = new TreeMap<>();
        verdicts.forEach((verdict, reasons) -> sorted.put(verdict, new TreeMap<>(reasons)));
        verdicts = Collections.unmodifiableMap(sorted);
    }
}
