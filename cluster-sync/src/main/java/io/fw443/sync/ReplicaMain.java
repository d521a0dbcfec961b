package io.fw443.sync;

import io.fw443.table.ChronicleFlowTable;
import io.fw443.table.ExpirySweeper;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;
import io.fw443.table.HeapFlowTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A harness for the multi-process tests and the replication benchmarks, not part of the node: one cluster member
 * (a table and a replicator over a JGroups stack) driven by line commands on stdin. Replies are single lines on
 * stdout starting with {@code "@@ "}; logs go to stderr.
 *
 * <pre>
 * ReplicaMain --node ID --bind HOST:PORT --peers "HOST[PORT],..." --keys DIR
 *             [--name NAME] [--stack config/jgroups-tcp.xml] [--cluster NAME] [--table heap|chronicle:FILE]
 *             [--capacity FLOWS]
 *             [--digest-interval-ms MS] [--digest-settle-ms MS] [--tombstone-ttl-ms MS]
 *             [--set STACK_PLACEHOLDER=VALUE]...
 *
 * write N PREFIX            new established flows PREFIX/0..N-1, stored and published as an engine would
 * update N PREFIX STATE     advance those flows (new version, windows forward, TCP state code STATE)
 * delete N PREFIX           delete them cluster-wide (tombstones)
 * flood N PREFIX RATE       write N flows at RATE per second (0: as fast as the ring takes them)
 * status | metrics | reset  sync status; every metric; clear lag histogram and receive span
 * dump FILE                 the live table, record by record (TableDump), into FILE
 * await-received N SECONDS  wait until N records arrived; reports the receive span and rate
 * await-ready SECONDS       wait until READY; reports the last resync's duration
 * quit
 * </pre>
 * {@code --table chronicle:FILE} keeps the flows in a persisted Chronicle Map (needs the JVM flags of
 * {@code chronicle.jvm.flags} in the root pom); a member restarted on its file resyncs and sweeps what went stale.
 */
public final class ReplicaMain {
    private static final long HOUR_NS = TimeUnit.HOURS.toNanos(1);

