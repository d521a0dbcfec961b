package io.fw443.table;

import java.util.SplittableRandom;

/** Keys and records for table tests, derived from an index so a test (or a child JVM) can rebuild them. */
final class TestFlows {
    /** Client address at 0 (192.0.2.x), server at 4 (198.51.100.y); per thread, so building a key allocates nothing. */
    private static final ThreadLocal<byte[]> ADDRESSES =
            ThreadLocal.withInitial(() -> new byte[] {(byte) 192, 0, 2, 0, (byte) 198, 51, 100, 0});

    private TestFlows() {}

    /** A distinct TCP key per index below 2^24: the index spreads over the client address octet and port. */
    static FlowKey key(FlowKey into, int index) {
        byte[] addresses = ADDRESSES.get();
        addresses[3] = (byte) (index >>> 16);
        addresses[7] = (byte) (index >>> 24);
        into.set(FlowKey.FAMILY_IPV4, 6, 0, addresses, 0, index & 0xFFFF, addresses, 4, 443);
        return into;
    }

    static FlowKey key(int index) {
        return key(new FlowKey(), index);
    }

    /** 96 pseudo-random bytes fixed by the index, with the layout byte stamped. */
    static byte[] recordBytes(int index) {
        byte[] bytes = new byte[FlowRecord.LENGTH];
        SplittableRandom random = new SplittableRandom(index * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        bytes[FlowRecord.LAYOUT_OFFSET] = FlowRecord.LAYOUT_VERSION;
        return bytes;
    }

    static FlowRecord record(int index) {
        return new FlowRecord().wrap(recordBytes(index), 0);
    }

    static FlowRecord heapRecord() {
        return new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
    }

    static byte[] bytesOf(FlowRecord record) {
        byte[] copy = new byte[FlowRecord.LENGTH];
        record.copyTo(copy, 0);
        return copy;
    }
}
