package io.fw443.vrrp;

import static io.fw443.vrrp.Ip.ip;
import static io.fw443.vrrp.SpeakerLan.MS;
import static io.fw443.vrrp.SpeakerLan.mac;
import static io.fw443.vrrp.VrrpState.BACKUP;
import static io.fw443.vrrp.VrrpState.INITIALIZE;
import static io.fw443.vrrp.VrrpState.MASTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.vrrp.SpeakerLan.Change;
import io.fw443.vrrp.SpeakerLan.Seen;
import io.fw443.vrrp.SpeakerLan.Station;
import io.fw443.vrrp.VrrpSpeaker.GroupCounter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The speaker on a virtual LAN: real advert frames between speakers, a client that asks who has the VIP, and the
 * virtual clock. Expected times come from the RFC 5798 §6.1 formulas written out here, at a 50 ms interval:
 * Skew_Time(100) = 156/256 × 50 ms, Master_Down_Interval = 3 × 50 ms + Skew_Time.
 */
class VrrpSpeakerTest {
    private static final String VIP = "192.0.2.1";
    private static final String OUTSIDE_VIP = "198.51.100.1";
    private static final long SKEW_100_NS = 156 * 50 * MS / 256;
    private static final long MDI_100_NS = 3 * 50 * MS + SKEW_100_NS;
    private static final long MDI_150_NS = 3 * 50 * MS + 106 * 50 * MS / 256;

    private static VrrpGroupConfig inside(int priority, String primary) {
        return VrrpGroupConfig.of(51, priority, ip(primary), ip(VIP)).withAdvertIntervalCs(5)
                .withPeerDeathShortcut(true);
    }

    private static VrrpGroupConfig outside(int priority, String primary) {
        return VrrpGroupConfig.of(52, priority, ip(primary), ip(OUTSIDE_VIP)).withAdvertIntervalCs(5);
    }

    private final SpeakerLan lan = new SpeakerLan("eth1", "eth2");

    private Station a(int priority) {
        return lan.station("a", b -> b.group("eth1", inside(priority, "192.0.2.2"), false));
    }

    private Station b(int priority) {
        return lan.station("b", b -> b.group("eth1", inside(priority, "192.0.2.3"), false));
    }

    private Change firstChange(String station, VrrpState to) {
        return lan.changes.stream().filter(c -> c.station().equals(station) && c.to() == to).findFirst()
                .orElseThrow(() -> new AssertionError(station + " never went " + to + ": " + lan.changes));
    }

    private Change lastChange(String station, VrrpState to) {
        List<Change> matching = lan.changes.stream()
                .filter(c -> c.station().equals(station) && c.to() == to).toList();
        assertTrue(!matching.isEmpty(), station + " never went " + to + ": " + lan.changes);
        return matching.get(matching.size() - 1);
    }

    @Test
    void theHigherPriorityWinsAnnouncesTheVipAndAloneAnswersForIt() {
        long startNs = lan.nowNs;
        Station a = a(150);
        Station b = b(100);
        lan.run(1_000 * MS);

        assertEquals(MASTER, a.state(51));
        assertEquals(BACKUP, b.state(51));
        long masterNs = firstChange("a", MASTER).atNs();
        assertEquals(startNs + MDI_150_NS, masterNs, "A's Master_Down_Interval after start-up");
        assertEquals(List.of(mac(a.mac("eth1"))), lan.whoHas("eth1", VIP));
        assertEquals(List.of(
                new Change(startNs, "a", 51, INITIALIZE, BACKUP, VrrpReason.STARTUP),
                new Change(masterNs, "a", 51, BACKUP, MASTER, VrrpReason.MASTER_DOWN_TIMER)),
                lan.changes.stream().filter(c -> c.station().equals("a")).toList());

        List<Seen> garps = lan.gratuitousArps("a", VIP);
        assertEquals(5, garps.size(), "the configured burst of gratuitous ARPs");
        for (int i = 0; i < garps.size(); i++) {
            assertEquals(masterNs + i * 50 * MS, garps.get(i).atNs(), "50 ms apart from the takeover on");
        }
        assertTrue(lan.gratuitousArps("b", VIP).isEmpty());
        List<Seen> adverts = lan.adverts("a");
        assertEquals(masterNs, adverts.get(0).atNs());
        assertEquals((lan.nowNs - masterNs) / (50 * MS) + 1, adverts.size(), "one advert per interval");
        assertTrue(adverts.stream().allMatch(s -> SpeakerLan.priority(s) == 150));
        assertTrue(lan.adverts("b").isEmpty(), "a Backup is silent");
        assertEquals(adverts.size(), a.speaker.count(51, GroupCounter.ADVERTS_SENT));
        assertEquals(adverts.size(), b.speaker.count(51, AdvertCheck.OK));
    }

