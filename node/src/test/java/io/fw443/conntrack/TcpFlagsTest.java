package io.fw443.conntrack;

import static io.fw443.conntrack.TcpFlags.ACK;
import static io.fw443.conntrack.TcpFlags.FIN;
import static io.fw443.conntrack.TcpFlags.PSH;
import static io.fw443.conntrack.TcpFlags.RST;
import static io.fw443.conntrack.TcpFlags.SYN;
import static io.fw443.conntrack.TcpFlags.URG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.FlowRecord;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TcpFlagsTest {
    /** Linux's tcp_valid_flags, written as the header bits (FIN 01, SYN 02, RST 04, ACK 10, URG 20). */
    private static final Set<Integer> LINUX_VALID = Set.of(0x02, 0x22, 0x12, 0x04, 0x14, 0x11, 0x31, 0x10, 0x30);

    static IntStream everyFlagsByte() {
        return IntStream.range(0, 256);
    }

    @ParameterizedTest(name = "flags 0x{0}")
    @MethodSource("everyFlagsByte")
    void validityIgnoresOnlyPshEceCwr(int flags) {
        boolean expected = LINUX_VALID.contains(flags & ~(0x08 | 0x40 | 0x80));
        assertEquals(expected, TcpFlags.valid(flags));
    }

    /** Every invalid byte is refused by an established flow, which is left untouched, and by pickup alike. */
    @ParameterizedTest(name = "flags 0x{0}")
    @MethodSource("everyFlagsByte")
    void trackerDropsEveryInvalidCombination(int flags) {
        Conversation c = new Conversation(1000, 5000);
        c.handshake();
        byte[] before = c.snapshot();
        TrackResult result = c.raw(FlowDirection.ORIGINAL, flags, c.client.next, c.server.next, 100, 0);
        if (TcpFlags.valid(flags)) {
            assertTrue(result != TrackResult.INVALID_FLAGS, "valid flags refused as invalid");
            return;
        }
        assertEquals(TrackResult.INVALID_FLAGS, result);
        assertTrue(c.unchangedSince(before));

        c.record.markPickup();
        TrackResult inPickup = c.raw(FlowDirection.REPLY, flags, c.server.next, c.client.next, 100, 0);
        assertEquals(TrackResult.INVALID_FLAGS, inPickup);
        assertTrue(c.record.hasFlag(FlowRecord.FLAG_PICKUP));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "NULL, 0",
        "SYN+FIN, " + (SYN | FIN),
        "SYN+RST, " + (SYN | RST),
        "SYN+FIN+ACK, " + (SYN | FIN | ACK),
        "SYN+RST+ACK, " + (SYN | RST | ACK),
        "Xmas FIN+PSH+URG, " + (FIN | PSH | URG),
        "all six, " + (FIN | SYN | RST | PSH | ACK | URG),
        "lone FIN, " + FIN,
        "lone URG, " + URG,
        "lone PSH, " + PSH,
        "RST+FIN, " + (RST | FIN),
        "RST+FIN+ACK, " + (RST | FIN | ACK),
        "SYN+ACK+URG, " + (SYN | ACK | URG),
    })
    void namedScanCombinationsCannotOpenAFlow(String name, int flags) {
        TcpSegment seg = new TcpSegment().set(flags, 1, 0, 1024, 0);
        assertEquals(TrackResult.INVALID_FLAGS, TcpTracker.checkOpener(seg));
        FlowRecord r = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear();
        assertEquals(TrackResult.INVALID_FLAGS, new TcpTracker(ConntrackTimeouts.defaults()).open(r, seg, 0));
        assertEquals(0, r.state());
    }
}
