package io.fw443.policy;

/** What a matching rule (or the default) does with a new flow. */
public enum Action {
    /** Create the flow and forward. */
    ACCEPT,
    /** Discard silently. */
    DROP,
    /** Discard and answer: TCP RST for TCP, ICMP/ICMPv6 destination unreachable otherwise. */
    REJECT
}
