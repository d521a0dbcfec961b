package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fw443.table.HeapFlowTable;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of everything a received message goes through: header and section validation, replay
 * window, and (for what passes) the merge into a table, the acks, the snapshot and digest jobs. Nothing may escape
 * as an exception and every message must be counted once, accepted or rejected. In normal test runs Jazzer replays
 * the seeds in {@code SyncDecoderFuzzTestInputs/<method>/} (valid messages of every type); {@code JAZZER_FUZZ=1}
 * fuzzes for {@code maxDuration}.
 */
class SyncDecoderFuzzTest {
    private static final int LOCAL = 1;

    /** Captures the replicator's listener; everything it sends goes nowhere. */
    private static final class NullTransport implements SyncTransport {
        volatile Listener listener;

        @Override
        public int localNode() {
            return LOCAL;
        }

        @Override
        public void start(Listener l) {
            this.listener = l;
            l.onView(new Membership(1, java.util.List.of(LOCAL, 2, 3), false));
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

    private static final NullTransport TRANSPORT = new NullTransport();
    private static final FlowReplicator REPLICATOR = start();

    private static FlowReplicator start() {
        FlowReplicator r = new FlowReplicator(new HeapFlowTable(1 << 16), TRANSPORT, SyncConfig.defaults(),
                SyncClock.system());
        // Labels reach the node as slices of the message: a slice outside it would be an apply error.
        r.labels(LabelSource.NONE, (hash, text, off, len) -> {
            if (hash == 0 || len < 1 || off < 0 || off + len > text.length) {
                throw new IllegalStateException("label slice " + off + "+" + len + " of " + text.length);
            }
            return true;
        });
        try {
            r.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    /** Byte 0 picks the sending member (2 or 3, or a stranger); the rest is the message. */
    @FuzzTest(maxDuration = "20s")
    void fuzzReceivePath(byte[] input) {
        if (input.length < 1) {
            return;
        }
        if (!REPLICATOR.refusedPeers.isEmpty()) {
            // A refused peer stays refused until it leaves the view: let it leave and come back, so one input
            // with a foreign version does not hide that member's messages from the rest of the run.
            TRANSPORT.listener.onView(new SyncTransport.Membership(2, java.util.List.of(LOCAL), false));
            TRANSPORT.listener.onView(new SyncTransport.Membership(3, java.util.List.of(LOCAL, 2, 3), false));
        }
        int from = 2 + (input[0] & 3);
        byte[] message = Arrays.copyOfRange(input, 1, input.length);
        SyncMetrics m = REPLICATOR.metrics();
        long before = m.snapshot().get("messages_received").longValue();
        TRANSPORT.listener.onMessage(from, message, 0, message.length);
        assertEquals(before + 1, m.snapshot().get("messages_received").longValue());
        assertEquals(0, m.snapshot().get("apply_errors").longValue(), "no exception while applying");
    }

    /** The decoder alone, on arbitrary slices: a verdict for everything, and OK only for exact layouts. */
    @FuzzTest(maxDuration = "10s")
    void fuzzDecoder(byte[] input) {
        SyncDecoder decoder = new SyncDecoder(LOCAL, new ReplayGuard());
        SyncMessage msg = new SyncMessage();
        int off = input.length > 0 ? (input[0] & 7) % Math.max(1, input.length) : 0;
        DecodeResult result = decoder.decode(input, off, input.length - off, 2, msg);
        if (result == DecodeResult.OK) {
            assertEquals(input.length - off, msg.type().messageLength(msg.count()));
            assertTrue(msg.count() <= msg.type().maxEntries);
        }
    }
}
