package io.fw443.vrrp;

import static io.fw443.vrrp.Ip.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** One router on a virtual clock, fed events by hand. Times are in ns; 1 s = 1_000_000_000. */
class VrrpMachineScenarioTest {

    private static final long SECOND_NS = 1_000_000_000L;
    private static final InetAddress SELF = ip("192.0.2.5");
    private static final InetAddress PEER = ip("192.0.2.7");
    private static final InetAddress VIP = ip("192.0.2.1");

    /** Drives one machine: the clock only moves forward, Tick is delivered when a deadline is due. */
    private static final class Driver {
        final VrrpMachine machine;
        VrrpGroupState state;
        VrrpTransition last;
        long nowNs;

        Driver(VrrpGroupConfig config) {
            machine = new VrrpMachine(config);
            state = machine.initial();
        }

        VrrpTransition at(long atNs, VrrpEvent event) {
            advanceTo(atNs);
            return apply(event);
        }

        VrrpTransition apply(VrrpEvent event) {
            last = machine.next(state, event, nowNs);
            state = last.state();
            return last;
        }

        /** Advances the clock, ticking at every deadline on the way (as the shell's timer does). */
        void advanceTo(long atNs) {
            while (state.nextDeadlineNs() <= atNs) {
                nowNs = Math.max(nowNs, state.nextDeadlineNs());
                apply(VrrpEvent.TICK);
            }
            nowNs = atNs;
        }

        VrrpState s() {
            return state.state();
        }
    }

    @Test
    void ownerStartsAsMasterAtOnceAndAcceptsVipTraffic() {
        Driver owner = new Driver(VrrpGroupConfig.of(1, 255, VIP, VIP));
        VrrpTransition t = owner.at(0, new VrrpEvent.Startup());
        assertEquals(VrrpState.MASTER, owner.s());
        assertEquals(VrrpReason.STARTUP_AS_OWNER, t.reason());
        assertEquals("advert:255 take:accept garp:5 notify:INITIALIZE>MASTER", Actions.spell(t.actions()));
        assertEquals(SECOND_NS, owner.state.adverDeadlineNs(), "Adver_Timer = Advertisement_Interval");
    }

    @Test
    void backupWithoutAdvertsBecomesMasterAfterMasterDownIntervalExactly() {
        Driver b = new Driver(VrrpGroupConfig.of(1, 100, SELF, VIP));
        b.at(0, new VrrpEvent.Startup());
        // 3 * 1 s + (256 - 100) / 256 s = 3.609375 s
        b.advanceTo(3_609_375_000L - 1);
        assertEquals(VrrpState.BACKUP, b.s());
        b.advanceTo(3_609_375_000L);
        assertEquals(VrrpState.MASTER, b.s());
        assertEquals(VrrpReason.MASTER_DOWN_TIMER, b.last.reason());
        assertEquals("advert:100 take garp:5 notify:BACKUP>MASTER", Actions.spell(b.last.actions()));
    }

    @Test
    void masterAdvertisesEveryIntervalFromTheLastAdvert() {
        Driver m = new Driver(VrrpGroupConfig.of(1, 255, VIP, VIP).withAdvertIntervalCs(5));
        m.at(0, new VrrpEvent.Startup());
        int adverts = 0;
        while (m.state.nextDeadlineNs() <= SECOND_NS) {
            m.advanceTo(m.state.nextDeadlineNs());
            assertEquals(VrrpReason.ADVER_TIMER, m.last.reason());
            assertEquals("advert:255", Actions.spell(m.last.actions()));
            adverts++;
        }
        assertEquals(20, adverts, "50 ms interval: 20 adverts in the first second after the startup advert");
    }

    @Test
    void backupReceivingPriorityZeroTakesOverAfterSkewTime() {
        Driver b = new Driver(VrrpGroupConfig.of(1, 100, SELF, VIP));
        b.at(0, new VrrpEvent.Startup());
        b.at(SECOND_NS, new VrrpEvent.AdvertReceived(200, 100, PEER));
        VrrpTransition t = b.at(2 * SECOND_NS, new VrrpEvent.AdvertReceived(0, 100, PEER));
        assertEquals(VrrpReason.PRIORITY_ZERO_SKEW, t.reason());
        // Skew_Time for priority 100 at 1 s: 156/256 s = 609.375 ms
        b.advanceTo(2 * SECOND_NS + 609_375_000L - 1);
        assertEquals(VrrpState.BACKUP, b.s());
        b.advanceTo(2 * SECOND_NS + 609_375_000L);
        assertEquals(VrrpState.MASTER, b.s());
    }

