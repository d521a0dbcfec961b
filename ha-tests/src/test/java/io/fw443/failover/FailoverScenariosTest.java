package io.fw443.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.lab.ClusterLab;
import io.fw443.lab.FailoverRun;
import io.fw443.lab.NodeConfigs;
import io.fw443.lab.Topology;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's scenarios with 200 long-lived TLS sessions through a fw443 pair (each sending a record every 20 ms and
 * checking the echo): the master fails one way or another and every session must survive, without a reset or a
 * reconnect. The largest echo gap is asserted loosely here (a shared CI machine); `bin/bench failover` measures it
 * against the targets.
 */
class FailoverScenariosTest {
    private static final int SESSIONS = 200;
    /** Far above the targets (300 ms, 100 ms): only a session stuck in retransmission back-off fails it. */
    private static final long GAP_BOUND_MS = 2_000;
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    ClusterLab cluster;
    FailoverRun run;

    private FailoverRun pair(NodeConfigs.Settings settings) throws Exception {
        cluster = ClusterLab.create(Topology.standard(1, 2), settings, ROOT, dir);
        cluster.start("fw-a");
        cluster.start("fw-b");
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
            System.out.println("==== " + test.getDisplayName() + "\n---- fw-a ----\n" + cluster.logText("fw-a")
                    + "\n---- fw-b ----\n" + cluster.logText("fw-b") + "\n---- fleet ----\n"
                    + (run == null ? "" : run.fleetLog()));
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

    @Test
    void a_processCrashOfTheMaster() throws Exception {
        pair(NodeConfigs.Settings.defaults());
        run.fault(FailoverRun.Fault.PROCESS_CRASH, "fw-a", "fw-b");
        run.runFor(Duration.ofSeconds(3));
        assertSurvived(run.finish("kill -9 of the master"), GAP_BOUND_MS);
    }
}
