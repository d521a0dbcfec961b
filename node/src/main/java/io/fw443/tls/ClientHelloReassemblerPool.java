package io.fw443.tls;

/**
 * A bounded pool of {@link ClientHelloReassembler}s, allocated up front: most flows finish their
 * first flight within a few segments, so a few thousand buffers cover the flows under inspection at
 * any time. When the pool is empty, {@link #acquire()} returns null and the caller decides (policy:
 * e.g. drop or pass uninspected, counted). Not thread-safe: one pool per engine thread.
 */
public final class ClientHelloReassemblerPool {
    private final ClientHelloReassembler[] free;
    private int freeCount;

    public ClientHelloReassemblerPool(int size, int capacityBytes) {
        free = new ClientHelloReassembler[size];
        for (int i = 0; i < size; i++) {
            ClientHelloReassembler r = new ClientHelloReassembler(capacityBytes);
            r.owner = this;
            r.pooled = true;
            free[i] = r;
        }
        freeCount = size;
    }

    /** A reassembler ready for {@link ClientHelloReassembler#init}, or null if all are in use. */
    public ClientHelloReassembler acquire() {
        if (freeCount == 0) {
            return null;
        }
        ClientHelloReassembler r = free[--freeCount];
        free[freeCount] = null;
        r.pooled = false;
        return r;
    }

    /** Returns a reassembler taken from this pool; releasing twice is a programming error. */
    public void release(ClientHelloReassembler r) {
        if (r.owner != this || r.pooled) {
            throw new IllegalStateException("reassembler released twice or not from this pool");
        }
        r.pooled = true;
        free[freeCount++] = r;
    }

    public int available() {
        return freeCount;
    }

    public int size() {
        return free.length;
    }
}
