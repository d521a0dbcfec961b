package io.fw443.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The baseline issue 8 measures fw443 against: the same lab, but fw-a and fw-b are kernel firewalls. Each forwards
 * with a strict stateful nftables policy (forward policy drop, invalid dropped, established accepted, only new TCP
 * from the clients to the server's echo and HTTPS ports opens a flow, {@code nf_conntrack_tcp_loose=0} so no
 * mid-stream pickup: a flow passes the new master only if conntrackd put it into its table). keepalived runs VRRPv3
 * for the same groups, VIPs, priorities and preempt delay as {@link NodeConfigs}, both instances in one sync group,
 * and owns the VIPs (it adds them to the interface, the kernel answers ARP). conntrackd replicates the conntrack
 * table in FTFW mode over the sync link; keepalived's notify script (resource {@code baseline-notify.sh}) commits the
 * peer's flows on becoming master and logs every transition in the format {@link FailoverRun} reads. Everything runs
 * as lab processes and dies with the lab.
 */
public final class BaselinePair implements Firewalls {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int CONNTRACKD_PORT = 3780;

    private final Lab lab;
    private final Path dir;
    private final NodeConfigs.Settings settings;
    private final Map<String, Process> keepalived = new HashMap<>();
    private final Map<String, Process> conntrackd = new HashMap<>();

    private BaselinePair(Lab lab, Path dir, NodeConfigs.Settings settings) {
        this.lab = lab;
        this.dir = dir;
        this.settings = settings;
    }

