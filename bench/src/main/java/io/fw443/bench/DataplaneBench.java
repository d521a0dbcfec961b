package io.fw443.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fw443.dataplane.Netns;
import io.fw443.dataplane.PcapPort;
import io.fw443.lab.Lab;
import io.fw443.lab.Shell;
import io.fw443.lab.Topology;
import io.fw443.lab.TxChecksum;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/bench dataplane}: one fw443 node against the kernel forwarding the same traffic, in the lab (one client,
 * fw-a, the server), both measured in the same run with the same offload settings (TX checksum offload off on the
 * client's and server's links, which the user-space path needs).
 *
 * <ul>
 *   <li>kernel: fw-a with {@code ip_forward=1} and an nftables {@code inet} forward chain, policy drop,
 *       {@code ct state established,related accept} then TCP/UDP 443 accept: stateful, conntrack on every packet;</li>
 *   <li>fw443: {@code fw443 run} from the built distribution in fw-a ({@code ip_forward=0}, its ingress drop chains),
 *       a policy accepting TCP and UDP 443 from clients to servers.</li>
 * </ul>
 * Per path: UDP round trips (latency), {@code iperf3 -p 443} (TCP throughput), a max-rate flood of 64-byte UDP 443
 * frames from {@link UdpBlaster} over 256 flows counted by an nftables counter at the server's ingress (small-packet
 * rate), the same frames paced at 200,000/s (loss), and {@code openssl s_time -new} clients against
 * {@code openssl s_server} (new TLS connections per second). Servers use three addresses so each test has its own:
 * .100 iperf3 and the UDP echo, .101 TLS, .102 the frame sink (dropped at ingress, so it costs the server nothing).
 */
final class DataplaneBench implements BenchSuite {
    private static final String FW_INSIDE = "192.0.2.2";
    private static final String FW_OUTSIDE = "198.51.100.2";
    private static final String CLIENT = "192.0.2.10";
    private static final String ECHO = "198.51.100.100";
    private static final String TLS = "198.51.100.101";
    private static final String SINK = "198.51.100.102";
    private static final int FLOWS = 256;
    private static final long LOSS_RATE = 200_000;
    private static final int TLS_CLIENTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Seconds and counts for one run. */
    private record Plan(int iperfSeconds, double floodSeconds, int lossSeconds, int tlsSeconds, int pings) {
        static Plan of(BenchOptions o) {
            return o.quick() ? new Plan(2, 1, 1, 2, 500) : new Plan(5, 3, 3, 5, 3_000);
        }
    }

    /**
     * A flood's rates and CPU nanoseconds per packet: the generator thread's per frame sent, the node's receive
     * thread's per frame forwarded (0 for the kernel), and the share of a core that thread got.
     */
    private record Flood(double pps, double offeredPps, double generatorNs, double rxNs, double rxCpuShare) {}

    /** What one path achieved. */
    private record Result(Flood flood, double lossFraction, double offeredLossRate, double gbps, double tlsCps,
            double rttP50Us, double rttP99Us) {
        double pps() {
            return flood.pps();
        }
    }

    private final Path launcher;

    /** As {@code bin/bench} runs it, from the repository root. */
    DataplaneBench() {
        this(Path.of("node/target/fw443/bin/fw443"));
    }

    DataplaneBench(Path launcher) {
        this.launcher = launcher.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return "dataplane";
    }

    @Override
    public String description() {
        return "one fw443 node vs kernel forwarding + nftables conntrack in the lab: pps, loss at 200k pps, "
                + "iperf3 Gbit/s, TLS conn/s, latency added (runs as root)";
    }

