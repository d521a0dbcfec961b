package io.fw443.sync;

import io.fw443.sync.SyncAction.ReportProgress;
import io.fw443.sync.SyncAction.RequestSnapshot;
import io.fw443.sync.SyncAction.ResyncDone;
import io.fw443.sync.SyncAction.SendDigest;
import io.fw443.sync.SyncEvent.ChunkReceived;
import io.fw443.sync.SyncEvent.SnapshotEnded;
import io.fw443.sync.SyncEvent.Tick;
import io.fw443.sync.SyncEvent.ViewChanged;
import java.util.ArrayList;
import java.util.List;

/**
 * The resync and anti-entropy controller as a pure function: {@link #next} maps (context, event, now) to a new
 * context and actions, with no I/O and no clock of its own. See docs/design/sync.md for the table.
 *
 * <p>A member starts JOINING; its first view sends it to RESYNCING from the oldest other member (the one most
 * likely to hold everything), or to READY when it is alone. A stalled or departed snapshot peer is replaced by the
 * next member. SNAPSHOT_END makes it READY, and it then exchanges digests with every other peer at once, so records
 * only they hold are found too. READY members exchange digests with one peer in turn every interval, and with every
 * peer at once when a view heals a partition.
 */
public final class ResyncMachine {
    static final long REPORT_INTERVAL_NS = 1_000_000_000L;

    /** The machine's timing, from {@link SyncConfig}. */
    public record Timing(long stallTimeoutNs, long digestIntervalNs) {
        public static Timing of(SyncConfig c) {
            return new Timing(c.resyncStallTimeoutMs() * 1_000_000L, c.digestIntervalMs() * 1_000_000L);
        }
    }

