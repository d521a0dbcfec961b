package io.fw443.tls.quic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CryptoFrameReassemblerTest
{
    private final CryptoFrameReassembler reassembler = new CryptoFrameReassembler();
    private final byte[] hello = ClientHellos.rfc9001();

    @Test
    void rfcCryptoFrameWithPaddingCompletes()
    {
        final byte[] payload = Arrays.copyOf(RfcVectors.load(RfcVectors.RFC9001).get("client_crypto_frame"), 1162);
        assertEquals(QuicStatus.COMPLETE, feed(payload));
        assertEquals(QuicReason.CLIENT_HELLO_COMPLETE, reassembler.reason());
        assertEquals(hello.length, reassembler.helloLength());
        assertArrayEquals(hello, Arrays.copyOf(reassembler.buffer(), reassembler.helloLength()));
    }

    @Test
    void outOfOrderFramesAcrossPacketsWithPingsAndPadding()
    {
        assertEquals(QuicStatus.NEED_MORE,
            feed(new Frames().padding(3).crypto(hello, 200, hello.length).ping().crypto(hello, 100, 150).bytes()));
        assertEquals(0, reassembler.contiguousLength());
        assertEquals(QuicStatus.NEED_MORE, feed(new Frames().crypto(hello, 2, 100).padding(50).bytes()));
        assertEquals(0, reassembler.contiguousLength());
        assertEquals(QuicStatus.NEED_MORE, feed(new Frames().crypto(hello, 0, 2).ack(0, 0).bytes()));
        assertEquals(150, reassembler.contiguousLength());
        assertEquals(QuicStatus.COMPLETE, feed(new Frames().crypto(hello, 140, 210).bytes()));
        assertArrayEquals(hello, Arrays.copyOf(reassembler.buffer(), reassembler.helloLength()));
    }

    @Test
    void duplicatesAndOverlapsWithEqualBytesAreAccepted()
    {
        assertEquals(QuicStatus.NEED_MORE, feed(new Frames().crypto(hello, 0, 120).crypto(hello, 0, 120).bytes()));
        assertEquals(QuicStatus.NEED_MORE, feed(new Frames().crypto(hello, 60, 200).bytes()));
        assertEquals(QuicStatus.COMPLETE, feed(new Frames().crypto(hello, 199, hello.length).bytes()));
    }

    @Test
    void overlapWithDifferentBytesIsRefused()
    {
        assertEquals(QuicStatus.NEED_MORE, feed(new Frames().crypto(hello, 0, 120).bytes()));
        final byte[] other = hello.clone();
        other[110] ^= 0x20;
        assertEquals(QuicStatus.MALFORMED, feed(new Frames().crypto(other, 100, 200).bytes()));
        assertEquals(QuicReason.CRYPTO_CONFLICT, reassembler.reason());
    }

    @Test
    void streamNotStartingWithClientHelloIsRefused()
    {
        final byte[] serverHello = hello.clone();
        serverHello[0] = 2;
        assertEquals(QuicStatus.MALFORMED, feed(new Frames().crypto(serverHello, 0, 1).bytes()));
        assertEquals(QuicReason.NOT_CLIENT_HELLO, reassembler.reason());
    }

    @Test
    void helloLongerThanCapacityIsTooLarge()
    {
        final CryptoFrameReassembler small = new CryptoFrameReassembler(hello.length - 1);
        final byte[] payload = new Frames().crypto(hello, 0, 4).bytes();
        assertEquals(QuicStatus.TOO_LARGE, small.onPayload(payload, 0, payload.length));
        assertEquals(QuicReason.CLIENT_HELLO_TOO_LARGE, small.reason());
    }

    @Test
    void dataBeyondCapacityIsClippedNotFatal()
    {
        final CryptoFrameReassembler exact = new CryptoFrameReassembler(hello.length);
        final byte[] beyond = new Frames().v(0x06).v(5000).v(3).raw((byte)1, (byte)2, (byte)3).bytes();
        assertEquals(QuicStatus.NEED_MORE, exact.onPayload(beyond, 0, beyond.length));
        final byte[] all = new Frames().crypto(hello, 0, hello.length).bytes();
        assertEquals(QuicStatus.COMPLETE, exact.onPayload(all, 0, all.length));
    }

    @Test
    void helloFillingTheWholeCapacityCompletes()
    {
        final byte[] big = ClientHellos.enlarged(CryptoFrameReassembler.DEFAULT_CAPACITY_BYTES - hello.length - 4);
        assertEquals(CryptoFrameReassembler.DEFAULT_CAPACITY_BYTES, big.length);
        for (int from = 0; from < big.length; from += 1000)
        {
            final QuicStatus s = feed(new Frames().crypto(big, from, Math.min(big.length, from + 1000)).bytes());
            assertEquals(from + 1000 >= big.length ? QuicStatus.COMPLETE : QuicStatus.NEED_MORE, s);
        }
        assertArrayEquals(big, Arrays.copyOf(reassembler.buffer(), reassembler.helloLength()));
    }

    /** RFC 9000 §12.4 Table 3: only PADDING, PING, ACK, CRYPTO and CONNECTION_CLOSE (0x1c) are allowed. */
    @ParameterizedTest
    @ValueSource(ints = { 0x04, 0x05, 0x07, 0x08, 0x0f, 0x10, 0x18, 0x1a, 0x1d, 0x1e, 0x30, 0x3f })
    void framesNotAllowedInInitialAreRefused(final int type)
    {
        assertEquals(QuicStatus.MALFORMED, feed(new Frames().v(type).padding(30).bytes()));
        assertEquals(QuicReason.FRAME_NOT_ALLOWED, reassembler.reason());
    }

    @Test
    void frameTypeInLongerEncodingIsRefused()
    {
        assertEquals(QuicStatus.MALFORMED, feed(HexFormat.of().parseHex("4006000104")));
        assertEquals(QuicReason.FRAME_TYPE_NOT_MINIMAL, reassembler.reason());
    }

    @Test
    void ackFramesOfBothTypesAndConnectionCloseAreSkipped()
    {
        final byte[] payload = new Frames()
            .v(0x02).v(10).v(5).v(2).v(1).v(0).v(1).v(3).v(0)  // 2 extra ranges
            .v(0x03).v(7).v(0).v(0).v(0).v(1).v(2).v(3)         // ECN counts
            .v(0x1c).v(0x0a).v(0x06).v(3).raw((byte)'b', (byte)'y', (byte)'e')
            .crypto(hello, 0, hello.length)
            .bytes();
        assertEquals(QuicStatus.COMPLETE, feed(payload));
    }

    /** Each frame cut one byte short of its end must be FRAME_TRUNCATED, never an exception. */
    @ParameterizedTest
    @CsvSource({
        "02 0a 05 02 01 00 01 03 00", "03 07 00 00 00 01 02 03", "1c 0a 06 03 62 79 65", "06 00 05 0102030405",
        "06 80000000", "02 0a 05 ffffffffffffffff 00",
    })
    void truncatedFramesAreReported(final String hex)
    {
        final byte[] frame = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertEquals(QuicStatus.MALFORMED, feed(Arrays.copyOf(frame, frame.length - 1)));
        assertEquals(QuicReason.FRAME_TRUNCATED, reassembler.reason());
    }

    @Test
    void cryptoOffsetBeyondTwoToThe62IsRefused()
    {
        final byte[] payload = new Frames().v(0x06).v(VarInt.MAX_VALUE).v(1).raw((byte)0).bytes();
        assertEquals(QuicStatus.MALFORMED, feed(payload));
        assertEquals(QuicReason.CRYPTO_OFFSET_OVERFLOW, reassembler.reason());
    }

    @Test
    void emptyPayloadHasNoFrames()
    {
        assertEquals(QuicStatus.MALFORMED, feed(new byte[0]));
        assertEquals(QuicReason.NO_FRAMES, reassembler.reason());
    }

    @Test
    void terminalStatusIsStickyUntilReset()
    {
        feed(new Frames().v(0x08).bytes());
        assertEquals(QuicStatus.MALFORMED, feed(new Frames().crypto(hello, 0, hello.length).bytes()));
        reassembler.reset();
        assertEquals(QuicStatus.COMPLETE, feed(new Frames().crypto(hello, 0, hello.length).bytes()));
    }

    private QuicStatus feed(final byte[] payload)
    {
        return reassembler.onPayload(payload, 0, payload.length);
    }
}
