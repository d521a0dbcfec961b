package io.fw443.dataplane;

import io.fw443.packet.Checksums;
import io.fw443.packet.FrameParser;
import io.fw443.packet.PacketDescriptor;
import io.fw443.packet.ParseCounters;
import io.fw443.packet.ParseResult;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Hand-built test frames (Ethernet II, IPv4/IPv6, TCP/UDP/ICMP, ARP, ND) with correct checksums. */
final class Frames {
    static final byte[] HOST_MAC = {0x02, 0, 0, 0, 0, 0x10};

    private Frames() {}

    /** An IP packet: {@code protocol} 6, 17, 1 (echo request) or 58 (echo request), with payload bytes. */
    static byte[] ip(String src, String dst, int protocol, int ttl, boolean dontFragment, int payload,
                     byte[] dstMac) {
        byte[] s = address(src);
        byte[] d = address(dst);
        boolean v6 = s.length == 16;
        int l4Header = protocol == 6 ? 20 : 8;
        int l3Header = v6 ? 40 : 20;
        int l4Length = l4Header + payload;
        byte[] f = new byte[14 + l3Header + l4Length];
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(HOST_MAC, 0, f, 6, 6);
        put16(f, 12, v6 ? 0x86DD : 0x0800);
        int ip = 14;
        if (v6) {
            f[ip] = 0x60;
            put16(f, ip + 4, l4Length);
            f[ip + 6] = (byte) protocol;
            f[ip + 7] = (byte) ttl;
            System.arraycopy(s, 0, f, ip + 8, 16);
            System.arraycopy(d, 0, f, ip + 24, 16);
        } else {
            f[ip] = 0x45;
            put16(f, ip + 2, 20 + l4Length);
            put16(f, ip + 4, 0x1234);
            put16(f, ip + 6, dontFragment ? 0x4000 : 0);
            f[ip + 8] = (byte) ttl;
            f[ip + 9] = (byte) protocol;
            System.arraycopy(s, 0, f, ip + 12, 4);
            System.arraycopy(d, 0, f, ip + 16, 4);
            put16(f, ip + 10, Checksums.checksum(f, ip, 20));
        }
        int l4 = ip + l3Header;
        for (int i = l4 + l4Header; i < f.length; i++) {
            f[i] = (byte) i;
        }
        switch (protocol) {
            case 6 -> {
                put16(f, l4, 40000);
                put16(f, l4 + 2, 443);
                put32(f, l4 + 4, 1000);
                f[l4 + 12] = 0x50;
                f[l4 + 13] = 0x02; // SYN
                put16(f, l4 + 14, 64240);
                put16(f, l4 + 16, transportChecksum(f, ip, v6, l4, l4Length));
            }
            case 17 -> {
                put16(f, l4, 40000);
                put16(f, l4 + 2, 53);
                put16(f, l4 + 4, l4Length);
                put16(f, l4 + 6, transportChecksum(f, ip, v6, l4, l4Length));
            }
            default -> {
                f[l4] = (byte) (v6 ? 128 : 8);
                put16(f, l4 + 4, 0x4242);
                put16(f, l4 + 6, 1);
                put16(f, l4 + 2, v6 ? transportChecksum(f, ip, true, l4, l4Length)
                        : Checksums.checksum(f, l4, l4Length));
            }
        }
        return f;
    }

    /** An ARP request or reply (RFC 826), padded to 60 bytes. */
    static byte[] arp(int operation, byte[] senderMac, String senderIp, byte[] targetMac, String targetIp,
                      byte[] dstMac) {
        byte[] f = new byte[60];
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(senderMac, 0, f, 6, 6);
        put16(f, 12, 0x0806);
        put16(f, 14, 1);
        put16(f, 16, 0x0800);
        f[18] = 6;
        f[19] = 4;
        put16(f, 20, operation);
        System.arraycopy(senderMac, 0, f, 22, 6);
        System.arraycopy(address(senderIp), 0, f, 28, 4);
        System.arraycopy(targetMac, 0, f, 32, 6);
        System.arraycopy(address(targetIp), 0, f, 38, 4);
        return f;
    }

    /** A neighbor solicitation (135) or advertisement (136) with one link-layer option carrying {@code mac}. */
    static byte[] nd(int type, String src, String dst, String target, byte[] mac, int hopLimit) {
        int l4Length = 24 + 8;
        byte[] f = new byte[14 + 40 + l4Length];
        f[0] = 0x33; f[1] = 0x33; f[5] = 1;
        System.arraycopy(mac, 0, f, 6, 6);
        put16(f, 12, 0x86DD);
        int ip = 14;
        f[ip] = 0x60;
        put16(f, ip + 4, l4Length);
        f[ip + 6] = 58;
        f[ip + 7] = (byte) hopLimit;
        System.arraycopy(address(src), 0, f, ip + 8, 16);
        System.arraycopy(address(dst), 0, f, ip + 24, 16);
        int l4 = ip + 40;
        f[l4] = (byte) type;
        if (type == 136) {
            f[l4 + 4] = 0x60; // solicited, override
        }
        System.arraycopy(address(target), 0, f, l4 + 8, 16);
        f[l4 + 24] = (byte) (type == 135 ? 1 : 2);
        f[l4 + 25] = 1;
        System.arraycopy(mac, 0, f, l4 + 26, 6);
        put16(f, l4 + 2, transportChecksum(f, ip, true, l4, l4Length));
        return f;
    }

    static PacketDescriptor parse(byte[] frame) {
        PacketDescriptor d = new PacketDescriptor();
        ParseResult r = new FrameParser(new ParseCounters()).parse(frame, 0, frame.length, d);
        if (r != ParseResult.OK && r != ParseResult.NOT_IP) {
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

    static byte[] mac(String text) {
        byte[] m = new byte[6];
        String[] parts = text.split(":");
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return m;
    }

    static int transportChecksum(byte[] f, int ip, boolean v6, int l4, int l4Length) {
        long pseudo = v6
                ? Checksums.ipv6PseudoHeaderSum(f, ip + 8, ip + 24, f[ip + 6] & 0xFF, l4Length)
                : Checksums.ipv4PseudoHeaderSum(f, ip + 12, ip + 16, f[ip + 9] & 0xFF, l4Length);
        return Checksums.transportChecksum(pseudo, f, l4, l4Length);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        put16(b, off, (int) (v >>> 16));
        put16(b, off + 2, (int) v);
    }
}
