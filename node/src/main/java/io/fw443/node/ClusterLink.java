package io.fw443.node;

import io.fw443.config.ClusterConfig;
import io.fw443.config.HostPort;
import io.fw443.config.NodeIdentity;
import io.fw443.sync.FlowReplicator;
import io.fw443.sync.JGroupsTransport;
import io.fw443.sync.SyncClock;
import io.fw443.sync.SyncConfig;
import io.fw443.table.FlowTable;
import io.fw443.tls.LabelDictionary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The node's membership of its cluster: the JGroups channel (the configured stack, filled with this node's sync
 * address, peers and key material) and the flow replicator over it, which also carries the node's SNI/JA4 labels.
 * The key store is required: cluster traffic is authenticated and encrypted or not sent at all. The TLS stores are
 * found next to {@code cluster.key-store} ({@code <dir>/<node-id>.p12}, {@code <dir>/truststore.p12}, as
 * config/gen-cluster-key.sh writes them).
 */
final class ClusterLink implements AutoCloseable {
    private final JGroupsTransport transport;
    private final FlowReplicator replicator;

    private ClusterLink(JGroupsTransport transport, FlowReplicator replicator) {
        this.transport = transport;
        this.replicator = replicator;
    }

    /**
     * Joins the cluster; {@code labels} takes the peers' labels and serves its own to a joining peer;
     * {@code peerCrashed} hears node ids of peers whose process died (a JGroups thread).
     */
    static ClusterLink start(NodeIdentity node, ClusterConfig cluster, FlowTable table, LabelDictionary labels,
                             IntConsumer peerCrashed) throws Exception {
        Path keyStore = cluster.keyStore().orElseThrow(() -> new IllegalStateException(
                "cluster.key-store is not set: sync traffic is only sent authenticated and encrypted (make the keys"
                        + " with config/gen-cluster-key.sh)"));
        Path keysDir = keyStore.toAbsolutePath().getParent();
        for (Path needed : List.of(keyStore, keysDir.resolve(node.id() + ".p12"), keysDir.resolve("truststore.p12"))) {
            if (!Files.isReadable(needed)) {
                throw new IllegalStateException("cluster key material missing: " + needed
                        + " (config/gen-cluster-key.sh " + keysDir + " " + node.id() + ")");
            }
        }
        List<String> hosts = new ArrayList<>();
        hosts.add(member(cluster.bind()));
        cluster.peers().forEach(p -> hosts.add(member(p)));
        Map<String, String> values = JGroupsTransport.stackValues(cluster.bind().address().toString(),
                cluster.bind().port(), String.join(",", hosts), keysDir, node.id(), password(cluster));
        // A peer's first TLS handshake on a cold JVM can outlast JGroups' 1 s join default; a lone start is not
        // slowed by this (no coordinator answers discovery, so nothing is joined).
        values.put("fw443.sync.join_timeout", "5000");
        JGroupsTransport transport = new JGroupsTransport(cluster.stack(), values, cluster.name(), node.id(),
                node.nodeNumber());
        FlowReplicator replicator = new FlowReplicator(table, transport, SyncConfig.defaults(), SyncClock.system());
        ReplicatedLabels replicated = new ReplicatedLabels(labels);
        replicator.labels(replicated, replicated);
        transport.onPeerCrash(peerCrashed);
        try {
            replicator.start();
        } catch (Exception | Error e) {
            replicator.close();
            throw e;
        }
        return new ClusterLink(transport, replicator);
    }

    private static String member(HostPort hp) {
        return hp.address() + "[" + hp.port() + "]";
    }

    private static String password(ClusterConfig cluster) throws IOException {
        if (cluster.keyStorePasswordFile().isPresent()) {
            List<String> lines = Files.readAllLines(cluster.keyStorePasswordFile().get());
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                throw new IllegalStateException("empty password file " + cluster.keyStorePasswordFile().get());
            }
            return lines.get(0).strip();
        }
        String variable = cluster.keyStorePasswordEnv().orElseThrow();
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " (cluster key-store password) is"
                    + " not set");
        }
        return value;
    }

    FlowReplicator replicator() {
        return replicator;
    }

    String viewString() {
        return transport.viewString();
    }

    /** Stops replicating and leaves the cluster (the replicator closes the channel). */
    @Override
    public void close() {
        replicator.close();
    }
}
