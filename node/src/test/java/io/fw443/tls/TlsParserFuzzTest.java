package io.fw443.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the record / hello parsers and of the reassembler. Without JAZZER_FUZZ
 * this replays the seeds in TlsParserFuzzTestInputs (real ClientHellos from the JA4 corpus, one split
 * over 100-byte records, the same as a raw QUIC CRYPTO stream, a ServerHello prefix) as regression
 * tests. Invariants: nothing throws; NEED_MORE names a length beyond the input; a COMPLETE hello is
 * COMPLETE again on exactly its consumed prefix, with the same fingerprints; reassembly of an
 * undamaged flight, in any segmentation and order, agrees with parsing it whole.
 */
class TlsParserFuzzTest {
    private final ClientHelloParser parser = new ClientHelloParser();
    private final ServerHelloParser serverParser = new ServerHelloParser();
    private final ClientHelloInfo info = new ClientHelloInfo();
    private final ClientHelloInfo again = new ClientHelloInfo();
    private final ServerHelloInfo server = new ServerHelloInfo();
    private final Ja4 ja4 = new Ja4();
    private final Ja3 ja3 = new Ja3();
    private final byte[] first = new byte[Ja4.LENGTH + Ja3.MD5_HEX_LENGTH];
    private final byte[] second = new byte[Ja4.LENGTH + Ja3.MD5_HEX_LENGTH];
    private final ClientHelloReassembler reassembler = new ClientHelloReassembler();

    @FuzzTest(maxDuration = "20s")
    void parse(byte[] data) {
        checkClient(parser.parse(data, 0, data.length, info), data.length, false, data);
        checkClient(parser.parseHandshake(data, 0, data.length, info), data.length, true, data);
        checkServer(serverParser.parse(data, 0, data.length, server), data.length);
        checkServer(serverParser.parseHandshake(data, 0, data.length, server), data.length);
    }

    private void checkClient(TlsParseStatus status, int length, boolean raw, byte[] data) {
        if (status == TlsParseStatus.NEED_MORE) {
            assertTrue(info.neededBytes() > length);
        }
        if (status != TlsParseStatus.COMPLETE) {
            return;
        }
        int consumed = info.consumedBytes();
        assertTrue(consumed > 0 && consumed <= length);
        fingerprints(info, first);
        TlsParseStatus st = raw ? parser.parseHandshake(data, 0, consumed, again) : parser.parse(data, 0, consumed, again);
        assertEquals(TlsParseStatus.COMPLETE, st);
        fingerprints(again, second);
        assertTrue(Arrays.equals(first, second));
        ja4.raw(info);
        ja4.rawOriginal(info);
        ja3.ja3String(info);
        info.sni();
    }

    private void checkServer(TlsParseStatus status, int length) {
        if (status == TlsParseStatus.NEED_MORE) {
            assertTrue(server.neededBytes() > length);
        }
        if (status == TlsParseStatus.COMPLETE) {
            ja3.ja3sMd5Hex(server, first, 0);
            server.alpn();
        }
    }

    private void fingerprints(ClientHelloInfo hello, byte[] out) {
        ja4.compute(hello, out, 0);
        ja3.ja3Md5Hex(hello, out, Ja4.LENGTH);
    }

    @FuzzTest(maxDuration = "20s")
    void reassemble(FuzzedDataProvider data) {
        long isn = data.consumeInt();
        int segments = data.consumeInt(1, 40);
        int[] starts = new int[segments];
        int[] lengths = new int[segments];
        int[] flips = new int[segments];
        for (int i = 0; i < segments; i++) {
            starts[i] = data.consumeInt(-8, 20_000);
            lengths[i] = data.consumeInt(0, 3_000);
            flips[i] = data.consumeBoolean() ? data.consumeInt(0, 20_000) : -1;
        }
        byte[] flight = data.consumeRemainingAsBytes();
        TlsParseStatus whole = parser.parse(flight, 0, flight.length, again);

        reassembler.init(isn);
        TlsParseStatus status = TlsParseStatus.NEED_MORE;
        boolean damaged = false;
        for (int i = 0; i < segments && !status.isTerminal(); i++) {
            int from = Math.max(0, Math.min(starts[i], flight.length));
            int to = Math.min(flight.length, from + lengths[i]);
            byte[] payload = Arrays.copyOfRange(flight, from, to);
            if (flips[i] >= 0 && flips[i] < payload.length) {
                payload[flips[i]] ^= 0x5a;
                damaged = true;
            }
            status = reassembler.offer(isn + from, payload, 0, payload.length, parser, info);
            assertTrue(reassembler.contiguousBytes() <= reassembler.capacityBytes());
            assertTrue(reassembler.rangeCount() <= ClientHelloReassembler.MAX_RANGES);
        }
        if (status == TlsParseStatus.COMPLETE && !damaged && whole == TlsParseStatus.COMPLETE) {
            fingerprints(info, first);
            fingerprints(again, second);
            assertTrue(Arrays.equals(first, second));
        }
    }
}
