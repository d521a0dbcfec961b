package io.fw443.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fw443.packet.FrameParser;
import io.fw443.packet.PacketDescriptor;
import io.fw443.packet.ParseCounters;
import io.fw443.packet.ParseResult;
import org.junit.jupiter.api.Test;

/** The data-plane generator's frames are what the node's parser takes for the flow they claim to be. */
class BenchFramesTest {
    @Test
    void udpFrameIsAMinimumSizeDatagramOfItsFlow() {
        byte[] mac = {2, 0, 0, 0, 0, 1};
        byte[] frame = BenchFrames.udp(mac, mac, BenchFrames.ipv4(192, 0, 2, 10), 20_001,
                BenchFrames.ipv4(198, 51, 100, 102), 443, 18);
        PacketDescriptor d = new PacketDescriptor();
        assertEquals(ParseResult.OK, new FrameParser(new ParseCounters()).parse(frame, 0, frame.length, d));
        assertEquals(60, frame.length);
        assertEquals(17, d.protocol());
        assertEquals(BenchFrames.ipv4(192, 0, 2, 10), d.sourceIpv4());
        assertEquals(BenchFrames.ipv4(198, 51, 100, 102), d.destinationIpv4());
        assertEquals(20_001, d.sourcePort());
        assertEquals(443, d.destinationPort());
    }

    @Test
    void quantileIsTheNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, UdpPingPong.quantile(sorted, 0.50));
        assertEquals(10, UdpPingPong.quantile(sorted, 0.99));
    }
}
