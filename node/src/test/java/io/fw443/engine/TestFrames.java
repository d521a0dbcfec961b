package io.fw443.engine;

import io.fw443.packet.Checksums;
import io.fw443.packet.EthernetHeaderWriter;
import io.fw443.packet.FrameParser;
import io.fw443.packet.IcmpUnreachableBuilder;
import io.fw443.packet.PacketDescriptor;
import io.fw443.packet.ParseCounters;
import io.fw443.packet.ParseResult;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Builds Ethernet + IPv4/IPv6 + TCP/UDP/ICMP frames with correct checksums for engine tests (public for the node's
 * management tests, which feed real engines).
 */
public final class TestFrames {
    public static final int SYN = 0x02;
    public static final int ACK = 0x10;
    public static final int FIN = 0x01;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;

    private final byte[] src;
    private final byte[] dst;
    private final int protocol;
    private int srcPort;
    private int dstPort;
    private int flags;
    private long seq;
    private long ack;
    private int window = 64240;
    private int wscale = -1;
    private boolean sackPermitted;
    private int payload;
    private byte[] payloadBytes;
    private int icmpType = -1;
    private int icmpId;
    private boolean dontFragment;
    private int fragmentOffset = -1;

    private TestFrames(String src, String dst, int protocol) {
        this.src = address(src);
        this.dst = address(dst);
        this.protocol = protocol;
    }

    public static TestFrames tcp(String src, int srcPort, String dst, int dstPort) {
        TestFrames f = new TestFrames(src, dst, 6);
        f.srcPort = srcPort;
        f.dstPort = dstPort;
        return f;
    }

    public static TestFrames udp(String src, int srcPort, String dst, int dstPort) {
        TestFrames f = new TestFrames(src, dst, 17);
        f.srcPort = srcPort;
        f.dstPort = dstPort;
        return f;
    }

    /** An ICMP (v4) or ICMPv6 echo request (type 8 / 128) or reply (0 / 129). */
    public static TestFrames echo(String src, String dst, int type, int id) {
        TestFrames f = new TestFrames(src, dst, src.contains(":") ? 58 : 1);
        f.icmpType = type;
        f.icmpId = id;
        return f;
    }

    public TestFrames flags(int v) { flags = v; return this; }
    public TestFrames seq(long v) { seq = v; return this; }
    public TestFrames ack(long v) { ack = v; return this; }
    TestFrames window(int v) { window = v; return this; }
    public TestFrames wscale(int v) { wscale = v; return this; }
    TestFrames sackPermitted() { sackPermitted = true; return this; }
    public TestFrames payload(int bytes) { payload = bytes; payloadBytes = null; return this; }
    public TestFrames payload(byte[] bytes) { payload = bytes.length; payloadBytes = bytes; return this; }
    TestFrames dontFragment() { dontFragment = true; return this; }
    /** Makes the packet an IPv4 fragment at this byte offset (more-fragments set). */
    TestFrames fragment(int offsetBytes) { fragmentOffset = offsetBytes; return this; }

