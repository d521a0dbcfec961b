package io.fw443.sync;

/**
 * A set of 64-bit key hashes (open addressing, linear probing, grows at half full), for remembering which flows a
 * resync touched. Synchronised: several transport threads add while a resync runs.
 */
final class LongHashSet {
    private long[] slots = new long[1 << 16];
    private boolean containsZero;
    private int size;

    synchronized void add(long v) {
        if (v == 0) {
            containsZero = true;
            return;
        }
        if (insert(slots, v)) {
            size++;
            if (size * 2 > slots.length) {
                long[] bigger = new long[slots.length * 2];
                for (long s : slots) {
                    if (s != 0) {
                        insert(bigger, s);
                    }
                }
                slots = bigger;
            }
        }
    }

    synchronized boolean contains(long v) {
        if (v == 0) {
            return containsZero;
        }
        int mask = slots.length - 1;
        for (int i = (int) FlowMerge.mix(v) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == v) {
                return true;
            }
            if (slots[i] == 0) {
                return false;
            }
        }
    }

    private static boolean insert(long[] table, long v) {
        int mask = table.length - 1;
        for (int i = (int) FlowMerge.mix(v) & mask; ; i = (i + 1) & mask) {
            if (table[i] == v) {
                return false;
            }
            if (table[i] == 0) {
                table[i] = v;
                return true;
            }
        }
    }
}
