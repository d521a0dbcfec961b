package io.fw443.table;

import java.util.function.LongSupplier;

/**
 * Removes expired flows a slice at a time so the table never stalls for a full scan. Each {@link #sweep} tick walks
 * whole segments, starting where the previous tick stopped, and removes every record whose {@code expiresAtNs} has
 * been reached (tombstones included: their expiry is the end of their grace period). The tick stops once its time
 * budget is spent, read from the injected clock between segments and every {@code entriesPerClockRead} entries.
 *
 * <p>A segment cut short is walked again from its start on the next tick (a table walk has no cursor); the entries
 * already removed are gone, so the retry only revisits survivors. The first segment of every tick always runs to its
 * end, so a tick makes progress even with a budget smaller than one segment's walk: the budget's overrun is at most
 * one segment, which {@link ChronicleFlowTable.Options#segments()} bounds.
 *
 * <p>Single-threaded: one sweeper per table, driven from one duty cycle.
 */
public final class ExpirySweeper<C> {
    /** Told about each removal, under the table's segment lock: keep it short and do not call the table. */
    @FunctionalInterface
    public interface RemovalListener<C> {
        void removed(FlowKey key, FlowRecord record, C context);
    }

    private static final FlowTable.EntryVisitor<ExpirySweeper<?>> VISITOR = (key, record, sweeper) ->
            sweeper.visit(key, record);

    private final FlowTable table;
    private final LongSupplier clockNs;
    private final int entriesPerClockRead;
    private final RemovalListener<C> listener;
    private final C context;

    private int segment;
    private long passes;

    // state of the tick in progress
    private long nowNs;
    private long deadlineNs;
    private boolean mayStop;
    private boolean stopped;
    private int sinceClockRead;
    private int removed;

    public ExpirySweeper(FlowTable table, LongSupplier clockNs, int entriesPerClockRead,
                         RemovalListener<C> listener, C context) {
        if (entriesPerClockRead < 1) {
            throw new IllegalArgumentException("entriesPerClockRead must be positive: " + entriesPerClockRead);
        }
        this.table = table;
        this.clockNs = clockNs;
        this.entriesPerClockRead = entriesPerClockRead;
        this.listener = listener;
        this.context = context;
    }

    /**
     * Runs one tick: removes records with {@code expiresAtNs <= nowNs} until about {@code budgetNs} of clock time has
     * passed. Returns the number removed.
     */
    public int sweep(long nowNs, long budgetNs) {
        this.nowNs = nowNs;
        this.deadlineNs = clockNs.getAsLong() + budgetNs;
        this.removed = 0;
        int segments = table.segmentCount();
        for (int walked = 0; walked < segments; walked++) {
            if (walked > 0 && clockNs.getAsLong() - deadlineNs >= 0) {
                break;
            }
            mayStop = walked > 0;
            stopped = false;
            sinceClockRead = 0;
            table.forEachInSegment(segment, VISITOR, this);
            if (stopped) {
                break;
            }
            if (++segment == segments) {
                segment = 0;
                passes++;
            }
        }
        return removed;
    }

    /** The segment the next tick starts with. */
    public int nextSegment() {
        return segment;
    }

    /** Full passes over the table completed so far. */
    public long passes() {
        return passes;
    }

    /** Overflow-safe, like {@link System#nanoTime()} comparisons must be. */
    static boolean expired(long expiresAtNs, long nowNs) {
        return nowNs - expiresAtNs >= 0;
    }

    private FlowTable.Visit visit(FlowKey key, FlowRecord record) {
        if (mayStop && ++sinceClockRead >= entriesPerClockRead) {
            sinceClockRead = 0;
            if (clockNs.getAsLong() - deadlineNs >= 0) {
                stopped = true;
                return FlowTable.Visit.STOP;
            }
        }
        if (expired(record.expiresAtNs(), nowNs)) {
            listener.removed(key, record, context);
            removed++;
            return FlowTable.Visit.REMOVE;
        }
        return FlowTable.Visit.KEEP;
    }
}
