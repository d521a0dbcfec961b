package io.fw443.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fw443.mgmt.FakeManagementBackend;
import io.fw443.mgmt.HealthView;
import io.fw443.mgmt.ManagementClient;
import io.fw443.mgmt.ManagementConfig;
import io.fw443.mgmt.ManagementServer;
import io.fw443.mgmt.ReloadResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every management command, in text and --json, against a real server with a fake backend. */
@Timeout(60)
class ManagementCommandsTest {
    @TempDir
    static Path dir;

    private static FakeManagementBackend backend;
    private static ManagementServer server;
    private static String socket;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startServer() throws IOException {
        backend = new FakeManagementBackend();
        server = ManagementServer.start(ManagementConfig.socket(dir.resolve("fw443.sock")), backend);
        socket = server.socketPath().toString();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetBackend() {
        backend.health = new HealthView(HealthView.Status.HEALTHY, List.of());
        backend.reloadResult = ReloadResult.applied("policy generation 8 (14 rules)");
        backend.statsFailure = null;
    }

    private static CliRunner fw443(String... args) {
        String[] withSocket = new String[args.length + 2];
        System.arraycopy(args, 0, withSocket, 0, args.length);
        withSocket[args.length] = "--socket";
        withSocket[args.length + 1] = socket;
        return CliRunner.run(withSocket);
    }

    /** What the server itself answers, to compare --json output with. */
    private JsonNode server(String target) throws IOException {
        return json.readTree(new ManagementClient(Path.of(socket), Duration.ofSeconds(5)).get(target).body());
    }

    @Test
    void statusOfAHealthyNode() {
        CliRunner r = fw443("status");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("""
                node fw-a: healthy
                cluster: view 7, coordinator fw-a (* = this node)
                  ID     ADDRESS           STATE  SYNC LAG  RESYNC
                  fw-a*  203.0.113.2:7800  up     -         in_sync
                  fw-b   203.0.113.3:7800  up     12 ms     running 40%
                groups:
                  GROUP  INTERFACE  MASTER  HERE    PRIORITY
                  51     inside     fw-a    master  150
                  52     outside    fw-b    backup  100/150
                flows: 3 of 2000000
                top drops: no-flow 60, tls-sni-denied 20, policy 15, bad-checksum 5
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void statusOfADegradedNodeListsWhyAndExitsOne() {
        backend.health = new HealthView(HealthView.Status.DEGRADED, List.of("fw-b: resync running (40%)"));
        CliRunner r = fw443("status");
        assertEquals(1, r.exitCode());
        assertTrue(r.out().startsWith("node fw-a: degraded\n  - fw-b: resync running (40%)\n"), r.out());
    }

    @Test
    void statusOfAFailedNodeExitsOneThoughHealthAnswers503() {
        backend.health = new HealthView(HealthView.Status.FAILED, List.of("engine stopped"));
        CliRunner r = fw443("status");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("node fw-a: failed\n  - engine stopped\n"), r.out());
    }

    @Test
    void statusJsonBundlesTheFourViews() throws IOException {
        CliRunner r = fw443("status", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode all = json.readTree(r.out());
        List<String> views = new ArrayList<>();
        all.fieldNames().forEachRemaining(views::add);
        assertEquals(List.of("health", "cluster", "vrrp", "stats"), views);
        assertEquals(server("/cluster"), all.get("cluster"));
        assertEquals("healthy", all.get("health").get("status").asText());
        assertTrue(r.out().contains("\n  \"health\""), "pretty-printed: " + r.out());
    }

    @Test
    void statusJsonOfAFailedNodeStillExitsOne() throws IOException {
        backend.health = new HealthView(HealthView.Status.FAILED, List.of("engine stopped"));
        CliRunner r = fw443("status", "--json");
        assertEquals(1, r.exitCode());
        assertEquals("failed", json.readTree(r.out()).get("health").get("status").asText());
    }

    @Test
    void statusExitsOneWhenAViewFails() {
        backend.statsFailure = new IllegalStateException("table closed");
        CliRunner r = fw443("status");
        assertEquals(1, r.exitCode());
        assertEquals("fw443 status: internal error: IllegalStateException: table closed\n", r.err());
    }

    @Test
    void members() {
        CliRunner r = fw443("members");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("""
                view 7, coordinator fw-a (* = this node)
                ID     ADDRESS           STATE  SYNC LAG  RESYNC
                fw-a*  203.0.113.2:7800  up     -         in_sync
                fw-b   203.0.113.3:7800  up     12 ms     running 40%
                """, r.out());
    }

    @Test
    void vrrp() {
        CliRunner r = fw443("vrrp");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("""
                GROUP  INTERFACE  STATE   PRIORITY  EFFECTIVE  MASTER  VIPS
                51     inside     master  150       150        fw-a    192.0.2.1/24
                52     outside    backup  150       100        fw-b    198.51.100.1/24
                """, r.out());
    }

    @Test
    void flowsWithoutFilters() {
        CliRunner r = fw443("flows");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of(
                "PROTO  SOURCE                DESTINATION            STATE        SNI                AGE     IDLE  "
                        + "PACKETS  BYTES  ORIGIN  FLAGS",
                "tcp    192.0.2.10:51000      198.51.100.100:443     established  www.example.test   12s     1s    "
                        + "40       12345  fw-a    tls-checked",
                "udp    192.0.2.11:52000      198.51.100.100:443     stream       quic.example.test  12m30s  0s    "
                        + "90       80000  fw-b    pickup",
                "tcp    [2001:db8::10]:40000  [2001:db8:1::100]:443  syn_sent     -                  0s      0s    "
                        + "1        74     fw-a    -",
                "3 flows"), r.out().lines().toList());
    }

    @Test
    void flowsFiltersArePassedOnAndPagesPointToTheNext() {
        CliRunner r = fw443("flows", "--sni", "*.example.test", "--dst", "198.51.100.100", "--limit", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("example.test", backend.lastQuery.sni().name());
        assertEquals("198.51.100.100", backend.lastQuery.dst().getHostAddress());
        assertEquals(3, r.out().lines().count(), "header, one flow, footer: " + r.out());
        assertTrue(r.out().endsWith("1 flow; more with --cursor 1\n"), r.out());

        CliRunner next = fw443("flows", "--sni", "*.example.test", "--limit", "1", "--cursor", "1");
        assertTrue(next.out().contains("quic.example.test"), next.out());
        assertTrue(next.out().endsWith("1 flow\n"), next.out());
    }

    @Test
    void flowsJsonIsTheServersJson() throws IOException {
        CliRunner r = fw443("flows", "--json", "--state", "syn_sent");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(server("/flows?state=syn_sent"), json.readTree(r.out()));
        assertEquals("2001:db8::10", json.readTree(r.out()).get("flows").get(0).get("src").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--src|nonsense|fw443 flows: bad parameter: src: not an IPv4 or IPv6 address literal: nonsense",
        "--limit|5000|fw443 flows: bad parameter: limit: must be within 1..1000: 5000",
        "--state|open|fw443 flows: bad parameter: state: unknown state 'open'; known: "})
    void badFiltersAreExplainedByTheNodeAndExitOne(String option, String value, String message) {
        CliRunner r = fw443("flows", option, value);
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith(message), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void stats() {
        CliRunner r = fw443("stats");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("""
                packets  1000
                bytes    654321
                flows    3 of 2000000
                VERDICT  REASON          COUNT
                drop     no-flow         60
                drop     tls-sni-denied  20
                drop     bad-checksum    5
                forward  match           900
                host     host            70
                reject   policy          15

                CONNTRACK DROP    COUNT
                seq-after-window  4
                """, r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cluster", "/vrrp", "/stats"})
    void jsonOutputIsTheServersJsonPretty(String path) throws IOException {
        String command = path.equals("/cluster") ? "members" : path.substring(1);
        CliRunner r = fw443(command, "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(server(path), json.readTree(r.out()));
        assertTrue(r.out().contains("\n  \""), "pretty-printed: " + r.out());
    }

    @Test
    void failoverOfAKnownGroup() throws IOException {
        CliRunner r = fw443("failover", "--group", "51");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("group 51: fw-a steps down; fw-b takes over\n", r.out());
        CliRunner j = fw443("failover", "--group", "51", "--json");
        assertEquals(0, j.exitCode(), j.err());
        assertEquals("done", json.readTree(j.out()).get("outcome").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "52|fw443 failover: failover refused: no backup can take over",
        "9|fw443 failover: unknown group: no group 9",
        "0|fw443 failover: bad parameter: group: must be a VRRP group id 1..255: 0"})
    void failoverRefusalsExitOne(String group, String message) {
        CliRunner r = fw443("failover", "--group", group);
        assertEquals(1, r.exitCode());
        assertEquals(message + "\n", r.err());
    }

    @Test
    void failoverWithoutAGroupIsAUsageError() {
        CliRunner r = fw443("failover");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Missing required option: '--group=N'"), r.err());
    }

    @Test
    void reload() {
        CliRunner r = fw443("reload");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("reloaded: policy generation 8 (14 rules)\n", r.out());
    }

    @Test
    void aRejectedReloadListsTheProblemsAndExitsOne() throws IOException {
        backend.reloadResult = ReloadResult.rejected("policy.yaml has 2 errors",
                List.of("policy.yaml:3:7: unknown zone 'dmz'", "policy.yaml:9:1: duplicate rule name 'web'"));
        CliRunner r = fw443("reload");
        assertEquals(1, r.exitCode());
        assertEquals("""
                fw443 reload: reload rejected: policy.yaml has 2 errors
                  policy.yaml:3:7: unknown zone 'dmz'
                  policy.yaml:9:1: duplicate rule name 'web'
                """, r.err());
        CliRunner j = fw443("reload", "--json");
        assertEquals(1, j.exitCode());
        assertEquals("reload rejected", json.readTree(j.out()).get("error").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "members", "vrrp", "flows", "stats", "failover --group 51", "reload",
        "status --json", "flows --json --sni www.example.test"})
    void everyCommandSaysInOneLineThatTheNodeIsNotRunning(String command) {
        Path missing = dir.resolve("nowhere/fw443.sock");
        String[] words = command.split(" ");
        String[] args = new String[words.length + 2];
        System.arraycopy(words, 0, args, 0, words.length);
        args[words.length] = "--socket";
        args[words.length + 1] = missing.toString();
        CliRunner r = CliRunner.run(args);
        assertEquals(2, r.exitCode());
        assertEquals("fw443: node not running (no socket at " + missing + ")\n", r.err());
        assertEquals("", r.out());
        assertFalse(r.err().contains("Exception"));
    }

    @Test
    void helpListsTheManagementCommands() {
        CliRunner r = CliRunner.run("--help");
        for (String command : List.of("status", "members", "vrrp", "flows", "stats", "failover", "reload")) {
            assertTrue(r.out().contains("\n  " + command + " "), command + " in:\n" + r.out());
        }
        CliRunner status = CliRunner.run("status", "--help");
        assertTrue(status.out().contains("--socket=PATH") && status.out().contains("--json"), status.out());
    }
}