    @Test
    void backupLearnsMasterAdverIntervalFromTheAdvert() {
        Driver b = new Driver(VrrpGroupConfig.of(1, 100, SELF, VIP));
        b.at(0, new VrrpEvent.Startup());
        b.at(SECOND_NS, new VrrpEvent.AdvertReceived(200, 50, PEER));
        assertEquals(50, b.state.masterAdverIntervalCs());
        // 3 * 0.5 s + 156 * 0.5 s / 256 = 1.5 s + 304.6875 ms
        assertEquals(SECOND_NS + 1_804_687_500L, b.state.masterDownDeadlineNs());
        assertEquals(PEER, b.state.masterAddress());
    }

    @Test
    void backupWithoutPreemptFollowsALowerPriorityMaster() {
        Driver b = new Driver(VrrpGroupConfig.of(1, 200, SELF, VIP).withPreempt(false));
        b.at(0, new VrrpEvent.Startup());
        for (long t = SECOND_NS / 2; t < 60 * SECOND_NS; t += SECOND_NS) {
            assertEquals(VrrpReason.ADVERT_ACCEPTED_NO_PREEMPT, b.at(t, new VrrpEvent.AdvertReceived(100, 100, PEER))
                .reason());
        }
        assertEquals(VrrpState.BACKUP, b.s());
    }

    @Test
    void preemptingBackupDiscardsLowerPriorityAndTakesOverWhenTheTimerRunsOut() {
        Driver b = new Driver(VrrpGroupConfig.of(1, 200, SELF, VIP));
        b.at(0, new VrrpEvent.Startup());
        assertEquals(VrrpReason.LOWER_PRIORITY_DISCARDED,
            b.at(SECOND_NS, new VrrpEvent.AdvertReceived(100, 100, PEER)).reason());
        // The timer armed at startup was not reset: 3 s + 56/256 s.
        b.advanceTo(3_218_750_000L);
        assertEquals(VrrpState.MASTER, b.s());
    }

    @Test
    void ownerPreemptsEvenWithPreemptOff() {
        Driver owner = new Driver(VrrpGroupConfig.of(1, 255, VIP, VIP).withPreempt(false));
        owner.at(0, new VrrpEvent.Startup());
        owner.at(SECOND_NS / 2, new VrrpEvent.AdvertReceived(254, 100, PEER));
        assertEquals(VrrpState.MASTER, owner.s(), "255 beats 254 in Master");
        Driver ownerInBackup = new Driver(VrrpGroupConfig.of(1, 255, VIP, VIP).withPreempt(false));
        ownerInBackup.state = new VrrpGroupState(VrrpState.BACKUP, 0, 100, VrrpGroupState.NO_DEADLINE,
            3 * SECOND_NS, VrrpGroupState.NO_DEADLINE, PEER, 254, false);
        assertEquals(VrrpReason.LOWER_PRIORITY_DISCARDED,
            ownerInBackup.at(SECOND_NS, new VrrpEvent.AdvertReceived(254, 100, PEER)).reason());
    }

    @Test
    void preemptDelayHoldsTheLowerMasterUntilTheDelayHasRunOut() {
        Driver b = new Driver(VrrpGroupConfig.of(1, 200, SELF, VIP).withPreemptDelayMs(5_000));
        b.at(0, new VrrpEvent.Startup());
        long firstNs = SECOND_NS / 2;
        long t = firstNs;
        for (; t < firstNs + 5 * SECOND_NS; t += SECOND_NS) {
            assertEquals(VrrpReason.PREEMPT_DELAY_HOLD, b.at(t, new VrrpEvent.AdvertReceived(100, 100, PEER)).reason());
            assertEquals(VrrpState.BACKUP, b.s());
        }
        // t == first + 5 s: the delay is over; from now on the lower master's adverts are discarded.
        assertEquals(VrrpReason.LOWER_PRIORITY_DISCARDED,
            b.at(t, new VrrpEvent.AdvertReceived(100, 100, PEER)).reason());
        long lastAcceptedNs = t - SECOND_NS;
        b.advanceTo(lastAcceptedNs + 3_218_750_000L - 1);
        assertEquals(VrrpState.BACKUP, b.s());
        b.advanceTo(lastAcceptedNs + 3_218_750_000L);
        assertEquals(VrrpState.MASTER, b.s());
    }

