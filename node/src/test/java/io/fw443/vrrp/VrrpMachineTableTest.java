package io.fw443.vrrp;

import static io.fw443.vrrp.Ip.ip;
import static io.fw443.vrrp.VrrpState.BACKUP;
import static io.fw443.vrrp.VrrpState.INITIALIZE;
import static io.fw443.vrrp.VrrpState.MASTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every state × event cell. The router under test: priority 100, preempt on, peer-death
 * shortcut on, primary 192.0.2.5. Its peers: 192.0.2.7 (greater address) and 192.0.2.3 (smaller).
 * In BACKUP it follows 192.0.2.7 at priority 150; in MASTER it advertises 100.
 */
class VrrpMachineTableTest {

    private static final InetAddress SELF = ip("192.0.2.5");
    private static final InetAddress HIGH_PEER = ip("192.0.2.7");
    private static final InetAddress LOW_PEER = ip("192.0.2.3");
    private static final VrrpGroupConfig CONFIG = VrrpGroupConfig.of(51, 100, SELF, ip("192.0.2.1"))
        .withPeerDeathShortcut(true);
    private static final VrrpMachine MACHINE = new VrrpMachine(CONFIG);

    /** Each event of the table, with how "now" relates to the state's next deadline. */
    enum Input {
        STARTUP(new VrrpEvent.Startup(), false),
        SHUTDOWN(new VrrpEvent.Shutdown(), false),
        TICK_DUE(VrrpEvent.TICK, false),
        TICK_EARLY(VrrpEvent.TICK, true),
        ADVERT_PRIORITY_ZERO(new VrrpEvent.AdvertReceived(0, 100, HIGH_PEER), true),
        ADVERT_HIGHER(new VrrpEvent.AdvertReceived(150, 100, HIGH_PEER), true),
        ADVERT_EQUAL_GREATER_ADDRESS(new VrrpEvent.AdvertReceived(100, 100, HIGH_PEER), true),
        ADVERT_EQUAL_SMALLER_ADDRESS(new VrrpEvent.AdvertReceived(100, 100, LOW_PEER), true),
        ADVERT_LOWER(new VrrpEvent.AdvertReceived(50, 100, LOW_PEER), true),
        ADVERT_OWN(new VrrpEvent.AdvertReceived(100, 100, SELF), true),
        TRACKING(new VrrpEvent.TrackingChanged(20), true),
        PEER_DEATH_OF_MASTER(new VrrpEvent.PeerDeath(HIGH_PEER), true),
        PEER_DEATH_OF_OTHER(new VrrpEvent.PeerDeath(LOW_PEER), true),
        FORCE_FAILOVER(new VrrpEvent.ForceFailover(), true),
        PEER_CLAIMS_MASTER_WINNING(new VrrpEvent.PeerClaimsMaster(150, HIGH_PEER), true),
        PEER_CLAIMS_MASTER_LOSING(new VrrpEvent.PeerClaimsMaster(50, LOW_PEER), true),
        SYNC_STEP_DOWN(new VrrpEvent.SyncGroupStepDown(52), true),
        SYNC_RELEASE(new VrrpEvent.SyncGroupRelease(52), true);

        final VrrpEvent event;
        final boolean early;

        Input(VrrpEvent event, boolean early) {
            this.event = event;
            this.early = early;
        }
    }