    @Test
    void whenTheMasterCrashesTheBackupTakesOverOneMasterDownIntervalAfterItsLastAdvert() {
        Station a = a(150);
        Station b = b(100);
        lan.run(1_000 * MS);
        lan.crash(a);
        long lastAdvertNs = lan.adverts("a").get(lan.adverts("a").size() - 1).atNs();
        lan.run(1_000 * MS);

        assertEquals(MASTER, b.state(51));
        long takeoverNs = firstChange("b", MASTER).atNs();
        assertEquals(lastAdvertNs + MDI_100_NS, takeoverNs);
        assertEquals(takeoverNs, lan.gratuitousArps("b", VIP).get(0).atNs(), "announced at once");
        assertEquals(List.of(mac(b.mac("eth1"))), lan.whoHas("eth1", VIP));
    }

    @Test
    void aGracefulStopHandsOverAfterTheBackupsSkewTime() {
        Station a = a(150);
        Station b = b(100);
        lan.run(1_000 * MS);
        long stopNs = lan.nowNs;
        a.speaker.shutdown();
        lan.run(1_000 * MS);

        List<Seen> adverts = lan.adverts("a");
        Seen last = adverts.get(adverts.size() - 1);
        assertEquals(0, SpeakerLan.priority(last), "priority 0 says goodbye");
        assertEquals(stopNs, last.atNs());
        assertEquals(INITIALIZE, a.state(51));
        assertEquals(0, a.speaker.vipTable("eth1").size(), "the VIP is released");
        assertEquals(stopNs + SKEW_100_NS, firstChange("b", MASTER).atNs());
        assertEquals(List.of(mac(b.mac("eth1"))), lan.whoHas("eth1", VIP));
    }

    @ParameterizedTest(name = "peer-death shortcut {0}")
    @ValueSource(booleans = {true, false})
    void aPeerDeathEndsTheBackupsWaitOnlyWhenConfigured(boolean shortcut) {
        Station a = a(150);
        Station b = lan.station("b", s -> s.group("eth1", inside(100, "192.0.2.3").withPeerDeathShortcut(shortcut),
                false));
        lan.run(1_010 * MS);
        lan.crash(a);
        long lastAdvertNs = lan.adverts("a").get(lan.adverts("a").size() - 1).atNs();
        long deathNs = lan.nowNs;
        b.speaker.peerDied(ip("192.0.2.2"));
        lan.run(1_000 * MS);

        long expected = shortcut ? Math.min(lastAdvertNs + MDI_100_NS, deathNs + SKEW_100_NS)
                : lastAdvertNs + MDI_100_NS;
        assertEquals(expected, firstChange("b", MASTER).atNs());
        assertTrue(deathNs + SKEW_100_NS < lastAdvertNs + MDI_100_NS, "the shortcut is actually shorter here");
    }

