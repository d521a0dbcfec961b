package io.fw443.sync;

/**
 * TCP connection states as Linux conntrack numbers them ({@code enum tcp_conntrack}), stored in
 * {@code FlowRecord.state} for TCP flows, and the progress order replication merges them by.
 *
 * <p>Within one connection the states only advance: opening, established, then teardown, with a reset (CLOSE) last.
 * That is the chain pfsync enforces per peer ("state never moves backwards"): a later teardown state wins over
 * ESTABLISHED however old its version. The order is partial in one place: a fresh opener (SYN_SENT, SYN_SENT2) over
 * a finished connection (TIME_WAIT, CLOSE) is not "behind" it but a new connection reusing the tuple, which conntrack
 * itself allows; there the version decides (see {@link FlowMerge}).
 */
public final class TcpStates {
    public static final int NONE = 0;
    public static final int SYN_SENT = 1;
    public static final int SYN_RECV = 2;
    public static final int ESTABLISHED = 3;
    public static final int FIN_WAIT = 4;
    public static final int CLOSE_WAIT = 5;
    public static final int LAST_ACK = 6;
    public static final int TIME_WAIT = 7;
    public static final int CLOSE = 8;
    public static final int SYN_SENT2 = 9;
    /** The highest valid code; larger values on the wire are malformed. */
    public static final int MAX = SYN_SENT2;

    /** Progress rank per code: SYN_SENT2 (simultaneous open) sits between SYN_SENT and SYN_RECV. */
    private static final int[] RANK = {0, 1, 3, 4, 5, 6, 7, 8, 9, 2};

    private TcpStates() {}

    public static boolean valid(int state) {
        return state >= 0 && state <= MAX;
    }

    /** The position of a state in the progress chain; higher is further along. */
    public static int rank(int state) {
        return RANK[state];
    }

    /** States a first SYN creates: a record in one of them may be a new connection on a reused tuple. */
    public static boolean isOpener(int state) {
        return state == SYN_SENT || state == SYN_SENT2;
    }

    /** States of a finished connection, after which conntrack accepts a new SYN on the same tuple. */
    public static boolean isFinished(int state) {
        return state == TIME_WAIT || state == CLOSE;
    }

    public static String name(int state) {
        return switch (state) {
            case NONE -> "NONE";
            case SYN_SENT -> "SYN_SENT";
            case SYN_RECV -> "SYN_RECV";
            case ESTABLISHED -> "ESTABLISHED";
            case FIN_WAIT -> "FIN_WAIT";
            case CLOSE_WAIT -> "CLOSE_WAIT";
            case LAST_ACK -> "LAST_ACK";
            case TIME_WAIT -> "TIME_WAIT";
            case CLOSE -> "CLOSE";
            case SYN_SENT2 -> "SYN_SENT2";
            default -> "INVALID(" + state + ")";
        };
    }
}
