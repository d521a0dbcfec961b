package io.fw443.node;

import io.fw443.config.ConntrackConfig;
import io.fw443.config.InterfaceConfig;
import io.fw443.config.LimitsConfig;
import io.fw443.config.NodeConfig;
import io.fw443.conntrack.ConntrackTimeouts;
import io.fw443.conntrack.FragmentPolicy;
import io.fw443.conntrack.TcpState;
import io.fw443.dataplane.DataInterface;
import io.fw443.dataplane.DataplaneCounters;
import io.fw443.dataplane.Forwarder;
import io.fw443.dataplane.FrameSource;
import io.fw443.dataplane.HeldFrames;
import io.fw443.dataplane.IngressGuard;
import io.fw443.dataplane.InterfaceLinks;
import io.fw443.dataplane.LocalAddressResponder;
import io.fw443.dataplane.LongClock;
import io.fw443.dataplane.NeighbourCache;
import io.fw443.dataplane.PcapPort;
import io.fw443.dataplane.PortWorker;
import io.fw443.dataplane.RoutingTable;
import io.fw443.engine.Engine;
import io.fw443.engine.EngineSettings;
import io.fw443.engine.FlowEvents;
import io.fw443.engine.PolicyCompiler;
import io.fw443.engine.TlsSettings;
import io.fw443.engine.VerdictReason;
import io.fw443.metrics.MetricsRegistry;
import io.fw443.mgmt.ManagementConfig;
import io.fw443.mgmt.ManagementServer;
import io.fw443.metrics.NodeMetrics;
import io.fw443.policy.SourceLimiter;
import io.fw443.table.ChronicleFlowTable;
import io.fw443.table.ExpirySweeper;
import io.fw443.tls.LabelDictionary;
import io.fw443.vrrp.TrackingInputs;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's process wiring. {@link #start()}: compile the policy and routes, install the ingress drop chains (the
 * kernel leaves the data links before the node answers on them), open the flow table (its file under the data
 * directory, or in memory), join the cluster (the replicator resyncs the table from a peer and carries every flow
 * change the engines make), open one pcap port per data interface, start the VRRP speaker on those ports (tracking
 * port health, sync link and resync; a peer's crash seen by JGroups ends a two-node backup's wait), start a worker
 * thread per port, the housekeeping timer (table expiry, waking workers whose frames wait for a neighbour), and log
 * one summary line. {@link #stop()}: priority-0 adverts and a short drain while the peer takes over, then stop the
 * workers, close ports, leave the cluster, close the timer and the table; the drop chains stay.
 */
public final class NodeRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
    /** BPF: what the node needs from a data link; STP, LLDP and other link chatter stay in the kernel ring. */
    static final String BPF = "arp or ip or ip6 or vlan";
    private static final int NEIGHBOURS_PER_INTERFACE = 4096;
    private static final long NEIGHBOUR_REACHABLE_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long NEIGHBOUR_RETRY_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long NEIGHBOUR_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(3);
    /** Enough for every session's retransmission at once after a takeover, while a next hop resolves. */
    private static final int PENDING_FRAMES_PER_WORKER = 512;
    /** Openers and handshake steps waiting for the peers' acknowledgement (sync insert), per worker. */
    private static final int HELD_FRAMES_PER_WORKER = 256;
    /** Linux's defaults (icmp_msgs_per_sec, icmp_msgs_burst), per worker here. */
    private static final int ICMP_ERRORS_PER_SECOND = 1000;
    private static final int ICMP_ERROR_BURST = 50;
    private static final int LIMITER_SOURCES = 1 << 16;
    private static final int ENGINE_REFRESH_EVERY_PACKETS = 64;
    private static final long HOUSEKEEPING_PERIOD_MS = 100;
    private static final long JOIN_TIMEOUT_MS = 2000;

    private final NodeConfig config;
    private final Path configFile;
    private final LongClock clock;
    /** Read by the election thread's tracking probe while start-up still adds to it. */
    private final List<PortWorker> workers = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<PcapPort> ports = new ArrayList<>();
    /** After the priority-0 adverts, how long the ports keep forwarding while the peer takes the VIPs over. */
    private static final long HANDOVER_DRAIN_MS = 300;

    private final NodeMetrics metrics = new NodeMetrics(new MetricsRegistry());
    private ChronicleFlowTable table;
    private volatile ClusterLink cluster;
    private volatile NodeElection election;
    private ManagementServer management;
    private ScheduledExecutorService housekeeping;
    private boolean started;
    private boolean stopped;

    /** {@code configFile} is where {@code config} came from: POST /reload reads it again. */
    public NodeRuntime(NodeConfig config, Path configFile, LongClock clock) {
        this.config = config;
        this.configFile = configFile;
        this.clock = clock;
    }

    /** Brings the node up; on failure, whatever was started is stopped again and the error rethrown. */
    public synchronized void start() throws Exception {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        try {
            startAll();
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    private void startAll() throws Exception {
        PolicyCompiler.Compiled compiled = PolicyCompiler.compile(config);
        PolicyReloader reloader = new PolicyReloader(configFile, config, compiled);
        RoutingTable routes = RoutingTable.fromConfig(config);
        List<InterfaceConfig> data = config.interfaces().stream()
                .filter(i -> i.role() == InterfaceConfig.Role.DATA).toList();
        DataInterface[] byIndex = DataInterface.fromConfig(config, NodeRuntime::deviceMac,
                () -> new NeighbourCache(NEIGHBOURS_PER_INTERFACE, NEIGHBOUR_REACHABLE_NS, NEIGHBOUR_RETRY_NS));

        List<String> devices = data.stream().map(InterfaceConfig::device).toList();
        new IngressGuard(List.of()).install(devices);

        long maxFlows = config.table().maxFlows();
        ChronicleFlowTable.Options tableOptions;
        if (config.table().file().isPresent()) {
            Path file = config.table().file().get();
            Files.createDirectories(file.toAbsolutePath().getParent());
            tableOptions = ChronicleFlowTable.Options.persisted(maxFlows, file);
        } else {
            tableOptions = ChronicleFlowTable.Options.inMemory(maxFlows);
        }
        table = ChronicleFlowTable.open(tableOptions);
        // One dictionary for every engine and the peers' labels: flow listings find each name in one place.
        TlsSettings tls = TlsSettings.defaults();
        LabelDictionary labels = new LabelDictionary(tls.labelSlots());
        if (config.cluster().isPresent()) {
            boolean pair = config.cluster().get().peers().size() == 1;
            cluster = ClusterLink.start(config.node(), config.cluster().get(), table, labels, node -> {
                NodeElection e = election;
                if (pair && e != null) {
                    e.speaker().onlyPeerDied();
                }
            });
        }
        Duration syncInsertTimeout = config.cluster().filter(c -> c.syncInsert().enabled())
                .map(c -> c.syncInsert().timeout()).orElse(null);

        EngineSettings settings = new EngineSettings(config.node().nodeNumber(), 0, maxFlows,
                timeouts(config.conntrack()), FragmentPolicy.DROP_ALL, ENGINE_REFRESH_EVERY_PACKETS);
        SourceLimiter.Settings limits = limits(config.limits());
        Runnable wakeAll = this::wakeWorkers;
        Map<String, DataInterface> byName = new LinkedHashMap<>();
        Map<String, PcapPort> portByDevice = new LinkedHashMap<>();
        for (InterfaceConfig ic : data) {
            DataInterface iface = byIndex[PolicyCompiler.interfaceIndex(config, ic.name())];
            PcapPort port = PcapPort.open(new PcapPort.Options(ic.device(), PcapPort.MAX_FRAME, 32 << 20, BPF));
            ports.add(port);
            iface.sink(port::send);
            byName.put(ic.name(), iface);
            portByDevice.put(ic.device(), port);
        }
        if (!config.vrrp().groups().isEmpty()) {
            election = NodeElection.create(config, byName, device -> portByDevice.get(device)::send, this::tracking);
        }
        for (InterfaceConfig ic : data) {
            DataInterface iface = byName.get(ic.name());
            PcapPort port = portByDevice.get(ic.device());
            SourceLimiter limiter = new SourceLimiter(limits);
            // Per worker: with sync insert the events keep the worker's pending request.
            ReplicationEvents events = cluster == null ? null
                    : new ReplicationEvents(cluster.replicator(), clock, syncInsertTimeout);
            Engine engine = new Engine(settings, tls, labels, table, reloader.policy(), compiled.zones(), routes,
                    limiter, events == null ? FlowEvents.NONE : events);
            DataplaneCounters counters = new DataplaneCounters();
            Forwarder forwarder = new Forwarder(routes, byIndex, counters, PENDING_FRAMES_PER_WORKER,
                    NEIGHBOUR_TIMEOUT_NS, NEIGHBOUR_RETRY_NS, ICMP_ERRORS_PER_SECOND, ICMP_ERROR_BURST);
            LocalAddressResponder responder = new LocalAddressResponder(iface, byIndex, counters, wakeAll);
            PortWorker worker = new PortWorker(iface, FrameSource.of(port), engine, limiter, forwarder, responder,
                    counters, clock, this::portFailed, election == null ? null : election.hostPath(ic.device()),
                    metrics.packetLatency());
            if (events != null && syncInsertTimeout != null) {
                worker.holdForPeers(events, new HeldFrames(HELD_FRAMES_PER_WORKER, port::wakeUp));
            }
            workers.add(worker);
        }
        for (PortWorker w : workers) {
            Thread t = new Thread(w, "fw443-port-" + w.iface().device());
            threads.add(t);
            t.start();
        }
        if (election != null) {
            election.start(clock);
        }
        management = ManagementServer.start(managementConfig(config.management()), new NodeManagementBackend(config,
                clock, this::workers, table, cluster == null ? null : cluster.replicator(),
                election == null ? null : election.speaker(), metrics, reloader::reload));

        ExpirySweeper<Void> sweeper = new ExpirySweeper<>(table, clock::nowNs, 64, (k, r, c) -> { }, null);
        long budgetNs = config.table().expiryBudget().toNanos();
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fw443-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                sweeper.sweep(clock.nowNs(), budgetNs);
                for (PortWorker w : workers) {
                    if (w.forwarder().hasPending()) {
                        w.wakeUp();
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("housekeeping failed", e);
            }
        }, HOUSEKEEPING_PERIOD_MS, HOUSEKEEPING_PERIOD_MS, TimeUnit.MILLISECONDS);

        LOG.info("fw443 node {} (node-number {}) forwarding: data ports [{}]; routes [{}]; policy {} rules, default {};"
                        + " flow table {} max {} flows{}; limits {} flows/source, {}; ingress drop chains in"
                        + " table netdev {} on {}; cluster {}; VRRP groups {}; management API on {}",
                config.node().id(), config.node().nodeNumber(),
                workers.stream().map(w -> describe(w.iface())).collect(Collectors.joining(", ")),
                routes.entries().stream().filter(e -> e.kind() != RoutingTable.Kind.LOCAL)
                        .map(e -> e.prefix() + (e.via() != null ? " via " + e.via() : "") + " dev "
                                + byIndex[e.interfaceIndex()].device())
                        .collect(Collectors.joining(", ")),
                config.policy().rules().size(), config.policy().defaultAction(),
                config.table().file().map(Path::toString).orElse("in memory"), maxFlows,
                table.recovered() ? " (recovered " + table.size() + " flows)" : "",
                config.limits().maxFlowsPerSource(), config.limits().newFlowsPerSource(),
                IngressGuard.TABLE, devices,
                cluster == null ? "none (standalone)" : config.cluster().get().name() + " as node "
                        + config.node().nodeNumber() + " on " + config.cluster().get().bind() + ", peers "
                        + config.cluster().get().peers() + (syncInsertTimeout == null ? ""
                        : ", sync insert (openers and handshake steps wait up to " + syncInsertTimeout.toMillis()
                        + " ms for the peers)"),
                config.vrrp().groups().stream().map(g -> g.id() + "@" + g.interfaceName() + " prio " + g.priority())
                        .toList(), config.management().socket()
                        + config.management().tcp().map(t -> " and http://" + t + " (bearer token)").orElse(""));
    }

    private static String describe(DataInterface i) {
        InterfaceConfig c = i.config();
        return c.name() + "=" + c.device() + " zone " + c.zone().orElse("-") + " "
                + c.addresses().stream().map(Object::toString).collect(Collectors.joining(" "))
                + " mtu " + c.mtu() + " mac " + new io.fw443.config.MacAddress(i.macValue())
                + (c.icmpEcho() ? " echo" : "");
    }

    private static String verdicts(Engine engine) {
        StringBuilder sb = new StringBuilder();
        for (VerdictReason r : VerdictReason.values()) {
            long n = engine.counters().count(r);
            if (n != 0) {
                sb.append(sb.length() == 0 ? "" : " ").append(r.name()).append('=').append(n);
            }
        }
        return sb.toString();
    }

    private void portFailed(PortWorker worker, Throwable cause) {
        LOG.error("port {} stopped forwarding (fail closed: its frames are dropped from now on; the node demotes"
                + " itself)", worker.iface().device(), cause);
    }

    /** What VRRP tracking weighs, observed now (the election thread asks every 50 ms). */
    private TrackingInputs tracking() {
        Set<String> down = new HashSet<>();
        for (InterfaceConfig ic : config.interfaces()) {
            if (ic.role() == InterfaceConfig.Role.DATA && !InterfaceLinks.isLinkUp(ic.device())) {
                down.add(ic.name());
            }
        }
        boolean engineHealthy = workers.stream().noneMatch(w -> w.state() == PortWorker.State.FAILED);
        boolean syncUp = config.interfaces().stream().filter(i -> i.role() == InterfaceConfig.Role.SYNC)
                .allMatch(i -> InterfaceLinks.isLinkUp(i.device()));
        ClusterLink c = cluster;
        boolean resynced = c == null || c.replicator().status().ready();
        return new TrackingInputs(down, engineHealthy, syncUp, resynced);
    }

    private void wakeWorkers() {
        for (PortWorker w : workers) {
            w.wakeUp();
        }
    }

    /** Stops forwarding and releases everything but the ingress drop chains. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (management != null) {
            management.close();
        }
        if (election != null) {
            election.close();
            // The peer takes over Skew_Time after our priority 0 and announces itself; until then hosts still
            // send to us, so keep forwarding a moment (graceful means no gap).
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(HANDOVER_DRAIN_MS));
        }
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        workers.forEach(PortWorker::stop);
        for (Thread t : threads) {
            try {
                t.join(JOIN_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("{} did not stop within {} ms", t.getName(), JOIN_TIMEOUT_MS);
            }
        }
        for (PortWorker w : workers) {
            LOG.info("port {}: verdicts [{}], data plane [{}]", w.iface().device(),
                    verdicts(w.engine()), w.counters().summary());
        }
        ports.forEach(PcapPort::close);
        if (cluster != null) {
            cluster.close();
        }
        if (table != null) {
            table.close();
        }
        LOG.info("fw443 node {} stopped; ingress drop chains left in place", config.node().id());
    }

    @Override
    public void close() {
        stop();
    }

    public List<PortWorker> workers() {
        return List.copyOf(workers);
    }

    public NodeMetrics metrics() {
        return metrics;
    }

    private static ManagementConfig managementConfig(io.fw443.config.ManagementConfig m) throws IOException {
        Files.createDirectories(m.socket().toAbsolutePath().getParent());
        ManagementConfig.TcpListener tcp = null;
        if (m.tcp().isPresent()) {
            String token = Files.readAllLines(m.tokenFile().orElseThrow()).stream().findFirst().orElse("").strip();
            tcp = new ManagementConfig.TcpListener(InetAddress.getByName(m.tcp().get().address().toString()),
                    m.tcp().get().port(), token);
        }
        return new ManagementConfig(m.socket(), tcp);
    }

    static ConntrackTimeouts timeouts(ConntrackConfig c) {
        io.fw443.config.ConntrackTimeouts t = c.timeouts();
        return ConntrackTimeouts.builder()
                .tcpSeconds(TcpState.SYN_SENT, t.synSent().toSeconds())
                .tcpSeconds(TcpState.SYN_RECV, t.synRecv().toSeconds())
                .tcpSeconds(TcpState.ESTABLISHED, t.established().toSeconds())
                .tcpSeconds(TcpState.FIN_WAIT, t.finWait().toSeconds())
                .tcpSeconds(TcpState.CLOSE_WAIT, t.closeWait().toSeconds())
                .tcpSeconds(TcpState.LAST_ACK, t.lastAck().toSeconds())
                .tcpSeconds(TcpState.TIME_WAIT, t.timeWait().toSeconds())
                .tcpSeconds(TcpState.CLOSE, t.close().toSeconds())
                .udpSeconds(t.udp().toSeconds())
                .udpStreamSeconds(t.udpStream().toSeconds())
                .icmpSeconds(t.icmp().toSeconds())
                .build();
    }

    static SourceLimiter.Settings limits(LimitsConfig l) {
        long perSecond = l.newFlowsPerSource() == null ? 0 : (long) Math.ceil(l.newFlowsPerSource().perSecond());
        long burst = perSecond == 0 ? 0 : Math.max(1, l.burst() > 0 ? l.burst() : perSecond);
        int maxFlows = (int) Math.min(Integer.MAX_VALUE, l.maxFlowsPerSource());
        return new SourceLimiter.Settings(LIMITER_SOURCES, perSecond, burst, maxFlows, 32, 64,
                new SecureRandom().nextLong());
    }

    private static long deviceMac(String device) {
        Path file = Path.of("/sys/class/net", device, "address");
        try {
            String text = Files.readString(file).trim();
            return Long.parseLong(text.replace(":", ""), 16);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the MAC of " + device + " from " + file
                    + "; set 'mac' on the interface", e);
        }
    }
}
