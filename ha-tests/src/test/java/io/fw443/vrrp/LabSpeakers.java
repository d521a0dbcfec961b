package io.fw443.vrrp;

import io.fw443.lab.Lab;
import io.fw443.lab.Shell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speakers and keepalived daemons as processes inside lab namespaces, and the client's view of who answers for an
 * address (arping). Everything started here is killed by PID when the test ends (and by the lab on close).
 */
final class LabSpeakers {
    private static final Pattern ARPING_REPLY = Pattern.compile("bytes from ([0-9a-f:]{17}) \\(");

    private LabSpeakers() {}

    /** A {@link VrrpSpeakerMain} process in a firewall namespace. */
    static final class Speaker {
        final String host;
        final Path log;
        final Path status;
        final List<String> args;
        private final Lab lab;
        private Process process;

        Speaker(Lab lab, Path dir, String host, List<String> args) {
            this.lab = lab;
            this.host = host;
            this.log = dir.resolve(host + "-speaker.log");
            this.status = dir.resolve(host + ".status");
            this.args = List.copyOf(args);
        }

        /** Starts the JVM (C1 only and a small heap: a control-plane process starts faster so). */
        Speaker start() {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-Xss256k",
                    "-XX:ReservedCodeCacheSize=16m",
                    "-cp", System.getProperty("java.class.path"),
                    VrrpSpeakerMain.class.getName(), "--status-file", status.toString()));
            command.addAll(args);
            process = lab.spawn(host, log, command.toArray(String[]::new));
            return this;
        }

        /** The state in the status file, INITIALIZE before the file is written. */
        VrrpState state(int vrid) {
            try {
                return Files.exists(status)
                        ? VrrpStatusFile.read(status).getOrDefault(vrid, VrrpState.INITIALIZE) : VrrpState.INITIALIZE;
            } catch (IOException | RuntimeException e) {
                return VrrpState.INITIALIZE; // caught between write and rename: read again next poll
            }
        }

        /** kill -9: no priority-0 advert, no cleanup. */
        void crash() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            deleteStatus();
        }

        /** SIGTERM: the graceful stop (priority 0 from a Master). */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            deleteStatus();
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        String logTail() {
            return tail(log, 40);
        }

        private void deleteStatus() {
            try {
                Files.deleteIfExists(status);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A keepalived daemon (Debian's package) in a firewall namespace, VRRPv3, one IPv4 instance. */
    static final class Keepalived {
        final String host;
        final Path log;
        private final Lab lab;
        private final Path conf;
        private final Path dir;
        private Process process;

        Keepalived(Lab lab, Path dir, String host, int vrid, int priority, String advertSeconds, String vipCidr) {
            this.lab = lab;
            this.host = host;
            this.dir = dir;
            this.log = dir.resolve(host + "-keepalived.log");
            this.conf = dir.resolve(host + "-keepalived.conf");
            // No vrrp_strict: it would add iptables rules. state BACKUP: the election decides, as for fw443.
            String text = String.join("\n",
                    "global_defs {",
                    "  router_id " + host,
                    "  vrrp_version 3",
                    "}",
                    "vrrp_instance VI_" + vrid + " {",
                    "  state BACKUP",
                    "  interface eth1",
                    "  virtual_router_id " + vrid,
                    "  priority " + priority,
                    "  advert_int " + advertSeconds,
                    "  virtual_ipaddress {",
                    "    " + vipCidr,
                    "  }",
                    "}", "");
            try {
                Files.writeString(conf, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Keepalived start() {
            try {
                // Stale pid files (a killed daemon) make keepalived refuse to start.
                Files.deleteIfExists(dir.resolve(host + "-ka.pid"));
                Files.deleteIfExists(dir.resolve(host + "-ka-vrrp.pid"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            process = lab.spawn(host, log, "keepalived", "-n", "-l", "-D", "-G", "-P", "-R",
                    "-f", conf.toString(), "-p", dir.resolve(host + "-ka.pid").toString(),
                    "-r", dir.resolve(host + "-ka-vrrp.pid").toString());
            return this;
        }

        /** SIGTERM: keepalived sends priority 0 and removes the VIP from the kernel. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        /** How often the log says the instance entered {@code state} ("MASTER" or "BACKUP"). */
        long entered(String state) {
            return lines(log).stream().filter(l -> l.contains("Entering " + state + " STATE")).count();
        }

        String logTail() {
            return tail(log, 40);
        }
    }

    /**
     * The MACs that answer an ARP request for {@code ip} from {@code host}'s {@code device} ({@code count} requests,
     * {@code count} seconds). Empty when nobody answers.
     */
    static Set<String> whoHas(Lab lab, String host, String device, String ip, int count) {
        Shell.Result r = lab.exec(host, Duration.ofSeconds(count + 10L), "arping", "-c", Integer.toString(count),
                "-w", Integer.toString(count), "-i", device, ip);
        Set<String> macs = new LinkedHashSet<>();
        Matcher m = ARPING_REPLY.matcher(r.output());
        while (m.find()) {
            macs.add(m.group(1));
        }
        return macs;
    }

    /** The MAC of a host's device, as the kernel reports it. */
    static String mac(Lab lab, String host, String device) {
        String out = lab.exec(host, "cat", "/sys/class/net/" + device + "/address").check().output();
        return out.trim();
    }

    static String diagnostics(Map<String, String> tails) {
        StringBuilder sb = new StringBuilder();
        tails.forEach((name, tail) -> sb.append("\n----- ").append(name).append(" -----\n").append(tail));
        return sb.toString();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String tail(Path file, int n) {
        List<String> all = lines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }
}
