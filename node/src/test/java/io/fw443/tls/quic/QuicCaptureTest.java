package io.fw443.tls.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * Initials sent by a real QUIC stack (quiche/BoringSSL), read from pcap files with pcap4j offline. Expected values
 * come from tshark's own decryption; see captures.md next to the files.
 */
class QuicCaptureTest
{
    private final QuicInspector inspector = new QuicInspector();
    private final QuicInitialFlow flow = new QuicInitialFlow();

    @Test
    void singlePacketClientHelloAndItsRetransmission() throws Exception
    {
        final List<byte[]> datagrams = udpPayloads("quiche-client-initial.pcap");
        assertEquals(2, datagrams.size());
        assertEquals(QuicStatus.COMPLETE, offer(datagrams.get(0)));
        assertEquals(231, flow.helloLength());
        assertEquals(1, flow.helloBuffer()[0], "handshake type client_hello");
        assertTrue(contains("h3.example.test"));
        assertEquals(QuicStatus.COMPLETE, offer(datagrams.get(1)));
        assertEquals(QuicReason.AFTER_DECISION, inspector.lastReason());
    }

    @Test
    void clientHelloOverThreePacketsInAnyOrder() throws Exception
    {
        final List<byte[]> datagrams = udpPayloads("quiche-client-initial-3-packets.pcap");
        assertEquals(3, datagrams.size());
        assertEquals(QuicStatus.NEED_MORE, offer(datagrams.get(2)));
        assertEquals(QuicStatus.NEED_MORE, offer(datagrams.get(0)));
        assertEquals(QuicStatus.COMPLETE, offer(datagrams.get(1)));
        assertEquals(3238, flow.helloLength());
        assertEquals(1, flow.helloBuffer()[0]);
        assertTrue(contains("big-hello.example.test"));
        assertTrue(contains("fw443-test-alpn-149"));
        assertEquals(QuicVersion.V1, flow.version());
        assertEquals(1, inspector.keyDerivations());
    }

    private QuicStatus offer(final byte[] datagram)
    {
        return inspector.offer(flow, datagram, 0, datagram.length);
    }

    private boolean contains(final String ascii)
    {
        return ClientHellos.contains(flow.helloBuffer(), flow.helloLength(), ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** UDP payloads of the Ethernet/IPv4 frames of a capture, read as raw bytes. */
    private static List<byte[]> udpPayloads(final String resource) throws Exception
    {
        final Path path = Path.of(QuicCaptureTest.class.getResource(resource).toURI());
        final List<byte[]> out = new ArrayList<>();
        final PcapHandle handle = Pcaps.openOffline(path.toString());
        try
        {
            for (byte[] frame = handle.getNextRawPacket(); frame != null; frame = handle.getNextRawPacket())
            {
                final int ip = 14;                                  // Ethernet II header (DLT_EN10MB on lo)
                assertEquals(0x0800, ((frame[12] & 0xff) << 8) | (frame[13] & 0xff), "IPv4 ethertype");
                assertEquals(17, frame[ip + 9], "UDP");
                final int udp = ip + (frame[ip] & 0x0f) * 4;
                final int udpLength = ((frame[udp + 4] & 0xff) << 8) | (frame[udp + 5] & 0xff);
                out.add(Arrays.copyOfRange(frame, udp + 8, udp + udpLength));
            }
        }
        finally
        {
            handle.close();
        }
        return out;
    }
}