    /**
     * Everything the machine remembers.
     *
     * @param peers        other members, oldest first
     * @param peer         the snapshot peer while RESYNCING, else 0
     * @param session      the current snapshot session while RESYNCING (sessions count up from 1)
     * @param startedNs    when the current resync began (first request)
     * @param progressNs   last progress (request or chunk) of the current attempt
     * @param reportNs     last progress report
     * @param received     records received in the current session
     * @param expected     records the peer announced
     * @param attempts     snapshot requests made in this resync
     * @param nextDigestNs when READY exchanges digests next
     * @param digestCursor round-robin position among peers
     */
    public record Context(SyncState state, List<Integer> peers, int peer, int session, long startedNs,
                          long progressNs, long reportNs, long received, long expected, int attempts,
                          long nextDigestNs, int digestCursor) {
        public Context {
            peers = List.copyOf(peers);
        }

        public static Context initial() {
            return new Context(SyncState.JOINING, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        Context state(SyncState s) {
            return new Context(s, peers, peer, session, startedNs, progressNs, reportNs, received, expected,
                    attempts, nextDigestNs, digestCursor);
        }

        Context peers(List<Integer> p) {
            return new Context(state, p, peer, session, startedNs, progressNs, reportNs, received, expected,
                    attempts, nextDigestNs, digestCursor);
        }
    }

    /** The result of one event: the next context, what to do, and why (for the transition log). */
    public record Transition(Context next, List<SyncAction> actions, String reason) {
        public Transition {
            actions = List.copyOf(actions);
        }
    }

    private ResyncMachine() {}

    public static Transition next(Context c, SyncEvent event, long nowNs, Timing timing) {
        return switch (c.state()) {
            case JOINING -> joining(c, event, nowNs, timing);
            case RESYNCING -> resyncing(c, event, nowNs, timing);
            case READY -> ready(c, event, nowNs, timing);
        };
    }

    private static Transition joining(Context c, SyncEvent event, long nowNs, Timing timing) {
        if (event instanceof ViewChanged v) {
            if (v.peers().isEmpty()) {
                return becomeReadyAlone(c.peers(v.peers()), nowNs, timing, "alone in the first view");
            }
            return request(c.peers(v.peers()), v.peers().get(0), nowNs, true, "first view has peers");
        }
        return stay(c, "ignored while joining");
    }

    private static Transition resyncing(Context c, SyncEvent event, long nowNs, Timing timing) {
        if (event instanceof ViewChanged v) {
            Context updated = c.peers(v.peers());
            if (v.peers().contains(c.peer())) {
                return stay(updated, "snapshot peer still present");
            }
            if (v.peers().isEmpty()) {
                return becomeReadyAlone(updated, nowNs, timing, "snapshot peer left, alone now");
            }
            return request(updated, v.peers().get(0), nowNs, false, "snapshot peer " + c.peer() + " left");
        }
        if (event instanceof ChunkReceived chunk) {
            if (chunk.fromNode() != c.peer() || chunk.session() != c.session()) {
                return stay(c, "chunk of another session");
            }
            long received = c.received() + chunk.records();
            long expected = Math.max(c.expected(), chunk.expected());
            boolean report = nowNs - c.reportNs() >= REPORT_INTERVAL_NS;
            Context next = new Context(c.state(), c.peers(), c.peer(), c.session(), c.startedNs(), nowNs,
                    report ? nowNs : c.reportNs(), received, expected, c.attempts(), c.nextDigestNs(),
                    c.digestCursor());
            return new Transition(next, report ? List.of(new ReportProgress(c.peer(), received, expected))
                    : List.of(), "chunk");
        }
        if (event instanceof SnapshotEnded end) {
            if (end.fromNode() != c.peer() || end.session() != c.session()) {
                return stay(c, "end of another session");
            }
            List<SyncAction> actions = new ArrayList<>();
            actions.add(new ResyncDone(c.peer(), c.session(), Math.max(c.received(), end.records()),
                    nowNs - c.startedNs()));
            for (int p : c.peers()) {
                if (p != c.peer()) {
                    actions.add(new SendDigest(p, true));
                }
            }
            Context next = new Context(SyncState.READY, c.peers(), 0, c.session(), c.startedNs(), nowNs, nowNs,
                    c.received(), c.expected(), c.attempts(), nowNs + timing.digestIntervalNs(), 0);
            return new Transition(next, actions, "snapshot complete from " + c.peer());
        }
        if (event instanceof Tick && nowNs - c.progressNs() >= timing.stallTimeoutNs()) {
            int index = c.peers().indexOf(c.peer());
            int nextPeer = c.peers().get((index + 1) % c.peers().size());
            return request(c, nextPeer, nowNs, false, "no progress from " + c.peer());
        }
        return stay(c, "waiting for snapshot");
    }

    private static Transition ready(Context c, SyncEvent event, long nowNs, Timing timing) {
        if (event instanceof ViewChanged v) {
            Context updated = c.peers(v.peers());
            if (!v.merge() || v.peers().isEmpty()) {
                return stay(updated, "view changed");
            }
            List<SyncAction> digests = new ArrayList<>();
            for (int p : v.peers()) {
                digests.add(new SendDigest(p, true));
            }
            return new Transition(updated, digests, "partition healed");
        }
        if (event instanceof Tick && !c.peers().isEmpty() && nowNs - c.nextDigestNs() >= 0) {
            int cursor = c.digestCursor() % c.peers().size();
            Context next = new Context(c.state(), c.peers(), c.peer(), c.session(), c.startedNs(), c.progressNs(),
                    c.reportNs(), c.received(), c.expected(), c.attempts(), nowNs + timing.digestIntervalNs(),
                    cursor + 1);
            return new Transition(next, List.of(new SendDigest(c.peers().get(cursor), false)), "digest interval");
        }
        return stay(c, "ready");
    }

    private static Transition request(Context c, int peer, long nowNs, boolean first, String reason) {
        int session = c.session() + 1;
        Context next = new Context(SyncState.RESYNCING, c.peers(), peer, session, first ? nowNs : c.startedNs(),
                nowNs, nowNs, 0, 0, first ? 1 : c.attempts() + 1, c.nextDigestNs(), c.digestCursor());
        return new Transition(next, List.of(new RequestSnapshot(peer, session)), reason);
    }

    private static Transition becomeReadyAlone(Context c, long nowNs, Timing timing, String reason) {
        Context next = new Context(SyncState.READY, c.peers(), 0, c.session(), c.startedNs(), nowNs, nowNs,
                c.received(), c.expected(), c.attempts(), nowNs + timing.digestIntervalNs(), 0);
        return new Transition(next, List.of(), reason);
    }

    private static Transition stay(Context c, String reason) {
        return new Transition(c, List.of(), reason);
    }
}
