package io.fw443.bench;

import io.fw443.dataplane.PcapPort;

/**
 * The small-packet generator of {@code bin/bench dataplane}: pre-built 60-byte UDP frames (64 on the wire with the
 * FCS) injected with {@code pcap_inject} on the client's link, cycling over a set of flows. Nothing is built or
 * allocated while sending. It runs on the calling thread: at full speed it takes one of the machine's cores.
 */
final class UdpBlaster {
    /** 14 Ethernet + 20 IPv4 + 8 UDP + 18 = 60 bytes: the minimum Ethernet frame. */
    private static final int PAYLOAD = 18;

    private final PcapPort port;
    private final byte[][] frames;
    private volatile long sent;

    /** Frames from {@code srcAddress}, source ports {@code firstPort ..+flows}, to {@code dstAddress:dstPort}. */
    UdpBlaster(PcapPort port, byte[] dstMac, byte[] srcMac, int srcAddress, int firstPort, int flows,
            int dstAddress, int dstPort) {
        this.port = port;
        this.frames = new byte[flows][];
        for (int i = 0; i < flows; i++) {
            frames[i] = BenchFrames.udp(dstMac, srcMac, srcAddress, firstPort + i, dstAddress, dstPort, PAYLOAD);
        }
    }

    /** Frames handed to the kernel so far (refused sends are not counted). */
    long sent() {
        return sent;
    }

    /** Sends as fast as the link takes them until {@code nanos} have passed. */
    void flood(long nanos) {
        long end = System.nanoTime() + nanos;
        int i = 0;
        do {
            for (int burst = 0; burst < 256; burst++) {
                send(i++);
            }
        } while (System.nanoTime() < end);
    }

    /**
     * Sends {@code count} frames at {@code perSecond}, each at its slot (spinning, since parking cannot hit a few
     * microseconds); a late sender catches up at once rather than lowering the rate. Returns the nanoseconds taken.
     */
    long paced(long count, long perSecond) {
        double interval = 1e9 / perSecond;
        long start = System.nanoTime();
        for (long n = 0; n < count; n++) {
            long due = start + (long) (n * interval);
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            send((int) n);
        }
        return System.nanoTime() - start;
    }

    private void send(int i) {
        byte[] f = frames[(i & Integer.MAX_VALUE) % frames.length];
        if (port.send(f, f.length)) {
            sent++;
        }
    }
}
