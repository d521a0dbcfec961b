package io.fw443.vrrp;

import static io.fw443.vrrp.Ip.ip;
import static io.fw443.vrrp.VrrpSimulator.LATENCY_NS;
import static io.fw443.vrrp.VrrpSimulator.SECOND_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.vrrp.VrrpSimulator.Change;
import io.fw443.vrrp.VrrpSimulator.Node;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two or more routers wired through {@link VrrpSimulator}. Expected times are worked out in the
 * comments from RFC 5798 §6.1: at a 1 s interval, Master_Down_Interval is 3.21875 s for priority 200,
 * 3.609375 s for 100 and 3.8046875 s for 50; Skew_Time is 218.75 ms for 200 and 609.375 ms for 100.
 * Every packet takes LATENCY_NS (0.1 ms).
 */
class VrrpElectionSimulationTest {

    private static final int G = 51;
    private static final String VIP = "192.0.2.1";

    private final VrrpSimulator sim = new VrrpSimulator();

    private static VrrpGroupConfig cfg(int vrid, int priority, String primary, String vip) {
        return VrrpGroupConfig.of(vrid, priority, ip(primary), ip(vip));
    }

    private Node router(String name, String primary, VrrpGroupConfig config) {
        Node n = sim.node(name, primary);
        sim.group(n, config);
        return n;
    }

    private void assertSingleMaster(int vrid, Node expected) {
        assertEquals(List.of(expected), sim.masters(vrid), sim.log());
        for (Node n : sim.masters(vrid)) {
            assertTrue(n.ownsVips(vrid), "the Master owns the VIPs");
        }
    }

    private void assertChange(Change change, long atNs, VrrpState to, VrrpReason reason) {
        assertEquals(to, change.to(), sim.log());
        assertEquals(reason, change.reason(), sim.log());
        assertEquals(atNs, change.atNs(), sim.log());
    }

    @Test
    void electionByPriority() {
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.start(a);
        sim.start(b);
        sim.runUntil(30 * SECOND_NS);
        assertSingleMaster(G, a);
        assertChange(sim.lastChange(a, G), 3_218_750_000L, VrrpState.MASTER, VrrpReason.MASTER_DOWN_TIMER);
        assertEquals(1, sim.history(b, G).size(), "b only ever went Initialize -> Backup" + sim.log());
        assertEquals(0, a.dualMastersSeen + b.dualMastersSeen);
    }

    @Test
    void equalPrioritiesAreBrokenByTheGreaterPrimaryAddress() {
        Node a = router("a", "192.0.2.2", cfg(G, 100, "192.0.2.2", VIP));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.start(a);
        sim.start(b);
        sim.runUntil(30 * SECOND_NS);
        assertSingleMaster(G, b);
        // Both time out together at 3.609375 s; a sees b's advert one latency later and yields.
        assertChange(sim.lastChange(a, G), 3_609_375_000L + LATENCY_NS, VrrpState.BACKUP,
            VrrpReason.EQUAL_PRIORITY_HIGHER_ADDRESS);
        assertTrue(b.dualMastersSeen > 0 && a.dualMastersSeen > 0, "the brief dual master was counted");
    }

    @Test
    void gracefulShutdownHandsOverAfterSkewTime() {
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.start(a);
        sim.start(b);
        sim.runUntil(10 * SECOND_NS);
        sim.shutdown(a);
        sim.runUntil(20 * SECOND_NS);
        assertSingleMaster(G, b);
        assertChange(sim.lastChange(a, G), 10 * SECOND_NS, VrrpState.INITIALIZE, VrrpReason.SHUTDOWN);
        // priority 0 arrives at 10 s + latency; b's Skew_Time is 609.375 ms
        assertChange(sim.lastChange(b, G), 10 * SECOND_NS + LATENCY_NS + 609_375_000L, VrrpState.MASTER,
            VrrpReason.MASTER_DOWN_TIMER);
    }

    @Test
    void crashWithoutPriorityZeroTakesMasterDownInterval() {
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.start(a);
        sim.start(b);
        sim.runUntil(10_500_000_000L);
        sim.crash(a);
        sim.runUntil(20 * SECOND_NS);
        assertSingleMaster(G, b);
        // a's last advert left at 10.21875 s; b waits 3.609375 s from its arrival
        assertChange(sim.lastChange(b, G), 10_218_750_000L + LATENCY_NS + 3_609_375_000L, VrrpState.MASTER,
            VrrpReason.MASTER_DOWN_TIMER);
    }

