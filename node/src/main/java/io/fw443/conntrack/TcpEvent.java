package io.fw443.conntrack;

/**
 * What a segment means to the state table: the column index of Linux's {@code tcp_conntracks}, derived from its flags
 * with RST first, then SYN (with or without ACK), then FIN, then ACK.
 */
public enum TcpEvent {
    SYN,
    SYNACK,
    FIN,
    ACK,
    RST,
    /** None of the above; no valid flag combination maps here. */
    NONE;

    public static TcpEvent of(int tcpFlags) {
        if ((tcpFlags & TcpFlags.RST) != 0) {
            return RST;
        }
        if ((tcpFlags & TcpFlags.SYN) != 0) {
            return (tcpFlags & TcpFlags.ACK) != 0 ? SYNACK : SYN;
        }
        if ((tcpFlags & TcpFlags.FIN) != 0) {
            return FIN;
        }
        return (tcpFlags & TcpFlags.ACK) != 0 ? ACK : NONE;
    }
}
