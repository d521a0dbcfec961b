package io.fw443.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fw443.lab.ClusterLab;
import io.fw443.lab.FailoverRun;
import io.fw443.lab.NodeConfigs;
import io.fw443.lab.Shell;
import io.fw443.lab.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's scenarios a to h with 200 long-lived TLS sessions through a fw443 pair (each sending a record every 20 ms
 * and checking the echo): the master fails one way or another and every session must survive, without a reset or a
 * reconnect. The largest echo gap is asserted loosely here (a shared CI machine); `bin/bench failover` measures it
 * against the targets.
 */
class FailoverScenariosTest {
    private static final int SESSIONS = 200;
    /** Far above the targets (300 ms, 100 ms), which bin/bench failover measures: a loaded CI box stalls JVMs. */
    private static final long GAP_BOUND_MS = 5_000;
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A JA4 fingerprint: t13d1516h2_8daaf6152771_02713d6af862. */
    private static final Pattern JA4 = Pattern.compile("[tqd]\\d{2}[di]\\d{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}");

    @TempDir
    Path dir;
    ClusterLab cluster;
    FailoverRun run;

    private FailoverRun pair(NodeConfigs.Settings settings) throws Exception {
        return nodes(2, settings);
    }

    private FailoverRun nodes(int firewalls, NodeConfigs.Settings settings) throws Exception {
        cluster = ClusterLab.create(Topology.standard(1, firewalls), settings, ROOT, dir);
        for (String fw : NodeConfigs.firewallNames(cluster.lab().topology())) {
            cluster.start(fw);
        }
        run = FailoverRun.start(cluster, SESSIONS, dir.resolve("run"));
        run.runFor(Duration.ofSeconds(2));
        return run;
    }

    @AfterEach
    void tearDown(TestInfo test) {
        if (run != null) {
            run.close();
        }
        if (cluster != null) {
            StringBuilder logs = new StringBuilder("==== " + test.getDisplayName());
            for (String fw : NodeConfigs.firewallNames(cluster.lab().topology())) {
                logs.append("\n---- ").append(fw).append(" ----\n").append(cluster.logText(fw));
                if (cluster.running(fw)) {
                    logs.append("\n---- fw443 stats on ").append(fw).append(" ----\n")
                            .append(cluster.cli(fw, "stats").output());
                }
            }
            System.out.println(logs + "\n---- fleet ----\n" + (run == null ? "" : run.fleetLog()));
            cluster.close();
        }
    }

    private static FailoverRun.Outcome assertSurvived(FailoverRun.Outcome o, long gapBoundMs) {
        System.out.println("outcome: " + o.summary().line() + " markers " + o.markers());
        assertEquals(SESSIONS, o.summary().survived(), o.summary().line());
        assertEquals(0, o.summary().resets(), o.summary().line());
        assertEquals(0, o.summary().reconnects(), o.summary().line());
        assertEquals(0, o.summary().echoErrors(), o.summary().line());
        assertTrue(o.summary().worstGapMs() <= gapBoundMs, o.summary().line());
        return o;
    }

    /** A pair, 200 sessions, fw-a out the {@code fault} way, fw-b carries on: every session must survive. */
    private FailoverRun.Outcome failOver(NodeConfigs.Settings settings, FailoverRun.Fault fault, String title)
            throws Exception {
        pair(settings);
        run.fault(fault, "fw-a", "fw-b");
        run.runFor(Duration.ofSeconds(3));
        return assertSurvived(run.finish(title), GAP_BOUND_MS);
    }

    @Test
    void a_processCrashOfTheMaster() throws Exception {
        failOver(NodeConfigs.Settings.defaults(), FailoverRun.Fault.PROCESS_CRASH, "kill -9 of the master");
    }

    @Test
    void b_theMastersLinksGoDown() throws Exception {
        failOver(NodeConfigs.Settings.defaults(), FailoverRun.Fault.BOX_DEATH, "the master's links taken down");
    }

    @Test
    void c_gracefulStopOfTheMaster() throws Exception {
        failOver(NodeConfigs.Settings.defaults(), FailoverRun.Fault.GRACEFUL, "graceful stop of the master");
    }

    @Test
    void c_operatorFailover() throws Exception {
        // Without preempt the groups stay where the operator sent them.
        failOver(new NodeConfigs.Settings(100, false, false, 2000, false), FailoverRun.Fault.OPERATOR,
                "fw443 failover");
        assertEquals("BACKUP", cluster.lastState("fw-a", NodeConfigs.INSIDE_GROUP));
    }

