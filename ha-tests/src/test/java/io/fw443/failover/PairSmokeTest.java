package io.fw443.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.lab.ClusterLab;
import io.fw443.lab.NodeConfigs;
import io.fw443.lab.Shell;
import io.fw443.lab.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes in the lab: the cluster forms, fw-a masters both groups, HTTPS passes through the VIPs. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PairSmokeTest {
    private static final String SERVER = "198.51.100.100";
    @TempDir
    static Path dir;
    static ClusterLab cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ClusterLab.create(Topology.standard(1, 2), NodeConfigs.Settings.defaults(), Path.of("..")
                .toAbsolutePath().normalize(), dir);
        Shell.run(Duration.ofSeconds(30), List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString(), "-subj", "/CN=server.example.test", "-days", "1")).check();
        cluster.lab().spawn("server", dir.resolve("s_server.log"), "openssl", "s_server", "-accept", "443",
                "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(), "-www");
        cluster.start("fw-a");
        cluster.start("fw-b");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            System.out.println("---- fw-a ----\n" + cluster.logText("fw-a") + "\n---- fw-b ----\n"
                    + cluster.logText("fw-b"));
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void electsFwAAndForwardsThroughTheVips() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(cluster.logText("fw-b").matches("(?s).*members \\[(2, 3|3, 2)\\].*"),
                        () -> cluster.logText("fw-b")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertEquals("MASTER", cluster.lastState("fw-a", 51));
            assertEquals("MASTER", cluster.lastState("fw-a", 52));
            assertEquals("BACKUP", cluster.lastState("fw-b", 51));
        });
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Shell.Result curl = cluster.lab().exec("client", Duration.ofSeconds(10), "curl", "-sk", "--max-time",
                    "5", "-o", "/dev/null", "-w", "%{http_code}", "https://" + SERVER + "/");
            assertTrue(curl.ok() && curl.output().contains("200"), curl::output);
        });
    }

    @Test
    @Order(2)
    void answersTheManagementCommands() {
        for (String cmd : new String[] {"status", "members", "vrrp", "flows", "stats"}) {
            for (String fw : new String[] {"fw-a", "fw-b"}) {
                Shell.Result text = cluster.cli(fw, cmd);
                Shell.Result json = cluster.cli(fw, cmd, "--json");
                System.out.println("fw443 " + cmd + " on " + fw + ":\n" + text.output() + "\n" + json.output());
                assertEquals(0, text.exitCode(), text::output);
                assertEquals(0, json.exitCode(), json::output);
                assertTrue(json.output().strip().startsWith("{") || json.output().strip().startsWith("["),
                        json::output);
            }
        }
        assertTrue(cluster.cli("fw-a", "vrrp").output().contains("master"));
        assertTrue(cluster.cli("fw-b", "vrrp").output().contains("backup"));
        // fw-b never saw the HTTPS flow open: it knows it from fw-a.
        assertTrue(cluster.cli("fw-b", "flows", "--dst", SERVER).output().contains(SERVER),
                () -> cluster.cli("fw-b", "flows").output());
    }

    @Test
    @Order(3)
    void fwBTakesOverWhenFwAIsKilled() throws Exception {
        cluster.kill("fw-a");
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals("MASTER", cluster.lastState("fw-b", 51));
            assertEquals("MASTER", cluster.lastState("fw-b", 52));
        });
        Shell.Result curl = cluster.lab().exec("client", Duration.ofSeconds(10), "curl", "-sk", "--max-time",
                "5", "-o", "/dev/null", "-w", "%{http_code}", "https://" + SERVER + "/");
        assertTrue(curl.ok() && curl.output().contains("200"), curl::output);
    }
}
