package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.sync.ResyncMachine.Context;
import io.fw443.sync.ResyncMachine.Timing;
import io.fw443.sync.ResyncMachine.Transition;
import io.fw443.sync.SyncAction.ReportProgress;
import io.fw443.sync.SyncAction.RequestSnapshot;
import io.fw443.sync.SyncAction.ResyncDone;
import io.fw443.sync.SyncAction.SendDigest;
import io.fw443.sync.SyncEvent.ChunkReceived;
import io.fw443.sync.SyncEvent.SnapshotEnded;
import io.fw443.sync.SyncEvent.Tick;
import io.fw443.sync.SyncEvent.ViewChanged;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The machine on a virtual clock: every state against every kind of event, then whole scenarios. */
class ResyncMachineTest {
    private static final long MS = 1_000_000L;
    private static final Timing TIMING = new Timing(5_000 * MS, 10_000 * MS);
    private static final long T0 = 1_000 * MS;

    private static Context joining() {
        return Context.initial();
    }

    /** Resyncing from node 2 (session 1) with peers [2, 3], started at T0. */
    private static Context resyncing() {
        return ResyncMachine.next(joining(), new ViewChanged(List.of(2, 3), false), T0, TIMING).next();
    }

    /** Ready with peers [2, 3], next digest at T0 + 10 s. */
    private static Context ready() {
        return ResyncMachine.next(resyncing(), new SnapshotEnded(2, 1, 0), T0, TIMING).next();
    }

    static Stream<Arguments> cells() {
        SyncEvent viewWithPeers = new ViewChanged(List.of(2, 3), false);
        SyncEvent viewAlone = new ViewChanged(List.of(), false);
        SyncEvent viewPeerLeft = new ViewChanged(List.of(3), false);
        SyncEvent mergeView = new ViewChanged(List.of(2, 3), true);
        SyncEvent chunk = new ChunkReceived(2, 1, 400, 1000);
        SyncEvent otherChunk = new ChunkReceived(3, 0, 400, 1000);
        SyncEvent end = new SnapshotEnded(2, 1, 1000);
        SyncEvent otherEnd = new SnapshotEnded(3, 0, 10);
        SyncEvent tick = new Tick();
        long now = T0 + 1;
        long stalled = T0 + 5_000 * MS;
        long digestDue = T0 + 10_000 * MS;
        List<SyncAction> none = List.of();
        return Stream.of(
                cell("joining", joining(), viewWithPeers, now, SyncState.RESYNCING, List.of(new RequestSnapshot(2, 1))),
                cell("joining", joining(), viewAlone, now, SyncState.READY, none),
                cell("joining", joining(), mergeView, now, SyncState.RESYNCING, List.of(new RequestSnapshot(2, 1))),
                cell("joining", joining(), chunk, now, SyncState.JOINING, none),
                cell("joining", joining(), end, now, SyncState.JOINING, none),
                cell("joining", joining(), tick, stalled, SyncState.JOINING, none),

                cell("resyncing", resyncing(), viewWithPeers, now, SyncState.RESYNCING, none),
                cell("resyncing", resyncing(), mergeView, now, SyncState.RESYNCING, none),
                cell("resyncing", resyncing(), viewPeerLeft, now, SyncState.RESYNCING,
                        List.of(new RequestSnapshot(3, 2))),
                cell("resyncing", resyncing(), viewAlone, now, SyncState.READY, none),
                cell("resyncing", resyncing(), chunk, T0 + 1_000 * MS, SyncState.RESYNCING,
                        List.of(new ReportProgress(2, 400, 1000))),
                cell("resyncing", resyncing(), otherChunk, now, SyncState.RESYNCING, none),
                cell("resyncing", resyncing(), end, T0 + 300 * MS, SyncState.READY,
                        List.of(new ResyncDone(2, 1, 1000, 300 * MS), new SendDigest(3, true))),
                cell("resyncing", resyncing(), otherEnd, now, SyncState.RESYNCING, none),
                cell("resyncing", resyncing(), tick, now, SyncState.RESYNCING, none),
                cell("resyncing", resyncing(), tick, stalled, SyncState.RESYNCING, List.of(new RequestSnapshot(3, 2))),

                cell("ready", ready(), viewWithPeers, now, SyncState.READY, none),
                cell("ready", ready(), viewPeerLeft, now, SyncState.READY, none),
                cell("ready", ready(), viewAlone, now, SyncState.READY, none),
                cell("ready", ready(), mergeView, now, SyncState.READY,
                        List.of(new SendDigest(2, true), new SendDigest(3, true))),
                cell("ready", ready(), chunk, now, SyncState.READY, none),
                cell("ready", ready(), end, now, SyncState.READY, none),
                cell("ready", ready(), tick, now, SyncState.READY, none),
                cell("ready", ready(), tick, digestDue, SyncState.READY, List.of(new SendDigest(2, false))));
    }

