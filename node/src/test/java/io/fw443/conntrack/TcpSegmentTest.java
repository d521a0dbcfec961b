package io.fw443.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TcpSegmentTest {
    @ParameterizedTest(name = "flags {0} seq {1} len {2} -> end {3}")
    @CsvSource({
        "2,  100, 0,    101",
        "18, 100, 0,    101",
        "16, 100, 1400, 1500",
        "17, 100, 10,   111",
        "4,  100, 0,    100",
        "16, -1,  1,    0",
    })
    void endCountsSynAndFinAsOneOctetEach(int flags, int seq, int len, int end) {
        assertEquals(end, new TcpSegment().set(flags, seq, 0, 0, len).end());
    }

    @Test
    void setMasksFieldsAndClearsOptions() {
        TcpSegment seg = new TcpSegment().set(0x1FF, 1, 2, 0x12345, 0).windowScale(3).sackPermitted(true)
                .sackRightEdge(9);
        assertEquals(0xFF, seg.flags());
        assertEquals(0x2345, seg.window());
        seg.set(TcpFlags.ACK, 1, 2, 3, 0);
        assertEquals(TcpSegment.NO_WINDOW_SCALE, seg.windowScale());
        assertFalse(seg.sackPermitted());
        assertFalse(seg.hasSack());
    }

    @Test
    void windowScaleIsClampedToFourteen() {
        assertEquals(14, new TcpSegment().windowScale(15).windowScale());
        assertEquals(14, new TcpSegment().windowScale(255).windowScale());
        assertEquals(0, new TcpSegment().windowScale(0).windowScale());
        assertEquals(TcpSegment.NO_WINDOW_SCALE, new TcpSegment().windowScale(-7).windowScale());
    }

    @Test
    void sequenceComparisonsWrapAround() {
        assertTrue(TcpSegment.after(5, -5));
        assertTrue(TcpSegment.before(0x7FFFFFFF, 0x80000000));
        assertTrue(TcpSegment.after(0, 0xFFFFFFFF));
        assertFalse(TcpSegment.after(7, 7));
        assertFalse(TcpSegment.before(7, 7));
    }
}
