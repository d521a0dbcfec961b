package io.fw443.conntrack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fw443.table.FlowRecord;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary segments thrown at an established flow (strict or in pickup) must never break the tracker's promises:
 * no exception, a valid state, no trace left by a refused segment, and every accepted segment inside the window the
 * record had before it (conditions I–III, checked here independently of {@link TcpWindow}).
 */
class TcpTrackerFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void randomSegmentsKeepTheRecordConsistent(byte[] data) {
        exercise(data);
    }

    @Test
    void seededRandomSequencesKeepTheRecordConsistent() {
        Random random = new Random(443);
        for (int i = 0; i < 3_000; i++) {
            byte[] data = new byte[random.nextInt(600)];
            random.nextBytes(data);
            exercise(data);
        }
    }

    /** Input: [isn bytes][pickup bit] then 9-byte segments: dir, flags, seq delta, ack delta, window, length. */
    static void exercise(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        int clientIsn = in.remaining() >= 4 ? in.getInt() : 1000;
        Conversation c = new Conversation(clientIsn, clientIsn ^ 0x5A5A5A5A);
        c.handshake();
        if (in.hasRemaining() && (in.get() & 1) != 0) {
            c.record.markPickup();
        }
        FlowRecord r = c.record;
        while (in.remaining() >= 9) {
            int dir = in.get() & 3;
            int flags = in.get() & 0xFF;
            int d = dir & 1;
            int seq = r.end(d) + in.getShort() * 64;
            int ack = r.end(d ^ 1) + in.getShort() * 16;
            int window = (in.get() & 0xFF) << 8;
            int len = (in.get() & 0xFF) * 8;
            c.nowNs += 1_000_000;

            byte[] before = c.snapshot();
            boolean strict = !r.hasFlag(FlowRecord.FLAG_PICKUP);
            TrackResult result = c.raw(dir, flags, seq, ack, window, len);
            byte[] after = c.snapshot();

            assertNotNull(TcpState.fromCode(r.state()), "state byte " + r.state());
            if (result == TrackResult.IGNORED) {
                before[FlowRecord.FLAGS_OFFSET] |= FlowRecord.FLAG_SEEN_REPLY;
            }
            if (!result.passes() || result == TrackResult.IGNORED) {
                assertArrayEquals(before, after, result + " left a trace");
            }
            if (result == TrackResult.ACCEPT && strict) {
                assertInWindow(before, d, c.seg);
            }
            if (r.hasFlag(FlowRecord.FLAG_PICKUP)) {
                assertFalse(anchored(r, 0) && anchored(r, 1), "PICKUP outlived anchoring of both directions");
            } else {
                assertFalse(anchored(r, 0) || anchored(r, 1), "anchoring bits outside pickup");
            }
            if (result.disposition() == TrackResult.Disposition.NEW_FLOW) {
                return;
            }
        }
    }

    /** Conditions I–III against the record as it was, for segments that took the ordinary path. */
    private static void assertInWindow(byte[] before, int d, TcpSegment seg) {
        FlowRecord old = new FlowRecord().wrap(before, 0);
        if (seg.syn() || old.maxWindow(d) == 0) {
            return;
        }
        int receiverEnd = old.end(d ^ 1);
        assertFalse(TcpSegment.after(seg.seq(), old.maxEnd(d)), "I: accepted seq beyond maxend");
        if (old.maxWindow(d ^ 1) != 0) {
            assertFalse(TcpSegment.before(seg.end(), old.end(d) - old.maxWindow(d ^ 1)),
                    "II: accepted segment more than a window back");
        }
        boolean ackChecked = seg.ackFlag() && !(seg.rst() && seg.ack() == 0);
        if (ackChecked) {
            assertFalse(TcpSegment.after(seg.ack(), receiverEnd), "III: accepted ack of unsent data");
        }
    }

    private static boolean anchored(FlowRecord r, int dir) {
        return (r.tcpFlags(dir) & TcpDirectionFlags.PICKUP_ANCHORED) != 0;
    }

    @Test
    void exerciseRejectsAViolationWhenOneIsPlanted() {
        // Guards the harness itself: an accepted segment checked against a shrunken window must trip condition I.
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        byte[] before = c.snapshot();
        new FlowRecord().wrap(before, 0).maxEnd(0, 500);
        c.seg.set(TcpFlags.ACK, 1001, 5001, 100, 0);
        assertTrue(assertionFails(() -> assertInWindow(before, 0, c.seg)));
    }

    private static boolean assertionFails(Runnable r) {
        try {
            r.run();
            return false;
        } catch (AssertionError expected) {
            return true;
        }
    }
}
