package io.fw443.dataplane;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fw443.testing.VethPair;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real frames over a veth pair between two namespaces, through libpcap. */
class PcapPortTest {
    /** IEEE 802 local experimental EtherType: nothing else on the link speaks it. */
    private static final int ETHERTYPE_EXPERIMENTAL = 0x88B5;

    private VethPair veth;
    private PcapPort portA;
    private PcapPort portB;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(VethPair.available(), "needs root and iproute2 (CI has both)");
        veth = VethPair.create("pcap", null, null);
        String bpf = "ether proto " + ETHERTYPE_EXPERIMENTAL;
        portA = Netns.callIn(veth.a(), () -> PcapPort.open(new PcapPort.Options("eth0", 2048, 4 << 20, bpf)));
        portB = Netns.callIn(veth.b(), () -> PcapPort.open(new PcapPort.Options("eth0", 2048, 4 << 20, bpf)));
    }

    @AfterEach
    void tearDown() {
        if (portA != null) {
            portA.close();
        }
        if (portB != null) {
            portB.close();
        }
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void framesInjectedOnOneSideArriveIntactOnTheOtherAndNeverLoopBack() throws Exception {
        ConcurrentLinkedQueue<Integer> seenByB = new ConcurrentLinkedQueue<>();
        AtomicInteger seenByA = new AtomicInteger();
        CompletableFuture<Integer> readerB = CompletableFuture.supplyAsync(() -> portB.poll((f, off, len, now) -> {
            assertEquals(ETHERTYPE_EXPERIMENTAL, ((f[12] & 0xFF) << 8) | (f[13] & 0xFF));
            seenByB.add(((f[14] & 0xFF) << 8) | (f[15] & 0xFF));
        }, 100, LongClock.SYSTEM));
        CompletableFuture<Integer> readerA = CompletableFuture.supplyAsync(
                () -> portA.poll((f, off, len, now) -> seenByA.incrementAndGet(), 1, LongClock.SYSTEM));

        byte[] frame = new byte[60];
        for (int i = 0; i < 6; i++) {
            frame[i] = (byte) 0xFF;
        }
        frame[6] = 0x02;
        frame[12] = (byte) (ETHERTYPE_EXPERIMENTAL >>> 8);
        frame[13] = (byte) ETHERTYPE_EXPERIMENTAL;
        for (int i = 0; i < 100; i++) {
            frame[14] = (byte) (i >>> 8);
            frame[15] = (byte) i;
            assertTrue(portA.send(frame, frame.length));
        }

        assertEquals(100, readerB.get(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(100, seenByB.size());
        int expected = 0;
        for (int seq : seenByB) {
            assertEquals(expected++, seq, "frames arrive in order");
        }
        assertEquals(100, portB.received());
        // A injected 100 frames; with direction IN its own port must not have seen any of them.
        portA.wakeUp();
        assertEquals(0, readerA.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, seenByA.get());
    }

    @Test
    void wakeUpReleasesAPollBlockedOnAnIdleLink() {
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(
                () -> portB.poll((f, off, len, now) -> { }, 10, LongClock.SYSTEM));
        // Keep waking until the poll has started and returned: breakloop before the read starts is not latched.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            portB.wakeUp();
            return reader.isDone();
        });
        assertEquals(0, reader.join());
    }
}
