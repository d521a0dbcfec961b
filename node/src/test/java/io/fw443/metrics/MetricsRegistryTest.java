package io.fw443.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsRegistryTest {
    @Test
    void anEmptyRegistryRendersNothing() {
        assertEquals("", new MetricsRegistry().render());
    }

    @Test
    void everyKindOfMetricParsesBackWithItsValues() {
        MetricsRegistry r = new MetricsRegistry();
        Counter drops = r.counter("fw443_verdicts_total", "Verdicts by reason.", "verdict", "drop", "reason", "no-flow");
        Counter forwards = r.counter("fw443_verdicts_total", "Verdicts by reason.", "verdict", "forward", "reason",
                "match");
        AtomicLong external = new AtomicLong(41);
        r.counterFunction("fw443_packets_total", "Packets seen.", external::get);
        r.gauge("fw443_flows", "Flows in the table.", () -> 12);
        Histogram lag = r.histogram("fw443_lag_seconds", "Lag.", new long[] {1_000, 1_000_000}, "peer", "fw-b");
        drops.add(3);
        forwards.increment();
        external.incrementAndGet();
        lag.record(500);
        lag.record(1_000);
        lag.record(250_000);
        lag.record(2_000_000_000L);

        Map<String, PrometheusTextParser.Family> f = PrometheusTextParser.parse(r.render());

        assertEquals(List.of("fw443_verdicts_total", "fw443_packets_total", "fw443_flows", "fw443_lag_seconds"),
                List.copyOf(f.keySet()));
        PrometheusTextParser.Family verdicts = f.get("fw443_verdicts_total");
        assertEquals("counter", verdicts.type());
        assertEquals("Verdicts by reason.", verdicts.help());
        assertEquals(3.0, verdicts.value("fw443_verdicts_total", Map.of("verdict", "drop", "reason", "no-flow")));
        assertEquals(1.0, verdicts.value("fw443_verdicts_total", Map.of("verdict", "forward", "reason", "match")));
        assertEquals(42.0, f.get("fw443_packets_total").value("fw443_packets_total", Map.of()));
        assertEquals("gauge", f.get("fw443_flows").type());
        assertEquals(12.0, f.get("fw443_flows").value("fw443_flows", Map.of()));

        PrometheusTextParser.Family h = f.get("fw443_lag_seconds");
        assertEquals("histogram", h.type());
        assertEquals(2.0, h.value("fw443_lag_seconds_bucket", Map.of("peer", "fw-b", "le", "0.000001")));
        assertEquals(3.0, h.value("fw443_lag_seconds_bucket", Map.of("peer", "fw-b", "le", "0.001")));
        assertEquals(4.0, h.value("fw443_lag_seconds_bucket", Map.of("peer", "fw-b", "le", "+Inf")));
        assertEquals(4.0, h.value("fw443_lag_seconds_count", Map.of("peer", "fw-b")));
        assertEquals(2.0002515, h.value("fw443_lag_seconds_sum", Map.of("peer", "fw-b")), 1e-12);
    }

    @Test
    void theExactTextOfASmallRegistry() {
        MetricsRegistry r = new MetricsRegistry();
        r.counter("a_total", "A\\B\nC", "k", "v").add(2);
        r.histogram("b_seconds", "B.", new long[] {1_500}).record(3_000);
        assertEquals("""
                # HELP a_total A\\\\B\\nC
                # TYPE a_total counter
                a_total{k="v"} 2
                # HELP b_seconds B.
                # TYPE b_seconds histogram
                b_seconds_bucket{le="0.0000015"} 0
                b_seconds_bucket{le="+Inf"} 1
                b_seconds_sum 0.000003
                b_seconds_count 1
                """, r.render());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "quote\"inside", "back\\slash", "line\nfeed", "\\\"\n\\n", "ünïcødé ☃", "", "}{,="})
    void labelValuesRoundTripThroughEscaping(String value) {
        MetricsRegistry r = new MetricsRegistry();
        r.gauge("g", "help with \\ and \n inside", () -> 1, "v", value);
        PrometheusTextParser.Family g = PrometheusTextParser.parse(r.render()).get("g");
        assertEquals(Map.of("v", value), g.samples().get(0).labels());
        assertEquals("help with \\ and \n inside", g.help());
    }

    static Stream<Arguments> badRegistrations() {
        return Stream.of(
                Arguments.of("name starting with a digit", (Consumer<MetricsRegistry>) r -> r.counter("1x", "h")),
                Arguments.of("dash in name", (Consumer<MetricsRegistry>) r -> r.counter("a-b", "h")),
                Arguments.of("empty help", (Consumer<MetricsRegistry>) r -> r.counter("a", "")),
                Arguments.of("odd label list", (Consumer<MetricsRegistry>) r -> r.counter("a", "h", "k")),
                Arguments.of("reserved label", (Consumer<MetricsRegistry>) r -> r.counter("a", "h", "__k", "v")),
                Arguments.of("bad label name", (Consumer<MetricsRegistry>) r -> r.counter("a", "h", "k-1", "v")),
                Arguments.of("duplicate label", (Consumer<MetricsRegistry>) r -> r.counter("a", "h", "k", "1", "k", "2")),
                Arguments.of("null label value", (Consumer<MetricsRegistry>) r -> r.counter("a", "h", "k", null)),
                Arguments.of("le on a histogram",
                        (Consumer<MetricsRegistry>) r -> r.histogram("a", "h", new long[] {1}, "le", "1")),
                Arguments.of("same series twice", (Consumer<MetricsRegistry>) r -> {
                    r.counter("a", "h", "k", "v");
                    r.counter("a", "h", "k", "v");
                }),
                Arguments.of("same name, other type", (Consumer<MetricsRegistry>) r -> {
                    r.counter("a", "h");
                    r.gauge("a", "h", () -> 0, "k", "v");
                }),
                Arguments.of("same name, other labels", (Consumer<MetricsRegistry>) r -> {
                    r.counter("a", "h", "k", "v");
                    r.counter("a", "h", "j", "v");
                }),
                Arguments.of("counter over a histogram's _count", (Consumer<MetricsRegistry>) r -> {
                    r.histogram("a", "h", new long[] {1});
                    r.counter("a_count", "h");
                }),
                Arguments.of("histogram under a counter's name", (Consumer<MetricsRegistry>) r -> {
                    r.counter("a_sum", "h");
                    r.histogram("a", "h", new long[] {1});
                }),
                Arguments.of("negative counter delta", (Consumer<MetricsRegistry>) r -> r.counter("a", "h").add(-1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void badRegistrationsAreRefused(String why, Consumer<MetricsRegistry> registration) {
        assertThrows(IllegalArgumentException.class, () -> registration.accept(new MetricsRegistry()), why);
    }

    @Test
    void nodeMetricsExposeBothLatencyHistogramsInSeconds() {
        NodeMetrics m = new NodeMetrics(new MetricsRegistry());
        m.packetLatency().record(3_000);
        m.replicationLag().record(7_000_000_000L);
        Map<String, PrometheusTextParser.Family> f = PrometheusTextParser.parse(m.registry().render());

        PrometheusTextParser.Family packet = f.get("fw443_packet_latency_seconds");
        assertEquals(17, packet.samples().stream().filter(s -> s.name().endsWith("_bucket")).count());
        assertEquals(0.0, packet.value("fw443_packet_latency_seconds_bucket", Map.of("le", "0.000002")));
        assertEquals(1.0, packet.value("fw443_packet_latency_seconds_bucket", Map.of("le", "0.000004")));
        assertEquals(1.0, packet.value("fw443_packet_latency_seconds_bucket", Map.of("le", "0.032768")));

        PrometheusTextParser.Family lag = f.get("fw443_replication_lag_seconds");
        assertEquals(18, lag.samples().stream().filter(s -> s.name().endsWith("_bucket")).count());
        assertEquals(0.0, lag.value("fw443_replication_lag_seconds_bucket", Map.of("le", "6.5536")));
        assertEquals(1.0, lag.value("fw443_replication_lag_seconds_bucket", Map.of("le", "+Inf")));
        assertEquals(7.0, lag.value("fw443_replication_lag_seconds_sum", Map.of()));
    }

    /** The checker must be able to fail, or the tests above prove nothing. */
    @ParameterizedTest
    @ValueSource(strings = {
        "a 1",
        "# TYPE a counter\nb 1\n",
        "# TYPE a counter\na{k=\"v} 1\n",
        "# TYPE a counter\na{k=\"a\\tb\"} 1\n",
        "# TYPE a counter\na one\n",
        "# TYPE a counter\na 1\n# TYPE b gauge\nb 1\n# TYPE a counter\n",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 1\n"})
    void theParserRejectsMalformedText(String text) {
        assertThrows(RuntimeException.class, () -> PrometheusTextParser.parse(text));
    }
}
