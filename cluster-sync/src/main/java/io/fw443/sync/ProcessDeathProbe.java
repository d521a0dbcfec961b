package io.fw443.sync;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Confirms that a peer's process is dead before anyone acts on it: a TCP connect to a port the peer's process
 * listens on while it lives. A crashed process on a live host is refused at once by the host's kernel; a live
 * process accepts; a dead host or a cut link gives no answer within the timeout. Only a refusal is proof of death,
 * so a false suspicion (FD_SOCK2 reacting to a stale socket after a partition heals) never ends a VRRP backup's
 * wait early.
 */
public final class ProcessDeathProbe {
    /** What the connect attempt showed. */
    public enum Answer {
        /** The host's kernel refused the connection: nothing listens, the process is gone. */
        REFUSED,
        /** The connection was accepted: the process lives. */
        ACCEPTED,
        /** Timeout or another error: the host or the path is down; proves nothing about the process. */
        NO_ANSWER
    }

    private final int timeoutMs;

    public ProcessDeathProbe(int timeoutMs) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("probe timeout must be positive: " + timeoutMs);
        }
        this.timeoutMs = timeoutMs;
    }

    public Answer probe(InetSocketAddress target) {
        try (Socket s = new Socket()) {
            s.connect(target, timeoutMs);
            return Answer.ACCEPTED;
        } catch (ConnectException e) {
            return e.getMessage() != null && e.getMessage().contains("refused") ? Answer.REFUSED : Answer.NO_ANSWER;
        } catch (IOException e) {
            return Answer.NO_ANSWER;
        }
    }
}
