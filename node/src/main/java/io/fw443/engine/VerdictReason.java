package io.fw443.engine;

/** Why a frame got its verdict; each reason has a counter ({@link VerdictCounters}). Codes are stable. */
public enum VerdictReason {
    /** An opener that policy accepted: a new flow. */
    FORWARD_NEW(0, Verdict.FORWARD),
    /** A packet of a tracked flow that conntrack accepted. */
    FORWARD_ESTABLISHED(1, Verdict.FORWARD),
    /** An ICMP error quoting a tracked flow (path MTU discovery, unreachables). */
    FORWARD_RELATED(2, Verdict.FORWARD),
    /** ARP, VRRP or traffic for this node. */
    HOST(3, Verdict.HOST),
    /** Truncated or inconsistent headers (details in the parser's counters). */
    DROP_MALFORMED(4, Verdict.DROP),
    /** A fragment: the fragment policy drops them (ports are unknown on non-first fragments). */
    DROP_FRAGMENT(5, Verdict.DROP),
    /** No route to the destination. */
    DROP_NO_ROUTE(6, Verdict.DROP),
    /** No tracked flow and not a valid opener (a stray ACK, a SYN+ACK out of nowhere, a scan). */
    DROP_INVALID(7, Verdict.DROP),
    /** Conntrack refused the packet of a tracked flow: flags, state or window (details in tracking counters). */
    DROP_TRACKING(8, Verdict.DROP),
    /** A rule, or the default, said drop. */
    DROP_POLICY(9, Verdict.DROP),
    /** A rule, or the default, said reject. */
    REJECT_POLICY(10, Verdict.REJECT),
    /** The flow table is at its configured maximum. */
    DROP_TABLE_FULL(11, Verdict.DROP),
    /** The source opens new flows faster than its rate allows. */
    DROP_RATE_LIMITED(12, Verdict.DROP),
    /** The source holds its maximum of concurrent flows. */
    DROP_SOURCE_LIMIT(13, Verdict.DROP),
    /** The per-source limiter's table is full of active sources (fail closed). */
    DROP_LIMITER_FULL(14, Verdict.DROP),
    /** An ICMP error quoting no tracked flow, or outside its window. */
    DROP_RELATED_UNKNOWN(15, Verdict.DROP),
    /** The flow was denied earlier (TLS policy): later packets go without re-parsing. */
    DROP_DENIED_FLOW(16, Verdict.DROP),
    /** ICMP messages the firewall does not pass (redirects, router advertisements...). */
    DROP_ICMP_TYPE(17, Verdict.DROP),
    /** The ClientHello failed the rule's TLS conditions (SNI, version, ALPN, JA4, ECH): reset both ends. */
    REJECT_TLS_POLICY(18, Verdict.REJECT),
    /** The first client flight on a TLS rule is not TLS (TLS required) or is malformed TLS: reset both ends. */
    REJECT_TLS_VIOLATION(19, Verdict.REJECT),
    /** No complete ClientHello within the bound, and the rule's incomplete-hello policy drops: reset both ends. */
    REJECT_TLS_INCOMPLETE(20, Verdict.REJECT),
    /** A QUIC Initial's ClientHello failed the rule's conditions (or never completed, policy drop). */
    DROP_QUIC_POLICY(21, Verdict.DROP),
    /** A QUIC datagram that cannot be decrypted (so not checked) on a rule whose policy drops those. */
    DROP_QUIC_UNDECRYPTABLE(22, Verdict.DROP);

    private static final VerdictReason[] BY_ORDINAL = values();

    private final int code;
    private final Verdict verdict;

    VerdictReason(int code, Verdict verdict) {
        this.code = code;
        this.verdict = verdict;
    }

    public int code() {
        return code;
    }

    public Verdict verdict() {
        return verdict;
    }

    /**
     * Whether the data plane must reset both ends of the TCP flow instead of answering the sender only: the
     * connection is established, so the server holds state too ({@link TcpResets}).
     */
    public boolean resetsBothEnds() {
        return this == REJECT_TLS_POLICY || this == REJECT_TLS_VIOLATION || this == REJECT_TLS_INCOMPLETE;
    }

    static VerdictReason ofOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }
}
