package io.fw443.engine;

/** Where a destination goes: an egress interface index, this node itself, or nowhere. */
@FunctionalInterface
public interface Router {
    /** This node's own address (data address or an owned VIP): the host path takes it. */
    int LOCAL = -2;
    /** No route. */
    int NONE = -1;

    /** Looks up the destination address ({@code family} 4 or 6, bytes at {@code offset}). No allocation. */
    int egressInterface(int family, byte[] address, int offset);
}
