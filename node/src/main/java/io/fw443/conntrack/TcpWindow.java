package io.fw443.conntrack;

import static io.fw443.conntrack.TcpDirectionFlags.DATA_UNACKNOWLEDGED;
import static io.fw443.conntrack.TcpDirectionFlags.KEEP_ON_REINIT;
import static io.fw443.conntrack.TcpDirectionFlags.PICKUP_ANCHORED;
import static io.fw443.conntrack.TcpDirectionFlags.SACK_PERM;
import static io.fw443.conntrack.TcpDirectionFlags.WINDOW_SCALE;
import static io.fw443.conntrack.TcpSegment.after;
import static io.fw443.conntrack.TcpSegment.before;

import io.fw443.table.FlowRecord;

/**
 * Sequence-window tracking after Guido van Rooij's "Real Stateful TCP Packet Filtering in IP Filter", as Linux's
 * {@code tcp_in_window} applies it. Per direction (the segment's sender s, its receiver r):
 * <pre>
 *   end    = highest seq + len sent by s
 *   maxend = highest ack + window advertised by r  (how far s may send)
 *   maxwin = largest window s advertised (scaled), grown when s overshoots maxend
 *
 *   I.   seq  &lt;= s.maxend                      else SEQ_AFTER_WINDOW
 *   II.  end  &gt;= s.end - r.maxwin              else SEQ_BEFORE_WINDOW
 *   III. sack &lt;= r.end                         else ACK_AFTER_WINDOW
 *   IV.  sack &gt;= r.end - max(s.maxwin, 66000)  else ACK_BEFORE_WINDOW
 * </pre>
 * where sack is the highest SACK right edge, or the ack. The fields are loaded from the record, checked and updated
 * here, and written back only when the segment is accepted: a dropped segment leaves no trace in the record.
 * One instance per tracker; not thread-safe.
 */
final class TcpWindow {
    /** Linux's MAXACKWINCONST: the least slack condition IV allows for a lagging ack. */
    static final int MIN_ACK_SLACK = 66_000;

    int sEnd;
    int sMaxEnd;
    int sMaxWin;
    int sScale;
    int sFlags;
    int rEnd;
    int rMaxEnd;
    int rMaxWin;
    int rScale;
    int rFlags;

    void load(FlowRecord r, int dir) {
        int o = dir ^ 1;
        sEnd = r.end(dir);
        sMaxEnd = r.maxEnd(dir);
        sMaxWin = r.maxWindow(dir);
        sScale = r.windowScale(dir);
        sFlags = r.tcpFlags(dir);
        rEnd = r.end(o);
        rMaxEnd = r.maxEnd(o);
        rMaxWin = r.maxWindow(o);
        rScale = r.windowScale(o);
        rFlags = r.tcpFlags(o);
    }

    void store(FlowRecord r, int dir) {
        int o = dir ^ 1;
        r.end(dir, sEnd).maxEnd(dir, sMaxEnd).maxWindow(dir, sMaxWin).windowScale(dir, sScale).tcpFlags(dir, sFlags);
        r.end(o, rEnd).maxEnd(o, rMaxEnd).maxWindow(o, rMaxWin).windowScale(o, rScale).tcpFlags(o, rFlags);
    }

    boolean senderAnchored() {
        return (sFlags & PICKUP_ANCHORED) != 0;
    }

    boolean receiverAnchored() {
        return (rFlags & PICKUP_ANCHORED) != 0;
    }

