package io.fw443.engine;

import io.fw443.packet.BuildStatus;
import io.fw443.packet.EthernetHeaderWriter;
import io.fw443.packet.PacketDescriptor;
import io.fw443.packet.TcpRstBuilder;

/**
 * Builds the two resets the data plane sends when a verdict {@link VerdictReason#resetsBothEnds()}: the client's
 * segment (the one carrying the denied hello) is dropped, the client gets an RST that its RCV.NXT accepts
 * ({@link TcpRstBuilder#resetSender}), and the server gets an RST as if from the client at the sequence the dropped
 * segment would have had ({@link TcpRstBuilder#resetReceiver}). Both are whole Ethernet frames: the client's goes
 * back on the ingress link (MACs swapped); the server's keeps the received frame's L2 header, to be rewritten for
 * the egress link like any forwarded frame. One instance per thread; no allocation.
 */
public final class TcpResets {
    private final TcpRstBuilder rst = new TcpRstBuilder();

    /** The RST toward the client into {@code out[offset..]}: frame length, or a {@link BuildStatus} code (<= 0). */
    public int toClient(PacketDescriptor received, byte[] out, int offset) {
        int l2 = EthernetHeaderWriter.reply(received, out, offset);
        if (l2 <= 0) {
            return l2;
        }
        int n = rst.resetSender(received, out, offset + l2);
        return n <= 0 ? n : l2 + n;
    }

    /** The RST toward the server into {@code out[offset..]}: frame length, or a {@link BuildStatus} code (<= 0). */
    public int toServer(PacketDescriptor received, byte[] out, int offset) {
        int l2 = received.l2Length();
        if (received.l3Offset() < 0) {
            return BuildStatus.NO_REPLY;
        }
        if (offset < 0 || out.length - offset < l2) {
            return BuildStatus.BUFFER_TOO_SMALL;
        }
        System.arraycopy(received.buffer(), received.frameOffset(), out, offset, l2);
        int n = rst.resetReceiver(received, out, offset + l2);
        return n <= 0 ? n : l2 + n;
    }
}
