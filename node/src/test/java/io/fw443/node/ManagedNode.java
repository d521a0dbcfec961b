package io.fw443.node;

import static org.awaitility.Awaitility.await;

import io.fw443.config.ConfigLoader;
import io.fw443.config.ConfigResult;
import io.fw443.config.NodeConfig;
import io.fw443.dataplane.DataInterface;
import io.fw443.dataplane.DataplaneCounters;
import io.fw443.dataplane.Forwarder;
import io.fw443.dataplane.FrameHandler;
import io.fw443.dataplane.FrameSource;
import io.fw443.dataplane.GratuitousAnnouncer;
import io.fw443.dataplane.LocalAddressResponder;
import io.fw443.dataplane.LongClock;
import io.fw443.dataplane.NeighbourCache;
import io.fw443.dataplane.PortWorker;
import io.fw443.dataplane.RoutingTable;
import io.fw443.engine.Engine;
import io.fw443.engine.EngineSettings;
import io.fw443.engine.FlowEvents;
import io.fw443.engine.PolicyCompiler;
import io.fw443.engine.TestFrames;
import io.fw443.engine.TlsSettings;
import io.fw443.metrics.MetricsRegistry;
import io.fw443.metrics.NodeMetrics;
import io.fw443.policy.SourceLimiter;
import io.fw443.sync.FlowReplicator;
import io.fw443.table.HeapFlowTable;
import io.fw443.tls.TestClientHello;
import io.fw443.vrrp.VrrpGroupConfig;
import io.fw443.vrrp.VrrpSpeaker;
import io.fw443.vrrp.VrrpState;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionFactory;

/**
 * A node's management-relevant parts, real but without pcap: the config from a file (so reloads re-read it), a
 * {@link HeapFlowTable}, one engine and {@link PortWorker} thread per data interface fed from a queue, a VRRP speaker
 * for group 51 driven on the test thread with a virtual clock, and the {@link NodeManagementBackend} over them.
 * Interface 1 "inside" (clients, 192.0.2.2/24), 2 "outside" (servers, 198.51.100.2/24).
 */
final class ManagedNode implements AutoCloseable {
    static final String CLIENT = "192.0.2.10";
    static final String SERVER = "198.51.100.100";
    static final int INSIDE = 1;
    static final int OUTSIDE = 2;
    static final long SECOND_NS = 1_000_000_000L;
    static final long MAX_FLOWS = 1000;
    private static final byte[] FAIL = new byte[0];
    private static final byte[] WAKE = new byte[0];

    static String yaml(Path dir, String webAction) {
        return """
                node: { id: fw-t, node-number: 2, data-dir: %1$s }
                interfaces:
                  - { name: inside,  device: eth1, role: data, zone: clients, mac: "02:00:00:00:01:01",
                      addresses: [192.0.2.2/24] }
                  - { name: outside, device: eth2, role: data, zone: servers, mac: "02:00:00:00:02:02",
                      addresses: [198.51.100.2/24] }
                vrrp:
                  groups:
                    - { id: 51, interface: inside, vips: [192.0.2.1/24], priority: 150, advert-interval: 100ms }
                table: { max-flows: %3$d }
                policy:
                  default: drop
                  rules:
                    - { name: https-in, from: clients, to: servers, proto: tcp, port: 443, action: accept,
                        tls: { sni-deny: [blocked.example.test] } }
                    - { name: web-in, from: clients, to: servers, proto: tcp, port: 80, action: %2$s }
                management: { socket: %1$s/fw443.sock }
                """.formatted(dir.toAbsolutePath(), webAction, MAX_FLOWS);
    }

    final Path configFile;
    final NodeConfig config;
    final AtomicLong nowNs = new AtomicLong(1_000 * SECOND_NS);
    final LongClock clock = nowNs::get;
    final HeapFlowTable table = new HeapFlowTable(MAX_FLOWS, 4);
    final PolicyReloader reloader;
    final List<PortWorker> workers = new CopyOnWriteArrayList<>();
    final List<BlockingQueue<byte[]>> inputs = new ArrayList<>();
    final List<Thread> threads = new ArrayList<>();
    final List<byte[]> adverts = new CopyOnWriteArrayList<>();
    final VrrpSpeaker speaker;
    final NodeMetrics metrics = new NodeMetrics(new MetricsRegistry());
    final NodeManagementBackend backend;
    private final AtomicLong sent = new AtomicLong();