    public byte[] build() {
        boolean v6 = src.length == 16;
        int l4Header = switch (protocol) {
            case 6 -> 20 + (wscale >= 0 ? 4 : 0) + (sackPermitted ? 4 : 0);
            case 17 -> 8;
            default -> 8;
        };
        int l3Header = v6 ? 40 : 20;
        int l4Length = l4Header + payload;
        byte[] f = new byte[14 + l3Header + l4Length];
        f[0] = 0x02; f[5] = 0x01; // destination MAC 02:00:00:00:00:01
        f[6] = 0x02; f[11] = 0x02; // source MAC 02:00:00:00:00:02
        f[12] = (byte) (v6 ? 0x86 : 0x08);
        f[13] = (byte) (v6 ? 0xDD : 0x00);
        int ip = 14;
        if (v6) {
            f[ip] = 0x60;
            put16(f, ip + 4, l4Length);
            f[ip + 6] = (byte) protocol;
            f[ip + 7] = 64;
            System.arraycopy(src, 0, f, ip + 8, 16);
            System.arraycopy(dst, 0, f, ip + 24, 16);
        } else {
            f[ip] = 0x45;
            put16(f, ip + 2, 20 + l4Length);
            put16(f, ip + 4, 0x1234);
            int frag = (dontFragment ? 0x4000 : 0) | (fragmentOffset >= 0 ? 0x2000 | (fragmentOffset / 8) : 0);
            put16(f, ip + 6, frag);
            f[ip + 8] = 64;
            f[ip + 9] = (byte) protocol;
            System.arraycopy(src, 0, f, ip + 12, 4);
            System.arraycopy(dst, 0, f, ip + 16, 4);
            put16(f, ip + 10, Checksums.checksum(f, ip, 20));
        }
        int l4 = ip + l3Header;
        if (payloadBytes != null) {
            System.arraycopy(payloadBytes, 0, f, l4 + l4Header, payload);
        }
        switch (protocol) {
            case 6 -> {
                put16(f, l4, srcPort);
                put16(f, l4 + 2, dstPort);
                put32(f, l4 + 4, seq);
                put32(f, l4 + 8, ack);
                f[l4 + 12] = (byte) ((l4Header / 4) << 4);
                f[l4 + 13] = (byte) flags;
                put16(f, l4 + 14, window);
                int opt = l4 + 20;
                if (wscale >= 0) {
                    f[opt] = 1; f[opt + 1] = 3; f[opt + 2] = 3; f[opt + 3] = (byte) wscale;
                    opt += 4;
                }
                if (sackPermitted) {
                    f[opt] = 1; f[opt + 1] = 1; f[opt + 2] = 4; f[opt + 3] = 2;
                }
                put16(f, l4 + 16, transportChecksum(f, ip, v6, l4, l4Length));
            }
            case 17 -> {
                put16(f, l4, srcPort);
                put16(f, l4 + 2, dstPort);
                put16(f, l4 + 4, l4Length);
                put16(f, l4 + 6, transportChecksum(f, ip, v6, l4, l4Length));
            }
            default -> {
                f[l4] = (byte) icmpType;
                put16(f, l4 + 4, icmpId);
                put16(f, l4 + 6, 1);
                int sum = v6 ? transportChecksum(f, ip, true, l4, l4Length) : Checksums.checksum(f, l4, l4Length);
                put16(f, l4 + 2, sum);
            }
        }
        return f;
    }

    /**
     * The frame a router on the path would send back to {@code quoted}'s sender: ICMP "fragmentation needed" (IPv4)
     * or "packet too big" (IPv6) with the given MTU, from {@code routerAddress}.
     */
    static byte[] packetTooBig(byte[] quoted, int mtu, String routerAddress) {
        PacketDescriptor d = parse(quoted);
        byte[] out = new byte[1600];
        int l3 = EthernetHeaderWriter.reply(d, out, 0);
        int n = new IcmpUnreachableBuilder().packetTooBig(d, mtu, address(routerAddress), 0, out, l3);
        if (n <= 0) {
            throw new IllegalStateException("no ICMP error built for this frame: " + n);
        }
        return Arrays.copyOf(out, l3 + n);
    }

    static PacketDescriptor parse(byte[] frame) {
        PacketDescriptor d = new PacketDescriptor();
        ParseResult r = new FrameParser(new ParseCounters()).parse(frame, 0, frame.length, d);
        if (r != ParseResult.OK) {
            throw new IllegalStateException("test frame does not parse: " + r);
        }
        return d;
    }

    static byte[] address(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + text, e);
        }
    }

    private static int transportChecksum(byte[] f, int ip, boolean v6, int l4, int l4Length) {
        long pseudo = v6
                ? Checksums.ipv6PseudoHeaderSum(f, ip + 8, ip + 24, f[ip + 6] & 0xFF, l4Length)
                : Checksums.ipv4PseudoHeaderSum(f, ip + 12, ip + 16, f[ip + 9] & 0xFF, l4Length);
        return Checksums.transportChecksum(pseudo, f, l4, l4Length);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void put32(byte[] b, int off, long v) {
        put16(b, off, (int) (v >>> 16));
        put16(b, off + 2, (int) v);
    }
}
