package io.fw443.sync;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A table's replicated content as text, for comparing members record by record (tests, the harness, diagnostics):
 * key hex mapped to the wire form of the record with the relative times zeroed, since those legitimately differ by
 * the milliseconds between two dumps. Tombstones are listed with a leading "-" on their key.
 */
public final class TableDump {
    private TableDump() {}

    public static SortedMap<String, String> of(FlowTable table) {
        SortedMap<String, String> out = new TreeMap<>();
        byte[] wire = new byte[WireRecord.LENGTH];
        HexFormat hex = HexFormat.of();
        table.forEach((FlowKey key, FlowRecord record, SortedMap<String, String> m) -> {
            WireRecord.encode(key, record, 0, wire, 0);
            java.util.Arrays.fill(wire, WireRecord.AGE_MS_OFFSET, WireRecord.VERSION_OFFSET, (byte) 0);
            String k = hex.formatHex(key.bytes());
            m.put(record.hasFlag(FlowRecord.FLAG_TOMBSTONE) ? "-" + k : k,
                    hex.formatHex(wire, FlowKey.LENGTH, WireRecord.LENGTH));
            return FlowTable.Visit.KEEP;
        }, out);
        return out;
    }

    /** Only the live records. */
    public static SortedMap<String, String> live(FlowTable table) {
        SortedMap<String, String> all = of(table);
        all.keySet().removeIf(k -> k.startsWith("-"));
        return all;
    }
}
