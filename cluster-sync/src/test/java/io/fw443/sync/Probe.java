package io.fw443.sync;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A raw member on the hub that sends hand-made sync messages and records what it receives. */
final class Probe implements SyncTransport.Listener, AutoCloseable {
    final InMemoryHub.Member transport;
    final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final long incarnation = 0x5EED;
    private long multicastSequence;
    private long unicastSequence;

    Probe(InMemoryHub hub, int node) {
        this.transport = hub.member(node);
        transport.start(this);
    }

    @Override
    public void onMessage(int fromNode, byte[] buf, int off, int len) {
        received.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void onView(SyncTransport.Membership view) {
    }

    /** An UPSERT of one record, stamped like a real member would. */
    byte[] upsert(FlowKey key, FlowRecord record, int ackId) {
        byte[] buf = SyncEncoder.allocate(MessageType.UPSERT, 1);
        SyncEncoder.record(buf, MessageType.UPSERT, 0, key, record, 0);
        SyncEncoder.deltaPrefix(buf, SyncClock.system().epochMicros(), 0, ackId);
        SyncEncoder.header(buf, 0, MessageType.UPSERT, 0, transport.node, incarnation, ++multicastSequence, 1);
        return buf;
    }

    /** A LABELS message of one label, stamped like a real member would. */
    byte[] label(long hash, byte[] text) {
        byte[] buf = SyncEncoder.allocate(MessageType.LABELS, 1);
        SyncEncoder.label(buf, 0, hash, text, 0, text.length);
        SyncEncoder.deltaPrefix(buf, SyncClock.system().epochMicros(), 0, 0);
        SyncEncoder.header(buf, 0, MessageType.LABELS, 0, transport.node, incarnation, ++multicastSequence, 1);
        return buf;
    }

    void broadcast(byte[] buf) {
        transport.broadcast(buf, 0, buf.length);
    }

    void send(int node, byte[] buf) {
        Bytes.u16(buf, SyncMessage.FLAGS_OFFSET, SyncMessage.FLAG_UNICAST);
        Bytes.i32(buf, SyncMessage.SEQUENCE_OFFSET, (int) ++unicastSequence);
        transport.send(node, buf, 0, buf.length, false);
    }

    @Override
    public void close() {
        transport.close();
    }
}
