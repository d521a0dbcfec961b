package io.fw443.conntrack;

import static io.fw443.conntrack.FlowDirection.ORIGINAL;
import static io.fw443.conntrack.FlowDirection.REPLY;
import static io.fw443.conntrack.TcpDirectionFlags.CLOSE_INIT;
import static io.fw443.conntrack.TcpDirectionFlags.DATA_UNACKNOWLEDGED;
import static io.fw443.conntrack.TcpDirectionFlags.PICKUP_ANCHORED;
import static io.fw443.conntrack.TcpDirectionFlags.SACK_PERM;
import static io.fw443.conntrack.TcpDirectionFlags.SIMULTANEOUS_OPEN;
import static io.fw443.conntrack.TcpDirectionFlags.WINDOW_SCALE;

import io.fw443.table.FlowRecord;

/**
 * Tracks TCP flows in their {@link FlowRecord}: Linux conntrack's state table ({@link TcpStateTable}) and window
 * rules ({@link TcpWindow}), with every failure returned as its own {@link TrackResult}. Updates the record in place
 * (state, windows, per-direction {@link TcpDirectionFlags}, SEEN_REPLY / ASSURED / PICKUP, lastSeenNs, expiresAtNs)
 * and only when the segment is accepted. Allocates nothing. One instance per engine thread: it keeps scratch state.
 */
public final class TcpTracker {
    private final ConntrackTimeouts timeouts;
    private final TcpWindow window = new TcpWindow();

