package io.fw443.packet;

/**
 * Builds TCP resets, from the IP header on, into a caller-provided buffer (prepend L2 with
 * {@link EthernetHeaderWriter}). Results: the bytes written, or {@link BuildStatus#NO_REPLY} /
 * {@link BuildStatus#BUFFER_TOO_SMALL}. The output must not overlap the received frame. One instance per thread.
 *
 * <p>Reset segment: a 20-byte TCP header without options, window 0, and no payload.
 */
public final class TcpRstBuilder {
    private final IpHeaderWriter ipWriter = new IpHeaderWriter();
    private final TcpFlyweight tcp = new TcpFlyweight();

    /**
     * The reset a closed port sends for {@code received} (RFC 9293 §3.10.7.1): if the segment has ACK, the RST
     * takes its sequence number from the ACK field; otherwise sequence 0 and RST+ACK acknowledging
     * SEG.SEQ + SEG.LEN (SYN and FIN count one each). Never answers an RST (RFC 9293 §3.10.7.1 first line) or a
     * segment from a non-unicast source.
     */
    public int reply(PacketDescriptor received, byte[] out, int outOffset) {
        if (!isAnswerable(received)) {
            return BuildStatus.NO_REPLY;
        }
        final long sequence;
        final long acknowledgment;
        final int flags;
        if ((received.tcpFlags() & TcpFlyweight.ACK) != 0) {
            sequence = received.tcpAcknowledgment();
            acknowledgment = 0;
            flags = TcpFlyweight.RST;
        } else {
            sequence = 0;
            acknowledgment = (received.tcpSequence() + received.tcpSegmentLength()) & 0xFFFF_FFFFL;
            flags = TcpFlyweight.RST | TcpFlyweight.ACK;
        }
        return towardSource(received, sequence, acknowledgment, flags, out, outOffset);
    }

    /**
     * Resets an established flow toward the sender of {@code received}, which is being dropped (e.g. a TLS
     * ClientHello that policy denies): RST+ACK with SEQ = received ACK, the sender's RCV.NXT, so RFC 5961 §3.2
     * accepts it without a challenge ACK. Falls back to {@link #reply} when the segment carries no ACK.
     */
    public int resetSender(PacketDescriptor received, byte[] out, int outOffset) {
        if ((received.tcpFlags() & TcpFlyweight.ACK) == 0) {
            return reply(received, out, outOffset);
        }
        if (!isAnswerable(received)) {
            return BuildStatus.NO_REPLY;
        }
        final long acknowledgment = (received.tcpSequence() + received.tcpSegmentLength()) & 0xFFFF_FFFFL;
        return towardSource(received, received.tcpAcknowledgment(), acknowledgment,
                TcpFlyweight.RST | TcpFlyweight.ACK, out, outOffset);
    }

    /**
     * Resets the flow toward the receiver of {@code received}, as if sent by its sender, assuming
     * {@code received} is dropped and never reaches the receiver: SEQ = the segment's SEQ (still the receiver's
     * RCV.NXT), ACK = the segment's ACK. Source and destination are those of {@code received}. Needs an ACK in
     * {@code received} (an established flow).
     */
    public int resetReceiver(PacketDescriptor received, byte[] out, int outOffset) {
        if (!isAnswerable(received) || (received.tcpFlags() & TcpFlyweight.ACK) == 0) {
            return BuildStatus.NO_REPLY;
        }
        final byte[] frame = received.buffer();
        return write(out, outOffset, received.family(),
                frame, received.sourceAddressOffset(), frame, received.destinationAddressOffset(),
                received.sourcePort(), received.destinationPort(),
                received.tcpSequence(), received.tcpAcknowledgment(), TcpFlyweight.RST | TcpFlyweight.ACK);
    }

    /**
     * Writes an IP + TCP reset with explicit fields: the general form behind the methods above, for a flow
     * whose sequence numbers the caller tracks. Addresses are 4 or 16 bytes according to {@code family}.
     */
    public int write(byte[] out, int outOffset, int family, byte[] source, int sourceOffset,
                     byte[] destination, int destinationOffset, int sourcePort, int destinationPort,
                     long sequence, long acknowledgment, int flags) {
        final int ipHeaderLength = IpHeaderWriter.headerLength(family);
        final int total = ipHeaderLength + TcpFlyweight.MIN_HEADER_LENGTH;
        if (outOffset < 0 || out.length - outOffset < total) {
            return BuildStatus.BUFFER_TOO_SMALL;
        }
        ipWriter.write(out, outOffset, family, IpProtocols.TCP, TcpFlyweight.MIN_HEADER_LENGTH,
                IpHeaderWriter.DEFAULT_TTL, source, sourceOffset, destination, destinationOffset);
        final int tcpOffset = outOffset + ipHeaderLength;
        tcp.wrap(out, tcpOffset, TcpFlyweight.MIN_HEADER_LENGTH)
                .sourcePort(sourcePort)
                .destinationPort(destinationPort)
                .sequenceNumber(sequence)
                .acknowledgmentNumber(acknowledgment)
                .headerLength(TcpFlyweight.MIN_HEADER_LENGTH)
                .flags(flags)
                .window(0)
                .checksum(0)
                .urgentPointer(0);
        final long pseudo = IpHeaderWriter.pseudoHeaderSum(out, outOffset, family, IpProtocols.TCP,
                TcpFlyweight.MIN_HEADER_LENGTH);
        tcp.checksum(Checksums.transportChecksum(pseudo, out, tcpOffset, TcpFlyweight.MIN_HEADER_LENGTH));
        return total;
    }

    private int towardSource(PacketDescriptor received, long sequence, long acknowledgment, int flags,
                             byte[] out, int outOffset) {
        final byte[] frame = received.buffer();
        return write(out, outOffset, received.family(),
                frame, received.destinationAddressOffset(), frame, received.sourceAddressOffset(),
                received.destinationPort(), received.sourcePort(), sequence, acknowledgment, flags);
    }

    private static boolean isAnswerable(PacketDescriptor received) {
        return received.protocol() == IpProtocols.TCP
                && received.tcpHeaderLength() > 0
                && (received.tcpFlags() & TcpFlyweight.RST) == 0
                && IpHeaderWriter.isUnicastSource(received.buffer(), received.sourceAddressOffset(), received.family())
                && !IpHeaderWriter.isGroupDestination(received.buffer(), received.destinationAddressOffset(),
                        received.family());
    }
}
