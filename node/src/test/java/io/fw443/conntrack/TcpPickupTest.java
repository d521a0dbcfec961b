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

/**
 * A flow carried by a peer moves here after the peer's last sync of it: the endpoints kept talking (10 MB from the
 * client, acknowledged by the server) while this node's copy of the record stayed where the peer left it.
 */
class TcpPickupTest {
    private static final int SEGMENT = 1400;
    private static final int SEGMENTS_SINCE_SYNC = 7500;

    /** The live conversation, and the stale record a peer synced before the last 10 MB. */
    private final Conversation live = new Conversation(1000, 5000);
    private final Conversation here = new Conversation(1000, 5000);

    TcpPickupTest() {
        live.handshake();
        assertEquals(ACCEPT, live.send(live.client, ACK | PSH, 517));
        assertEquals(ACCEPT, live.send(live.server, ACK | PSH, 4000));
        assertEquals(ACCEPT, live.send(live.client, ACK, 0));
        here.record.copyFrom(live.record);
        for (int i = 0; i < SEGMENTS_SINCE_SYNC; i++) {
            assertEquals(ACCEPT, live.send(live.client, ACK | PSH, SEGMENT));
            assertEquals(ACCEPT, live.send(live.server, ACK, 0));
        }
        here.client.next = live.client.next;
        here.server.next = live.server.next;
        here.nowNs = live.nowNs;
    }

    @Test
    void staleRecordWithoutPickupDropsTheLiveFlow() {
        assertEquals(TrackResult.SEQ_AFTER_WINDOW, here.send(here.client, ACK | PSH, SEGMENT));
    }

    @Test
    void bothDirectionsReanchorThenTrackingIsStrictAgain() {
        here.record.markPickup();

        assertEquals(ACCEPT, here.send(here.client, ACK | PSH, SEGMENT));
        assertTrue(anchored(ORIGINAL));
        assertFalse(anchored(REPLY));
        assertTrue(here.record.hasFlag(FlowRecord.FLAG_PICKUP));
        assertEquals(here.client.next, here.record.end(ORIGINAL));
        assertEquals(ACCEPT, here.send(here.client, ACK | PSH, SEGMENT), "the anchored direction keeps flowing");

        assertEquals(ACCEPT, here.send(here.server, ACK, 0));
        assertFalse(here.record.hasFlag(FlowRecord.FLAG_PICKUP));
        assertFalse(anchored(ORIGINAL) || anchored(REPLY), "anchoring bits leave with PICKUP");
        assertEquals(TcpState.ESTABLISHED, here.state());

        byte[] before = here.snapshot();
        assertEquals(TrackResult.SEQ_AFTER_WINDOW, here.raw(ORIGINAL, ACK | PSH, here.client.next + 500_000,
                here.server.next, 0xFFFF, SEGMENT));
        assertEquals(TrackResult.ACK_AFTER_WINDOW, here.raw(REPLY, ACK, here.server.next, here.client.next + 1,
                0xFFFF, 0));
        assertTrue(here.unchangedSince(before));
        assertEquals(ACCEPT, here.send(here.client, ACK | PSH, SEGMENT));
        assertEquals(ACCEPT, here.send(here.server, ACK | PSH, SEGMENT));
    }

    @Test
    void replyDirectionMayAnchorFirst() {
        here.record.markPickup();
        assertEquals(ACCEPT, here.send(here.server, ACK, 0));
        assertTrue(anchored(REPLY));
        assertEquals(ACCEPT, here.send(here.client, ACK | PSH, SEGMENT));
        assertFalse(here.record.hasFlag(FlowRecord.FLAG_PICKUP));
        assertEquals(ACCEPT, here.send(here.server, ACK, 0));
    }

