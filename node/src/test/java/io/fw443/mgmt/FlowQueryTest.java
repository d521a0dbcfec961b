package io.fw443.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlowQueryTest {
    @Test
    void noParametersMeansEverythingAndTheDefaultLimit() throws Exception {
        FlowQuery q = FlowQuery.parse(Map.of());
        assertEquals(100, q.limit());
        assertNull(q.address());
        assertTrue(q.matches(FakeManagementBackend.HTTPS_FLOW));
        assertTrue(q.matches(FakeManagementBackend.V6_FLOW));
    }

    @Test
    void everyParameterIsParsed() throws Exception {
        FlowQuery q = FlowQuery.parse(Map.of("address", "2001:DB8:0:0::10", "src", "192.0.2.10", "dst",
                "198.51.100.100", "port", "443", "sni", "*.Example.TEST", "state", "Established", "limit", "1000",
                "cursor", "abc-_.="));
        assertEquals(InetAddress.getByName("2001:db8::10"), q.address());
        assertEquals(InetAddress.getByName("192.0.2.10"), q.src());
        assertEquals(InetAddress.getByName("198.51.100.100"), q.dst());
        assertEquals(443, q.port());
        assertEquals(new FlowQuery.SniPattern("example.test", true), q.sni());
        assertEquals("established", q.state());
        assertEquals(1000, q.limit());
        assertEquals("abc-_.=", q.cursor());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "limit|0", "limit|1001", "limit|ten", "limit|-1", "limit|99999999999",
        "port|65536", "port|-1", "port|https", "port|1e3",
        "address|example.test", "address|localhost", "address|256.0.0.1", "address|010.0.0.1", "address|1.2.3",
        "address|fe80::1%eth0", "address|[2001:db8::1]", "address|2001:db8:::1", "address|.1:2", "src|0x7f.0.0.1",
        "dst|::g",
        "sni|*.", "sni|a..b", "sni|-a.test", "sni|a.test.", "sni|*", "sni|**.a.test", "sni|a b.test", "sni|ä.test",
        "state|open", "state|", "cursor|has space", "cursor|a/b", "sort|sni"})
    void badParametersAreRefusedWithTheirName(String name, String value) {
        FlowQuery.InvalidParameterException e = assertThrows(FlowQuery.InvalidParameterException.class,
                () -> FlowQuery.parse(Map.of(name, value == null ? "" : value)));
        assertEquals(name, e.parameter());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "address=192.0.2.10|true|false|false",
        "address=198.51.100.100|true|true|false",
        "address=2001:db8:1:0:0:0:0:100|false|false|true",
        "src=198.51.100.100|false|false|false",
        "dst=198.51.100.100|true|true|false",
        "port=443|true|true|true",
        "port=52000|false|true|false",
        "sni=*.example.test|true|true|false",
        "sni=WWW.example.test|true|false|false",
        "sni=*.www.example.test|false|false|false",
        "state=syn_sent|false|false|true",
        "state=STREAM|false|true|false"})
    void filtersMatchTheDocumentedFlows(String filter, boolean https, boolean quic, boolean v6) throws Exception {
        String[] kv = filter.split("=", 2);
        FlowQuery q = FlowQuery.parse(Map.of(kv[0], kv[1]));
        assertEquals(https, q.matches(FakeManagementBackend.HTTPS_FLOW), "https flow");
        assertEquals(quic, q.matches(FakeManagementBackend.QUIC_FLOW), "quic flow");
        assertEquals(v6, q.matches(FakeManagementBackend.V6_FLOW), "v6 flow");
    }

    @Test
    void aWildcardDoesNotMatchItsApexAndNeedsAWholeLabel() throws Exception {
        FlowQuery.SniPattern p = FlowQuery.SniPattern.parse("*.example.test");
        assertTrue(p.matches("a.b.example.test"));
        assertFalse(p.matches("example.test"));
        assertFalse(p.matches("badexample.test"));
        assertFalse(p.matches(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"established", "syn_sent", "syn_sent2", "time_wait", "close", "unreplied", "replied",
        "stream"})
    void everyTrackerStateIsAKnownState(String state) {
        assertTrue(FlowQuery.STATES.contains(state), state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.test", "1.2.3.4.5", "", "0177.0.0.1", "::1%lo"})
    void onlyLiteralsAreAddresses(String text) {
        assertNull(FlowQuery.literal(text));
    }
}
