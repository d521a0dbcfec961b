package io.fw443.packet;

import static io.fw443.packet.CapturedFrames.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ForwardingRewriterTest {
    private final FrameParser parser = new FrameParser(new ParseCounters());
    private final PacketDescriptor d = new PacketDescriptor();
    private final ForwardingRewriter rewriter = new ForwardingRewriter();

    private void parseOk(byte[] f) {
        assertEquals(ParseResult.OK, parser.parse(f, 0, f.length, d));
    }

    @Test
    void ipv4TtlWalksDownToOneWithAValidChecksumAtEveryStep() {
        final byte[] f = Frames.fixIpv4(Frames.set8(frame(CapturedFrames.IPV4_TCP_SYN), Frames.L3 + 8, 255));
        parseOk(f);
        for (int expected = 254; expected >= 1; expected--) {
            assertTrue(rewriter.decrementTtl(d));
            assertEquals(expected, f[Frames.L3 + 8] & 0xFF);
            assertEquals(expected, d.ttl());
            assertEquals(0, ReferenceChecksum.checksum(f, Frames.L3, 20), "header checksum at TTL " + expected);
        }
        final byte[] before = f.clone();
        assertFalse(rewriter.decrementTtl(d), "TTL 1 expires here");
        assertArrayEquals(before, f);
    }

    @Test
    void arpIsLeftAlone() {
        final byte[] f = frame(CapturedFrames.ARP_REQUEST);
        assertEquals(ParseResult.NOT_IP, parser.parse(f, 0, f.length, d));
        assertFalse(rewriter.decrementTtl(d));
        assertArrayEquals(frame(CapturedFrames.ARP_REQUEST), f);
    }

    @Test
    void ttlZeroIsNotForwarded() {
        final byte[] f = Frames.fixIpv4(Frames.set8(frame(CapturedFrames.IPV4_UDP), Frames.L3 + 8, 0));
        parseOk(f);
        assertFalse(rewriter.decrementTtl(d));
    }

    @Test
    void taggedFrameIpv4HeaderIsFound() {
        final byte[] f = Frames.withVlanTags(frame(CapturedFrames.IPV4_ICMP_PORT_UNREACHABLE), new int[] {0x8100},
                new int[] {42});
        parseOk(f);
        assertTrue(rewriter.decrementTtl(d));
        assertEquals(63, f[18 + 8] & 0xFF);
        assertEquals(0, ReferenceChecksum.checksum(f, 18, 20));
    }

    @Test
    void ipv6HopLimit() {
        final byte[] f = frame(CapturedFrames.IPV6_TCP_SYN);
        parseOk(f);
        assertTrue(rewriter.decrementTtl(d));
        assertEquals(63, f[Frames.L3 + 7] & 0xFF);
        parseOk(frame(CapturedFrames.IPV6_HOP_BY_HOP_MLD));
        assertFalse(rewriter.decrementTtl(d), "hop limit 1");
    }

    @Test
    void macsAreRewrittenAndNothingElse() {
        final byte[] f = frame(CapturedFrames.IPV6_UDP);
        final byte[] before = f.clone();
        parseOk(f);
        final byte[] macs = Hex.bytes("020000000001" + "020000000002");
        rewriter.rewriteMacs(d, macs, 0, macs, 6);
        assertEquals("020000000002" + "020000000001", Hex.string(f, 0, 12));
        assertEquals(Hex.string(before, 12, before.length - 12), Hex.string(f, 12, f.length - 12));
    }
}
