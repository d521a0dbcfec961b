package io.fw443.engine;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;

/**
 * What the engine tells the replication layer. Calls happen on the engine thread, inside the table's entry lock, with
 * flyweights valid only for the call: implementations copy and return at once.
 */
public interface FlowEvents {
    /** Gives a new flow its version before it is stored (the record is the engine's, not yet the table's). */
    default void stamp(FlowRecord record) { }

    /** A flow was created locally. */
    void created(FlowKey key, FlowRecord record);

    /** A local flow changed in a way peers must know (state transition, periodic window refresh). */
    void updated(FlowKey key, FlowRecord record);

    /**
     * A local TCP flow took a handshake step (to SYN_RECV, or to ESTABLISHED from the handshake): like
     * {@link #updated}, and the moment a sync insert makes the packet wait for the peers.
     */
    default void handshakeAdvanced(FlowKey key, FlowRecord record) {
        updated(key, record);
    }

    /** A flow ended locally (reopened, expired on lookup). */
    void removed(FlowKey key, FlowRecord record);

    /**
     * A label (SNI or JA4 text, {@code text[off, off+len)}) the node's dictionary did not hold yet, named in records
     * by {@code hash}: once per new name, not per flow.
     */
    default void label(long hash, byte[] text, int off, int len) { }

    FlowEvents NONE = new FlowEvents() {
        @Override
        public void created(FlowKey key, FlowRecord record) { }

        @Override
        public void updated(FlowKey key, FlowRecord record) { }

        @Override
        public void removed(FlowKey key, FlowRecord record) { }
    };
}
