package io.fw443.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextRulesTest {

    @ParameterizedTest
    @CsvSource({
        "www.example.test, www.example.test",
        "WWW.Example.TEST, www.example.test",
        "*.example.test, *.example.test",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "a-b.c1.test, a-b.c1.test",
        "localhost, localhost",
    })
    void acceptsServerNamesInLowerCase(String text, String normalised) {
        assertEquals(normalised, TextRules.sniPattern(text).value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bücher.example     | did you mean 'xn--bcher-kva.example'?",
        "*                  | wildcard is only allowed as the whole first label",
        "www.*.test         | wildcard is only allowed as the whole first label",
        "*foo.test          | wildcard is only allowed as the whole first label",
        "example.test.      | without the trailing dot",
        "a..b               | bad label ''",
        "-a.test            | bad label '-a'",
        "a_b.test           | bad label 'a_b'",
        "192.0.2.1          | looks like an IP address",
    })
    void rejectsBadServerNames(String text, String reason) {
        Parsed<String> parsed = TextRules.sniPattern(text);
        assertFalse(parsed.ok(), text);
        assertTrue(parsed.error().contains(reason), parsed::error);
    }

    @Test
    void rejectsOverlongNamesAndLabels() {
        String label64 = "a".repeat(64);
        assertTrue(TextRules.sniPattern(label64 + ".test").error().contains("bad label"));
        String name254 = ("a".repeat(63) + ".").repeat(4).substring(0, 254);
        assertTrue(TextRules.sniPattern(name254).error().contains("1..253 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "http/1.1", "h3"})
    void acceptsAlpnIds(String text) {
        assertTrue(TextRules.alpn(text).ok());
    }

    @Test
    void alpnIdsAreAtMost255Bytes() {
        assertTrue(TextRules.alpn("x".repeat(255)).ok());
        assertFalse(TextRules.alpn("x".repeat(256)).ok());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "h 2", "h2\u00e9", "\t"})
    void rejectsBadAlpnIds(String text) {
        assertFalse(TextRules.alpn(text).ok());
    }

    @ParameterizedTest
    @ValueSource(strings = {"t13d1516h2_8daaf6152771_b186095e22b6", "q13d0310h3_55b375c5d22e_cd85d2d88918",
        "t00i000000_000000000000_000000000000", "ds3d1516h1_8daaf6152771_b186095e22b6"})
    void acceptsJa4(String text) {
        assertTrue(TextRules.ja4(text).ok(), () -> TextRules.ja4(text).error());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x13d1516h2_8daaf6152771_b186095e22b6 | first character must be t (TLS over TCP), q (QUIC) or d (DTLS)",
        "t14d1516h2_8daaf6152771_b186095e22b6 | '14' is not a version code",
        "t13x1516h2_8daaf6152771_b186095e22b6 | 4th character must be d (SNI present) or i (no SNI)",
        "t13d15a6h2_8daaf6152771_b186095e22b6 | 2-digit cipher and extension counts",
        "t13d1516h-_8daaf6152771_b186095e22b6 | two alphanumeric ALPN characters",
        "t13d1516h2-8daaf6152771_b186095e22b6 | expected '_' after the 10th",
        "t13d1516h2_8DAAF6152771_b186095e22b6 | 12 lower-case hex digits",
        "t13d1516h2_8daaf6152771_b186095e22b  | expected 36 characters",
    })
    void rejectsBadJa4NamingThePart(String text, String reason) {
        Parsed<String> parsed = TextRules.ja4(text);
        assertFalse(parsed.ok());
        assertTrue(parsed.error().contains(reason), parsed::error);
    }

    @ParameterizedTest
    @CsvSource({"prempt, preempt", "nodenumber, node-number", "levle, level", "flows-per-source, max-flows-per-source"})
    void suggestsNearKeys(String typo, String suggestion) {
        assertEquals(suggestion, DidYouMean.suggest(typo,
                List.of("preempt", "node-number", "level", "max-flows-per-source", "id")).orElseThrow());
    }

    @Test
    void doesNotSuggestFarWords() {
        assertTrue(DidYouMean.suggest("firewall", List.of("node", "interfaces", "policy")).isEmpty());
        assertTrue(DidYouMean.suggest("zz", List.of("v6")).isEmpty());
    }
}
