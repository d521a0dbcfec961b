package io.fw443.vrrp;

import static io.fw443.vrrp.LabSpeakers.whoHas;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fw443.lab.Lab;
import io.fw443.lab.Shell;
import io.fw443.lab.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
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
 * Two fw443 speakers in the lab's firewall namespaces (VIPs not on the kernel: the speakers answer ARP for them),
 * asserted from the client namespace by who answers ARP for the VIP. fw-a has priority 150, fw-b 100, adverts every
 * 50 ms, peer death over the sync link, notify hooks on.
 */
class VrrpFailoverLabTest {
    private static final Duration TAKEOVER = Duration.ofSeconds(5);
    private static final Duration START = Duration.ofSeconds(30);
    private static Lab lab;
    private static String macA;
    private static String macB;
    private static String macBOutside;

    @TempDir
    Path dir;

    private final List<LabSpeakers.Speaker> speakers = new ArrayList<>();

    @BeforeAll
    static void buildLab() {
        assumeTrue(Shell.run("id", "-u").output().trim().equals("0"), "needs root (CI runs as root)");
        assumeTrue(Shell.run("which", "arping").ok(), "needs arping (bin/install-deps)");
        lab = Lab.create(Topology.standard(1, 2));
        macA = LabSpeakers.mac(lab, "fw-a", "eth1");
        macB = LabSpeakers.mac(lab, "fw-b", "eth1");
        macBOutside = LabSpeakers.mac(lab, "fw-b", "eth2");
    }

    @AfterAll
    static void removeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void stopSpeakers() throws InterruptedException {
        for (LabSpeakers.Speaker s : speakers) {
            s.crash();
        }
        for (String host : List.of("fw-a", "fw-b")) {
            for (String device : List.of("eth1", "eth2", "eth3")) {
                lab.link(host, device, true);
            }
        }
    }

    private LabSpeakers.Speaker speaker(String host, int priority, String... extra) throws Exception {
        String self = host.equals("fw-a") ? "2" : "3";
        String peer = host.equals("fw-a") ? "3" : "2";
        Path notify = dir.resolve(host + "-notify.sh");
        Files.writeString(notify, "#!/bin/sh\necho \"$@\" >> " + dir.resolve(host + "-notify.log") + "\n");
        Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwx------"));
        List<String> args = new ArrayList<>(List.of(
                "--group", "vrid=51,dev=eth1,priority=" + priority + ",vips=" + Topology.INSIDE_VIP
                        + ",advert-ms=50,peer-death-shortcut=true",
                "--peer-death", "listen=203.0.113." + self + ":7870,connect=203.0.113." + peer + ":7870,peers=192.0.2."
                        + peer + "+198.51.100." + peer,
                "--notify", notify.toString()));
        args.addAll(List.of(extra));
        LabSpeakers.Speaker s = new LabSpeakers.Speaker(lab, dir, host, args).start();
        speakers.add(s);
        return s;
    }

    private String diagnostics() {
        Map<String, String> tails = new LinkedHashMap<>();
        speakers.forEach(s -> tails.put(s.host + " (alive " + s.alive() + ")", s.logTail()));
        return LabSpeakers.diagnostics(tails);
    }

    /** Waits until ARP for {@code vip} from {@code host} is answered by exactly {@code mac}. */
    private void awaitOwner(String host, String device, String vip, String mac, Duration atMost) {
        awaitWithDiagnostics(atMost, () -> whoHas(lab, host, device, vip, 1).equals(Set.of(mac)));
    }

