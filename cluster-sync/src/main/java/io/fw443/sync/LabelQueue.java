package io.fw443.sync;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Labels on their way from engine threads to the sync agent: bounded, lock-free, never waits. A label is offered
 * once per name a node's dictionary did not hold yet, not per packet or per flow, so one small copy per label is
 * affordable here (the flow ring's fixed slots would have to grow to 255 bytes for every flow change instead). A
 * full queue refuses; the caller counts the drop.
 */
final class LabelQueue {
    /** A queued label: its hash and its own copy of the text. */
    record Label(long hash, byte[] text) {}

    private final ConcurrentLinkedQueue<Label> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    LabelQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Queues a copy of {@code text[off, off+len)}; false when the queue is full. Any thread. */
    boolean offer(long hash, byte[] text, int off, int len) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        queue.offer(new Label(hash, Arrays.copyOfRange(text, off, off + len)));
        return true;
    }

    /** The oldest queued label, or null; the one consumer (the agent) calls this. */
    Label poll() {
        Label l = queue.poll();
        if (l != null) {
            size.decrementAndGet();
        }
        return l;
    }
}
