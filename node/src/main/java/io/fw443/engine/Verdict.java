package io.fw443.engine;

/** What happens to a frame. */
public enum Verdict {
    /** Send it on through {@link Engine#egressInterface()}. */
    FORWARD,
    /** Discard it and answer: TCP RST, or ICMP / ICMPv6 destination unreachable. */
    REJECT,
    /** Discard it silently. */
    DROP,
    /** Not transit traffic: ARP, VRRP, or addressed to this node; the host path handles it. */
    HOST
}
