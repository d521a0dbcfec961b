package io.fw443.conntrack;

import static io.fw443.conntrack.TcpFlags.ACK;
import static io.fw443.conntrack.TcpFlags.FIN;
import static io.fw443.conntrack.TcpFlags.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fw443.table.FlowRecord;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Two well-behaved TCP endpoints talking through a tracker on a virtual clock. Each side acknowledges everything the
 * other has sent and advances its own sequence number only when the tracker let the segment pass, as if the firewall
 * were the only path.
 */
final class Conversation {
    static final long START_NS = TimeUnit.SECONDS.toNanos(1_000);

    static final class Peer {
        final int dir;
        int next;
        /** The raw 16-bit window field it advertises (already divided by its scale). */
        int window = 0xFFFF;
        int windowScale = TcpSegment.NO_WINDOW_SCALE;
        boolean sackPermitted;

        Peer(int dir, int isn) {
            this.dir = dir;
            this.next = isn;
        }
    }

    final TcpTracker tracker;
    final FlowRecord record = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear();
    final TcpSegment seg = new TcpSegment();
    final Peer client;
    final Peer server;
    long nowNs = START_NS;

    Conversation(int clientIsn, int serverIsn) {
        this(ConntrackTimeouts.defaults(), clientIsn, serverIsn);
    }

    Conversation(ConntrackTimeouts timeouts, int clientIsn, int serverIsn) {
        tracker = new TcpTracker(timeouts);
        client = new Peer(FlowDirection.ORIGINAL, clientIsn);
        server = new Peer(FlowDirection.REPLY, serverIsn);
    }

    Peer other(Peer p) {
        return p == client ? server : client;
    }

    TrackResult open() {
        fill(client, SYN, 0);
        TrackResult result = tracker.open(record, seg, nowNs);
        if (result.passes()) {
            client.next += 1;
        }
        return result;
    }

    /** {@code from} sends a segment with {@code flags} and {@code len} payload bytes at its current sequence number. */
    TrackResult send(Peer from, int flags, int len) {
        fill(from, flags, len);
        TrackResult result = tracker.track(record, from.dir, seg, nowNs);
        if (result.passes()) {
            from.next += len + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
        }
        return result;
    }

    /** A segment with every field chosen by the test; no peer state changes. */
    TrackResult raw(int dir, int flags, int seq, int ack, int window, int len) {
        seg.set(flags, seq, ack, window, len);
        return tracker.track(record, dir, seg, nowNs);
    }

    void handshake() {
        assertEquals(TrackResult.ACCEPT, open());
        assertEquals(TrackResult.ACCEPT, send(server, SYN | ACK, 0));
        assertEquals(TrackResult.ACCEPT, send(client, ACK, 0));
        assertEquals(TcpState.ESTABLISHED.code(), record.state());
    }

    void advanceSeconds(long seconds) {
        nowNs += TimeUnit.SECONDS.toNanos(seconds);
    }

    long secondsLeft() {
        return TimeUnit.NANOSECONDS.toSeconds(record.expiresAtNs() - nowNs);
    }

    TcpState state() {
        return TcpState.fromCode(record.state());
    }

    byte[] snapshot() {
        byte[] copy = new byte[FlowRecord.LENGTH];
        record.copyTo(copy, 0);
        return copy;
    }

    boolean unchangedSince(byte[] snapshot) {
        return Arrays.equals(snapshot, snapshot());
    }

    private void fill(Peer from, int flags, int len) {
        Peer to = other(from);
        seg.set(flags, from.next, (flags & ACK) != 0 ? to.next : 0, from.window, len);
        if ((flags & SYN) != 0) {
            seg.windowScale(from.windowScale).sackPermitted(from.sackPermitted);
        }
    }
}
