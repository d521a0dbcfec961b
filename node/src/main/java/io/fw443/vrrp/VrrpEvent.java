package io.fw443.vrrp;

import java.net.InetAddress;
import java.util.Objects;

/** Inputs of {@link VrrpMachine#next}. The current time is passed alongside, never inside. */
public sealed interface VrrpEvent {

    /** The one Tick instance: timers are checked against {@code nowNs}. */
    Tick TICK = new Tick();

    /** Start participating (RFC 5798 §6.4.1). */
    record Startup() implements VrrpEvent {
    }

    /** Stop participating; a Master sends priority 0 first (RFC 5798 §6.4.2, §6.4.3). */
    record Shutdown() implements VrrpEvent {
    }

    /**
     * Time passed. The shell sends it when {@code nowNs >= state.nextDeadlineNs()}, before any
     * other event of the same instant, so a due timer fires before a late advert is looked at.
     */
    record Tick() implements VrrpEvent {
    }

    /**
     * A validated advert for this group (see {@link AdvertValidator}).
     *
     * @param priority            0..255 as carried
     * @param maxAdvertIntervalCs 1..4095 as carried
     * @param sender              the IP source address, i.e. the sender's primary address
     */
    record AdvertReceived(int priority, int maxAdvertIntervalCs, InetAddress sender) implements VrrpEvent {
        public AdvertReceived {
            if (priority < 0 || priority > 255) {
                throw new IllegalArgumentException("priority must be 0..255: " + priority);
            }
            if (maxAdvertIntervalCs < 1 || maxAdvertIntervalCs > VrrpGroupConfig.MAX_ADVERT_INTERVAL_CS) {
                throw new IllegalArgumentException("advert interval must be 1..4095 cs: " + maxAdvertIntervalCs);
            }
            Objects.requireNonNull(sender, "sender");
        }
    }

    /**
     * The tracked demotion changed.
     *
     * @param demotion the new total (see {@link VrrpTracking#demotion}), not a delta
     */
    record TrackingChanged(int demotion) implements VrrpEvent {
        public TrackingChanged {
            if (demotion < 0) {
                throw new IllegalArgumentException("demotion must be >= 0: " + demotion);
            }
        }
    }

    /**
     * The cluster view lost a member. The shell maps the member to its primary address on this
     * group's interface.
     */
    record PeerDeath(InetAddress address) implements VrrpEvent {
        public PeerDeath {
            Objects.requireNonNull(address, "address");
        }
    }

    /** Operator {@code fw443 failover --group N}: a Master hands the group over; others ignore it. */
    record ForceFailover() implements VrrpEvent {
    }

    /**
     * The cluster (JGroups) shows another member claiming Master for this group. The shell reports
     * it each time the peer's state reaches it, at least once per advert interval while it lasts.
     * A Master resolves the split brain at once; a Backup treats a winning claim like an advert, so
     * an L2 partition between the nodes does not bring up a second Master while the sync link holds.
     *
     * @param peerPriority the peer's effective priority
     * @param peerAddress  the peer's primary address on this group's interface
     */
    record PeerClaimsMaster(int peerPriority, InetAddress peerAddress) implements VrrpEvent {
        public PeerClaimsMaster {
            if (peerPriority < 1 || peerPriority > 255) {
                throw new IllegalArgumentException("peer priority must be 1..255: " + peerPriority);
            }
            Objects.requireNonNull(peerAddress, "peerAddress");
        }
    }

    /** A sync-group sibling ({@code causeVrid}) left Master: a Master follows it down (see {@link SyncGroup}). */
    record SyncGroupStepDown(int causeVrid) implements VrrpEvent {
    }

    /** A sync-group sibling ({@code causeVrid}) became Master: a Backup may preempt again. */
    record SyncGroupRelease(int causeVrid) implements VrrpEvent {
    }
}
