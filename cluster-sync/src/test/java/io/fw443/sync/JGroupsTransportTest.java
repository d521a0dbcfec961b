package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.HeapFlowTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.protocols.FD_SOCK2;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicators over real JGroups channels with the default stack (config/jgroups-tcp.xml: TCP + TLS with mutual
 * authentication) on 127.0.0.1, ports 17810+. Key material comes from config/gen-cluster-key.sh.
 */
class JGroupsTransportTest {
    private static final Path STACK = Path.of("../config/jgroups-tcp.xml");
    private static final String HOSTS = "127.0.0.1[17810],127.0.0.1[17811],127.0.0.1[17812]";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path keys;

    private final List<FlowReplicator> replicators = new ArrayList<>();

    @BeforeAll
    static void makeKeys() throws Exception {
        Process good = keygen(keys.resolve("good"), "n1", "n2");
        Process rogue = keygen(keys.resolve("rogue"), "n3");
        assertTrue(good.waitFor(120, TimeUnit.SECONDS) && good.exitValue() == 0, "key generation");
        assertTrue(rogue.waitFor(120, TimeUnit.SECONDS) && rogue.exitValue() == 0, "key generation");
    }

    private static Process keygen(Path dir, String... nodes) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "../config/gen-cluster-key.sh", dir.toString()));
        cmd.addAll(List.of(nodes));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(keys, "keygen", ".log").toFile()).start();
    }

    @AfterEach
    void closeAll() {
        replicators.forEach(FlowReplicator::close);
    }

    private FlowReplicator member(int node, String keySet, HeapFlowTable table) throws Exception {
        return member(transport(node, keySet), table);
    }

    private static JGroupsTransport transport(int node, String keySet) throws Exception {
        Path dir = keys.resolve(keySet);
        Map<String, String> values = JGroupsTransport.stackValues("127.0.0.1", 17809 + node, HOSTS, dir,
                "n" + node, Files.readAllLines(dir.resolve("cluster.pass")).get(0));
        return new JGroupsTransport(STACK, values, "fw443-test", "n" + node, node);
    }

    private FlowReplicator member(JGroupsTransport transport, HeapFlowTable table) throws Exception {
        FlowReplicator r = new FlowReplicator(table, transport, SyncConfig.defaults().withDigestIntervalMs(500),
                SyncClock.system());
        replicators.add(r);
        r.start();
        return r;
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition, Object... members) {
        try {
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(condition);
        } catch (ConditionTimeoutException e) {
            StringBuilder sb = new StringBuilder("timed out waiting for " + what);
            for (Object m : members) {
                sb.append('\n').append(((FlowReplicator) m).status()).append(' ')
                        .append(((FlowReplicator) m).metrics().snapshot());
            }
            throw new AssertionError(sb.toString(), e);
        }
    }

    @Test
    void membersReplicateOverMutualTlsAndAMemberWithAnotherClustersKeysIsKeptOut() throws Exception {
        HeapFlowTable t1 = new HeapFlowTable(1 << 16);
        HeapFlowTable t2 = new HeapFlowTable(1 << 16);
        HeapFlowTable t3 = new HeapFlowTable(1 << 16);
        FlowReplicator r1 = member(1, "good", t1);
        FlowReplicator r2 = member(2, "good", t2);
        await("two members ready", () -> r1.status().members().size() == 2 && r2.status().ready(), r1, r2);
        FlowReplicator rogue = member(3, "rogue", t3);
        long now = SyncClock.system().nanoTime();
        write(t1, r1, 0, 5_000, now);
        write(t3, rogue, 10_000, 10_100, now);
        await("replicated over TLS", () -> TableDump.live(t1).equals(TableDump.live(t2)) && t2.size() == 5_000,
                r1, r2, rogue);
        await("the rogue member tried to send", () -> rogue.metrics().recordsSent() >= 100, rogue);
        // Several merge rounds (MERGE3 1-3 s) in which the rogue keeps knocking.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            // Either may be coordinator (a merge decides when both came up alone): order is not the point.
            assertEquals(Set.of(1, 2), Set.copyOf(r1.status().members()), "good view");
            assertEquals(List.of(3), rogue.status().members(), "rogue alone");
            return System.nanoTime() - until >= 0;
        });
        assertEquals(5_000, t2.size(), "no rogue flow was applied");
        assertEquals(5_000, t1.size());
        assertEquals(0, r1.metrics().rejectedTotal() + r2.metrics().rejectedTotal(),
                "the rogue's bytes never reached the sync decoder");
    }

    @Test
    void aCrashSuspicionIsPassedOnOnlyWhenThePeersHostRefusesItsPort() throws Exception {
        JGroupsTransport t1 = transport(1, "good");
        JGroupsTransport t2 = transport(2, "good");
        FlowReplicator r1 = member(t1, new HeapFlowTable(1 << 10));
        FlowReplicator r2 = member(t2, new HeapFlowTable(1 << 10));
        await("two members ready", () -> r1.status().members().size() == 2 && r2.status().ready(), r1, r2);
        List<Integer> confirmed = new CopyOnWriteArrayList<>();
        t1.onPeerCrash(confirmed::add);
        CrashSuspicions tap = t1.channel().getProtocolStack().findProtocol(CrashSuspicions.class);
        Address peer = t2.channel().getAddress();

        // FD_SOCK2 suspects a live member (as after a healed partition): its port still accepts, nothing is passed on.
        tap.up(new Event(Event.SUSPECT, List.of(peer)));
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(confirmed::isEmpty);

        // As when the member's process is gone: its FD_SOCK2 port is refused by the host. Confirmed.
        t2.channel().getProtocolStack().findProtocol(FD_SOCK2.class).stop();
        tap.up(new Event(Event.SUSPECT, List.of(peer)));
        Awaitility.await().atMost(WAIT).until(() -> confirmed.contains(2));
        assertEquals(Set.of(2), Set.copyOf(confirmed), "only the suspected member");
    }

    /** Writes flows {@code [from, to)} as a local engine would: store, then publish. */
    private static void write(HeapFlowTable table, FlowReplicator r, int from, int to, long now) {
        for (int i = from; i < to; i++) {
            io.fw443.table.FlowRecord record = Flows.established(r.hlc().tick(), r.localNode(), i, now);
            table.put(Flows.key(i), record);
            assertTrue(r.publishUpsert(Flows.key(i), record, now));
        }
    }
}
