package io.fw443.conntrack;

/**
 * One cell of the TCP state table, as data. The table hands out shared instances, so looking one up never allocates.
 */
public sealed interface TcpTransition permits TcpTransition.Move, TcpTransition.Ignore, TcpTransition.Invalid {

    /** The segment is acceptable in this state (window permitting) and moves the flow to {@code to}. */
    record Move(TcpState to) implements TcpTransition {
    }

    /**
     * Conntrack may be out of sync with the endpoints (Linux's sIG): let the segment through without touching the
     * state; if it was bogus, the receiver answers with a RST that is tracked.
     */
    record Ignore() implements TcpTransition {
    }

    /** No endpoint sends this segment in this state (Linux's sIV). */
    record Invalid() implements TcpTransition {
    }

    Ignore IGNORE = new Ignore();
    Invalid INVALID = new Invalid();
}
