package io.fw443.vrrp;

import io.fw443.dataplane.LongClock;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election thread: runs {@link VrrpSpeaker#doWork} and parks until the speaker's next deadline or until input
 * arrives (every queued event unparks it). The timers live here rather than on a receive thread because a pcap read
 * never returns on an idle link: a Master_Down_Timer must fire exactly when nothing arrives.
 *
 * <p>{@link #close()} is the graceful stop: the thread feeds Shutdown to every group, carries out the actions (a
 * Master's priority-0 advert goes out, its VIPs are released) and ends.
 */
public final class VrrpElectionLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpElectionLoop.class);
    /** Longest park even with nothing scheduled (all groups in Initialize): a bound, not a poll interval. */
    private static final long MAX_PARK_NS = 1_000_000_000L;
    /** Pause after an unexpected error, so a failure that repeats cannot spin the thread. */
    private static final long ERROR_PAUSE_NS = 100_000_000L;
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final VrrpSpeaker speaker;
    private final LongClock clock;
    private final Thread thread;
    private volatile boolean stopRequested;

    private VrrpElectionLoop(VrrpSpeaker speaker, LongClock clock) {
        this.speaker = speaker;
        this.clock = clock;
        this.thread = new Thread(this::run, "vrrp-election");
    }

    /** Starts the election thread for {@code speaker}; call {@link VrrpSpeaker#startup()} to begin electing. */
    public static VrrpElectionLoop start(VrrpSpeaker speaker, LongClock clock) {
        VrrpElectionLoop loop = new VrrpElectionLoop(speaker, clock);
        speaker.onInput(() -> LockSupport.unpark(loop.thread));
        loop.thread.start();
        return loop;
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    private void run() {
        while (!stopRequested) {
            try {
                speaker.doWork(clock.nowNs());
                if (speaker.hasPendingInput() || stopRequested) {
                    continue;
                }
                long deadlineNs = speaker.nextDeadlineNs();
                long waitNs = deadlineNs == VrrpGroupState.NO_DEADLINE
                        ? MAX_PARK_NS : Math.min(deadlineNs - clock.nowNs(), MAX_PARK_NS);
                if (waitNs > 0) {
                    LockSupport.parkNanos(this, waitNs);
                }
            } catch (RuntimeException e) {
                LOG.error("election thread: unexpected error", e);
                LockSupport.parkNanos(this, ERROR_PAUSE_NS);
            }
        }
        speaker.shutdown();
        speaker.doWork(clock.nowNs());
    }

    /** Graceful stop: Shutdown for every group, its actions carried out, then the thread ends. */
    @Override
    public void close() {
        stopRequested = true;
        LockSupport.unpark(thread);
        try {
            thread.join(STOP_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
