package io.fw443.dataplane;

/**
 * The receive thread of one {@link PcapPort}: polls it and hands every frame to a {@link FrameHandler} until
 * {@link #close()}. Closing wakes the poll repeatedly until the thread has left it, because a wake-up that arrives
 * while the thread is between two reads is not kept by libpcap (see {@code PcapPortTest}).
 */
public final class PortReader implements AutoCloseable {
    private static final int FRAMES_PER_POLL = 64;
    private static final long STOP_WAKE_INTERVAL_MS = 20;
    /** 250 wake-ups 20 ms apart: give up on a stuck thread after about 5 s. */
    private static final int STOP_ATTEMPTS = 250;

    private final PcapPort port;
    private final Thread thread;
    private volatile boolean running = true;

    private PortReader(PcapPort port, FrameHandler handler, LongClock clock) {
        this.port = port;
        this.thread = new Thread(() -> {
            while (running) {
                if (port.poll(handler, FRAMES_PER_POLL, clock) < 0) {
                    break;
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
