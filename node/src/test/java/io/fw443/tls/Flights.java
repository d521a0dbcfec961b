package io.fw443.tls;

import java.net.InetAddress;
import java.util.List;

/** Feeds one direction of a captured TCP connection through a {@link ClientHelloReassembler}. */
final class Flights {
    /** One direction of one connection. */
    record Direction(InetAddress src, int srcPort, InetAddress dst, int dstPort) {
        boolean matches(CaptureReader.TcpSegment s) {
            return s.srcPort() == srcPort && s.dstPort() == dstPort && s.src().equals(src) && s.dst().equals(dst);
        }

        Direction reverse() {
            return new Direction(dst, dstPort, src, srcPort);
        }

        /** The direction of the first segment sent from src:srcPort. */
        static Direction from(List<CaptureReader.TcpSegment> segments, InetAddress src, int srcPort) {
            CaptureReader.TcpSegment s = segments.stream().filter(x -> x.from(src, srcPort)).findFirst().orElseThrow();
            return new Direction(src, srcPort, s.dst(), s.dstPort());
        }
    }

    private Flights() {
    }

    /** Where the flight starts: ISN+1 from the SYN if captured, else the first payload's sequence number. */
    static long initialSeq(List<CaptureReader.TcpSegment> segments, Direction d) {
        for (CaptureReader.TcpSegment s : segments) {
            if (d.matches(s) && s.syn()) {
                return (s.seq() + 1) & 0xffffffffL;
            }
        }
        for (CaptureReader.TcpSegment s : segments) {
            if (d.matches(s) && s.payload().length > 0) {
                return s.seq();
            }
        }
        throw new IllegalArgumentException("no segment " + d);
    }

    /** Sequence number of the first segment that begins with a handshake record header. */
    static long firstRecordSeq(List<CaptureReader.TcpSegment> segments, Direction d) {
        for (CaptureReader.TcpSegment s : segments) {
            byte[] p = s.payload();
            if (d.matches(s) && p.length >= 2 && p[0] == 22 && p[1] == 3) {
                return s.seq();
            }
        }
        throw new IllegalArgumentException("no handshake record " + d);
    }

    static TlsParseStatus client(List<CaptureReader.TcpSegment> segments, Direction d, long startSeq,
            ClientHelloReassembler r, ClientHelloParser parser, ClientHelloInfo out) {
        r.init(startSeq);
        for (CaptureReader.TcpSegment s : segments) {
            if (d.matches(s) && s.payload().length > 0) {
                TlsParseStatus st = r.offer(s.seq(), s.payload(), 0, s.payload().length, parser, out);
                if (st.isTerminal()) {
                    return st;
                }
            }
        }
        return r.status();
    }

    static TlsParseStatus server(List<CaptureReader.TcpSegment> segments, Direction d, long startSeq,
            ClientHelloReassembler r, ServerHelloParser parser, ServerHelloInfo out) {
        r.init(startSeq);
        for (CaptureReader.TcpSegment s : segments) {
            if (d.matches(s) && s.payload().length > 0) {
                TlsParseStatus st = r.offer(s.seq(), s.payload(), 0, s.payload().length, parser, out);
                if (st.isTerminal()) {
                    return st;
                }
            }
        }
        return r.status();
    }
}
