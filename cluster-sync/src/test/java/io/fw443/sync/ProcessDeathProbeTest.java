package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ProcessDeathProbeTest {
    private final ProcessDeathProbe probe = new ProcessDeathProbe(1000);

    @Test
    void aListeningProcessIsAlive() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(ProcessDeathProbe.Answer.ACCEPTED,
                    probe.probe(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort())));
        }
    }

    @Test
    void aPortNobodyListensOnIsRefused() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        assertEquals(ProcessDeathProbe.Answer.REFUSED,
                probe.probe(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
    }

    @Test
    void anUnresolvedAddressProvesNothing() {
        assertEquals(ProcessDeathProbe.Answer.NO_ANSWER,
                probe.probe(InetSocketAddress.createUnresolved("peer.invalid", 7900)));
    }

    @Test
    void theTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ProcessDeathProbe(0));
    }
}
