package io.fw443.bench;

import io.fw443.dataplane.LongClock;
import io.fw443.dataplane.Netns;
import io.fw443.dataplane.PcapPort;
import io.fw443.dataplane.PortReader;
import io.fw443.lab.Lab;
import io.fw443.lab.Shell;
import io.fw443.lab.Topology;
import io.fw443.vrrp.VrrpSpeakerMain;
import io.fw443.vrrp.VrrpState;
import io.fw443.vrrp.VrrpStatusFile;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code bin/bench vrrp}: how long the VIP is without an owner after the Master fails, in the lab. Two fw443 speakers
 * ({@link VrrpSpeakerMain}, priorities 150 and 100, 50 ms adverts, peer death over the sync link) and, as the
 * baseline in the same lab and run, two keepalived daemons (VRRPv3, 50 ms and 100 ms adverts).
 *
 * <p>Each run: fw-a owns 192.0.2.1; the failure is applied; the time is taken from just before the failure to the
 * first ARP frame carrying the VIP as sender (a gratuitous ARP or a reply) from fw-b's MAC, captured with libpcap in
 * the client namespace. Failures:
 * <ul>
 *   <li>{@code hard_crash}: fw-a's three links go down at the switch (a pulled plug: no goodbye, no RST), written to
 *       a running {@code ip -batch} so no process start sits inside the measurement;</li>
 *   <li>{@code process_crash}: SIGKILL to the speaker (keepalived: to its VRRP child), links up: fw443's backup
 *       learns of it from the peer link (the stand-in for JGroups' FD_SOCK2), keepalived's waits out the timer;</li>
 *   <li>{@code graceful}: SIGTERM, the Master sends priority 0.</li>
 * </ul>
 * Then fw-a is restored (links up or process restarted) and takes the VIP back before the next run.
 */
final class VrrpBench implements BenchSuite {
    private static final String VIP = Topology.INSIDE_VIP;
    private static final String VIP_CIDR = VIP + "/24";
    /** ARP whose sender protocol address (ARP offset 14) is the VIP: 192.0.2.1 = 0xc0000201. */
    private static final String CAPTURE_BPF = "arp and arp[14:4] = 0xc0000201";
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(5);
    private static final Duration RESTORE_LIMIT = Duration.ofSeconds(60);
    private static final long SETTLE_MS = 1_000;

    private enum Failure {
        HARD_CRASH, PROCESS_CRASH, GRACEFUL
    }

    @Override
    public String name() {
        return "vrrp";
    }

    @Override
    public String description() {
        return "VIP takeover after a failure: fw443 speakers vs keepalived pairs in the lab (runs as root)";
    }

    @Override
    public LinkedHashMap<String, String> run(BenchOptions options) throws Exception {
        if (!Shell.run("id", "-u").output().trim().equals("0")) {
            throw new IllegalStateException("the vrrp benchmark builds network namespaces: run it as root");
        }
        int runs = options.quick() ? 3 : 10;
        Path dir = Files.createTempDirectory("fw443-vrrp-bench");
        System.err.println("vrrp bench: logs and configs in " + dir);
        LinkedHashMap<String, List<Double>> results = new LinkedHashMap<>();
        try (Lab lab = Lab.create(Topology.standard(1, 2)); Rig rig = new Rig(lab, dir)) {
            for (Failure f : Failure.values()) {
                results.put(key("", f), rig.measure(new Fw443Pair(rig), f, runs));
            }
            for (Failure f : Failure.values()) {
                results.put(key("keepalived_", f), rig.measure(new KeepalivedPair(rig, "0.05"), f, runs));
            }
            results.put(key("keepalived100_", Failure.HARD_CRASH),
                    rig.measure(new KeepalivedPair(rig, "0.1"), Failure.HARD_CRASH, runs));
        }
        LinkedHashMap<String, String> figures = new LinkedHashMap<>();
        results.forEach((k, v) -> figures.put(k + "_ms", format(median(v))));
        results.forEach((k, v) -> figures.put(k + "_max_ms", format(Collections.max(v))));
        figures.put("runs", Integer.toString(runs));
        return figures;
    }

    private static String key(String prefix, Failure f) {
        return prefix + f.name().toLowerCase(Locale.ROOT);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(double ms) {
        return String.format(Locale.ROOT, "%.1f", ms);
    }

    /** A pair of VRRP routers on fw-a (the Master) and fw-b. */
    private interface Pair extends AutoCloseable {
        String label();

        /** Starts fw-a (and fw-b when not running) and returns once fw-a owns the VIP and things are quiet. */
        void ensureMasterOnA() throws Exception;

        void fail(Failure failure) throws Exception;

        /** Undoes the failure: links up, or the stopped process gone for good ({@link #ensureMasterOnA} restarts it). */
        void restore(Failure failure) throws Exception;

        /** Stops both routers. */
        @Override
        void close();
    }

    /** The lab, the client-side capture and the link switch shared by all pairs. */
    private static final class Rig implements AutoCloseable {
        final Lab lab;
        final Path dir;
        final String macA;
        final String macB;
        private final long macBits;
        private final PcapPort capture;
        private final PortReader reader;
        private final ConcurrentLinkedQueue<long[]> frames = new ConcurrentLinkedQueue<>();
        private final Process links;
        private final Writer linksIn;

        Rig(Lab lab, Path dir) throws Exception {
            this.lab = lab;
            this.dir = dir;
            this.macA = lab.exec("fw-a", "cat", "/sys/class/net/eth1/address").check().output().trim();
            this.macB = lab.exec("fw-b", "cat", "/sys/class/net/eth1/address").check().output().trim();
            this.macBits = Long.parseLong(macB.replace(":", ""), 16);
            this.capture = Netns.callIn(lab.ns("client"),
                    () -> PcapPort.open(new PcapPort.Options("eth1", 256, 1 << 20, CAPTURE_BPF)));
            this.reader = PortReader.start(capture, (frame, offset, length, nowNs) -> {
                long source = 0;
                for (int i = 6; i < 12; i++) {
                    source = source << 8 | frame[offset + i] & 0xff;
                }
                frames.add(new long[] {nowNs, source});
            }, LongClock.SYSTEM);
            // A long-lived ip reading commands from stdin: a link change is one write, no process start.
            this.links = new ProcessBuilder("ip", "-n", lab.switchNs(), "-force", "-batch", "-")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            this.linksIn = new OutputStreamWriter(links.getOutputStream(), StandardCharsets.US_ASCII);
        }

        /** fw-a's links at the switch, all at once. */
        void linksOfA(boolean up) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (String device : List.of("eth1", "eth2", "eth3")) {
                sb.append("link set ").append(lab.switchPort("fw-a", device)).append(up ? " up\n" : " down\n");
            }
            linksIn.write(sb.toString());
            linksIn.flush();
        }

        /** Who answers ARP for the VIP from the client, one request. */
        String owner() {
            String out = lab.exec("client", Duration.ofSeconds(10), "arping", "-c", "1", "-w", "1", "-i", "eth1",
                    VIP).output();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes from ([0-9a-f:]{17}) ").matcher(out);
            return m.find() ? m.group(1) : "";
        }

        List<Double> measure(Pair pair, Failure failure, int runs) throws Exception {
            List<Double> ms = new ArrayList<>();
            try (pair) {
                for (int run = 0; run < runs; run++) {
                    pair.ensureMasterOnA();
                    frames.clear();
                    long t0 = System.nanoTime();
                    pair.fail(failure);
                    long seenNs = awaitFirstFrameFromB(t0);
                    double takeoverMs = (seenNs - t0) / 1e6;
                    ms.add(takeoverMs);
                    System.err.printf(Locale.ROOT, "vrrp bench: %s %s run %d: %.1f ms%n", pair.label(),
                            failure.name().toLowerCase(Locale.ROOT), run + 1, takeoverMs);
                    pair.restore(failure);
                }
            }
            return ms;
        }

        private long awaitFirstFrameFromB(long sinceNs) {
            long[] found = new long[1];
            waitFor(TAKEOVER_LIMIT, "fw-b to answer for the VIP", () -> {
                for (long[] f : frames) {
                    if (f[1] == macBits && f[0] >= sinceNs) {
                        found[0] = f[0];
                        return true;
                    }
                }
                return false;
            });
            return found[0];
        }

        @Override
        public void close() throws IOException {
            linksIn.close();
            links.destroyForcibly();
            reader.close();
            capture.close();
        }
    }

    /** Polls {@code condition} every 5 ms up to {@code limit}. */
    static void waitFor(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }

    /** Waits up to 10 s for {@code p} to exit; true if it did. */
    private static boolean awaitExit(Process p) {
        try {
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void pause(long ms) {
        LockSupport.parkNanos(ms * 1_000_000L);
    }

    /** Two {@link VrrpSpeakerMain} processes; fw-a 150, fw-b 100, peer death over eth3. */
    private static final class Fw443Pair implements Pair {
        private final Rig rig;
        private Process a;
        private Process b;

        Fw443Pair(Rig rig) {
            this.rig = rig;
        }

        @Override
        public String label() {
            return "fw443";
        }

        private Process start(String host, int priority) {
            String self = host.equals("fw-a") ? "2" : "3";
            String peer = host.equals("fw-a") ? "3" : "2";
            return rig.lab.spawn(host, rig.dir.resolve(host + "-speaker.log"),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-Xss256k",
                    "-XX:ReservedCodeCacheSize=16m",
                    "-cp", System.getProperty("java.class.path"), VrrpSpeakerMain.class.getName(),
                    "--status-file", status(host).toString(),
                    "--group", "vrid=51,dev=eth1,priority=" + priority + ",vips=" + VIP
                            + ",advert-ms=50,peer-death-shortcut=true",
                    "--peer-death", "listen=203.0.113." + self + ":7870,connect=203.0.113." + peer
                            + ":7870,peers=192.0.2." + peer);
        }

        private Path status(String host) {
            return rig.dir.resolve(host + ".status");
        }

        private VrrpState state(String host) {
            try {
                return Files.exists(status(host)) ? VrrpStatusFile.read(status(host)).get(51) : VrrpState.INITIALIZE;
            } catch (IOException | RuntimeException e) {
                return VrrpState.INITIALIZE;
            }
        }

        @Override
        public void ensureMasterOnA() throws IOException {
            if (b == null || !b.isAlive()) {
                b = start("fw-b", 100);
            }
            if (a == null || !a.isAlive()) {
                Files.deleteIfExists(status("fw-a"));
                a = start("fw-a", 150);
            }
            waitFor(RESTORE_LIMIT, "fw-a to be Master", () -> state("fw-a") == VrrpState.MASTER
                    && state("fw-b") == VrrpState.BACKUP && rig.owner().equals(rig.macA));
            // Let the peer link reconnect and the announcements end.
            pause(SETTLE_MS);
        }

        @Override
        public void fail(Failure failure) throws IOException {
            switch (failure) {
                case HARD_CRASH -> rig.linksOfA(false);
                case PROCESS_CRASH -> a.destroyForcibly();
                case GRACEFUL -> a.destroy();
                default -> throw new IllegalArgumentException(failure.name());
            }
        }

        @Override
        public void restore(Failure failure) throws Exception {
            if (failure == Failure.HARD_CRASH) {
                rig.linksOfA(true);
            } else if (!a.waitFor(10, TimeUnit.SECONDS)) {
                a.destroyForcibly();
                a.waitFor(10, TimeUnit.SECONDS);
            }
        }

        @Override
        public void close() {
            for (Process p : new Process[] {a, b}) {
                if (p != null) {
                    p.destroyForcibly();
                    awaitExit(p);
                }
            }
        }
    }

    /** Two keepalived daemons; fw-a 150, fw-b 100; VIP on the kernel interface of the Master. */
    private static final class KeepalivedPair implements Pair {
        private final Rig rig;
        private final String advertSeconds;
        private Process a;
        private Process b;

        KeepalivedPair(Rig rig, String advertSeconds) {
            this.rig = rig;
            this.advertSeconds = advertSeconds;
        }

        @Override
        public String label() {
            return "keepalived(" + advertSeconds + " s)";
        }

        private Process start(String host, int priority) {
            Path conf = rig.dir.resolve(host + "-keepalived.conf");
            try {
                Files.writeString(conf, String.join("\n",
                        "global_defs {", "  router_id " + host, "  vrrp_version 3", "}",
                        "vrrp_instance VI_51 {", "  state BACKUP", "  interface eth1", "  virtual_router_id 51",
                        "  priority " + priority, "  advert_int " + advertSeconds,
                        "  virtual_ipaddress {", "    " + VIP_CIDR, "  }", "}", ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                // A killed daemon leaves its pid files behind, and keepalived refuses to start over a pid that is a
                // zombie nobody reaped yet ("daemon is already running").
                Files.deleteIfExists(pidFile(host, ""));
                Files.deleteIfExists(pidFile(host, "-vrrp"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return rig.lab.spawn(host, rig.dir.resolve(host + "-keepalived.log"), "keepalived", "-n", "-l", "-D",
                    "-G", "-P", "-R", "-f", conf.toString(), "-p", pidFile(host, "").toString(),
                    "-r", pidFile(host, "-vrrp").toString());
        }

        private Path pidFile(String host, String suffix) {
            return rig.dir.resolve(host + "-ka" + suffix + ".pid");
        }

        @Override
        public void ensureMasterOnA() {
            if (b == null || !b.isAlive()) {
                b = start("fw-b", 100);
            }
            if (a == null || !a.isAlive()) {
                // A crashed VRRP process leaves the VIP on the kernel interface; a restart starts clean.
                rig.lab.exec("fw-a", "ip", "addr", "del", VIP_CIDR, "dev", "eth1");
                a = start("fw-a", 150);
            }
            waitFor(RESTORE_LIMIT, "keepalived on fw-a to own the VIP", () -> rig.owner().equals(rig.macA));
            pause(SETTLE_MS);
        }

        @Override
        public void fail(Failure failure) throws Exception {
            switch (failure) {
                case HARD_CRASH -> rig.linksOfA(false);
                case PROCESS_CRASH -> {
                    long vrrpChild = Long.parseLong(Files.readString(pidFile("fw-a", "-vrrp")).trim());
                    ProcessHandle.of(vrrpChild).ifPresent(ProcessHandle::destroyForcibly);
                    a.destroyForcibly(); // the parent, which would otherwise log and linger; the child is gone
                }
                case GRACEFUL -> a.destroy();
                default -> throw new IllegalArgumentException(failure.name());
            }
        }

        @Override
        public void restore(Failure failure) throws Exception {
            if (failure == Failure.HARD_CRASH) {
                rig.linksOfA(true);
            } else if (!a.waitFor(10, TimeUnit.SECONDS)) {
                a.destroyForcibly();
                a.waitFor(10, TimeUnit.SECONDS);
            }
        }

        @Override
        public void close() {
            for (Process p : new Process[] {a, b}) {
                if (p != null) {
                    p.destroy();
                    if (!awaitExit(p)) {
                        p.destroyForcibly();
                    }
                }
            }
            rig.lab.exec("fw-a", "ip", "addr", "del", VIP_CIDR, "dev", "eth1");
            rig.lab.exec("fw-b", "ip", "addr", "del", VIP_CIDR, "dev", "eth1");
        }
    }
}
