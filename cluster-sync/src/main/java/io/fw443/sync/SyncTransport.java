package io.fw443.sync;

import java.util.List;

/**
 * What replication needs from group communication, and all it knows of it: reliable FIFO delivery per sender of
 * opaque byte messages to every member or to one, membership views, and node ids instead of addresses. JGroups
 * implements it in {@link JGroupsTransport}; tests use an in-memory hub with fault injection. Implementations do
 * not deliver a member's own broadcasts back to it.
 */
public interface SyncTransport extends AutoCloseable {
    /** Receives what the group delivers; called on transport threads, possibly concurrently for different senders. */
    interface Listener {
        /** One message from member {@code fromNode}; the buffer is only valid during the call. */
        void onMessage(int fromNode, byte[] buf, int off, int len);

        /** A new membership view (including this node). */
        void onView(Membership view);
    }

    /**
     * A membership view: member node ids, oldest first (the group's join order), and whether it healed a partition.
     */
    record Membership(long viewId, List<Integer> members, boolean merge) {
        public Membership {
            members = List.copyOf(members);
        }
    }

    /** This member's node id (unique in the cluster, 1..65535). */
    int localNode();

    /** Joins the group and starts delivering to {@code listener}. */
    void start(Listener listener) throws Exception;

    /** Sends to every other member. May block under flow control; never from an engine thread. */
    void broadcast(byte[] buf, int off, int len) throws Exception;

    /**
     * Sends to one member; false when it is not in the current view. {@code control} marks small replies sent from
     * a delivery thread (acks, refusals): they bypass flow control so two members answering each other cannot
     * wait on each other's credits.
     */
    boolean send(int node, byte[] buf, int off, int len, boolean control) throws Exception;

    @Override
    void close();
}
