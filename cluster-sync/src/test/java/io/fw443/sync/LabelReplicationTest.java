package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.sync.HubCluster.Node;
import io.fw443.table.HeapFlowTable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Labels (hash → text) between replicators over the in-memory hub: live, with a snapshot, and bad ones. */
class LabelReplicationTest {
    @AutoClose
    private HubCluster cluster;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aPublishedLabelArrivesAtEveryPeer() throws Exception {
        cluster = new HubCluster(7, HubCluster.FAST);
        LabelMap onA = new LabelMap();
        LabelMap onB = new LabelMap();
        LabelMap onC = new LabelMap();
        Node a = cluster.start(1, new HeapFlowTable(1 << 10), onA, onA);
        Node b = cluster.start(2, new HeapFlowTable(1 << 10), onB, onB);
        cluster.start(3, new HeapFlowTable(1 << 10), onC, onC);
        cluster.awaitReady(HubCluster.WAIT);
        byte[] sni = ascii("xserver.example.testx");
        byte[] ja4 = ascii("t13d1516h2_8daaf6152771_02713d6af862");
        assertTrue(a.replicator().publishLabel(0x1234L, sni, 1, sni.length - 2), "a slice of a larger array");
        assertTrue(b.replicator().publishLabel(-5L, ja4, 0, ja4.length));
        Map<Long, String> expected = Map.of(0x1234L, "server.example.test",
                -5L, "t13d1516h2_8daaf6152771_02713d6af862");
        cluster.awaitOrDescribe(HubCluster.WAIT, () -> onC.texts().equals(expected), "both labels on the third member");
        assertEquals(Map.of(-5L, expected.get(-5L)), onA.texts(), "a peer's label, not its own sent back");
        assertEquals(Map.of(0x1234L, expected.get(0x1234L)), onB.texts());
        Map<String, Number> m = a.replicator().metrics().snapshot();
        assertEquals(1L, m.get("labels_published").longValue());
        assertEquals(1L, m.get("labels_sent").longValue());
        assertEquals(1L, m.get("labels_received").longValue());
        assertEquals(0L, m.get("label_drops").longValue());
    }

    @Test
    void aJoiningMemberGetsEveryLabelWithItsSnapshot() throws Exception {
        cluster = new HubCluster(8, HubCluster.FAST.withChunkRecords(100));
        LabelMap onA = new LabelMap();
        int labels = SyncAgent.maxLabelsPerBatch() * 2 + 17;
        for (int i = 1; i <= labels; i++) {
            onA.put(i * 0x9E3779B97F4A7C15L, "host-" + i + ".example.test" + "x".repeat(i % 200));
        }
        Node a = cluster.start(1, new HeapFlowTable(1 << 12), onA, onA);
        cluster.awaitReady(HubCluster.WAIT);
        cluster.write(a, 0, 500);
        LabelMap onB = new LabelMap();
        Node b = cluster.start(2, new HeapFlowTable(1 << 12), onB, onB);
        cluster.awaitReady(HubCluster.WAIT);
        cluster.awaitConverged(HubCluster.WAIT);
        assertEquals(onA.texts(), onB.texts(), "labels known before the join arrive with the snapshot");
        assertEquals(labels, a.replicator().metrics().snapshot().get("labels_sent").intValue());
        assertEquals(labels, b.replicator().metrics().snapshot().get("labels_received").intValue());
    }

    @Test
    void aFullQueueOrAnUnsendableLabelIsACountedDrop() {
        try (InMemoryHub hub = new InMemoryHub(9)) {
            // Never started: nothing drains the queue.
            FlowReplicator r = new FlowReplicator(new HeapFlowTable(1 << 10), hub.member(1), HubCluster.FAST,
                    SyncClock.system());
            byte[] text = ascii("a.example.test");
            for (int i = 0; i < FlowReplicator.LABEL_QUEUE_CAPACITY; i++) {
                assertTrue(r.publishLabel(i + 1, text, 0, text.length));
            }
            assertFalse(r.publishLabel(-1, text, 0, text.length), "queue full");
            assertFalse(r.publishLabel(0, text, 0, text.length), "hash 0 means no label");
            byte[] tooLong = new byte[SyncMessage.MAX_LABEL_BYTES + 1];
            assertFalse(r.publishLabel(-2, tooLong, 0, tooLong.length), "longer than the wire allows");
            Map<String, Number> m = r.metrics().snapshot();
            assertEquals(FlowReplicator.LABEL_QUEUE_CAPACITY, m.get("labels_published").intValue());
            assertEquals(3L, m.get("label_drops").longValue());
            r.close();
        }
    }

    @Test
    void malformedLabelMessagesAreCountedDropsAndRefusedLabelsAreCounted() throws Exception {
        cluster = new HubCluster(10, HubCluster.FAST);
        LabelMap taken = new LabelMap();
        // The node refuses texts starting with '!' (as the node refuses a text that does not match its hash).
        LabelSink sink = (hash, text, off, len) -> text[off] != '!' && taken.label(hash, text, off, len);
        Node a = cluster.start(1, new HeapFlowTable(1 << 10), LabelSource.NONE, sink);
        try (Probe probe = new Probe(cluster.hub, 9)) {
            cluster.awaitReady(HubCluster.WAIT);
            probe.broadcast(probe.label(0, ascii("zero.example.test")));
            byte[] padding = probe.label(11, ascii("pad.example.test"));
            padding[SyncEncoder.entryOffset(MessageType.LABELS, 0) + SyncMessage.LABEL_ENTRY_LENGTH - 1] = 'x';
            probe.broadcast(padding);
            byte[] empty = probe.label(12, ascii("e"));
            empty[SyncEncoder.entryOffset(MessageType.LABELS, 0) + SyncMessage.LABEL_LENGTH_OFFSET] = 0;
            probe.broadcast(empty);
            byte[] ack = probe.label(13, ascii("ack.example.test"));
            Bytes.i32(ack, SyncMessage.HEADER_LENGTH + SyncMessage.ACK_REQUEST_OFFSET, 7);
            probe.broadcast(ack);
            byte[] truncated = probe.label(14, ascii("cut.example.test"));
            probe.broadcast(java.util.Arrays.copyOf(truncated, truncated.length - 100));
            byte[] tooMany = probe.label(15, ascii("many.example.test"));
            Bytes.u16(tooMany, SyncMessage.COUNT_OFFSET, SyncMessage.MAX_LABELS + 1);
            probe.broadcast(tooMany);
            probe.broadcast(probe.label(16, ascii("!refused")));
            probe.broadcast(probe.label(17, ascii("good.example.test")));
            SyncMetrics m = a.replicator().metrics();
            cluster.awaitOrDescribe(HubCluster.WAIT, () -> m.snapshot().get("labels_received").longValue() == 1,
                    "the good label delivered");
            cluster.awaitOrDescribe(HubCluster.WAIT, () -> m.snapshot().get("labels_refused").longValue() == 1,
                    "the refused label counted");
            assertEquals(3, m.rejected(DecodeResult.BAD_RECORD), "hash 0, padding, empty text");
            assertEquals(1, m.rejected(DecodeResult.BAD_FIELD), "ack request");
            assertEquals(1, m.rejected(DecodeResult.TRUNCATED));
            assertEquals(1, m.rejected(DecodeResult.BAD_COUNT));
            assertEquals(Map.of(17L, "good.example.test"), taken.texts());
            assertEquals(0L, m.snapshot().get("apply_errors").longValue());
        }
    }
}
