package io.fw443.conntrack;

import io.fw443.table.FlowRecord;

/**
 * Tracks ICMP and ICMPv6 echo flows, keyed by the engine on the echo identifier. A request opens the flow, replies
 * come back in the reply direction, the flow lives {@link ConntrackTimeouts#icmpNs()} after its last message. Errors
 * are never flows of their own: they pass only as RELATED to the flow they quote.
 */
public final class IcmpTracker {
    /** RFC 792: Echo Reply. */
    public static final int ICMP4_ECHO_REPLY = 0;
    /** RFC 792: Destination Unreachable (code 4, fragmentation needed, drives path MTU discovery: RFC 1191 §3). */
    public static final int ICMP4_DESTINATION_UNREACHABLE = 3;
    /** RFC 792: Source Quench (deprecated by RFC 6633, still an error quoting a packet). */
    public static final int ICMP4_SOURCE_QUENCH = 4;
    /** RFC 792: Redirect. */
    public static final int ICMP4_REDIRECT = 5;
    /** RFC 792: Echo Request. */
    public static final int ICMP4_ECHO_REQUEST = 8;
    /** RFC 792: Time Exceeded. */
    public static final int ICMP4_TIME_EXCEEDED = 11;
    /** RFC 792: Parameter Problem. */
    public static final int ICMP4_PARAMETER_PROBLEM = 12;
    /** RFC 4443 §3.1: Destination Unreachable. */
    public static final int ICMP6_DESTINATION_UNREACHABLE = 1;
    /** RFC 4443 §3.2: Packet Too Big (path MTU discovery, RFC 8201). */
    public static final int ICMP6_PACKET_TOO_BIG = 2;
    /** RFC 4443 §3.3: Time Exceeded. */
    public static final int ICMP6_TIME_EXCEEDED = 3;
    /** RFC 4443 §3.4: Parameter Problem. */
    public static final int ICMP6_PARAMETER_PROBLEM = 4;
    /** RFC 4443 §4.1: Echo Request. */
    public static final int ICMP6_ECHO_REQUEST = 128;
    /** RFC 4443 §4.2: Echo Reply. */
    public static final int ICMP6_ECHO_REPLY = 129;

    private final ConntrackTimeouts timeouts;

    public IcmpTracker(ConntrackTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    public static IcmpKind classify(int type, boolean v6) {
        if (v6) {
            switch (type) {
                case ICMP6_ECHO_REQUEST:
                    return IcmpKind.ECHO_REQUEST;
                case ICMP6_ECHO_REPLY:
                    return IcmpKind.ECHO_REPLY;
                case ICMP6_DESTINATION_UNREACHABLE:
                case ICMP6_PACKET_TOO_BIG:
                case ICMP6_TIME_EXCEEDED:
                case ICMP6_PARAMETER_PROBLEM:
                    return IcmpKind.ERROR;
                default:
                    return IcmpKind.OTHER;
            }
        }
        switch (type) {
            case ICMP4_ECHO_REQUEST:
                return IcmpKind.ECHO_REQUEST;
            case ICMP4_ECHO_REPLY:
                return IcmpKind.ECHO_REPLY;
            case ICMP4_DESTINATION_UNREACHABLE:
            case ICMP4_SOURCE_QUENCH:
            case ICMP4_REDIRECT:
            case ICMP4_TIME_EXCEEDED:
            case ICMP4_PARAMETER_PROBLEM:
                return IcmpKind.ERROR;
            default:
                return IcmpKind.OTHER;
        }
    }

    /** Starts an echo flow from its request, sent in the ORIGINAL direction; nothing else opens one. */
    public TrackResult open(FlowRecord r, int type, boolean v6, long nowNs) {
        if (classify(type, v6) != IcmpKind.ECHO_REQUEST) {
            return TrackResult.NOT_AN_OPENER;
        }
        r.clearFlag(FlowRecord.FLAG_SEEN_REPLY | FlowRecord.FLAG_ASSURED | FlowRecord.FLAG_PICKUP);
        r.state(0);
        r.lastSeenNs(nowNs).expiresAtNs(nowNs + timeouts.icmpNs());
        return TrackResult.ACCEPT;
    }

    /** Tracks one message of an echo flow: requests go the original way, replies come back. */
    public TrackResult track(FlowRecord r, int dir, int type, boolean v6, long nowNs) {
        if (!FlowDirection.valid(dir)) {
            return TrackResult.BAD_INPUT;
        }
        if (ConntrackTimeouts.expired(r, nowNs)) {
            return TrackResult.EXPIRED;
        }
        IcmpKind expected = dir == FlowDirection.ORIGINAL ? IcmpKind.ECHO_REQUEST : IcmpKind.ECHO_REPLY;
        if (classify(type, v6) != expected) {
            return TrackResult.ICMP_UNEXPECTED_TYPE;
        }
        if (dir == FlowDirection.REPLY) {
            r.setFlag(FlowRecord.FLAG_SEEN_REPLY);
        }
        r.clearFlag(FlowRecord.FLAG_PICKUP);
        r.lastSeenNs(nowNs).expiresAtNs(nowNs + timeouts.icmpNs());
        return TrackResult.ACCEPT;
    }
}
