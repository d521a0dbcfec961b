package io.fw443.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fw443.metrics.PrometheusTextParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Routing, validation and JSON shapes, without sockets: {@link ManagementApi} is a plain function. */
class ManagementApiTest {
    private final FakeManagementBackend backend = new FakeManagementBackend();
    private final ManagementApi api = new ManagementApi(backend);
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode body(ApiResponse r) throws IOException {
        assertEquals("application/json", r.contentType());
        return json.readTree(r.body());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "GET|/health|200|",
        "GET|/cluster|200|",
        "GET|/vrrp|200|",
        "GET|/flows|200|",
        "GET|/stats|200|",
        "POST|/reload|200|",
        "POST|/failover?group=51|200|",
        "POST|/failover?group=52|409|failover refused",
        "POST|/failover?group=9|404|unknown group",
        "POST|/failover|400|bad parameter",
        "POST|/failover?group=0|400|bad parameter",
        "POST|/failover?group=256|400|bad parameter",
        "POST|/failover?group=x|400|bad parameter",
        "POST|/failover?group=51&group=52|400|bad parameter",
        "POST|/failover?group=|400|bad parameter",
        "POST|/failover?vrid=51|400|bad parameter",
        "GET|/nope|404|not found",
        "GET|/|404|not found",
        "GET|/health/|404|not found",
        "GET|*|404|not found",
        "POST|/health|405|method not allowed",
        "GET|/reload|405|method not allowed",
        "DELETE|/flows|405|method not allowed",
        "HEAD|/metrics|405|method not allowed",
        "GET|/health?verbose=1|400|bad parameter",
        "GET|/flows?limit=0|400|bad parameter",
        "GET|/flows?address=www.example.test|400|bad parameter",
        "GET|/flows?address=fe80::1%25eth0|400|bad parameter",
        "GET|/flows?sni=%zz|400|bad request target",
        "GET|/flows?state=open|400|bad parameter",
        "GET|/flows?order=sni|400|bad parameter"})
    void everyRouteAndEveryKindOfMistake(String method, String uri, int status, String error) throws IOException {
        ApiResponse r = api.handle(method, uri, 0);
        assertEquals(status, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        if (error != null) {
            assertEquals(error, body(r).get("error").asText());
            assertFalse(body(r).get("detail").asText().isBlank());
        }
    }

    @Test
    void wrongMethodNamesTheAllowedOne() {
        assertEquals(Map.of("Allow", "POST"), api.handle("GET", "/failover?group=51", 0).headers());
        assertEquals(Map.of("Allow", "GET"), api.handle("PUT", "/stats", 0).headers());
    }

    @Test
    void aBodyIsRefusedBecauseNoEndpointTakesOne() throws IOException {
        ApiResponse r = api.handle("POST", "/reload", 10);
        assertEquals(400, r.status());
        assertEquals("unexpected body", body(r).get("error").asText());
    }

    @Test
    void healthIs503WhenTheNodeHasFailed() throws IOException {
        backend.health = new HealthView(HealthView.Status.FAILED, List.of("engine stopped: pcap handle closed"));
        ApiResponse r = api.handle("GET", "/health", 0);
        assertEquals(503, r.status());
        assertEquals("{\"status\":\"failed\",\"reasons\":[\"engine stopped: pcap handle closed\"]}\n",
                new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void degradedIsStill200() throws IOException {
        backend.health = new HealthView(HealthView.Status.DEGRADED, List.of("fw-b: resync running"));
        ApiResponse r = api.handle("GET", "/health", 0);
        assertEquals(200, r.status());
        assertEquals("degraded", body(r).get("status").asText());
    }

    @Test
    void clusterJsonHasTheDocumentedShape() throws IOException {
        JsonNode c = body(api.handle("GET", "/cluster", 0));
        assertEquals("fw-a", c.get("nodeId").asText());
        assertEquals(7, c.get("viewId").asLong());
        JsonNode self = c.get("members").get(0);
        assertFalse(self.has("syncLagMs"), "null lag is left out: " + self);
        assertEquals("in_sync", self.get("resync").get("state").asText());
        JsonNode peer = c.get("members").get(1);
        assertEquals("203.0.113.3:7800", peer.get("address").asText());
        assertEquals("up", peer.get("state").asText());
        assertEquals(12, peer.get("syncLagMs").asLong());
        assertEquals("running", peer.get("resync").get("state").asText());
        assertEquals(0.4, peer.get("resync").get("progress").asDouble());
    }

    @Test
    void vrrpJsonHasTheDocumentedShape() throws IOException {
        JsonNode g = body(api.handle("GET", "/vrrp", 0)).get("groups").get(1);
        assertEquals(52, g.get("id").asInt());
        assertEquals("outside", g.get("interface").asText());
        assertEquals("backup", g.get("state").asText());
        assertEquals(150, g.get("priority").asInt());
        assertEquals(100, g.get("effectivePriority").asInt());
        assertEquals("fw-b", g.get("master").asText());
        assertEquals("198.51.100.1/24", g.get("vips").get(0).asText());
    }

    @Test
    void flowsArePagedWithACursorAndAnExplicitNullAtTheEnd() throws IOException {
        JsonNode first = body(api.handle("GET", "/flows?port=443&limit=2", 0));
        assertEquals(2, first.get("flows").size());
        assertEquals("2", first.get("nextCursor").asText());
        JsonNode last = body(api.handle("GET", "/flows?port=443&limit=2&cursor=2", 0));
        assertEquals("2001:db8::10", last.get("flows").get(0).get("src").asText());
        assertTrue(last.has("nextCursor") && last.get("nextCursor").isNull(), last.toString());
        JsonNode https = first.get("flows").get(0);
        assertEquals("www.example.test", https.get("sni").asText());
        assertEquals("tls-checked", https.get("flags").get(0).asText());
        assertEquals(12345, https.get("bytes").asLong());
    }

    @Test
    void flowFiltersReachTheBackendParsed() {
        api.handle("GET", "/flows?sni=*.example.test&src=192.0.2.10&state=ESTABLISHED&limit=5", 0);
        FlowQuery q = backend.lastQuery;
        assertEquals("example.test", q.sni().name());
        assertEquals("192.0.2.10", q.src().getHostAddress());
        assertEquals("established", q.state());
        assertEquals(5, q.limit());
    }

    @Test
    void statsCarryVerdictsByReason() throws IOException {
        JsonNode s = body(api.handle("GET", "/stats", 0));
        assertEquals(60, s.get("verdicts").get("drop").get("no-flow").asLong());
        assertEquals(15, s.get("verdicts").get("reject").get("policy").asLong());
        assertEquals(2_000_000, s.get("tableCapacity").asLong());
    }

    @Test
    void metricsArePrometheusText() {
        ApiResponse r = api.handle("GET", "/metrics", 0);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.contentType());
        Map<String, PrometheusTextParser.Family> f =
                PrometheusTextParser.parse(new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("histogram", f.get("fw443_replication_lag_seconds").type());
        assertEquals("histogram", f.get("fw443_packet_latency_seconds").type());
        assertEquals(3.0, f.get("fw443_flows").value("fw443_flows", Map.of()));
    }

    @Test
    void aRejectedReloadIs422WithItsProblems() throws IOException {
        backend.reloadResult = ReloadResult.rejected("policy.yaml has 2 errors",
                List.of("policy.yaml:3:7: unknown zone 'dmz'", "policy.yaml:9:1: duplicate rule name 'web'"));
        ApiResponse r = api.handle("POST", "/reload", 0);
        assertEquals(422, r.status());
        JsonNode e = body(r);
        assertEquals("reload rejected", e.get("error").asText());
        assertEquals("policy.yaml has 2 errors", e.get("detail").asText());
        assertEquals("policy.yaml:9:1: duplicate rule name 'web'", e.get("problems").get(1).asText());
    }

    @Test
    void aBackendExceptionIsA500WithItsMessage() throws IOException {
        backend.statsFailure = new IllegalStateException("table closed");
        ApiResponse r = api.handle("GET", "/stats", 0);
        assertEquals(500, r.status());
        assertEquals("internal error", body(r).get("error").asText());
        assertEquals("IllegalStateException: table closed", body(r).get("detail").asText());
    }

    @Test
    void failoverPassesTheGroupAndReturnsTheResult() throws IOException {
        JsonNode r = body(api.handle("POST", "/failover?group=51", 0));
        assertEquals(51, backend.lastFailoverGroup);
        assertEquals("done", r.get("outcome").asText());
        assertEquals("fw-a steps down; fw-b takes over", r.get("detail").asText());
    }
}
