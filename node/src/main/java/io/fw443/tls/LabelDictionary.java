package io.fw443.tls;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ObjLongConsumer;

/**
 * Bounded hash → text dictionary for the SNI and JA4 labels a flow record carries only as 64-bit hashes
 * ({@code FlowRecord.sniHash/ja4Hash}), so that flow listings can show names. Direct-mapped: a newer label whose hash
 * lands on an occupied slot replaces the older one, which then reads as unknown (null). Lock-free: each slot holds
 * an immutable entry published with a volatile write, so engine threads (when a hello completes, allocating only for
 * a label not already present), the sync receiver (labels learnt from peers) and readers (flow listings, snapshots
 * served to a joining peer) may be any threads. Two writers racing on one slot leave either entry, both valid.
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

    /**
     * Remembers the ASCII label {@code b[off, off+len)} under {@code hash} (its {@link #hash}). Returns true when the
     * dictionary did not hold it (a new name, or one evicted since): the caller's cue to tell the peers, once per
     * name rather than once per flow.
     */
    public boolean put(long hash, byte[] b, int off, int len) {
        int i = slot(hash);
        Label old = slots.get(i);
        if (old != null && old.hash == hash) {
            return false;
        }
        slots.set(i, new Label(hash, new String(b, off, len, StandardCharsets.ISO_8859_1)));
        return true;
    }

    /** Hands every label held (text, hash) to {@code visitor}; a snapshot of a moving dictionary, not a copy. */
    public void forEach(ObjLongConsumer<String> visitor) {
        for (int i = 0; i < slots.length(); i++) {
            Label l = slots.get(i);
            if (l != null) {
                visitor.accept(l.text, l.hash);
            }
        }
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
