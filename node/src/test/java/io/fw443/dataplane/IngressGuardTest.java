package io.fw443.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Installs the drop chains for real in a namespace of its own (needs root and nft, as CI has). */
class IngressGuardTest {
    private final String ns = "fw443-guard-" + ProcessHandle.current().pid();
    private IngressGuard guard;

    @BeforeEach
    void namespaceWithTwoLinksAndSomeoneElsesTable() throws Exception {
        run("ip", "netns", "add", ns);
        run("ip", "-n", ns, "link", "add", "eth1", "type", "veth", "peer", "name", "eth2");
        run("ip", "netns", "exec", ns, "nft", "add table inet theirs; add chain inet theirs keep { type filter"
                + " hook input priority 0 ; policy accept ; }");
        guard = new IngressGuard(List.of("ip", "netns", "exec", ns));
    }

    @AfterEach
    void removeNamespace() throws Exception {
        run("ip", "netns", "del", ns);
    }

    @Test
    void installsOneDropChainPerDeviceIdempotentlyAndTouchesNothingElse() throws Exception {
        assertFalse(guard.isInstalled("eth1"));
        guard.install(List.of("eth1", "eth2"));
        String first = run("ip", "netns", "exec", ns, "nft", "list", "ruleset");
        guard.install(List.of("eth1", "eth2"));
        String second = run("ip", "netns", "exec", ns, "nft", "list", "ruleset");

        assertEquals(first, second, "a second install changes nothing");
        assertTrue(guard.isInstalled("eth1") && guard.isInstalled("eth2"));
        assertTrue(second.contains("table inet theirs") && second.contains("chain keep"), second);
        assertEquals(2, second.split("policy drop", -1).length - 1, second);
        assertTrue(second.contains("hook ingress device \"eth1\""), second);
    }

    @Test
    void refusesNamesThatAreNotDeviceNames() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> guard.install(List.of("eth1\"; flush ruleset")));
        assertTrue(run("ip", "netns", "exec", ns, "nft", "list", "ruleset").contains("table inet theirs"));
    }

    @Test
    void reportsNftRefusals() {
        IngressGuard broken = new IngressGuard(List.of("ip", "netns", "exec", ns + "-missing"));
        assertThrows(IOException.class, () -> broken.install(List.of("eth1")));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
        return out;
    }
}