    @Test
    void d_theFailedNodeReturnsResyncsAndTakesItsVipsBack() throws Exception {
        pair(NodeConfigs.Settings.defaults());
        run.fault(FailoverRun.Fault.PROCESS_CRASH, "fw-a", "fw-b");
        run.runFor(Duration.ofSeconds(2));
        run.restart("fw-a", true);
        run.runFor(Duration.ofSeconds(3));
        assertSurvived(run.finish("kill -9, return, preempt"), GAP_BOUND_MS);
        assertEquals("BACKUP", cluster.lastState("fw-b", NodeConfigs.OUTSIDE_GROUP));
    }

    @Test
    void e_activeActiveWithAsymmetricReturnThenOneNodeKilled() throws Exception {
        cluster = ClusterLab.create(Topology.standard(1, 2),
                NodeConfigs.Settings.defaults().activeActive(true).syncInsert(true), ROOT, dir);
        cluster.start("fw-a");
        cluster.start("fw-b");
        // Opposite masters (fw-b takes group 52 after its preempt delay) before any session opens: requests leave
        // through fw-a, answers come back through fw-b, handshakes included (sync insert holds each handshake step
        // until the other node has it).
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals("MASTER", cluster.lastState("fw-a", NodeConfigs.INSIDE_GROUP));
            assertEquals("MASTER", cluster.lastState("fw-b", NodeConfigs.OUTSIDE_GROUP));
        });
        run = FailoverRun.start(cluster, SESSIONS, dir.resolve("run"));
        run.runFor(Duration.ofSeconds(3));
        // Asymmetric indeed: every opener waited at fw-a for fw-b's acknowledgement, and the answers passed fw-b.
        assertTrue(metric("fw-a", "fw443_dataplane_total{reason=\"released-after-peer-ack\"}") >= SESSIONS);
        assertTrue(metric("fw-b", "fw443_verdicts_total{verdict=\"forward\",reason=\"established\"}") > 0);
        run.fault(FailoverRun.Fault.PROCESS_CRASH, "fw-a", "fw-b");
        run.runFor(Duration.ofSeconds(3));
        assertSurvived(run.finish("active-active, fw-a killed"), GAP_BOUND_MS);
    }

    @Test
    void f_syncLinkCutKeepsOneMasterAndTablesReconverge() throws Exception {
        pair(NodeConfigs.Settings.defaults());
        int transitionsBefore = count(cluster.logText("fw-b"), "-> MASTER");
        run.disturb("sync link cut", () -> cluster.lab().link("fw-a", "eth3", false));
        // Past JGroups' failure detection (2.5 s): each side sees the other leave the view.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                cluster.logText("fw-b").contains("members [3]"));
        run.runFor(Duration.ofSeconds(2));
        cluster.lab().link("fw-a", "eth3", true);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                cluster.logText("fw-a").contains("(merge)") || cluster.logText("fw-b").contains("(merge)"));
        run.runFor(Duration.ofSeconds(2));
        assertSurvived(run.finish("sync link cut"), GAP_BOUND_MS);
        assertEquals(transitionsBefore, count(cluster.logText("fw-b"), "-> MASTER"), "fw-b claimed a group");
        // Reconverged: both tables hold the sessions' flows again.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(
                flowCount("fw-a"), flowCount("fw-b")));
    }

    @Test
    void g_threeNodesTwoKilledInTurn() throws Exception {
        nodes(3, NodeConfigs.Settings.defaults());
        run.fault(FailoverRun.Fault.PROCESS_CRASH, "fw-a", "fw-b");
        run.runFor(Duration.ofSeconds(2));
        run.fault(FailoverRun.Fault.PROCESS_CRASH, "fw-b", "fw-c");
        run.runFor(Duration.ofSeconds(3));
        assertSurvived(run.finish("three nodes, two killed"), GAP_BOUND_MS);
    }

    @Test
    void h_policyHoldsAcrossFailover() throws Exception {
        pair(NodeConfigs.Settings.defaults());
        String resolveDenied = NodeConfigs.DENIED_SNI + ":" + NodeConfigs.HTTPS_PORT + ":198.51.100.100";
        String resolveAllowed = "server.example.test:" + NodeConfigs.HTTPS_PORT + ":198.51.100.100";
        // fw-a resets the denied name (curl 35: the handshake was reset) and passes an allowed one.
        Shell.Result denied = cluster.lab().exec("client", Duration.ofSeconds(20), "curl", "-sk", "--max-time", "5",
                "--http1.1", "--resolve", resolveDenied, "https://" + NodeConfigs.DENIED_SNI + ":"
                        + NodeConfigs.HTTPS_PORT + "/large?bytes=1000");
        assertTrue(denied.exitCode() == 35 || denied.exitCode() == 56, () -> "curl exit " + denied.exitCode());
        Shell.Result allowed = cluster.lab().exec("client", Duration.ofSeconds(20), "curl", "-sk", "--max-time", "5",
                "--http1.1", "-o", "/dev/null", "-w", "%{http_code}", "--resolve", resolveAllowed,
                "https://server.example.test:" + NodeConfigs.HTTPS_PORT + "/large?bytes=1000");
        assertTrue(allowed.ok() && allowed.output().contains("200"), allowed::output);
        // An allowed flow that stays open across the failover (a line every 20 ms for 25 s), inspected by fw-a.
        Path streamLog = dir.resolve("stream.txt");
        Process stream = cluster.lab().spawn("client", streamLog, "curl", "-sk", "--max-time", "60", "--http1.1",
                "-o", "/dev/null", "-w", "%{http_code}", "--resolve", resolveAllowed,
                "https://server.example.test:" + NodeConfigs.HTTPS_PORT + "/stream?ms=25000");
        // Polled once a second: every poll starts a CLI JVM, which a loaded 2-core box feels in the echo gaps.
        Awaitility.await("fw-a inspected the stream's hello").atMost(Duration.ofSeconds(20))
                .pollDelay(Duration.ofSeconds(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> cluster.cli("fw-a", "flows", "--sni", "server.example.test").output()
                        .contains("tls-checked"));

        run.fault(FailoverRun.Fault.PROCESS_CRASH, "fw-a", "fw-b");
        run.runFor(Duration.ofSeconds(2));
        assertSurvived(run.finish("policy across failover"), GAP_BOUND_MS);

        // The new master holds both flows it never saw open, with the old master's TLS verdicts: the allowed one
        // inspected, the denied one denied, and their names, which fw-a's labels told it.
        String flows = cluster.cli("fw-b", "flows", "--port", Integer.toString(NodeConfigs.HTTPS_PORT)).check()
                .output();
        assertTrue(flows.contains("denied") && flows.contains("tls-checked"), flows);
        assertTrue(flows.contains("server.example.test") && flows.contains(NodeConfigs.DENIED_SNI), flows);
        String json = cluster.cli("fw-b", "flows", "--port", Integer.toString(NodeConfigs.HTTPS_PORT), "--json")
                .check().output();
        Map<String, String> ja4BySni = new HashMap<>();
        for (JsonNode f : new ObjectMapper().readTree(json.substring(json.indexOf('{'))).get("flows")) {
            if (f.hasNonNull("sni")) {
                ja4BySni.put(f.get("sni").asText(), f.hasNonNull("ja4") ? f.get("ja4").asText() : "");
            }
        }
        assertTrue(ja4BySni.containsKey(NodeConfigs.DENIED_SNI), json);
        assertTrue(JA4.matcher(ja4BySni.getOrDefault("server.example.test", "")).matches(), json);
        assertTrue(stream.waitFor(60, TimeUnit.SECONDS), "the stream ends");
        assertEquals(0, stream.exitValue(), () -> "the allowed stream survived: " + read(streamLog));
        assertTrue(read(streamLog).contains("200"), () -> read(streamLog));
        // And a new attempt through fw-b is reset as well.
        Shell.Result again = cluster.lab().exec("client", Duration.ofSeconds(20), "curl", "-sk", "--max-time", "5",
                "--http1.1", "--resolve", resolveDenied, "https://" + NodeConfigs.DENIED_SNI + ":"
                        + NodeConfigs.HTTPS_PORT + "/large?bytes=1000");
        assertTrue(again.exitCode() == 35 || again.exitCode() == 56, () -> "curl exit " + again.exitCode());
    }

    /** A sample of the node's /metrics, read over its management socket with curl. */
    private double metric(String fw, String sample) {
        Shell.Result r = Shell.run(Duration.ofSeconds(20), List.of("curl", "-s", "--unix-socket",
                cluster.socket(fw).toString(), "http://fw443/metrics"));
        return r.output().lines().filter(l -> l.startsWith(sample + " ")).mapToDouble(
                l -> Double.parseDouble(l.substring(sample.length() + 1).trim())).findFirst()
                .orElseThrow(() -> new AssertionError(sample + " not in the metrics of " + fw + ":\n" + r.output()));
    }

    private int flowCount(String fw) {
        String out = cluster.cli(fw, "flows", "--dst", "198.51.100.100", "--limit", "1000").output();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) flows?").matcher(out);
        int n = -1;
        while (m.find()) {
            n = Integer.parseInt(m.group(1));
        }
        return n;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }
}
