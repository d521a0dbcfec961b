package io.fw443.dataplane;

/** What the data plane did with a frame after the engine's verdict; each has a counter ({@link DataplaneCounters}). */
public enum DataplaneReason {
    /** Rewritten and sent out of the egress interface. */
    FORWARDED,
    /** Held until the peers acknowledged the flow (sync insert: an opener or a handshake step). */
    HELD_FOR_PEERS,
    /** A held frame went out once every peer had acknowledged its flow. */
    RELEASED_AFTER_PEER_ACK,
    /** A held frame went out when the peers' acknowledgement timed out. */
    RELEASED_AFTER_PEER_TIMEOUT,
    /** No free slot to hold a frame for the peers: it went out at once. */
    PEER_HOLD_FULL,
    /** Held until the next hop's MAC is known. */
    QUEUED_FOR_NEIGHBOUR,
    /** A held frame went out once the next hop answered. */
    FORWARDED_AFTER_RESOLUTION,
    /** No room to hold another frame for resolution. */
    DROP_NEIGHBOUR_QUEUE_FULL,
    /** The next hop did not answer in time. */
    DROP_NEIGHBOUR_UNRESOLVED,
    /** No address of the packet's family on the egress interface to ask for the next hop from. */
    DROP_NO_SOURCE_ADDRESS,
    /** The route vanished or disagrees with the engine's egress interface. */
    DROP_NO_ROUTE,
    /** TTL / hop limit 1 or 0: dropped, ICMP time exceeded sent when allowed. */
    DROP_TTL_EXCEEDED,
    /** Larger than the egress MTU with DF (or IPv6): dropped, frag-needed / packet-too-big sent when allowed. */
    DROP_TOO_BIG,
    /** Larger than the egress MTU without DF: the node does not fragment, so it drops. */
    DROP_TOO_BIG_NO_DF,
    /** Policy REJECT answered with a TCP reset. */
    REJECTED_RST,
    /** Policy REJECT answered with ICMP / ICMPv6 administratively prohibited. */
    REJECTED_ICMP,
    /** An ICMP error, reset or reply that RFC rules forbid sending (to a group, about an ICMP error...). */
    REPLY_SUPPRESSED,
    /** An ICMP error not sent: over the worker's ICMP error rate (RFC 1812 §4.3.2.8). */
    ICMP_RATE_LIMITED,
    /** libpcap refused to send. */
    DROP_SEND_FAILED,
    /** ARP request for an own address answered. */
    ARP_REPLIED,
    /** Neighbor solicitation for an own address answered. */
    NEIGHBOR_ADVERTISED,
    /** Echo request to an own address answered. */
    ECHO_REPLIED,
    /** A neighbour entry created or changed. */
    NEIGHBOUR_LEARNED,
    /** ARP / ND request sent to resolve or refresh a next hop. */
    NEIGHBOUR_SOLICITED,
    /** Traffic for the node that it does not serve (other protocols, other hosts' ARP, echo when disabled). */
    HOST_IGNORED
}
