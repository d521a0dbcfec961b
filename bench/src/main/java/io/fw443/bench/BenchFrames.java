package io.fw443.bench;

import io.fw443.packet.Checksums;

/**
 * Ethernet + IPv4 + TCP (and UDP) frames for the engine and data-plane benchmarks, built once before measuring. The
 * TCP checksum is left zero: the parser verifies only the IPv4 header checksum (RFC 791 §3.1), as captures of
 * offloaded traffic require.
 */
final class BenchFrames {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int ACK = 0x10;
    /** Ethernet header length (IEEE 802.3, untagged). */
    private static final int ETHERNET = 14;
    /** IPv4 header without options (RFC 791 §3.1). */
    private static final int IPV4 = 20;

    private BenchFrames() {}

    /**
     * One TCP segment without payload; a SYN (with or without ACK) carries the window-scale option
     * (RFC 7323 §2.2, kind 3) with shift 7.
     */
    static byte[] tcp(int srcAddress, int srcPort, int dstAddress, int dstPort, int flags, long seq, long ack) {
        boolean syn = (flags & SYN) != 0;
        int tcpHeader = syn ? 24 : 20;
        byte[] f = new byte[ETHERNET + IPV4 + tcpHeader];
        f[0] = 0x02; f[5] = 0x01;
        f[6] = 0x02; f[11] = 0x02;
        f[12] = 0x08; // EtherType IPv4
        int ip = ETHERNET;
        f[ip] = 0x45;
        put16(f, ip + 2, IPV4 + tcpHeader);
        put16(f, ip + 6, 0x4000); // DF
        f[ip + 8] = 64;
        f[ip + 9] = 6;
        put32(f, ip + 12, srcAddress);
        put32(f, ip + 16, dstAddress);
        put16(f, ip + 10, Checksums.checksum(f, ip, IPV4));
        int l4 = ip + IPV4;
        put16(f, l4, srcPort);
        put16(f, l4 + 2, dstPort);
        put32(f, l4 + 4, (int) seq);
        put32(f, l4 + 8, (int) ack);
        f[l4 + 12] = (byte) ((tcpHeader / 4) << 4);
        f[l4 + 13] = (byte) flags;
        put16(f, l4 + 14, 64240);
        if (syn) {
            f[l4 + 20] = 1; // NOP
            f[l4 + 21] = 3;
            f[l4 + 22] = 3;
            f[l4 + 23] = 7;
        }
        return f;
    }

    /**
     * One UDP datagram of {@code payload} zero bytes between real hosts ({@code dstMac}, {@code srcMac}: 6 bytes
     * each). The UDP checksum is zero, which IPv4 allows (RFC 768: "no checksum"), so receivers accept it as is.
     */
    static byte[] udp(byte[] dstMac, byte[] srcMac, int srcAddress, int srcPort, int dstAddress, int dstPort,
            int payload) {
        int udpLength = 8 + payload;
        byte[] f = new byte[ETHERNET + IPV4 + udpLength];
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(srcMac, 0, f, 6, 6);
        f[12] = 0x08; // EtherType IPv4
        int ip = ETHERNET;
        f[ip] = 0x45;
        put16(f, ip + 2, IPV4 + udpLength);
        f[ip + 8] = 64;
        f[ip + 9] = 17;
        put32(f, ip + 12, srcAddress);
        put32(f, ip + 16, dstAddress);
        put16(f, ip + 10, Checksums.checksum(f, ip, IPV4));
        int l4 = ip + IPV4;
        put16(f, l4, srcPort);
        put16(f, l4 + 2, dstPort);
        put16(f, l4 + 4, udpLength);
        return f;
    }

    /** IPv4 address from four octets, as an int in network order. */
    static int ipv4(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    /** The IPv4 source address of a frame built here. */
    static int sourceAddress(byte[] frame) {
        int ip = ETHERNET + 12;
        return (frame[ip] & 0xFF) << 24 | (frame[ip + 1] & 0xFF) << 16 | (frame[ip + 2] & 0xFF) << 8
                | (frame[ip + 3] & 0xFF);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }
}
