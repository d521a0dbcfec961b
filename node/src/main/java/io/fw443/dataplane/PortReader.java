package io.fw443.dataplane;

import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive thread of one {@link PcapPort}: polls it and hands every frame to a {@link FrameHandler} until
 * {@link #close()}. A read error does not end it: libpcap reports one when the link goes down, and the port must
 * read again when the link returns; the thread pauses {@value #ERROR_PAUSE_MS} ms per error so a link that stays
 * down cannot spin it. Closing wakes the poll repeatedly until the thread has left it, because a wake-up that
 * arrives while the thread is between two reads is not kept by libpcap (see {@code PcapPortTest}).
 */
public final class PortReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PortReader.class);
    private static final int FRAMES_PER_POLL = 64;
    static final long ERROR_PAUSE_MS = 10;
    private static final long STOP_WAKE_INTERVAL_MS = 20;
    /** 250 wake-ups 20 ms apart: give up on a stuck thread after about 5 s. */
    private static final int STOP_ATTEMPTS = 250;

    private final PcapPort port;
    private final Thread thread;
    private volatile boolean running = true;

    private PortReader(PcapPort port, FrameHandler handler, LongClock clock) {
        this.port = port;
        this.thread = new Thread(() -> {
            long errors = 0;
            while (running) {
                if (port.poll(handler, FRAMES_PER_POLL, clock) < 0 && running) {
                    if (errors++ == 0) {
                        LOG.warn("{}: read error (link down?); reading on", port.device());
                    }
                    LockSupport.parkNanos(ERROR_PAUSE_MS * 1_000_000L);
                } else if (errors > 0) {
                    LOG.info("{}: reading again after {} read errors", port.device(), errors);
                    errors = 0;
                }
            }
        }, "rx-" + port.device());
        thread.setDaemon(true);
    }

    /** Starts a thread that reads {@code port} into {@code handler}. */
    public static PortReader start(PcapPort port, FrameHandler handler, LongClock clock) {
        PortReader reader = new PortReader(port, handler, clock);
        reader.thread.start();
        return reader;
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    /** Stops the thread (the port stays open; its owner closes it). */
    @Override
    public void close() {
        running = false;
        try {
            for (int i = 0; i < STOP_ATTEMPTS && thread.isAlive(); i++) {
                port.wakeUp();
                thread.join(STOP_WAKE_INTERVAL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