    @ParameterizedTest(name = "preempt {0}")
    @ValueSource(booleans = {true, false})
    void aRestartedHigherPriorityNodeTakesBackTheVipOnlyWithPreempt(boolean preempt) {
        Station a = lan.station("a", s -> s.group("eth1", inside(150, "192.0.2.2").withPreempt(preempt), false));
        Station b = b(100);
        lan.run(1_000 * MS);
        lan.crash(a);
        lan.run(1_000 * MS);
        assertEquals(MASTER, b.state(51));
        lan.start(a);
        lan.run(1_000 * MS);

        if (preempt) {
            assertEquals(MASTER, a.state(51));
            assertEquals(BACKUP, b.state(51));
            assertEquals(1, b.speaker.count(51, GroupCounter.DUAL_MASTER_YIELDED));
            assertEquals(0, b.speaker.vipTable("eth1").size());
            assertEquals(List.of(mac(a.mac("eth1"))), lan.whoHas("eth1", VIP));
        } else {
            assertEquals(BACKUP, a.state(51));
            assertEquals(MASTER, b.state(51));
            assertEquals(List.of(mac(b.mac("eth1"))), lan.whoHas("eth1", VIP));
        }
    }

    @Test
    void twoMastersAfterAPartitionResolveWithinOneAdvertIntervalOfTheHeal() {
        Station a = a(150);
        Station b = b(100);
        lan.run(1_000 * MS);
        lan.cut(a, "eth1", true);
        lan.run(500 * MS);
        assertEquals(MASTER, a.state(51));
        assertEquals(MASTER, b.state(51));

        long healNs = lan.nowNs;
        lan.cut(a, "eth1", false);
        long resolvedNs = lan.runUntil(b, 51, BACKUP, 1_000 * MS);

        assertTrue(resolvedNs - healNs <= 50 * MS, "resolved in " + (resolvedNs - healNs) / 1e6 + " ms");
        assertEquals(VrrpReason.HIGHER_PRIORITY_SEEN, lastChange("b", BACKUP).reason());
        assertEquals(MASTER, a.state(51));
        assertEquals(1, b.speaker.count(51, GroupCounter.DUAL_MASTER_YIELDED));
        assertEquals(List.of(mac(a.mac("eth1"))), lan.whoHas("eth1", VIP));
    }

    static Stream<Arguments> badAdverts() {
        return Stream.of(
                Arguments.of(AdvertCheck.BAD_TTL, 51, List.of(VIP), set(22, 254)),
                Arguments.of(AdvertCheck.BAD_CHECKSUM, 51, List.of(VIP), flip(41)),
                Arguments.of(AdvertCheck.BAD_CHECKSUM, 51, List.of(VIP), flip(24)),
                Arguments.of(AdvertCheck.BAD_VERSION, 51, List.of(VIP), set(34, 0x21)),
                Arguments.of(AdvertCheck.ADDRESS_LIST_MISMATCH, 51, List.of("192.0.2.7"), same()),
                Arguments.of(AdvertCheck.TRUNCATED, 51, List.of(VIP), cut(38)),
                Arguments.of(AdvertCheck.WRONG_VRID, 77, List.of(VIP), same()));
    }

