package io.fw443.packet;

import static io.fw443.packet.CapturedFrames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TcpRstBuilderTest {
    private final FrameParser parser = new FrameParser(new ParseCounters());
    private final PacketDescriptor rx = new PacketDescriptor();
    private final PacketDescriptor tx = new PacketDescriptor();
    private final TcpRstBuilder builder = new TcpRstBuilder();
    private final byte[] out = new byte[256];

    private void parseRx(byte[] f) {
        assertEquals(ParseResult.OK, parser.parse(f, 0, f.length, rx));
    }

    private void parseTx(int length) {
        assertEquals(ParseResult.OK, parser.parse(out, 0, length, tx));
        final byte[] source = Arrays.copyOfRange(out, tx.sourceAddressOffset(),
                tx.sourceAddressOffset() + tx.addressLength());
        final byte[] destination = Arrays.copyOfRange(out, tx.destinationAddressOffset(),
                tx.destinationAddressOffset() + tx.addressLength());
        final int stored = Frames.u16(out, tx.l4Offset() + 16);
        final byte[] segment = Arrays.copyOfRange(out, tx.l4Offset(), tx.l4Offset() + 20);
        segment[16] = 0;
        segment[17] = 0;
        assertEquals(ReferenceChecksum.transport(source, destination, 6, segment, 0, 20), stored, "TCP checksum");
    }

    @Test
    void replyToSynOnClosedPortIsByteForByteTheKernels() {
        parseRx(frame(CapturedFrames.IPV4_TCP_SYN_CLOSED));
        final int l2 = EthernetHeaderWriter.reply(rx, out, 0);
        final int l3 = builder.reply(rx, out, l2);
        assertEquals(CapturedFrames.IPV4_TCP_RST_ACK, Hex.string(out, 0, l2 + l3));
    }

    /** RFC 9293 §3.10.7.1: with ACK, SEQ = SEG.ACK and RST alone; without, SEQ 0, ACK = SEG.SEQ + SEG.LEN. */
    @ParameterizedTest(name = "flags={0} payload={1}")
    @CsvSource({
        "0x02, 0, 0, 0x0bc3248d, 0x14",      // SYN: ACK = seq + 1
        "0x03, 4, 0, 0x0bc32492, 0x14",      // SYN+FIN with 4 bytes: + 4 + 2
        "0x00, 4, 0, 0x0bc32490, 0x14",      // no flags, 4 bytes
        "0x10, 0, 0x01020304, 0, 0x04",      // ACK: SEQ = SEG.ACK
        "0x18, 4, 0x01020304, 0, 0x04",      // PSH+ACK with data
    })
    void replySequenceNumbers(int flags, int payload, long expectedSeq, long expectedAck, int expectedFlags) {
        byte[] f = frame(CapturedFrames.IPV4_TCP_SYN);
        f = Frames.set8(f, 34 + 13, flags);
        NetworkOrder.put32(f, 34 + 8, 0x01020304L);
        f = Frames.insert(f, f.length, new byte[payload]);
        f = Frames.fixIpv4(Frames.set16(f, Frames.L3 + 2, 60 + payload));
        parseRx(f);
        final int n = builder.reply(rx, out, 0);
        assertEquals(40, n);
        assertEquals(expectedSeq, NetworkOrder.u32(out, 24));
        assertEquals(expectedAck, NetworkOrder.u32(out, 28));
        assertEquals(expectedFlags, out[33] & 0xFF);
        assertEquals(0xC0000202, NetworkOrder.s32(out, 12), "from the segment's destination");
        assertEquals(443, Frames.u16(out, 20));
        assertEquals(43990, Frames.u16(out, 22));
    }

    @Test
    void acknowledgmentWrapsAround() {
        byte[] f = frame(CapturedFrames.IPV4_TCP_SYN);
        NetworkOrder.put32(f, 34 + 4, 0xFFFF_FFFFL);
        parseRx(f);
        assertEquals(40, builder.reply(rx, out, 0));
        assertEquals(0, NetworkOrder.u32(out, 28));
    }

    @Test
    void ipv6ResetsTowardBothEndsOfAFlow() {
        byte[] f = frame(CapturedFrames.IPV6_TCP_SYN);
        f = Frames.set8(f, 54 + 13, TcpFlyweight.ACK | TcpFlyweight.PSH);
        NetworkOrder.put32(f, 54 + 8, 0xAABBCCDDL);
        f = Frames.insert(f, f.length, new byte[100]);
        f = Frames.set16(f, Frames.L3 + 4, 40 + 100);
        parseRx(f);
        assertEquals(14, EthernetHeaderWriter.reply(rx, out, 0));

        final int toSender = builder.resetSender(rx, out, 14);
        assertEquals(60, toSender);
        parseTx(14 + toSender);
        assertEquals(443, tx.sourcePort());
        assertEquals(34110, tx.destinationPort());
        assertEquals(0xAABBCCDDL, tx.tcpSequence());
        assertEquals(0x9924dc57L + 100, tx.tcpAcknowledgment());
        assertEquals(TcpFlyweight.RST | TcpFlyweight.ACK, tx.tcpFlags());
        assertEquals(Hex.string(f, 38, 16), Hex.string(out, tx.sourceAddressOffset(), 16));

        final int toReceiver = builder.resetReceiver(rx, out, 14);
        assertEquals(60, toReceiver);
        parseTx(14 + toReceiver);
        assertEquals(34110, tx.sourcePort());
        assertEquals(443, tx.destinationPort());
        assertEquals(0x9924dc57L, tx.tcpSequence());
        assertEquals(0xAABBCCDDL, tx.tcpAcknowledgment());
        assertEquals(Hex.string(f, 22, 16), Hex.string(out, tx.sourceAddressOffset(), 16));
        assertEquals(64, tx.ttl());
    }

    @Test
    void noReplyToResetsNonTcpOrNonUnicastSources() {
        parseRx(frame(CapturedFrames.IPV4_TCP_RST_ACK));
        assertEquals(BuildStatus.NO_REPLY, builder.reply(rx, out, 0));
        assertEquals(BuildStatus.NO_REPLY, builder.resetSender(rx, out, 0));
        parseRx(frame(CapturedFrames.IPV4_UDP));
        assertEquals(BuildStatus.NO_REPLY, builder.reply(rx, out, 0));
        parseRx(Frames.fixIpv4(Frames.set8(frame(CapturedFrames.IPV4_TCP_SYN), 26, 224)));
        assertEquals(BuildStatus.NO_REPLY, builder.reply(rx, out, 0));
        parseRx(Frames.fixIpv4(Frames.set8(frame(CapturedFrames.IPV4_TCP_SYN), 26, 0)));
        assertEquals(BuildStatus.NO_REPLY, builder.reply(rx, out, 0));
        parseRx(Frames.set8(frame(CapturedFrames.IPV6_TCP_SYN), 38, 0xFF));
        assertEquals(BuildStatus.NO_REPLY, builder.reply(rx, out, 0), "to an IPv6 multicast destination");
        parseRx(frame(CapturedFrames.IPV4_TCP_SYN));
        assertEquals(BuildStatus.NO_REPLY, builder.resetReceiver(rx, out, 0), "a SYN is no established flow");
    }

    @Test
    void bufferTooSmall() {
        parseRx(frame(CapturedFrames.IPV6_TCP_SYN));
        assertEquals(BuildStatus.BUFFER_TOO_SMALL, builder.reply(rx, new byte[59], 0));
        assertEquals(BuildStatus.BUFFER_TOO_SMALL, builder.reply(rx, out, out.length - 59));
        assertEquals(BuildStatus.BUFFER_TOO_SMALL, EthernetHeaderWriter.reply(rx, new byte[13], 0));
        assertEquals(ParseResult.TRUNCATED_ETHERNET, parser.parse(new byte[10], 0, 10, rx));
        assertEquals(BuildStatus.NO_REPLY, EthernetHeaderWriter.reply(rx, out, 0));
        assertEquals(BuildStatus.NO_REPLY, builder.reply(rx, out, 0));
    }
}