    @Override
    public LinkedHashMap<String, String> run(BenchOptions options) throws Exception {
        if (!Shell.run("id", "-u").output().trim().equals("0")) {
            throw new IllegalStateException("the dataplane benchmark builds network namespaces: run it as root");
        }
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("build the node distribution first (mvn -pl node -am package): "
                    + launcher);
        }
        Plan plan = Plan.of(options);
        Path dir = Files.createTempDirectory("fw443-dataplane-bench");
        System.err.println("dataplane bench: logs and configs in " + dir);
        Result kernel;
        Result node;
        try (Lab lab = Lab.create(Topology.standard(1, 1)); Rig rig = new Rig(lab, dir)) {
            lab.exec("fw-a", "sysctl", "-qw", "net.ipv4.ip_forward=1").check();
            nft(lab, "fw-a", """
                    table inet bench {
                      chain forward {
                        type filter hook forward priority 0; policy drop;
                        ct state established,related accept
                        tcp dport 443 accept
                        udp dport 443 accept
                        icmp type echo-request accept
                      }
                    }
                    """);
            kernel = rig.measure("kernel", plan, 0);
            lab.exec("fw-a", "nft", "delete", "table", "inet", "bench").check();
            lab.exec("fw-a", "sysctl", "-qw", "net.ipv4.ip_forward=0").check();
            Process process = rig.startNode(launcher);
            try {
                node = rig.measure("fw443", plan, process.pid());
            } finally {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            System.err.println("dataplane bench: node log tail:\n" + tail(Files.readString(dir.resolve("node.log"))));
        }
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put("pps", whole(node.pps()));
        f.put("pps_ratio", ratio(node.pps() / kernel.pps()));
        f.put("gbps", String.format(Locale.ROOT, "%.2f", node.gbps()));
        f.put("gbps_ratio", ratio(node.gbps() / kernel.gbps()));
        f.put("tls_cps", whole(node.tlsCps()));
        f.put("tls_cps_ratio", ratio(node.tlsCps() / kernel.tlsCps()));
        // Per packet: a round trip crosses the firewall twice.
        f.put("lat_p50_us", oneDecimal((node.rttP50Us() - kernel.rttP50Us()) / 2));
        f.put("lat_p99_us", oneDecimal((node.rttP99Us() - kernel.rttP99Us()) / 2));
        f.put("loss_200k", String.format(Locale.ROOT, "%.5f", node.lossFraction()));
        f.put("loss_200k_offered", whole(node.offeredLossRate()));
        f.put("kernel_loss_200k", String.format(Locale.ROOT, "%.5f", kernel.lossFraction()));
        f.put("kernel_pps", whole(kernel.pps()));
        f.put("kernel_gbps", String.format(Locale.ROOT, "%.2f", kernel.gbps()));
        f.put("kernel_tls_cps", whole(kernel.tlsCps()));
        f.put("offered_pps", whole(node.flood().offeredPps()));
        f.put("kernel_offered_pps", whole(kernel.flood().offeredPps()));
        // CPU per packet, which the machine's other load does not change much: the node's receive thread (engine,
        // forwarding and the inject call, which delivers the frame on to the server inside it), and the kernel's
        // forwarding = the generator's cost per frame when the kernel forwards minus its cost when the node's
        // ingress chain drops the frames (both include building and sending the frame).
        double kernelForwardNs = kernel.flood().generatorNs() - node.flood().generatorNs();
        f.put("rx_ns_per_pkt", whole(node.flood().rxNs()));
        f.put("kernel_fwd_ns_per_pkt", whole(kernelForwardNs));
        f.put("cpu_ratio", ratio(kernelForwardNs / node.flood().rxNs()));
        f.put("rx_cpu_share", ratio(node.flood().rxCpuShare()));
        f.put("rtt_p50_us", oneDecimal(node.rttP50Us()));
        f.put("rtt_p99_us", oneDecimal(node.rttP99Us()));
        f.put("kernel_rtt_p50_us", oneDecimal(kernel.rttP50Us()));
        f.put("kernel_rtt_p99_us", oneDecimal(kernel.rttP99Us()));
        return f;
    }

    /** The lab's hosts set up once: routes, offloads, server processes, the sink counter and the generator. */
    private static final class Rig implements AutoCloseable {
        private final Lab lab;
        private final Path dir;
        private final PcapPort clientPort;
        private final UdpBlaster blaster;

