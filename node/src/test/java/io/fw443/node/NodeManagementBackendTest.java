package io.fw443.node;

import static io.fw443.node.ManagedNode.CLIENT;
import static io.fw443.node.ManagedNode.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.engine.VerdictReason;
import io.fw443.metrics.PrometheusTextParser;
import io.fw443.mgmt.ClusterView;
import io.fw443.mgmt.FailoverResult;
import io.fw443.mgmt.FlowQuery;
import io.fw443.mgmt.FlowView;
import io.fw443.mgmt.FlowsPage;
import io.fw443.mgmt.HealthView;
import io.fw443.mgmt.StatsView;
import io.fw443.mgmt.VrrpView;
import io.fw443.sync.FlowReplicator;
import io.fw443.sync.SyncClock;
import io.fw443.sync.SyncConfig;
import io.fw443.sync.SyncState;
import io.fw443.sync.SyncTransport;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.HeapFlowTable;
import io.fw443.vrrp.VrrpState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The backend over real engines, table, speaker and replicator, called directly. */
@Timeout(60)
class NodeManagementBackendTest {
    @TempDir
    Path dir;

    private ManagedNode node;
    private FlowReplicator replicator;

    @AfterEach
    void close() throws InterruptedException {
        if (node != null) {
            node.close();
        }
        if (replicator != null) {
            replicator.close();
        }
    }

    private static FlowsPage page(ManagedNode n, Map<String, String> params) throws Exception {
        return n.backend.flows(FlowQuery.parse(params));
    }

    @Test
    void aRunningStandaloneNodeIsHealthyAndCountsItsVerdictsByReason() throws Exception {
        node = new ManagedNode(dir, null).start();
        node.electMaster();
        node.connect(40000, 443, "www.example.test");
        node.connect(40001, 22, null); // no rule: the default drops the SYN, and the rest is invalid

        assertEquals(new HealthView(HealthView.Status.HEALTHY, List.of()), node.backend.health());
        StatsView stats = node.backend.stats();
        assertEquals(7, stats.packets());
        assertEquals(1, stats.tableSize());
        assertEquals(ManagedNode.MAX_FLOWS, stats.tableCapacity());
        assertEquals(Map.of("new", 1L, "established", 3L), stats.verdicts().get("forward"));
        assertEquals(Map.of("policy", 1L, "invalid", 2L), stats.verdicts().get("drop"));
        assertEquals(Map.of("not-an-opener", 2L), stats.conntrackDrops(), "the port-22 packets after the dropped SYN");
        long sumOfBytes = node.workers.stream().mapToLong(w -> w.engine().counters().bytes()).sum();
        assertEquals(sumOfBytes, stats.bytes());
    }

    @Test
    void flowsShowTheirTlsFactsAndFilter() throws Exception {
        node = new ManagedNode(dir, null).start();
        node.connect(40000, 443, "www.example.test");
        node.connect(40001, 80, null);

        FlowsPage all = page(node, Map.of());
        assertNull(all.nextCursor());
        assertEquals(2, all.flows().size());
        FlowView https = page(node, Map.of("sni", "*.example.test")).flows().get(0);
        assertEquals(new FlowView("tcp", CLIENT, 40000, SERVER, 443, "established", "www.example.test",
                https.ja4(), "h2", "1.3", null, 0, 4, https.bytes(), "fw-t", List.of("tls-checked")), https);
        assertTrue(https.ja4().startsWith("t13d"), https.ja4());
        assertEquals(List.of(80), ports(page(node, Map.of("port", "80"))));
        assertEquals(List.of(443), ports(page(node, Map.of("sni", "www.example.test"))));
        assertEquals(List.of(), ports(page(node, Map.of("sni", "other.example.test"))));
        assertEquals(2, page(node, Map.of("src", CLIENT, "dst", SERVER)).flows().size());
        assertEquals(List.of(), ports(page(node, Map.of("src", SERVER))), "src is the initiator");
        assertEquals(2, page(node, Map.of("address", SERVER, "state", "established")).flows().size());
        assertEquals(List.of(), ports(page(node, Map.of("state", "syn_sent"))));
        assertEquals(List.of(), ports(page(node, Map.of("address", "2001:db8::1"))));

        node.nowNs.addAndGet(5 * ManagedNode.SECOND_NS);
        assertEquals(5, page(node, Map.of("port", "80")).flows().get(0).idleS());
    }