    @ParameterizedTest(name = "{0} (VRID {1})")
    @MethodSource("badAdverts")
    void badAdvertsAreDroppedAndCountedAndDoNotHoldTheBackup(AdvertCheck verdict, int vrid, List<String> vips,
                                                              UnaryOperator<byte[]> damage) {
        long startNs = lan.nowNs;
        Station b = b(100);
        VrrpAdvertEncoder peer = new VrrpAdvertEncoder(vrid, 5, ip("192.0.2.9"),
                vips.stream().map(Ip::ip).toList());
        byte[] frame = new byte[peer.frameLength()];
        peer.encodeFrame(frame, 0, 200);
        for (int i = 0; i < 3; i++) {
            lan.run(50 * MS);
            lan.inject("eth1", damage.apply(frame.clone()));
        }
        lan.run(500 * MS);

        assertEquals(startNs + MDI_100_NS, firstChange("b", MASTER).atNs(), "none of them reset Master_Down_Timer");
        if (verdict == AdvertCheck.WRONG_VRID) {
            assertEquals(3, b.speaker.foreignVridFrames("eth1"), "another router's traffic, counted per link");
        } else {
            assertEquals(3, b.speaker.count(51, verdict));
        }
        assertEquals(0, b.speaker.count(51, GroupCounter.ADVERTS_ACCEPTED));

        // The same advert undamaged is taken: a priority-200 Master makes this one yield.
        VrrpAdvertEncoder good = new VrrpAdvertEncoder(51, 5, ip("192.0.2.9"), List.of(ip(VIP)));
        good.encodeFrame(frame, 0, 200);
        lan.inject("eth1", frame);
        lan.run(MS);
        assertEquals(1, b.speaker.count(51, GroupCounter.ADVERTS_ACCEPTED));
        assertEquals(BACKUP, b.state(51));
    }

    @ParameterizedTest(name = "sync group {0}")
    @ValueSource(booleans = {true, false})
    void aSyncGroupMovesTheInsideAndOutsideVipsTogether(boolean sync) {
        Station a = lan.station("a", s -> {
            s.group("eth1", inside(150, "192.0.2.2"), false).group("eth2", outside(150, "198.51.100.2"), false);
            if (sync) {
                s.syncGroup(new SyncGroup("gateway", Set.of(51, 52)));
            }
        });
        Station b = lan.station("b", s -> {
            s.group("eth1", inside(100, "192.0.2.3"), false).group("eth2", outside(100, "198.51.100.3"), false);
            if (sync) {
                s.syncGroup(new SyncGroup("gateway", Set.of(51, 52)));
            }
        });
        lan.run(1_000 * MS);
        assertEquals(MASTER, a.state(51));
        assertEquals(MASTER, a.state(52));

        a.speaker.failover(51);
        lan.run(1_000 * MS);

        assertEquals(MASTER, b.state(51));
        assertEquals(List.of(mac(b.mac("eth1"))), lan.whoHas("eth1", VIP));
        if (sync) {
            assertEquals(MASTER, b.state(52));
            assertEquals(BACKUP, a.state(52));
            assertEquals(VrrpReason.SYNC_GROUP_STEP_DOWN, lastChange("a", BACKUP).reason());
            assertEquals(List.of(mac(b.mac("eth2"))), lan.whoHas("eth2", OUTSIDE_VIP));
        } else {
            assertEquals(MASTER, a.state(52), "without the sync group the outside VIP stays");
            assertEquals(List.of(mac(a.mac("eth2"))), lan.whoHas("eth2", OUTSIDE_VIP));
        }
    }

    @Test
    void aTrackedInterfaceGoingDownLowersThePriorityAndTheBackupPreempts() {
        Station a = a(150);
        Station b = b(100);
        lan.run(1_000 * MS);
        a.inputs = new TrackingInputs(Set.of("eth1"), true, true, true);
        lan.run(1_000 * MS);

        assertEquals(50, a.speaker.effectivePriority(51));
        assertEquals(MASTER, b.state(51));
        assertEquals(BACKUP, a.state(51));
        assertEquals(List.of(mac(b.mac("eth1"))), lan.whoHas("eth1", VIP));
    }

    @Test
    void aNodeThatHasNotFinishedItsResyncDoesNotPreempt() {
        Station a = a(150);
        Station b = b(100);
        lan.run(1_000 * MS);
        lan.crash(a);
        lan.run(1_000 * MS);
        a.inputs = new TrackingInputs(Set.of(), true, true, false);
        lan.start(a);
        lan.run(2_000 * MS);
        assertEquals(BACKUP, a.state(51), "demoted to 50 by the pending resync");
        assertEquals(MASTER, b.state(51));

        long resyncedNs = lan.nowNs;
        a.inputs = TrackingInputs.HEALTHY;
        long preemptNs = lan.runUntil(a, 51, MASTER, 1_000 * MS);
        // The last advert it accepted armed Master_Down_Timer at its demoted priority 50; the probe runs every 10 ms.
        long mdi50Ns = 3 * 50 * MS + 206 * 50 * MS / 256;
        assertTrue(preemptNs - resyncedNs <= 10 * MS + mdi50Ns,
                "preempts once resynced, took " + (preemptNs - resyncedNs) / 1e6 + " ms");
        assertEquals(List.of(mac(a.mac("eth1"))), lan.whoHas("eth1", VIP));
    }