        Rig(Lab lab, Path dir) throws Exception {
            this.lab = lab;
            this.dir = dir;
            lab.exec("client", "ip", "route", "replace", "default", "via", FW_INSIDE).check();
            lab.exec("server", "ip", "route", "replace", "default", "via", FW_OUTSIDE).check();
            lab.exec("server", "ip", "addr", "add", TLS + "/24", "dev", "eth1").check();
            lab.exec("server", "ip", "addr", "add", SINK + "/24", "dev", "eth1").check();
            // Many short TLS connections from one address: wider port range, TIME-WAIT ports reused.
            lab.exec("client", "sysctl", "-qw", "net.ipv4.ip_local_port_range=1024 65000",
                    "net.ipv4.tcp_tw_reuse=1").check();
            TxChecksum.disable(lab.ns("client"), "eth1");
            TxChecksum.disable(lab.ns("server"), "eth1");
            nft(lab, "server", """
                    table netdev sink {
                      chain in {
                        type filter hook ingress device "eth1" priority 0;
                        ip daddr %s udp dport 443 counter drop
                      }
                    }
                    """.formatted(SINK));
            lab.spawn("server", dir.resolve("iperf3.log"), "iperf3", "-s", "-B", ECHO, "-p", "443");
            Shell.run(Duration.ofSeconds(30), List.of("openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                    "-out", dir.resolve("cert.pem").toString(), "-subj", "/CN=server.example.test", "-days", "1"))
                    .check();
            Path tlsLog = dir.resolve("s_server.log");
            lab.spawn("server", tlsLog, "openssl", "s_server", "-quiet", "-accept", TLS + ":443",
                    "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString());
            VrrpBench.waitFor(Duration.ofSeconds(15), "iperf3 and s_server to listen", () -> {
                String listening = lab.exec("server", "ss", "-ltn").output();
                return listening.contains(ECHO + ":443") && listening.contains(TLS + ":443");
            });
            byte[] fwMac = mac(lab, "fw-a");
            byte[] clientMac = mac(lab, "client");
            this.clientPort = Netns.callIn(lab.ns("client"),
                    () -> PcapPort.open(new PcapPort.Options("eth1", 128, 1 << 20, "ether proto 0x9999")));
            this.blaster = new UdpBlaster(clientPort, fwMac, clientMac, BenchFrames.ipv4(192, 0, 2, 10), 20_000,
                    FLOWS, BenchFrames.ipv4(198, 51, 100, 102), 443);
        }

        Process startNode(Path launcher) throws IOException {
            Path config = dir.resolve("fw-a.yaml");
            Files.writeString(config, """
                    node: { id: fw-a, data-dir: %1$s/data }
                    interfaces:
                      - { name: inside,  device: eth1, role: data, zone: clients, address: %2$s/24 }
                      - { name: outside, device: eth2, role: data, zone: servers, address: %3$s/24 }
                    table: { max-flows: 200000, file: flows.dat }
                    policy:
                      default: drop
                      rules:
                        - { name: tls-in, from: clients, to: servers, proto: tcp, port: 443, action: accept }
                        - { name: quic-in, from: clients, to: servers, proto: udp, port: 443, action: accept }
                        - { name: ping-in, from: clients, to: servers, proto: icmp, action: accept }
                    management: { socket: %1$s/fw-a.sock }
                    logging: { format: text, level: info }
                    """.formatted(dir, FW_INSIDE, FW_OUTSIDE));
            Path log = dir.resolve("node.log");
            Process p = lab.spawn("fw-a", log, launcher.toString(), "run", "--config", config.toString());
            VrrpBench.waitFor(Duration.ofSeconds(90), "the node to forward", () -> read(log).contains("forwarding:")
                    || !p.isAlive());
            if (!p.isAlive()) {
                throw new IllegalStateException("the node exited at start-up:\n" + read(log));
            }
            return p;
        }

        Result measure(String path, Plan plan, long nodePid) throws Exception {
            // Neighbours on both sides and a warm path before anything is timed.
            for (String target : List.of(ECHO, TLS, SINK)) {
                VrrpBench.waitFor(Duration.ofSeconds(20), path + " to pass ping to " + target,
                        () -> lab.exec("client", Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", target).ok());
            }
            double[] rtt = latency(plan);
            double gbps = iperf(plan);
            Flood flood = flood(plan, nodePid);
            double[] loss = loss(plan);
            double cps = tls(plan);
            Result r = new Result(flood, loss[0], loss[1], gbps, cps, rtt[0], rtt[1]);
            System.err.println("dataplane bench: " + path + ": " + r);
            return r;
        }

        /** {p50, p99} round-trip microseconds. */
        private double[] latency(Plan plan) throws Exception {
            try (UdpPingPong pp = new UdpPingPong(lab.ns("server"), lab.ns("client"), ECHO, 443)) {
                long[] rtt = pp.measure(plan.pings() / 5, plan.pings());
                return new double[] {UdpPingPong.quantile(rtt, 0.50) / 1e3, UdpPingPong.quantile(rtt, 0.99) / 1e3};
            }
        }

        private double iperf(Plan plan) throws IOException {
            Shell.Result r = lab.exec("client", Duration.ofSeconds(plan.iperfSeconds() + 30L), "iperf3", "-c", ECHO,
                    "-p", "443", "-t", Integer.toString(plan.iperfSeconds()), "-J").check();
            JsonNode bits = JSON.readTree(r.output()).path("end").path("sum_received").path("bits_per_second");
            if (!bits.isNumber()) {
                throw new IllegalStateException("iperf3 gave no result: " + r.output());
            }
            return bits.asDouble() / 1e9;
        }

        /**
         * A flood, with the sink's counter read across its steady middle. Besides the rates, CPU time per packet:
         * the generator thread's (in the kernel path it includes the forwarding, which runs inside its send call)
         * and the node's receive thread's ({@code nodePid} > 0), read from schedstat.
         */
        private Flood flood(Plan plan, long nodePid) throws Exception {
            long nanos = (long) (plan.floodSeconds() * 1e9);
            long warm = 500_000_000L;
            long generator = Thread.currentThread().getId();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Path rxThread = nodePid > 0 ? threadOf(nodePid, "fw443-port-eth1") : null;
            long[] counter = new long[2];
            long[] sent = new long[2];
            long[] at = new long[2];
            long[] generatorCpu = new long[2];
            long[] rxCpu = new long[2];
            Thread sampler = new Thread(() -> {
                LockSupport.parkNanos(warm);
                sent[0] = blaster.sent();
                generatorCpu[0] = threads.getThreadCpuTime(generator);
                rxCpu[0] = cpuNs(rxThread);
                at[0] = System.nanoTime();
                counter[0] = sinkCount();
                LockSupport.parkNanos(nanos);
                sent[1] = blaster.sent();
                generatorCpu[1] = threads.getThreadCpuTime(generator);
                rxCpu[1] = cpuNs(rxThread);
                counter[1] = sinkCount();
                at[1] = System.nanoTime();
            }, "bench-sampler");
            sampler.start();
            blaster.flood(warm + nanos + 300_000_000L);
            sampler.join();
            double seconds = (at[1] - at[0]) / 1e9;
            long received = counter[1] - counter[0];
            long offered = sent[1] - sent[0];
            return new Flood(received / seconds, offered / seconds,
                    (generatorCpu[1] - generatorCpu[0]) / (double) offered,
                    rxThread == null ? 0 : (rxCpu[1] - rxCpu[0]) / (double) received,
                    rxThread == null ? 0 : (rxCpu[1] - rxCpu[0]) / 1e9 / seconds);
        }

        /** {fraction lost, offered rate}: {@value #LOSS_RATE}/s paced for the plan's seconds. */
        private double[] loss(Plan plan) {
            VrrpBench.pause(300);
            long before = sinkCount();
            long sentBefore = blaster.sent();
            long count = LOSS_RATE * plan.lossSeconds();
            long nanos = blaster.paced(count, LOSS_RATE);
            long sent = blaster.sent() - sentBefore;
            VrrpBench.pause(300);
            long received = sinkCount() - before;
            return new double[] {(sent - received) / (double) sent, sent / (nanos / 1e9)};
        }

        /** New TLS connections per second: {@value #TLS_CLIENTS} {@code openssl s_time -new} loops at once. */
        private double tls(Plan plan) throws Exception {
            List<Path> logs = new ArrayList<>();
            List<Process> clients = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < TLS_CLIENTS; i++) {
                Path log = Files.createTempFile(dir, "s_time", ".log");
                logs.add(log);
                clients.add(lab.spawn("client", log, "openssl", "s_time", "-connect", TLS + ":443", "-new",
                        "-time", Integer.toString(plan.tlsSeconds())));
            }
            long connections = 0;
            Pattern done = Pattern.compile("(\\d+) connections in [\\d.]+s");
            for (int i = 0; i < TLS_CLIENTS; i++) {
                if (!clients.get(i).waitFor(plan.tlsSeconds() + 30L, TimeUnit.SECONDS)) {
                    clients.get(i).destroyForcibly();
                }
                Matcher m = done.matcher(read(logs.get(i)));
                if (!m.find()) {
                    throw new IllegalStateException("s_time gave no result: " + read(logs.get(i)));
                }
                connections += Long.parseLong(m.group(1));
            }
            // s_time stops starting connections after -time seconds; the wall time covers all four.
            return connections / ((System.nanoTime() - t0) / 1e9);
        }

        /** The task directory of the thread named {@code name} in process {@code pid}. */
        private static Path threadOf(long pid, String name) throws IOException {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                return tasks.filter(t -> read(t.resolve("comm")).trim().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no thread " + name + " in the node"));
            }
        }

        /** CPU nanoseconds a thread ran (schedstat's first field), 0 without a thread. */
        private static long cpuNs(Path task) {
            if (task == null) {
                return 0;
            }
            String stat = read(task.resolve("schedstat")).trim();
            return stat.isEmpty() ? 0 : Long.parseLong(stat.split(" ")[0]);
        }

        private long sinkCount() {
            String out = lab.exec("server", "nft", "-j", "list", "chain", "netdev", "sink", "in").check().output();
            Matcher m = Pattern.compile("\"packets\":\\s*(\\d+)").matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("no counter in " + out);
            }
            return Long.parseLong(m.group(1));
        }

        @Override
        public void close() {
            clientPort.close();
        }
    }

    private static void nft(Lab lab, String host, String ruleset) throws IOException {
        Path file = Files.createTempFile("fw443-bench", ".nft");
        try {
            Files.writeString(file, ruleset);
            lab.exec(host, "nft", "-f", file.toString()).check();
        } finally {
            Files.delete(file);
        }
    }

    private static byte[] mac(Lab lab, String host) {
        String text = lab.exec(host, "cat", "/sys/class/net/eth1/address").check().output().trim();
        return HexFormat.ofDelimiter(":").parseHex(text);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 15), lines.length));
    }

    private static String whole(double v) {
        return Long.toString(Math.round(v));
    }

    private static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String oneDecimal(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
