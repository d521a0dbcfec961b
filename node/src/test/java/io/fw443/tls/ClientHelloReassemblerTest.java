package io.fw443.tls;

import static io.fw443.tls.HelloBuilder.concat;
import static io.fw443.tls.HelloBuilder.hex;
import static io.fw443.tls.HelloBuilder.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientHelloReassemblerTest {
    private static final long ISN_PLUS_ONE = 0xfffff000L; // wraps within the first flight

    private final ClientHelloParser parser = new ClientHelloParser();
    private final ClientHelloInfo info = new ClientHelloInfo();
    private final Ja4 ja4 = new Ja4();
    private final ClientHelloReassembler reassembler = new ClientHelloReassembler();
    private final HelloBuilder hello = CraftedHellos.chromeLikeWithGreaseAndEch();
    private final byte[] flight = records(hello.clientHello(), 16384);

    record Segment(long seq, byte[] payload) {
    }

    private List<Segment> segments(byte[] data, int mss) {
        List<Segment> out = new ArrayList<>();
        for (int p = 0; p < data.length; p += mss) {
            int n = Math.min(mss, data.length - p);
            byte[] payload = new byte[n];
            System.arraycopy(data, p, payload, 0, n);
            out.add(new Segment((ISN_PLUS_ONE + p) & 0xffffffffL, payload));
        }
        return out;
    }

    private TlsParseStatus offer(Segment s) {
        return reassembler.offer(s.seq(), s.payload(), 0, s.payload().length, parser, info);
    }

    @Test
    void inOrderSegmentsCompleteOnTheLastOne() {
        reassembler.init(ISN_PLUS_ONE);
        List<Segment> segs = segments(flight, 536);
        for (int i = 0; i < segs.size() - 1; i++) {
            assertEquals(TlsParseStatus.NEED_MORE, offer(segs.get(i)));
        }
        assertEquals(TlsParseStatus.COMPLETE, offer(segs.get(segs.size() - 1)));
        assertEquals(FingerprintOracle.ja4(hello, 't'), ja4.fingerprint(info));
        assertEquals(TlsParseStatus.COMPLETE, offer(segs.get(0)), "terminal status sticks");
    }

    @Test
    void reversedSegmentsCompleteWhenTheFirstArrives() {
        reassembler.init(ISN_PLUS_ONE);
        List<Segment> segs = segments(flight, 300);
        Collections.reverse(segs);
        for (int i = 0; i < segs.size() - 1; i++) {
            assertEquals(TlsParseStatus.NEED_MORE, offer(segs.get(i)));
        }
        assertEquals(1, reassembler.rangeCount(), "the reversed tail merged into one range");
        assertEquals(TlsParseStatus.COMPLETE, offer(segs.get(segs.size() - 1)));
        assertEquals("www.example.test", info.sni());
    }

    /** Random order, random retransmissions and overlapping re-segmentation, as a lossy path produces. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void shuffledDuplicatedOverlappingSegmentsComplete(long seed) {
        Random random = new Random(seed);
        List<Segment> segs = new ArrayList<>();
        for (int mss : new int[] {200 + random.nextInt(300), 150 + random.nextInt(700)}) {
            segs.addAll(segments(flight, mss));
        }
        Collections.shuffle(segs, random);
        reassembler.init(ISN_PLUS_ONE);
        TlsParseStatus last = TlsParseStatus.NEED_MORE;
        for (Segment s : segs) {
            TlsParseStatus st = offer(s);
            if (st == TlsParseStatus.COMPLETE && last != TlsParseStatus.COMPLETE) {
                assertEquals(FingerprintOracle.ja4(hello, 't'), ja4.fingerprint(info));
            }
            if (st != TlsParseStatus.COMPLETE) {
                assertEquals(TlsParseStatus.NEED_MORE, st);
            }
            last = st;
        }
        assertEquals(TlsParseStatus.COMPLETE, last);
    }

    @Test
    void conflictingRetransmissionIsOverlapMismatch() {
        reassembler.init(ISN_PLUS_ONE);
        List<Segment> segs = segments(flight, 400);
        offer(segs.get(0));
        byte[] forged = segs.get(0).payload().clone();
        forged[100] ^= 1;
        assertEquals(TlsParseStatus.MALFORMED, reassembler.offer(segs.get(0).seq() + 50, forged, 50, 100, parser, info));
        assertEquals(TlsReason.OVERLAP_MISMATCH, reassembler.reason());
    }

    @Test
    void identicalPartialRetransmissionIsIgnored() {
        reassembler.init(ISN_PLUS_ONE);
        List<Segment> segs = segments(flight, 400);
        offer(segs.get(1));
        Segment s = segs.get(1);
        assertEquals(TlsParseStatus.NEED_MORE, reassembler.offer(s.seq() + 10, s.payload(), 10, 50, parser, info));
        assertEquals(1, reassembler.rangeCount());
    }

    @Test
    void tooManyHolesIsMalformed() {
        reassembler.init(ISN_PLUS_ONE);
        List<Segment> segs = segments(flight, 80);
        for (int i = 1; i <= ClientHelloReassembler.MAX_RANGES; i++) {
            assertEquals(TlsParseStatus.NEED_MORE, offer(segs.get(2 * i)));
        }
        assertEquals(TlsParseStatus.MALFORMED, offer(segs.get(2 * ClientHelloReassembler.MAX_RANGES + 2)));
        assertEquals(TlsReason.TOO_MANY_HOLES, reassembler.reason());
    }

    @Test
    void filledHolesFreeTheirRanges() {
        reassembler.init(ISN_PLUS_ONE);
        List<Segment> segs = segments(flight, 80);
        for (int i = 1; i <= ClientHelloReassembler.MAX_RANGES; i++) {
            offer(segs.get(2 * i));
        }
        offer(segs.get(3));
        assertEquals(ClientHelloReassembler.MAX_RANGES - 1, reassembler.rangeCount());
        assertEquals(TlsParseStatus.NEED_MORE, offer(segs.get(2 * ClientHelloReassembler.MAX_RANGES + 2)));
    }

    @Test
    void firstByteThatIsNotAHandshakeRecordIsNotTls() {
        reassembler.init(ISN_PLUS_ONE);
        byte[] http = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(TlsParseStatus.NOT_TLS, reassembler.offer(ISN_PLUS_ONE, http, 0, 1, parser, info));
        assertEquals(TlsParseStatus.NOT_TLS, reassembler.offer(ISN_PLUS_ONE + 1, http, 1, 5, parser, info));
    }

    @Test
    void helloBeyondTheBoundIsTooLargeAsSoonAsItsLengthIsKnown() {
        ClientHelloReassembler small = new ClientHelloReassembler(1024);
        small.init(ISN_PLUS_ONE);
        assertEquals(TlsParseStatus.TOO_LARGE, small.offer(ISN_PLUS_ONE, flight, 0, 9, parser, info));
    }

    @Test
    void recordHeadersCountAgainstTheBound() {
        byte[] message = hello.clientHello();
        byte[] tiny = records(message, 64);
        ClientHelloReassembler bounded = new ClientHelloReassembler(tiny.length - 1);
        bounded.init(ISN_PLUS_ONE);
        TlsParseStatus st = TlsParseStatus.NEED_MORE;
        for (Segment s : segments(tiny, 1000)) {
            st = bounded.offer(s.seq(), s.payload(), 0, s.payload().length, parser, info);
            if (st.isTerminal()) {
                break;
            }
        }
        assertEquals(TlsParseStatus.TOO_LARGE, st);
    }

    @Test
    void bytesBeforeTheFlightAreTrimmed() {
        reassembler.init(ISN_PLUS_ONE);
        byte[] withSynByte = concat(new byte[] {0x55}, flight);
        assertEquals(TlsParseStatus.COMPLETE,
                reassembler.offer(ISN_PLUS_ONE - 1, withSynByte, 0, withSynByte.length, parser, info));
    }

    @Test
    void trailingRecordsAfterTheHelloDoNotMatter() {
        reassembler.init(ISN_PLUS_ONE);
        byte[] withEarlyData = concat(flight, hex("17 0303 0004 01020304"));
        assertEquals(TlsParseStatus.COMPLETE,
                reassembler.offer(ISN_PLUS_ONE, withEarlyData, 0, withEarlyData.length, parser, info));
        assertEquals(flight.length, info.consumedBytes());
    }

    @Test
    void serverFlightUsesTheSameReassembly() {
        HelloBuilder h = new HelloBuilder().ciphers(0x1301);
        h.extension(0x0033, concat(HelloBuilder.u16(0x11ec), HelloBuilder.u16(1120), new byte[1120]));
        h.extension(0x002b, hex("0304"));
        byte[] wire = records(h.serverHello(), 16384);
        ServerHelloParser serverParser = new ServerHelloParser();
        ServerHelloInfo server = new ServerHelloInfo();
        reassembler.init(ISN_PLUS_ONE);
        assertEquals(TlsParseStatus.NEED_MORE,
                reassembler.offer(ISN_PLUS_ONE + 600, wire, 600, wire.length - 600, serverParser, server));
        assertEquals(TlsParseStatus.COMPLETE, reassembler.offer(ISN_PLUS_ONE, wire, 0, 600, serverParser, server));
        assertEquals(0x0304, server.selectedVersion());
        assertEquals(0x11ec, server.keyShareGroup());
    }

    @Test
    void initResetsForTheNextFlow() {
        reassembler.init(ISN_PLUS_ONE);
        reassembler.offer(ISN_PLUS_ONE, new byte[] {'x'}, 0, 1, parser, info);
        assertEquals(TlsParseStatus.NOT_TLS, reassembler.status());
        reassembler.init(7);
        assertEquals(TlsParseStatus.NEED_MORE, reassembler.status());
        assertEquals(TlsParseStatus.COMPLETE, reassembler.offer(7, flight, 0, flight.length, parser, info));
    }

    @Test
    void offerBeforeInitIsAProgrammingError() {
        ClientHelloReassembler fresh = new ClientHelloReassembler();
        assertThrows(IllegalStateException.class, () -> fresh.offer(1, flight, 0, 1, parser, info));
    }

    @Test
    void poolHandsOutItsInstancesThenNull() {
        ClientHelloReassemblerPool pool = new ClientHelloReassemblerPool(2, 4096);
        ClientHelloReassembler a = pool.acquire();
        ClientHelloReassembler b = pool.acquire();
        assertNotNull(a);
        assertNotNull(b);
        assertNull(pool.acquire());
        assertEquals(4096, a.capacityBytes());
        pool.release(a);
        assertEquals(1, pool.available());
        assertThrows(IllegalStateException.class, () -> pool.release(a));
        assertSame(a, pool.acquire());
        assertThrows(IllegalStateException.class, () -> pool.release(new ClientHelloReassembler()));
    }
}
