package io.fw443.vrrp;

/**
 * Why {@link VrrpMachine#next} did what it did. Every transition carries one, state change or not,
 * so the shell can count and log decisions without re-deriving them.
 */
public enum VrrpReason {
    /** Startup of the address owner: straight to Master (RFC 5798 §6.4.1 (105)). */
    STARTUP_AS_OWNER,
    /** Startup of a non-owner: to Backup with Master_Down_Timer armed (§6.4.1 (140)). */
    STARTUP,
    /** Shutdown event; a Master sends a priority-0 advert first (§6.4.2 (185), §6.4.3). */
    SHUTDOWN,
    /** Master_Down_Timer fired: no usable advert for Master_Down_Interval (§6.4.2 (205)). */
    MASTER_DOWN_TIMER,
    /** Adver_Timer fired: periodic advert (§6.4.3). */
    ADVER_TIMER,
    /** A Tick before any deadline: nothing to do. */
    TIMER_NOT_DUE,
    /** Backup got priority 0: Master_Down_Timer set to Skew_Time (§6.4.2 (260)). */
    PRIORITY_ZERO_SKEW,
    /** Backup accepted an advert of equal or higher priority and reset Master_Down_Timer (§6.4.2 (275)). */
    ADVERT_ACCEPTED,
    /** Backup accepted a lower-priority advert because it does not preempt (§6.4.2 (275), Preempt_Mode false). */
    ADVERT_ACCEPTED_NO_PREEMPT,
    /** Backup accepted a lower-priority advert because the preempt delay has not run out yet. */
    PREEMPT_DELAY_HOLD,
    /** Backup discarded a lower-priority advert so that it preempts when Master_Down_Timer fires (§6.4.2 (295)). */
    LOWER_PRIORITY_DISCARDED,
    /** Master got priority 0 and answered with an advert at once (§6.4.3). */
    PRIORITY_ZERO_ANSWERED,
    /** Master saw a higher priority: to Backup (§6.4.3). */
    HIGHER_PRIORITY_SEEN,
    /** Master saw its own priority from a greater primary address: to Backup (§6.4.3 tie-break). */
    EQUAL_PRIORITY_HIGHER_ADDRESS,
    /** Master saw a second Master that must yield; answered at once so it yields within one interval. */
    LOWER_PRIORITY_ANSWERED,
    /** An advert that carries our own primary address (looped back): ignored. */
    OWN_ADVERT_IGNORED,
    /** The tracked demotion changed; a Master re-advertises its new priority at once. */
    TRACKING_CHANGED,
    /** The current Master left the cluster view: Master_Down_Timer cut to Skew_Time. */
    PEER_DEATH_SHORTCUT,
    /** Operator failover: Master sends priority 0, goes Backup and does not preempt back. */
    FORCED_FAILOVER,
    /** Another Master for the group in the cluster view that wins the comparison: yield. */
    SPLIT_BRAIN_YIELD,
    /** Another Master for the group in the cluster view that loses the comparison: advertise at once. */
    SPLIT_BRAIN_ASSERT,
    /** Backup: a winning Master in the cluster view counts as an advert and resets Master_Down_Timer. */
    PEER_MASTER_IN_VIEW,
    /** A sibling in the sync group left Master: this Master hands over too. */
    SYNC_GROUP_STEP_DOWN,
    /** A sibling in the sync group became Master: this Backup may preempt again. */
    SYNC_GROUP_RELEASE,
    /** The event means nothing in the current state. */
    IGNORED
}
