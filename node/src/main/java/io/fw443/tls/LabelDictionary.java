package io.fw443.tls;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Bounded hash → text dictionary for the SNI and JA4 labels a flow record carries only as 64-bit hashes
 * ({@code FlowRecord.sniHash/ja4Hash}), so that flow listings can show names. Direct-mapped: a newer label whose hash
 * lands on an occupied slot replaces the older one, which then reads as unknown (null). Lock-free; engine threads
 * write it when a hello completes (allocating only for a label not already present), readers may be any thread.
 */
public final class LabelDictionary {
    private record Label(long hash, String text) {
    }

    private final AtomicReferenceArray<Label> slots;
    private final int mask;

    /** @param capacity slots, rounded up to a power of two. */
    public LabelDictionary(int capacity) {
        if (capacity < 1 || capacity > 1 << 24) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        int n = Integer.highestOneBit(capacity - 1) << 1;
        slots = new AtomicReferenceArray<>(Math.max(1, n));
        mask = slots.length() - 1;
    }

    /** FNV-1a (64 bit) of {@code b[off, off+len)}; never 0, which records use for "no label". */
    public static long hash(byte[] b, int off, int len) {
        long h = HashedNames.FNV_OFFSET;
        for (int i = off; i < off + len; i++) {
            h = (h ^ (b[i] & 0xFF)) * HashedNames.FNV_PRIME;
        }
        return h == 0 ? 1 : h;
    }

    /** Remembers the ASCII label {@code b[off, off+len)} under {@code hash} (its {@link #hash}). */
    public void put(long hash, byte[] b, int off, int len) {
        int i = slot(hash);
        Label old = slots.get(i);
        if (old != null && old.hash == hash) {
            return;
        }
        slots.set(i, new Label(hash, new String(b, off, len, StandardCharsets.ISO_8859_1)));
    }

    /** The label of {@code hash}, or null when unknown or evicted. */
    public String get(long hash) {
        Label l = slots.get(slot(hash));
        return l != null && l.hash == hash ? l.text : null;
    }

    public int capacity() {
        return slots.length();
    }

    private int slot(long hash) {
        return (int) (hash ^ (hash >>> 29)) & mask;
    }
}
