package io.fw443.engine;

import io.fw443.packet.PacketDescriptor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The structured log line for packets dropped or rejected by a rule with {@code log: true}, rate limited so a flood
 * cannot flood the log: a token bucket (on the engine's clock) allows {@code linesPerSecond} with a burst of as many;
 * lines it suppresses are counted and reported on the next line that goes out. Only a line that is written allocates.
 */
public final class DropLog {
    private static final Logger LOG = LoggerFactory.getLogger(DropLog.class);
    private static final long SECOND_NS = 1_000_000_000L;

    private final long linesPerSecond;
    private final long nsPerLine;
    private long tokens;
    private long lastRefillNs;
    private boolean started;
    private long suppressed;
    private long written;

    public DropLog(long linesPerSecond) {
        if (linesPerSecond < 1) {
            throw new IllegalArgumentException("linesPerSecond must be positive");
        }
        this.linesPerSecond = linesPerSecond;
        this.nsPerLine = SECOND_NS / linesPerSecond;
        this.tokens = linesPerSecond;
    }

    /** Logs the drop of {@code d} by rule {@code rule} with {@code reason}, unless the rate is used up. */
    public void drop(String rule, VerdictReason reason, PacketDescriptor d, long nowNs) {
        if (!take(nowNs)) {
            suppressed++;
            return;
        }
        written++;
        byte[] frame = d.buffer();
        LOG.atInfo()
                .addKeyValue("event", "drop")
                .addKeyValue("rule", rule)
                .addKeyValue("reason", reason.name())
                .addKeyValue("proto", d.protocol())
                .addKeyValue("src", address(frame, d.sourceAddressOffset(), d.addressLength()))
                .addKeyValue("sport", d.sourcePort())
                .addKeyValue("dst", address(frame, d.destinationAddressOffset(), d.addressLength()))
                .addKeyValue("dport", d.destinationPort())
                .addKeyValue("suppressed", suppressed)
                .log("rule {} {} a packet", rule, reason.verdict() == Verdict.REJECT ? "rejected" : "dropped");
        suppressed = 0;
    }

    /** Lines held back since the last one written. */
    public long suppressed() {
        return suppressed;
    }

    /** Lines written so far. */
    public long written() {
        return written;
    }

    private boolean take(long nowNs) {
        if (!started) {
            started = true;
            lastRefillNs = nowNs;
        }
        long elapsed = nowNs - lastRefillNs;
        if (elapsed >= nsPerLine) {
            long add = elapsed / nsPerLine;
            tokens = Math.min(linesPerSecond, tokens + add);
            lastRefillNs += add * nsPerLine;
        }
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    private static String address(byte[] frame, int offset, int length) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(frame, offset, offset + length)).getHostAddress();
        } catch (UnknownHostException e) {
            return "?";
        }
    }
}
