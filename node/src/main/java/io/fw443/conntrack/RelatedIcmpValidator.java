package io.fw443.conntrack;

import static io.fw443.conntrack.TcpSegment.after;
import static io.fw443.conntrack.TcpSegment.before;

import io.fw443.table.FlowRecord;

/**
 * Decides whether an ICMP error is RELATED to the flow it quotes. The engine parses the quoted (inner) header, looks
 * the flow up by the inner tuple, works out which direction of the flow the quoted packet travelled, and asks here.
 * Errors are never flows of their own and never refresh the flow they quote.
 *
 * <p>Accepting every error that names a tracked 5-tuple would let anyone who can guess ports forge "fragmentation
 * needed" or "port unreachable" into live connections. For TCP the quoted sequence number proves the sender of the
 * error saw a real segment: it must lie within the window of the quoted direction (pf checks the same; Linux does
 * not). That keeps path MTU discovery (RFC 1191, RFC 8201) working for real errors and drops blind ones.
 */
public final class RelatedIcmpValidator {
    private RelatedIcmpValidator() {
    }

    /**
     * An error quoting a TCP segment with sequence number {@code quotedSeq} sent in {@code quotedDir}
     * ({@link FlowDirection}) of the flow {@code r}, or {@code r == null} when the lookup found no flow. The segment
     * must satisfy {@code end - max(receiver maxwin, 1) <= seq <= maxend} for that direction: not beyond what the
     * receiver allowed, not more than a window behind what was sent.
     */
    public static TrackResult tcp(FlowRecord r, int quotedDir, int quotedSeq, long nowNs) {
        if (r == null || ConntrackTimeouts.expired(r, nowNs)) {
            return TrackResult.RELATED_NO_FLOW;
        }
        if (!FlowDirection.valid(quotedDir)) {
            return TrackResult.BAD_INPUT;
        }
        if (r.hasFlag(FlowRecord.FLAG_PICKUP)
                && (r.tcpFlags(quotedDir) & TcpDirectionFlags.PICKUP_ANCHORED) == 0) {
            // The window is still the peer's stale copy (see TcpTracker's pickup note): an error about a segment
            // sent during the takeover could not match it, and losing it would stall path MTU discovery.
            return TrackResult.RELATED;
        }
        int receiverMaxWin = r.maxWindow(quotedDir ^ 1);
        int lowest = r.end(quotedDir) - (receiverMaxWin == 0 ? 1 : receiverMaxWin);
        if (after(quotedSeq, r.maxEnd(quotedDir)) || before(quotedSeq, lowest)) {
            return TrackResult.RELATED_SEQ_OUT_OF_WINDOW;
        }
        return TrackResult.RELATED;
    }

    /** An error quoting a UDP datagram of flow {@code r} ({@code null} when there is none): the flow must exist. */
    public static TrackResult udp(FlowRecord r, long nowNs) {
        return live(r, nowNs);
    }

    /** An error quoting an echo request or reply of flow {@code r} (traceroute by ping): the flow must exist. */
    public static TrackResult echo(FlowRecord r, long nowNs) {
        return live(r, nowNs);
    }

    private static TrackResult live(FlowRecord r, long nowNs) {
        return r == null || ConntrackTimeouts.expired(r, nowNs) ? TrackResult.RELATED_NO_FLOW : TrackResult.RELATED;
    }
}
