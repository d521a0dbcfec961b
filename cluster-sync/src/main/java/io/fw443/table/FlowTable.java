package io.fw443.table;

/**
 * The connection table as the engine, the replicator and the management API see it. Every access hands the caller a
 * {@link FlowRecord} flyweight over the stored bytes for the duration of a callback, so a packet updates its flow in
 * place: no get-copy-put, no allocation. Callbacks take an explicit context argument so callers pass non-capturing
 * lambdas or reusable objects. Callbacks must be short and must not call back into the table.
 *
 * <p>Entries are spread over {@link #segmentCount()} segments; the expiry sweeper and the anti-entropy digests walk one
 * segment at a time so their work can be cut into budgeted slices.
 */
public interface FlowTable extends AutoCloseable {
    /** Returned by {@link #update} when the key is not in the table. */
    int MISSING = Integer.MIN_VALUE;

    /** Visits one stored record in place, under the entry's write lock. */
    @FunctionalInterface
    interface RecordUpdater<C> {
        /** Returns a caller-defined result, passed back by {@link FlowTable#update}. */
        int apply(FlowKey key, FlowRecord record, C context);
    }

    /** Verdict of an {@link EntryVisitor} on one entry. */
    enum Visit { KEEP, REMOVE, STOP }

    /**
     * Visits entries during a walk; the key and record are flyweights valid only during the call. A walk holds a lock
     * that excludes writers but not readers, so the visitor only reads the record; changes go through {@link #update}.
     */
    @FunctionalInterface
    interface EntryVisitor<C> {
        Visit visit(FlowKey key, FlowRecord record, C context);
    }

    /** Runs {@code updater} on the record stored for {@code key}; returns its result, or {@link #MISSING}. */
    <C> int update(FlowKey key, RecordUpdater<C> updater, C context);

    /** Copies the record stored for {@code key} into {@code out}'s memory; false when absent. */
    boolean get(FlowKey key, FlowRecord out);

    /** Outcome of an {@link #insert}. */
    enum Insert {
        /** The record was stored. */
        INSERTED,
        /** The key was present; nothing changed. */
        PRESENT,
        /** The key was absent and the table holds {@link FlowTable#capacity()} flows; nothing changed. */
        FULL
    }

    /**
     * Inserts a copy of {@code record} unless the key is present or the table is full. A full table is an expected
     * state under a flood of new flows, so it is a result, not an exception.
     */
    Insert insert(FlowKey key, FlowRecord record);

    /** Inserts a copy of {@code record} unless the key is present; false when it was or the table is full. */
    default boolean putIfAbsent(FlowKey key, FlowRecord record) {
        return insert(key, record) == Insert.INSERTED;
    }

    /**
     * Inserts or replaces with a copy of {@code record}; false only when the key was absent and the table is full
     * (nothing changed).
     */
    boolean put(FlowKey key, FlowRecord record);

    /** Removes the entry; false when absent. */
    boolean remove(FlowKey key);

    long size();

    /** The configured maximum number of flows; inserts beyond it report {@link Insert#FULL}. */
    long capacity();

    int segmentCount();

    /** Walks one segment; returns the number of entries visited (a STOP ends the walk early). */
    <C> int forEachInSegment(int segment, EntryVisitor<C> visitor, C context);

    /** Walks every segment in order. */
    default <C> void forEach(EntryVisitor<C> visitor, C context) {
        for (int s = 0; s < segmentCount(); s++) {
            forEachInSegment(s, visitor, context);
        }
    }

    @Override
    void close();
}
