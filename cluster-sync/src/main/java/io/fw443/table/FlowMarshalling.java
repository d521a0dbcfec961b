package io.fw443.table;

import static io.fw443.table.UnsafeAccess.BYTE_ARRAY_OFFSET;
import static io.fw443.table.UnsafeAccess.UNSAFE;

import net.openhft.chronicle.algo.hashing.LongHashFunction;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.bytes.RandomDataOutput;
import net.openhft.chronicle.hash.AbstractData;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.hash.serialization.DataAccess;
import net.openhft.chronicle.hash.serialization.SizedReader;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

/**
 * Chronicle Map adapters that store {@link FlowKey} and {@link FlowRecord} as their raw fixed-size bytes. A lookup
 * serialises nothing: the key's {@code byte[]} is hashed, compared and copied directly, and a record is copied with one
 * memory copy. The readers exist because Chronicle requires them; the table itself never deserialises a value, it
 * wraps a flyweight over the entry instead.
 *
 * <p>The class names are written into a persisted map's header and instantiated again when the file is reopened, so
 * they must not be renamed or moved without a file format migration.
 */
final class FlowMarshalling {
    private FlowMarshalling() {}

    /** One per query context (Chronicle copies it per thread); re-pointed at the caller's key on every lookup. */
    static final class KeyAccess extends AbstractData<FlowKey> implements DataAccess<FlowKey> {
        private transient FlowKey key;
        /** A view of the last key's array for Chronicle's generic byte paths; rebuilt only for a new key object. */
        private transient byte[] viewed;
        private transient BytesStore<?, ?> view;

        @Override
        public Data<FlowKey> getData(FlowKey instance) {
            key = instance;
            return this;
        }

        @Override
        public void uninit() {
            key = null;
        }

        @Override
        public RandomDataInput bytes() {
            byte[] array = key.bytes();
            if (array != viewed) {
                view = BytesStore.wrap(array);
                viewed = array;
            }
            return view;
        }

        @Override
        public long offset() {
            return 0;
        }

        @Override
        public long size() {
            return FlowKey.LENGTH;
        }

        @Override
        public long hash(LongHashFunction f) {
            return f.hashBytes(key.bytes());
        }

        @Override
        public boolean equivalent(RandomDataInput source, long sourceOffset) {
            byte[] array = key.bytes();
            for (int i = 0; i < FlowKey.LENGTH; i += Long.BYTES) {
                if (source.readLong(sourceOffset + i) != UNSAFE.getLong(array, BYTE_ARRAY_OFFSET + i)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        @SuppressWarnings("rawtypes") // Chronicle's signature
        public void writeTo(RandomDataOutput target, long targetOffset) {
            target.write(targetOffset, key.bytes(), 0, FlowKey.LENGTH);
        }

        @Override
        public FlowKey get() {
            return key;
        }

        @Override
        public FlowKey getUsing(FlowKey using) {
            return (using == null ? new FlowKey() : using).copyFrom(key);
        }

        @Override
        public DataAccess<FlowKey> copy() {
            return new KeyAccess();
        }

        @Override
        public void writeMarshallable(WireOut wire) {
            // stateless: nothing to persist in the map header
        }

        @Override
        public void readMarshallable(WireIn wire) {
            // stateless: the transient fields start empty
        }
    }

    /** Stateless, so shared by all contexts. */
    static final class KeyReader implements SizedReader<FlowKey> {
        @Override
        public FlowKey read(Bytes<?> in, long size, FlowKey using) {
            FlowKey key = using == null ? new FlowKey() : using;
            in.read(key.bytes(), 0, FlowKey.LENGTH);
            return key;
        }

        @Override
        public void writeMarshallable(WireOut wire) {
            // stateless
        }

        @Override
        public void readMarshallable(WireIn wire) {
            // stateless
        }
    }

    /** One per query context; copies the caller's record straight into the entry on insert or replace. */
    static final class RecordAccess extends AbstractData<FlowRecord> implements DataAccess<FlowRecord> {
        private transient FlowRecord record;
        private transient FlowRecord target;
        private transient byte[] copy;
        private transient BytesStore<?, ?> view;

        @Override
        public Data<FlowRecord> getData(FlowRecord instance) {
            record = instance;
            return this;
        }

        @Override
        public void uninit() {
            record = null;
        }

        /** Chronicle's generic paths only (hash, compare): the entry write itself goes through {@link #writeTo}. */
        @Override
        public RandomDataInput bytes() {
            if (copy == null) {
                copy = new byte[FlowRecord.LENGTH];
                view = BytesStore.wrap(copy);
            }
            record.copyTo(copy, 0);
            return view;
        }

        @Override
        public long offset() {
            return 0;
        }

        @Override
        public long size() {
            return FlowRecord.LENGTH;
        }

        @Override
        @SuppressWarnings("rawtypes") // Chronicle's signature
        public void writeTo(RandomDataOutput out, long outOffset) {
            if (out.isDirectMemory()) {
                if (target == null) {
                    target = new FlowRecord();
                }
                target.wrapAddress(out.addressForWrite(outOffset)).copyFrom(record);
            } else {
                out.write(outOffset, bytes(), 0, FlowRecord.LENGTH);
            }
        }

        @Override
        public FlowRecord get() {
            return record;
        }

        @Override
        public FlowRecord getUsing(FlowRecord using) {
            return (using == null ? new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0) : using).copyFrom(record);
        }

        @Override
        public DataAccess<FlowRecord> copy() {
            return new RecordAccess();
        }

        @Override
        public void writeMarshallable(WireOut wire) {
            // stateless
        }

        @Override
        public void readMarshallable(WireIn wire) {
            // stateless
        }
    }

    /** Used only by Chronicle's own object-returning paths (e.g. {@code map.get}), never by the table: it allocates. */
    static final class RecordReader implements SizedReader<FlowRecord> {
        @Override
        public FlowRecord read(Bytes<?> in, long size, FlowRecord using) {
            byte[] copy = new byte[FlowRecord.LENGTH];
            in.read(copy, 0, FlowRecord.LENGTH);
            return using == null ? new FlowRecord().wrap(copy, 0) : using.copyFrom(copy, 0);
        }

        @Override
        public void writeMarshallable(WireOut wire) {
            // stateless
        }

        @Override
        public void readMarshallable(WireIn wire) {
            // stateless
        }
    }
}