    @Test
    void preemptDelayRearmsAfterAHigherMasterWasFollowed() {
        Driver b = new Driver(VrrpGroupConfig.of(1, 200, SELF, VIP).withPreemptDelayMs(5_000));
        b.at(0, new VrrpEvent.Startup());
        b.at(SECOND_NS, new VrrpEvent.AdvertReceived(100, 100, PEER));
        long armedNs = b.state.preemptDeadlineNs();
        assertEquals(6 * SECOND_NS, armedNs);
        b.at(2 * SECOND_NS, new VrrpEvent.AdvertReceived(250, 100, ip("192.0.2.9")));
        assertEquals(VrrpGroupState.NO_DEADLINE, b.state.preemptDeadlineNs(), "a legitimate master disarms it");
        b.at(3 * SECOND_NS, new VrrpEvent.AdvertReceived(100, 100, PEER));
        assertEquals(8 * SECOND_NS, b.state.preemptDeadlineNs());
    }

    @Test
    void peerDeathShortcutCutsTheWaitToSkewTimeOnlyForTheCurrentMaster() {
        Driver on = new Driver(VrrpGroupConfig.of(1, 100, SELF, VIP).withPeerDeathShortcut(true));
        on.at(0, new VrrpEvent.Startup());
        on.at(SECOND_NS, new VrrpEvent.AdvertReceived(200, 100, PEER));
        assertEquals(VrrpReason.IGNORED, on.at(SECOND_NS + 1, new VrrpEvent.PeerDeath(ip("192.0.2.9"))).reason());
        long deathNs = SECOND_NS + 300_000_000L;
        assertEquals(VrrpReason.PEER_DEATH_SHORTCUT, on.at(deathNs, new VrrpEvent.PeerDeath(PEER)).reason());
        on.advanceTo(deathNs + 609_375_000L);
        assertEquals(VrrpState.MASTER, on.s());

        Driver off = new Driver(VrrpGroupConfig.of(1, 100, SELF, VIP));
        off.at(0, new VrrpEvent.Startup());
        off.at(SECOND_NS, new VrrpEvent.AdvertReceived(200, 100, PEER));
        assertEquals(VrrpReason.IGNORED, off.at(deathNs, new VrrpEvent.PeerDeath(PEER)).reason());
        off.advanceTo(deathNs + 609_375_000L);
        assertEquals(VrrpState.BACKUP, off.s());
        off.advanceTo(SECOND_NS + 3_609_375_000L);
        assertEquals(VrrpState.MASTER, off.s(), "without the shortcut: Master_Down_Interval after the last advert");
    }

    @Test
    void acceptModeDecidesWhetherTheVipsOwnTrafficIsAccepted() {
        Driver plain = new Driver(VrrpGroupConfig.of(1, 100, SELF, VIP).withGratuitousCount(0));
        plain.at(0, new VrrpEvent.Startup());
        plain.advanceTo(3_609_375_000L);
        assertEquals("advert:100 take notify:BACKUP>MASTER", Actions.spell(plain.last.actions()));
        Driver accept = new Driver(VrrpGroupConfig.of(1, 100, SELF, VIP).withAcceptMode(true).withGratuitousCount(1));
        accept.at(0, new VrrpEvent.Startup());
        accept.advanceTo(3_609_375_000L);
        assertEquals("advert:100 take:accept garp:1 notify:BACKUP>MASTER", Actions.spell(accept.last.actions()));
    }

    @Test
    void trackingInMasterReadvertisesOnlyWhenTheEffectivePriorityChanges() {
        Driver m = new Driver(VrrpGroupConfig.of(1, 100, SELF, VIP));
        m.at(0, new VrrpEvent.Startup());
        m.advanceTo(3_609_375_000L);
        assertEquals("advert:60", Actions.spell(m.apply(new VrrpEvent.TrackingChanged(40)).actions()));
        assertEquals(m.nowNs + SECOND_NS, m.state.adverDeadlineNs(), "Adver_Timer restarted");
        assertEquals("advert:1", Actions.spell(m.apply(new VrrpEvent.TrackingChanged(200)).actions()));
        assertEquals("", Actions.spell(m.apply(new VrrpEvent.TrackingChanged(300)).actions()), "still clamped to 1");
        assertEquals("advert:100", Actions.spell(m.apply(new VrrpEvent.TrackingChanged(0)).actions()));
    }

