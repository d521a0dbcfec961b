package io.fw443.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.lab.Lab;
import io.fw443.lab.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members in lab namespaces on the sync segment (203.0.113.0/24): a partition made with nftables inside one
 * member's namespace, with writes on both sides, heals and converges (MERGE3 then anti-entropy); the UDP multicast
 * stack (SYM_ENCRYPT + AUTH) replicates and keeps a member with another cluster's keys out. Needs root.
 */
class SyncPartitionTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String TABLE = "fw443_partition";
    private static Lab lab;
    private static Path goodKeys;
    private static Path rogueKeys;

    @TempDir
    Path dir;

    private final List<Replica> replicas = new ArrayList<>();

    @BeforeAll
    static void labAndKeys() throws Exception {
        List<Topology.Host> hosts = new ArrayList<>();
        for (char c = 'a'; c <= 'c'; c++) {
            hosts.add(new Topology.Host("fw-" + c, "firewall", List.of(new Topology.Interface("eth3",
                    Topology.SYNC, address(c) + "/24")), null));
        }
        lab = Lab.create(new Topology(List.of(new Topology.Segment(Topology.SYNC, "203.0.113.0/24")), hosts));
        for (Topology.Host h : hosts) {
            // Multicast (UDP stack) leaves by the sync link; nothing else is routed.
            lab.exec(h.name(), "ip", "route", "add", "224.0.0.0/4", "dev", "eth3").check();
        }
        List<Path> sets = KeySets.generate("cluster:n1,n2,n3", "rogue:n3");
        goodKeys = sets.get(0);
        rogueKeys = sets.get(1);
    }

    @AfterAll
    static void removeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void stop() {
        replicas.forEach(Replica::close);
    }

    private static String address(char host) {
        return "203.0.113." + (2 + host - 'a');
    }

    private Replica start(int node, Path keys, Path stack) {
        char host = (char) ('a' + node - 1);
        String peers = address('a') + "[7800]," + address('b') + "[7800]," + address('c') + "[7800]";
        Replica r = Replica.start(new Replica.Spec(node, address(host) + ":7800", peers, keys, stack,
                lab.ns("fw-" + host), List.of("--digest-interval-ms", "2000"), Replica.TEST_JVM), dir);
        replicas.add(r);
        return r;
    }

    /** Drops everything between fw-c and the other two, inside fw-c's namespace only. */
    private static void cutOffC() {
        String ab = "{ " + address('a') + ", " + address('b') + " }";
        nft("add", "table", "inet", TABLE);
        nft("add", "chain", "inet", TABLE, "in", "{ type filter hook input priority 0; policy accept; }");
        nft("add", "chain", "inet", TABLE, "out", "{ type filter hook output priority 0; policy accept; }");
        nft("add", "rule", "inet", TABLE, "in", "ip", "saddr", ab, "drop");
        nft("add", "rule", "inet", TABLE, "out", "ip", "daddr", ab, "drop");
    }

    private static void nft(String... args) {
        List<String> cmd = new ArrayList<>(List.of("nft"));
        cmd.addAll(List.of(args));
        lab.exec("fw-c", cmd.toArray(String[]::new)).check();
    }

    @Test
    void aPartitionWithWritesOnBothSidesHealsAndConverges() {
        Replica a = start(1, goodKeys, Replica.TCP_STACK);
        Replica b = start(2, goodKeys, Replica.TCP_STACK);
        Replica c = start(3, goodKeys, Replica.TCP_STACK);
        List<Replica> all = List.of(a, b, c);
        Waits.until(WAIT, "three members READY", all,
                () -> all.stream().allMatch(r -> r.ready() && "[1,2,3]".equals(r.members())));
        a.cmd("write 2000 before");
        Waits.converged(WAIT, all, dir);

        long cutAt = System.nanoTime();
        cutOffC();
        Waits.until(WAIT, "the partition splits the view", all,
                () -> List.of(1, 2).equals(a.memberSet()) && List.of(3).equals(c.memberSet()));
        System.out.println("silent peer noticed after <= " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt)
                + " ms (polled every 100 ms)");
        a.cmd("write 1500 side-ab");
        b.cmd("update 500 before 4");
        c.cmd("write 1500 side-c");
        c.cmd("update 700 before 5");
        c.cmd("delete 100 side-c");
        assertNotEquals(a.dump(dir), c.dump(dir));

        long healAt = System.nanoTime();
        nft("delete", "table", "inet", TABLE);
        Waits.until(WAIT, "MERGE3 merges the views", all,
                () -> all.stream().allMatch(r -> List.of(1, 2, 3).equals(r.memberSet())));
        Waits.converged(WAIT, all, dir);
        System.out.println("healed and converged after <= "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healAt) + " ms");
        assertEquals(2000 + 1500 + 1500 - 100, a.dump(dir).size());
        assertTrue(a.metric("ranges_repaired") + b.metric("ranges_repaired") + c.metric("ranges_repaired") > 0,
                "anti-entropy repaired the divergence");
    }

    @Test
    void theUdpStackReplicatesAndKeepsAMemberWithoutTheKeyOut() {
        Replica a = start(1, goodKeys, Replica.UDP_STACK);
        Replica b = start(2, goodKeys, Replica.UDP_STACK);
        Waits.until(WAIT, "two members over UDP multicast", List.of(a, b),
                () -> "[1,2]".equals(a.members()) && b.ready());
        Replica rogue = start(3, rogueKeys, Replica.UDP_STACK);
        a.cmd("write 1000 udp");
        rogue.cmd("write 500 rogue");
        Waits.converged(WAIT, List.of(a, b), dir);
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> "[3]".equals(rogue.members()) && "[1,2]".equals(a.members())
                        && "[1,2]".equals(b.members()));
        assertTrue(rogue.metric("records_sent") >= 500, "the rogue multicast its flows to the group");
        assertEquals(1000, a.dump(dir).size(), "none of them was applied");
        assertEquals(1000, b.dump(dir).size());
        assertEquals(0, rogue.metric("records_received"));
    }
}
