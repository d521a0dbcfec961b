package io.fw443.conntrack;

/** What an ICMP or ICMPv6 message is to the tracker. */
public enum IcmpKind {
    /** Opens an echo flow (ping). */
    ECHO_REQUEST,
    /** Answers one, in the reply direction only. */
    ECHO_REPLY,
    /** Quotes the packet that caused it; passes only as RELATED to a tracked flow ({@link RelatedIcmpValidator}). */
    ERROR,
    /** Anything else (router or neighbour discovery, timestamps, ...): not tracked, left to the host path or policy. */
    OTHER
}
