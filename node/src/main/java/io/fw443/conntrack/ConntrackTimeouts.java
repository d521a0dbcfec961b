package io.fw443.conntrack;

import io.fw443.table.FlowRecord;
import java.util.concurrent.TimeUnit;

/**
 * How long a flow lives without traffic, per protocol state. Defaults are Linux's ({@code nf_conntrack_tcp_timeout_*},
 * {@code nf_conntrack_udp_timeout[_stream]}, {@code nf_conntrack_icmp_timeout}). Immutable; build a different set with
 * {@link #builder()}.
 */
public final class ConntrackTimeouts {
    private static final ConntrackTimeouts DEFAULTS = builder().build();

    private final long[] tcpNs;
    private final long unacknowledgedNs;
    private final long udpNs;
    private final long udpStreamNs;
    private final long icmpNs;

    private ConntrackTimeouts(Builder b) {
        this.tcpNs = b.tcpNs.clone();
        this.unacknowledgedNs = b.unacknowledgedNs;
        this.udpNs = b.udpNs;
        this.udpStreamNs = b.udpStreamNs;
        this.icmpNs = b.icmpNs;
    }

    /** Linux's defaults. */
    public static ConntrackTimeouts defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Idle timeout of a TCP flow that has just entered {@code state}. */
    public long tcpNs(TcpState state) {
        return tcpNs[state.code()];
    }

    /** Cap on a TCP flow's timeout while data is in flight unacknowledged (Linux's UNACK): a peer may have died. */
    public long unacknowledgedNs() {
        return unacknowledgedNs;
    }

    /** A UDP flow not yet answered twice. */
    public long udpNs() {
        return udpNs;
    }

    /** A UDP flow with traffic both ways (a QUIC connection, say). */
    public long udpStreamNs() {
        return udpStreamNs;
    }

    /** An ICMP / ICMPv6 echo flow. */
    public long icmpNs() {
        return icmpNs;
    }

    /** Whether the record's timeout has run out at {@code nowNs}; an expired record counts as a table miss. */
    public static boolean expired(FlowRecord r, long nowNs) {
        return nowNs - r.expiresAtNs() >= 0;
    }

    /** Collects timeouts in seconds; every value must be positive. */
    public static final class Builder {
        private final long[] tcpNs = new long[TcpState.values().length];
        private long unacknowledgedNs = seconds(300);
        private long udpNs = seconds(30);
        private long udpStreamNs = seconds(120);
        private long icmpNs = seconds(30);

        private Builder() {
            tcpNs[TcpState.NONE.code()] = seconds(120);
            tcpNs[TcpState.SYN_SENT.code()] = seconds(120);
            tcpNs[TcpState.SYN_RECV.code()] = seconds(60);
            tcpNs[TcpState.ESTABLISHED.code()] = seconds(432_000);
            tcpNs[TcpState.FIN_WAIT.code()] = seconds(120);
            tcpNs[TcpState.CLOSE_WAIT.code()] = seconds(60);
            tcpNs[TcpState.LAST_ACK.code()] = seconds(30);
            tcpNs[TcpState.TIME_WAIT.code()] = seconds(120);
            tcpNs[TcpState.CLOSE.code()] = seconds(10);
            tcpNs[TcpState.SYN_SENT2.code()] = seconds(120);
        }

        public Builder tcpSeconds(TcpState state, long timeoutSeconds) {
            tcpNs[state.code()] = checked(timeoutSeconds);
            return this;
        }

        public Builder unacknowledgedSeconds(long timeoutSeconds) {
            unacknowledgedNs = checked(timeoutSeconds);
            return this;
        }

        public Builder udpSeconds(long timeoutSeconds) {
            udpNs = checked(timeoutSeconds);
            return this;
        }

        public Builder udpStreamSeconds(long timeoutSeconds) {
            udpStreamNs = checked(timeoutSeconds);
            return this;
        }

        public Builder icmpSeconds(long timeoutSeconds) {
            icmpNs = checked(timeoutSeconds);
            return this;
        }

        public ConntrackTimeouts build() {
            return new ConntrackTimeouts(this);
        }

        private static long checked(long timeoutSeconds) {
            // Beyond ~292 years of nanoseconds the deadline arithmetic would overflow.
            if (timeoutSeconds <= 0 || timeoutSeconds > TimeUnit.DAYS.toSeconds(365L * 100)) {
                throw new IllegalArgumentException("timeout must be 1 s .. 100 years, got " + timeoutSeconds + " s");
            }
            return seconds(timeoutSeconds);
        }

        private static long seconds(long s) {
            return TimeUnit.SECONDS.toNanos(s);
        }
    }
}
