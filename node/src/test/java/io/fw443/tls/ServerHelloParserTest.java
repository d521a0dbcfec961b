package io.fw443.tls;

import static io.fw443.tls.HelloBuilder.concat;
import static io.fw443.tls.HelloBuilder.hex;
import static io.fw443.tls.HelloBuilder.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServerHelloParserTest {
    private final ServerHelloParser parser = new ServerHelloParser();
    private final ServerHelloInfo info = new ServerHelloInfo();
    private final Ja3 ja3 = new Ja3();

    @Test
    void tls13ServerHelloSelectsVersionFromSupportedVersions() {
        HelloBuilder h = new HelloBuilder().ciphers(0x1301);
        h.extension(0x0033, concat(HelloBuilder.u16(0x001d), HelloBuilder.u16(32), new byte[32]));
        h.extension(0x002b, hex("0304"));
        // The whole server flight often shares one record with the ServerHello (TLS 1.2) or follows it.
        byte[] wire = concat(records(h.serverHello(), 16384), hex("140303000101"));

        assertEquals(TlsParseStatus.COMPLETE, parser.parse(wire, 0, wire.length, info));
        assertEquals(0x0303, info.legacyVersion());
        assertEquals(0x0304, info.selectedVersion());
        assertTrue(info.hasSupportedVersions());
        assertEquals(0x1301, info.cipherSuite());
        assertEquals(0x001d, info.keyShareGroup());
        assertFalse(info.helloRetryRequest());
        assertEquals("771,4865,51-43", ja3.ja3sString(info));
        assertEquals(FingerprintOracle.md5("771,4865,51-43"), ja3.ja3sMd5(info));
    }

    @Test
    void tls12ServerHelloUsesLegacyVersionAndReportsAlpn() {
        HelloBuilder h = new HelloBuilder().ciphers(0xc02f).alpn("h2");
        h.extension(0xff01, new byte[] {0});
        byte[] message = concat(h.serverHello(), HelloBuilder.handshake(11, new byte[100]));
        byte[] wire = records(message, 16384);

        assertEquals(TlsParseStatus.COMPLETE, parser.parse(wire, 0, wire.length, info));
        assertEquals(0x0303, info.selectedVersion());
        assertFalse(info.hasSupportedVersions());
        assertEquals(0xc02f, info.cipherSuite());
        assertEquals("h2", info.alpn());
        assertEquals("771,49199,16-65281", ja3.ja3sString(info));
    }

    /** RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose random is SHA-256("HelloRetryRequest"). */
    @Test
    void helloRetryRequestIsRecognised() throws Exception {
        HelloBuilder h = new HelloBuilder().ciphers(0x1302);
        h.random = java.security.MessageDigest.getInstance("SHA-256")
                .digest("HelloRetryRequest".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        h.extension(0x002b, hex("0304"));
        h.extension(0x0033, hex("0017"));
        byte[] wire = records(h.serverHello(), 7);

        assertEquals(TlsParseStatus.COMPLETE, parser.parse(wire, 0, wire.length, info));
        assertTrue(info.helloRetryRequest());
        assertEquals(0x0017, info.keyShareGroup());
    }

    @Test
    void rawHandshakeServerHelloIsQuic() {
        HelloBuilder h = new HelloBuilder().ciphers(0x1301);
        h.extension(0x002b, hex("0304"));
        byte[] message = h.serverHello();
        assertEquals(TlsParseStatus.NEED_MORE, parser.parseHandshake(message, 0, message.length - 1, info));
        assertEquals(message.length, info.neededBytes());
        assertEquals(TlsParseStatus.COMPLETE, parser.parseHandshake(message, 0, message.length, info));
        assertEquals(TlsTransport.QUIC, info.transport());
        assertEquals(0x0304, info.selectedVersion());
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of(TlsParseStatus.NOT_TLS, TlsReason.NONE, "HTTP/1.1 400".getBytes()),
                Arguments.of(TlsParseStatus.MALFORMED, TlsReason.ALERT, hex("15 0303 0002 0228")),
                Arguments.of(TlsParseStatus.MALFORMED, TlsReason.UNEXPECTED_HANDSHAKE_TYPE,
                        records(new HelloBuilder().ciphers(0x1301).clientHello(), 100)),
                Arguments.of(TlsParseStatus.MALFORMED, TlsReason.BAD_EXTENSION,
                        records(serverHelloWith(0x002b, hex("030304")), 100)),
                Arguments.of(TlsParseStatus.MALFORMED, TlsReason.BAD_EXTENSION,
                        records(serverHelloWith(0x0010, hex("0005 02 6832 6831")), 100)),
                Arguments.of(TlsParseStatus.MALFORMED, TlsReason.TRUNCATED_HELLO,
                        records(HelloBuilder.handshake(2, new byte[20]), 100)));
    }

    private static byte[] serverHelloWith(int type, byte[] data) {
        return new HelloBuilder().ciphers(0x1301).extension(type, data).serverHello();
    }

    @ParameterizedTest
    @MethodSource("bad")
    void badServerFlights(TlsParseStatus status, TlsReason reason, byte[] input) {
        assertEquals(status, parser.parse(input, 0, input.length, info));
        assertEquals(reason, info.reason());
    }
}
