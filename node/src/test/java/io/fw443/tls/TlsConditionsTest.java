package io.fw443.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Server name matching, version, ALPN and the non-COMPLETE outcomes of {@link TlsConditions}. */
class TlsConditionsTest {
    private final ClientHelloInfo info = new ClientHelloInfo();
    private final byte[] noJa4 = "t00i000000_000000000000_000000000000".getBytes(StandardCharsets.US_ASCII);

    private ClientHelloInfo hello(String sni) {
        TestClientHello h = new TestClientHello();
        if (!sni.isEmpty()) {
            h.sni(sni);
        }
        byte[] record = h.record();
        assertEquals(TlsParseStatus.COMPLETE, new ClientHelloParser().parse(record, 0, record.length, info));
        return info;
    }

    @ParameterizedTest(name = "deny {0}, allow {1}: {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "*.example.test |                  | www.example.test      | DENY_SNI",
        "*.example.test |                  | a.b.c.example.test    | DENY_SNI",
        "*.example.test |                  | example.test          | ALLOW",
        "*.example.test |                  | badexample.test       | ALLOW",
        "*.example.test |                  | example.test.evil     | ALLOW",
        "WWW.Example.Test |                | www.example.test      | DENY_SNI",
        "www.example.test |                | www.example.tes       | ALLOW",
        "www.example.test |                | ww.example.test       | ALLOW",
        "*              |                  | anything.test         | DENY_SNI",
        "*              |                  | ''                    | ALLOW",
        "               | *.example.test   | x.example.test        | ALLOW",
        "               | *.example.test   | example.test          | DENY_SNI",
        "               | example.test     | example.test          | ALLOW",
        "               | example.test     | ''                    | DENY_SNI",
        "               | *                | ''                    | DENY_SNI",
        "               | *                | x.test                | ALLOW",
        "a.example.test | *.example.test   | a.example.test        | DENY_SNI",
        "a.example.test | *.example.test   | b.example.test        | ALLOW",
        "*.münchen.test |                  | www.xn--mnchen-3ya.test | DENY_SNI",
        "               | bücher.example   | xn--bcher-kva.example | ALLOW",
    })
    void serverNames(String deny, String allow, String sni, TlsDecision expected) {
        TlsConditions.Builder b = TlsConditions.builder();
        if (deny != null) {
            b.sniDeny(deny);
        }
        if (allow != null) {
            b.sniAllow(allow);
        }
        assertEquals(expected, b.build().evaluate(hello(sni), noJa4, 0));
    }

    @Test
    void manyNamesStillMatchExactly() {
        TlsConditions.Builder b = TlsConditions.builder();
        for (int i = 0; i < 10_000; i++) {
            b.sniDeny("host" + i + ".example.test").sniDeny("*.zone" + i + ".test");
        }
        TlsConditions c = b.build();
        assertEquals(TlsDecision.DENY_SNI, c.evaluate(hello("host9999.example.test"), noJa4, 0));
        assertEquals(TlsDecision.DENY_SNI, c.evaluate(hello("a.zone4242.test"), noJa4, 0));
        assertEquals(TlsDecision.ALLOW, c.evaluate(hello("host10000.example.test"), noJa4, 0));
        assertEquals(TlsDecision.ALLOW, c.evaluate(hello("zone4242.test"), noJa4, 0));
    }

    @Test
    void statusesOtherThanCompleteFollowThePolicies() {
        TlsConditions strict = TlsConditions.builder().required(true).build();
        TlsConditions lax = TlsConditions.builder().incompleteAllowed(true).build();
        assertEquals(TlsDecision.DENY_NOT_TLS, strict.onStatus(TlsParseStatus.NOT_TLS));
        assertEquals(TlsDecision.UNCHECKED, lax.onStatus(TlsParseStatus.NOT_TLS));
        assertEquals(TlsDecision.DENY_MALFORMED, lax.onStatus(TlsParseStatus.MALFORMED));
        assertEquals(TlsDecision.DENY_INCOMPLETE, strict.onStatus(TlsParseStatus.TOO_LARGE));
        assertEquals(TlsDecision.UNCHECKED, lax.onStatus(TlsParseStatus.TOO_LARGE));
        assertThrows(IllegalArgumentException.class, () -> lax.onStatus(TlsParseStatus.COMPLETE));
    }

    @Test
    void badPatternsAreRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> TlsConditions.builder().sniDeny("a.*.test"));
        assertThrows(IllegalArgumentException.class, () -> TlsConditions.builder().ja4Deny("t13d"));
    }
}
