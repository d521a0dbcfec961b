package io.fw443.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.sync.HubCluster.Node;
import io.fw443.table.ExpirySweeper;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.HeapFlowTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Replicators end to end over the in-memory hub (real threads, real clock, bounded waits). */
class FlowReplicatorTest {
    private static final Duration WAIT = HubCluster.WAIT;
    private static final SyncConfig CONFIG = HubCluster.FAST;
    private HubCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private HubCluster cluster(SyncConfig config) {
        cluster = new HubCluster(1234, config);
        return cluster;
    }

    @Test
    void concurrentWritesOnThreeMembersConvergeRecordByRecord() throws Exception {
        HubCluster c = cluster(CONFIG);
        Node a = c.start(1);
        Node b = c.start(2);
        Node d = c.start(3);
        c.awaitReady(WAIT);
        List<Thread> writers = new ArrayList<>();
        for (Node n : List.of(a, b, d)) {
            Thread t = new Thread(() -> {
                c.write(n, n.id() * 10_000, n.id() * 10_000 + 3_000);
                c.write(n, 0, 500);
                c.advance(n, 0, 500, TcpStates.ESTABLISHED);
            });
            writers.add(t);
            t.start();
        }
        for (Thread t : writers) {
            t.join();
        }
        c.awaitConverged(WAIT);
        assertEquals(3 * 3_000 + 500, TableDump.live(a.table()).size());
        for (Node n : List.of(a, b, d)) {
            assertEquals(0, n.replicator().metrics().rejectedTotal(), c.describe());
        }
    }

    @Test
    void importedRecordsAreNotRebroadcast() throws Exception {
        HubCluster c = cluster(CONFIG.withDigestIntervalMs(60_000));
        Node a = c.start(1);
        Node b = c.start(2);
        c.awaitReady(WAIT);
        c.write(a, 0, 200);
        c.awaitConverged(WAIT);
        assertEquals(0, b.replicator().metrics().recordsSent(), "b only received");
        FlowRecord imported = Flows.record();
        assertTrue(b.table().get(Flows.key(7), imported));
        assertTrue(imported.hasFlag(FlowRecord.FLAG_IMPORTED));
        assertTrue(imported.hasFlag(FlowRecord.FLAG_PICKUP), "b had no copy: windows are re-anchored locally");
        assertFalse(b.replicator().publishUpsert(Flows.key(7), imported, 0));
        assertEquals(1, b.replicator().metrics().snapshot().get("imported_skipped").intValue());
    }

    @Test
    void aPeersUpdateThatMovesALocalFlowsWindowsMarksItForPickup() throws Exception {
        HubCluster c = cluster(CONFIG.withDigestIntervalMs(60_000));
        Node a = c.start(1);
        try (Probe probe = new Probe(c.hub, 9)) {
            c.awaitReady(WAIT);
            FlowKey key = Flows.key(5);
            // a's own flow, strict (as after a restart on its persisted table): the peer carried it meanwhile.
            a.table().put(key, Flows.established(a.replicator().hlc().tick(), 1, 5, 0));
            FlowRecord carried = Flows.established(Hlc.of(System.currentTimeMillis() + 60_000, 0), 9, 5, 0);
            carried.end(1, carried.end(1) + 40_000).maxEnd(0, carried.maxEnd(0) + 40_000);
            probe.broadcast(probe.upsert(key, carried, 0));
            FlowRecord stored = Flows.record();
            Awaitility.await().atMost(WAIT).until(() -> a.table().get(key, stored) && stored.end(1) == carried.end(1));
            assertTrue(stored.hasFlag(FlowRecord.FLAG_PICKUP), "acks of data a never saw must not be dropped");
        }
    }

