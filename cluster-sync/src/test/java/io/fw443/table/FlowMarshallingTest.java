package io.fw443.table;

import static io.fw443.table.TestFlows.key;
import static io.fw443.table.TestFlows.recordBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import net.openhft.chronicle.algo.bytes.Access;
import net.openhft.chronicle.algo.hashing.LongHashFunction;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.hash.Data;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The key and record adapters must agree byte for byte with Chronicle's own view of an entry: recovery and iteration
 * hash and compare the stored bytes with Chronicle's generic code, lookups with these adapters.
 */
class FlowMarshallingTest {
    static IntStream keyPositions() {
        return IntStream.range(0, FlowKey.LENGTH);
    }

    static LongHashFunction[] hashFunctions() {
        return new LongHashFunction[] {LongHashFunction.xx_r39(), LongHashFunction.city_1_1(),
                LongHashFunction.murmur_3()};
    }

    @ParameterizedTest
    @MethodSource("hashFunctions")
    void keyHashEqualsChronicleHashOfTheStoredBytes(LongHashFunction f) {
        for (int i = 0; i < 100; i++) {
            FlowKey key = key(i * 7919);
            BytesStore<?, Void> stored = BytesStore.nativeStoreFrom(key.bytes());
            try {
                long expected = f.hash(stored, Access.checkedRandomDataInputAccess(), stored.start(), FlowKey.LENGTH);
                assertEquals(expected, new FlowMarshalling.KeyAccess().getData(key).hash(f), key.toString());
            } finally {
                stored.releaseLast();
            }
        }
    }

    @ParameterizedTest(name = "byte {0}")
    @MethodSource("keyPositions")
    void keyEquivalenceSeesEveryByte(int position) {
        FlowKey key = key(123_456);
        byte[] other = key.bytes().clone();
        other[position] ^= 0x10;
        BytesStore<?, Void> same = BytesStore.nativeStoreFrom(key.bytes());
        BytesStore<?, Void> differs = BytesStore.nativeStoreFrom(other);
        try {
            Data<FlowKey> data = new FlowMarshalling.KeyAccess().getData(key);
            assertTrue(data.equivalent(same, same.start()));
            assertFalse(data.equivalent(differs, differs.start()));
        } finally {
            same.releaseLast();
            differs.releaseLast();
        }
    }

    @Test
    void keyWritesAndReadsItsExactBytes() {
        FlowKey key = key(42);
        BytesStore<?, Void> target = BytesStore.nativeStoreWithFixedCapacity(64);
        try {
            new FlowMarshalling.KeyAccess().getData(key).writeTo(target, 8);
            byte[] written = new byte[FlowKey.LENGTH];
            target.read(8, written, 0, FlowKey.LENGTH);
            assertArrayEquals(key.bytes(), written);

            RandomDataInput view = new FlowMarshalling.KeyAccess().getData(key).bytes();
            byte[] viewed = new byte[FlowKey.LENGTH];
            view.read(0, viewed, 0, FlowKey.LENGTH);
            assertArrayEquals(key.bytes(), viewed);
        } finally {
            target.releaseLast();
        }
    }

    @Test
    void recordWritesItsExactBytesToNativeAndHeapTargets() {
        FlowRecord record = new FlowRecord().wrap(recordBytes(9), 0);
        BytesStore<?, Void> direct = BytesStore.nativeStoreWithFixedCapacity(128);
        byte[] heap = new byte[128];
        try {
            Data<FlowRecord> data = new FlowMarshalling.RecordAccess().getData(record);
            data.writeTo(direct, 16);
            data.writeTo(BytesStore.wrap(heap), 16);
            byte[] fromDirect = new byte[FlowRecord.LENGTH];
            direct.read(16, fromDirect, 0, FlowRecord.LENGTH);
            assertArrayEquals(recordBytes(9), fromDirect);
            byte[] fromHeap = new byte[FlowRecord.LENGTH];
            System.arraycopy(heap, 16, fromHeap, 0, FlowRecord.LENGTH);
            assertArrayEquals(recordBytes(9), fromHeap);
        } finally {
            direct.releaseLast();
        }
    }
}