    /**
     * Conditions I–IV for one segment of a flow in {@code state}, then the updates. With {@code checkAcks} false
     * (a picked-up flow whose other direction has not been seen locally yet) III and IV are skipped, since r.end is
     * only the peer's stale copy, and r.end follows the acks instead.
     */
    TrackResult check(TcpSegment seg, TcpState state, int dir, boolean checkAcks) {
        int seq = seg.seq();
        int ack = seg.ack();
        int sack = sackOf(seg);
        int win = seg.window();
        int end = seg.end();
        boolean syn = seg.syn();

        if (sMaxWin == 0) {
            if (syn) {
                // The first SYN+ACK answering the SYN, or the reply side's own SYN in a simultaneous open.
                initSender(seg, end, win, dir);
                if (!seg.ackFlag()) {
                    return TrackResult.ACCEPT;
                }
            } else {
                // The direction was never seen, its history is lost: take what this segment says.
                sEnd = end;
                int swin = win << sScale;
                sMaxWin = swin == 0 ? 1 : swin;
                sMaxEnd = end + sMaxWin;
                if (rMaxWin == 0) {
                    // Nor the other one: trust the ack so III and IV pass until it shows up.
                    rEnd = sack;
                    rMaxEnd = sack;
                } else if (sack == rEnd + 1) {
                    // Answer to a keepalive probe, which is sent one below r.end.
                    rEnd++;
                }
            }
        } else if (syn && after(end, sEnd) && (state == TcpState.SYN_SENT || state == TcpState.SYN_RECV)) {
            // A restarted endpoint may reuse the tuple with higher sequence numbers (RFC 9293 §3.4.3): start over.
            initSender(seg, end, win, dir);
            if (dir == FlowDirection.REPLY && !seg.ackFlag()) {
                return TrackResult.ACCEPT;
            }
        }

        if (!seg.ackFlag() || (seg.rst() && ack == 0)) {
            // No ack to check (or a stack that sends RST+ACK with ack 0): pretend it acks everything seen.
            ack = rEnd;
            sack = rEnd;
        }
        if (seg.rst() && seq == 0 && state == TcpState.SYN_SENT) {
            // A RST answering a SYN may carry sequence number 0.
            seq = sEnd;
            end = sEnd;
        }

        if (!before(seq, sMaxEnd + 1)) {
            return TrackResult.SEQ_AFTER_WINDOW;
        }
        if (checkAcks && !before(sack, rEnd + 1)) {
            return TrackResult.ACK_AFTER_WINDOW;
        }
        if (rMaxWin != 0 && !after(end, sEnd - rMaxWin - 1)) {
            return TrackResult.SEQ_BEFORE_WINDOW;
        }
        if (checkAcks && !after(sack, rEnd - maxAckSlack(sMaxWin) - 1)) {
            return TrackResult.ACK_BEFORE_WINDOW;
        }

        // RFC 7323 §2.2: the window field of a SYN is never scaled.
        if (!syn) {
            win <<= sScale;
        }
        int swin = win + (sack - ack);
        if (Integer.compareUnsigned(sMaxWin, swin) < 0) {
            sMaxWin = swin;
        }
        if (after(end, sEnd)) {
            sEnd = end;
            sFlags |= DATA_UNACKNOWLEDGED;
        }
        if (rMaxWin != 0 && after(end, sMaxEnd)) {
            rMaxWin += end - sMaxEnd;
        }
        raiseReceiverMaxEnd(sack, win);
        if (ack == rEnd) {
            rFlags &= ~DATA_UNACKNOWLEDGED;
        }
        if (!checkAcks && after(sack, rEnd)) {
            rEnd = sack;
        }
        return TrackResult.ACCEPT;
    }

    /**
     * Re-anchors the sender of a picked-up flow on a segment seen locally (see {@link TcpTracker} for why). The
     * segment carries an ACK: every valid combination without SYN or RST does.
     */
    void reanchor(TcpSegment seg) {
        int end = seg.end();
        int swin = seg.window() << sScale;
        sEnd = end;
        sMaxWin = swin == 0 ? 1 : swin;
        // How far s may send is set by r's acks and windows, which this segment does not carry. Seed it with the
        // largest window either side is known to have used; r's own segments raise it from there.
        sMaxEnd = end + (Integer.compareUnsigned(sMaxWin, rMaxWin) >= 0 ? sMaxWin : rMaxWin);
        sFlags &= ~DATA_UNACKNOWLEDGED;

        int ack = seg.ack();
        int sack = sackOf(seg);
        if (after(sack, rEnd)) {
            rEnd = sack;
        }
        raiseReceiverMaxEnd(sack, swin);
        if (ack == rEnd) {
            rFlags &= ~DATA_UNACKNOWLEDGED;
        }
    }

    private int sackOf(TcpSegment seg) {
        int ack = seg.ack();
        if ((rFlags & SACK_PERM) != 0 && seg.hasSack() && after(seg.sackRightEdge(), ack)) {
            return seg.sackRightEdge();
        }
        return ack;
    }

    private void raiseReceiverMaxEnd(int sack, int scaledWin) {
        if (after(sack + scaledWin, rMaxEnd - 1)) {
            rMaxEnd = sack + scaledWin;
            if (scaledWin == 0) {
                // Leave room for a one-byte zero-window probe.
                rMaxEnd++;
            }
        }
    }

    private void initSender(TcpSegment seg, int end, int win, int dir) {
        sEnd = end;
        sMaxEnd = end;
        sMaxWin = win == 0 ? 1 : win;
        int shift = seg.windowScale();
        sScale = shift >= 0 ? shift : 0;
        sFlags = (sFlags & KEEP_ON_REINIT) | (shift >= 0 ? WINDOW_SCALE : 0) | (seg.sackPermitted() ? SACK_PERM : 0);
        // RFC 7323 §2.2: scaling is on only if both SYNs carried the option.
        if (dir == FlowDirection.REPLY && ((sFlags & WINDOW_SCALE) == 0 || (rFlags & WINDOW_SCALE) == 0)) {
            sScale = 0;
            rScale = 0;
        }
    }

    private static int maxAckSlack(int senderMaxWin) {
        return Integer.compareUnsigned(senderMaxWin, MIN_ACK_SLACK) > 0 ? senderMaxWin : MIN_ACK_SLACK;
    }
}