    /**
     * Builds the lab of {@code topology} (exactly two firewalls) and configures both firewalls' kernels; writes the
     * keepalived, conntrackd and nftables files into {@code dir}. Nothing runs until {@link #start}.
     */
    public static BaselinePair create(Topology topology, NodeConfigs.Settings settings, Path dir) throws Exception {
        List<Topology.Host> firewalls = topology.hostsWithRole("firewall");
        if (firewalls.size() != 2 || settings.activeActive()) {
            throw new IllegalArgumentException("the baseline is an active-passive pair");
        }
        Files.createDirectories(dir);
        Path notify = dir.resolve("notify.sh");
        try (InputStream in = BaselinePair.class.getResourceAsStream("baseline-notify.sh")) {
            Files.copy(in, notify);
        }
        Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxr-xr-x"));
        Lab lab = Lab.create(topology);
        BaselinePair pair = new BaselinePair(lab, dir, settings);
        try {
            for (Topology.Host h : topology.hosts()) {
                if (!h.role().equals("firewall")) {
                    // As in ClusterLab: the hosts are the same in both labs.
                    TxChecksum.disable(lab.ns(h.name()), h.interfaces().get(0).device());
                    continue;
                }
                Topology.Host peer = firewalls.get(0) == h ? firewalls.get(1) : firewalls.get(0);
                Files.createDirectories(pair.states(h.name()));
                Files.writeString(pair.file(h.name(), "nft"), ruleset(topology));
                Files.writeString(pair.file(h.name(), "conntrackd.conf"), pair.conntrackdConf(h, peer));
                Files.writeString(pair.file(h.name(), "keepalived.conf"),
                        pair.keepalivedConf(h, firewalls.indexOf(h), notify));
                lab.exec(h.name(), "nft", "-f", pair.file(h.name(), "nft").toString()).check();
                // The ruleset's ct expressions load conntrack in the namespace; its sysctls exist from then on.
                lab.exec(h.name(), "sysctl", "-qw", "net.ipv4.ip_forward=1",
                        "net.netfilter.nf_conntrack_tcp_loose=0").check();
            }
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** Forward: strict and stateful, with counters on the drops. Input: VRRP, conntrackd's sync link, ping. */
    static String ruleset(Topology topology) {
        String server = topology.hostsWithRole("server").get(0).address();
        return """
                table inet baseline {
                  chain forward {
                    type filter hook forward priority filter; policy drop;
                    ct state invalid counter drop
                    ct state established,related accept
                    iifname "eth1" oifname "eth2" ip daddr %1$s tcp dport { %2$d, %3$d } ct state new counter accept
                    counter
                  }
                  chain input {
                    type filter hook input priority filter; policy drop;
                    iifname "lo" accept
                    ct state invalid drop
                    ct state established,related accept
                    ip protocol 112 accept
                    iifname "eth3" udp dport %4$d accept
                    icmp type echo-request accept
                  }
                }
                """.formatted(server, NodeConfigs.ECHO_PORT, NodeConfigs.HTTPS_PORT, CONNTRACKD_PORT);
    }

    /** FTFW (acknowledged, retransmitting) over unicast UDP on the sync link; TCP flows only, never our own. */
    private String conntrackdConf(Topology.Host me, Topology.Host peer) {
        StringBuilder ignore = new StringBuilder("      IPv4_address 127.0.0.1\n");
        for (String address : List.of(Topology.INSIDE_VIP, Topology.OUTSIDE_VIP, bare(me, "eth1"), bare(me, "eth2"),
                bare(me, "eth3"))) {
            ignore.append("      IPv4_address ").append(address).append('\n');
        }
        return """
                Sync {
                  Mode FTFW {
                  }
                  UDP {
                    IPv4_address %1$s
                    IPv4_Destination_Address %2$s
                    Port %3$d
                    Interface eth3
                    SndSocketBuffer 1249280
                    RcvSocketBuffer 1249280
                    Checksum on
                  }
                }
                General {
                  HashSize 32768
                  HashLimit 131072
                  LogFile off
                  Syslog off
                  LockFile %4$s
                  UNIX {
                    Path %5$s
                  }
                  NetlinkBufferSize 2097152
                  NetlinkBufferSizeMaxGrowth 8388608
                  Filter From Userspace {
                    Protocol Accept {
                      TCP
                    }
                    Address Ignore {
                %6$s    }
                  }
                }
                """.formatted(bare(me, "eth3"), bare(peer, "eth3"), CONNTRACKD_PORT,
                file(me.name(), "conntrackd.lock"), socket(me.name()), ignore);
    }

    /** VRRPv3, both groups in one sync group; the notify script hears every instance and the group. */
    private String keepalivedConf(Topology.Host me, int index, Path notify) {
        String script = "\"" + notify + " " + file(me.name(), "conntrackd.conf") + " " + log(me.name()) + " "
                + states(me.name()) + "\"";
        StringBuilder conf = new StringBuilder("""
                global_defs {
                  router_id %1$s
                  vrrp_version 3
                }
                vrrp_sync_group G {
                  group {
                    VI_%2$d
                    VI_%3$d
                  }
                  notify %4$s
                }
                """.formatted(me.name(), NodeConfigs.INSIDE_GROUP, NodeConfigs.OUTSIDE_GROUP, script));
        for (int group : List.of(NodeConfigs.INSIDE_GROUP, NodeConfigs.OUTSIDE_GROUP)) {
            boolean inside = group == NodeConfigs.INSIDE_GROUP;
            conf.append("""
                    vrrp_instance VI_%1$d {
                      state BACKUP
                      interface %2$s
                      virtual_router_id %1$d
                      priority %3$d
                      advert_int %4$s
                      %5$s
                      virtual_ipaddress {
                        %6$s/24 dev %2$s
                      }
                      notify %7$s
                    }
                    """.formatted(group, inside ? "eth1" : "eth2", NodeConfigs.priority(index, group, settings),
                    seconds(settings.advertIntervalMs()), settings.preempt()
                            ? "preempt_delay " + seconds(settings.preemptDelayMs()) : "nopreempt", inside ? Topology.INSIDE_VIP : Topology.OUTSIDE_VIP,
                    script));
        }
        return conf.toString();
    }

    /** keepalived's time format: seconds with decimals. */
    private static String seconds(int ms) {
        return String.format(Locale.ROOT, "%.2f", ms / 1000.0);
    }

    @Override
    public Lab lab() {
        return lab;
    }

    /** The transition log the notify script writes. */
    @Override
    public Path log(String firewall) {
        return dir.resolve(firewall + ".log");
    }

    /** keepalived's and conntrackd's own output, for diagnostics. */
    public String daemonLogs(String firewall) {
        StringBuilder sb = new StringBuilder();
        sb.append("----- ").append(firewall).append(" forward chain -----\n")
                .append(lab.exec(firewall, "nft", "list", "chain", "inet", "baseline", "forward").output());
        for (String name : List.of("keepalived.log", "conntrackd.out")) {
            Path p = file(firewall, name);
            try {
                sb.append("----- ").append(firewall).append(' ').append(name).append(" -----\n")
                        .append(Files.exists(p) ? Files.readString(p) : "").append('\n');
            } catch (IOException e) {
                sb.append(e).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Starts conntrackd (and waits for its control socket: the notify script needs it from keepalived's first
     * transition on), asks the peer for a resync, then starts keepalived.
     */
    @Override
    public void start(String firewall) {
        if (!running(conntrackd.get(firewall))) {
            deleteQuietly(file(firewall, "conntrackd.lock"));
            deleteQuietly(socket(firewall));
            // nice -10 as ClusterLab gives the fw443 nodes: the HA daemons get ahead of the lab's traffic tools (with
            // 100 ms adverts a keepalived starved for 0.4 s loses its VIPs to the backup, and flows stall on the flap).
            Process p = lab.spawn(firewall, file(firewall, "conntrackd.out"), "nice", "-n", "-10", "conntrackd", "-C",
                    file(firewall, "conntrackd.conf").toString());
            conntrackd.put(firewall, p);
            Awaitility.await(firewall + " conntrackd").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.exists(socket(firewall)) || !p.isAlive());
            if (!p.isAlive()) {
                throw new IllegalStateException(firewall + " conntrackd exited:\n" + daemonLogs(firewall));
            }
        }
        if (!running(keepalived.get(firewall))) {
            // Stale pid files (a killed daemon) make keepalived refuse to start.
            deleteQuietly(file(firewall, "ka.pid"));
            deleteQuietly(file(firewall, "ka-vrrp.pid"));
            Process p = lab.spawn(firewall, file(firewall, "keepalived.log"), "nice", "-n", "-10", "keepalived", "-n",
                    "-l", "-D", "-G", "-P", "-R", "-f", file(firewall, "keepalived.conf").toString(),
                    "-p", file(firewall, "ka.pid").toString(), "-r", file(firewall, "ka-vrrp.pid").toString());
            keepalived.put(firewall, p);
            Awaitility.await(firewall + " keepalived").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> !lastState(firewall, NodeConfigs.INSIDE_GROUP).isEmpty() || !p.isAlive());
            if (!p.isAlive()) {
                throw new IllegalStateException(firewall + " keepalived exited:\n" + daemonLogs(firewall));
            }
        }
    }

    /** Waits until {@code firewall} masters both groups (keepalived starts every instance as a backup). */
    public void awaitMaster(String firewall, Duration atMost) {
        Awaitility.await(firewall + " masters both groups").atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> lastState(firewall, NodeConfigs.INSIDE_GROUP).equals("MASTER")
                        && lastState(firewall, NodeConfigs.OUTSIDE_GROUP).equals("MASTER"));
    }

    /**
     * kill -9 of keepalived (its VRRP child first: with {@code -R} the parent does not respawn it, and a child
     * outliving its parent would step down gracefully) and of conntrackd. The VIPs stay on the interfaces and the
     * kernel keeps forwarding, as after a real crash of the daemons; the peer's adverts win the VIPs' MACs back.
     */
    @Override
    public void kill(String firewall) throws InterruptedException {
        Process ka = keepalived.get(firewall);
        ka.descendants().forEach(ProcessHandle::destroyForcibly);
        ka.destroyForcibly();
        conntrackd.get(firewall).destroyForcibly();
        ka.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        conntrackd.get(firewall).waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** SIGTERM to keepalived: priority-0 adverts, VIPs removed. conntrackd keeps running, as on a real box. */
    @Override
    public void stop(String firewall) throws InterruptedException {
        Process ka = keepalived.get(firewall);
        ka.destroy();
        if (!ka.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            ka.destroyForcibly();
            throw new IllegalStateException(firewall + " keepalived did not stop within " + STOP_TIMEOUT);
        }
    }

    /** keepalived has no handover command short of stopping it or changing its priority. */
    @Override
    public void handOver(String firewall, int group) {
        throw new UnsupportedOperationException("the baseline pair has no operator handover");
    }

    private Path file(String firewall, String name) {
        return dir.resolve(firewall + "-" + name);
    }

    private Path socket(String firewall) {
        return file(firewall, "conntrackd.ctl");
    }

    private Path states(String firewall) {
        return file(firewall, "states");
    }

    private static String bare(Topology.Host host, String device) {
        return host.device(device).address().replaceFirst("/.*", "");
    }

    private static boolean running(Process p) {
        return p != null && p.isAlive();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(keepalived.values());
        all.addAll(conntrackd.values());
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        lab.close();
    }
}
