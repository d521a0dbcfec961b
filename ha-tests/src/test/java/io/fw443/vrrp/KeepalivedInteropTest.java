package io.fw443.vrrp;

import static io.fw443.vrrp.LabSpeakers.whoHas;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fw443.lab.Lab;
import io.fw443.lab.Shell;
import io.fw443.lab.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real keepalived (Debian's 2.2.7, VRRPv3, 50 ms adverts) against a fw443 speaker on the lab's inside segment, VRID
 * 51, VIP 192.0.2.1. keepalived puts the VIP on its kernel interface, so its kernel answers ARP for it; the fw443
 * speaker answers itself. Either way the client sees one MAC, the owner's.
 */
class KeepalivedInteropTest {
    private static final Duration TAKEOVER = Duration.ofSeconds(5);
    private static final Duration START = Duration.ofSeconds(30);
    private static final String VIP_CIDR = Topology.INSIDE_VIP + "/24";
    private static Lab lab;
    private static String macA;
    private static String macB;

    @TempDir
    Path dir;

    private LabSpeakers.Speaker speaker;
    private LabSpeakers.Keepalived keepalived;

    @BeforeAll
    static void buildLab() {
        assumeTrue(Shell.run("id", "-u").output().trim().equals("0"), "needs root (CI runs as root)");
        assumeTrue(Shell.run("which", "keepalived").ok() && Shell.run("which", "arping").ok(),
                "needs keepalived and arping (bin/install-deps)");
        lab = Lab.create(Topology.standard(1, 2));
        macA = LabSpeakers.mac(lab, "fw-a", "eth1");
        macB = LabSpeakers.mac(lab, "fw-b", "eth1");
    }

    @AfterAll
    static void removeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void stopBoth() throws InterruptedException {
        if (speaker != null) {
            speaker.crash();
        }
        if (keepalived != null) {
            keepalived.stop();
            // A keepalived that died uncleanly leaves the VIP on the kernel interface: remove it by name.
            lab.exec(keepalived.host, "ip", "addr", "del", VIP_CIDR, "dev", "eth1");
        }
    }

    private LabSpeakers.Speaker fw443(String host, int priority) {
        speaker = new LabSpeakers.Speaker(lab, dir, host, List.of("--group", "vrid=51,dev=eth1,priority=" + priority
                + ",vips=" + Topology.INSIDE_VIP + ",advert-ms=50")).start();
        return speaker;
    }

    private LabSpeakers.Keepalived keepalived(String host, int priority) {
        keepalived = new LabSpeakers.Keepalived(lab, dir, host, 51, priority, "0.05", VIP_CIDR).start();
        return keepalived;
    }

    private void awaitWithDiagnostics(Duration atMost, Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Map<String, String> tails = new LinkedHashMap<>();
            if (speaker != null) {
                tails.put("fw443 on " + speaker.host, speaker.logTail());
            }
            if (keepalived != null) {
                tails.put("keepalived on " + keepalived.host, keepalived.logTail());
            }
            throw new AssertionError(e.getMessage() + LabSpeakers.diagnostics(tails), e);
        }
    }

    private void awaitOwner(String mac, Duration atMost) {
        awaitWithDiagnostics(atMost, () -> whoHas(lab, "client", "eth1", Topology.INSIDE_VIP, 1).equals(Set.of(mac)));
    }

    /** Steady state: for three seconds, one MAC answers and neither side changes its mind. */
    private void assertSteady(String ownerMac, VrrpState fw443State, long keepalivedMasterEntries) {
        assertEquals(Set.of(ownerMac), whoHas(lab, "client", "eth1", Topology.INSIDE_VIP, 3));
        assertEquals(fw443State, speaker.state(51));
        assertEquals(keepalivedMasterEntries, keepalived.entered("MASTER"), keepalived.logTail());
    }

    @Test
    void keepalivedMasterWithAFw443BackupEachTakingOverFromTheOther() throws Exception {
        LabSpeakers.Keepalived ka = keepalived("fw-a", 150);
        awaitWithDiagnostics(START, () -> ka.entered("MASTER") == 1);
        LabSpeakers.Speaker fw = fw443("fw-b", 100);
        awaitWithDiagnostics(START, () -> fw.state(51) == VrrpState.BACKUP);
        awaitOwner(macA, TAKEOVER);
        assertSteady(macA, VrrpState.BACKUP, 1);

        ka.stop(); // priority 0: fw443 takes over after its skew time
        awaitWithDiagnostics(TAKEOVER, () -> fw.state(51) == VrrpState.MASTER);
        awaitOwner(macB, TAKEOVER);

        ka.start(); // keepalived preempts (150 > 100): fw443 yields and stops answering
        awaitWithDiagnostics(START, () -> fw.state(51) == VrrpState.BACKUP && ka.entered("MASTER") == 2);
        awaitOwner(macA, TAKEOVER);
        assertSteady(macA, VrrpState.BACKUP, 2);
    }

    @Test
    void fw443MasterWithAKeepalivedBackupEachTakingOverFromTheOther() throws Exception {
        LabSpeakers.Speaker fw = fw443("fw-a", 150);
        awaitWithDiagnostics(START, () -> fw.state(51) == VrrpState.MASTER);
        LabSpeakers.Keepalived ka = keepalived("fw-b", 100);
        awaitWithDiagnostics(START, () -> ka.entered("BACKUP") >= 1);
        awaitOwner(macA, TAKEOVER);
        assertSteady(macA, VrrpState.MASTER, 0);

        fw.crash(); // no priority 0: keepalived takes over after its Master_Down_Interval
        awaitWithDiagnostics(TAKEOVER, () -> ka.entered("MASTER") == 1);
        awaitOwner(macB, TAKEOVER);

        fw.start(); // fw443 preempts back; keepalived yields and removes the VIP from its kernel
        awaitWithDiagnostics(START, () -> fw.state(51) == VrrpState.MASTER && ka.entered("BACKUP") >= 2);
        awaitOwner(macA, TAKEOVER);
        assertSteady(macA, VrrpState.MASTER, 1);
    }
}
