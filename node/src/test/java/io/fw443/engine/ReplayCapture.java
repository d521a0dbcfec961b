package io.fw443.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * A pcap file read offline with pcap4j, frame by frame, plus the test's own reading of each IPv4/TCP frame's ports,
 * flags and sequence number (written here from RFC 791 / RFC 9293 offsets, not with the parser under test).
 */
final class ReplayCapture {
    /** One captured Ethernet frame and its capture time. */
    record Frame(byte[] bytes, long timestampNs) {
        private int tcp() {
            return 14 + (bytes[14] & 0x0F) * 4;
        }

        boolean isIpv4Tcp() {
            return bytes.length >= 54 && (bytes[12] & 0xFF) == 0x08 && bytes[13] == 0 && bytes[14 + 9] == 6;
        }

        int sourcePort() {
            return u16(bytes, tcp());
        }

        int destinationPort() {
            return u16(bytes, tcp() + 2);
        }

        /** TCP flags byte (RFC 9293 §3.1): FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10. */
        int flags() {
            return bytes[tcp() + 13] & 0xFF;
        }

        long sequence() {
            return ((long) u16(bytes, tcp() + 4) << 16) | u16(bytes, tcp() + 6);
        }

        int payloadLength() {
            int ipTotal = u16(bytes, 16);
            int ipHeader = (bytes[14] & 0x0F) * 4;
            int tcpHeader = ((bytes[tcp() + 12] & 0xFF) >>> 4) * 4;
            return ipTotal - ipHeader - tcpHeader;
        }

        boolean sourceIs(byte[] address) {
            for (int i = 0; i < 4; i++) {
                if (bytes[26 + i] != address[i]) {
                    return false;
                }
            }
            return true;
        }

        /** A copy whose sequence number is moved by {@code delta}. */
        Frame withSequenceMovedBy(long delta) {
            byte[] copy = bytes.clone();
            long seq = (sequence() + delta) & 0xFFFF_FFFFL;
            int at = tcp() + 4;
            copy[at] = (byte) (seq >>> 24);
            copy[at + 1] = (byte) (seq >>> 16);
            copy[at + 2] = (byte) (seq >>> 8);
            copy[at + 3] = (byte) seq;
            return new Frame(copy, timestampNs);
        }
    }

    private ReplayCapture() {}

    static List<Frame> read(Path capture) throws Exception {
        List<Frame> frames = new ArrayList<>();
        PcapHandle handle = Pcaps.openOffline(capture.toString());
        try {
            for (byte[] raw = handle.getNextRawPacket(); raw != null; raw = handle.getNextRawPacket()) {
                java.sql.Timestamp ts = handle.getTimestamp();
                frames.add(new Frame(raw, ts.getTime() / 1000 * 1_000_000_000L + ts.getNanos()));
            }
        } finally {
            handle.close();
        }
        return frames;
    }

    /** The TCP frames per client port (the server side is port 443), in capture order. */
    static Map<Integer, List<Frame>> byClientPort(List<Frame> frames, int serverPort) {
        Map<Integer, List<Frame>> sessions = new LinkedHashMap<>();
        for (Frame f : frames) {
            if (f.isIpv4Tcp()) {
                int client = f.sourcePort() == serverPort ? f.destinationPort() : f.sourcePort();
                sessions.computeIfAbsent(client, k -> new ArrayList<>()).add(f);
            }
        }
        return sessions;
    }

    /** Over: a RST, or a FIN from each side and a segment after both (the last ACK). */
    static boolean closed(List<Frame> session, int serverPort) {
        boolean serverFin = false;
        boolean clientFin = false;
        boolean afterBoth = false;
        for (Frame f : session) {
            if ((f.flags() & 0x04) != 0) {
                return true;
            }
            afterBoth |= serverFin && clientFin;
            if ((f.flags() & 0x01) != 0) {
                serverFin |= f.sourcePort() == serverPort;
                clientFin |= f.sourcePort() != serverPort;
            }
        }
        return afterBoth;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
