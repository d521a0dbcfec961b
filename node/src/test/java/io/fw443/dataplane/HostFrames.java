package io.fw443.dataplane;

import io.fw443.packet.ArpBuilder;
import io.fw443.packet.NeighborSolicitBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IllegalRawDataException;

/** Frames for host-path tests: queries built with the packet builders, answers decoded by pcap4j as the oracle. */
final class HostFrames {
    static final byte[] CLIENT_MAC = {0x02, 0, 0, 0, 0, 0x10};
    static final byte[] NODE_MAC = {0x02, 0, 0, 0, 0, 0x02};
    static final byte[] VIRTUAL_MAC_51 = {0x00, 0x00, 0x5e, 0x00, 0x01, 51};

    private HostFrames() {}

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static int ipv4(String literal) {
        byte[] b = ip(literal).getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
    }

    /** Who-has {@code target}, tell {@code sender}, from the client. */
    static byte[] arpRequest(String sender, String target) {
        byte[] out = new byte[64];
        int n = new ArpBuilder().request(out, 0, CLIENT_MAC, 0, ipv4(sender), ipv4(target));
        return Arrays.copyOf(out, n);
    }

    /** Address resolution for {@code target} from {@code source} (:: for DAD), from the client. */
    static byte[] neighborSolicitation(String source, String target) {
        byte[] out = new byte[128];
        int n = new NeighborSolicitBuilder().multicast(out, 0, CLIENT_MAC, 0, ip(source).getAddress(), 0,
                ip(target).getAddress(), 0);
        return Arrays.copyOf(out, n);
    }

    /** Recomputes the ICMPv6 checksum of an untagged Ethernet + IPv6 + ICMPv6 frame (RFC 8200 §8.1, RFC 1071). */
    static byte[] fixIcmpv6Checksum(byte[] frame) {
        byte[] f = frame.clone();
        int ip = 14;
        int icmp = ip + 40;
        int length = ((f[ip + 4] & 0xff) << 8) | (f[ip + 5] & 0xff);
        f[icmp + 2] = 0;
        f[icmp + 3] = 0;
        long sum = 0;
        for (int i = ip + 8; i < ip + 40; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        sum += length + 58;
        for (int i = icmp; i < icmp + length; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (i + 1 < icmp + length ? f[i + 1] & 0xff : 0);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        int checksum = (int) ~sum & 0xffff;
        f[icmp + 2] = (byte) (checksum >> 8);
        f[icmp + 3] = (byte) checksum;
        return f;
    }

    static EthernetPacket decode(byte[] frame) {
        try {
            return EthernetPacket.newPacket(frame, 0, frame.length);
        } catch (IllegalRawDataException e) {
            throw new AssertionError("pcap4j cannot decode the frame", e);
        }
    }

    /** A sink that keeps a copy of every frame; {@code accept} decides what send() returns. */
    static final class RecordingSink implements FrameSink {
        final List<byte[]> frames = new ArrayList<>();
        boolean accept = true;

        @Override
        public boolean send(byte[] frame, int length) {
            frames.add(Arrays.copyOf(frame, length));
            return accept;
        }
    }
}
