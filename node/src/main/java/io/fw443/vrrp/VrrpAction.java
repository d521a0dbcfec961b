package io.fw443.vrrp;

import java.net.InetAddress;

/** Outputs of {@link VrrpMachine#next}, executed by the shell in list order. */
public sealed interface VrrpAction {

    /**
     * Send one advert.
     *
     * @param priority            the priority to carry; 0 means "I stop being Master" (RFC 5798 §5.2.4)
     * @param maxAdvertIntervalCs the Advertisement_Interval to carry
     */
    record SendAdvert(int priority, int maxAdvertIntervalCs) implements VrrpAction {
    }

    /**
     * Start owning the VIPs: answer ARP/ND for them and forward for the virtual MAC (RFC 5798 §6.4.3).
     *
     * @param acceptVipTraffic accept packets addressed to the VIPs themselves (owner, or Accept_Mode)
     */
    record TakeVips(boolean acceptVipTraffic) implements VrrpAction {
    }

    /** Announce the VIPs: gratuitous ARP (IPv4) or unsolicited NA with R and O set (IPv6), {@code count} times. */
    record SendGratuitous(int count) implements VrrpAction {
    }

    /** Stop answering for the VIPs (RFC 5798 §6.4.2 (165)-(180)). */
    record ReleaseVips() implements VrrpAction {
    }

    /** The state changed; the shell logs {@link #describe()}, runs notify hooks and bumps counters. */
    record Notify(VrrpState from, VrrpState to, VrrpReason reason) implements VrrpAction {
        /** {@code FROM -> TO (REASON)}. */
        public String describe() {
            return from + " -> " + to + " (" + reason + ")";
        }
    }

    /**
     * Two Masters for one group were seen (an advert or the cluster view reached a Master). The
     * shell counts and logs it. Preemption shows up here once too, as the old Master's last advert.
     *
     * @param peer          the other Master's primary address
     * @param peerPriority  its priority
     * @param yielded       true if this router gave way, false if it asserted itself
     */
    record DualMasterSeen(InetAddress peer, int peerPriority, boolean yielded) implements VrrpAction {
    }
}
