package io.fw443.vrrp;

import java.net.InetAddress;
import java.util.List;

/**
 * Validated configuration of one virtual router (RFC 5798 §6.1 parameters plus fw443 options).
 *
 * @param vrid               Virtual Router Identifier, 1..255 (§5.2.3)
 * @param priority           1..254 for a backup-capable router, 255 for the IPvX address owner (§5.2.4)
 * @param advertIntervalCs   Advertisement_Interval in centiseconds, 1..4095 (12-bit field, §5.2.7)
 * @param preempt            Preempt_Mode (§6.1); the owner preempts regardless
 * @param preemptDelayMs     how long a higher-priority Backup keeps accepting a lower-priority Master's
 *                           adverts before it starts discarding them (and so takes over); 0 = at once
 * @param acceptMode         Accept_Mode (§6.1): a non-owner Master accepts packets addressed to the VIPs
 * @param primaryAddress     this router's primary address on the group's interface: the advert source and
 *                           the tie-breaker (§6.4.3); an IPv6 group uses the link-local address (§5.1.2.1)
 * @param vips               the virtual addresses carried in the advert, same family as {@code primaryAddress}
 * @param peerDeathShortcut  a JGroups view that removes the current Master ends a Backup's wait early
 * @param gratuitousCount    gratuitous ARPs / unsolicited NAs sent when becoming Master (RFC sends one;
 *                           keepalived's garp_master_repeat defaults to 5)
 */
public record VrrpGroupConfig(
    int vrid,
    int priority,
    int advertIntervalCs,
    boolean preempt,
    long preemptDelayMs,
    boolean acceptMode,
    InetAddress primaryAddress,
    List<InetAddress> vips,
    boolean peerDeathShortcut,
    int gratuitousCount) {

    /** Priority of the router that owns the virtual addresses (RFC 5798 §5.2.4). */
    public static final int PRIORITY_OWNER = 255;
    /** Highest priority a non-owner may use (RFC 5798 §5.2.4). */
    public static final int PRIORITY_MAX_BACKUP = 254;
    /** Advertised by a Master that stops participating (RFC 5798 §5.2.4). */
    public static final int PRIORITY_STOP = 0;
    /** Default Priority for a non-owner (RFC 5798 §6.1). */
    public static final int DEFAULT_PRIORITY = 100;
    /** Default Advertisement_Interval, 1 s (RFC 5798 §6.1). */
    public static final int DEFAULT_ADVERT_INTERVAL_CS = 100;
    /** Largest value of the 12-bit Max Adver Int field (RFC 5798 §5.2.7). */
    public static final int MAX_ADVERT_INTERVAL_CS = 0x0fff;
    /** keepalived's default gratuitous ARP repeat count on becoming Master. */
    public static final int DEFAULT_GRATUITOUS_COUNT = 5;
    /** Addresses an advert can carry: the count field is 8 bits (RFC 5798 §5.2.5). */
    public static final int MAX_ADDRESSES = 255;

    public VrrpGroupConfig {
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("vrid must be 1..255: " + vrid);
        }
        if (priority < 1 || priority > PRIORITY_OWNER) {
            throw new IllegalArgumentException("priority must be 1..255: " + priority);
        }
        if (advertIntervalCs < 1 || advertIntervalCs > MAX_ADVERT_INTERVAL_CS) {
            throw new IllegalArgumentException("advert interval must be 1..4095 cs: " + advertIntervalCs);
        }
        if (preemptDelayMs < 0) {
            throw new IllegalArgumentException("preempt delay must be >= 0 ms: " + preemptDelayMs);
        }
        if (primaryAddress == null) {
            throw new IllegalArgumentException("primary address is required");
        }
        VrrpFamily family = VrrpFamily.of(primaryAddress);
        vips = List.copyOf(vips);
        if (vips.isEmpty() || vips.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("a group needs 1..255 virtual addresses: " + vips.size());
        }
        for (InetAddress vip : vips) {
            if (VrrpFamily.of(vip) != family) {
                throw new IllegalArgumentException("vip " + vip + " is not of the primary address's family");
            }
        }
        if (vips.size() != vips.stream().distinct().count()) {
            throw new IllegalArgumentException("duplicate virtual address in " + vips);
        }
        if (gratuitousCount < 0) {
            throw new IllegalArgumentException("gratuitous count must be >= 0: " + gratuitousCount);
        }
    }

    /** A group with the RFC defaults: interval 1 s, preempt on without delay, accept mode off. */
    public static VrrpGroupConfig of(int vrid, int priority, InetAddress primaryAddress, InetAddress... vips) {
        return new VrrpGroupConfig(vrid, priority, DEFAULT_ADVERT_INTERVAL_CS, true, 0, false, primaryAddress,
            List.of(vips), false, DEFAULT_GRATUITOUS_COUNT);
    }

    /** True for the router that owns the virtual addresses (priority 255). */
    public boolean owner() {
        return priority == PRIORITY_OWNER;
    }

    /** The address family of the group. */
    public VrrpFamily family() {
        return VrrpFamily.of(primaryAddress);
    }

    public VrrpGroupConfig withPriority(int value) {
        return new VrrpGroupConfig(vrid, value, advertIntervalCs, preempt, preemptDelayMs, acceptMode,
            primaryAddress, vips, peerDeathShortcut, gratuitousCount);
    }

    public VrrpGroupConfig withAdvertIntervalCs(int value) {
        return new VrrpGroupConfig(vrid, priority, value, preempt, preemptDelayMs, acceptMode,
            primaryAddress, vips, peerDeathShortcut, gratuitousCount);
    }

    public VrrpGroupConfig withPreempt(boolean value) {
        return new VrrpGroupConfig(vrid, priority, advertIntervalCs, value, preemptDelayMs, acceptMode,
            primaryAddress, vips, peerDeathShortcut, gratuitousCount);
    }

    public VrrpGroupConfig withPreemptDelayMs(long value) {
        return new VrrpGroupConfig(vrid, priority, advertIntervalCs, preempt, value, acceptMode,
            primaryAddress, vips, peerDeathShortcut, gratuitousCount);
    }

    public VrrpGroupConfig withAcceptMode(boolean value) {
        return new VrrpGroupConfig(vrid, priority, advertIntervalCs, preempt, preemptDelayMs, value,
            primaryAddress, vips, peerDeathShortcut, gratuitousCount);
    }

    public VrrpGroupConfig withPeerDeathShortcut(boolean value) {
        return new VrrpGroupConfig(vrid, priority, advertIntervalCs, preempt, preemptDelayMs, acceptMode,
            primaryAddress, vips, value, gratuitousCount);
    }

    public VrrpGroupConfig withGratuitousCount(int value) {
        return new VrrpGroupConfig(vrid, priority, advertIntervalCs, preempt, preemptDelayMs, acceptMode,
            primaryAddress, vips, peerDeathShortcut, value);
    }
}
