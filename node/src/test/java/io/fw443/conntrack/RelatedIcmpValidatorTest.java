package io.fw443.conntrack;

import static io.fw443.conntrack.FlowDirection.ORIGINAL;
import static io.fw443.conntrack.FlowDirection.REPLY;
import static io.fw443.conntrack.TcpFlags.ACK;
import static io.fw443.conntrack.TcpFlags.PSH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.FlowRecord;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ICMP errors quoting TCP segments of a flow: client ISN 1000, server ISN 5000, windows 65535. */
class RelatedIcmpValidatorTest {

    /** A client that just sent a full-size segment the path could not carry. */
    private static Conversation afterLargeClientSegment() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        assertEquals(TrackResult.ACCEPT, c.send(c.client, ACK | PSH, 1460));
        return c;
    }

    @Test
    void fragmentationNeededForTheSegmentJustSentIsRelated() {
        Conversation c = afterLargeClientSegment();
        byte[] before = c.snapshot();
        assertEquals(TrackResult.RELATED, RelatedIcmpValidator.tcp(c.record, ORIGINAL, 1001, c.nowNs));
        assertTrue(c.unchangedSince(before), "an error never refreshes or moves the flow");
    }

    /*
     * Original direction after the segment: end = 2461, maxend = 1001 + 65535 = 66536, server maxwin 65535, so the
     * quoted seq must lie in [2461 - 65535, 66536] = [-63074, 66536]. Reply direction: end 5001, maxend 5001 + 65535,
     * client maxwin 65535: [-60534, 70536].
     */
    @ParameterizedTest(name = "dir {0} seq {1} -> {2}")
    @CsvSource({
        "0, 66536,  RELATED",
        "0, 66537,  RELATED_SEQ_OUT_OF_WINDOW",
        "0, -63074, RELATED",
        "0, -63075, RELATED_SEQ_OUT_OF_WINDOW",
        "0, 900000, RELATED_SEQ_OUT_OF_WINDOW",
        "1, 5001,   RELATED",
        "1, 70536,  RELATED",
        "1, 70537,  RELATED_SEQ_OUT_OF_WINDOW",
        "1, -60534, RELATED",
        "1, -60535, RELATED_SEQ_OUT_OF_WINDOW",
    })
    void quotedSequenceNumberMustLieInThatDirectionsWindow(int dir, int seq, TrackResult expected) {
        Conversation c = afterLargeClientSegment();
        assertEquals(expected, RelatedIcmpValidator.tcp(c.record, dir, seq, c.nowNs));
    }

    @Test
    void errorForAnUnknownOrExpiredFlowIsDropped() {
        assertEquals(TrackResult.RELATED_NO_FLOW, RelatedIcmpValidator.tcp(null, ORIGINAL, 1001, 0));
        Conversation c = afterLargeClientSegment();
        c.advanceSeconds(TimeUnit.DAYS.toSeconds(6));
        assertEquals(TrackResult.RELATED_NO_FLOW, RelatedIcmpValidator.tcp(c.record, ORIGINAL, 1001, c.nowNs));
        assertEquals(TrackResult.BAD_INPUT, RelatedIcmpValidator.tcp(afterLargeClientSegment().record, 7, 1001,
                Conversation.START_NS));
    }

    @Test
    void errorAnsweringTheOpeningSynIsRelated() {
        Conversation c = new Conversation(1000, 5000);
        assertEquals(TrackResult.ACCEPT, c.open());
        assertEquals(TrackResult.RELATED, RelatedIcmpValidator.tcp(c.record, ORIGINAL, 1000, c.nowNs));
        assertEquals(TrackResult.RELATED_SEQ_OUT_OF_WINDOW,
                RelatedIcmpValidator.tcp(c.record, ORIGINAL, 999, c.nowNs));
    }

    @Test
    void pickedUpDirectionNotYetAnchoredIsTrustedThenCheckedOnceAnchored() {
        Conversation c = afterLargeClientSegment();
        c.record.markPickup();
        assertEquals(TrackResult.RELATED, RelatedIcmpValidator.tcp(c.record, ORIGINAL, 900_000, c.nowNs));
        c.client.next = 800_000;
        assertEquals(TrackResult.ACCEPT, c.send(c.client, ACK | PSH, 1460));
        assertEquals(TrackResult.RELATED, RelatedIcmpValidator.tcp(c.record, ORIGINAL, 800_000, c.nowNs));
        assertEquals(TrackResult.RELATED_SEQ_OUT_OF_WINDOW,
                RelatedIcmpValidator.tcp(c.record, ORIGINAL, 10_000_000, c.nowNs));
        assertEquals(TrackResult.RELATED, RelatedIcmpValidator.tcp(c.record, REPLY, 900_000, c.nowNs));
    }

    @Test
    void udpAndEchoErrorsNeedOnlyALiveFlow() {
        FlowRecord r = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear();
        new UdpTracker(ConntrackTimeouts.defaults()).open(r, 0);
        assertEquals(TrackResult.RELATED, RelatedIcmpValidator.udp(r, TimeUnit.SECONDS.toNanos(29)));
        assertEquals(TrackResult.RELATED_NO_FLOW, RelatedIcmpValidator.udp(r, TimeUnit.SECONDS.toNanos(30)));
        assertEquals(TrackResult.RELATED_NO_FLOW, RelatedIcmpValidator.udp(null, 0));
        assertEquals(TrackResult.RELATED, RelatedIcmpValidator.echo(r, 0));
        assertEquals(TrackResult.RELATED_NO_FLOW, RelatedIcmpValidator.echo(null, 0));
    }
}