    private void awaitWithDiagnostics(Duration atMost, Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + diagnostics(), e);
        }
    }

    private LabSpeakers.Speaker[] startPair(String... extra) throws Exception {
        LabSpeakers.Speaker a = speaker("fw-a", 150, extra);
        LabSpeakers.Speaker b = speaker("fw-b", 100, extra);
        awaitWithDiagnostics(START, () -> a.state(51) == VrrpState.MASTER && b.state(51) == VrrpState.BACKUP);
        awaitOwner("client", "eth1", Topology.INSIDE_VIP, macA, TAKEOVER);
        return new LabSpeakers.Speaker[] {a, b};
    }

    @Test
    void killingTheMasterMovesTheVipToTheBackupAndItComesBackOnRestart() throws Exception {
        LabSpeakers.Speaker[] pair = startPair();
        pair[0].crash();
        awaitOwner("client", "eth1", Topology.INSIDE_VIP, macB, TAKEOVER);
        assertTrue(Files.readString(pair[1].log).contains("peer 192.0.2.2 died"), diagnostics());

        pair[0].start();
        awaitOwner("client", "eth1", Topology.INSIDE_VIP, macA, START);
        awaitWithDiagnostics(TAKEOVER, () -> pair[1].state(51) == VrrpState.BACKUP);
        awaitWithDiagnostics(TAKEOVER, () -> Files.readAllLines(dir.resolve("fw-b-notify.log"))
                .containsAll(List.of("51 BACKUP MASTER MASTER_DOWN_TIMER", "51 MASTER BACKUP HIGHER_PRIORITY_SEEN")));
    }

    @Test
    void takingTheMastersLinkDownMovesTheVipAndTheMasterTakesItBackWhenTheLinkReturns() throws Exception {
        LabSpeakers.Speaker[] pair = startPair();
        lab.link("fw-a", "eth1", false);
        awaitOwner("client", "eth1", Topology.INSIDE_VIP, macB, TAKEOVER);
        assertEquals(VrrpState.MASTER, pair[0].state(51), "fw-a heard nothing: it still thinks it is Master");

        lab.link("fw-a", "eth1", true);
        awaitWithDiagnostics(TAKEOVER, () -> pair[1].state(51) == VrrpState.BACKUP);
        // One owner once the two Masters have met: three requests, one answering MAC.
        assertEquals(Set.of(macA), whoHas(lab, "client", "eth1", Topology.INSIDE_VIP, 3), diagnostics());
        assertTrue(Files.readString(pair[1].log).contains("two masters"), diagnostics());
    }

    @Test
    void aGracefulStopHandsTheVipOverAndNobodyAnswersForItOnTheStoppedNode() throws Exception {
        LabSpeakers.Speaker[] pair = startPair();
        pair[0].stop();
        awaitOwner("client", "eth1", Topology.INSIDE_VIP, macB, TAKEOVER);
        assertTrue(Files.readString(pair[0].log).contains("MASTER -> INITIALIZE (SHUTDOWN)"), diagnostics());
        assertEquals(Set.of(macB), whoHas(lab, "client", "eth1", Topology.INSIDE_VIP, 2));
    }

    @Test
    void withTheVirtualMacTheVipIsAnsweredFromItByWhoeverIsMaster() throws Exception {
        String vmac = "00:00:5e:00:01:34"; // VRID 52 = 0x34 (RFC 5798 §7.3)
        LabSpeakers.Speaker a = speaker("fw-a", 150, "--group", "vrid=52,dev=eth2,priority=150,vips="
                + Topology.OUTSIDE_VIP + ",advert-ms=50,vmac=true");
        LabSpeakers.Speaker b = speaker("fw-b", 100, "--group", "vrid=52,dev=eth2,priority=100,vips="
                + Topology.OUTSIDE_VIP + ",advert-ms=50,vmac=true");
        awaitWithDiagnostics(START, () -> a.state(52) == VrrpState.MASTER && b.state(52) == VrrpState.BACKUP);
        awaitOwner("server", "eth1", Topology.OUTSIDE_VIP, vmac, TAKEOVER);

        a.crash();
        awaitWithDiagnostics(TAKEOVER, () -> b.state(52) == VrrpState.MASTER);
        awaitOwner("server", "eth1", Topology.OUTSIDE_VIP, vmac, TAKEOVER);
    }

    @Test
    void aTrackedLinkFailureMovesTheInsideAndOutsideVipsTogether() throws Exception {
        String[] bothGroups = {"--group", "vrid=52,dev=eth2,priority=%d,vips=" + Topology.OUTSIDE_VIP + ",advert-ms=50",
            "--sync-group", "gateway=51+52", "--track-interface", "eth1=100", "--track-interval-ms", "20"};
        LabSpeakers.Speaker a = speaker("fw-a", 150, withPriority(bothGroups, 150));
        LabSpeakers.Speaker b = speaker("fw-b", 100, withPriority(bothGroups, 100));
        awaitWithDiagnostics(START, () -> a.state(51) == VrrpState.MASTER && a.state(52) == VrrpState.MASTER
                && b.state(51) == VrrpState.BACKUP && b.state(52) == VrrpState.BACKUP);

        lab.link("fw-a", "eth1", false);
        awaitOwner("client", "eth1", Topology.INSIDE_VIP, macB, TAKEOVER);
        awaitOwner("server", "eth1", Topology.OUTSIDE_VIP, macBOutside, TAKEOVER);
        assertEquals(VrrpState.BACKUP, a.state(52), "fw-a's outside group followed its inside link" + diagnostics());
    }

    private static String[] withPriority(String[] args, int priority) {
        String[] copy = args.clone();
        copy[1] = String.format(copy[1], priority);
        return copy;
    }
}
