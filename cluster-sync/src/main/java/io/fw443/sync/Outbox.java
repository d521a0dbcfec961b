package io.fw443.sync;

import java.security.SecureRandom;

/**
 * The one place messages leave: it stamps the header (sender, incarnation, per-channel sequence) and hands the
 * buffer to the transport. A buffer must not be touched after it is sent: the transport may keep it for
 * retransmission. When a sequence would wrap, the node takes a new incarnation, which receivers accept as a restart.
 */
final class Outbox {
    private static final long MAX_SEQUENCE = 0xFFFF_FFFFL;

    private final SyncTransport transport;
    private final int localNode;
    private final SyncMetrics metrics;
    private final SecureRandom random = new SecureRandom();
    private long incarnation;
    private long multicastSequence;
    private long unicastSequence;

    Outbox(SyncTransport transport, SyncMetrics metrics) {
        this.transport = transport;
        this.localNode = transport.localNode();
        this.metrics = metrics;
        this.incarnation = newIncarnation();
    }

    /** Sends to every other member; {@code count} entries of {@code type} are in {@code buf} after the header. */
    void broadcast(MessageType type, byte[] buf, int count) throws Exception {
        stamp(type, buf, count, false);
        int len = type.messageLength(count);
        transport.broadcast(buf, 0, len);
        counted(len);
    }

    /** Sends to one member; false when it is not in the view. */
    boolean send(int node, MessageType type, byte[] buf, int count, boolean control) throws Exception {
        stamp(type, buf, count, true);
        int len = type.messageLength(count);
        boolean sent = transport.send(node, buf, 0, len, control);
        if (sent) {
            counted(len);
        }
        return sent;
    }

    private synchronized void stamp(MessageType type, byte[] buf, int count, boolean unicast) {
        long seq = unicast ? ++unicastSequence : ++multicastSequence;
        if (seq > MAX_SEQUENCE) {
            incarnation = newIncarnation();
            multicastSequence = 0;
            unicastSequence = 0;
            seq = unicast ? ++unicastSequence : ++multicastSequence;
        }
        SyncEncoder.header(buf, 0, type, unicast ? SyncMessage.FLAG_UNICAST : 0, localNode, incarnation, seq, count);
    }

    private void counted(int len) {
        metrics.messagesSent.increment();
        metrics.bytesSent.add(len);
    }

    private long newIncarnation() {
        long v;
        do {
            v = random.nextLong();
        } while (v == 0 || v == incarnation);
        return v;
    }
}
