package io.fw443.testing;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two fresh network namespaces joined by a veth pair ({@code eth0} on both sides), for tests that need real frames.
 * Needs root, as CI has. {@link #close()} deletes both namespaces by their exact names.
 */
public final class VethPair implements AutoCloseable {
    private final String a;
    private final String b;

    private VethPair(String a, String b) {
        this.a = a;
        this.b = b;
    }

    /** Creates {@code fw443t-<tag>-<random>-a/-b}; addresses are optional CIDRs for each side (null for none). */
    public static VethPair create(String tag, String addressA, String addressB) throws IOException {
        byte[] r = new byte[3];
        new SecureRandom().nextBytes(r);
        String base = "fw443t-" + tag + "-" + HexFormat.of().formatHex(r);
        VethPair pair = new VethPair(base + "-a", base + "-b");
        try {
            run("ip", "netns", "add", pair.a);
            run("ip", "netns", "add", pair.b);
            for (String ns : List.of(pair.a, pair.b)) {
                run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                        "net.ipv6.conf.default.disable_ipv6=1");
            }
            run("ip", "-n", pair.a, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", pair.b);
            if (addressA != null) {
                run("ip", "-n", pair.a, "addr", "add", addressA, "dev", "eth0");
            }
            if (addressB != null) {
                run("ip", "-n", pair.b, "addr", "add", addressB, "dev", "eth0");
            }
            for (String ns : List.of(pair.a, pair.b)) {
                run("ip", "-n", ns, "link", "set", "lo", "up");
                run("ip", "-n", ns, "link", "set", "eth0", "up");
            }
            return pair;
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    public String a() {
        return a;
    }

    public String b() {
        return b;
    }

    /** Runs a command, failing with its output when it exits non-zero or runs over 20 s. */
    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    /** Whether this process may create namespaces and open raw sockets (root, with iproute2 present). */
    public static boolean available() {
        try {
            return new ProcessBuilder("id", "-u").start().inputReader().readLine().trim().equals("0")
                    && new ProcessBuilder("ip", "-V").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (String ns : List.of(a, b)) {
            try {
                run("ip", "netns", "del", ns);
            } catch (IOException e) {
                // Not created (set-up failed half way): nothing to remove.
            }
        }
    }
}
