package io.fw443.vrrp;

import java.net.InetAddress;

/**
 * Everything that changes in one virtual router, as an immutable value. Timers are absolute
 * deadlines on the caller's monotonic clock ({@code nowNs}); {@link #NO_DEADLINE} means "not running".
 *
 * @param state                 current RFC state
 * @param demotion              sum of the weights of the failing trackers (see {@link VrrpTracking})
 * @param masterAdverIntervalCs Master_Adver_Interval learned from the Master's adverts (RFC 5798 §6.1)
 * @param adverDeadlineNs       Adver_Timer (Master only)
 * @param masterDownDeadlineNs  Master_Down_Timer (Backup only)
 * @param preemptDeadlineNs     end of the preempt delay once a lower-priority Master was seen (Backup only);
 *                              not a timer of its own: it only changes how later adverts are treated
 * @param masterAddress         primary address of the Master whose adverts we accept, or {@code null}
 * @param masterPriority        priority in that Master's last accepted advert, 0 if unknown
 * @param preemptSuppressed     set by an operator failover or a sync-group step-down, so this router does
 *                              not take the group straight back; cleared on becoming Master or on a
 *                              sync-group release
 */
public record VrrpGroupState(
    VrrpState state,
    int demotion,
    int masterAdverIntervalCs,
    long adverDeadlineNs,
    long masterDownDeadlineNs,
    long preemptDeadlineNs,
    InetAddress masterAddress,
    int masterPriority,
    boolean preemptSuppressed) {

    /** Deadline value of a timer that is not running. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /**
     * The earliest time at which a {@link VrrpEvent.Tick} changes something, or {@link #NO_DEADLINE}.
     * The shell arms one wake-up for it.
     */
    public long nextDeadlineNs() {
        return Math.min(adverDeadlineNs, masterDownDeadlineNs);
    }
}