    @Test
    void anchoredDirectionChecksItsOwnSequenceButNotAcksOfTheUnseenSide() {
        here.record.markPickup();
        assertEquals(ACCEPT, here.send(here.client, ACK | PSH, SEGMENT));
        // The server's data since the sync went unseen: acks beyond its stale end are believed.
        assertEquals(ACCEPT, here.raw(ORIGINAL, ACK, here.client.next, here.server.next + 1_000_000, 0xFFFF, 0));
        assertEquals(TrackResult.SEQ_AFTER_WINDOW, here.raw(ORIGINAL, ACK | PSH, here.client.next + 500_000,
                here.server.next, 0xFFFF, SEGMENT));
        assertTrue(here.record.hasFlag(FlowRecord.FLAG_PICKUP));
    }

    @Test
    void invalidFlagsAndImpossibleTransitionsAreStillDropped() {
        here.record.markPickup();
        byte[] before = here.snapshot();
        assertEquals(TrackResult.INVALID_FLAGS, here.raw(ORIGINAL, SYN | FIN, here.client.next, 0, 100, 0));
        assertEquals(TrackResult.INVALID_FLAGS, here.raw(REPLY, 0, here.server.next, 0, 100, 0));
        assertEquals(TrackResult.INVALID_STATE_TRANSITION, here.raw(REPLY, SYN, here.server.next, 0, 100, 0));
        assertTrue(here.unchangedSince(before));
    }

    @Test
    void resetNeverAnchorsAndMustHitTheWindowTheRecordHas() {
        here.record.markPickup();
        byte[] before = here.snapshot();
        assertEquals(TrackResult.RST_OUT_OF_WINDOW, here.raw(ORIGINAL, RST, here.client.next, 0, 0, 0),
                "10 MB past the stale copy: a blind reset as far as this node can tell");
        assertTrue(here.unchangedSince(before));

        // Once the server's segments have shown where the client is, the client's reset lands.
        assertEquals(ACCEPT, here.send(here.server, ACK, 0));
        assertFalse(anchored(ORIGINAL));
        assertEquals(ACCEPT, here.raw(ORIGINAL, RST, here.client.next, 0, 0, 0));
        assertEquals(TcpState.CLOSE, here.state());
    }

    @Test
    void closingHandshakeAfterPickupIsTracked() {
        here.record.markPickup();
        assertEquals(ACCEPT, here.send(here.client, FIN | ACK, 0));
        assertEquals(TcpState.FIN_WAIT, here.state());
        assertEquals(ACCEPT, here.send(here.server, FIN | ACK, 0));
        assertEquals(ACCEPT, here.send(here.client, ACK, 0));
        assertEquals(TcpState.TIME_WAIT, here.state());
        assertFalse(here.record.hasFlag(FlowRecord.FLAG_PICKUP));
    }

    @Test
    void handshakePickedUpBeforeTheReplyTakesTheOrdinaryPath() {
        Conversation c = new Conversation(1000, 5000);
        assertEquals(ACCEPT, c.open());
        c.record.markPickup();
        assertEquals(ACCEPT, c.send(c.server, SYN | ACK, 0));
        assertEquals(TcpState.SYN_RECV, c.state());
        assertEquals(ACCEPT, c.send(c.client, ACK, 0));
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertFalse(c.record.hasFlag(FlowRecord.FLAG_PICKUP));
        assertEquals(TrackResult.SEQ_AFTER_WINDOW, c.raw(ORIGINAL, ACK, c.client.next + 70_000, c.server.next,
                0xFFFF, 0));
    }

    @Test
    void markPickupClearsAnchoringLeftInThePeersCopy() {
        here.record.tcpFlags(ORIGINAL, here.record.tcpFlags(ORIGINAL) | TcpDirectionFlags.PICKUP_ANCHORED);
        here.record.markPickup();
        assertFalse(anchored(ORIGINAL));
        assertTrue(here.record.hasFlag(FlowRecord.FLAG_PICKUP));
        assertEquals(ACCEPT, here.send(here.client, ACK | PSH, SEGMENT));
    }

    private boolean anchored(int dir) {
        return (here.record.tcpFlags(dir) & TcpDirectionFlags.PICKUP_ANCHORED) != 0;
    }
}