    @Test
    void pagesWalkTheWholeTableOnceEach() throws Exception {
        node = new ManagedNode(dir, null).start();
        for (int i = 0; i < 7; i++) {
            node.connect(41000 + i, 80, null);
        }
        Set<Integer> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> params = new HashMap<>(Map.of("limit", "3"));
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            FlowsPage p = page(node, params);
            assertTrue(p.flows().size() <= 3);
            for (FlowView f : p.flows()) {
                assertTrue(seen.add(f.sport()), "listed twice: " + f);
            }
            cursor = p.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(7, seen.size());
        assertTrue(pages >= 3, "pages: " + pages);
    }

    @Test
    void aCursorTheNodeNeverIssuedIsABadParameter() throws Exception {
        node = new ManagedNode(dir, null);
        FlowQuery.InvalidParameterException e = assertThrows(FlowQuery.InvalidParameterException.class,
                () -> page(node, Map.of("cursor", "99.0")));
        assertEquals("cursor", e.parameter());
        assertThrows(FlowQuery.InvalidParameterException.class, () -> page(node, Map.of("cursor", "abc")));
    }

    @Test
    void aFailedPortDegradesAndNoForwardingPortFailsTheNode() throws Exception {
        node = new ManagedNode(dir, null);
        HealthView notStarted = node.backend.health();
        assertEquals(HealthView.Status.FAILED, notStarted.status());
        assertEquals(List.of("port inside (eth1) not started", "port outside (eth2) not started"),
                notStarted.reasons());

        node.start();
        node.failPort(ManagedNode.OUTSIDE);
        assertEquals(new HealthView(HealthView.Status.DEGRADED,
                List.of("port outside (eth2) failed: it forwards nothing")), node.backend.health());
        node.failPort(ManagedNode.INSIDE);
        assertEquals(HealthView.Status.FAILED, node.backend.health().status());
    }

    @Test
    void vrrpGroupsAndFailover() throws Exception {
        node = new ManagedNode(dir, null).start();
        node.speaker.startup();
        node.speaker.doWork(node.nowNs.get());
        assertEquals(List.of(new VrrpView.Group(51, "inside", VrrpState.BACKUP, 150, 150, null,
                List.of("192.0.2.1/24"))), node.backend.vrrp().groups());
        FailoverResult refused = node.backend.failover(51);
        assertEquals(FailoverResult.Outcome.REFUSED, refused.outcome());
        assertEquals("fw-t is backup for group 51; run the failover on its master", refused.detail());
        assertEquals(FailoverResult.Outcome.UNKNOWN_GROUP, node.backend.failover(52).outcome());

        node.electMaster();
        assertEquals("fw-t", node.backend.vrrp().groups().get(0).master());
        int advertsBefore = node.adverts.size();
        assertEquals(FailoverResult.Outcome.DONE, node.backend.failover(51).outcome());
        node.speaker.doWork(node.nowNs.get());
        assertEquals(VrrpState.BACKUP, node.speaker.state(51));
        byte[] resign = node.adverts.get(advertsBefore);
        // VRRPv3 priority: Ethernet 14 + IPv4 20 + version/type 1 + VRID 1, then the priority byte (RFC 5798 §5.2.4).
        assertEquals(0, resign[14 + 20 + 2] & 0xFF, "a priority 0 advert hands the group over");
    }

    @Test
    void withoutReplicationTheClusterIsThisNodeAlone() throws Exception {
        node = new ManagedNode(dir, null);
        assertEquals(new ClusterView("fw-t", 0, "fw-t", List.of(new ClusterView.Member("fw-t", null,
                ClusterView.MemberState.UP, null, new ClusterView.Resync(ClusterView.ResyncState.IN_SYNC, 1)))),
                node.backend.cluster());
    }

