package io.fw443.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import net.openhft.chronicle.hash.ChecksumEntry;
import net.openhft.chronicle.hash.ChronicleHashCorruption;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.MapSegmentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link FlowTable}: a Chronicle Map with 40-byte keys and 96-byte values, off heap, optionally
 * memory-mapped to a file so a restarted node finds its flows again.
 *
 * <p>Every access runs inside Chronicle's per-thread query context (pooled by Chronicle, so a lookup allocates
 * nothing) under the segment lock the operation needs: {@link #get} a read lock, {@link #update} the write lock,
 * walks the update lock (readers proceed, writers wait). {@link #update} hands the updater a {@link FlowRecord}
 * wrapped over the entry's own memory, so a packet changes its flow without a copy.
 *
 * <p>Persistence: the map is a file mapped into memory. A process killed with SIGKILL loses nothing it wrote (the
 * pages belong to the kernel), but can leave segment locks held and an entry half written. {@link #close} therefore
 * drops a marker file next to the map; {@link #open} trusts a file only when its marker is there and otherwise runs
 * Chronicle's recovery, which clears locks, rebuilds the hash lookups and discards entries whose checksum does not
 * match. Checksums are kept for persisted tables only; an in-place update refreshes its entry's checksum when the
 * lock is released. One process owns a file at a time.
 */
public final class ChronicleFlowTable implements FlowTable {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleFlowTable.class);
    private static final String CLEAN_SUFFIX = ".clean";
    /**
     * Chronicle sizes each segment for its share of {@code maxFlows} plus a margin; extra tiers (allocated only when
     * used) let an unlucky segment grow instead of failing an insert below the capacity, which the table enforces
     * itself with a counter.
     */
    private static final double MAX_BLOAT_FACTOR = 1.5;

    /**
     * How to build the table.
     *
     * @param maxFlows capacity: inserts beyond it report {@link Insert#FULL}
     * @param file     the map file, or null for a table in anonymous memory
     * @param segments Chronicle segment count, 0 for Chronicle's choice; smaller segments shorten each walk slice
     */
    public record Options(long maxFlows, Path file, int segments) {
        public Options {
            if (maxFlows < 1) {
                throw new IllegalArgumentException("maxFlows must be positive: " + maxFlows);
            }
            if (segments < 0) {
                throw new IllegalArgumentException("segments must be 0 (automatic) or positive: " + segments);
            }
        }

        public static Options inMemory(long maxFlows) {
            return new Options(maxFlows, null, 0);
        }

        public static Options persisted(long maxFlows, Path file) {
            if (file == null) {
                throw new IllegalArgumentException("a persisted table needs a file");
            }
            return new Options(maxFlows, file, 0);
        }

        public Options withSegments(int count) {
            return new Options(maxFlows, file, count);
        }
    }

    private final Options options;
    private final ChronicleMap<FlowKey, FlowRecord> map;
    private final boolean checksums;
    private final boolean recovered;
    private final int corruptions;
    private final AtomicLong flows;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private boolean closed;

    private ChronicleFlowTable(Options options, ChronicleMap<FlowKey, FlowRecord> map, boolean checksums,
                               boolean recovered, int corruptions) {
        this.options = options;
        this.map = map;
        this.checksums = checksums;
        this.recovered = recovered;
        this.corruptions = corruptions;
        this.flows = new AtomicLong(map.longSize());
    }

    /**
     * Creates the table, or opens the existing file: as is after a clean {@link #close}, through Chronicle's recovery
     * otherwise. An existing file keeps the sizing it was created with.
     */
    public static ChronicleFlowTable open(Options options) throws IOException {
        boolean persisted = options.file() != null;
        ChronicleMapBuilder<FlowKey, FlowRecord> builder = ChronicleMap.of(FlowKey.class, FlowRecord.class)
                .name("fw443-flows")
                .keyReaderAndDataAccess(new FlowMarshalling.KeyReader(), new FlowMarshalling.KeyAccess())
                .valueReaderAndDataAccess(new FlowMarshalling.RecordReader(), new FlowMarshalling.RecordAccess())
                .constantKeySizeBySample(new FlowKey())
                .constantValueSizeBySample(new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0))
                .entries(options.maxFlows())
                .maxBloatFactor(MAX_BLOAT_FACTOR)
                .checksumEntries(persisted)
                // The owner closes the table: Chronicle's own exit hook would close it under a node that is still
                // draining traffic and flushing sync at SIGTERM. After a kill -9 no hook runs anyway.
                .skipCloseOnExitHook(true);
        if (options.segments() > 0) {
            builder.actualSegments(options.segments());
        }
        if (!persisted) {
            return new ChronicleFlowTable(options, builder.create(), false, false, 0);
        }
        Path file = options.file();
        Path marker = cleanMarker(file);
        boolean exists = Files.exists(file);
        boolean clean = Files.deleteIfExists(marker) && exists;
        if (!exists || clean) {
            return new ChronicleFlowTable(options, builder.createPersistedTo(file.toFile()), true, false, 0);
        }
        AtomicInteger found = new AtomicInteger();
        ChronicleHashCorruption.Listener listener = c -> {
            found.incrementAndGet();
            LOG.warn("flow table {} recovery, segment {}: {}", file, c.segmentIndex(), c.message(), c.exception());
        };
        ChronicleMap<FlowKey, FlowRecord> recoveredMap = builder.recoverPersistedTo(file.toFile(), true, listener);
        LOG.info("flow table {} recovered after an unclean shutdown: {} flows, {} problems repaired",
                file, recoveredMap.longSize(), found.get());
        return new ChronicleFlowTable(options, recoveredMap, true, true, found.get());
    }

    private static Path cleanMarker(Path file) {
        return file.resolveSibling(file.getFileName() + CLEAN_SUFFIX);
    }

    /** Whether {@link #open} had to run recovery because the file was not closed cleanly. */
    public boolean recovered() {
        return recovered;
    }

    /** How many problems recovery reported and repaired (discarded torn entries, stale counters, locks). */
    public int corruptionsRepaired() {
        return corruptions;
    }

    /** Off-heap bytes the map occupies (the file size when persisted). */
    public long offHeapBytes() {
        return map.offHeapMemoryUsed();
    }

    @Override
    public <C> int update(FlowKey key, RecordUpdater<C> updater, C context) {
        try (ExternalMapQueryContext<FlowKey, FlowRecord, ?> q = map.queryContext(key)) {
            q.writeLock().lock();
            MapEntry<FlowKey, FlowRecord> entry = q.entry();
            if (entry == null) {
                return MISSING;
            }
            try {
                return updater.apply(key, wrapForWrite(scratch.get().record, entry.value()), context);
            } finally {
                if (checksums) {
                    // computed by Chronicle when the write lock is released
                    ((ChecksumEntry) entry).updateChecksum();
                }
            }
        }
    }

    @Override
    public boolean get(FlowKey key, FlowRecord out) {
        try (ExternalMapQueryContext<FlowKey, FlowRecord, ?> q = map.queryContext(key)) {
            q.readLock().lock();
            MapEntry<FlowKey, FlowRecord> entry = q.entry();
            if (entry == null) {
                return false;
            }
            out.copyFrom(wrapForRead(scratch.get().record, entry.value()));
            return true;
        }
    }

    @Override
    public Insert insert(FlowKey key, FlowRecord record) {
        try (ExternalMapQueryContext<FlowKey, FlowRecord, ?> q = map.queryContext(key)) {
            q.updateLock().lock();
            if (q.entry() != null) {
                return Insert.PRESENT;
            }
            return insertAbsent(q, record) ? Insert.INSERTED : Insert.FULL;
        }
    }

    @Override
    public boolean put(FlowKey key, FlowRecord record) {
        try (ExternalMapQueryContext<FlowKey, FlowRecord, ?> q = map.queryContext(key)) {
            q.updateLock().lock();
            MapEntry<FlowKey, FlowRecord> entry = q.entry();
            if (entry != null) {
                q.replaceValue(entry, q.wrapValueAsData(record));
                return true;
            }
            return insertAbsent(q, record);
        }
    }

    /** Inserts under the caller's update lock unless the table is full. */
    private boolean insertAbsent(ExternalMapQueryContext<FlowKey, FlowRecord, ?> q, FlowRecord record) {
        if (flows.get() >= options.maxFlows()) {
            return false;
        }
        q.insert(q.absentEntry(), q.wrapValueAsData(record));
        flows.incrementAndGet();
        return true;
    }

    @Override
    public boolean remove(FlowKey key) {
        try (ExternalMapQueryContext<FlowKey, FlowRecord, ?> q = map.queryContext(key)) {
            q.updateLock().lock();
            MapEntry<FlowKey, FlowRecord> entry = q.entry();
            if (entry == null) {
                return false;
            }
            q.remove(entry);
            flows.decrementAndGet();
            return true;
        }
    }

    @Override
    public long size() {
        // The engine asks on every new flow: Chronicle's longSize() walks every segment (about 2 us), the counter
        // that insert and remove keep is free.
        return flows.get();
    }

    @Override
    public long capacity() {
        return options.maxFlows();
    }

    @Override
    public int segmentCount() {
        return map.segments();
    }

    @Override
    public <C> int forEachInSegment(int segment, EntryVisitor<C> visitor, C context) {
        Walker walker = scratch.get().walker;
        walker.start(visitor, context, flows);
        try (MapSegmentContext<FlowKey, FlowRecord, ?> c = map.segmentContext(segment)) {
            c.forEachSegmentEntryWhile(walker);
        } finally {
            walker.end();
        }
        return walker.visited;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        map.close();
        if (options.file() != null) {
            try {
                Files.createFile(cleanMarker(options.file()));
            } catch (IOException e) {
                throw new UncheckedIOException("could not mark " + options.file() + " as cleanly closed", e);
            }
        }
    }

    /** Entry values live in the segment's native memory; Chronicle allows writing there under the write lock. */
    private static FlowRecord wrapForWrite(FlowRecord flyweight, Data<FlowRecord> value) {
        return flyweight.wrapAddress(value.bytes().addressForWrite(value.offset()));
    }

    private static FlowRecord wrapForRead(FlowRecord flyweight, Data<FlowRecord> value) {
        return flyweight.wrapAddress(value.bytes().addressForRead(value.offset()));
    }

    /** Per-thread flyweights, so no call allocates. Static: a thread's holder must not keep a closed table alive. */
    private static final class Scratch {
        final FlowRecord record = new FlowRecord();
        final Walker walker = new Walker();
    }

    /** Adapts an {@link EntryVisitor} to Chronicle's entry predicate; one per thread, reused for every walk. */
    private static final class Walker implements Predicate<MapEntry<FlowKey, FlowRecord>> {
        private final FlowKey key = new FlowKey();
        private final FlowRecord record = new FlowRecord();
        private EntryVisitor<Object> visitor;
        private Object context;
        private AtomicLong flows;
        int visited;

        @SuppressWarnings("unchecked")
        <C> void start(EntryVisitor<C> v, C c, AtomicLong tableFlows) {
            visitor = (EntryVisitor<Object>) v;
            context = c;
            flows = tableFlows;
            visited = 0;
        }

        void end() {
            visitor = null;
            context = null;
            flows = null;
        }

        @Override
        public boolean test(MapEntry<FlowKey, FlowRecord> entry) {
            visited++;
            Data<FlowKey> k = entry.key();
            k.bytes().read(k.offset(), key.bytes(), 0, FlowKey.LENGTH);
            Visit v = visitor.visit(key, wrapForRead(record, entry.value()), context);
            if (v == Visit.REMOVE) {
                entry.doRemove();
                flows.decrementAndGet();
            }
            return v != Visit.STOP;
        }
    }
}
