package io.fw443.sync;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;

/** Bounded waits over several replicas that print every member's status (and log file) when they time out. */
final class Waits {
    private Waits() {}

    static void until(Duration atMost, String what, List<Replica> replicas, Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            StringBuilder sb = new StringBuilder("timed out after " + atMost + " waiting for: " + what);
            for (Replica r : replicas) {
                sb.append("\n  node ").append(r.node).append(": ");
                try {
                    sb.append(r.alive() ? r.cmd("status") : "(dead)");
                } catch (RuntimeException ex) {
                    sb.append("(no answer: ").append(ex.getMessage()).append(')');
                }
                sb.append("\n    log: ").append(r.log);
            }
            throw new AssertionError(sb.toString(), e);
        }
    }

    /** Waits until every replica holds the same live records, compared record by record. */
    static void converged(Duration atMost, List<Replica> replicas, Path dumpDir) {
        until(atMost, "every member holds the same records", replicas, () -> {
            List<String> first = replicas.get(0).dump(dumpDir);
            for (Replica r : replicas.subList(1, replicas.size())) {
                if (!r.dump(dumpDir).equals(first)) {
                    return false;
                }
            }
            return true;
        });
    }
}
