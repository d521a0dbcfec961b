package io.fw443.dataplane;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the kernel off the data interfaces: an nftables netdev ingress chain with {@code policy drop} per data
 * device, in table {@code netdev fw443}. AF_PACKET taps run before the ingress hook, so the node still captures every
 * frame, while the kernel neither forwards, answers ARP, nor resets connections (STACK-NOTES §1). Frames the node
 * injects are egress and pass.
 *
 * <p>Installed at start with {@code nft add} (idempotent: re-running changes nothing, and no other table or chain is
 * touched) and deliberately never removed: when the node stops or dies, the links stay closed, so a dead node fails
 * closed and the peer takes the traffic. An operator who wants the kernel back deletes the table by hand.
 */
public final class IngressGuard {
    /** The nftables table (family netdev) that holds one chain per data device. */
    public static final String TABLE = "fw443";
    private static final long NFT_TIMEOUT_SECONDS = 10;

    private final List<String> commandPrefix;

    /** @param commandPrefix what to run nft under, e.g. {@code ip netns exec NS}; empty for the current namespace */
    public IngressGuard(List<String> commandPrefix) {
        this.commandPrefix = List.copyOf(commandPrefix);
    }

    /** The chain of one device. */
    public static String chainName(String device) {
        return "ingress-" + device;
    }

    /** The nft script that installs the drop chains for {@code devices}. */
    public static String script(List<String> devices) {
        StringBuilder sb = new StringBuilder("add table netdev ").append(TABLE).append('\n');
        for (String device : devices) {
            if (!device.matches("[A-Za-z0-9_.:@-]{1,15}")) {
                throw new IllegalArgumentException("not a Linux device name: " + device);
            }
            sb.append("add chain netdev ").append(TABLE).append(' ').append(chainName(device))
                    .append(" { type filter hook ingress device \"").append(device)
                    .append("\" priority 0 ; policy drop ; }\n");
        }
        return sb.toString();
    }

    /** Installs (or confirms) the drop chain on every device; fails when nft is missing or refuses. */
    public void install(List<String> devices) throws IOException {
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of("nft", "-f", "-"));
        String output = run(command, script(devices));
        if (output != null) {
            throw new IOException("nft could not install the ingress drop chains on " + devices + ": " + output);
        }
    }

    /** True when the device's drop chain exists. */
    public boolean isInstalled(String device) throws IOException {
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of("nft", "list", "chain", "netdev", TABLE, chainName(device)));
        return run(command, "") == null;
    }

    /** Runs a command; null on success, else its output. */
    private static String run(List<String> command, String input) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!p.waitFor(NFT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + NFT_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running nft", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output;
    }
}
