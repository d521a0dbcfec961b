package io.fw443.sync;

import static org.awaitility.Awaitility.await;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.HeapFlowTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.awaitility.core.ConditionTimeoutException;

/** Replicators on an {@link InMemoryHub}, with the writes an engine would do and bounded, self-describing waits. */
final class HubCluster implements AutoCloseable {
    /** How long the hub tests wait for convergence. */
    static final java.time.Duration WAIT = java.time.Duration.ofSeconds(20);
    /** Fast digests and a short stall timeout, so repairs and resync retries happen within a test. */
    static final SyncConfig FAST = SyncConfig.defaults().withDigestIntervalMs(300)
            .withDigestSettleMs(100).withResyncStallTimeoutMs(2_000);
    final InMemoryHub hub;
    final SyncConfig config;
    final Map<Integer, Node> nodes = new LinkedHashMap<>();

    /** One member: its table and its replicator. */
    record Node(int id, HeapFlowTable table, FlowReplicator replicator) {}

    HubCluster(long seed, SyncConfig config) {
        this.hub = new InMemoryHub(seed);
        this.config = config;
    }

    Node start(int id) throws Exception {
        return start(id, new HeapFlowTable(1 << 20));
    }

    Node start(int id, HeapFlowTable table) throws Exception {
        return start(id, table, LabelSource.NONE, LabelSink.NONE);
    }

    /** A member whose node knows the labels of {@code source} and takes what arrives into {@code sink}. */
    Node start(int id, HeapFlowTable table, LabelSource source, LabelSink sink) throws Exception {
        FlowReplicator replicator = new FlowReplicator(table, hub.member(id), config, SyncClock.system());
        replicator.labels(source, sink);
        Node node = new Node(id, table, replicator);
        nodes.put(id, node);
        replicator.start();
        return node;
    }

    void stop(int id) {
        nodes.remove(id).replicator().close();
    }

    Node node(int id) {
        return nodes.get(id);
    }

    /** New established flows {@code [from, to)} written and published by {@code n}. */
    void write(Node n, int from, int to) {
        long now = SyncClock.system().nanoTime();
        FlowKey key = new FlowKey();
        for (int i = from; i < to; i++) {
            key.copyFrom(Flows.key(i));
            FlowRecord r = Flows.established(n.replicator().hlc().tick(), n.id(), i + n.id() * 7, now);
            n.table().put(key, r);
            publish(n, key, r, now);
        }
    }

    /** Advances flows {@code [from, to)} on {@code n} as local packets would: windows move, a new version. */
    void advance(Node n, int from, int to, int state) {
        long now = SyncClock.system().nanoTime();
        for (int i = from; i < to; i++) {
            n.table().update(Flows.key(i), (k, r, node) -> {
                r.clearFlag(FlowRecord.FLAG_IMPORTED | FlowRecord.FLAG_PICKUP).state(state)
                        .end(0, r.end(0) + 1_000 * node.id()).packets(0, r.packets(0) + 1)
                        .version(node.replicator().hlc().tick()).originNode(node.id());
                publish(node, k, r, now);
                return 0;
            }, n);
        }
    }

    private static void publish(Node n, FlowKey key, FlowRecord r, long now) {
        while (!n.replicator().publishUpsert(key, r, now)) {
            Thread.onSpinWait();
        }
    }

    /** Waits until every member holds the same live records, record by record. */
    void awaitConverged(Duration atMost) {
        awaitOrDescribe(atMost, () -> {
            List<SortedMap<String, String>> dumps = new ArrayList<>();
            for (Node n : nodes.values()) {
                dumps.add(TableDump.live(n.table()));
            }
            for (SortedMap<String, String> d : dumps) {
                if (!d.equals(dumps.get(0))) {
                    return false;
                }
            }
            return true;
        }, "members converge");
    }

    void awaitReady(Duration atMost) {
        awaitOrDescribe(atMost, () -> nodes.values().stream().allMatch(n -> n.replicator().status().ready()),
                "every member READY");
    }

    void awaitOrDescribe(Duration atMost, java.util.concurrent.Callable<Boolean> condition, String what) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out waiting for: " + what + "\n" + describe(), e);
        }
    }

    /** Every member's status, size and key metrics, and the first differing records: printed on a failed wait. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        SortedMap<String, String> first = null;
        for (Node n : nodes.values()) {
            SortedMap<String, String> dump = TableDump.live(n.table());
            sb.append(n.replicator().status()).append(" live=").append(dump.size()).append(' ')
                    .append(n.replicator().metrics().snapshot()).append('\n');
            if (first == null) {
                first = dump;
            } else {
                int shown = 0;
                for (Map.Entry<String, String> e : first.entrySet()) {
                    String other = dump.get(e.getKey());
                    if (!e.getValue().equals(other) && shown++ < 3) {
                        sb.append("  ").append(e.getKey()).append(": first ").append(e.getValue()).append(" / node ")
                                .append(n.id()).append(' ').append(other).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (Node n : nodes.values()) {
            n.replicator().close();
        }
        nodes.clear();
        hub.close();
    }
}