    @Test
    void preemptWithoutDelayTakesOverWhenTheFirstTimerRunsOut() {
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.start(b);
        sim.runUntil(10 * SECOND_NS);
        sim.start(a);
        sim.runUntil(30 * SECOND_NS);
        assertSingleMaster(G, a);
        assertChange(sim.lastChange(a, G), 10 * SECOND_NS + 3_218_750_000L, VrrpState.MASTER,
            VrrpReason.MASTER_DOWN_TIMER);
        assertChange(sim.lastChange(b, G), 10 * SECOND_NS + 3_218_750_000L + LATENCY_NS, VrrpState.BACKUP,
            VrrpReason.HIGHER_PRIORITY_SEEN);
    }

    @Test
    void preemptWithDelayWaitsForTheDelayThenForTheTimer() {
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP).withPreemptDelayMs(5_000));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.start(b);
        sim.runUntil(10 * SECOND_NS);
        sim.start(a);
        sim.runUntil(30 * SECOND_NS);
        assertSingleMaster(G, a);
        // b advertises at 3.609375 + k s. a first sees one at 10.609375 s + latency: delay runs to
        // 15.609375 s + latency; the last advert it accepts arrives at 14.609375 s + latency, and
        // Master_Down_Interval (3.21875 s) later it takes over.
        assertChange(sim.lastChange(a, G), 14_609_375_000L + LATENCY_NS + 3_218_750_000L, VrrpState.MASTER,
            VrrpReason.MASTER_DOWN_TIMER);
    }

    @Test
    void withoutPreemptAHigherPriorityBackupLeavesTheMasterAlone() {
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP).withPreempt(false));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.start(b);
        sim.runUntil(10 * SECOND_NS);
        sim.start(a);
        sim.runUntil(60 * SECOND_NS);
        assertSingleMaster(G, b);
        assertEquals(1, sim.history(a, G).size(), sim.log());
    }

    @Test
    void trackingDemotionCausesFailover() {
        VrrpTracking tracking = new VrrpTracking(50, 50, 150, Map.of("inside", 150));
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.start(a);
        sim.start(b);
        sim.runUntil(10 * SECOND_NS);
        sim.feed(a, G, new VrrpEvent.TrackingChanged(tracking.demotion(Set.of("inside"), true, true, true)));
        sim.runUntil(30 * SECOND_NS);
        assertSingleMaster(G, b);
        // a now advertises 50, which b discards; b's timer runs from a's last 200-advert (9.21875 s)
        long takeoverNs = 9_218_750_000L + LATENCY_NS + 3_609_375_000L;
        assertChange(sim.lastChange(b, G), takeoverNs, VrrpState.MASTER, VrrpReason.MASTER_DOWN_TIMER);
        assertChange(sim.lastChange(a, G), takeoverNs + LATENCY_NS, VrrpState.BACKUP,
            VrrpReason.HIGHER_PRIORITY_SEEN);
    }

    @Test
    void unfinishedResyncKeepsARestartedNodeFromPreempting() {
        VrrpTracking tracking = new VrrpTracking(50, 50, 150, Map.of());
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.start(b);
        sim.runUntil(20 * SECOND_NS);
        sim.feed(a, G, new VrrpEvent.TrackingChanged(tracking.demotion(Set.of(), true, true, false)));
        sim.start(a);
        sim.runUntil(40 * SECOND_NS);
        assertSingleMaster(G, b);
        assertEquals(1, sim.history(a, G).size(), "a stays Backup while its table resyncs" + sim.log());

        sim.feed(a, G, new VrrpEvent.TrackingChanged(tracking.demotion(Set.of(), true, true, true)));
        sim.runUntil(60 * SECOND_NS);
        assertSingleMaster(G, a);
        // a accepted b's advert of 39.609375 s + latency while at priority 50 (3.8046875 s)
        assertChange(sim.lastChange(a, G), 39_609_375_000L + LATENCY_NS + 3_804_687_500L, VrrpState.MASTER,
            VrrpReason.MASTER_DOWN_TIMER);
    }

    @Test
    void splitBrainOverTheLinkResolvesWithinOneAdvertInterval() {
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.cut(a, b);
        sim.start(a);
        sim.start(b);
        sim.runUntil(20_500_000_000L);
        assertEquals(2, sim.masters(G).size(), "partitioned: both Master");
        sim.heal(a, b);
        sim.runUntil(30 * SECOND_NS);
        assertSingleMaster(G, a);
        // b's next advert (20.609375 s) reaches a, a answers at once, b yields on the answer:
        // before a's own Adver_Timer (21.21875 s) would have told it.
        Change yielded = sim.lastChange(b, G);
        assertChange(yielded, 20_609_375_000L + 2 * LATENCY_NS, VrrpState.BACKUP, VrrpReason.HIGHER_PRIORITY_SEEN);
        assertTrue(yielded.atNs() - 20_500_000_000L < SECOND_NS);
        assertTrue(a.dualMastersSeen >= 1 && b.dualMastersSeen >= 1);
    }

    @Test
    void splitBrainSeenInTheClusterViewResolvesAndStaysResolved() {
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.cut(a, b);
        sim.start(a);
        sim.start(b);
        sim.runUntil(20 * SECOND_NS);
        assertEquals(2, sim.masters(G).size());
        sim.gossipEvery(SECOND_NS, 20 * SECOND_NS);
        sim.runUntil(60 * SECOND_NS);
        assertSingleMaster(G, a);
        assertChange(sim.lastChange(b, G), 20 * SECOND_NS, VrrpState.BACKUP, VrrpReason.SPLIT_BRAIN_YIELD);
    }

    @Test
    void clusterViewKeepsAnL2PartitionFromCreatingASecondMaster() {
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP));
        sim.gossipEvery(SECOND_NS, SECOND_NS / 2);
        sim.start(a);
        sim.start(b);
        sim.runUntil(10 * SECOND_NS);
        sim.cut(a, b);
        sim.runUntil(60 * SECOND_NS);
        assertSingleMaster(G, a);
        assertEquals(1, sim.history(b, G).size(), sim.log());
    }

    @Test
    void peerDeathShortcutTakesOverSkewTimeAfterTheReport() {
        Node a = router("a", "192.0.2.2", cfg(G, 200, "192.0.2.2", VIP));
        Node b = router("b", "192.0.2.3", cfg(G, 100, "192.0.2.3", VIP).withPeerDeathShortcut(true));
        sim.start(a);
        sim.start(b);
        sim.runUntil(10_500_000_000L);
        sim.crash(a);
        sim.runUntil(10_800_000_000L);
        sim.reportDeath(b, a);
        sim.runUntil(20 * SECOND_NS);
        assertSingleMaster(G, b);
        assertChange(sim.lastChange(b, G), 10_800_000_000L + 609_375_000L, VrrpState.MASTER,
            VrrpReason.MASTER_DOWN_TIMER);
    }

    /** RFC 5798 §4.1: one owner (priority 255, the VIP is its address) and one backup. */
    @Test
    void rfcSampleConfiguration1() {
        Node rtr1 = router("rtr1", "192.0.2.1", cfg(1, 255, "192.0.2.1", "192.0.2.1"));
        Node rtr2 = router("rtr2", "192.0.2.2", cfg(1, 100, "192.0.2.2", "192.0.2.1"));
        sim.start(rtr1);
        sim.start(rtr2);
        sim.runUntil(10_500_000_000L);
        assertSingleMaster(1, rtr1);
        assertChange(sim.lastChange(rtr1, 1), 0, VrrpState.MASTER, VrrpReason.STARTUP_AS_OWNER);

        sim.crash(rtr1);
        sim.runUntil(20 * SECOND_NS);
        assertSingleMaster(1, rtr2);
        assertChange(sim.lastChange(rtr2, 1), 10 * SECOND_NS + LATENCY_NS + 3_609_375_000L, VrrpState.MASTER,
            VrrpReason.MASTER_DOWN_TIMER);

        sim.restart(rtr1);
        sim.runUntil(30 * SECOND_NS);
        assertSingleMaster(1, rtr1);
        assertChange(sim.lastChange(rtr2, 1), 20 * SECOND_NS + LATENCY_NS, VrrpState.BACKUP,
            VrrpReason.HIGHER_PRIORITY_SEEN);
    }

    /** RFC 5798 §4.2: each router owns one address and backs up the other's: both forward. */
    @Test
    void rfcSampleConfiguration2IsActiveActive() {
        Node rtr1 = sim.node("rtr1", "192.0.2.1");
        Node rtr2 = sim.node("rtr2", "192.0.2.2");
        sim.group(rtr1, cfg(1, 255, "192.0.2.1", "192.0.2.1")).group(rtr1, cfg(2, 100, "192.0.2.1", "192.0.2.2"));
        sim.group(rtr2, cfg(1, 100, "192.0.2.2", "192.0.2.1")).group(rtr2, cfg(2, 255, "192.0.2.2", "192.0.2.2"));
        sim.start(rtr1);
        sim.start(rtr2);
        sim.runUntil(10_500_000_000L);
        assertSingleMaster(1, rtr1);
        assertSingleMaster(2, rtr2);

        sim.crash(rtr2);
        sim.runUntil(20 * SECOND_NS);
        assertSingleMaster(1, rtr1);
        assertSingleMaster(2, rtr1);
    }

    @Test
    void oppositePrioritiesGiveActiveActiveWithoutOwners() {
        Node a = sim.node("a", "192.0.2.2");
        Node b = sim.node("b", "192.0.2.3");
        sim.group(a, cfg(51, 150, "192.0.2.2", "192.0.2.1")).group(a, cfg(52, 100, "192.0.2.2", "192.0.2.11"));
        sim.group(b, cfg(51, 100, "192.0.2.3", "192.0.2.1")).group(b, cfg(52, 150, "192.0.2.3", "192.0.2.11"));
        sim.start(a);
        sim.start(b);
        sim.runUntil(30 * SECOND_NS);
        assertSingleMaster(51, a);
        assertSingleMaster(52, b);
    }

    @Test
    void syncGroupMovesBothGroupsAwayAndBackTogether() {
        SyncGroup gateway = new SyncGroup("gateway", Set.of(51, 52));
        Node a = sim.node("a", "192.0.2.2");
        Node b = sim.node("b", "192.0.2.3");
        sim.group(a, cfg(51, 100, "192.0.2.2", "192.0.2.1")).group(a, cfg(52, 100, "192.0.2.2", "192.0.2.11"))
            .syncGroup(a, gateway);
        sim.group(b, cfg(51, 200, "192.0.2.3", "192.0.2.1")).group(b, cfg(52, 200, "192.0.2.3", "192.0.2.11"))
            .syncGroup(b, gateway);
        sim.start(a);
        sim.start(b);
        sim.runUntil(10 * SECOND_NS);
        assertSingleMaster(51, b);
        assertSingleMaster(52, b);

        // b's inside link goes down: group 51 drops to 50 and a takes it over; 52 follows at once.
        sim.feed(b, 51, new VrrpEvent.TrackingChanged(150));
        sim.runUntil(30 * SECOND_NS);
        assertSingleMaster(51, a);
        assertSingleMaster(52, a);
        long lostNs = 9_218_750_000L + LATENCY_NS + 3_609_375_000L + LATENCY_NS;
        assertChange(sim.lastChange(b, 51), lostNs, VrrpState.BACKUP, VrrpReason.HIGHER_PRIORITY_SEEN);
        assertChange(sim.lastChange(b, 52), lostNs, VrrpState.BACKUP, VrrpReason.SYNC_GROUP_STEP_DOWN);
        // b's priority-0 advert for 52 reaches a one latency later; a's Skew_Time is 609.375 ms
        assertChange(sim.lastChange(a, 52), lostNs + LATENCY_NS + 609_375_000L, VrrpState.MASTER,
            VrrpReason.MASTER_DOWN_TIMER);

        // The link comes back: 51 preempts, which releases 52, and both return to b.
        sim.feed(b, 51, new VrrpEvent.TrackingChanged(0));
        sim.runUntil(60 * SECOND_NS);
        assertSingleMaster(51, b);
        assertSingleMaster(52, b);
        Change back51 = sim.lastChange(b, 51);
        // a drops 52 (sync step-down) when its 51 yields; b's 52 then takes over after its skew of 218.75 ms
        assertChange(sim.lastChange(b, 52), back51.atNs() + 2 * LATENCY_NS + 218_750_000L, VrrpState.MASTER,
            VrrpReason.MASTER_DOWN_TIMER);
    }
}