    ManagedNode(Path dir, FlowReplicator replicator) throws IOException {
        configFile = dir.resolve("fw443.yaml");
        Files.writeString(configFile, yaml(dir, "accept"));
        ConfigResult loaded = ConfigLoader.load(configFile);
        if (!loaded.ok()) {
            throw new IllegalStateException(loaded.problems().toString());
        }
        config = loaded.config();
        PolicyCompiler.Compiled compiled = PolicyCompiler.compile(config);
        reloader = new PolicyReloader(configFile, config, compiled);
        RoutingTable routes = RoutingTable.fromConfig(config);
        DataInterface[] byIndex = DataInterface.fromConfig(config, device -> {
            throw new IllegalStateException("MACs are configured");
        }, () -> new NeighbourCache(64, 30 * SECOND_NS, SECOND_NS));
        for (int i = 1; i < byIndex.length; i++) {
            byIndex[i].sink((frame, length) -> true);
        }
        for (int i = 1; i < byIndex.length; i++) {
            DataInterface iface = byIndex[i];
            BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
            inputs.add(queue);
            SourceLimiter limiter = new SourceLimiter(SourceLimiter.Settings.of(64, 0, 0, 1));
            Engine engine = new Engine(EngineSettings.defaults(config.node().nodeNumber(), MAX_FLOWS),
                    TlsSettings.small(), null, table, reloader.policy(), compiled.zones(), routes, limiter,
                    FlowEvents.NONE);
            DataplaneCounters counters = new DataplaneCounters();
            Forwarder forwarder = new Forwarder(routes, byIndex, counters, 4, 3 * SECOND_NS, SECOND_NS, 1000, 50);
            workers.add(new PortWorker(iface, new QueueSource(queue), engine, limiter, forwarder,
                    new LocalAddressResponder(iface, byIndex, counters, () -> { }), counters, clock, (w, e) -> { }));
        }
        speaker = VrrpSpeaker.builder()
                .link("eth1", byIndex[INSIDE].mac(), (frame, length) -> adverts.add(frame.clone()),
                        GratuitousAnnouncer.Settings.DEFAULT)
                .group("eth1", VrrpGroupConfig.of(51, 150, InetAddress.getByName("192.0.2.2"),
                        InetAddress.getByName("192.0.2.1")).withAdvertIntervalCs(10), false)
                .build();
        backend = new NodeManagementBackend(config, clock, () -> List.copyOf(workers), table, replicator, speaker,
                metrics, reloader::reload);
    }

    /** Starts every worker's thread and waits until all run. */
    ManagedNode start() {
        for (PortWorker w : workers) {
            Thread t = new Thread(w, "test-port-" + w.iface().device());
            threads.add(t);
            t.start();
        }
        soon()
                .until(() -> workers.stream().allMatch(w -> w.state() == PortWorker.State.RUNNING));
        return this;
    }

    /** Runs the speaker's election on the virtual clock until group 51 is master (alone on its link). */
    void electMaster() {
        speaker.startup();
        for (int i = 0; i < 100 && speaker.state(51) != VrrpState.MASTER; i++) {
            nowNs.addAndGet(50_000_000L);
            speaker.doWork(nowNs.get());
        }
        if (speaker.state(51) != VrrpState.MASTER) {
            throw new AssertionError("group 51 never became master: " + speaker.state(51));
        }
    }

    /** Queues frames on a port and waits until its engine has decided them all. */
    void send(int port, byte[]... frames) {
        for (byte[] f : frames) {
            inputs.get(port - 1).add(f);
        }
        long expected = sent.addAndGet(frames.length);
        soon().until(() -> workers.stream()
                .mapToLong(w -> w.engine().counters().packets()).sum() == expected);
    }

    /** A TCP three-way handshake from CLIENT:clientPort to SERVER:port, then, when sni is given, a ClientHello. */
    void connect(int clientPort, int port, String sni) {
        long clientIsn = 1000;
        long serverIsn = 5000;
        send(INSIDE, TestFrames.tcp(CLIENT, clientPort, SERVER, port).flags(TestFrames.SYN).seq(clientIsn)
                .wscale(7).build());
        send(OUTSIDE, TestFrames.tcp(SERVER, port, CLIENT, clientPort).flags(TestFrames.SYN | TestFrames.ACK)
                .seq(serverIsn).ack(clientIsn + 1).wscale(7).build());
        send(INSIDE, TestFrames.tcp(CLIENT, clientPort, SERVER, port).flags(TestFrames.ACK).seq(clientIsn + 1)
                .ack(serverIsn + 1).build());
        if (sni != null) {
            send(INSIDE, TestFrames.tcp(CLIENT, clientPort, SERVER, port).flags(TestFrames.ACK | TestFrames.PSH)
                    .seq(clientIsn + 1).ack(serverIsn + 1).payload(new TestClientHello().sni(sni).alpn("h2")
                            .record()).build());
        }
    }

    /** Makes the port's receive loop report an error: the worker fails closed. */
    void failPort(int port) {
        inputs.get(port - 1).add(FAIL);
        soon()
                .until(() -> workers.get(port - 1).state() == PortWorker.State.FAILED);
    }

    /** Awaitility polling every millisecond: the workers answer within microseconds. */
    static ConditionFactory soon() {
        return await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    @Override
    public void close() throws InterruptedException {
        workers.forEach(PortWorker::stop);
        for (Thread t : threads) {
            t.join(10_000);
        }
        table.close();
    }

    /** Frames from a queue; blocks while it is empty; {@link #FAIL} is a receive error. */
    private static final class QueueSource implements FrameSource {
        private final BlockingQueue<byte[]> queue;

        QueueSource(BlockingQueue<byte[]> queue) {
            this.queue = queue;
        }

        @Override
        public int poll(FrameHandler handler, int maxFrames, LongClock clock) {
            int n = 0;
            try {
                byte[] f = queue.take();
                while (true) {
                    if (f == FAIL) {
                        return -1;
                    }
                    if (f != WAKE) {
                        handler.onFrame(f, 0, f.length, clock.nowNs());
                        n++;
                    }
                    if (n >= maxFrames || (f = queue.poll()) == null) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            return n;
        }

        @Override
        public void wakeUp() {
            queue.add(WAKE);
        }
    }
}
