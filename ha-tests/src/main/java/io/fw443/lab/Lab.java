package io.fw443.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Topology} made real in network namespaces. Each host is a namespace {@code <id>-<host>}; the segments are
 * bridges in a switch namespace {@code <id>-sw}, so the root namespace is never touched. {@link #close()} kills every
 * process started through the lab and every process left inside its namespaces (by PID), then deletes the namespaces
 * by name; a shutdown hook does the same if the JVM exits first.
 */
public final class Lab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lab.class);
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(20);

    private final String id;
    private final Topology topology;
    private final String switchNs;
    private final Map<String, String> hostNamespaces = new LinkedHashMap<>();
    private final List<String> created = new ArrayList<>();
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final Thread shutdownHook;
    private volatile boolean closed;

    private Lab(Topology topology) {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        this.id = "fw443-" + HexFormat.of().formatHex(random);
        this.topology = topology;
        this.switchNs = id + "-sw";
        this.shutdownHook = new Thread(this::teardown, id + "-cleanup");
    }

    /** Builds the topology; on any failure what was built is removed again and the error rethrown. */
    public static Lab create(Topology topology) {
        Lab lab = new Lab(topology);
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try {
            lab.build();
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    public String id() {
        return id;
    }

    public Topology topology() {
        return topology;
    }

    /** The namespace name of a host. */
    public String ns(String host) {
        String ns = hostNamespaces.get(host);
        if (ns == null) {
            throw new IllegalArgumentException("no host " + host + " in lab " + id);
        }
        return ns;
    }

    /** The switch namespace that holds the segment bridges ({@code br-<segment>}) and the hosts' peer ports. */
    public String switchNs() {
        return switchNs;
    }

    /** The switch-side port of a host's device: taking it down cuts the host off that segment like a pulled cable. */
    public String switchPort(String host, String device) {
        return host + "-" + device;
    }

    /** Runs a command inside a host's namespace and waits for it. */
    public Shell.Result exec(String host, String... command) {
        return exec(host, IP_TIMEOUT, command);
    }

    public Shell.Result exec(String host, Duration timeout, String... command) {
        return Shell.run(timeout, inNs(ns(host), command));
    }

    /** Starts a long-running command in a host's namespace; the lab kills it on close. Output goes to {@code log}. */
    public Process spawn(String host, Path log, String... command) {
        ProcessBuilder pb = new ProcessBuilder(inNs(ns(host), command)).redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process p = pb.start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command) + " in " + host, e);
        }
    }

    /** Takes a host's link on a segment down (or up) at the switch: the host sees carrier loss. */
    public void link(String host, String device, boolean up) {
        ip(switchNs, "link", "set", switchPort(host, device), up ? "up" : "down");
    }

    private void build() {
        addNamespace(switchNs);
        for (Topology.Segment s : topology.segments()) {
            String br = "br-" + s.name();
            ip(switchNs, "link", "add", br, "type", "bridge", "mcast_snooping", "0", "stp_state", "0",
                    "forward_delay", "0");
            ip(switchNs, "link", "set", br, "up");
        }
        for (Topology.Host h : topology.hosts()) {
            String ns = id + "-" + h.name();
            hostNamespaces.put(h.name(), ns);
            addNamespace(ns);
            // No IPv6 on lab links unless a test asks: router solicitations and MLD reports would be stray frames.
            Shell.run(IP_TIMEOUT, inNs(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                    "net.ipv6.conf.default.disable_ipv6=1")).check();
            for (Topology.Interface i : h.interfaces()) {
                String port = switchPort(h.name(), i.device());
                ip(ns, "link", "add", i.device(), "type", "veth", "peer", "name", port, "netns", switchNs);
                ip(switchNs, "link", "set", port, "master", "br-" + i.segment(), "up");
                ip(ns, "addr", "add", i.address(), "dev", i.device());
                ip(ns, "link", "set", i.device(), "up");
            }
            if (h.gateway() != null) {
                ip(ns, "route", "add", "default", "via", h.gateway());
            }
        }
        LOG.info("lab {} up: {} hosts", id, hostNamespaces.size());
    }

    private void addNamespace(String ns) {
        Shell.run(IP_TIMEOUT, List.of("ip", "netns", "add", ns)).check();
        created.add(ns);
        ip(ns, "link", "set", "lo", "up");
    }

    private static void ip(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        Shell.run(IP_TIMEOUT, cmd).check();
    }

    private static List<String> inNs(String ns, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        return cmd;
    }

    @Override
    public void close() {
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or has run.
        }
    }

    private synchronized void teardown() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (processes) {
            for (Process p : processes) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            for (Process p : processes) {
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        List<String> all = new ArrayList<>(created);
        Collections.reverse(all);
        for (String ns : all) {
            // Anything still running inside one of our namespaces was started by us (or by what we started).
            Shell.Result pids = Shell.run(IP_TIMEOUT, List.of("ip", "netns", "pids", ns));
            for (String pid : pids.output().split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            Shell.run(IP_TIMEOUT, List.of("ip", "netns", "del", ns));
        }
        LOG.info("lab {} removed", id);
    }
}
