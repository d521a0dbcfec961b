package io.fw443.conntrack;

import static io.fw443.conntrack.FlowDirection.ORIGINAL;
import static io.fw443.conntrack.FlowDirection.REPLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.FlowRecord;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IcmpTrackerTest {
    private final IcmpTracker tracker = new IcmpTracker(ConntrackTimeouts.defaults());
    private final FlowRecord r = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear();
    private long nowNs = TimeUnit.SECONDS.toNanos(7);

    /** Types from RFC 792 and RFC 4443. */
    @ParameterizedTest(name = "v6={1} type {0} -> {2}")
    @CsvSource({
        "8,   false, ECHO_REQUEST",
        "0,   false, ECHO_REPLY",
        "3,   false, ERROR",
        "4,   false, ERROR",
        "5,   false, ERROR",
        "11,  false, ERROR",
        "12,  false, ERROR",
        "13,  false, OTHER",
        "9,   false, OTHER",
        "128, false, OTHER",
        "128, true,  ECHO_REQUEST",
        "129, true,  ECHO_REPLY",
        "1,   true,  ERROR",
        "2,   true,  ERROR",
        "3,   true,  ERROR",
        "4,   true,  ERROR",
        "135, true,  OTHER",
        "8,   true,  OTHER",
    })
    void classification(int type, boolean v6, IcmpKind expected) {
        assertEquals(expected, IcmpTracker.classify(type, v6));
    }

    @Test
    void pingFlowLivesThirtySecondsAfterItsLastMessage() {
        assertEquals(TrackResult.ACCEPT, tracker.open(r, 8, false, nowNs));
        assertEquals(30, secondsLeft());
        advance(1);
        assertEquals(TrackResult.ACCEPT, tracker.track(r, REPLY, 0, false, nowNs));
        assertTrue(r.hasFlag(FlowRecord.FLAG_SEEN_REPLY));
        advance(29);
        assertEquals(TrackResult.ACCEPT, tracker.track(r, ORIGINAL, 8, false, nowNs));
        assertEquals(30, secondsLeft());
        advance(30);
        assertEquals(TrackResult.EXPIRED, tracker.track(r, REPLY, 0, false, nowNs));
    }

    @Test
    void icmpv6EchoWorksTheSame() {
        assertEquals(TrackResult.ACCEPT, tracker.open(r, 128, true, nowNs));
        assertEquals(TrackResult.ACCEPT, tracker.track(r, REPLY, 129, true, nowNs));
        assertEquals(TrackResult.ICMP_UNEXPECTED_TYPE, tracker.track(r, REPLY, 0, true, nowNs));
    }

    @ParameterizedTest(name = "type {0}")
    @CsvSource({"0", "3", "11", "13"})
    void onlyAnEchoRequestOpens(int type) {
        assertEquals(TrackResult.NOT_AN_OPENER, tracker.open(r, type, false, nowNs));
        assertEquals(0, r.expiresAtNs());
    }

    @ParameterizedTest(name = "dir {0} type {1}")
    @CsvSource({
        "0, 0",
        "1, 8",
        "0, 3",
        "1, 3",
        "1, 13",
    })
    void messagesOfTheWrongKindOrDirectionAreDropped(int dir, int type) {
        assertEquals(TrackResult.ACCEPT, tracker.open(r, 8, false, nowNs));
        long deadlineNs = r.expiresAtNs();
        advance(5);
        assertEquals(TrackResult.ICMP_UNEXPECTED_TYPE, tracker.track(r, dir, type, false, nowNs));
        assertEquals(deadlineNs, r.expiresAtNs());
    }

    @Test
    void configuredTimeoutAndBadDirection() {
        IcmpTracker custom = new IcmpTracker(ConntrackTimeouts.builder().icmpSeconds(3).build());
        assertEquals(TrackResult.ACCEPT, custom.open(r, 8, false, nowNs));
        assertEquals(3, secondsLeft());
        assertEquals(TrackResult.BAD_INPUT, custom.track(r, 2, 0, false, nowNs));
    }

    private void advance(long seconds) {
        nowNs += TimeUnit.SECONDS.toNanos(seconds);
    }

    private long secondsLeft() {
        return TimeUnit.NANOSECONDS.toSeconds(r.expiresAtNs() - nowNs);
    }
}