    @Test
    void aStaleUpdateMakesTheReceiverSendItsNewerCopyBack() throws Exception {
        HubCluster c = cluster(CONFIG.withDigestIntervalMs(60_000));
        Node a = c.start(1);
        try (Probe probe = new Probe(c.hub, 9)) {
            c.awaitReady(WAIT);
            FlowKey key = Flows.key(5);
            FlowRecord newer = Flows.established(a.replicator().hlc().tick(), 1, 5, 0).state(TcpStates.FIN_WAIT);
            a.table().put(key, newer);
            FlowRecord stale = Flows.established(Hlc.of(1, 0), 9, 5, 0);
            probe.broadcast(probe.upsert(key, stale, 0));
            byte[] back = probe.received.poll(10, TimeUnit.SECONDS);
            assertNotNull(back, c.describe());
            SyncMessage msg = new SyncMessage();
            assertEquals(DecodeResult.OK, new SyncDecoder(9, new ReplayGuard()).decode(back, 0, back.length, 1, msg));
            assertEquals(MessageType.UPSERT, msg.type());
            FlowRecord returned = Flows.record();
            WireRecord.decodeRecord(back, msg.entryOffset(0), 0, returned);
            assertEquals(TcpStates.FIN_WAIT, returned.state());
            assertEquals(newer.version(), returned.version());
            FlowRecord kept = Flows.record();
            assertTrue(a.table().get(key, kept));
            assertTrue(FlowMerge.sameContent(newer, kept), "the stale update changed nothing");
            assertEquals(1, a.replicator().metrics().outcomes(MergeOutcome.KEEP_LOCAL_SEND_BACK));
        }
    }

    @Test
    void aDeleteLeavesATombstoneThatAStaleUpdateCannotResurrectAndThatExpires() throws Exception {
        SyncConfig config = CONFIG.withTombstoneTtlMs(1_500).withDigestIntervalMs(60_000);
        HubCluster c = cluster(config);
        Node a = c.start(1);
        Node b = c.start(2);
        try (Probe probe = new Probe(c.hub, 9)) {
            c.awaitReady(WAIT);
            c.write(a, 0, 10);
            c.awaitConverged(WAIT);
            FlowKey key = Flows.key(3);
            FlowRecord before = Flows.record();
            assertTrue(b.table().get(key, before));
            assertTrue(a.replicator().deleteFlow(key, SyncClock.system().nanoTime()));
            FlowRecord seen = Flows.record();
            c.awaitOrDescribe(WAIT, () -> b.table().get(key, seen) && seen.hasFlag(FlowRecord.FLAG_TOMBSTONE),
                    "tombstone on b");
            probe.send(2, probe.upsert(key, Flows.copy(before).clearFlag(FlowMerge.LOCAL_FLAGS), 0));
            c.awaitOrDescribe(WAIT, () -> b.replicator().metrics().outcomes(MergeOutcome.KEEP_LOCAL_SEND_BACK) > 0,
                    "stale update refused");
            assertTrue(b.table().get(key, seen) && seen.hasFlag(FlowRecord.FLAG_TOMBSTONE));
            // The tombstones expire with their time to live; the table's expiry sweeper removes them.
            ExpirySweeper<Void> sweepA = new ExpirySweeper<>(a.table(), System::nanoTime, 64, (k, r, x) -> { }, null);
            ExpirySweeper<Void> sweepB = new ExpirySweeper<>(b.table(), System::nanoTime, 64, (k, r, x) -> { }, null);
            c.awaitOrDescribe(WAIT, () -> {
                sweepA.sweep(System.nanoTime(), 1_000_000);
                sweepB.sweep(System.nanoTime(), 1_000_000);
                return !a.table().get(key, seen) && !b.table().get(key, seen);
            }, "tombstones removed after their time to live");
            assertEquals(9, TableDump.live(b.table()).size());
        }
    }