    @Test
    void demotionBeforeStartupIsUsedForTheFirstMasterDownInterval() {
        Driver b = new Driver(VrrpGroupConfig.of(1, 200, SELF, VIP));
        b.at(0, new VrrpEvent.TrackingChanged(100));
        b.at(0, new VrrpEvent.Startup());
        // effective 100: 3.609375 s, not the 3.21875 s of priority 200
        assertEquals(3_609_375_000L, b.state.masterDownDeadlineNs());
    }

    @Test
    void forcedFailoverHandsOverAndDoesNotPreemptBackUntilReleased() {
        Driver m = new Driver(VrrpGroupConfig.of(1, 200, SELF, VIP));
        m.at(0, new VrrpEvent.Startup());
        m.advanceTo(3_218_750_000L);
        assertEquals(VrrpState.MASTER, m.s());
        VrrpTransition t = m.apply(new VrrpEvent.ForceFailover());
        assertEquals("advert:0 release notify:MASTER>BACKUP", Actions.spell(t.actions()));
        assertTrue(m.state.preemptSuppressed());
        long t0 = m.nowNs;
        assertEquals(VrrpReason.ADVERT_ACCEPTED_NO_PREEMPT,
            m.at(t0 + 700_000_000L, new VrrpEvent.AdvertReceived(100, 100, PEER)).reason());
        assertEquals(VrrpReason.SYNC_GROUP_RELEASE, m.apply(new VrrpEvent.SyncGroupRelease(2)).reason());
        assertFalse(m.state.preemptSuppressed());
        assertEquals(VrrpReason.LOWER_PRIORITY_DISCARDED,
            m.at(t0 + 1_700_000_000L, new VrrpEvent.AdvertReceived(100, 100, PEER)).reason());
    }

    @Test
    void forcedFailoverWithNobodyToTakeOverComesBackAfterMasterDownInterval() {
        Driver m = new Driver(VrrpGroupConfig.of(1, 200, SELF, VIP));
        m.at(0, new VrrpEvent.Startup());
        m.advanceTo(3_218_750_000L);
        m.apply(new VrrpEvent.ForceFailover());
        long t0 = m.nowNs;
        m.advanceTo(t0 + 3_218_750_000L - 1);
        assertEquals(VrrpState.BACKUP, m.s());
        m.advanceTo(t0 + 3_218_750_000L);
        assertEquals(VrrpState.MASTER, m.s());
        assertFalse(m.state.preemptSuppressed(), "becoming Master clears the hand-over");
    }

    @Test
    void twoOwnersResolveByAddressLikeAnyEqualPriority() {
        Driver low = new Driver(VrrpGroupConfig.of(1, 255, ip("192.0.2.1"), VIP));
        low.at(0, new VrrpEvent.Startup());
        VrrpTransition t = low.at(1, new VrrpEvent.AdvertReceived(255, 100, ip("192.0.2.2")));
        assertEquals(VrrpReason.EQUAL_PRIORITY_HIGHER_ADDRESS, t.reason());
        Driver high = new Driver(VrrpGroupConfig.of(1, 255, ip("192.0.2.2"), VIP));
        high.at(0, new VrrpEvent.Startup());
        assertEquals(VrrpReason.LOWER_PRIORITY_ANSWERED,
            high.at(1, new VrrpEvent.AdvertReceived(255, 100, ip("192.0.2.1"))).reason());
    }

    @Test
    void addressesCompareAsUnsignedNumbers() {
        assertTrue(VrrpMachine.compareAddresses(ip("192.0.2.200"), ip("192.0.2.20")) > 0);
        assertTrue(VrrpMachine.compareAddresses(ip("203.0.113.1"), ip("198.51.100.254")) > 0);
        assertTrue(VrrpMachine.compareAddresses(ip("fe80::1"), ip("fe80::ff")) < 0);
        assertEquals(0, VrrpMachine.compareAddresses(ip("192.0.2.7"), ip("192.0.2.7")));
    }
}
