package io.fw443.dataplane;

import io.fw443.engine.Engine;
import io.fw443.engine.Verdict;
import io.fw443.metrics.Histogram;
import io.fw443.policy.SourceLimiter;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The receive loop of one data interface, on its own thread: poll a batch of frames, let the engine decide each,
 * then act: forward, reject, hand to the host path, or drop. Between batches it sends frames whose next hop got
 * resolved or whose flow the peers acknowledged (sync insert) and sweeps the source limiter.
 *
 * <p>Fail closed: a receive error or an exception out of the engine or the forwarder ends the loop for good, so the
 * port forwards nothing more (the ingress guard still keeps the kernel out), and {@code onFailure} is told once.
 */
public final class PortWorker implements Runnable, FrameHandler {
    /** Lifecycle of a worker. */
    public enum State { NEW, RUNNING, STOPPED, FAILED }

    private static final int BATCH = 64;
    private static final long LIMITER_SWEEP_INTERVAL_NS = 1_000_000_000L;
    private static final int LIMITER_SWEEP_SLOTS = 4096;

    private final DataInterface iface;
    private final FrameSource source;
    private final Engine engine;
    private final SourceLimiter limiter;
    private final Forwarder forwarder;
    private final LocalAddressResponder responder;
    private final LongClock clock;
    private final BiConsumer<PortWorker, Throwable> onFailure;
    private final DataplaneCounters counters;
    private final FrameHandler electionHost;
    private final Histogram latency;
    private PeerAcks acks;
    private HeldFrames held;
    private volatile boolean stopping;
    private volatile State state = State.NEW;
    private Throwable fault;
    private long lastLimiterSweepNs;

    public PortWorker(DataInterface iface, FrameSource source, Engine engine, SourceLimiter limiter,
                      Forwarder forwarder, LocalAddressResponder responder, DataplaneCounters counters,
                      LongClock clock, BiConsumer<PortWorker, Throwable> onFailure) {
        this(iface, source, engine, limiter, forwarder, responder, counters, clock, onFailure, null, null);
    }

    /**
     * @param electionHost also hears this port's host-path frames (VRRP adverts, ARP and ND for the VIPs), or null
     * @param latency      records each frame's time from capture to verdict carried out, or null
     */
    public PortWorker(DataInterface iface, FrameSource source, Engine engine, SourceLimiter limiter,
                      Forwarder forwarder, LocalAddressResponder responder, DataplaneCounters counters,
                      LongClock clock, BiConsumer<PortWorker, Throwable> onFailure, FrameHandler electionHost,
                      Histogram latency) {
        this.iface = iface;
        this.source = source;
        this.engine = engine;
        this.limiter = limiter;
        this.forwarder = forwarder;
        this.responder = responder;
        this.counters = counters;
        this.clock = clock;
        this.onFailure = onFailure;
        this.electionHost = electionHost;
        this.latency = latency;
    }

    /**
     * Sync insert: frames whose flow event asked the peers for an acknowledgement ({@code acks}) wait in
     * {@code held} until it completes. Set before the worker starts.
     */
    public PortWorker holdForPeers(PeerAcks acks, HeldFrames held) {
        this.acks = acks;
        this.held = held;
        return this;
    }

    @Override
    public void run() {
        state = State.RUNNING;
        lastLimiterSweepNs = clock.nowNs();
        while (!stopping) {
            int n = source.poll(this, BATCH, clock);
            if (fault == null && n < 0) {
                fault = new IllegalStateException("receive error on " + iface.device());
            }
            if (fault != null) {
                state = State.FAILED;
                onFailure.accept(this, fault);
                return;
            }
            long nowNs = clock.nowNs();
            try {
                if (held != null && held.hasReleasable()) {
                    held.release(forwarder, counters, nowNs);
                }
                if (forwarder.hasPending()) {
                    forwarder.drainPending(nowNs);
                }
                if (nowNs - lastLimiterSweepNs >= LIMITER_SWEEP_INTERVAL_NS) {
                    limiter.sweep(nowNs, LIMITER_SWEEP_SLOTS);
                    lastLimiterSweepNs = nowNs;
                }
            } catch (RuntimeException e) {
                state = State.FAILED;
                onFailure.accept(this, e);
                return;
            }
        }
        state = State.STOPPED;
    }

    @Override
    public void onFrame(byte[] frame, int offset, int length, long nowNs) {
        if (fault != null) {
            return;
        }
        try {
            Verdict verdict = engine.process(frame, offset, length, iface.index(), nowNs);
            CompletableFuture<Boolean> ack = acks == null ? null : acks.take();
            switch (verdict) {
                case FORWARD -> {
                    if (ack == null || ack.isDone()) {
                        forwarder.forward(engine.descriptor(), engine.egressInterface(), iface, nowNs);
                    } else if (held.hold(engine.descriptor(), engine.egressInterface(), iface, ack)) {
                        counters.record(DataplaneReason.HELD_FOR_PEERS);
                    } else {
                        counters.record(DataplaneReason.PEER_HOLD_FULL);
                        forwarder.forward(engine.descriptor(), engine.egressInterface(), iface, nowNs);
                    }
                }
                case REJECT -> {
                    if (engine.resetsBothEnds()) {
                        forwarder.resetBothEnds(engine.descriptor(), engine.egressInterface(), iface, nowNs);
                    } else {
                        forwarder.reject(engine.descriptor(), iface, nowNs);
                    }
                }
                case HOST -> {
                    responder.handle(engine.descriptor(), nowNs);
                    if (electionHost != null) {
                        electionHost.onFrame(frame, offset, length, nowNs);
                    }
                }
                case DROP -> { }
            }
            if (latency != null) {
                latency.record(clock.nowNs() - nowNs);
            }
        } catch (RuntimeException | StackOverflowError e) {
            fault = e;
            source.wakeUp();
        }
    }

    /** Asks the loop to end after the current batch; the caller then joins the thread. */
    public void stop() {
        stopping = true;
        source.wakeUp();
    }

    /** Makes the loop look at its waiting frames now (a neighbour was learned, or time passed). */
    public void wakeUp() {
        source.wakeUp();
    }

    public State state() {
        return state;
    }

    public DataInterface iface() {
        return iface;
    }

    public Engine engine() {
        return engine;
    }

    public DataplaneCounters counters() {
        return counters;
    }

    public Forwarder forwarder() {
        return forwarder;
    }

    /** Frames waiting for the peers' acknowledgement now (sync insert); 0 without it. */
    public int heldForPeers() {
        return held == null ? 0 : held.waiting();
    }
}
