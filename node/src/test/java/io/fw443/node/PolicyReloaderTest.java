package io.fw443.node;

import static io.fw443.node.ManagedNode.CLIENT;
import static io.fw443.node.ManagedNode.INSIDE;
import static io.fw443.node.ManagedNode.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.engine.TestFrames;
import io.fw443.engine.VerdictReason;
import io.fw443.mgmt.ReloadResult;
import io.fw443.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reloading the policy under running engines: new flows see the new rules, existing flows stay. */
@Timeout(60)
class PolicyReloaderTest {
    @TempDir
    Path dir;

    private ManagedNode node;

    @BeforeEach
    void start() throws Exception {
        node = new ManagedNode(dir, null).start();
    }

    @AfterEach
    void close() throws InterruptedException {
        node.close();
    }

    private long count(VerdictReason reason) {
        return node.workers.stream().mapToLong(w -> w.engine().counters().count(reason)).sum();
    }

    private void write(String yaml) throws Exception {
        Files.writeString(node.configFile, yaml);
    }

    @Test
    void aChangedRuleDecidesNewFlowsAndExistingFlowsSurvive() throws Exception {
        node.connect(40000, 80, null);
        assertEquals(1, count(VerdictReason.FORWARD_NEW));

        write(ManagedNode.yaml(dir, "drop"));
        ReloadResult r = node.reloader.reload();
        assertTrue(r.applied(), r.toString());
        assertEquals("policy generation 2: 2 rules, default drop; existing flows kept", r.detail());

        // The open flow still passes, in both directions, and is still in the table.
        node.send(INSIDE, TestFrames.tcp(CLIENT, 40000, SERVER, 80).flags(TestFrames.ACK | TestFrames.PSH)
                .seq(1001).ack(5001).payload(100).build());
        assertEquals(3, count(VerdictReason.FORWARD_ESTABLISHED));
        assertEquals(1, node.table.size());
        // A new flow to port 80 meets the new rule.
        node.send(INSIDE, TestFrames.tcp(CLIENT, 40001, SERVER, 80).flags(TestFrames.SYN).seq(1000).build());
        assertEquals(1, count(VerdictReason.DROP_POLICY));
        assertEquals(1, count(VerdictReason.FORWARD_NEW));
        assertEquals(1, node.table.size());
    }

    @Test
    void anInvalidFileIsRefusedWithLineAndColumnAndThePolicyStays() throws Exception {
        Policy before = node.reloader.policy().get();
        write(ManagedNode.yaml(dir, "accept").replace("port: 80,", "prot: 80,"));
        ReloadResult r = node.reloader.reload();
        assertFalse(r.applied());
        assertEquals(node.configFile + " is invalid; the running policy is unchanged", r.detail());
        assertTrue(r.problems().stream().anyMatch(p -> p.matches(".*fw443\\.yaml:16:\\d+: .*prot.*")),
                r.problems().toString());
        assertSame(before, node.reloader.policy().get());

        node.connect(40000, 80, null);
        assertEquals(1, count(VerdictReason.FORWARD_NEW), "still the old policy");
    }

    @Test
    void sectionsBuiltIntoTheRunningNodeNeedARestart() throws Exception {
        Policy before = node.reloader.policy().get();
        write(ManagedNode.yaml(dir, "drop").replace("max-flows: 1000", "max-flows: 2000")
                .replace("priority: 150", "priority: 120"));
        ReloadResult r = node.reloader.reload();
        assertFalse(r.applied());
        assertEquals("only the policy section reloads; vrrp, table changed and need a restart; the running policy"
                + " is unchanged", r.detail());
        assertEquals(List.of("vrrp: changed; applying it needs a restart", "table: changed; applying it needs a"
                + " restart"), r.problems());
        assertSame(before, node.reloader.policy().get());
    }

    @Test
    void theSameFileReloadsAsTheNextGeneration() {
        Policy before = node.reloader.policy().get();
        ReloadResult r = node.reloader.reload();
        assertTrue(r.applied(), r.toString());
        assertFalse(before == node.reloader.policy().get(), "recompiled");
        assertEquals(node.reloader.compiled().policy(), node.reloader.policy().get());
    }
}
