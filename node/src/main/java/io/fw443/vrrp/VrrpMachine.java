package io.fw443.vrrp;

import static io.fw443.vrrp.VrrpGroupState.NO_DEADLINE;

import io.fw443.vrrp.VrrpAction.DualMasterSeen;
import io.fw443.vrrp.VrrpAction.Notify;
import io.fw443.vrrp.VrrpAction.ReleaseVips;
import io.fw443.vrrp.VrrpAction.SendAdvert;
import io.fw443.vrrp.VrrpAction.SendGratuitous;
import io.fw443.vrrp.VrrpAction.TakeVips;
import io.fw443.vrrp.VrrpEvent.AdvertReceived;
import io.fw443.vrrp.VrrpEvent.ForceFailover;
import io.fw443.vrrp.VrrpEvent.PeerClaimsMaster;
import io.fw443.vrrp.VrrpEvent.PeerDeath;
import io.fw443.vrrp.VrrpEvent.Shutdown;
import io.fw443.vrrp.VrrpEvent.Startup;
import io.fw443.vrrp.VrrpEvent.SyncGroupRelease;
import io.fw443.vrrp.VrrpEvent.SyncGroupStepDown;
import io.fw443.vrrp.VrrpEvent.Tick;
import io.fw443.vrrp.VrrpEvent.TrackingChanged;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RFC 5798 §6.4 state machine of one virtual router, as a pure function: {@link #next} reads a
 * state, an event and the time, and returns the next state with the actions to perform. It keeps no
 * mutable state, reads no clock and does no I/O, so one instance may serve any number of threads.
 *
 * <p>Every change of {@link VrrpState} goes through {@link #changeState}, which appends the single
 * {@link Notify}; the {@code enter*} methods are the entry handlers (FRR's {@code vrrp_change_state}
 * shape) and set the timers of the state they enter.
 */
public final class VrrpMachine {

    /** Nanoseconds per centisecond, the unit of VRRPv3 intervals (RFC 5798 §5.2.7). */
    public static final long NANOS_PER_CENTISECOND = 10_000_000L;

    private static final long NANOS_PER_MILLISECOND = 1_000_000L;

    private final VrrpGroupConfig config;

    public VrrpMachine(VrrpGroupConfig config) {
        this.config = config;
    }

    public VrrpGroupConfig config() {
        return config;
    }

    /** The state before Startup: Initialize, nothing armed. */
    public VrrpGroupState initial() {
        return new VrrpGroupState(VrrpState.INITIALIZE, 0, config.advertIntervalCs(),
            NO_DEADLINE, NO_DEADLINE, NO_DEADLINE, null, 0, false);
    }

    /**
     * The priority this router advertises and compares: configured minus demotion, kept within
     * 1..254 so tracking can never turn an advert into a resignation (0) or an owner claim (255).
     * The owner stays at 255 (RFC 5798 §5.2.4).
     */
    public int effectivePriority(int demotion) {
        if (config.owner()) {
            return VrrpGroupConfig.PRIORITY_OWNER;
        }
        return Math.max(1, Math.min(VrrpGroupConfig.PRIORITY_MAX_BACKUP, config.priority() - demotion));
    }

    /**
     * Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256 (RFC 5798 §6.1), in nanoseconds
     * rather than whole centiseconds so that priorities stay distinct at short intervals.
     */
    public static long skewTimeNs(int priority, int masterAdverIntervalCs) {
        return (256L - priority) * masterAdverIntervalCs * NANOS_PER_CENTISECOND / 256;
    }

    /** Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time (RFC 5798 §6.1). */
    public static long masterDownIntervalNs(int priority, int masterAdverIntervalCs) {
        return 3L * masterAdverIntervalCs * NANOS_PER_CENTISECOND + skewTimeNs(priority, masterAdverIntervalCs);
    }

    /** Compares primary addresses as unsigned big-endian integers, the RFC 5798 §6.4.3 tie-break. */
    public static int compareAddresses(InetAddress a, InetAddress b) {
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }

    /** The transition for {@code event} in {@code state} at {@code nowNs}. */
    public VrrpTransition next(VrrpGroupState state, VrrpEvent event, long nowNs) {
        switch (state.state()) {
            case INITIALIZE:
                return inInitialize(state, event, nowNs);
            case BACKUP:
                return inBackup(state, event, nowNs);
            case MASTER:
                return inMaster(state, event, nowNs);
            default:
                throw new IllegalStateException("unknown state " + state.state());
        }
    }

    // RFC 5798 §6.4.1
    private VrrpTransition inInitialize(VrrpGroupState s, VrrpEvent e, long nowNs) {
        if (e instanceof Startup) {
            if (config.owner()) {
                return enterMaster(s, VrrpReason.STARTUP_AS_OWNER, nowNs);
            }
            return enterBackup(s, VrrpReason.STARTUP, nowNs, config.advertIntervalCs(), null, 0, false);
        }
        if (e instanceof TrackingChanged t) {
            return stay(withDemotion(s, t.demotion()), VrrpReason.TRACKING_CHANGED);
        }
        return stay(s, VrrpReason.IGNORED);
    }

    // RFC 5798 §6.4.2
    private VrrpTransition inBackup(VrrpGroupState s, VrrpEvent e, long nowNs) {
        if (e instanceof Shutdown) {
            return enterInitialize(s, VrrpReason.SHUTDOWN);
        }
        if (e instanceof Tick) {
            if (nowNs >= s.masterDownDeadlineNs()) {
                return enterMaster(s, VrrpReason.MASTER_DOWN_TIMER, nowNs);
            }
            return stay(s, VrrpReason.TIMER_NOT_DUE);
        }
        if (e instanceof AdvertReceived a) {
            return backupReceived(s, a, nowNs);
        }
        if (e instanceof TrackingChanged t) {
            return stay(withDemotion(s, t.demotion()), VrrpReason.TRACKING_CHANGED);
        }
        if (e instanceof PeerDeath p) {
            if (!config.peerDeathShortcut() || s.masterAddress() == null || !s.masterAddress().equals(p.address())) {
                return stay(s, VrrpReason.IGNORED);
            }
            // Act as if the dead Master had sent priority 0: take over after Skew_Time, no sooner,
            // so that several Backups still come up in priority order.
            long skewDeadlineNs = nowNs + skewTimeNs(effectivePriority(s.demotion()), s.masterAdverIntervalCs());
            return stay(new VrrpGroupState(s.state(), s.demotion(), s.masterAdverIntervalCs(), s.adverDeadlineNs(),
                Math.min(s.masterDownDeadlineNs(), skewDeadlineNs), s.preemptDeadlineNs(), null, 0,
                s.preemptSuppressed()), VrrpReason.PEER_DEATH_SHORTCUT);
        }
        if (e instanceof PeerClaimsMaster b) {
            // Only a claim that would win against us: a losing Master we would preempt, or one that
            // lost its link and got demoted, must not hold this Backup down.
            if (b.peerAddress().equals(config.primaryAddress()) || !peerWins(b, effectivePriority(s.demotion()))) {
                return stay(s, VrrpReason.IGNORED);
            }
            long masterDownNs = masterDownIntervalNs(effectivePriority(s.demotion()), s.masterAdverIntervalCs());
            return stay(new VrrpGroupState(s.state(), s.demotion(), s.masterAdverIntervalCs(), s.adverDeadlineNs(),
                nowNs + masterDownNs, s.preemptDeadlineNs(), b.peerAddress(), b.peerPriority(),
                s.preemptSuppressed()), VrrpReason.PEER_MASTER_IN_VIEW);
        }
        if (e instanceof SyncGroupRelease && s.preemptSuppressed()) {
            return stay(new VrrpGroupState(s.state(), s.demotion(), s.masterAdverIntervalCs(), s.adverDeadlineNs(),
                s.masterDownDeadlineNs(), s.preemptDeadlineNs(), s.masterAddress(), s.masterPriority(), false),
                VrrpReason.SYNC_GROUP_RELEASE);
        }
        return stay(s, VrrpReason.IGNORED);
    }

    private VrrpTransition backupReceived(VrrpGroupState s, AdvertReceived a, long nowNs) {
        if (a.sender().equals(config.primaryAddress())) {
            return stay(s, VrrpReason.OWN_ADVERT_IGNORED);
        }
        int priority = effectivePriority(s.demotion());
        if (a.priority() == VrrpGroupConfig.PRIORITY_STOP) {
            // (260)-(265): the Master resigned; the Backup with the shortest skew takes over first.
            long deadlineNs = nowNs + skewTimeNs(priority, s.masterAdverIntervalCs());
            return stay(new VrrpGroupState(s.state(), s.demotion(), s.masterAdverIntervalCs(), s.adverDeadlineNs(),
                deadlineNs, s.preemptDeadlineNs(), s.masterAddress(), s.masterPriority(), s.preemptSuppressed()),
                VrrpReason.PRIORITY_ZERO_SKEW);
        }
        if (a.priority() >= priority) {
            return acceptAdvert(s, a, nowNs, NO_DEADLINE, VrrpReason.ADVERT_ACCEPTED);
        }
        boolean preempts = (config.preempt() || config.owner()) && !s.preemptSuppressed();
        if (!preempts) {
            return acceptAdvert(s, a, nowNs, s.preemptDeadlineNs(), VrrpReason.ADVERT_ACCEPTED_NO_PREEMPT);
        }
        if (config.preemptDelayMs() > 0) {
            long deadlineNs = s.preemptDeadlineNs() != NO_DEADLINE
                ? s.preemptDeadlineNs()
                : nowNs + config.preemptDelayMs() * NANOS_PER_MILLISECOND;
            if (nowNs < deadlineNs) {
                return acceptAdvert(s, a, nowNs, deadlineNs, VrrpReason.PREEMPT_DELAY_HOLD);
            }
        }
        // (295)-(300): discard, so Master_Down_Timer runs out and this router preempts.
        return stay(s, VrrpReason.LOWER_PRIORITY_DISCARDED);
    }

    // (280)-(290): learn Master_Adver_Interval, recompute Master_Down_Interval, reset Master_Down_Timer.
    private VrrpTransition acceptAdvert(VrrpGroupState s, AdvertReceived a, long nowNs, long preemptDeadlineNs,
                                        VrrpReason reason) {
        long masterDownNs = masterDownIntervalNs(effectivePriority(s.demotion()), a.maxAdvertIntervalCs());
        return stay(new VrrpGroupState(s.state(), s.demotion(), a.maxAdvertIntervalCs(), s.adverDeadlineNs(),
            nowNs + masterDownNs, preemptDeadlineNs, a.sender(), a.priority(), s.preemptSuppressed()), reason);
    }

    // RFC 5798 §6.4.3
    private VrrpTransition inMaster(VrrpGroupState s, VrrpEvent e, long nowNs) {
        int priority = effectivePriority(s.demotion());
        if (e instanceof Shutdown) {
            return enterInitialize(s, VrrpReason.SHUTDOWN, resign(), new ReleaseVips());
        }
        if (e instanceof Tick) {
            if (nowNs >= s.adverDeadlineNs()) {
                return advertiseNow(s, priority, nowNs, VrrpReason.ADVER_TIMER);
            }
            return stay(s, VrrpReason.TIMER_NOT_DUE);
        }
        if (e instanceof AdvertReceived a) {
            if (a.sender().equals(config.primaryAddress())) {
                return stay(s, VrrpReason.OWN_ADVERT_IGNORED);
            }
            if (a.priority() == VrrpGroupConfig.PRIORITY_STOP) {
                return advertiseNow(s, priority, nowNs, VrrpReason.PRIORITY_ZERO_ANSWERED);
            }
            if (a.priority() > priority) {
                return yieldTo(s, a, nowNs, VrrpReason.HIGHER_PRIORITY_SEEN);
            }
            if (a.priority() == priority && compareAddresses(a.sender(), config.primaryAddress()) > 0) {
                return yieldTo(s, a, nowNs, VrrpReason.EQUAL_PRIORITY_HIGHER_ADDRESS);
            }
            // The RFC discards it; answering at once (as keepalived does) makes the other Master
            // yield now instead of at our next Adver_Timer.
            return advertiseNow(s, priority, nowNs, VrrpReason.LOWER_PRIORITY_ANSWERED,
                new DualMasterSeen(a.sender(), a.priority(), false));
        }
        if (e instanceof TrackingChanged t) {
            VrrpGroupState demoted = withDemotion(s, t.demotion());
            int newPriority = effectivePriority(t.demotion());
            if (newPriority == priority) {
                return stay(demoted, VrrpReason.TRACKING_CHANGED);
            }
            return advertiseNow(demoted, newPriority, nowNs, VrrpReason.TRACKING_CHANGED);
        }
        if (e instanceof ForceFailover) {
            return enterBackup(s, VrrpReason.FORCED_FAILOVER, nowNs, config.advertIntervalCs(), null, 0, true,
                resign(), new ReleaseVips());
        }
        if (e instanceof SyncGroupStepDown) {
            return enterBackup(s, VrrpReason.SYNC_GROUP_STEP_DOWN, nowNs, config.advertIntervalCs(), null, 0, true,
                resign(), new ReleaseVips());
        }
        if (e instanceof PeerClaimsMaster b) {
            if (b.peerAddress().equals(config.primaryAddress())) {
                return stay(s, VrrpReason.IGNORED);
            }
            if (peerWins(b, priority)) {
                return enterBackup(s, VrrpReason.SPLIT_BRAIN_YIELD, nowNs, config.advertIntervalCs(),
                    b.peerAddress(), b.peerPriority(), false,
                    new DualMasterSeen(b.peerAddress(), b.peerPriority(), true), new ReleaseVips());
            }
            return advertiseNow(s, priority, nowNs, VrrpReason.SPLIT_BRAIN_ASSERT,
                new DualMasterSeen(b.peerAddress(), b.peerPriority(), false));
        }
        return stay(s, VrrpReason.IGNORED);
    }

    // The §6.4.3 comparison: higher priority, or equal priority and greater primary address.
    private boolean peerWins(PeerClaimsMaster claim, int priority) {
        return claim.peerPriority() > priority || claim.peerPriority() == priority
            && compareAddresses(claim.peerAddress(), config.primaryAddress()) > 0;
    }

    private VrrpTransition yieldTo(VrrpGroupState s, AdvertReceived a, long nowNs, VrrpReason reason) {
        return enterBackup(s, reason, nowNs, a.maxAdvertIntervalCs(), a.sender(), a.priority(), false,
            new DualMasterSeen(a.sender(), a.priority(), true), new ReleaseVips());
    }

    // Send an advert now and restart Adver_Timer from now.
    private VrrpTransition advertiseNow(VrrpGroupState s, int priority, long nowNs, VrrpReason reason,
                                        VrrpAction... before) {
        List<VrrpAction> actions = new ArrayList<>(List.of(before));
        actions.add(new SendAdvert(priority, config.advertIntervalCs()));
        VrrpGroupState next = new VrrpGroupState(s.state(), s.demotion(), s.masterAdverIntervalCs(),
            nowNs + config.advertIntervalCs() * NANOS_PER_CENTISECOND, s.masterDownDeadlineNs(),
            s.preemptDeadlineNs(), s.masterAddress(), s.masterPriority(), s.preemptSuppressed());
        return new VrrpTransition(next, actions, reason);
    }

    private SendAdvert resign() {
        return new SendAdvert(VrrpGroupConfig.PRIORITY_STOP, config.advertIntervalCs());
    }

    // Entry handler of Master: advert, VIPs, announcements, Adver_Timer (§6.4.1 (110)-(135), §6.4.2 (210)-(245)).
    private VrrpTransition enterMaster(VrrpGroupState s, VrrpReason reason, long nowNs) {
        List<VrrpAction> actions = new ArrayList<>();
        actions.add(new SendAdvert(effectivePriority(s.demotion()), config.advertIntervalCs()));
        actions.add(new TakeVips(config.owner() || config.acceptMode()));
        if (config.gratuitousCount() > 0) {
            actions.add(new SendGratuitous(config.gratuitousCount()));
        }
        VrrpGroupState next = new VrrpGroupState(VrrpState.MASTER, s.demotion(), config.advertIntervalCs(),
            nowNs + config.advertIntervalCs() * NANOS_PER_CENTISECOND, NO_DEADLINE, NO_DEADLINE, null, 0, false);
        return changeState(s, next, reason, actions);
    }

    // Entry handler of Backup: Master_Adver_Interval and Master_Down_Timer (§6.4.1 (145)-(150), §6.4.3).
    private VrrpTransition enterBackup(VrrpGroupState s, VrrpReason reason, long nowNs, int masterAdverIntervalCs,
                                       InetAddress masterAddress, int masterPriority, boolean preemptSuppressed,
                                       VrrpAction... exitActions) {
        long masterDownNs = masterDownIntervalNs(effectivePriority(s.demotion()), masterAdverIntervalCs);
        VrrpGroupState next = new VrrpGroupState(VrrpState.BACKUP, s.demotion(), masterAdverIntervalCs,
            NO_DEADLINE, nowNs + masterDownNs, NO_DEADLINE, masterAddress, masterPriority, preemptSuppressed);
        return changeState(s, next, reason, new ArrayList<>(List.of(exitActions)));
    }

    // Entry handler of Initialize: every timer cancelled (§6.4.2 (190), §6.4.3).
    private VrrpTransition enterInitialize(VrrpGroupState s, VrrpReason reason, VrrpAction... exitActions) {
        VrrpGroupState next = new VrrpGroupState(VrrpState.INITIALIZE, s.demotion(), config.advertIntervalCs(),
            NO_DEADLINE, NO_DEADLINE, NO_DEADLINE, null, 0, false);
        return changeState(s, next, reason, new ArrayList<>(List.of(exitActions)));
    }

    /** The one place where {@link VrrpState} changes: appends {@code Notify(FROM, TO, reason)}. */
    private static VrrpTransition changeState(VrrpGroupState from, VrrpGroupState to, VrrpReason reason,
                                              List<VrrpAction> actions) {
        actions.add(new Notify(from.state(), to.state(), reason));
        return new VrrpTransition(to, actions, reason);
    }

    private static VrrpTransition stay(VrrpGroupState s, VrrpReason reason) {
        return new VrrpTransition(s, List.of(), reason);
    }

    private static VrrpGroupState withDemotion(VrrpGroupState s, int demotion) {
        return new VrrpGroupState(s.state(), demotion, s.masterAdverIntervalCs(), s.adverDeadlineNs(),
            s.masterDownDeadlineNs(), s.preemptDeadlineNs(), s.masterAddress(), s.masterPriority(),
            s.preemptSuppressed());
    }
}
