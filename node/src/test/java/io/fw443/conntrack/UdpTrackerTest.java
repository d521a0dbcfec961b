package io.fw443.conntrack;

import static io.fw443.conntrack.FlowDirection.ORIGINAL;
import static io.fw443.conntrack.FlowDirection.REPLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.FlowRecord;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UdpTrackerTest {
    private final UdpTracker tracker = new UdpTracker(ConntrackTimeouts.defaults());
    private final FlowRecord r = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear();
    private long nowNs = TimeUnit.SECONDS.toNanos(50);

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
        "UNREPLIED, 0, UNREPLIED",
        "UNREPLIED, 1, REPLIED",
        "REPLIED,   0, STREAM",
        "REPLIED,   1, STREAM",
        "STREAM,    0, STREAM",
        "STREAM,    1, STREAM",
    })
    void transitions(UdpState from, int dir, UdpState to) {
        assertEquals(to, UdpTracker.next(from, dir));
    }

    @Test
    void quicFlowBecomesAStreamWithTheLongerTimeout() {
        tracker.open(r, nowNs);
        assertEquals(UdpState.UNREPLIED.code(), r.state());
        assertEquals(30, secondsLeft());

        advance(10);
        assertEquals(TrackResult.ACCEPT, tracker.track(r, ORIGINAL, nowNs));
        assertEquals(30, secondsLeft());

        advance(1);
        assertEquals(TrackResult.ACCEPT, tracker.track(r, REPLY, nowNs));
        assertEquals(UdpState.REPLIED.code(), r.state());
        assertTrue(r.hasFlag(FlowRecord.FLAG_SEEN_REPLY));
        assertFalse(r.hasFlag(FlowRecord.FLAG_ASSURED));
        assertEquals(30, secondsLeft());

        assertEquals(TrackResult.ACCEPT, tracker.track(r, ORIGINAL, nowNs));
        assertEquals(UdpState.STREAM.code(), r.state());
        assertTrue(r.hasFlag(FlowRecord.FLAG_ASSURED));
        assertEquals(120, secondsLeft());
        assertEquals(nowNs, r.lastSeenNs());

        advance(119);
        assertEquals(TrackResult.ACCEPT, tracker.track(r, REPLY, nowNs));
        advance(120);
        assertEquals(TrackResult.EXPIRED, tracker.track(r, REPLY, nowNs));
    }

    @Test
    void unansweredFlowExpiresAfterThirtySeconds() {
        tracker.open(r, nowNs);
        advance(29);
        assertEquals(TrackResult.ACCEPT, tracker.track(r, ORIGINAL, nowNs));
        advance(30);
        assertEquals(TrackResult.EXPIRED, tracker.track(r, REPLY, nowNs));
        assertEquals(UdpState.UNREPLIED.code(), r.state());
    }

    @Test
    void configuredTimeoutsApply() {
        UdpTracker custom = new UdpTracker(ConntrackTimeouts.builder().udpSeconds(5).udpStreamSeconds(600).build());
        custom.open(r, nowNs);
        assertEquals(5, secondsLeft());
        custom.track(r, REPLY, nowNs);
        custom.track(r, ORIGINAL, nowNs);
        assertEquals(600, secondsLeft());
    }

    @Test
    void importedFlowNeedsNoPickupAndBadInputIsRefused() {
        tracker.open(r, nowNs);
        r.setFlag(FlowRecord.FLAG_PICKUP);
        assertEquals(TrackResult.ACCEPT, tracker.track(r, REPLY, nowNs));
        assertFalse(r.hasFlag(FlowRecord.FLAG_PICKUP));

        assertEquals(TrackResult.BAD_INPUT, tracker.track(r, 3, nowNs));
        r.state(9);
        assertEquals(TrackResult.BAD_RECORD_STATE, tracker.track(r, ORIGINAL, nowNs));
    }

    private void advance(long seconds) {
        nowNs += TimeUnit.SECONDS.toNanos(seconds);
    }

    private long secondsLeft() {
        return TimeUnit.NANOSECONDS.toSeconds(r.expiresAtNs() - nowNs);
    }
}
