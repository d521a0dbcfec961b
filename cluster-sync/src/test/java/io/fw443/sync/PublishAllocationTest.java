package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.HeapFlowTable;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's side of replication allocates nothing: measured with the JVM's per-thread allocation counter. */
class PublishAllocationTest {
    /** A transport for one member alone: the agent drains the ring, nothing goes anywhere. */
    private static final class Alone implements SyncTransport {
        @Override
        public int localNode() {
            return 1;
        }

        @Override
        public void start(Listener listener) {
            listener.onView(new Membership(1, List.of(1), false));
        }

        @Override
        public void broadcast(byte[] buf, int off, int len) {
        }

        @Override
        public boolean send(int node, byte[] buf, int off, int len, boolean control) {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void publishingUpsertsAndDeletesAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (FlowReplicator r = new FlowReplicator(new HeapFlowTable(16), new Alone(), SyncConfig.defaults(),
                SyncClock.system())) {
            r.start();
            FlowKey key = Flows.key(1);
            FlowRecord record = Flows.established(1, 1, 1, 0);
            long thread = Thread.currentThread().getId();
            long allocated = -1;
            // Until the JIT has compiled the path (interpreted VarHandle access boxes), a round may allocate; on a
            // busy machine that takes a while, so warm up until a round is clean, within a bound.
            for (int round = 0; round < 100 && allocated != 0; round++) {
                long before = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < 20_000; i++) {
                    record.version(r.hlc().tick());
                    while (!r.publishUpsert(key, record, i)) {
                        Thread.onSpinWait();
                    }
                    while (!r.publishDelete(key, r.hlc().tick())) {
                        Thread.onSpinWait();
                    }
                }
                allocated = threads.getThreadAllocatedBytes(thread) - before;
            }
            assertEquals(0, allocated, "bytes allocated by 40,000 publishes after up to 100 rounds of warm-up");
        }
    }
}
