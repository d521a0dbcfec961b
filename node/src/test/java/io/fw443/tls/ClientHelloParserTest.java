package io.fw443.tls;

import static io.fw443.tls.HelloBuilder.concat;
import static io.fw443.tls.HelloBuilder.hex;
import static io.fw443.tls.HelloBuilder.records;
import static io.fw443.tls.HelloBuilder.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientHelloParserTest {
    private final ClientHelloParser parser = new ClientHelloParser();
    private final ClientHelloInfo info = new ClientHelloInfo();
    private final Ja4 ja4 = new Ja4();
    private final Ja3 ja3 = new Ja3();

    @Test
    void greaseLadenEchHelloYieldsEveryListInWireOrder() {
        HelloBuilder h = CraftedHellos.chromeLikeWithGreaseAndEch();
        byte[] wire = records(h.clientHello(), 16384);

        assertEquals(TlsParseStatus.COMPLETE, parser.parse(wire, 0, wire.length, info));
        assertEquals(TlsReason.NONE, info.reason());
        assertEquals(wire.length, info.consumedBytes());
        assertEquals(0x0303, info.legacyVersion());
        assertArrayEquals(h.ciphers.stream().mapToInt(Integer::intValue).toArray(),
                list(info.cipherSuiteCount(), info::cipherSuite));
        assertArrayEquals(h.extensions.stream().mapToInt(HelloBuilder.Extension::type).toArray(),
                list(info.extensionCount(), info::extensionType));
        assertArrayEquals(new int[] {0x2a2a, 0x11ec, 0x001d, 0x0017, 0x0018},
                list(info.supportedGroupCount(), info::supportedGroup));
        assertArrayEquals(new int[] {0}, list(info.ecPointFormatCount(), info::ecPointFormat));
        assertArrayEquals(new int[] {0x0403, 0x0804, 0x8a8a, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601},
                list(info.signatureAlgorithmCount(), info::signatureAlgorithm));
        assertArrayEquals(new int[] {0x7a7a, 0x0304, 0x0303}, list(info.supportedVersionCount(), info::supportedVersion));
        assertArrayEquals(new int[] {0x2a2a, 0x11ec, 0x001d}, list(info.keyShareGroupCount(), info::keyShareGroup));
        assertEquals(0x0304, info.maxOfferedVersion());
        assertEquals("www.example.test", info.sni());
        assertTrue(info.sniEquals("www.example.test".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(2, info.alpnCount());
        assertEquals("h2", info.alpn(0));
        assertEquals("http/1.1", info.alpn(1));
        assertTrue(info.hasEch());
        assertEquals(ClientHelloInfo.GREASE_CIPHER_SUITES | ClientHelloInfo.GREASE_EXTENSIONS
                | ClientHelloInfo.GREASE_SUPPORTED_GROUPS | ClientHelloInfo.GREASE_SUPPORTED_VERSIONS
                | ClientHelloInfo.GREASE_SIGNATURE_ALGORITHMS | ClientHelloInfo.GREASE_KEY_SHARES, info.greaseMask());

        assertEquals(FingerprintOracle.ja4(h, 't'), ja4.fingerprint(info));
        assertEquals(FingerprintOracle.ja4Raw(h, 't'), ja4.raw(info));
        assertEquals(FingerprintOracle.ja3(h), ja3.ja3String(info));
        assertEquals(FingerprintOracle.md5(FingerprintOracle.ja3(h)), ja3.ja3Md5(info));
    }

    @Test
    void helloWithoutGreaseOrEchSaysSo() {
        HelloBuilder h = CraftedHellos.ja4SpecExample(true);
        byte[] wire = records(h.clientHello(), 16384);
        assertEquals(TlsParseStatus.COMPLETE, parser.parse(wire, 0, wire.length, info));
        assertFalse(info.hasEch());
        assertFalse(info.hasGrease());
    }

    /** JA4 specification, worked example and raw outputs (technical_details/JA4.md). */
    @Test
    void ja4SpecificationExample() {
        byte[] wire = records(CraftedHellos.ja4SpecExample(true).clientHello(), 16384);
        assertEquals(TlsParseStatus.COMPLETE, parser.parse(wire, 0, wire.length, info));
        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", ja4.fingerprint(info));
        assertEquals("t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
                + "0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_"
                + "0403,0804,0401,0503,0805,0501,0806,0601", ja4.raw(info));
        assertEquals("t13d1516h2_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_"
                + "001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015_"
                + "0403,0804,0401,0503,0805,0501,0806,0601", ja4.rawOriginal(info));
    }

    /** JA4 specification: "If there are no signature algorithms ... the string ends without an underscore". */
    @Test
    void ja4WithoutSignatureAlgorithmsHashesTheExtensionsAlone() {
        byte[] wire = records(CraftedHellos.ja4SpecExample(false).clientHello(), 16384);
        assertEquals(TlsParseStatus.COMPLETE, parser.parse(wire, 0, wire.length, info));
        assertTrue(ja4.fingerprint(info).endsWith("_6d807ffa2a79"));
    }

    /** The first-ALPN table of the JA4 specification ("ALPN Extension Value"). */
    static Stream<Arguments> alpnCases() {
        return Stream.of(
                Arguments.of("h2", new byte[][] {"h2".getBytes(StandardCharsets.US_ASCII)}),
                Arguments.of("h1", new byte[][] {"http/1.1".getBytes(StandardCharsets.US_ASCII), {'h', '2'}}),
                Arguments.of("ab", new byte[][] {{(byte) 0xab}}),
                Arguments.of("ad", new byte[][] {{(byte) 0xab, (byte) 0xcd}}),
                Arguments.of("3b", new byte[][] {{0x30, (byte) 0xab}}),
                Arguments.of("3d", new byte[][] {{0x30, 0x31, (byte) 0xab, (byte) 0xcd}}),
                Arguments.of("01", new byte[][] {{0x30, (byte) 0xab, (byte) 0xcd, 0x31}}),
                Arguments.of("zz", new byte[][] {{'z'}}),
                Arguments.of("00", new byte[][] {{}, {'h', '2'}}),
                Arguments.of("00", null));
    }

    @ParameterizedTest
    @MethodSource("alpnCases")
    void ja4AlpnCharacters(String expected, byte[][] protocols) {
        HelloBuilder h = new HelloBuilder().ciphers(0x1301).supportedVersions(0x0304);
        if (protocols != null) {
            h.alpnRaw(protocols);
        }
        byte[] wire = h.clientHello();
        assertEquals(TlsParseStatus.COMPLETE, parser.parseHandshake(wire, 0, wire.length, info));
        assertEquals(expected, ja4.fingerprint(info).substring(8, 10));
        assertEquals(FingerprintOracle.ja4(h, 'q'), ja4.fingerprint(info));
    }

    /** One hello split over records of every awkward size gives the same facts as one record. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 100, 1000, 1500, 16384})
    void helloSplitAcrossRecords(int fragmentBytes) {
        HelloBuilder h = CraftedHellos.chromeLikeWithGreaseAndEch();
        byte[] wire = records(h.clientHello(), fragmentBytes);
        byte[] trailing = concat(wire, hex("140303000101"));

        assertEquals(TlsParseStatus.COMPLETE, parser.parse(trailing, 0, trailing.length, info));
        assertEquals(wire.length, info.consumedBytes());
        assertEquals(FingerprintOracle.ja4Raw(h, 't'), ja4.raw(info));
        assertEquals(FingerprintOracle.ja4(h, 't'), ja4.fingerprint(info));
        assertEquals("www.example.test", info.sni());
    }

    /** Every proper prefix is NEED_MORE with a lower bound the full input satisfies. */
    @ParameterizedTest
    @ValueSource(ints = {3, 300, 16384})
    void everyPrefixNeedsMore(int fragmentBytes) {
        byte[] wire = records(CraftedHellos.chromeLikeWithGreaseAndEch().clientHello(), fragmentBytes);
        for (int len = 0; len < wire.length; len++) {
            assertEquals(TlsParseStatus.NEED_MORE, parser.parse(wire, 0, len, info), "prefix " + len);
            int needed = info.neededBytes();
            assertTrue(needed > len && needed <= wire.length, "prefix " + len + " needed " + needed);
        }
    }

    @Test
    void parseHonoursOffsetAndLength() {
        HelloBuilder h = CraftedHellos.chromeLikeWithGreaseAndEch();
        byte[] wire = records(h.clientHello(), 500);
        byte[] padded = concat(hex("deadbeef"), wire, hex("ffff"));
        assertEquals(TlsParseStatus.COMPLETE, parser.parse(padded, 4, wire.length, info));
        assertEquals(FingerprintOracle.ja4(h, 't'), ja4.fingerprint(info));
        assertEquals(TlsParseStatus.NEED_MORE, parser.parse(padded, 4, wire.length - 1, info));
    }

    @Test
    void rawHandshakeInputIsQuicTransport() {
        HelloBuilder h = CraftedHellos.chromeLikeWithGreaseAndEch();
        byte[] message = h.clientHello();
        byte[] stream = concat(message, HelloBuilder.handshake(8, new byte[3]));
        assertEquals(TlsParseStatus.COMPLETE, parser.parseHandshake(stream, 0, stream.length, info));
        assertEquals(TlsTransport.QUIC, info.transport());
        assertEquals(message.length, info.consumedBytes());
        assertEquals(FingerprintOracle.ja4(h, 'q'), ja4.fingerprint(info));
        for (int len = 0; len < message.length; len++) {
            assertEquals(TlsParseStatus.NEED_MORE, parser.parseHandshake(message, 0, len, info));
            assertTrue(info.neededBytes() > len && info.neededBytes() <= message.length);
        }
    }

    static Stream<Arguments> notTls() {
        return Stream.of(
                Arguments.of("HTTP request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("one byte of HTTP", new byte[] {'G'}),
                Arguments.of("SSH banner", "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("SSLv2-compatible hello", hex("80 2e 01 0301 0015 0000 0010")),
                Arguments.of("application data record", hex("17 0303 0010")),
                Arguments.of("handshake type with bad major", hex("16 02")),
                Arguments.of("empty-looking zeros", new byte[16]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notTls")
    void firstBytesThatAreNotAHandshakeRecordAreNotTls(String name, byte[] input) {
        assertEquals(TlsParseStatus.NOT_TLS, parser.parse(input, 0, input.length, info));
    }

    static Stream<Arguments> malformed() {
        byte[] hello = CraftedHellos.ja4SpecExample(true).clientHello();
        byte[] firstHalf = Arrays.copyOf(hello, 40);
        return Stream.of(
                Arguments.of(TlsReason.UNEXPECTED_HANDSHAKE_TYPE, records(HelloBuilder.handshake(2, new byte[40]), 100)),
                Arguments.of(TlsReason.EMPTY_RECORD, hex("16 0301 0000")),
                Arguments.of(TlsReason.RECORD_OVERFLOW, hex("16 0301 4001")),
                Arguments.of(TlsReason.ALERT, hex("15 0303 0002 0228")),
                Arguments.of(TlsReason.UNEXPECTED_RECORD_TYPE, concat(records(firstHalf, 100), hex("14 0303 0001 01"))),
                Arguments.of(TlsReason.BAD_RECORD_VERSION, concat(records(firstHalf, 100), hex("16 0203 0001 01"))),
                Arguments.of(TlsReason.BAD_SESSION_ID, hello(h -> h.sessionId = new byte[33])),
                Arguments.of(TlsReason.BAD_CIPHER_SUITES, hello(h -> h.ciphers.clear())),
                Arguments.of(TlsReason.BAD_COMPRESSION_METHODS, hello(h -> h.compressionMethods = new byte[0])),
                Arguments.of(TlsReason.DUPLICATE_EXTENSION, hello(h -> h.sni("second.example.test"))),
                Arguments.of(TlsReason.SNI_TOO_LONG, hello(h -> {
                    h.extensions.removeIf(e -> e.type() == 0);
                    h.sni("a".repeat(256));
                })),
                Arguments.of(TlsReason.BAD_EXTENSION, hello(h -> {
                    h.extensions.removeIf(e -> e.type() == 0x002b);
                    h.extension(0x002b, hex("03 0304 03"));
                })),
                Arguments.of(TlsReason.BAD_EXTENSION, hello(h -> {
                    h.extensions.removeIf(e -> e.type() == 0x000a);
                    h.extension(0x000a, hex("0004 001d"));
                })),
                Arguments.of(TlsReason.BAD_EXTENSION, hello(h -> {
                    h.extensions.removeIf(e -> e.type() == 0x0010);
                    h.extension(0x0010, hex("0003 05 6832"));
                })),
                Arguments.of(TlsReason.TOO_MANY_ENTRIES, hello(h -> {
                    h.ciphers.clear();
                    IntStream.range(0, ClientHelloInfo.MAX_LIST_ENTRIES + 1).forEach(i -> h.ciphers(0x1000 + i));
                })),
                Arguments.of(TlsReason.TRUNCATED_HELLO, records(HelloBuilder.handshake(1, hex("0303 0102")), 100)),
                Arguments.of(TlsReason.BAD_EXTENSIONS_LENGTH, records(HelloBuilder.handshake(1,
                        concat(CraftedHellos.ja4SpecExample(true).clientBody(), new byte[] {0})), 16384)));
    }

    private static byte[] hello(java.util.function.Consumer<HelloBuilder> change) {
        HelloBuilder h = CraftedHellos.ja4SpecExample(true);
        change.accept(h);
        return records(h.clientHello(), 16384);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void grammarViolationsAreMalformedWithAReason(TlsReason reason, byte[] input) {
        assertEquals(TlsParseStatus.MALFORMED, parser.parse(input, 0, input.length, info));
        assertEquals(reason, info.reason());
    }

    @Test
    void helloLongerThanTheBoundIsTooLargeFromItsHeader() {
        byte[] header = hex("16 0301 4000 01 004001");
        assertEquals(TlsParseStatus.TOO_LARGE, parser.parse(header, 0, header.length, info));
        ClientHelloParser small = new ClientHelloParser(512);
        byte[] wire = records(CraftedHellos.chromeLikeWithGreaseAndEch().clientHello(), 100);
        assertEquals(TlsParseStatus.TOO_LARGE, small.parse(wire, 0, 9, info));
        assertEquals(TlsParseStatus.TOO_LARGE, small.parseHandshake(wire, 5, 4, info));
    }

    /** TLS 1.0-era hellos may end after the compression methods (RFC 5246 §7.4.1.2). */
    @Test
    void helloWithoutExtensionsBlock() {
        HelloBuilder h = new HelloBuilder().ciphers(0x0035, 0x002f, 0x000a);
        h.legacyVersion = 0x0301;
        h.omitExtensionsBlock = true;
        byte[] wire = records(h.clientHello(), 16384);
        assertEquals(TlsParseStatus.COMPLETE, parser.parse(wire, 0, wire.length, info));
        assertEquals(0, info.extensionCount());
        assertNull(info.sni());
        assertEquals("t10i030000_" + FingerprintOracle.ja4(h, 't').substring(11, 23) + "_000000000000",
                ja4.fingerprint(info));
        assertEquals("769,53-47-10,,,", ja3.ja3String(info));
    }

    @Test
    void ja3HashWrittenInPlaceMatchesTheString() {
        HelloBuilder h = CraftedHellos.chromeLikeWithGreaseAndEch();
        byte[] wire = records(h.clientHello(), 16384);
        parser.parse(wire, 0, wire.length, info);
        byte[] out = new byte[40];
        ja3.ja3Md5Hex(info, out, 4);
        assertEquals(FingerprintOracle.md5(FingerprintOracle.ja3(h)), new String(out, 4, 32, StandardCharsets.US_ASCII));
        byte[] fp = new byte[40];
        ja4.compute(info, fp, 2);
        assertEquals(FingerprintOracle.ja4(h, 't'), new String(fp, 2, Ja4.LENGTH, StandardCharsets.US_ASCII));
    }

    @Test
    void sniKeepsTheFirstHostNameLowerCased() {
        byte[] two = concat(u16(3 + 4 + 3 + 3), new byte[] {0}, u16(4), "A.B.".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0}, u16(3), "c.d".getBytes(StandardCharsets.US_ASCII));
        HelloBuilder h = new HelloBuilder().ciphers(0x1301).extension(0, two);
        byte[] wire = h.clientHello();
        assertEquals(TlsParseStatus.COMPLETE, parser.parseHandshake(wire, 0, wire.length, info));
        assertEquals("a.b.", info.sni());
    }

    private static int[] list(int count, java.util.function.IntUnaryOperator get) {
        return IntStream.range(0, count).map(get).toArray();
    }

}
