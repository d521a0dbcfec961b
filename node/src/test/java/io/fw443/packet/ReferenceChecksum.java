package io.fw443.packet;

import java.nio.ByteBuffer;

/**
 * An independent, deliberately naive RFC 1071 implementation (16-bit end-around-carry addition one word at a
 * time) used to build and check test inputs without relying on {@link Checksums}.
 */
final class ReferenceChecksum {
    private ReferenceChecksum() {
    }

    static int onesComplementAdd(int a, int b) {
        final int s = a + b;
        return (s & 0xFFFF) + (s >>> 16);
    }

    static int sum(byte[] data, int offset, int length) {
        final ByteBuffer bb = ByteBuffer.wrap(data, offset, length);
        int acc = 0;
        while (bb.remaining() >= 2) {
            acc = onesComplementAdd(acc, bb.getShort() & 0xFFFF);
        }
        if (bb.hasRemaining()) {
            acc = onesComplementAdd(acc, (bb.get() & 0xFF) << 8);
        }
        return acc;
    }

    static int checksum(byte[] data, int offset, int length) {
        return ~sum(data, offset, length) & 0xFFFF;
    }

    /** Recomputes the IPv4 header checksum of the header at {@code ipOffset} in place. */
    static void fixIpv4Header(byte[] frame, int ipOffset) {
        final int headerLength = (frame[ipOffset] & 0x0F) * 4;
        frame[ipOffset + 10] = 0;
        frame[ipOffset + 11] = 0;
        final int c = checksum(frame, ipOffset, headerLength);
        frame[ipOffset + 10] = (byte) (c >>> 8);
        frame[ipOffset + 11] = (byte) c;
    }

    /** Transport checksum over pseudo-header + segment, computed from scratch with explicit byte assembly. */
    static int transport(byte[] src, byte[] dst, int protocol, byte[] segment, int offset, int length) {
        final int addressLength = src.length;
        final ByteBuffer pseudo = ByteBuffer.allocate(2 * addressLength + (addressLength == 4 ? 4 : 8));
        pseudo.put(src).put(dst);
        if (addressLength == 4) {
            pseudo.put((byte) 0).put((byte) protocol).putShort((short) length);
        } else {
            pseudo.putInt(length).put(new byte[3]).put((byte) protocol);
        }
        final int acc = onesComplementAdd(sum(pseudo.array(), 0, pseudo.capacity()), sum(segment, offset, length));
        return ~acc & 0xFFFF;
    }
}
