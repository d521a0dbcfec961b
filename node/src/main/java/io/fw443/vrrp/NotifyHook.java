package io.fw443.vrrp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a configured script on every transition, as keepalived's {@code notify} does:
 * {@code SCRIPT VRID FROM TO REASON}, with the same values in {@code FW443_VRID}, {@code FW443_FROM},
 * {@code FW443_TO} and {@code FW443_REASON}. The election never waits for it: transitions are queued (bounded; an
 * overflow is counted and logged, never blocks) to one worker thread, which runs the scripts one at a time in
 * transition order and kills any that outlive the timeout. The script's output is discarded; a failure is logged.
 */
public final class NotifyHook implements TransitionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyHook.class);
    /** Transitions waiting for the worker; a flapping group past this loses hooks, not election time. */
    private static final int QUEUE_CAPACITY = 64;

    private final Path script;
    private final Duration timeout;
    private final ThreadPoolExecutor worker;
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public NotifyHook(Path script, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0: " + timeout);
        }
        this.script = script;
        this.timeout = timeout;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
                    Thread t = new Thread(r, "vrrp-notify");
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> {
                    dropped.incrementAndGet();
                    LOG.warn("notify hook: queue full, a transition's hook was skipped ({} so far)", dropped.get());
                });
    }

    /** Queues the script run and returns at once. */
    @Override
    public void onTransition(int vrid, VrrpState from, VrrpState to, VrrpReason reason) {
        worker.execute(() -> run(vrid, from, to, reason));
    }

    private void run(int vrid, VrrpState from, VrrpState to, VrrpReason reason) {
        ProcessBuilder pb = new ProcessBuilder(script.toString(), Integer.toString(vrid), from.name(), to.name(),
                reason.name())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(Map.of("FW443_VRID", Integer.toString(vrid), "FW443_FROM", from.name(),
                "FW443_TO", to.name(), "FW443_REASON", reason.name()));
        try {
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                timedOut.incrementAndGet();
                LOG.warn("notify hook {} for group {} ({} -> {}) ran over {} and was killed", script, vrid, from, to,
                        timeout);
            } else if (p.exitValue() != 0) {
                failed.incrementAndGet();
                LOG.warn("notify hook {} for group {} ({} -> {}) exited {}", script, vrid, from, to, p.exitValue());
            } else {
                succeeded.incrementAndGet();
            }
        } catch (IOException e) {
            failed.incrementAndGet();
            LOG.warn("notify hook {} for group {} could not start: {}", script, vrid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long succeeded() {
        return succeeded.get();
    }

    /** Runs that exited non-zero or could not start. */
    public long failed() {
        return failed.get();
    }

    public long timedOut() {
        return timedOut.get();
    }

    /** Transitions whose hook was skipped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Stops taking transitions; a script already running gets its timeout to finish. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
