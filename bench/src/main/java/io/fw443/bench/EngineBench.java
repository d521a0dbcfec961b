package io.fw443.bench;

import io.fw443.engine.Engine;
import io.fw443.engine.EngineSettings;
import io.fw443.engine.FlowEvents;
import io.fw443.engine.Router;
import io.fw443.engine.Verdict;
import io.fw443.engine.VerdictReason;
import io.fw443.policy.Action;
import io.fw443.policy.CidrSet;
import io.fw443.policy.Policy;
import io.fw443.policy.PortRanges;
import io.fw443.policy.Protocol;
import io.fw443.policy.Rule;
import io.fw443.policy.SourceLimiter;
import io.fw443.policy.ZoneMap;
import io.fw443.table.ChronicleFlowTable;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;
import io.fw443.table.HeapFlowTable;
import java.io.IOException;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The engine on one thread with 1,000,000 established TCP flows in the table. {@link #established} sends the next of
 * 2,048 pre-built pure ACKs (1,024 flows spread over the table, both directions), so lookups hit different entries;
 * {@link #newFlow} sends the SYN of a flow not in the table, which goes through the opener check, a 1,000-rule policy
 * (the matching rule is the 999th; the first is a 1,000,000-prefix source blocklist nobody matches) and the insert,
 * then removes the flow again so the table stays at 1M; {@link #bareUpdate} is the table alone: an in-place update of
 * a hot flow's record, the floor under {@link #established}; {@link #tableSize} is the size check of the new-flow
 * path. Each operation of the first three is one packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class EngineBench {
    static final int FLOWS = 1_000_000;
    private static final int HOT_FLOWS = 1024;
    private static final int NEW_FLOW_POOL = 1 << 16;
    private static final int INSIDE = 1;
    private static final int OUTSIDE = 2;
    private static final int SERVER = BenchFrames.ipv4(198, 51, 100, 100);
    private static final int CLIENT_ISN = 1000;
    private static final int SERVER_ISN = 5000;
    private static final int PORTS_PER_CLIENT = 60_000;
    private static final int FIRST_PORT = 1024;
    private static final FlowTable.RecordUpdater<Object> TOUCH = (k, r, c) -> {
        r.count(0, 60);
        return 0;
    };

    @Param({"heap", "chronicle"})
    public String table;

    private FlowTable flows;
    private Engine engine;
    private byte[][] hotFrames;
    private int[] hotIngress;
    private FlowKey[] hotKeys;
    private byte[][] synFrames;
    private FlowKey[] synKeys;
    private int hotCursor;
    private int synCursor;
    private long nowNs = 1_000_000_000L;

    @Setup
    public void setUp() throws IOException {
        flows = "chronicle".equals(table)
                ? ChronicleFlowTable.open(ChronicleFlowTable.Options.inMemory(FLOWS + NEW_FLOW_POOL))
                : new HeapFlowTable(FLOWS + NEW_FLOW_POOL, 16);
        ZoneMap zones = ZoneMap.builder().zone("clients").zone("servers")
                .bind("inside", INSIDE, "clients").bind("outside", OUTSIDE, "servers").build();
        Policy policy = policy(zones);
        engine = new Engine(EngineSettings.defaults(1, FLOWS + NEW_FLOW_POOL), flows, () -> policy, zones,
                EngineBench::route, new SourceLimiter(SourceLimiter.Settings.of(1024, 0, 0, 1)), FlowEvents.NONE);
        // Flow 0 opens through the engine; the others get copies of its record, which fits them all: same ISNs,
        // windows, zones and address order. Three engine calls per flow would make the set-up take minutes.
        handshake(clientAddress(0), clientPort(0));
        FlowRecord opened = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
        if (!flows.get(key(clientAddress(0), clientPort(0)), opened)) {
            throw new IllegalStateException("the handshake left no flow");
        }
        FlowKey flowKey = new FlowKey();
        byte[] a = {(byte) 192, 0, 2, 0, (byte) 198, 51, 100, 100};
        for (int i = 1; i < FLOWS; i++) {
            a[3] = (byte) (clientAddress(i));
            flowKey.set(FlowKey.FAMILY_IPV4, 6, 0, a, 0, clientPort(i), a, 4, 443);
            if (flows.insert(flowKey, opened) != FlowTable.Insert.INSERTED) {
                throw new IllegalStateException("not inserted: " + flowKey);
            }
        }
        if (flows.size() != FLOWS) {
            throw new IllegalStateException("set-up left " + flows.size() + " flows, not " + FLOWS);
        }
        hotFrames = new byte[2 * HOT_FLOWS][];
        hotIngress = new int[2 * HOT_FLOWS];
        hotKeys = new FlowKey[HOT_FLOWS];
        for (int k = 0; k < HOT_FLOWS; k++) {
            int i = k * (FLOWS / HOT_FLOWS);
            int client = clientAddress(i);
            int port = clientPort(i);
            hotFrames[2 * k] = BenchFrames.tcp(client, port, SERVER, 443, BenchFrames.ACK, CLIENT_ISN + 1,
                    SERVER_ISN + 1);
            hotIngress[2 * k] = INSIDE;
            hotFrames[2 * k + 1] = BenchFrames.tcp(SERVER, 443, client, port, BenchFrames.ACK, SERVER_ISN + 1,
                    CLIENT_ISN + 1);
            hotIngress[2 * k + 1] = OUTSIDE;
            hotKeys[k] = key(client, port);
        }
        synFrames = new byte[NEW_FLOW_POOL][];
        synKeys = new FlowKey[NEW_FLOW_POOL];
        for (int k = 0; k < NEW_FLOW_POOL; k++) {
            // 192.0.2.100 and up: no address the 1M established flows use.
            int client = BenchFrames.ipv4(192, 0, 2, 100 + (k >>> 15));
            int port = FIRST_PORT + (k & 0x7FFF);
            synFrames[k] = BenchFrames.tcp(client, port, SERVER, 443, BenchFrames.SYN, CLIENT_ISN, 0);
            synKeys[k] = key(client, port);
        }
        expect(established(), VerdictReason.FORWARD_ESTABLISHED);
        expect(newFlow(), VerdictReason.FORWARD_NEW);
    }

    @TearDown
    public void tearDown() {
        long packets = engine.counters().packets();
        long forwarded = engine.counters().count(VerdictReason.FORWARD_NEW)
                + engine.counters().count(VerdictReason.FORWARD_ESTABLISHED);
        flows.close();
        // Every packet measured must have taken the path it stands for; a drop would make the figure meaningless.
        if (packets != forwarded) {
            throw new IllegalStateException((packets - forwarded) + " of " + packets + " packets were not forwarded");
        }
    }

    @Benchmark
    public Verdict established() {
        int i = hotCursor;
        hotCursor = (i + 1) & (2 * HOT_FLOWS - 1);
        byte[] frame = hotFrames[i];
        nowNs += 1000;
        return engine.process(frame, 0, frame.length, hotIngress[i], nowNs);
    }

    @Benchmark
    public Verdict newFlow() {
        int i = synCursor;
        synCursor = (i + 1) & (NEW_FLOW_POOL - 1);
        byte[] frame = synFrames[i];
        nowNs += 1000;
        Verdict v = engine.process(frame, 0, frame.length, INSIDE, nowNs);
        flows.remove(synKeys[i]);
        return v;
    }

    @Benchmark
    public int bareUpdate() {
        int i = hotCursor;
        hotCursor = (i + 1) & (HOT_FLOWS - 1);
        return flows.update(hotKeys[i], TOUCH, null);
    }

    /**
     * The table's size as the new-flow path reads it (for the configured maximum): on Chronicle Map {@code longSize()}
     * visits every segment, so this shows what that check costs per new flow.
     */
    @Benchmark
    public long tableSize() {
        return flows.size();
    }

    private void expect(Verdict verdict, VerdictReason reason) {
        if (verdict != reason.verdict() || engine.reason() != reason) {
            throw new IllegalStateException("expected " + reason + ", got " + engine.reason());
        }
    }

    private void handshake(int client, int port) {
        send(BenchFrames.tcp(client, port, SERVER, 443, BenchFrames.SYN, CLIENT_ISN, 0), INSIDE);
        send(BenchFrames.tcp(SERVER, 443, client, port, BenchFrames.SYN | BenchFrames.ACK, SERVER_ISN,
                CLIENT_ISN + 1), OUTSIDE);
        send(BenchFrames.tcp(client, port, SERVER, 443, BenchFrames.ACK, CLIENT_ISN + 1, SERVER_ISN + 1), INSIDE);
    }

    private void send(byte[] frame, int ingress) {
        nowNs += 1000;
        if (engine.process(frame, 0, frame.length, ingress, nowNs) != Verdict.FORWARD) {
            throw new IllegalStateException("set-up packet not forwarded: " + engine.reason());
        }
    }

    /** Flow {@code i}'s client: 192.0.2.1 and up, 60,000 ports each. */
    private static int clientAddress(int i) {
        return BenchFrames.ipv4(192, 0, 2, 1 + i / PORTS_PER_CLIENT);
    }

    private static int clientPort(int i) {
        return FIRST_PORT + i % PORTS_PER_CLIENT;
    }

    private static FlowKey key(int client, int port) {
        byte[] a = {(byte) (client >>> 24), (byte) (client >>> 16), (byte) (client >>> 8), (byte) client,
            (byte) 198, 51, 100, 100};
        FlowKey key = new FlowKey();
        key.set(FlowKey.FAMILY_IPV4, 6, 0, a, 0, port, a, 4, 443);
        return key;
    }

    /** 198.51.100.0/24 is outside, everything else inside. */
    private static int route(int family, byte[] a, int off) {
        if (family != 4) {
            return Router.NONE;
        }
        return (a[off] & 0xFF) == 198 && a[off + 1] == 51 && a[off + 2] == 100 ? OUTSIDE : INSIDE;
    }

    /**
     * 1,000 rules from clients to servers over TCP: a blocklist of 1,000,000 random prefixes in 1.0.0.0/1 (no client
     * is in it), 997 services on other /24s, the HTTPS rule that matches, and an SSH reject.
     */
    static Policy policy(ZoneMap zones) {
        int clients = zones.zoneId("clients");
        int servers = zones.zoneId("servers");
        Policy.Builder b = Policy.builder(zones.zoneCount()).defaultAction(Action.DROP);
        b.add(Rule.builder("blocklist").src(blocklist(FLOWS, 7)).action(Action.DROP));
        for (int k = 1; k <= 997; k++) {
            CidrSet dst = CidrSet.builder().addV4(BenchFrames.ipv4(10, k >>> 8, k & 0xFF, 0) & 0xFFFF_FFFFL, 24).build();
            b.add(Rule.builder("service-" + k).from(clients).to(servers).dst(dst).protocol(Protocol.TCP)
                    .dstPorts(PortRanges.of(443)).action(Action.ACCEPT));
        }
        b.add(Rule.builder("https-in").from(clients).to(servers)
                .dst(CidrSet.builder().add("198.51.100.100/32").build()).protocol(Protocol.TCP)
                .dstPorts(PortRanges.of(443)).action(Action.ACCEPT));
        b.add(Rule.builder("reject-ssh").protocol(Protocol.TCP).dstPorts(PortRanges.of(22)).action(Action.REJECT));
        return b.build();
    }

    /** {@code count} random prefixes, /24 to /32 (so few merge), all below 128.0.0.0. */
    static CidrSet blocklist(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        CidrSet.Builder b = CidrSet.builder();
        for (int i = 0; i < count; i++) {
            b.addV4(random.nextInt() & 0x7FFF_FFFFL, 24 + random.nextInt(9));
        }
        return b.build();
    }
}
