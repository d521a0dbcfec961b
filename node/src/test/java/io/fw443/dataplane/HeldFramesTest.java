package io.fw443.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.packet.PacketDescriptor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;

/** Sync insert's hold: a frame leaves once its flow is acknowledged (or the wait timed out), never before. */
class HeldFramesTest {
    private final TestNode node = new TestNode();
    private final DataplaneCounters counters = new DataplaneCounters();
    private final Forwarder forwarder = new Forwarder(node.routes, node.interfaces, counters, 2, 3_000_000_000L,
            1_000_000_000L, 1000, 50);
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final HeldFrames held = new HeldFrames(2, wakeUps::incrementAndGet);

    HeldFramesTest() {
        node.outside().neighbours().learn(4, 0,
                RoutingTable.readInt(Frames.address("198.51.100.100"), 0) & 0xFFFF_FFFFL, 0x02_0000_0000_77L, 0);
    }

    private boolean hold(int ttl, CompletableFuture<Boolean> ack) {
        byte[] frame = Frames.ip("192.0.2.10", "198.51.100.100", 6, ttl, true, 0, TestNode.INSIDE_MAC);
        PacketDescriptor d = Frames.parse(frame);
        boolean kept = held.hold(d, 2, node.inside(), ack);
        // The capture buffer is reused for the next frame: the hold must have its own copy.
        java.util.Arrays.fill(frame, (byte) 0);
        return kept;
    }

    @Test
    void aFrameLeavesOnlyOnceItsFlowIsAcknowledged() throws Exception {
        CompletableFuture<Boolean> ack = new CompletableFuture<>();
        assertTrue(hold(64, ack));
        assertFalse(held.hasReleasable());
        held.release(forwarder, counters, 0);
        assertTrue(node.sentOn(2).isEmpty(), "nothing leaves before the peers answered");
        assertEquals(1, held.waiting());

        ack.complete(true);
        assertEquals(1, wakeUps.get(), "the worker is woken");
        assertTrue(held.hasReleasable());
        held.release(forwarder, counters, 0);
        assertEquals(1, node.sentOn(2).size());
        IpV4Packet ip = EthernetPacket.newPacket(node.sentOn(2).get(0), 0, node.sentOn(2).get(0).length)
                .get(IpV4Packet.class);
        assertEquals(63, ip.getHeader().getTtlAsInt(), "forwarded like any frame, from the held copy");
        assertEquals(1, counters.count(DataplaneReason.RELEASED_AFTER_PEER_ACK));
        assertEquals(0, held.waiting());
    }

    @Test
    void aTimedOutAcknowledgementLetsTheFrameGoCounted() {
        CompletableFuture<Boolean> ack = new CompletableFuture<>();
        assertTrue(hold(64, ack));
        ack.complete(false);
        held.release(forwarder, counters, 0);
        assertEquals(1, node.sentOn(2).size());
        assertEquals(1, counters.count(DataplaneReason.RELEASED_AFTER_PEER_TIMEOUT));
    }

    @Test
    void aFullHoldRefusesAndFreedSlotsAreReused() {
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        assertTrue(hold(64, first));
        assertTrue(hold(64, new CompletableFuture<>()));
        assertFalse(hold(64, new CompletableFuture<>()), "two slots");
        first.complete(true);
        held.release(forwarder, counters, 0);
        assertTrue(hold(64, new CompletableFuture<>()), "the released slot takes the next frame");
        assertEquals(2, held.waiting());
    }

    @Test
    void theCapacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new HeldFrames(0, () -> { }));
    }
}
