package io.fw443.node;

import static io.fw443.node.NodeManagementBackendTest.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fw443.cli.Fw443;
import io.fw443.engine.TestFrames;
import io.fw443.metrics.MetricsRegistry;
import io.fw443.mgmt.ManagementClient;
import io.fw443.mgmt.ManagementConfig;
import io.fw443.mgmt.ManagementServer;
import io.fw443.vrrp.VrrpState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every endpoint and every management command against a real {@link ManagementServer} on a temporary socket, served
 * by the {@link NodeManagementBackend} over real engines: one HTTPS flow with its ClientHello, one plain flow to port
 * 80, one SYN the default policy dropped, and VRRP group 51 master.
 */
@Timeout(60)
class NodeManagementApiTest {
    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private ManagedNode node;
    private ManagementServer server;
    private ManagementClient client;

    @BeforeEach
    void start() throws Exception {
        node = new ManagedNode(dir, null).start();
        node.electMaster();
        node.connect(40000, 443, "www.example.test");
        node.connect(40001, 80, null);
        node.send(ManagedNode.INSIDE, TestFrames.tcp(ManagedNode.CLIENT, 40002, ManagedNode.SERVER,
                25).flags(TestFrames.SYN).seq(1).build());
        server = ManagementServer.start(ManagementConfig.socket(dir.resolve("fw443.sock")), node.backend);
        client = new ManagementClient(server.socketPath(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        node.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run fw443(String... args) {
        String[] withSocket = new String[args.length + 2];
        System.arraycopy(args, 0, withSocket, 0, args.length);
        withSocket[args.length] = "--socket";
        withSocket[args.length + 1] = server.socketPath().toString();
        CommandLine cl = Fw443.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(withSocket);
        return new Run(code, out.toString(), err.toString());
    }

    private JsonNode get(String target) throws IOException {
        return json.readTree(client.get(target).body());
    }

    // ------------------------------------------------------------------ CLI, text and JSON

    @Test
    void statusOfAHealthyNode() {
        Run r = fw443("status");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("""
                node fw-t: healthy
                cluster: view 0, coordinator fw-t (* = this node)
                  ID     ADDRESS  STATE  SYNC LAG  RESYNC
                  fw-t*  -        up     -         in_sync
                groups:
                  GROUP  INTERFACE  MASTER  HERE    PRIORITY
                  51     inside     fw-t    master  150
                flows: 2 of 1000
                top drops: policy 1
                """, r.out());
    }

    @Test
    void statusOfANodeWithAFailedPortIsDegradedAndExitsOne() throws IOException {
        node.failPort(ManagedNode.OUTSIDE);
        Run r = fw443("status");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("node fw-t: degraded\n  - port outside (eth2) failed: it forwards nothing\n"),
                r.out());
        Run j = fw443("status", "--json");
        assertEquals(1, j.exitCode());
        JsonNode all = json.readTree(j.out());
        assertEquals(get("/health"), all.get("health"));
        assertEquals(get("/cluster"), all.get("cluster"));
        assertEquals(get("/vrrp"), all.get("vrrp"));
        assertEquals("degraded", all.get("health").get("status").asText());
    }

    @Test
    void aNodeWithoutForwardingPortsAnswers503AndStatusExitsOne() throws IOException {
        node.failPort(ManagedNode.OUTSIDE);
        node.failPort(ManagedNode.INSIDE);
        ManagementClient.Reply health = client.get("/health");
        assertEquals(503, health.status());
        assertEquals("failed", json.readTree(health.body()).get("status").asText());
        assertEquals(1, fw443("status").exitCode());
    }

    @Test
    void members() throws IOException {
        Run r = fw443("members");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("""
                view 0, coordinator fw-t (* = this node)
                ID     ADDRESS  STATE  SYNC LAG  RESYNC
                fw-t*  -        up     -         in_sync
                """, r.out());
        Run j = fw443("members", "--json");
        assertEquals(get("/cluster"), json.readTree(j.out()));
        assertEquals("fw-t", json.readTree(j.out()).get("nodeId").asText());
    }

    @Test
    void vrrp() throws IOException {
        Run r = fw443("vrrp");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("""
                GROUP  INTERFACE  STATE   PRIORITY  EFFECTIVE  MASTER  VIPS
                51     inside     master  150       150        fw-t    192.0.2.1/24
                """, r.out());
        Run j = fw443("vrrp", "--json");
        assertEquals(get("/vrrp"), json.readTree(j.out()));
        assertEquals("inside", json.readTree(j.out()).get("groups").get(0).get("interface").asText());
    }

    @Test
    void flowsTextFiltersAndPages() {
        Run all = fw443("flows");
        assertEquals(0, all.exitCode(), all.err());
        assertTrue(all.out().startsWith("PROTO  SOURCE"), all.out());
        assertTrue(all.out().endsWith("2 flows\n"), all.out());
        Run https = fw443("flows", "--sni", "*.example.test", "--state", "established", "--src", "192.0.2.10");
        assertEquals(3, https.out().lines().count(), https.out());
        String row = https.out().lines().skip(1).findFirst().orElseThrow();
        assertTrue(row.matches("tcp +192\\.0\\.2\\.10:40000 +198\\.51\\.100\\.100:443 +established +www\\.example\\.test"
                + " +- +0s +4 +\\d+ +fw-t +tls-checked"), row);
        Run web = fw443("flows", "--port", "80", "--dst", "198.51.100.100");
        assertTrue(web.out().contains("198.51.100.100:80 "), web.out());
        assertTrue(web.out().endsWith("1 flow\n"), web.out());

        Run first = fw443("flows", "--limit", "1");
        assertEquals(0, first.exitCode(), first.err());
        String cursor = first.out().substring(first.out().indexOf("--cursor ") + "--cursor ".length()).trim();
        Run second = fw443("flows", "--limit", "1", "--cursor", cursor);
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().endsWith("1 flow\n"), second.out());
        assertTrue(!first.out().lines().skip(1).findFirst().equals(second.out().lines().skip(1).findFirst()),
                first.out() + second.out());
    }

    @Test
    void flowsJsonIsTheServersJson() throws IOException {
        Run r = fw443("flows", "--json", "--sni", "www.example.test");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode page = json.readTree(r.out());
        assertEquals(get("/flows?sni=www.example.test"), page);
        JsonNode flow = page.get("flows").get(0);
        assertEquals("h2", flow.get("alpn").asText());
        assertEquals("1.3", flow.get("tlsVersion").asText());
        assertTrue(flow.path("ageS").isMissingNode(), "unknown, so left out: " + flow);
        assertTrue(page.get("nextCursor").isNull());
    }

    @Test
    void stats() throws IOException {
        Run r = fw443("stats");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("""
                packets  8
                bytes    %d
                flows    2 of 1000
                VERDICT  REASON       COUNT
                drop     policy       1
                forward  established  5
                forward  new          2
                """.formatted(get("/stats").get("bytes").asLong()), r.out());
        Run j = fw443("stats", "--json");
        assertEquals(get("/stats"), json.readTree(j.out()));
    }

    @Test
    void failoverOfAGroupThisNodeMasters() throws IOException {
        Run r = fw443("failover", "--group", "51");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("group 51: fw-t steps down (priority 0 advert); a backup takes over\n", r.out());
        node.speaker.doWork(node.nowNs.get());
        assertEquals(VrrpState.BACKUP, node.speaker.state(51));

        Run again = fw443("failover", "--group", "51", "--json");
        assertEquals(1, again.exitCode());
        assertEquals("failover refused", json.readTree(again.out()).get("error").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "52|fw443 failover: unknown group: no VRRP group 52 on fw-t",
        "256|fw443 failover: bad parameter: group: must be a VRRP group id 1..255: 256"})
    void failoverOfAnotherGroupExitsOne(String group, String message) {
        Run r = fw443("failover", "--group", group);
        assertEquals(1, r.exitCode());
        assertEquals(message + "\n", r.err());
    }

    @Test
    void reloadAppliesAChangedPolicyAndRefusesABrokenOne() throws IOException {
        Files.writeString(node.configFile, ManagedNode.yaml(dir, "drop"));
        Run r = fw443("reload");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("reloaded: policy generation 2: 2 rules, default drop; existing flows kept\n", r.out());
        Run flows = fw443("flows", "--port", "80");
        assertTrue(flows.out().endsWith("1 flow\n"), "kept: " + flows.out());

        Files.writeString(node.configFile, ManagedNode.yaml(dir, "allow"));
        Run bad = fw443("reload");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().startsWith("fw443 reload: reload rejected: " + node.configFile + " is invalid"),
                bad.err());
        assertTrue(bad.err().lines().skip(1).anyMatch(l -> l.matches("  .*fw443\\.yaml:16:\\d+: .*")), bad.err());
        Run j = fw443("reload", "--json");
        assertEquals(1, j.exitCode());
        JsonNode error = json.readTree(j.out());
        assertEquals("reload rejected", error.get("error").asText());
        assertTrue(error.get("problems").get(0).asText().contains("fw443.yaml:16:"), error.toString());
    }