    public TcpTracker(ConntrackTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    /**
     * Whether a segment may create a flow: a SYN without ACK, RST or FIN. ACCEPT, or the reason it may not. The
     * engine asks this before consulting the policy for a packet that missed the table.
     */
    public static TrackResult checkOpener(TcpSegment seg) {
        if (seg.payloadLength() < 0) {
            return TrackResult.BAD_INPUT;
        }
        if (!TcpFlags.valid(seg.flags())) {
            return TrackResult.INVALID_FLAGS;
        }
        return TcpEvent.of(seg.flags()) == TcpEvent.SYN ? TrackResult.ACCEPT : TrackResult.NOT_AN_OPENER;
    }

    /**
     * Starts tracking a new flow from its opening SYN, sent in the ORIGINAL direction: state SYN_SENT, the original
     * direction's window from the SYN, the reply direction unknown. Writes the tracking fields only; the caller has
     * cleared the record and set its key orientation, zones and rule. Returns ACCEPT, or why {@code syn} cannot open.
     */
    public TrackResult open(FlowRecord r, TcpSegment syn, long nowNs) {
        TrackResult opener = checkOpener(syn);
        if (opener != TrackResult.ACCEPT) {
            return opener;
        }
        int shift = syn.windowScale();
        int end = syn.end();
        r.clearFlag(FlowRecord.FLAG_SEEN_REPLY | FlowRecord.FLAG_ASSURED | FlowRecord.FLAG_PICKUP);
        r.end(ORIGINAL, end).maxEnd(ORIGINAL, end).maxWindow(ORIGINAL, syn.window() == 0 ? 1 : syn.window())
                .windowScale(ORIGINAL, shift >= 0 ? shift : 0)
                .tcpFlags(ORIGINAL, (shift >= 0 ? WINDOW_SCALE : 0) | (syn.sackPermitted() ? SACK_PERM : 0));
        r.end(REPLY, 0).maxEnd(REPLY, 0).maxWindow(REPLY, 0).windowScale(REPLY, 0).tcpFlags(REPLY, 0);
        enter(r, ORIGINAL, TcpState.NONE, TcpState.SYN_SENT, TcpEvent.SYN, nowNs);
        return TrackResult.ACCEPT;
    }

    /**
     * Tracks one segment of an existing flow travelling in {@code dir} ({@link FlowDirection}) at {@code nowNs}.
     * The order of checks: input sanity, expiry, flag combination, state table, window; the first failure is the
     * result. Only ACCEPT changes the record (IGNORED may set SEEN_REPLY, as in Linux).
     */
    public TrackResult track(FlowRecord r, int dir, TcpSegment seg, long nowNs) {
        if (!FlowDirection.valid(dir) || seg.payloadLength() < 0) {
            return TrackResult.BAD_INPUT;
        }
        if (ConntrackTimeouts.expired(r, nowNs)) {
            return TrackResult.EXPIRED;
        }
        if (!TcpFlags.valid(seg.flags())) {
            return TrackResult.INVALID_FLAGS;
        }
        TcpState from = TcpState.fromCode(r.state());
        if (from == null) {
            return TrackResult.BAD_RECORD_STATE;
        }
        TcpEvent event = TcpEvent.of(seg.flags());
        TcpTransition cell = TcpStateTable.next(from, dir, event);
        if (!(cell instanceof TcpTransition.Move move)) {
            if (cell instanceof TcpTransition.Ignore) {
                if (dir == REPLY) {
                    r.setFlag(FlowRecord.FLAG_SEEN_REPLY);
                }
                return TrackResult.IGNORED;
            }
            return TrackResult.INVALID_STATE_TRANSITION;
        }
        TcpState to = move.to();
        if (to == TcpState.SYN_SENT && (from == TcpState.TIME_WAIT || from == TcpState.CLOSE)) {
            // RFC 9293 §3.6.1 lets a new SYN reopen a connection in TIME-WAIT; after a RST the tuple is free anyway.
            // The new connection may differ in everything (even who is the client): start it from scratch.
            return TrackResult.REOPEN;
        }
        if (to == TcpState.SYN_RECV && dir == REPLY && event == TcpEvent.ACK
                && (r.tcpFlags(ORIGINAL) & SIMULTANEOUS_OPEN) != 0) {
            // The table cannot tell a simultaneous open's final ACK from a late one; the flag can.
            to = TcpState.ESTABLISHED;
        }

        if (event == TcpEvent.RST && from == TcpState.SYN_SENT && !resetsSynSent(r, dir, seg)) {
            return TrackResult.RST_OUT_OF_WINDOW;
        }

        TcpWindow w = window;
        w.load(r, dir);
        boolean pickup = r.hasFlag(FlowRecord.FLAG_PICKUP);
        boolean receiverTrusted = !pickup || w.receiverAnchored() || w.rMaxWin == 0;
        boolean senderTrusted = !pickup || w.senderAnchored();
        // RFC 5961 §3.2: a receiver acts on a RST only if its seq is exactly the next expected one, and answers any
        // other in-window RST with a challenge ACK. When the sender has nothing unacknowledged, that number is its
        // end; then an inexact RST passes (the challenge ACK must get through) but the flow stays ESTABLISHED and
        // its windows stay where they were, since the endpoint discards the RST.
        boolean inexactRst = event == TcpEvent.RST && from == TcpState.ESTABLISHED && senderTrusted
                && (w.sFlags & DATA_UNACKNOWLEDGED) == 0 && seg.seq() != w.sEnd;

        TrackResult result;
        if (!senderTrusted && event != TcpEvent.RST) {
            result = pickupSegment(w, seg, from, dir, receiverTrusted);
        } else {
            result = w.check(seg, from, dir, receiverTrusted);
        }
        if (result != TrackResult.ACCEPT) {
            return event == TcpEvent.RST ? TrackResult.RST_OUT_OF_WINDOW : result;
        }
        if (!inexactRst) {
            w.store(r, dir);
        }
        if (pickup && w.senderAnchored() && w.receiverAnchored()) {
            r.clearFlag(FlowRecord.FLAG_PICKUP);
            r.tcpFlags(ORIGINAL, r.tcpFlags(ORIGINAL) & ~PICKUP_ANCHORED);
            r.tcpFlags(REPLY, r.tcpFlags(REPLY) & ~PICKUP_ANCHORED);
        }
        enter(r, dir, from, inexactRst ? from : to, event, nowNs);
        return TrackResult.ACCEPT;
    }

    /*
     * Pickup: why a flow imported from a peer skips the window check on its first local segment per direction.
     *
     * A flow reaches this node through replication when the peer that carried it dies or loses its VIP. The record
     * says where the windows were when the peer last synced it — and a busy connection moves megabytes between two
     * window refreshes, plus whatever flowed during the failover gap itself. Checked strictly, the first segments after
     * a takeover would fall "after the window" and be dropped, and the endpoints, which are perfectly in sync with each
     * other, would stall: a takeover would kill exactly the live sessions it exists to save.
     *
     * So, like Linux's nf_conntrack_tcp_loose pickup and pfsync's loose state import, the first segment seen here in
     * each direction is believed: its seq + len becomes that direction's end, its window the max window, and its ack
     * pulls the other direction's end forward. What is kept from the peer is what cannot go stale: the TCP state, the
     * negotiated window scales (fixed at the handshake — Linux, picking up from nothing, must guess them and so stays
     * liberal forever), the SACK permissions, and the max windows as a generous seed for the upper bounds. Nothing else
     * is loosened: invalid flag combinations and impossible state transitions are still dropped, a SYN is still checked
     * normally (a direction that never sent one has maxwin 0 and takes Linux's ordinary init path), and a RST never
     * anchors anything — it must hit the window the record has, or it is a blind reset aimed at the takeover.
     *
     * Once a direction is anchored its own sequence numbers are checked strictly (I and II) but its acks are not
     * (III and IV), because they acknowledge the other direction whose end is still the peer's copy. When both
     * directions are anchored, PICKUP is cleared and the flow is as strict as one opened here. A flow only ever seen
     * one way stays in pickup with ack checks off, which is the price of not dropping asymmetric flows.
     */
    private static TrackResult pickupSegment(TcpWindow w, TcpSegment seg, TcpState from, int dir,
            boolean receiverTrusted) {
        TrackResult result;
        if (w.sMaxWin != 0 && !seg.syn()) {
            w.reanchor(seg);
            result = TrackResult.ACCEPT;
        } else {
            result = w.check(seg, from, dir, receiverTrusted);
        }
        if (result == TrackResult.ACCEPT) {
            w.sFlags |= PICKUP_ANCHORED;
        }
        return result;
    }

    /**
     * Before any answer there is no window to check a RST against, and Linux accepts nearly any — enough for a blind
     * reset to kill a connection being opened. RFC 9293 §3.10.7.3: an endpoint in SYN-SENT acts only on a RST whose
     * ACK acknowledges its SYN; the client's own abort carries seq = ISS + 1, the only value the server accepts.
     */
    private static boolean resetsSynSent(FlowRecord r, int dir, TcpSegment seg) {
        int synEnd = r.end(ORIGINAL);
        return dir == REPLY ? seg.ackFlag() && seg.ack() == synEnd : seg.seq() == synEnd;
    }

    /** The one place a TCP flow changes state: state byte, close marker, flow flags and timers. */
    private void enter(FlowRecord r, int dir, TcpState from, TcpState to, TcpEvent event, long nowNs) {
        r.state(to.code());
        if (to != from && to == TcpState.FIN_WAIT) {
            r.tcpFlags(dir, r.tcpFlags(dir) | CLOSE_INIT);
        }
        if (to == TcpState.SYN_SENT2) {
            r.tcpFlags(ORIGINAL, r.tcpFlags(ORIGINAL) | SIMULTANEOUS_OPEN);
        }

        long unackNs = timeouts.unacknowledgedNs();
        long timeoutNs = timeouts.tcpNs(to);
        if (event == TcpEvent.RST) {
            timeoutNs = timeouts.tcpNs(TcpState.CLOSE);
        } else if (((r.tcpFlags(ORIGINAL) | r.tcpFlags(REPLY)) & DATA_UNACKNOWLEDGED) != 0 && timeoutNs > unackNs) {
            // Data in flight that is never acknowledged means a dead peer; do not hold it for days.
            timeoutNs = unackNs;
        }

        r.lastSeenNs(nowNs);
        if (!r.hasFlag(FlowRecord.FLAG_SEEN_REPLY)) {
            if (event == TcpEvent.RST) {
                // The only answer was a reset (or the client gave up): nothing to keep.
                r.expiresAtNs(nowNs);
            } else if (!(event == TcpEvent.SYN && from == TcpState.SYN_SENT)) {
                // A retransmitted SYN does not extend the flow's life, or port reuse could keep it forever.
                // An ESTABLISHED flow never answered is a mid-stream guess: keep it briefly.
                if (to == TcpState.ESTABLISHED && timeoutNs > unackNs) {
                    timeoutNs = unackNs;
                }
                r.expiresAtNs(nowNs + timeoutNs);
            }
        } else {
            if (!r.hasFlag(FlowRecord.FLAG_ASSURED) && to == TcpState.ESTABLISHED
                    && (from == TcpState.SYN_RECV || from == TcpState.ESTABLISHED)) {
                r.setFlag(FlowRecord.FLAG_ASSURED);
            }
            r.expiresAtNs(nowNs + timeoutNs);
        }
        if (dir == REPLY) {
            r.setFlag(FlowRecord.FLAG_SEEN_REPLY);
        }
    }
}
