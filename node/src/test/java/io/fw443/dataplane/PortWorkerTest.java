package io.fw443.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.engine.Engine;
import io.fw443.engine.EngineSettings;
import io.fw443.engine.FlowEvents;
import io.fw443.engine.PolicyCompiler;
import io.fw443.engine.VerdictReason;
import io.fw443.policy.SourceLimiter;
import io.fw443.table.HeapFlowTable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The receive loop with a scripted source: the verdict routes each frame, and any fault stops the port for good. */
class PortWorkerTest {
    private static final byte[] CLIENT_MAC = Frames.mac("02:00:00:00:00:0a");
    private static final byte[] BROADCAST = Frames.mac("ff:ff:ff:ff:ff:ff");

    private final TestNode node = new TestNode();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Hands out its frames, then -1 (a receive error) or nothing. */
    private static final class ScriptedSource implements FrameSource {
        final Deque<byte[]> frames = new ArrayDeque<>();
        final boolean errorAtEnd;
        volatile int polls;

        ScriptedSource(boolean errorAtEnd, byte[]... frames) {
            this.errorAtEnd = errorAtEnd;
            for (byte[] f : frames) {
                this.frames.add(f);
            }
        }

        @Override
        public int poll(FrameHandler handler, int maxFrames, LongClock clock) {
            polls++;
            if (frames.isEmpty()) {
                return errorAtEnd ? -1 : 0;
            }
            int n = 0;
            while (n < maxFrames && !frames.isEmpty()) {
                byte[] f = frames.poll();
                handler.onFrame(f, 0, f.length, clock.nowNs());
                n++;
            }
            return n;
        }

        @Override
        public void wakeUp() { }
    }

    private PortWorker worker(FrameSource source, Runnable onLearned) {
        return worker(node, source, onLearned);
    }

    private PortWorker worker(TestNode node, FrameSource source, Runnable onLearned) {
        PolicyCompiler.Compiled compiled = PolicyCompiler.compile(node.config);
        SourceLimiter limiter = new SourceLimiter(SourceLimiter.Settings.of(64, 0, 0, 1));
        Engine engine = new Engine(EngineSettings.defaults(1, 1000), new HeapFlowTable(1000), compiled::policy,
                compiled.zones(), node.routes, limiter, FlowEvents.NONE);
        DataplaneCounters counters = new DataplaneCounters();
        return new PortWorker(node.inside(), source, engine, limiter,
                new Forwarder(node.routes, node.interfaces, counters, 4, 3_000_000_000L, 1_000_000_000L,
                        1000, 50),
                new LocalAddressResponder(node.inside(), node.interfaces, counters, onLearned), counters,
                () -> 0L, (w, cause) -> failure.set(cause));
    }

    private static byte[] arpRequestFor(String target) {
        return Frames.arp(1, CLIENT_MAC, "192.0.2.10", new byte[6], target, BROADCAST);
    }

    @Test
    void routesVerdictsAndStopsWhenAsked() {
        ScriptedSource source = new ScriptedSource(false, arpRequestFor("192.0.2.2"),
                Frames.ip("192.0.2.10", "198.51.100.100", 6, 64, true, 0, TestNode.INSIDE_MAC));
        PortWorker w = worker(source, () -> { });
        Thread t = new Thread(w);
        t.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> source.frames.isEmpty() && source.polls > 2);
        w.stop();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !t.isAlive());

        assertEquals(PortWorker.State.STOPPED, w.state());
        assertEquals(1, w.counters().count(DataplaneReason.ARP_REPLIED), "HOST: the responder answered");
        // The default policy drops the SYN: nothing goes out of the other side.
        assertEquals(1, w.engine().counters().count(VerdictReason.DROP_POLICY));
        assertTrue(node.sentOn(2).isEmpty());
        assertEquals(null, failure.get());
    }

    @Test
    void withSyncInsertAnOpenerWaitsForThePeersAcknowledgement() {
        TestNode accepting = new TestNode(TestNode.YAML.replace("policy: { default: drop }",
                "policy: { default: drop, rules: [ { name: out, from: clients, to: servers, action: accept } ] }"));
        accepting.outside().neighbours().learn(4, 0,
                RoutingTable.readInt(Frames.address("198.51.100.100"), 0) & 0xFFFF_FFFFL, 0x02_0000_0000_77L, 0);
        CompletableFuture<Boolean> ack = new CompletableFuture<>();
        AtomicReference<CompletableFuture<Boolean>> request = new AtomicReference<>(ack);
        ScriptedSource source = new ScriptedSource(false);
        PortWorker w = worker(accepting, source, () -> { });
        w.holdForPeers(() -> request.getAndSet(null), new HeldFrames(4, source::wakeUp));
        byte[] syn = Frames.ip("192.0.2.10", "198.51.100.100", 6, 64, true, 0, TestNode.INSIDE_MAC);
        w.onFrame(syn, 0, syn.length, 0);
        assertEquals(1, w.counters().count(DataplaneReason.HELD_FOR_PEERS));
        assertTrue(accepting.sentOn(2).isEmpty(), "the opener waits");

        Thread t = new Thread(w);
        t.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> source.polls > 2);
            assertTrue(accepting.sentOn(2).isEmpty(), "still waiting while the peers have not answered");
            ack.complete(true);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> accepting.sentOn(2).size() == 1);
            assertEquals(1, w.counters().count(DataplaneReason.RELEASED_AFTER_PEER_ACK));
        } finally {
            w.stop();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !t.isAlive());
        }
    }

    @Test
    void aReceiveErrorStopsThePortForGood() {
        ScriptedSource source = new ScriptedSource(true, arpRequestFor("192.0.2.2"));
        PortWorker w = worker(source, () -> { });
        w.run();
        assertEquals(PortWorker.State.FAILED, w.state());
        assertTrue(failure.get().getMessage().contains("receive error"), failure.get().toString());
        assertEquals(2, source.polls, "no polling after the error");
    }

    @Test
    void aFaultWhileHandlingAFrameStopsThePortBeforeTheNextFrame() {
        IllegalStateException boom = new IllegalStateException("boom");
        ScriptedSource source = new ScriptedSource(false, arpRequestFor("192.0.2.2"), arpRequestFor("192.0.2.2"));
        PortWorker w = worker(source, () -> {
            throw boom;
        });
        w.run();
        assertEquals(PortWorker.State.FAILED, w.state());
        assertSame(boom, failure.get());
        assertEquals(1, source.polls);
        assertTrue(node.sentOn(1).isEmpty(), "the fault came before the reply; the second frame was not handled");
    }
}
