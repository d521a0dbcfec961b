package io.fw443.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members as separate JVM processes on 127.0.0.1 (ports 17830+) with the default stack (TCP + mutual TLS):
 * concurrent writes converge, a member killed with SIGKILL comes back and resyncs, a member with another cluster's
 * keys is kept out. Every member's table is compared record by record.
 */
class SyncClusterTest {
    private static final String PEERS = "127.0.0.1[17831],127.0.0.1[17832],127.0.0.1[17833]";
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static Path goodKeys;
    private static Path rogueKeys;

    @TempDir
    Path dir;

    private final List<Replica> replicas = new ArrayList<>();

    @BeforeAll
    static void keys() throws Exception {
        List<Path> sets = KeySets.generate("cluster:n1,n2,n3", "rogue:n9");
        goodKeys = sets.get(0);
        rogueKeys = sets.get(1);
    }

    @AfterEach
    void stop() {
        replicas.forEach(Replica::close);
    }

    private Replica start(int node) {
        return start(Replica.Spec.loopback(node, 17830 + node, PEERS, goodKeys));
    }

    private Replica start(Replica.Spec spec) {
        Replica r = Replica.start(spec, dir);
        replicas.add(r);
        return r;
    }

    private List<Replica> threeReady() {
        Replica a = start(1);
        Replica b = start(2);
        Replica c = start(3);
        List<Replica> all = List.of(a, b, c);
        Waits.until(WAIT, "a three-member view, every member READY", all,
                () -> all.stream().allMatch(r -> r.ready() && "[1,2,3]".equals(r.members())));
        return all;
    }

    private static void inParallel(List<Replica> replicas, java.util.function.Function<Replica, String> command) {
        List<CompletableFuture<String>> running = new ArrayList<>();
        for (Replica r : replicas) {
            running.add(CompletableFuture.supplyAsync(() -> command.apply(r)));
        }
        running.forEach(CompletableFuture::join);
    }

    @Test
    void concurrentWritesOnAllMembersConvergeToIdenticalTables() {
        List<Replica> all = threeReady();
        inParallel(all, r -> r.cmd("write 3000 own" + r.node));
        // Every member changes the same flows at once: merges, send-backs.
        inParallel(all, r -> r.cmd("update 1000 own1 " + (3 + r.node)));
        Waits.converged(WAIT, all, dir);
        List<String> table = all.get(0).dump(dir);
        assertEquals(9_000, table.size());
        for (Replica r : all) {
            assertEquals(0, r.metric("rejected_replayed") + r.metric("rejected_bad_record"), "node " + r.node);
        }
    }

    @Test
    void aKilledMemberRestartsOnItsPersistedTableResyncsAndConverges() {
        // Short-lived tombstones, so the deletions below are forgotten by the time node 3 comes back: its persisted
        // copies of those flows are then stale records no peer holds, which the resync must sweep.
        Replica a = start(Replica.Spec.loopback(1, 17831, PEERS, goodKeys).with("--tombstone-ttl-ms", "500"));
        Replica b = start(Replica.Spec.loopback(2, 17832, PEERS, goodKeys).with("--tombstone-ttl-ms", "500"));
        Replica.Spec persisted = Replica.Spec.loopback(3, 17833, PEERS, goodKeys)
                .with("--table", "chronicle:" + dir.resolve("node3.flows"), "--capacity", "100000");
        Replica c0 = start(persisted);
        List<Replica> all = List.of(a, b, c0);
        Waits.until(WAIT, "a three-member view, every member READY", all,
                () -> all.stream().allMatch(r -> r.ready() && "[1,2,3]".equals(r.members())));
        inParallel(all, r -> r.cmd("write 2000 own" + r.node));
        Waits.converged(WAIT, all, dir);

        long killedAt = System.nanoTime();
        all.get(2).kill();
        Waits.until(WAIT, "the killed member leaves the view", List.of(a, b),
                () -> "[1,2]".equals(a.members()) && "[1,2]".equals(b.members()));
        long noticedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        System.out.println("kill -9 noticed after <= " + noticedMs + " ms (polled every 100 ms)");

        a.cmd("write 3000 while-down");
        b.cmd("update 1000 own3 7");
        a.cmd("delete 500 own2");
        Waits.until(WAIT, "the deletions' tombstones expired and were swept", List.of(a, b),
                () -> a.status().get("size").equals(a.status().get("live"))
                        && b.status().get("size").equals(b.status().get("live")));
        Replica c = start(persisted);
        assertTrue(c.started.endsWith("flows=" + 3 * 2000), "the persisted table survived SIGKILL: " + c.started);
        List<Replica> back = List.of(a, b, c);
        Waits.until(WAIT, "the restarted member is READY", back, c::ready);
        Waits.converged(WAIT, back, dir);
        assertEquals(3 * 2000 - 500 + 3000, c.dump(dir).size());
        assertEquals(500, c.metric("stale_swept"), "the flows deleted while it was down");
        assertTrue(Long.parseLong(c.status().get("last_resync_ms")) >= 0);
    }

    @Test
    void aMemberWithAnotherClustersKeysCanNeitherJoinNorInject() {
        List<Replica> all = threeReady();
        all.get(0).cmd("write 1000 good");
        Waits.converged(WAIT, all, dir);
        Replica rogue = start(Replica.Spec.loopback(9, 17839, PEERS + ",127.0.0.1[17839]", rogueKeys)
                .with("--name", "n9"));
        rogue.cmd("write 500 rogue");
        // Several merge rounds (MERGE3 every 1-3 s) in which the rogue keeps knocking; the views must hold throughout.
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> "[9]".equals(rogue.members())
                        && all.stream().allMatch(r -> "[1,2,3]".equals(r.members())));
        assertTrue(rogue.metric("records_sent") >= 500, "the rogue did try to send");
        for (Replica r : all) {
            assertEquals(1000, r.dump(dir).size(), "no rogue record on node " + r.node);
        }
    }
}