    private final FlowTable table;
    private final FlowReplicator replicator;
    private final JGroupsTransport transport;
    private final int node;
    private final PrintStream out;
    /** The last record {@code update} changed, copied under the table's entry lock. */
    private final FlowRecord copy = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);

    private ReplicaMain(FlowTable table, FlowReplicator replicator, JGroupsTransport transport, int node,
                        PrintStream out) {
        this.table = table;
        this.replicator = replicator;
        this.transport = transport;
        this.node = node;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        Map<String, String> stackOverrides = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--set")) {
                String[] kv = args[i + 1].split("=", 2);
                stackOverrides.put(kv[0], kv[1]);
            } else {
                opts.put(args[i], args[i + 1]);
            }
        }
        int node = Integer.parseInt(require(opts, "--node"));
        String name = opts.getOrDefault("--name", "n" + node);
        String[] bind = require(opts, "--bind").split(":");
        FlowTable table = openTable(opts.getOrDefault("--table", "heap"),
                Long.parseLong(opts.getOrDefault("--capacity", "4000000")));
        Path keys = Path.of(require(opts, "--keys"));
        Map<String, String> values = JGroupsTransport.stackValues(bind[0], Integer.parseInt(bind[1]),
                require(opts, "--peers"), keys, name, Files.readAllLines(keys.resolve("cluster.pass")).get(0));
        values.putAll(stackOverrides);
        JGroupsTransport transport = new JGroupsTransport(Path.of(opts.getOrDefault("--stack",
                "config/jgroups-tcp.xml")), values, opts.getOrDefault("--cluster", "fw443"), name, node);
        SyncConfig config = SyncConfig.defaults()
                .withDigestIntervalMs(Long.parseLong(opts.getOrDefault("--digest-interval-ms",
                        Long.toString(SyncConfig.defaults().digestIntervalMs()))))
                .withDigestSettleMs(Long.parseLong(opts.getOrDefault("--digest-settle-ms",
                        Long.toString(SyncConfig.defaults().digestSettleMs()))))
                .withTombstoneTtlMs(Long.parseLong(opts.getOrDefault("--tombstone-ttl-ms", "60000")));
        FlowReplicator replicator = new FlowReplicator(table, transport, config, SyncClock.system());
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // Expiry (tombstones included) is the table's sweeper's job, as in the node.
        ExpirySweeper<Void> sweeper = new ExpirySweeper<>(table, System::nanoTime, 1024, (k, r, c) -> { }, null);
        ScheduledExecutorService sweeps = Executors.newSingleThreadScheduledExecutor(job -> {
            Thread t = new Thread(job, "expiry-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeps.scheduleWithFixedDelay(() -> sweeper.sweep(System.nanoTime(), 2_000_000L), 100, 100,
                TimeUnit.MILLISECONDS);
        long flowsAtStart = table.size();
        replicator.start();
        ReplicaMain main = new ReplicaMain(table, replicator, transport, node, out);
        out.println("@@ started node=" + node + " flows=" + flowsAtStart);
        main.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        sweeps.shutdownNow();
        replicator.close();
        table.close();
        System.exit(0);
    }

    /** {@code heap}, or {@code chronicle:FILE} for the persisted off-heap table (kept across restarts). */
    private static FlowTable openTable(String kind, long capacity) throws java.io.IOException {
        if (kind.equals("heap")) {
            return new HeapFlowTable(capacity);
        }
        if (kind.startsWith("chronicle:")) {
            return ChronicleFlowTable.open(ChronicleFlowTable.Options.persisted(capacity,
                    Path.of(kind.substring("chronicle:".length()))));
        }
        throw new IllegalArgumentException("--table must be heap or chronicle:FILE, not " + kind);
    }

    private static String require(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return v;
    }

    private void serve(BufferedReader in) throws Exception {
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            if (w[0].isEmpty()) {
                continue;
            }
            try {
                if (w[0].equals("quit")) {
                    out.println("@@ ok quit");
                    return;
                }
                out.println("@@ " + command(w));
            } catch (RuntimeException e) {
                out.println("@@ err " + w[0] + ": " + e);
            }
        }
    }

    private String command(String[] w) throws Exception {
        switch (w[0]) {
            case "write":
                write(Integer.parseInt(w[1]), w[2], 0);
                return "ok write " + w[1];
            case "flood": {
                long start = System.nanoTime();
                long full = replicator.metrics().ringDrops();
                write(Integer.parseInt(w[1]), w[2], Long.parseLong(w[3]));
                return "ok flood " + w[1] + " ms=" + (System.nanoTime() - start) / 1_000_000 + " ring_full="
                        + (replicator.metrics().ringDrops() - full);
            }
            case "update":
                return "ok update " + update(Integer.parseInt(w[1]), w[2], Integer.parseInt(w[3]));
            case "delete": {
                long now = System.nanoTime();
                FlowKey key = new FlowKey();
                for (int i = 0; i < Integer.parseInt(w[1]); i++) {
                    key(w[2], i, key);
                    while (!replicator.deleteFlow(key, now)) {
                        LockSupport.parkNanos(50_000);
                    }
                }
                return "ok delete " + w[1];
            }
            case "status":
                return "status " + replicator.status() + " live=" + TableDump.live(table).size() + " size="
                        + table.size() + " view=" + transport.viewString().replace(" ", "");
            case "metrics": {
                StringBuilder sb = new StringBuilder("metrics");
                replicator.metrics().snapshot().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
                return sb.toString();
            }
            case "reset":
                replicator.metrics().resetWindow();
                return "ok reset";
            case "dump": {
                SortedMap<String, String> dump = TableDump.live(table);
                List<String> lines = new ArrayList<>(dump.size());
                dump.forEach((k, v) -> lines.add(k + " " + v));
                Path file = Path.of(w[1]);
                try (PrintWriter pw = new PrintWriter(Files.newBufferedWriter(file))) {
                    lines.forEach(pw::println);
                }
                return "ok dump " + lines.size();
            }
            case "await-received": {
                long n = Long.parseLong(w[1]);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(w[2]));
                SyncMetrics m = replicator.metrics();
                while (m.recordsReceived() < n && System.nanoTime() - deadline < 0) {
                    LockSupport.parkNanos(1_000_000);
                }
                long spanNs = m.receiveSpanNs();
                return (m.recordsReceived() >= n ? "ok" : "err") + " received " + m.recordsReceived() + " span_ms="
                        + spanNs / 1_000_000 + " per_s=" + (spanNs > 0 ? m.recordsReceived() * 1_000_000_000L / spanNs
                        : 0);
            }
            case "await-ready": {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(w[1]));
                while (!replicator.status().ready() && System.nanoTime() - deadline < 0) {
                    LockSupport.parkNanos(1_000_000);
                }
                return (replicator.status().ready() ? "ok" : "err") + " ready " + replicator.status();
            }
            default:
                throw new IllegalArgumentException("unknown command");
        }
    }

    /** The key of flow {@code i} of a named batch: the prefix picks the server and domain, {@code i} the client. */
    private static void key(String prefix, int i, FlowKey key) {
        int h = prefix.hashCode();
        byte[] client = {(byte) 192, 0, 2, (byte) (i / 60_000)};
        byte[] server = {(byte) 198, 51, 100, (byte) h};
        key.set(FlowKey.FAMILY_IPV4, 6, (h >>> 8) & 0xFFFF, client, 0, 1024 + i % 60_000, server, 0, 443);
    }

    private void write(int n, String prefix, long perSecond) {
        FlowKey key = new FlowKey();
        FlowRecord r = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (perSecond > 0) {
                long due = start + i * 1_000_000_000L / perSecond;
                while (System.nanoTime() - due < 0) {
                    LockSupport.parkNanos(Math.min(200_000, due - System.nanoTime()));
                }
            }
            long now = System.nanoTime();
            key(prefix, i, key);
            r.clear().state(TcpStates.ESTABLISHED).setFlag(FlowRecord.FLAG_SEEN_REPLY | FlowRecord.FLAG_ASSURED)
                    .version(replicator.hlc().tick()).originNode(node).lastSeenNs(now).expiresAtNs(now + HOUR_NS);
            for (int dir = 0; dir < 2; dir++) {
                r.end(dir, i * 7 + dir).maxEnd(dir, i * 7 + 65_535).maxWindow(dir, 65_535).windowScale(dir, 7);
            }
            table.put(key, r);
            while (!replicator.publishUpsert(key, r, now)) {
                // Ring full: an engine would count the drop and move on; the harness waits for room instead.
                LockSupport.parkNanos(50_000);
            }
        }
    }

    private int update(int n, String prefix, int state) {
        FlowKey key = new FlowKey();
        int updated = 0;
        for (int i = 0; i < n; i++) {
            key(prefix, i, key);
            long now = System.nanoTime();
            int r = table.update(key, (k, rec, main) -> {
                // A local packet moved the flow: it is ours to replicate again, whoever created it.
                rec.clearFlag(FlowRecord.FLAG_IMPORTED | FlowRecord.FLAG_PICKUP).state(state)
                        .end(0, rec.end(0) + 1_000).packets(0, rec.packets(0) + 1).lastSeenNs(now)
                        .version(main.replicator.hlc().tick()).originNode(main.node);
                // The engine publishes the record it holds; a second lookup would be the harness's cost.
                main.copy.copyFrom(rec);
                return 0;
            }, this);
            if (r != FlowTable.MISSING) {
                updated++;
                while (!replicator.publishUpsert(key, copy, now)) {
                    LockSupport.parkNanos(50_000);
                }
            }
        }
        return updated;
    }
}
