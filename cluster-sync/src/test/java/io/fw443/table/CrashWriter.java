package io.fw443.table;

import static io.fw443.table.TestFlows.key;
import static io.fw443.table.TestFlows.record;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child JVM of {@link ChronicleFlowTableCrashTest}: writes flows into a persisted table as fast as it can and
 * prints {@code ACK i} once step {@code i} has returned, until it is killed. Step {@code i} puts flow {@code i},
 * updates it in place with {@link #BUMP}, and every tenth step removes flow {@code i - 5} (if this run wrote it).
 */
public final class CrashWriter {
    static final FlowTable.RecordUpdater<Object> BUMP = (k, r, c) -> {
        r.count(1, 60).lastSeenNs(r.lastSeenNs() + 1);
        return 0;
    };

    private CrashWriter() {}

    /** Whether step {@code i} of a run that started at {@code first} removes a flow. */
    static boolean removes(int i, int first) {
        return i % 10 == 9 && i - 5 >= first;
    }

    /** Arguments: map file, capacity, first flow index. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long capacity = Long.parseLong(args[1]);
        int first = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, true, "US-ASCII");
        FlowKey key = new FlowKey();
        try (ChronicleFlowTable table = ChronicleFlowTable.open(ChronicleFlowTable.Options.persisted(capacity, file))) {
            out.println("OPEN recovered=" + table.recovered());
            for (int i = first; i < capacity; i++) {
                if (!table.put(key(key, i), record(i))) {
                    throw new IllegalStateException("table full at " + i);
                }
                table.update(key, BUMP, null);
                if (removes(i, first)) {
                    table.remove(key(key, i - 5));
                }
                out.println("ACK " + i);
            }
        }
    }
}