    @Test
    void aResyncingReplicaDegradesTheNodeAndShowsItsProgress() throws Exception {
        AtomicReference<SyncTransport.Listener> listener = new AtomicReference<>();
        replicator = new FlowReplicator(new HeapFlowTable(16), new SilentTransport(2, listener),
                SyncConfig.defaults(), SyncClock.system());
        node = new ManagedNode(dir, replicator).start();
        replicator.start();
        listener.get().onView(new SyncTransport.Membership(4, List.of(3, 2), false));
        ManagedNode.soon().until(() -> replicator.status().state() == SyncState.RESYNCING);

        ClusterView c = node.backend.cluster();
        assertEquals(4, c.viewId());
        assertEquals("node-3", c.coordinator());
        assertEquals(List.of("node-3", "fw-t"), c.members().stream().map(ClusterView.Member::id).toList());
        assertEquals(ClusterView.ResyncState.RUNNING, c.members().get(0).resync().state());
        assertEquals(ClusterView.ResyncState.RUNNING, c.members().get(1).resync().state());
        HealthView h = node.backend.health();
        assertEquals(HealthView.Status.DEGRADED, h.status());
        assertEquals(List.of("sync resyncing (0% from node-3): the table is not complete"), h.reasons());
        String metrics = node.backend.metricsText();
        assertEquals(1.0, metric(metrics, "fw443_sync_state", Map.of()), metrics);
        assertEquals(2.0, metric(metrics, "fw443_sync_members", Map.of()), metrics);
    }

    @Test
    void aFullTableDegrades() throws Exception {
        node = new ManagedNode(dir, null).start();
        FlowKey key = new FlowKey();
        FlowRecord record = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
        for (int i = 0; i < ManagedNode.MAX_FLOWS * NodeManagementBackend.TABLE_FULL_PERCENT / 100; i++) {
            key.set(4, 17, 0, new byte[] {(byte) 192, 0, 2, 10}, 0, 1024 + i,
                    new byte[] {(byte) 198, 51, 100, 100}, 0, 53);
            node.table.insert(key, record);
        }
        assertEquals(List.of("flow table 90% full (900 of 1000)"), node.backend.health().reasons());
    }

    @Test
    void metricsExposeVerdictsTableAndPortsNextToTheHistograms() throws Exception {
        node = new ManagedNode(dir, null).start();
        node.connect(40000, 80, null);
        String text = node.backend.metricsText();
        assertEquals(1.0, metric(text, "fw443_verdicts_total", Map.of("verdict", "forward", "reason", "new")), text);
        assertEquals(2.0, metric(text, "fw443_verdicts_total", Map.of("verdict", "forward", "reason", "established")));
        assertEquals(1.0, metric(text, "fw443_flows", Map.of()));
        assertEquals(3.0, metric(text, "fw443_packets_total", Map.of()));
        assertEquals(1.0, metric(text, "fw443_port_up", Map.of("interface", "inside")));
        assertEquals(150.0, metric(text, "fw443_vrrp_effective_priority", Map.of("group", "51")));
        assertTrue(text.contains("# TYPE fw443_packet_latency_seconds histogram"), text);
        assertTrue(text.contains("# TYPE fw443_replication_lag_seconds histogram"), text);
    }

    @Test
    void reasonNamesDropTheirVerdictPrefix() {
        assertEquals("table-full", NodeManagementBackend.reasonName(VerdictReason.DROP_TABLE_FULL));
        assertEquals("tls-policy", NodeManagementBackend.reasonName(VerdictReason.REJECT_TLS_POLICY));
        assertEquals("host", NodeManagementBackend.reasonName(VerdictReason.HOST));
    }

    static double metric(String text, String name, Map<String, String> labels) {
        PrometheusTextParser.Family family = PrometheusTextParser.parse(text).get(name);
        if (family == null) {
            throw new AssertionError("no metric " + name + " in\n" + text);
        }
        return family.value(name, labels);
    }

    private static List<Integer> ports(FlowsPage page) {
        List<Integer> ports = new ArrayList<>();
        page.flows().forEach(f -> ports.add(f.dport()));
        return ports;
    }

    /** A transport that hands the test its listener and delivers nothing. */
    record SilentTransport(int localNode, AtomicReference<SyncTransport.Listener> listener)
            implements SyncTransport {
        @Override
        public void start(Listener l) {
            listener.set(l);
        }

        @Override
        public void broadcast(byte[] buf, int off, int len) {
        }

        @Override
        public boolean send(int node, byte[] buf, int off, int len, boolean control) {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
