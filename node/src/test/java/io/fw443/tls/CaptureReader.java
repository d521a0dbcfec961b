package io.fw443.tls;

import java.io.EOFException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * Test-side reader of pcap / pcapng files (libpcap 1.10 reads both) that yields the TCP segments, in
 * capture order. Link types: Ethernet (with 802.1Q), BSD loopback (NULL), Linux cooked (SLL), raw IP.
 */
final class CaptureReader {
    record TcpSegment(InetAddress src, int srcPort, InetAddress dst, int dstPort, long seq, int flags, byte[] payload) {
        boolean syn() {
            return (flags & 0x02) != 0;
        }

        boolean from(InetAddress address, int port) {
            return src.equals(address) && srcPort == port;
        }
    }

    private static final int DLT_NULL = 0;
    private static final int DLT_EN10MB = 1;
    private static final int DLT_RAW = 101;
    private static final int DLT_LINUX_SLL = 113;

    private CaptureReader() {
    }

    static List<TcpSegment> tcpSegments(Path capture) throws Exception {
        List<TcpSegment> out = new ArrayList<>();
        PcapHandle handle = Pcaps.openOffline(capture.toString());
        try {
            int dlt = handle.getDlt().value();
            while (true) {
                byte[] frame;
                try {
                    frame = handle.getNextRawPacketEx();
                } catch (EOFException end) {
                    break;
                } catch (TimeoutException idle) {
                    continue;
                }
                TcpSegment s = decode(frame, dlt);
                if (s != null) {
                    out.add(s);
                }
            }
        } finally {
            handle.close();
        }
        return out;
    }

    private static TcpSegment decode(byte[] f, int dlt) throws UnknownHostException {
        int ip;
        switch (dlt) {
            case DLT_EN10MB -> {
                int type = u16(f, 12);
                ip = 14;
                if (type == 0x8100) {
                    type = u16(f, 16);
                    ip = 18;
                }
                if (type != 0x0800 && type != 0x86dd) {
                    return null;
                }
            }
            case DLT_NULL -> ip = 4;
            case DLT_LINUX_SLL -> ip = 16;
            case DLT_RAW -> ip = 0;
            default -> throw new IllegalArgumentException("link type " + dlt);
        }
        int version = (f[ip] & 0xff) >> 4;
        InetAddress src;
        InetAddress dst;
        int tcp;
        int end;
        if (version == 4) {
            if (f[ip + 9] != 6 || (u16(f, ip + 6) & 0x3fff) != 0) {
                return null; // not TCP, or a fragment
            }
            src = InetAddress.getByAddress(java.util.Arrays.copyOfRange(f, ip + 12, ip + 16));
            dst = InetAddress.getByAddress(java.util.Arrays.copyOfRange(f, ip + 16, ip + 20));
            tcp = ip + (f[ip] & 0x0f) * 4;
            end = Math.min(f.length, ip + u16(f, ip + 2));
        } else if (version == 6) {
            src = InetAddress.getByAddress(java.util.Arrays.copyOfRange(f, ip + 8, ip + 24));
            dst = InetAddress.getByAddress(java.util.Arrays.copyOfRange(f, ip + 24, ip + 40));
            end = Math.min(f.length, ip + 40 + u16(f, ip + 4));
            int next = f[ip + 6] & 0xff;
            tcp = ip + 40;
            while (next == 0 || next == 43 || next == 60) { // hop-by-hop, routing, destination options
                next = f[tcp] & 0xff;
                tcp += 8 + (f[tcp + 1] & 0xff) * 8;
            }
            if (next != 6) {
                return null;
            }
        } else {
            return null;
        }
        int dataOffset = ((f[tcp + 12] & 0xff) >> 4) * 4;
        long seq = ((long) u16(f, tcp + 4) << 16) | u16(f, tcp + 6);
        byte[] payload = java.util.Arrays.copyOfRange(f, tcp + dataOffset, Math.max(tcp + dataOffset, end));
        return new TcpSegment(src, u16(f, tcp), dst, u16(f, tcp + 2), seq, f[tcp + 13] & 0xff, payload);
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
