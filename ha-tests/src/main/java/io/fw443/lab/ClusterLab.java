package io.fw443.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A lab with fw443 nodes running in it: the topology's namespaces, the cluster's key material, one generated
 * config per firewall ({@link NodeConfigs}) and each node as a separate process of the built distribution. Nodes
 * can be started, killed (SIGKILL), stopped (SIGTERM) and asked things through the {@code fw443} CLI in their
 * namespace. {@link #close()} kills every node it started and removes the lab.
 */
public final class ClusterLab implements Firewalls {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Lab lab;
    private final Path root;
    private final Path dir;
    private final NodeConfigs.Settings settings;
    private final Map<String, Process> nodes = new LinkedHashMap<>();

    private ClusterLab(Lab lab, Path root, Path dir, NodeConfigs.Settings settings) {
        this.lab = lab;
        this.root = root;
        this.dir = dir;
        this.settings = settings;
    }

    /**
     * Builds the lab, makes the keys and writes the configs into {@code dir}. {@code root} is the repository
     * (config/ and node/target/fw443 are found there). Clients and the server route via the VIPs; TX checksum
     * offload is off on their links (a user-space forwarder passes frames with partial checksums on as they are).
     */
    public static ClusterLab create(Topology topology, NodeConfigs.Settings settings, Path root, Path dir)
            throws Exception {
        Path launcher = root.resolve("node/target/fw443/bin/fw443");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("build the node distribution first (mvn package): " + launcher);
        }
        Files.createDirectories(dir);
        List<String> keyCommand = new ArrayList<>(List.of("sh", root.resolve("config/gen-cluster-key.sh").toString(),
                dir.resolve("keys").toString()));
        keyCommand.addAll(NodeConfigs.firewallNames(topology));
        Shell.run(Duration.ofSeconds(120), keyCommand).check();
        Lab lab = Lab.create(topology);
        ClusterLab cluster = new ClusterLab(lab, root, dir, settings);
        try {
            for (Topology.Host h : topology.hosts()) {
                if (!h.role().equals("firewall")) {
                    TxChecksum.disable(lab.ns(h.name()), h.interfaces().get(0).device());
                } else {
                    lab.exec(h.name(), "sysctl", "-qw", "net.ipv4.ip_forward=0").check();
                    Files.writeString(cluster.config(h.name()), NodeConfigs.yaml(topology, h.name(), settings,
                            root.resolve("config/jgroups-tcp.xml").toAbsolutePath(),
                            dir.resolve("keys").toAbsolutePath(), dir.toAbsolutePath()));
                }
            }
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    @Override
    public Lab lab() {
        return lab;
    }

    public NodeConfigs.Settings settings() {
        return settings;
    }

    public Path config(String firewall) {
        return dir.resolve(firewall + ".yaml");
    }

    @Override
    public Path log(String firewall) {
        return dir.resolve(firewall + ".log");
    }

    public Path socket(String firewall) {
        return dir.resolve(firewall + ".sock");
    }

    /** Starts {@code firewall}'s node and waits for its start-up summary line. */
    @Override
    public void start(String firewall) {
        Process running = nodes.get(firewall);
        if (running != null && running.isAlive()) {
            throw new IllegalStateException(firewall + " is already running");
        }
        int before = count(logText(firewall), "forwarding:");
        // An appliance's CPU is the node's own; in the lab it shares two cores with the traffic tools and whatever
        // else runs, so the node runs ahead of them (as the systemd unit's Nice= would on a box).
        // A small heap also makes a killed node's exit (and so the peer's crash signal) quick.
        Process p = lab.spawn(firewall, log(firewall), "nice", "-n", "-10", "env", "FW443_JAVA_OPTS=-Xmx384m",
                launcher().toString(), "run", "--config", config(firewall).toString());
        nodes.put(firewall, p);
        Awaitility.await(firewall + " start-up").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> count(logText(firewall), "forwarding:") > before || !p.isAlive());
        if (!p.isAlive()) {
            throw new IllegalStateException(firewall + " exited at start-up:\n" + logText(firewall));
        }
    }

    /** SIGKILL: the process dies on the spot (its drop chains stay, its sockets reset). */
    @Override
    public void kill(String firewall) throws InterruptedException {
        Process p = nodes.get(firewall);
        p.destroyForcibly();
        p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** SIGTERM: graceful stop (priority-0 adverts, drain, leave the cluster). */
    @Override
    public void stop(String firewall) throws InterruptedException {
        Process p = nodes.get(firewall);
        p.destroy();
        if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(firewall + " did not stop within " + STOP_TIMEOUT);
        }
    }

    public boolean running(String firewall) {
        Process p = nodes.get(firewall);
        return p != null && p.isAlive();
    }

    /** {@code fw443 failover --group N}. */
    @Override
    public void handOver(String firewall, int group) {
        cli(firewall, "failover", "--group", Integer.toString(group)).check();
    }

    /** Runs {@code fw443 ARGS --socket SOCK} in {@code firewall}'s namespace. */
    public Shell.Result cli(String firewall, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher().toString()));
        command.addAll(List.of(args));
        command.add("--socket");
        command.add(socket(firewall).toString());
        return lab.exec(firewall, Duration.ofSeconds(30), command.toArray(String[]::new));
    }

    private Path launcher() {
        return root.resolve("node/target/fw443/bin/fw443").toAbsolutePath();
    }

    /** Removes a work directory a run made (configs, keys, logs, flow files). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    @Override
    public void close() {
        for (Process p : nodes.values()) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        lab.close();
    }
}
