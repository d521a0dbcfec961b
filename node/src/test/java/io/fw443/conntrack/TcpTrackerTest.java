package io.fw443.conntrack;

import static io.fw443.conntrack.FlowDirection.ORIGINAL;
import static io.fw443.conntrack.FlowDirection.REPLY;
import static io.fw443.conntrack.TcpFlags.ACK;
import static io.fw443.conntrack.TcpFlags.FIN;
import static io.fw443.conntrack.TcpFlags.PSH;
import static io.fw443.conntrack.TcpFlags.RST;
import static io.fw443.conntrack.TcpFlags.SYN;
import static io.fw443.conntrack.TrackResult.ACCEPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.FlowRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TcpTrackerTest {
    private static final long FIVE_DAYS_S = 432_000;

    @Test
    void wholeLifeFromHandshakeThroughDataAndBothFinsToTimeWait() {
        Conversation c = new Conversation(1000, 5000);
        FlowRecord r = c.record;

        assertEquals(ACCEPT, c.open());
        assertEquals(TcpState.SYN_SENT, c.state());
        assertEquals(120, c.secondsLeft());
        assertEquals(1001, r.end(ORIGINAL));
        assertFalse(r.hasFlag(FlowRecord.FLAG_SEEN_REPLY));

        c.advanceSeconds(1);
        assertEquals(ACCEPT, c.send(c.server, SYN | ACK, 0));
        assertEquals(TcpState.SYN_RECV, c.state());
        assertEquals(60, c.secondsLeft());
        assertTrue(r.hasFlag(FlowRecord.FLAG_SEEN_REPLY));
        assertFalse(r.hasFlag(FlowRecord.FLAG_ASSURED));
        assertEquals(5001, r.end(REPLY));
        assertEquals(1001 + 0xFFFF, r.maxEnd(ORIGINAL), "client may send up to the server's ack + window");

        assertEquals(ACCEPT, c.send(c.client, ACK, 0));
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertTrue(r.hasFlag(FlowRecord.FLAG_ASSURED));
        assertEquals(FIVE_DAYS_S, c.secondsLeft());

        assertEquals(ACCEPT, c.send(c.client, ACK | PSH, 517));
        assertEquals(300, c.secondsLeft(), "unacknowledged data caps the timeout");
        assertEquals(ACCEPT, c.send(c.server, ACK | PSH, 1400));
        assertEquals(300, c.secondsLeft());
        assertEquals(ACCEPT, c.send(c.client, ACK, 0));
        assertEquals(FIVE_DAYS_S, c.secondsLeft());
        assertEquals(TcpState.ESTABLISHED, c.state());

        assertEquals(ACCEPT, c.send(c.client, FIN | ACK, 0));
        assertEquals(TcpState.FIN_WAIT, c.state());
        assertEquals(120, c.secondsLeft());
        assertTrue((r.tcpFlags(ORIGINAL) & TcpDirectionFlags.CLOSE_INIT) != 0);
        assertTrue((r.tcpFlags(REPLY) & TcpDirectionFlags.CLOSE_INIT) == 0);

        assertEquals(ACCEPT, c.send(c.server, ACK, 0));
        assertEquals(TcpState.CLOSE_WAIT, c.state());
        assertEquals(60, c.secondsLeft());

        assertEquals(ACCEPT, c.send(c.server, FIN | ACK, 0));
        assertEquals(TcpState.LAST_ACK, c.state());
        assertEquals(30, c.secondsLeft());

        assertEquals(ACCEPT, c.send(c.client, ACK, 0));
        assertEquals(TcpState.TIME_WAIT, c.state());
        assertEquals(120, c.secondsLeft());
        assertEquals(c.nowNs, r.lastSeenNs());

        c.advanceSeconds(120);
        assertEquals(TrackResult.EXPIRED, c.send(c.client, ACK, 0));
    }

    /** Sequence numbers that cross 2^31 and 2^32 during the flow's life. */
    @ParameterizedTest(name = "client ISN {0}, server ISN {1}")
    @CsvSource({
        "-3000, 2147480000",
        "-1, -2",
        "2147483000, -100",
        "0, 2147483647",
    })
    void wholeLifeAcrossSequenceWraparound(int clientIsn, int serverIsn) {
        Conversation c = new Conversation(clientIsn, serverIsn);
        c.handshake();
        for (int i = 0; i < 5; i++) {
            assertEquals(ACCEPT, c.send(c.client, ACK | PSH, 1400), "client segment " + i);
            assertEquals(ACCEPT, c.send(c.server, ACK | PSH, 1400), "server segment " + i);
        }
        assertEquals(clientIsn + 1 + 5 * 1400, c.record.end(ORIGINAL));
        assertEquals(TrackResult.SEQ_AFTER_WINDOW, c.raw(ORIGINAL, ACK, c.client.next + 70_000, c.server.next,
                0xFFFF, 0));
        assertEquals(TrackResult.SEQ_BEFORE_WINDOW, c.raw(ORIGINAL, ACK, c.client.next - 70_000, c.server.next,
                0xFFFF, 0));
        assertEquals(ACCEPT, c.send(c.client, FIN | ACK, 0));
        assertEquals(ACCEPT, c.send(c.server, FIN | ACK, 0));
        assertEquals(ACCEPT, c.send(c.client, ACK, 0));
        assertEquals(TcpState.TIME_WAIT, c.state());
    }

    @Test
    void bothFinsCrossingMoveThroughLastAckToTimeWait() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        assertEquals(ACCEPT, c.send(c.client, FIN | ACK, 0));
        assertEquals(ACCEPT, c.raw(REPLY, FIN | ACK, c.server.next, c.client.next - 1, 100, 0));
        assertEquals(TcpState.LAST_ACK, c.state());
        c.server.next++;
        assertEquals(ACCEPT, c.send(c.client, ACK, 0));
        assertEquals(TcpState.TIME_WAIT, c.state());
    }

    @Test
    void synInTimeWaitOrAfterResetReopensFromScratch() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        assertEquals(ACCEPT, c.send(c.client, FIN | ACK, 0));
        assertEquals(ACCEPT, c.send(c.server, FIN | ACK, 0));
        assertEquals(ACCEPT, c.send(c.client, ACK, 0));
        assertEquals(TcpState.TIME_WAIT, c.state());
        byte[] before = c.snapshot();
        assertEquals(TrackResult.REOPEN, c.raw(ORIGINAL, SYN, 90_000, 0, 64240, 0));
        assertEquals(TrackResult.REOPEN, c.raw(REPLY, SYN, 90_000, 0, 64240, 0));
        assertTrue(c.unchangedSince(before));

        Conversation reset = new Conversation(1000, 5000);
        reset.handshake();
        assertEquals(ACCEPT, reset.send(reset.server, RST, 0));
        assertEquals(TcpState.CLOSE, reset.state());
        assertEquals(TrackResult.REOPEN, reset.raw(ORIGINAL, SYN, 77, 0, 64240, 0));
        assertEquals(TrackResult.Disposition.NEW_FLOW, TrackResult.REOPEN.disposition());
    }

    @Test
    void simultaneousOpenReachesEstablished() {
        Conversation c = new Conversation(1000, 5000);
        assertEquals(ACCEPT, c.open());
        assertEquals(ACCEPT, c.raw(REPLY, SYN, 5000, 0, 64240, 0));
        assertEquals(TcpState.SYN_SENT2, c.state());
        assertTrue((c.record.tcpFlags(ORIGINAL) & TcpDirectionFlags.SIMULTANEOUS_OPEN) != 0);

        // Each side answers the other's SYN by repeating its own with an ACK.
        assertEquals(ACCEPT, c.raw(ORIGINAL, SYN | ACK, 1000, 5001, 64240, 0));
        assertEquals(TcpState.SYN_RECV, c.state());
        assertEquals(TrackResult.IGNORED, c.raw(REPLY, SYN | ACK, 5000, 1001, 64240, 0));
        assertEquals(TcpState.SYN_RECV, c.state());

        assertEquals(ACCEPT, c.raw(REPLY, ACK, 5001, 1001, 64240, 0));
        assertEquals(TcpState.ESTABLISHED, c.state(), "a reply ACK ends a simultaneous open");
        assertTrue(c.record.hasFlag(FlowRecord.FLAG_ASSURED));
        assertEquals(ACCEPT, c.raw(ORIGINAL, ACK, 1001, 5001, 64240, 0));
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    void withoutSimultaneousOpenAReplyAckDoesNotEstablish() {
        Conversation c = new Conversation(1000, 5000);
        assertEquals(ACCEPT, c.open());
        assertEquals(ACCEPT, c.send(c.server, SYN | ACK, 0));
        assertEquals(ACCEPT, c.send(c.server, ACK, 0));
        assertEquals(TcpState.SYN_RECV, c.state());
    }

    @Test
    void retransmittedSynPassesWithoutExtendingTheFlow() {
        Conversation c = new Conversation(1000, 5000);
        assertEquals(ACCEPT, c.open());
        long deadlineNs = c.record.expiresAtNs();
        c.advanceSeconds(3);
        assertEquals(ACCEPT, c.raw(ORIGINAL, SYN, 1000, 0, 64240, 0));
        assertEquals(TcpState.SYN_SENT, c.state());
        assertEquals(deadlineNs, c.record.expiresAtNs());
        assertEquals(c.nowNs, c.record.lastSeenNs());
    }

    @Test
    void retransmittedSynWithANewIsnRestartsTheOriginalWindow() {
        Conversation c = new Conversation(1000, 5000);
        assertEquals(ACCEPT, c.open());
        assertEquals(ACCEPT, c.raw(ORIGINAL, SYN, 3000, 0, 64240, 0));
        assertEquals(3001, c.record.end(ORIGINAL));
    }

    @Test
    void retransmissionsOfDataAndSynAckPass() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        int seq = c.client.next;
        assertEquals(ACCEPT, c.send(c.client, ACK | PSH, 1000));
        assertEquals(ACCEPT, c.raw(ORIGINAL, ACK | PSH, seq, c.server.next, 0xFFFF, 1000));
        assertEquals(ACCEPT, c.send(c.server, ACK, 0));
        assertEquals(ACCEPT, c.raw(ORIGINAL, ACK | PSH, seq, c.server.next, 0xFFFF, 1000), "after it was acked");
        assertEquals(TcpState.ESTABLISHED, c.state());

        byte[] before = c.snapshot();
        assertEquals(TrackResult.IGNORED, c.raw(REPLY, SYN | ACK, 5000, 1001, 0xFFFF, 0));
        assertTrue(c.unchangedSince(before));
    }

    @Test
    void keepaliveProbeOneBelowTheWindowPasses() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        assertEquals(ACCEPT, c.raw(ORIGINAL, ACK, c.client.next - 1, c.server.next, 0xFFFF, 0));
        assertEquals(ACCEPT, c.send(c.server, ACK, 0));
    }

    @Test
    void synInEstablishedIsIgnoredAndLeavesNoTrace() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        byte[] before = c.snapshot();
        assertEquals(TrackResult.IGNORED, c.raw(ORIGINAL, SYN, 123_456, 0, 64240, 0));
        assertTrue(c.unchangedSince(before));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "client ACK before SYN+ACK, 0, " + ACK,
        "client FIN before SYN+ACK, 0, " + (FIN | ACK),
        "client SYN+ACK in SYN_SENT, 0, " + (SYN | ACK),
        "server FIN in SYN_SENT, 1, " + (FIN | ACK),
    })
    void impossibleSegmentsInSynSentAreInvalid(String name, int dir, int flags) {
        Conversation c = new Conversation(1000, 5000);
        assertEquals(ACCEPT, c.open());
        byte[] before = c.snapshot();
        int seq = dir == ORIGINAL ? 1001 : 5000;
        assertEquals(TrackResult.INVALID_STATE_TRANSITION, c.raw(dir, flags, seq, 1001, 100, 0));
        assertTrue(c.unchangedSince(before));
    }

    @Test
    void serverSynInEstablishedIsInvalid() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        assertEquals(TrackResult.INVALID_STATE_TRANSITION, c.raw(REPLY, SYN, 5000, 0, 100, 0));
    }

    /*
     * Window edges after the handshake, computed by hand from van Rooij's rules. Client ISN 1000, server 5000, both
     * windows 65535 unscaled; so for client segments maxend = 5001's ack 1001 + 65535 = 66536, end = 1001, the
     * server's maxwin = 65535; the server's end is 5001 and the client's maxwin 65535 (< 66000, so IV allows 66000).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "I   seq at maxend,            66536, 5001, ACCEPT",
        "I   seq past maxend,          66537, 5001, SEQ_AFTER_WINDOW",
        "II  end one window back,      -64534, 5001, ACCEPT",
        "II  end past one window back, -64535, 5001, SEQ_BEFORE_WINDOW",
        "III ack of all server data,   1001, 5001, ACCEPT",
        "III ack of unsent data,       1001, 5002, ACK_AFTER_WINDOW",
        "IV  ack 66000 behind,         1001, -60999, ACCEPT",
        "IV  ack 66001 behind,         1001, -61000, ACK_BEFORE_WINDOW",
    })
    void windowEdgesForClientSegments(String name, int seq, int ack, TrackResult expected) {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        byte[] before = c.snapshot();
        assertEquals(expected, c.raw(ORIGINAL, ACK, seq, ack, 0xFFFF, 0));
        if (!expected.passes()) {
            assertTrue(c.unchangedSince(before), "a dropped segment leaves no trace");
        }
    }

    @Test
    void outOfWindowDataIsDroppedAndInWindowDataStillPasses() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        assertEquals(TrackResult.SEQ_AFTER_WINDOW, c.raw(ORIGINAL, ACK | PSH, c.client.next + 100_000,
                c.server.next, 0xFFFF, 1400));
        assertEquals(TrackResult.SEQ_BEFORE_WINDOW, c.raw(REPLY, ACK | PSH, c.server.next - 200_000,
                c.client.next, 0xFFFF, 1400));
        assertEquals(ACCEPT, c.send(c.client, ACK | PSH, 1400));
        assertEquals(ACCEPT, c.send(c.server, ACK | PSH, 1400));
    }

    @Test
    void windowScalingWidensTheWindowWhenBothSidesOfferIt() {
        Conversation c = scaledConversation(7);
        // The SYN+ACK's window is never scaled.
        assertEquals(7, c.record.windowScale(ORIGINAL));
        assertEquals(7, c.record.windowScale(REPLY));
        // Client advertises 2048 << 7 = 262144 bytes.
        assertEquals(5001 + 262_144, c.record.maxEnd(REPLY));
        assertEquals(ACCEPT, c.send(c.server, ACK | PSH, 200_000));
        assertEquals(ACCEPT, c.raw(REPLY, ACK | PSH, 5001 + 262_144, c.client.next, 1024, 0));

        Conversation edge = scaledConversation(7);
        assertEquals(TrackResult.SEQ_AFTER_WINDOW, edge.raw(REPLY, ACK | PSH, 5001 + 262_145, edge.client.next,
                1024, 0));
    }

    @Test
    void windowScalingIsOffUnlessBothSynsCarryTheOption() {
        Conversation c = scaledConversation(-1);
        assertEquals(0, c.record.windowScale(ORIGINAL));
        assertEquals(0, c.record.windowScale(REPLY));
        // The same window field now means 2048 bytes.
        assertEquals(5001 + 2048, c.record.maxEnd(REPLY));
        assertEquals(TrackResult.SEQ_AFTER_WINDOW, c.raw(REPLY, ACK | PSH, 5001 + 2049, c.client.next, 1024, 0));
    }

    @Test
    void largestScaleCarriesAGigabyteWindow() {
        Conversation c = new Conversation(1000, 5000);
        c.client.windowScale = 14;
        c.server.windowScale = 14;
        assertEquals(ACCEPT, c.open());
        assertEquals(ACCEPT, c.send(c.server, SYN | ACK, 0));
        assertEquals(ACCEPT, c.send(c.client, ACK, 0));
        assertEquals(0xFFFF << 14, c.record.maxWindow(ORIGINAL));
        assertEquals(ACCEPT, c.raw(REPLY, ACK, 5001 + (0xFFFF << 14), c.client.next, 0xFFFF, 0));
    }

    @Test
    void sackBlocksCountOnlyWhenPermitted() {
        Conversation permitted = new Conversation(1000, 5000);
        permitted.client.sackPermitted = true;
        permitted.handshake();
        assertEquals(ACCEPT, permitted.send(permitted.client, ACK | PSH, 3000));
        permitted.seg.set(ACK, permitted.server.next, 1001, 0xFFFF, 0).sackRightEdge(1001 + 3001);
        assertEquals(TrackResult.ACK_AFTER_WINDOW, permitted.tracker.track(permitted.record, REPLY, permitted.seg,
                permitted.nowNs), "a SACK block beyond the data sent");
        permitted.seg.set(ACK, permitted.server.next, 1001, 0xFFFF, 0).sackRightEdge(1001 + 3000);
        assertEquals(ACCEPT, permitted.tracker.track(permitted.record, REPLY, permitted.seg, permitted.nowNs));

        Conversation notPermitted = new Conversation(1000, 5000);
        notPermitted.handshake();
        assertEquals(ACCEPT, notPermitted.send(notPermitted.client, ACK | PSH, 3000));
        notPermitted.seg.set(ACK, notPermitted.server.next, 1001, 0xFFFF, 0).sackRightEdge(1001 + 3001);
        assertEquals(ACCEPT, notPermitted.tracker.track(notPermitted.record, REPLY, notPermitted.seg,
                notPermitted.nowNs));
    }

    @Test
    void resetWithTheExpectedSequenceNumberCloses() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        assertEquals(ACCEPT, c.send(c.client, RST, 0));
        assertEquals(TcpState.CLOSE, c.state());
        assertEquals(10, c.secondsLeft());
    }

    @Test
    void resetAfterUnacknowledgedDataCloses() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        assertEquals(ACCEPT, c.send(c.server, ACK | PSH, 700));
        assertEquals(ACCEPT, c.send(c.server, RST | ACK, 0));
        assertEquals(TcpState.CLOSE, c.state());
    }

    @Test
    void inexactResetInsideTheWindowPassesButKeepsTheFlowForTheChallengeAck() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        int end = c.record.end(ORIGINAL);
        assertEquals(ACCEPT, c.raw(ORIGINAL, RST, c.client.next + 1000, 0, 0, 0));
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(10, c.secondsLeft());
        assertEquals(end, c.record.end(ORIGINAL), "the endpoint discards it, so the window does not move");
        assertEquals(ACCEPT, c.send(c.server, ACK, 0), "the challenge ACK");
        assertEquals(FIVE_DAYS_S, c.secondsLeft());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "client RST past maxend,       0, 66537",
        "client RST a window behind,   0, -64535",
        "server RST past maxend,       1, 70537",
        "server RST far behind,        1, -100000",
    })
    void resetsOutsideTheWindowAreDropped(String name, int dir, int seq) {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        byte[] before = c.snapshot();
        assertEquals(TrackResult.RST_OUT_OF_WINDOW, c.raw(dir, RST, seq, 0, 0, 0));
        assertEquals(TrackResult.RST_OUT_OF_WINDOW, c.raw(dir, RST | ACK, seq, dir == 0 ? 5001 : 1001, 0, 0));
        assertTrue(c.unchangedSince(before));
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    void refusedConnectionIsForgottenAtOnce() {
        Conversation c = new Conversation(1000, 5000);
        assertEquals(ACCEPT, c.open());
        // A RST answering a SYN carries seq 0 and acks the SYN.
        assertEquals(ACCEPT, c.raw(REPLY, RST | ACK, 0, 1001, 0, 0));
        assertEquals(TcpState.CLOSE, c.state());
        assertEquals(TrackResult.EXPIRED, c.raw(ORIGINAL, SYN, 1000, 0, 64240, 0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "server RST without ACK,      1, 4, 777, 0",
        "server RST acking too much,  1, 20, 0, 1002",
        "server RST acking too little, 1, 20, 0, 1000",
        "client RST before its ISN+1, 0, 4, 1000, 0",
        "client RST past its ISN+1,   0, 4, 1002, 0",
    })
    void resetInSynSentMustHitTheSynExactly(String name, int dir, int flags, int seq, int ack) {
        Conversation c = new Conversation(1000, 5000);
        assertEquals(ACCEPT, c.open());
        byte[] before = c.snapshot();
        assertEquals(TrackResult.RST_OUT_OF_WINDOW, c.raw(dir, flags, seq, ack, 0, 0));
        assertTrue(c.unchangedSince(before));
        assertEquals(ACCEPT, c.send(c.server, SYN | ACK, 0), "the real answer still gets through");
    }

    @Test
    void clientAbortInSynSentCloses() {
        Conversation c = new Conversation(1000, 5000);
        assertEquals(ACCEPT, c.open());
        assertEquals(ACCEPT, c.raw(ORIGINAL, RST, 1001, 0, 0, 0));
        assertEquals(TcpState.CLOSE, c.state());
    }

    @Test
    void flowExpiresOnTheVirtualClockAndCustomTimeoutsApply() {
        ConntrackTimeouts timeouts = ConntrackTimeouts.builder().tcpSeconds(TcpState.ESTABLISHED, 3600).build();
        Conversation c = new Conversation(timeouts, 1000, 5000);
        c.handshake();
        assertEquals(3600, c.secondsLeft());
        c.advanceSeconds(3599);
        assertEquals(ACCEPT, c.send(c.client, ACK, 0));
        c.advanceSeconds(3600);
        byte[] before = c.snapshot();
        assertEquals(TrackResult.EXPIRED, c.send(c.client, ACK, 0));
        assertTrue(c.unchangedSince(before));
    }

    @Test
    void openAcceptsOnlyABareSyn() {
        TcpSegment seg = new TcpSegment();
        assertEquals(ACCEPT, TcpTracker.checkOpener(seg.set(SYN, 1, 0, 1024, 0)));
        assertEquals(ACCEPT, TcpTracker.checkOpener(seg.set(SYN | TcpFlags.ECE | TcpFlags.CWR, 1, 0, 1024, 0)));
        assertEquals(TrackResult.NOT_AN_OPENER, TcpTracker.checkOpener(seg.set(SYN | ACK, 1, 0, 1024, 0)));
        assertEquals(TrackResult.NOT_AN_OPENER, TcpTracker.checkOpener(seg.set(ACK, 1, 0, 1024, 0)));
        assertEquals(TrackResult.NOT_AN_OPENER, TcpTracker.checkOpener(seg.set(RST, 1, 0, 1024, 0)));
        assertEquals(TrackResult.BAD_INPUT, TcpTracker.checkOpener(seg.set(SYN, 1, 0, 1024, -1)));

        FlowRecord r = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear();
        assertEquals(TrackResult.NOT_AN_OPENER,
                new TcpTracker(ConntrackTimeouts.defaults()).open(r, seg.set(ACK, 1, 0, 1024, 0), 0));
        assertEquals(0, r.state());
        assertEquals(0, r.expiresAtNs());
    }

    @Test
    void openKeepsTheCallersFieldsAndResetsTracking() {
        FlowRecord r = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear();
        r.setFlag(FlowRecord.FLAG_ORIGINAL_FROM_HIGH | FlowRecord.FLAG_ASSURED).ruleIndex(7).maxWindow(REPLY, 99);
        TcpSegment syn = new TcpSegment().set(SYN, -10, 0, 0, 0).windowScale(20).sackPermitted(true);
        assertEquals(ACCEPT, new TcpTracker(ConntrackTimeouts.defaults()).open(r, syn, 0));
        assertTrue(r.hasFlag(FlowRecord.FLAG_ORIGINAL_FROM_HIGH));
        assertFalse(r.hasFlag(FlowRecord.FLAG_ASSURED));
        assertEquals(7, r.ruleIndex());
        assertEquals(0, r.maxWindow(REPLY));
        assertEquals(1, r.maxWindow(ORIGINAL), "a zero window counts as one");
        assertEquals(14, r.windowScale(ORIGINAL), "RFC 7323 caps the shift at 14");
        assertEquals(TcpDirectionFlags.WINDOW_SCALE | TcpDirectionFlags.SACK_PERM, r.tcpFlags(ORIGINAL));
        assertEquals(-9, r.end(ORIGINAL));
    }

    @Test
    void impossibleInputsAreRefusedWithoutTouchingTheRecord() {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        byte[] before = c.snapshot();
        c.seg.set(ACK, c.client.next, c.server.next, 100, 0);
        assertEquals(TrackResult.BAD_INPUT, c.tracker.track(c.record, 2, c.seg, c.nowNs));
        assertEquals(TrackResult.BAD_INPUT, c.tracker.track(c.record, -1, c.seg, c.nowNs));
        assertEquals(TrackResult.BAD_INPUT, c.raw(ORIGINAL, ACK, c.client.next, c.server.next, 100, -5));
        assertTrue(c.unchangedSince(before));
        c.record.state(42);
        assertEquals(TrackResult.BAD_RECORD_STATE, c.raw(ORIGINAL, ACK, c.client.next, c.server.next, 100, 0));
    }

    private static Conversation scaledConversation(int serverScale) {
        Conversation c = new Conversation(1000, 5000);
        c.client.windowScale = 7;
        c.server.windowScale = serverScale;
        c.client.window = 64240;
        c.server.window = 65160;
        assertEquals(ACCEPT, c.open());
        assertEquals(ACCEPT, c.send(c.server, SYN | ACK, 0));
        assertEquals(65160, c.record.maxWindow(REPLY));
        c.client.window = 2048;
        c.server.window = 1024;
        assertEquals(ACCEPT, c.send(c.client, ACK, 0));
        return c;
    }
}
