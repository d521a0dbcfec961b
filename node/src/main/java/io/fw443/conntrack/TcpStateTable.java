package io.fw443.conntrack;

import static io.fw443.conntrack.TcpState.CLOSE;
import static io.fw443.conntrack.TcpState.CLOSE_WAIT;
import static io.fw443.conntrack.TcpState.ESTABLISHED;
import static io.fw443.conntrack.TcpState.FIN_WAIT;
import static io.fw443.conntrack.TcpState.LAST_ACK;
import static io.fw443.conntrack.TcpState.SYN_RECV;
import static io.fw443.conntrack.TcpState.SYN_SENT;
import static io.fw443.conntrack.TcpState.SYN_SENT2;
import static io.fw443.conntrack.TcpState.TIME_WAIT;

/**
 * The TCP state transition table of Linux's {@code nf_conntrack_proto_tcp.c} (the 6.x table, with the late
 * SYN+ACK of a simultaneous open accepted in SYN_RECV and a reply-direction SYN allowed to reopen from TIME_WAIT).
 * A pure function of (state, direction, event); the window check and the special cases around it are
 * {@link TcpTracker}'s.
 *
 * <p>Rows are events, columns states in code order: NONE, SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSE_WAIT,
 * LAST_ACK, TIME_WAIT, CLOSE, SYN_SENT2. {@code IV} = invalid, {@code IG} = ignore.
 */
public final class TcpStateTable {
    private static final TcpTransition IV = TcpTransition.INVALID;
    private static final TcpTransition IG = TcpTransition.IGNORE;
    private static final TcpTransition SS = new TcpTransition.Move(SYN_SENT);
    private static final TcpTransition SR = new TcpTransition.Move(SYN_RECV);
    private static final TcpTransition ES = new TcpTransition.Move(ESTABLISHED);
    private static final TcpTransition FW = new TcpTransition.Move(FIN_WAIT);
    private static final TcpTransition CW = new TcpTransition.Move(CLOSE_WAIT);
    private static final TcpTransition LA = new TcpTransition.Move(LAST_ACK);
    private static final TcpTransition TW = new TcpTransition.Move(TIME_WAIT);
    private static final TcpTransition CL = new TcpTransition.Move(CLOSE);
    private static final TcpTransition S2 = new TcpTransition.Move(SYN_SENT2);

    /** [direction][event][state]. */
    private static final TcpTransition[][][] TABLE = {
        {   // ORIGINAL
            // NONE SYN_SENT SYN_RECV ESTAB FIN_WAIT CLOSE_WAIT LAST_ACK TIME_WAIT CLOSE SYN_SENT2
            {SS, SS, IG, IG, IG, IG, IG, SS, SS, S2},   // SYN: open; retransmit; reopen after TIME_WAIT/CLOSE
            {IV, IV, SR, IV, IV, IV, IV, IV, IV, SR},   // SYNACK: only in a simultaneous open
            {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},   // FIN
            {ES, IV, ES, ES, CW, CW, TW, TW, CL, IV},   // ACK: NONE -> ESTABLISHED is a mid-stream pickup
            {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},   // RST
            {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},   // NONE
        },
        {   // REPLY
            {IV, S2, IV, IV, IV, IV, IV, SS, IV, S2},   // SYN: simultaneous open; server reopening from TIME_WAIT
            {IV, SR, IG, IG, IG, IG, IG, IG, IG, SR},   // SYNACK: the normal answer; later ones are retransmissions
            {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},   // FIN
            {IV, IG, SR, ES, CW, CW, TW, TW, CL, IG},   // ACK: in SYN_SENT, maybe a half-open connection's
            {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},   // RST
            {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},   // NONE
        },
    };

    private TcpStateTable() {
    }

    /** The cell for a segment of {@code event} sent in {@code dir} ({@link FlowDirection}) while in {@code state}. */
    public static TcpTransition next(TcpState state, int dir, TcpEvent event) {
        return TABLE[dir][event.ordinal()][state.code()];
    }
}
