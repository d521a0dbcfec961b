package io.fw443.dataplane;

import io.fw443.packet.ArpBuilder;
import io.fw443.packet.NeighborAdvertBuilder;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Announces the addresses an owner (a VRRP group) has just taken on one interface: a burst of gratuitous ARPs
 * (RFC 5227 §3 announcements: broadcast requests with sender IP = target IP) and unsolicited neighbour
 * advertisements (RFC 4861 §7.2.6, Router and Override set, Solicited clear, as RFC 5798 §6.4.1 (125) asks),
 * {@code count} rounds {@link Settings#spacingNs} apart, then one round every {@link Settings#refreshNs} while the
 * owner keeps the addresses, so a switch or a host that missed the burst still learns where they went. An
 * advertisement's IPv6 source is the announced address itself: the node holds it on that interface now, which is
 * what RFC 4861 §7.2.6 asks of the source.
 *
 * <p>Driven by its owner's thread with explicit time: {@link #announce} and {@link #stop} change the schedule,
 * {@link #doWork} sends what is due, {@link #nextDueNs} says when to call it again. Addresses and MACs are read from
 * the {@link VipTable} at send time, so a round always announces what is owned now. Nothing is allocated per round.
 * Not thread-safe: one thread (the election thread) drives it.
 */
public final class GratuitousAnnouncer {
    /** No round scheduled. */
    public static final long NOT_DUE = Long.MAX_VALUE;

    private static final int OWNERS = 256;
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int SENT = 0;
    private static final int FAILED = 1;

    /**
     * Timing of announcements.
     *
     * @param spacingNs time between the rounds of a burst (the first round goes at once)
     * @param refreshNs period of the refresh rounds after a burst; 0 turns the refresh off
     */
    public record Settings(long spacingNs, long refreshNs) {
        /** 50 ms between burst rounds (a burst of 5 spans 200 ms), a refresh every 10 s. */
        public static final Settings DEFAULT = new Settings(50_000_000L, 10_000_000_000L);

        public Settings {
            if (spacingNs < 0 || refreshNs < 0) {
                throw new IllegalArgumentException("spacing and refresh must be >= 0");
            }
        }
    }

    private final VipTable table;
    private final FrameSink sink;
    private final Settings settings;
    private final ArpBuilder arpBuilder = new ArpBuilder();
    private final NeighborAdvertBuilder advertBuilder = new NeighborAdvertBuilder();
    private final byte[] out = new byte[PcapPort.MAX_FRAME];
    private final int[] burstRemaining = new int[OWNERS];
    private final long[] burstNextNs = new long[OWNERS];
    private final long[] refreshNextNs = new long[OWNERS];
    private final long[] counts = new long[2];

    public GratuitousAnnouncer(VipTable table, FrameSink sink, Settings settings) {
        this.table = table;
        this.sink = sink;
        this.settings = settings;
        Arrays.fill(burstNextNs, NOT_DUE);
        Arrays.fill(refreshNextNs, NOT_DUE);
    }

    /**
     * Schedules a burst of {@code count} rounds for {@code owner}'s addresses, the first due at {@code nowNs}, and
     * the refresh after it. A new burst replaces one in progress.
     */
    public void announce(int owner, int count, long nowNs) {
        checkOwner(owner);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        burstRemaining[owner] = count;
        burstNextNs[owner] = count > 0 ? nowNs : NOT_DUE;
        refreshNextNs[owner] = settings.refreshNs() > 0 ? nowNs + settings.refreshNs() : NOT_DUE;
    }

    /** Cancels every round scheduled for {@code owner} (it no longer owns its addresses). */
    public void stop(int owner) {
        checkOwner(owner);
        burstRemaining[owner] = 0;
        burstNextNs[owner] = NOT_DUE;
        refreshNextNs[owner] = NOT_DUE;
    }

    /** Sends every round due at {@code nowNs}; returns the number of frames sent. */
    public int doWork(long nowNs) {
        int frames = 0;
        for (int owner = 0; owner < OWNERS; owner++) {
            if (nowNs >= burstNextNs[owner]) {
                frames += sendRound(owner);
                int remaining = --burstRemaining[owner];
                burstNextNs[owner] = remaining > 0 ? nowNs + settings.spacingNs() : NOT_DUE;
            }
            if (nowNs >= refreshNextNs[owner]) {
                frames += sendRound(owner);
                refreshNextNs[owner] = nowNs + settings.refreshNs();
            }
        }
        return frames;
    }

    /** When {@link #doWork} next has something to send, or {@link #NOT_DUE}. */
    public long nextDueNs() {
        long next = NOT_DUE;
        for (int owner = 0; owner < OWNERS; owner++) {
            next = Math.min(next, Math.min(burstNextNs[owner], refreshNextNs[owner]));
        }
        return next;
    }

    /** Announcement frames sent so far; any thread may read it. */
    public long sent() {
        return (long) COUNT.getOpaque(counts, SENT);
    }

    /** Announcement frames the sink refused so far. */
    public long sendFailures() {
        return (long) COUNT.getOpaque(counts, FAILED);
    }

    private int sendRound(int owner) {
        int frames = 0;
        for (VipTable.Entry e : table.snapshot()) {
            if (e.owner != owner) {
                continue;
            }
            int n = e.isIpv4()
                    ? arpBuilder.gratuitous(out, 0, e.mac, 0, e.ipv4)
                    : advertBuilder.unsolicited(out, 0, e.mac, 0, e.address, 0, e.address, 0, true);
            int counter = n > 0 && sink.send(out, n) ? SENT : FAILED;
            COUNT.setOpaque(counts, counter, (long) COUNT.getOpaque(counts, counter) + 1);
            frames += counter == SENT ? 1 : 0;
        }
        return frames;
    }

    private static void checkOwner(int owner) {
        if (owner < 0 || owner >= OWNERS) {
            throw new IllegalArgumentException("owner must be 0..255: " + owner);
        }
    }
}