    private static Arguments cell(String from, Context c, SyncEvent e, long nowNs, SyncState to,
                                  List<SyncAction> actions) {
        return Arguments.of(from, e, c, nowNs, to, actions);
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("cells")
    void everyStateAgainstEveryEvent(String from, SyncEvent event, Context c, long nowNs, SyncState to,
                                     List<SyncAction> actions) {
        Transition t = ResyncMachine.next(c, event, nowNs, TIMING);
        assertEquals(to, t.next().state(), t.reason());
        assertEquals(actions, t.actions());
    }

    @Test
    void progressIsCountedOnlyForTheCurrentSessionAndReportedAtMostOnceASecond() {
        Context c = resyncing();
        c = ResyncMachine.next(c, new ChunkReceived(2, 1, 400, 1000), T0 + 100 * MS, TIMING).next();
        Transition quiet = ResyncMachine.next(c, new ChunkReceived(2, 1, 400, 1000), T0 + 200 * MS, TIMING);
        assertEquals(List.of(), quiet.actions(), "within a second of the last report");
        c = ResyncMachine.next(quiet.next(), new ChunkReceived(3, 1, 400, 1000), T0 + 300 * MS, TIMING).next();
        assertEquals(800, c.received());
        assertEquals(1000, c.expected());
    }

    @Test
    void aStalledResyncMovesToTheNextPeerInTurnAndKeepsItsStartTime() {
        Context c = resyncing();
        c = ResyncMachine.next(c, new Tick(), T0 + 5_000 * MS, TIMING).next();
        assertEquals(3, c.peer());
        assertEquals(2, c.session());
        Transition again = ResyncMachine.next(c, new Tick(), T0 + 10_000 * MS, TIMING);
        assertEquals(List.of(new RequestSnapshot(2, 3)), again.actions(), "wraps around to the first peer");
        Transition done = ResyncMachine.next(again.next(), new SnapshotEnded(2, 3, 5), T0 + 11_000 * MS, TIMING);
        assertTrue(done.actions().contains(new ResyncDone(2, 3, 5, 11_000 * MS)), "duration from the first request");
        assertEquals(3, again.next().attempts());
    }

    @Test
    void readyExchangesDigestsWithOnePeerInTurnEachInterval() {
        Context c = ready();
        Transition first = ResyncMachine.next(c, new Tick(), T0 + 10_000 * MS, TIMING);
        Transition early = ResyncMachine.next(first.next(), new Tick(), T0 + 19_999 * MS, TIMING);
        Transition second = ResyncMachine.next(early.next(), new Tick(), T0 + 20_000 * MS, TIMING);
        Transition third = ResyncMachine.next(second.next(), new Tick(), T0 + 30_000 * MS, TIMING);
        assertEquals(List.of(new SendDigest(2, false)), first.actions());
        assertEquals(List.of(), early.actions());
        assertEquals(List.of(new SendDigest(3, false)), second.actions());
        assertEquals(List.of(new SendDigest(2, false)), third.actions());
    }

    @Test
    void aLoneReadyMemberSendsNoDigests() {
        Context alone = ResyncMachine.next(joining(), new ViewChanged(List.of(), false), T0, TIMING).next();
        assertEquals(List.of(), ResyncMachine.next(alone, new Tick(), T0 + 60_000 * MS, TIMING).actions());
    }
}