    // ------------------------------------------------------------------ the API itself

    @Test
    void metricsAreCompletePrometheusText() throws IOException {
        ManagementClient.Reply reply = client.get("/metrics");
        assertEquals(200, reply.status());
        assertEquals(MetricsRegistry.CONTENT_TYPE, reply.contentType());
        String text = reply.text();
        assertEquals(2.0, metric(text, "fw443_flows", Map.of()));
        assertEquals(1.0, metric(text, "fw443_verdicts_total", Map.of("verdict", "drop", "reason", "policy")));
        assertEquals(1.0, metric(text, "fw443_vrrp_state", Map.of("group", "51")) - 2, "3 = master");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET|/flows?cursor=99.0|400|bad parameter|cursor: not a cursor returned by this node",
        "GET|/flows?port=http|400|bad parameter|port: not a number: http",
        "GET|/flows?sin=x|400|bad parameter|sin: unknown parameter; known: address, src, dst, port, sni, state,"
                + " limit, cursor",
        "POST|/failover?group=x|400|bad parameter|group: must be a VRRP group id 1..255: x",
        "POST|/failover?group=7|404|unknown group|no VRRP group 7 on fw-t",
        "GET|/nowhere|404|not found|no endpoint /nowhere",
        "POST|/flows|405|method not allowed|/flows takes GET",
        "GET|/reload|405|method not allowed|/reload takes POST"})
    void badRequestsGetA4xxWithAJsonError(String method, String target, int status, String error, String detail)
            throws IOException {
        ManagementClient.Reply reply = method.equals("GET") ? client.get(target) : client.post(target);
        assertEquals(status, reply.status(), reply.text());
        JsonNode body = json.readTree(reply.body());
        assertEquals(error, body.get("error").asText());
        assertEquals(detail, body.get("detail").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"restart", "invalid"})
    void aRefusedReloadIs422WithItsProblems(String kind) throws IOException {
        Files.writeString(node.configFile, kind.equals("invalid") ? "node: [\n"
                : ManagedNode.yaml(dir, "accept").replace("max-flows: 1000", "max-flows: 5000"));
        ManagementClient.Reply reply = client.post("/reload");
        assertEquals(422, reply.status(), reply.text());
        JsonNode body = json.readTree(reply.body());
        assertEquals("reload rejected", body.get("error").asText());
        assertTrue(body.get("problems").size() > 0, body.toString());
        if (kind.equals("restart")) {
            assertEquals("table: changed; applying it needs a restart", body.get("problems").get(0).asText());
        }
    }
}
