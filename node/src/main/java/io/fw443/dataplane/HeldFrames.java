package io.fw443.dataplane;

import io.fw443.packet.FrameParser;
import io.fw443.packet.ParseCounters;
import io.fw443.packet.ParseResult;
import io.fw443.packet.PacketDescriptor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Frames that leave only once the peers know their flow (pfsync's defer): with sync insert on, a new flow's opener
 * and the handshake steps wait here until every live peer has acknowledged the record, so in an active-active pair
 * the node that carries the answer already holds the flow when the answer comes. A frame waits in a bounded slot
 * (a copy; the capture buffer is reused); the acknowledgement completes on a sync thread, marks the slot and wakes
 * the worker, which forwards the frame on its next turn. An acknowledgement that timed out lets the frame go anyway,
 * counted: a peer that does not answer must not stop new connections (the replicator drops it from the view soon).
 * With every slot taken the frame goes at once, counted.
 */
public final class HeldFrames {
    private static final int FREE = 0;
    private static final int WAITING = 1;
    private static final int ACKED = 2;
    private static final int TIMED_OUT = 3;

    private final byte[][] frames;
    private final int[] lengths;
    private final int[] egress;
    private final DataInterface[] ingress;
    private final AtomicIntegerArray states;
    private final AtomicInteger completed = new AtomicInteger();
    private final FrameParser parser = new FrameParser(new ParseCounters());
    private final PacketDescriptor d = new PacketDescriptor();
    private final Runnable wake;

    /**
     * @param capacity frames that may wait at once
     * @param wake     wakes the worker (called on the thread that completes an acknowledgement)
     */
    public HeldFrames(int capacity, Runnable wake) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("held frames capacity must be positive: " + capacity);
        }
        frames = new byte[capacity][PcapPort.MAX_FRAME];
        lengths = new int[capacity];
        egress = new int[capacity];
        ingress = new DataInterface[capacity];
        states = new AtomicIntegerArray(capacity);
        this.wake = wake;
    }

    /**
     * Keeps a copy of the frame {@code frame} describes until {@code ack} completes; false (nothing kept) when every
     * slot is taken or the frame does not fit.
     */
    public boolean hold(PacketDescriptor frame, int egressIndex, DataInterface from, CompletableFuture<Boolean> ack) {
        int length = frame.frameLength();
        if (length > PcapPort.MAX_FRAME) {
            return false;
        }
        for (int i = 0; i < frames.length; i++) {
            if (states.get(i) == FREE) {
                System.arraycopy(frame.buffer(), frame.frameOffset(), frames[i], 0, length);
                lengths[i] = length;
                egress[i] = egressIndex;
                ingress[i] = from;
                states.set(i, WAITING);
                int slot = i;
                ack.whenComplete((ok, error) -> {
                    states.set(slot, Boolean.TRUE.equals(ok) ? ACKED : TIMED_OUT);
                    completed.incrementAndGet();
                    wake.run();
                });
                return true;
            }
        }
        return false;
    }

    /** Whether an acknowledgement completed since the last {@link #release}. */
    public boolean hasReleasable() {
        return completed.get() > 0;
    }

    /** Forwards every frame whose acknowledgement completed; on the worker thread. */
    public void release(Forwarder forwarder, DataplaneCounters counters, long nowNs) {
        for (int i = 0; i < frames.length && completed.get() > 0; i++) {
            int state = states.get(i);
            if (state == ACKED || state == TIMED_OUT) {
                counters.record(state == ACKED ? DataplaneReason.RELEASED_AFTER_PEER_ACK
                        : DataplaneReason.RELEASED_AFTER_PEER_TIMEOUT);
                if (parser.parse(frames[i], 0, lengths[i], d) == ParseResult.OK) {
                    forwarder.forward(d, egress[i], ingress[i], nowNs);
                }
                ingress[i] = null;
                states.set(i, FREE);
                completed.decrementAndGet();
            }
        }
    }

    /** Frames waiting for an acknowledgement now. */
    public int waiting() {
        int n = 0;
        for (int i = 0; i < frames.length; i++) {
            if (states.get(i) == WAITING) {
                n++;
            }
        }
        return n;
    }
}
