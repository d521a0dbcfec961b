package io.fw443.vrrp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Over loopback: the peer is a plain server socket the test controls. */
class PeerHeartbeatTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aClosedConnectionIsADeathAndTheLinkComesBackWhenThePeerDoes() throws IOException {
        AtomicInteger deaths = new AtomicInteger();
        try (ServerSocket peer = new ServerSocket(0, 5, LOOPBACK);
             PeerHeartbeat heartbeat = PeerHeartbeat.start(new InetSocketAddress(LOOPBACK, 0),
                     new InetSocketAddress(LOOPBACK, peer.getLocalPort()), deaths::incrementAndGet)) {
            Socket first = peer.accept();
            await().atMost(Duration.ofSeconds(5)).until(heartbeat::isConnected);
            first.close(); // the peer process died: its kernel closed the connection
            await().atMost(Duration.ofSeconds(5)).until(() -> deaths.get() == 1);

            Socket second = peer.accept(); // reconnected to the restarted peer
            await().atMost(Duration.ofSeconds(5)).until(heartbeat::isConnected);
            assertEquals(1, deaths.get());
            second.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> deaths.get() == 2);
        }
    }

    @Test
    void aPeerThatNeverAnsweredIsNotDeadAndTheListenerAcceptsThePeer() throws IOException {
        AtomicInteger deaths = new AtomicInteger();
        int unused;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            unused = probe.getLocalPort();
        }
        try (PeerHeartbeat heartbeat = PeerHeartbeat.start(new InetSocketAddress(LOOPBACK, 0),
                new InetSocketAddress(LOOPBACK, unused), deaths::incrementAndGet);
             Socket in = new Socket(LOOPBACK, heartbeat.listenAddress().getPort())) {
            // The peer side of the link: its connection to us is accepted and drained.
            in.getOutputStream().write(0);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> deaths.get() == 0 && !heartbeat.isConnected());
            assertFalse(in.isClosed());
        }
    }

    @Test
    void closingTheLocalSideIsNotADeath() throws IOException {
        AtomicInteger deaths = new AtomicInteger();
        try (ServerSocket peer = new ServerSocket(0, 5, LOOPBACK)) {
            PeerHeartbeat heartbeat = PeerHeartbeat.start(new InetSocketAddress(LOOPBACK, 0),
                    new InetSocketAddress(LOOPBACK, peer.getLocalPort()), deaths::incrementAndGet);
            try (Socket accepted = peer.accept()) {
                await().atMost(Duration.ofSeconds(5)).until(heartbeat::isConnected);
                heartbeat.close();
                await().atMost(Duration.ofSeconds(5)).until(() -> accepted.getInputStream().read() < 0);
            }
            assertEquals(0, deaths.get());
        }
    }
}