    static Stream<Arguments> cells() {
        return Stream.of(
            cell(INITIALIZE, Input.STARTUP, BACKUP, VrrpReason.STARTUP, "notify:INITIALIZE>BACKUP"),
            cell(INITIALIZE, Input.SHUTDOWN, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.TICK_DUE, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.TICK_EARLY, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.ADVERT_PRIORITY_ZERO, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.ADVERT_HIGHER, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.ADVERT_EQUAL_GREATER_ADDRESS, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.ADVERT_EQUAL_SMALLER_ADDRESS, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.ADVERT_LOWER, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.ADVERT_OWN, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.TRACKING, INITIALIZE, VrrpReason.TRACKING_CHANGED, ""),
            cell(INITIALIZE, Input.PEER_DEATH_OF_MASTER, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.PEER_DEATH_OF_OTHER, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.FORCE_FAILOVER, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.PEER_CLAIMS_MASTER_WINNING, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.PEER_CLAIMS_MASTER_LOSING, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.SYNC_STEP_DOWN, INITIALIZE, VrrpReason.IGNORED, ""),
            cell(INITIALIZE, Input.SYNC_RELEASE, INITIALIZE, VrrpReason.IGNORED, ""),

            cell(BACKUP, Input.STARTUP, BACKUP, VrrpReason.IGNORED, ""),
            cell(BACKUP, Input.SHUTDOWN, INITIALIZE, VrrpReason.SHUTDOWN, "notify:BACKUP>INITIALIZE"),
            cell(BACKUP, Input.TICK_DUE, MASTER, VrrpReason.MASTER_DOWN_TIMER,
                "advert:100 take garp:5 notify:BACKUP>MASTER"),
            cell(BACKUP, Input.TICK_EARLY, BACKUP, VrrpReason.TIMER_NOT_DUE, ""),
            cell(BACKUP, Input.ADVERT_PRIORITY_ZERO, BACKUP, VrrpReason.PRIORITY_ZERO_SKEW, ""),
            cell(BACKUP, Input.ADVERT_HIGHER, BACKUP, VrrpReason.ADVERT_ACCEPTED, ""),
            cell(BACKUP, Input.ADVERT_EQUAL_GREATER_ADDRESS, BACKUP, VrrpReason.ADVERT_ACCEPTED, ""),
            cell(BACKUP, Input.ADVERT_EQUAL_SMALLER_ADDRESS, BACKUP, VrrpReason.ADVERT_ACCEPTED, ""),
            cell(BACKUP, Input.ADVERT_LOWER, BACKUP, VrrpReason.LOWER_PRIORITY_DISCARDED, ""),
            cell(BACKUP, Input.ADVERT_OWN, BACKUP, VrrpReason.OWN_ADVERT_IGNORED, ""),
            cell(BACKUP, Input.TRACKING, BACKUP, VrrpReason.TRACKING_CHANGED, ""),
            cell(BACKUP, Input.PEER_DEATH_OF_MASTER, BACKUP, VrrpReason.PEER_DEATH_SHORTCUT, ""),
            cell(BACKUP, Input.PEER_DEATH_OF_OTHER, BACKUP, VrrpReason.IGNORED, ""),
            cell(BACKUP, Input.FORCE_FAILOVER, BACKUP, VrrpReason.IGNORED, ""),
            cell(BACKUP, Input.PEER_CLAIMS_MASTER_WINNING, BACKUP, VrrpReason.PEER_MASTER_IN_VIEW, ""),
            cell(BACKUP, Input.PEER_CLAIMS_MASTER_LOSING, BACKUP, VrrpReason.IGNORED, ""),
            cell(BACKUP, Input.SYNC_STEP_DOWN, BACKUP, VrrpReason.IGNORED, ""),
            cell(BACKUP, Input.SYNC_RELEASE, BACKUP, VrrpReason.IGNORED, ""),

            cell(MASTER, Input.STARTUP, MASTER, VrrpReason.IGNORED, ""),
            cell(MASTER, Input.SHUTDOWN, INITIALIZE, VrrpReason.SHUTDOWN,
                "advert:0 release notify:MASTER>INITIALIZE"),
            cell(MASTER, Input.TICK_DUE, MASTER, VrrpReason.ADVER_TIMER, "advert:100"),
            cell(MASTER, Input.TICK_EARLY, MASTER, VrrpReason.TIMER_NOT_DUE, ""),
            cell(MASTER, Input.ADVERT_PRIORITY_ZERO, MASTER, VrrpReason.PRIORITY_ZERO_ANSWERED, "advert:100"),
            cell(MASTER, Input.ADVERT_HIGHER, BACKUP, VrrpReason.HIGHER_PRIORITY_SEEN,
                "dual:yield release notify:MASTER>BACKUP"),
            cell(MASTER, Input.ADVERT_EQUAL_GREATER_ADDRESS, BACKUP, VrrpReason.EQUAL_PRIORITY_HIGHER_ADDRESS,
                "dual:yield release notify:MASTER>BACKUP"),
            cell(MASTER, Input.ADVERT_EQUAL_SMALLER_ADDRESS, MASTER, VrrpReason.LOWER_PRIORITY_ANSWERED,
                "dual:assert advert:100"),
            cell(MASTER, Input.ADVERT_LOWER, MASTER, VrrpReason.LOWER_PRIORITY_ANSWERED, "dual:assert advert:100"),
            cell(MASTER, Input.ADVERT_OWN, MASTER, VrrpReason.OWN_ADVERT_IGNORED, ""),
            cell(MASTER, Input.TRACKING, MASTER, VrrpReason.TRACKING_CHANGED, "advert:80"),
            cell(MASTER, Input.PEER_DEATH_OF_MASTER, MASTER, VrrpReason.IGNORED, ""),
            cell(MASTER, Input.PEER_DEATH_OF_OTHER, MASTER, VrrpReason.IGNORED, ""),
            cell(MASTER, Input.FORCE_FAILOVER, BACKUP, VrrpReason.FORCED_FAILOVER,
                "advert:0 release notify:MASTER>BACKUP"),
            cell(MASTER, Input.PEER_CLAIMS_MASTER_WINNING, BACKUP, VrrpReason.SPLIT_BRAIN_YIELD,
                "dual:yield release notify:MASTER>BACKUP"),
            cell(MASTER, Input.PEER_CLAIMS_MASTER_LOSING, MASTER, VrrpReason.SPLIT_BRAIN_ASSERT,
                "dual:assert advert:100"),
            cell(MASTER, Input.SYNC_STEP_DOWN, BACKUP, VrrpReason.SYNC_GROUP_STEP_DOWN,
                "advert:0 release notify:MASTER>BACKUP"),
            cell(MASTER, Input.SYNC_RELEASE, MASTER, VrrpReason.IGNORED, ""));
    }

