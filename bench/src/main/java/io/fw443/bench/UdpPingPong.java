package io.fw443.bench;

import io.fw443.dataplane.Netns;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Round-trip times of small UDP datagrams through the firewall: an echo socket in the server's namespace, a client
 * socket in the client's, one datagram in flight at a time. Each round trip crosses the firewall twice.
 */
final class UdpPingPong implements AutoCloseable {
    private static final int SIZE = 64;
    private static final int TIMEOUT_MS = 1_000;

    private final DatagramSocket echo;
    private final Thread echoThread;
    private final DatagramSocket client;
    private final InetSocketAddress target;

    UdpPingPong(String serverNs, String clientNs, String serverAddress, int port) throws Exception {
        this.target = new InetSocketAddress(InetAddress.getByName(serverAddress), port);
        this.echo = Netns.callIn(serverNs, () -> new DatagramSocket(target));
        this.client = Netns.callIn(clientNs, DatagramSocket::new);
        client.setSoTimeout(TIMEOUT_MS);
        this.echoThread = new Thread(this::echoLoop, "bench-udp-echo");
        echoThread.setDaemon(true);
        echoThread.start();
    }

    private void echoLoop() {
        DatagramPacket p = new DatagramPacket(new byte[SIZE], SIZE);
        try {
            while (!echo.isClosed()) {
                p.setLength(SIZE);
                echo.receive(p);
                echo.send(p);
            }
        } catch (IOException e) {
            // closed: the run is over
        }
    }

    /**
     * {@code warmup} unmeasured round trips, then {@code count} measured; returns the sorted round-trip times in
     * nanoseconds of those answered (a lost datagram costs a {@value #TIMEOUT_MS} ms wait and is left out).
     */
    long[] measure(int warmup, int count) throws IOException {
        byte[] out = new byte[SIZE];
        DatagramPacket send = new DatagramPacket(out, SIZE, target);
        DatagramPacket in = new DatagramPacket(new byte[SIZE], SIZE);
        long[] rtt = new long[count];
        int answered = 0;
        for (int i = -warmup; i < count; i++) {
            long t0 = System.nanoTime();
            client.send(send);
            try {
                in.setLength(SIZE);
                client.receive(in);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (i >= 0) {
                rtt[answered++] = System.nanoTime() - t0;
            }
        }
        long[] result = Arrays.copyOf(rtt, answered);
        Arrays.sort(result);
        return result;
    }

    /** The {@code q} quantile (0..1) of sorted values, nearest rank. */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalStateException("no round trip was answered");
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        echo.close();
        echoThread.join(5_000);
    }
}