    @Test
    void aWinningMasterClaimInTheClusterViewMakesAMasterYield() {
        Station b = b(100);
        lan.run(1_000 * MS);
        assertEquals(MASTER, b.state(51));
        b.speaker.peerClaimsMaster(51, 200, ip("192.0.2.2"));
        lan.run(MS);

        assertEquals(BACKUP, b.state(51));
        assertEquals(VrrpReason.SPLIT_BRAIN_YIELD, lastChange("b", BACKUP).reason());
        assertEquals(1, b.speaker.count(51, GroupCounter.DUAL_MASTER_YIELDED));
        assertEquals(List.of(), lan.whoHas("eth1", VIP));
    }

    @Test
    void withTheVirtualMacTheVipIsAnsweredAndAnnouncedFromIt() {
        lan.station("a", s -> s.group("eth1", inside(150, "192.0.2.2"), true));
        lan.run(1_000 * MS);

        assertEquals(List.of("00:00:5e:00:01:33"), lan.whoHas("eth1", VIP));
        Seen garp = lan.gratuitousArps("a", VIP).get(0);
        assertEquals("00:00:5e:00:01:33", mac(Arrays.copyOfRange(garp.frame(), 6, 12)));
    }

    @Test
    void anIpv6GroupElectsOverIpv6AdvertsAndAnswersNeighbourSolicitations() {
        String vip6 = "2001:db8::1";
        Station a = lan.station("a", s -> s.group("eth1",
                VrrpGroupConfig.of(61, 150, ip("fe80::2"), ip(vip6)).withAdvertIntervalCs(5), false));
        Station b = lan.station("b", s -> s.group("eth1",
                VrrpGroupConfig.of(61, 100, ip("fe80::3"), ip(vip6)).withAdvertIntervalCs(5), false));
        lan.run(1_000 * MS);
        assertEquals(MASTER, a.state(61));
        assertEquals(BACKUP, b.state(61));
        assertTrue(b.speaker.count(61, AdvertCheck.OK) > 10);
        assertEquals(List.of(mac(a.mac("eth1"))), lan.whoHas("eth1", vip6));

        lan.crash(a);
        lan.run(1_000 * MS);
        assertEquals(MASTER, b.state(61));
        assertEquals(List.of(mac(b.mac("eth1"))), lan.whoHas("eth1", vip6));
    }

    @Test
    void aFailingListenerDoesNotStopTheElection() {
        Station a = lan.station("a", s -> s.group("eth1", inside(150, "192.0.2.2"), false)
                .listener((vrid, from, to, reason) -> {
                    throw new IllegalStateException("listener bug");
                }));
        lan.run(1_000 * MS);
        assertEquals(MASTER, a.state(51));
        assertEquals(List.of(mac(a.mac("eth1"))), lan.whoHas("eth1", VIP));
    }

    private static UnaryOperator<byte[]> set(int index, int value) {
        return f -> {
            f[index] = (byte) value;
            return f;
        };
    }

    private static UnaryOperator<byte[]> flip(int index) {
        return f -> {
            f[index] ^= (byte) 0xff;
            return f;
        };
    }

    private static UnaryOperator<byte[]> cut(int length) {
        return f -> Arrays.copyOf(f, length);
    }

    private static UnaryOperator<byte[]> same() {
        return f -> f;
    }
}