    private static Arguments cell(VrrpState from, Input input, VrrpState to, VrrpReason reason, String actions) {
        return Arguments.of(from, input, to, reason, actions);
    }

    /** A real path into each state: Initialize; Backup following 192.0.2.7; Master after Master_Down. */
    static VrrpGroupState fixture(VrrpState state) {
        VrrpGroupState init = MACHINE.initial();
        if (state == INITIALIZE) {
            return init;
        }
        VrrpGroupState backup = MACHINE.next(init, new VrrpEvent.Startup(), 0).state();
        backup = MACHINE.next(backup, new VrrpEvent.AdvertReceived(150, 100, HIGH_PEER), 1_000_000_000L).state();
        if (state == BACKUP) {
            return backup;
        }
        return MACHINE.next(backup, VrrpEvent.TICK, backup.nextDeadlineNs()).state();
    }

    @ParameterizedTest(name = "{0} + {1} -> {2} ({3})")
    @MethodSource("cells")
    void everyCell(VrrpState from, Input input, VrrpState to, VrrpReason reason, String actions) {
        VrrpGroupState state = fixture(from);
        assertEquals(from, state.state());
        long deadlineNs = state.nextDeadlineNs() == VrrpGroupState.NO_DEADLINE
            ? 10_000_000_000L : state.nextDeadlineNs();
        long nowNs = input.early ? deadlineNs - 1 : deadlineNs;

        VrrpTransition t = MACHINE.next(state, input.event, nowNs);

        assertEquals(to, t.state().state(), "state");
        assertEquals(reason, t.reason(), "reason");
        assertEquals(actions, Actions.spell(t.actions()), "actions");
        long notifies = t.actions().stream().filter(a -> a instanceof VrrpAction.Notify).count();
        assertEquals(from == to ? 0 : 1, notifies, "one Notify exactly when the state changes");
        if (from != to) {
            assertEquals(new VrrpAction.Notify(from, to, reason), t.actions().get(t.actions().size() - 1));
        }
    }

    @Test
    void tableCoversEveryStateAndEvent() {
        Set<String> seen = new HashSet<>();
        cells().forEach(a -> assertTrue(seen.add(a.get()[0] + "/" + a.get()[1]), "duplicate " + a.get()[0]));
        assertEquals(EnumSet.allOf(VrrpState.class).size() * Input.values().length, seen.size());
        Set<Class<?>> eventKinds = new HashSet<>();
        for (Input input : Input.values()) {
            eventKinds.add(input.event.getClass());
        }
        assertEquals(Set.of(VrrpEvent.class.getPermittedSubclasses()), eventKinds, "every event kind is in the table");
    }

    @Test
    void timersAreOnlyArmedInTheirState() {
        for (VrrpState s : VrrpState.values()) {
            VrrpGroupState state = fixture(s);
            assertEquals(s == MASTER, state.adverDeadlineNs() != VrrpGroupState.NO_DEADLINE, "Adver_Timer in " + s);
            assertEquals(s == BACKUP, state.masterDownDeadlineNs() != VrrpGroupState.NO_DEADLINE,
                "Master_Down_Timer in " + s);
        }
        assertEquals(List.of(INITIALIZE, BACKUP, MASTER), List.of(VrrpState.fromCode(1), VrrpState.fromCode(2),
            VrrpState.fromCode(3)));
    }
}
