package io.fw443.tls.quic;

import static io.fw443.tls.quic.QuicInitialProtector.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class QuicInspectorTest
{
    private static final byte[] DCID = HexFormat.of().parseHex("0123456789abcdef");
    private static final byte[] OTHER_DCID = HexFormat.of().parseHex("fedcba9876543210aa");

    private final QuicInspector inspector = new QuicInspector();
    private final QuicInitialFlow flow = new QuicInitialFlow();
    private int offers;

    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void rfcClientInitialYieldsItsClientHello(final QuicVersion version)
    {
        final byte[] datagram = RfcVectors.of(version).get("client_protected_packet");
        assertEquals(QuicStatus.COMPLETE, offer(datagram));
        assertEquals(QuicReason.CLIENT_HELLO_COMPLETE, inspector.lastReason());
        final byte[] hello = ClientHellos.rfc9001();
        assertEquals(hello.length, flow.helloLength());
        assertArrayEquals(hello, Arrays.copyOf(flow.helloBuffer(), flow.helloLength()));
        assertTrue(ClientHellos.contains(flow.helloBuffer(), flow.helloLength(), ascii("example.com")));
        assertEquals(version, flow.version());
        assertCountersAddUp();
    }

    /** Chrome-style: the ClientHello in six CRYPTO frames, shuffled over three packets, the packets reordered. */
    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void splitShuffledAndReorderedClientHelloIsReassembled(final QuicVersion version)
    {
        final byte[] hello = ClientHellos.enlarged(2600);
        final int[] cut = { 0, 300, 900, 1400, 2000, 2500, hello.length };
        final byte[] p0 = initial(version, DCID, 0, new Frames().crypto(hello, cut[1], cut[2]).ping().padding(7)
            .crypto(hello, cut[0], cut[1]));
        final byte[] p1 = initial(version, DCID, 1, new Frames().ping().crypto(hello, cut[4], cut[5]).padding(1)
            .crypto(hello, cut[2], cut[3]));
        final byte[] p2 = initial(version, DCID, 2, new Frames().crypto(hello, cut[5], cut[6]).ping()
            .crypto(hello, cut[3], cut[4]));

        assertEquals(QuicStatus.NEED_MORE, offer(p2));
        assertEquals(QuicReason.CRYPTO_PENDING, inspector.lastReason());
        assertEquals(QuicStatus.NEED_MORE, offer(p0));
        assertEquals(QuicStatus.COMPLETE, offer(p1));
        assertArrayEquals(hello, Arrays.copyOf(flow.helloBuffer(), flow.helloLength()));
        assertEquals(1, inspector.keyDerivations(), "one derivation per flow, not per packet");
        assertCountersAddUp();
    }

    @Test
    void retransmittedDuplicatesAreHarmless()
    {
        final byte[] hello = ClientHellos.enlarged(1500);
        final byte[] first = initial(QuicVersion.V1, DCID, 0, new Frames().crypto(hello, 0, 1000));
        final byte[] again = initial(QuicVersion.V1, DCID, 1, new Frames().crypto(hello, 0, 1000));
        final byte[] rest = initial(QuicVersion.V1, DCID, 2, new Frames().crypto(hello, 900, hello.length));
        assertEquals(QuicStatus.NEED_MORE, offer(first));
        assertEquals(QuicStatus.NEED_MORE, offer(first));
        assertEquals(QuicStatus.NEED_MORE, offer(again));
        assertEquals(QuicStatus.COMPLETE, offer(rest));
    }

    /** RFC 9000 §12.2: several Initial packets coalesced in one datagram. */
    @Test
    void coalescedInitialPacketsAreAllRead()
    {
        final byte[] hello = ClientHellos.enlarged(600);
        final byte[] a = packet(QuicVersion.V1, DCID, 7, new Frames().crypto(hello, 400, hello.length));
        final byte[] b = packet(QuicVersion.V1, DCID, 8, new Frames().crypto(hello, 0, 400).padding(200));
        assertEquals(QuicStatus.COMPLETE, offer(padDatagram(concat(a, b))));
        assertArrayEquals(hello, Arrays.copyOf(flow.helloBuffer(), flow.helloLength()));
    }

    @Test
    void coalescedHandshakePacketIsSkipped()
    {
        final byte[] hello = ClientHellos.rfc9001();
        final byte[] a = packet(QuicVersion.V1, DCID, 0, new Frames().crypto(hello, 0, 100));
        final byte[] handshake = longHeaderPacket(0xe0, DCID, 300);
        final byte[] b = packet(QuicVersion.V1, DCID, 1, new Frames().crypto(hello, 100, hello.length));
        assertEquals(QuicStatus.COMPLETE, offer(padDatagram(concat(a, handshake, b))));
    }

    @Test
    void coalescedPacketOfAnotherConnectionAndTrailingZerosAreIgnored()
    {
        final byte[] hello = ClientHellos.rfc9001();
        final byte[] a = packet(QuicVersion.V1, DCID, 0, new Frames().crypto(hello, 0, 100));
        final byte[] other = packet(QuicVersion.V1, OTHER_DCID, 1, new Frames().crypto(hello, 100, hello.length));
        assertEquals(QuicStatus.NEED_MORE, offer(padDatagram(concat(a, other))));
        assertEquals(100, flow.reassembler.contiguousLength());
        assertEquals(1, inspector.keyDerivations());
    }

    /** The stated policy: an Initial that fails to decrypt changes nothing in the flow and is counted. */
    @Test
    void undecryptableInitialLeavesTheFlowUntouched()
    {
        final byte[] hello = ClientHellos.rfc9001();
        final byte[] genuine = initial(QuicVersion.V1, DCID, 0, new Frames().crypto(hello, 0, hello.length));
        final byte[] spoofed = genuine.clone();
        spoofed[700] ^= 0x55;
        assertEquals(QuicStatus.UNDECRYPTABLE, offer(spoofed));
        assertEquals(QuicReason.AEAD_FAILED, inspector.lastReason());
        assertEquals(QuicStatus.NEED_MORE, flow.status());
        assertEquals(0, flow.reassembler.contiguousLength());
        assertEquals(-1, flow.largestPacketNumber);
        assertEquals(QuicStatus.COMPLETE, offer(genuine));
        assertEquals(1, inspector.count(QuicReason.AEAD_FAILED));
        assertEquals(1, inspector.count(QuicReason.CLIENT_HELLO_COMPLETE));
        assertCountersAddUp();
    }

    @Test
    void secondCoalescedPacketFailingIsReportedAfterTheFirstWasUsed()
    {
        final byte[] hello = ClientHellos.rfc9001();
        final byte[] a = packet(QuicVersion.V1, DCID, 0, new Frames().crypto(hello, 0, 100));
        final byte[] b = packet(QuicVersion.V1, DCID, 1, new Frames().crypto(hello, 100, hello.length));
        b[b.length - 1] ^= 1;
        assertEquals(QuicStatus.UNDECRYPTABLE, offer(padDatagram(concat(a, b))));
        assertEquals(100, flow.reassembler.contiguousLength());
    }

    @Test
    void newDcidAfterRetryDerivesNewKeysAndKeepsTheStream()
    {
        final byte[] hello = ClientHellos.enlarged(1500);
        assertEquals(QuicStatus.NEED_MORE, offer(initial(QuicVersion.V1, DCID, 0, new Frames().crypto(hello, 0, 800))));
        // RFC 9000 §17.2.5.3: after a Retry the client resends the same ClientHello to the server's new CID.
        assertEquals(QuicStatus.NEED_MORE,
            offer(initial(QuicVersion.V1, OTHER_DCID, 1, new Frames().crypto(hello, 0, 1000))));
        assertEquals(QuicStatus.COMPLETE,
            offer(initial(QuicVersion.V1, OTHER_DCID, 2, new Frames().crypto(hello, 1000, hello.length))));
        assertEquals(2, inspector.keyDerivations());
    }

    @Test
    void decidedFlowIsNotInspectedAgain()
    {
        final byte[] datagram = RfcVectors.of(QuicVersion.V1).get("client_protected_packet");
        assertEquals(QuicStatus.COMPLETE, offer(datagram));
        assertEquals(QuicStatus.COMPLETE, offer(datagram));
        assertEquals(QuicReason.AFTER_DECISION, inspector.lastReason());
        assertEquals(1, inspector.keyDerivations());
        flow.reset();
        assertEquals(QuicStatus.COMPLETE, offer(datagram));
        assertEquals(QuicReason.CLIENT_HELLO_COMPLETE, inspector.lastReason());
        assertCountersAddUp();
    }

    @Test
    void reservedBitsEndTheFlowAsMalformed()
    {
        final QuicInitialKeys keys = QuicInitialProtector.clientKeys(QuicVersion.V1, DCID);
        final byte[] datagram = QuicInitialProtector.protect(QuicVersion.V1, keys, DCID, new byte[0], new byte[0], 0, 4,
            new Frames().crypto(ClientHellos.rfc9001(), 0, 10).paddedTo(1162), 2);
        assertEquals(QuicStatus.MALFORMED, offer(datagram));
        assertEquals(QuicReason.RESERVED_BITS_SET, inspector.lastReason());
    }

    @Test
    void forbiddenFrameEndsTheFlowAsMalformed()
    {
        // STREAM frame (0x08) in an Initial: RFC 9000 §17.2.2
        assertEquals(QuicStatus.MALFORMED, offer(initial(QuicVersion.V2, DCID, 0, new Frames().v(0x08).v(0).v(0))));
        assertEquals(QuicReason.FRAME_NOT_ALLOWED, inspector.lastReason());
        assertEquals(QuicStatus.MALFORMED, flow.status());
    }

    @Test
    void clientHelloLongerThanTheBufferIsTooLarge()
    {
        final byte[] header = { 1, 0, 0x4e, 0x20 }; // ClientHello of 20000 bytes
        assertEquals(QuicStatus.TOO_LARGE, offer(initial(QuicVersion.V1, DCID, 0, new Frames().crypto(header, 0, 4))));
        assertEquals(QuicReason.CLIENT_HELLO_TOO_LARGE, inspector.lastReason());
    }

    @ParameterizedTest
    @CsvSource({
        "40,                       NOT_INITIAL,     SHORT_HEADER",
        "80000000000800,           UNKNOWN_VERSION, VERSION_NEGOTIATION",
        "c01a2a3a4a0800,           UNKNOWN_VERSION, UNSUPPORTED_VERSION",
        "c0000000010800,           UNDECRYPTABLE,   PACKET_TOO_SHORT",
        "c000000001000044ff,       UNDECRYPTABLE,   HEADER_TRUNCATED",
        "c00000000100000080001000, UNDECRYPTABLE,   PACKET_TRUNCATED",
        "c00000000115,             UNDECRYPTABLE,   CID_TOO_LONG",
        "e0000000010000ffff,       NOT_INITIAL,     NOT_INITIAL_PACKET",
        "f0000000010000,           NOT_INITIAL,     NOT_INITIAL_PACKET",
    })
    void datagramsWithoutAUsableInitial(final String hex, final QuicStatus status, final QuicReason reason)
    {
        final byte[] datagram = Arrays.copyOf(HexFormat.of().parseHex(hex.strip()), 1200);
        assertEquals(status, offer(datagram));
        assertEquals(reason, inspector.lastReason());
        assertEquals(QuicStatus.NEED_MORE, flow.status());
        assertEquals(0, inspector.keyDerivations());
    }

    @Test
    void datagramSizeLimits()
    {
        assertEquals(QuicStatus.NOT_INITIAL, offer(new byte[0]));
        assertEquals(QuicReason.EMPTY_DATAGRAM, inspector.lastReason());
        final byte[] rfc = RfcVectors.of(QuicVersion.V1).get("client_protected_packet");
        final byte[] shortDatagram = initialOfLength(1199);
        assertEquals(QuicStatus.UNDECRYPTABLE, offer(shortDatagram));
        assertEquals(QuicReason.DATAGRAM_TOO_SHORT, inspector.lastReason());
        assertEquals(QuicStatus.UNDECRYPTABLE, offer(Arrays.copyOf(rfc, QuicInspector.MAX_DATAGRAM_BYTES + 1)));
        assertEquals(QuicReason.DATAGRAM_TOO_LONG, inspector.lastReason());
        assertEquals(QuicStatus.COMPLETE, offer(Arrays.copyOf(rfc, QuicInspector.MAX_DATAGRAM_BYTES)));
        assertCountersAddUp();
    }

    /** No prefix and no single-byte change of a valid datagram may throw; each maps to a reasoned status. */
    @Test
    void truncatedAndCorruptedDatagramsNeverThrow()
    {
        final byte[] rfc = RfcVectors.of(QuicVersion.V2).get("client_protected_packet");
        final EnumSet<QuicStatus> seen = EnumSet.noneOf(QuicStatus.class);
        for (int length = 0; length <= rfc.length; length += 7)
        {
            flow.reset();
            seen.add(offer(Arrays.copyOf(rfc, length)));
        }
        flow.reset();
        seen.add(offer(rfc));
        for (int i = 0; i < 40; i++)
        {
            final byte[] corrupt = rfc.clone();
            corrupt[i] ^= (byte)0xa5;
            flow.reset();
            seen.add(offer(corrupt));
        }
        assertTrue(seen.containsAll(EnumSet.of(QuicStatus.NOT_INITIAL, QuicStatus.UNDECRYPTABLE,
            QuicStatus.UNKNOWN_VERSION, QuicStatus.COMPLETE)), seen.toString());
        assertCountersAddUp();
    }

    private QuicStatus offer(final byte[] datagram)
    {
        offers++;
        return inspector.offer(flow, datagram, 0, datagram.length);
    }

    private void assertCountersAddUp()
    {
        long sum = 0;
        for (int i = 0; i < QuicReason.count(); i++)
        {
            sum += inspector.count(QuicReason.ofOrdinal(i));
        }
        assertEquals(offers, sum, "every offered datagram is counted under exactly one reason");
        assertEquals(0, inspector.count(QuicReason.NONE));
    }

    private static byte[] initial(final QuicVersion version, final byte[] dcid, final long pn, final Frames frames)
    {
        return QuicInitialProtector.clientInitial(version, dcid, pn, frames);
    }

    private static byte[] packet(final QuicVersion version, final byte[] dcid, final long pn, final Frames frames)
    {
        return QuicInitialProtector.protect(version, QuicInitialProtector.clientKeys(version, dcid), dcid, new byte[0],
            new byte[0], pn, 4, frames.bytes());
    }

    /** Zero bytes after the last packet: junk a receiver ignores, used here to reach the 1200-byte minimum. */
    private static byte[] padDatagram(final byte[] packets)
    {
        return Arrays.copyOf(packets, Math.max(packets.length, QuicInspector.MIN_INITIAL_DATAGRAM_BYTES));
    }

    /** A v1 long header packet of the given first byte with a Length field and {@code length} opaque bytes. */
    private static byte[] longHeaderPacket(final int firstByte, final byte[] dcid, final int length)
    {
        final byte[] prefix = concat(new byte[] { (byte)firstByte, 0, 0, 0, 1, (byte)dcid.length }, dcid,
            new byte[] { 0 }, Frames.varint(length));
        final byte[] body = new byte[length];
        Arrays.fill(body, (byte)0x5a);
        return concat(prefix, body);
    }

    private static byte[] initialOfLength(final int length)
    {
        final QuicInitialKeys keys = QuicInitialProtector.clientKeys(QuicVersion.V1, DCID);
        final int overhead = 1 + 4 + 1 + DCID.length + 1 + 1 + 2 + 4 + QuicInitialDecryptor.TAG_LENGTH;
        return QuicInitialProtector.protect(QuicVersion.V1, keys, DCID, new byte[0], new byte[0], 0, 4,
            new Frames().crypto(ClientHellos.rfc9001(), 0, 100).paddedTo(length - overhead));
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