    @Test
    void aJoinerResyncsFromASnapshotWhileDeltasKeepFlowing() throws Exception {
        HubCluster c = cluster(CONFIG.withChunkRecords(500));
        Node a = c.start(1);
        c.awaitReady(WAIT);
        c.write(a, 0, 30_000);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            int i = 100_000;
            while (writing.get()) {
                c.write(a, i, i + 50);
                c.advance(a, i - 100_000, i - 100_000 + 50, TcpStates.FIN_WAIT);
                i += 50;
            }
        });
        writer.start();
        Node b = c.start(2);
        c.awaitOrDescribe(WAIT, () -> b.replicator().status().resyncExpected() > 0, "resync progress reported");
        c.awaitReady(WAIT);
        writing.set(false);
        writer.join();
        c.awaitConverged(WAIT);
        SyncStatus status = b.replicator().status();
        assertTrue(status.lastResyncDurationMs() >= 0, status.toString());
        assertTrue(status.resyncReceived() >= 30_000, status.toString());
        assertEquals(1, b.replicator().metrics().snapshot().get("resyncs").intValue());
    }

    @Test
    void droppedDuplicatedAndReorderedMessagesStillConverge() throws Exception {
        HubCluster c = cluster(CONFIG);
        Node a = c.start(1);
        Node b = c.start(2);
        Node d = c.start(3);
        c.awaitReady(WAIT);
        c.hub.faults(0.05, 0.05, 0.10);
        c.write(a, 0, 2_000);
        c.write(b, 2_000, 4_000);
        c.advance(d, 0, 0, TcpStates.ESTABLISHED);
        c.write(d, 1_000, 1_500);
        c.advance(a, 1_000, 1_500, TcpStates.TIME_WAIT);
        c.awaitOrDescribe(WAIT, () -> a.replicator().metrics().snapshot().get("ranges_repaired").longValue() > 0
                || b.replicator().metrics().snapshot().get("ranges_repaired").longValue() > 0
                || d.replicator().metrics().snapshot().get("ranges_repaired").longValue() > 0, "a repair ran");
        c.hub.faults(0, 0, 0);
        c.awaitConverged(WAIT);
        assertEquals(4_000, TableDump.live(a.table()).size());
    }

    @Test
    void aPartitionWithWritesOnBothSidesHealsAndConverges() throws Exception {
        HubCluster c = cluster(CONFIG.withDigestIntervalMs(60_000));
        Node a = c.start(1);
        Node b = c.start(2);
        Node d = c.start(3);
        c.awaitReady(WAIT);
        c.write(a, 0, 1_000);
        c.awaitConverged(WAIT);
        c.hub.partition(Set.of(1));
        c.awaitOrDescribe(WAIT, () -> a.replicator().status().members().size() == 1
                && b.replicator().status().members().size() == 2, "partitioned views");
        c.write(a, 10_000, 11_000);
        c.advance(a, 0, 300, TcpStates.FIN_WAIT);
        c.write(b, 20_000, 21_000);
        c.advance(b, 200, 500, TcpStates.ESTABLISHED);
        a.replicator().deleteFlow(Flows.key(900), SyncClock.system().nanoTime());
        assertFalse(TableDump.live(a.table()).equals(TableDump.live(b.table())));
        c.hub.heal();
        c.awaitConverged(WAIT);
        assertEquals(1_000 - 1 + 2_000, TableDump.live(d.table()).size());
        FlowRecord r = Flows.record();
        assertTrue(d.table().get(Flows.key(250), r));
        assertEquals(TcpStates.FIN_WAIT, r.state(), "teardown from one side wins over the other's newer refresh");
    }

    @Test
    void aSynchronousInsertCompletesWhenEveryPeerAppliedItOrFailsAtTheTimeout() throws Exception {
        HubCluster c = cluster(CONFIG);
        Node a = c.start(1);
        FlowRecord r = Flows.established(a.replicator().hlc().tick(), 1, 1, SyncClock.system().nanoTime());
        assertTrue(a.replicator().insertSynchronously(Flows.key(1), r, Duration.ofSeconds(1)).get(5,
                TimeUnit.SECONDS), "alone: nobody to wait for");
        Node b = c.start(2);
        Node d = c.start(3);
        c.awaitReady(WAIT);
        a.table().put(Flows.key(2), r);
        CompletableFuture<Boolean> acked = a.replicator().insertSynchronously(Flows.key(2), r, Duration.ofSeconds(5));
        assertTrue(acked.get(10, TimeUnit.SECONDS));
        assertTrue(b.table().get(Flows.key(2), Flows.record()) && d.table().get(Flows.key(2), Flows.record()),
                "applied before the ack");
        try (Probe silent = new Probe(c.hub, 9)) {
            c.awaitOrDescribe(WAIT, () -> a.replicator().status().members().contains(silent.transport.node),
                    "probe in view");
            CompletableFuture<Boolean> unacked = a.replicator().insertSynchronously(Flows.key(3), r,
                    Duration.ofMillis(300));
            assertFalse(unacked.get(10, TimeUnit.SECONDS), "a member that never acknowledges");
            // The agent completes the future, then counts: the counter follows a moment later.
            await().atMost(WAIT).until(
                    () -> a.replicator().metrics().snapshot().get("sync_inserts_timed_out").intValue() == 1);
        }
    }

    @Test
    void malformedReplayedAndForeignVersionMessagesAreCountedAndNeverApplied() throws Exception {
        HubCluster c = cluster(CONFIG);
        Node a = c.start(1);
        try (Probe probe = new Probe(c.hub, 9)) {
            c.awaitReady(WAIT);
            FlowRecord r = Flows.established(a.replicator().hlc().tick(), 9, 1, 0);
            byte[] good = probe.upsert(Flows.key(1), r, 0);
            probe.broadcast(good);
            probe.broadcast(good.clone());
            byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
            probe.broadcast(garbage);
            byte[] truncated = java.util.Arrays.copyOf(probe.upsert(Flows.key(2), r, 0), 100);
            probe.broadcast(truncated);
            byte[] badRecord = probe.upsert(Flows.key(3), r, 0);
            badRecord[SyncMessage.HEADER_LENGTH + 16 + WireRecord.STATE_OFFSET] = 42;
            probe.broadcast(badRecord);
            byte[] future = probe.upsert(Flows.key(4), r, 0);
            future[SyncMessage.VERSION_OFFSET] = 2;
            probe.broadcast(future);
            SyncMetrics m = a.replicator().metrics();
            c.awaitOrDescribe(WAIT, () -> m.rejected(DecodeResult.UNSUPPORTED_VERSION) == 1, "all delivered");
            assertEquals(1, m.rejected(DecodeResult.REPLAYED));
            assertEquals(1, m.rejected(DecodeResult.BAD_MAGIC));
            assertEquals(1, m.rejected(DecodeResult.TRUNCATED));
            assertEquals(1, m.rejected(DecodeResult.BAD_RECORD));
            assertEquals(Set.of(TableDump.live(a.table()).firstKey()), TableDump.live(a.table()).keySet(),
                    "only the one good record was applied");
            byte[] refusal = null;
            for (byte[] msg; (msg = probe.received.poll(5, TimeUnit.SECONDS)) != null; ) {
                if (SyncMessage.typeCodeOf(msg, 0) == MessageType.VERSION_REFUSED.code) {
                    refusal = msg;
                    break;
                }
            }
            assertNotNull(refusal, "the foreign-version sender is told which versions this node speaks");
            assertEquals(2, refusal[SyncMessage.HEADER_LENGTH + SyncMessage.REFUSED_VERSION_OFFSET]);
            assertTrue(a.replicator().status().refusedPeers().contains(9));
            long delivered = m.snapshot().get("messages_received").longValue();
            probe.broadcast(probe.upsert(Flows.key(5), r, 0));
            c.awaitOrDescribe(WAIT, () -> m.snapshot().get("messages_received").longValue() > delivered,
                    "the refused peer's next message delivered");
            assertEquals(1, TableDump.live(a.table()).size(), "nothing from a refused peer is applied");
        }
    }

    @Test
    void aRestartedMemberSweepsPersistedFlowsNoPeerHoldsAnyMore() throws Exception {
        HubCluster c = cluster(CONFIG);
        Node a = c.start(1);
        c.awaitReady(WAIT);
        c.write(a, 0, 1_000);
        HeapFlowTable persisted = new HeapFlowTable(1 << 20);
        long old = Hlc.of(1_000, 0);
        for (int i = 500; i < 1_500; i++) {
            persisted.put(Flows.key(i), Flows.established(old, 2, i, 0));
        }
        Node b = c.start(2, persisted);
        c.awaitReady(WAIT);
        c.awaitConverged(WAIT);
        assertEquals(1_000, TableDump.live(b.table()).size());
        assertEquals(500, b.replicator().metrics().snapshot().get("stale_swept").intValue());
    }

    @Test
    void aMemberWhoseSnapshotPeerLeavesResyncsFromAnother() throws Exception {
        HubCluster c = cluster(CONFIG);
        Node a = c.start(1);
        Node b = c.start(2);
        c.awaitReady(WAIT);
        c.write(a, 0, 2_000);
        c.awaitConverged(WAIT);
        c.hub.faults(1.0, 0, 0);
        Node d = c.start(3);
        c.awaitOrDescribe(WAIT, () -> d.replicator().status().state() == SyncState.RESYNCING, "d resyncing");
        c.stop(1);
        c.hub.faults(0, 0, 0);
        c.awaitReady(WAIT);
        c.awaitConverged(WAIT);
        assertEquals(2_000, TableDump.live(d.table()).size());
    }

    @Test
    void queuedChangesLeaveWithinAboutAMillisecond() throws Exception {
        HubCluster c = cluster(CONFIG);
        Node a = c.start(1);
        Node b = c.start(2);
        c.awaitReady(WAIT);
        for (int i = 0; i < 50; i++) {
            c.write(a, i, i + 1);
            int expected = i + 1;
            await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> b.table().size() == expected);
        }
        long p50 = b.replicator().metrics().lagQuantileUs(0.5);
        assertTrue(p50 >= 1_000, "a lone record waits for the flush delay: " + p50);
        assertTrue(p50 < 50_000, "but not much longer: " + p50);
    }
}
