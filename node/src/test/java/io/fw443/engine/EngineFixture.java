package io.fw443.engine;

import io.fw443.policy.Action;
import io.fw443.policy.CidrSet;
import io.fw443.policy.L7Conditions;
import io.fw443.policy.Policy;
import io.fw443.policy.PortRanges;
import io.fw443.policy.Protocol;
import io.fw443.policy.Rule;
import io.fw443.policy.SourceLimiter;
import io.fw443.policy.ZoneMap;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;
import io.fw443.table.HeapFlowTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's firewall in miniature: interface 1 "inside" (zone clients, 192.0.2.0/24, 2001:db8:1::/64), interface 2
 * "outside" (zone servers, 198.51.100.0/24, 2001:db8:2::/64); the node's own addresses are .2 on each side.
 * Rules: drop blocklisted sources, HTTPS and QUIC from clients to the web server only, ping, reject SSH; default drop.
 */
final class EngineFixture {
    static final int INSIDE = 1;
    static final int OUTSIDE = 2;
    static final String CLIENT = "192.0.2.10";
    static final String SERVER = "198.51.100.100";
    static final String OTHER_SERVER = "198.51.100.200";
    static final String BLOCKED_CLIENT = "192.0.2.250";

    final ZoneMap zones = ZoneMap.builder().zone("clients").zone("servers")
            .bind("inside", INSIDE, "clients").bind("outside", OUTSIDE, "servers").build();
    final Policy policy;
    final FlowTable table;
    final SourceLimiter limiter;
    final RecordingEvents events = new RecordingEvents();
    final Engine engine;

    EngineFixture(long maxFlows, SourceLimiter.Settings limits) {
        this(maxFlows, limits, null);
    }

    /** With {@code events} null the fixture records events as text (which allocates). */
    EngineFixture(long maxFlows, SourceLimiter.Settings limits, FlowEvents events) {
        this(maxFlows, limits, events, null, null, TlsSettings.small());
    }

    /** The same firewall with TLS conditions on the HTTPS rule and the QUIC rule (null: none). */
    EngineFixture(L7Conditions https, L7Conditions quic, TlsSettings tls) {
        this(1_000_000, SourceLimiter.Settings.of(1024, 0, 0, 1), null, https, quic, tls);
    }

    /** As above, telling {@code events} of flows (null: recorded as text). */
    EngineFixture(L7Conditions https, L7Conditions quic, TlsSettings tls, FlowEvents events) {
        this(1_000_000, SourceLimiter.Settings.of(1024, 0, 0, 1), events, https, quic, tls);
    }

    private EngineFixture(long maxFlows, SourceLimiter.Settings limits, FlowEvents events, L7Conditions https,
                          L7Conditions quic, TlsSettings tls) {
        int clients = zones.zoneId("clients");
        int servers = zones.zoneId("servers");
        CidrSet blocklist = CidrSet.builder().add(BLOCKED_CLIENT + "/32").build();
        CidrSet web = CidrSet.builder().add(SERVER + "/32").add("2001:db8:2::100/128").build();
        policy = Policy.builder(zones.zoneCount()).defaultAction(Action.DROP)
                .add(Rule.builder("drop-blocklisted").src(blocklist).action(Action.DROP).log(true))
                .add(Rule.builder("https-in").from(clients).to(servers).dst(web).protocol(Protocol.TCP)
                        .dstPorts(PortRanges.of(443)).action(Action.ACCEPT).l7(https))
                .add(Rule.builder("quic-in").from(clients).to(servers).dst(web).protocol(Protocol.UDP)
                        .dstPorts(PortRanges.of(443)).action(Action.ACCEPT).l7(quic))
                .add(Rule.builder("ping").from(clients).to(servers).protocol(Protocol.ICMP).action(Action.ACCEPT))
                .add(Rule.builder("ping6").from(clients).to(servers).protocol(Protocol.ICMPV6).action(Action.ACCEPT))
                .add(Rule.builder("reject-ssh").protocol(Protocol.TCP).dstPorts(PortRanges.of(22))
                        .action(Action.REJECT))
                .build();
        table = new HeapFlowTable(1_000_000, 8);
        limiter = new SourceLimiter(limits);
        engine = new Engine(EngineSettings.defaults(2, maxFlows), tls, null, table, () -> policy, zones,
                EngineFixture::route, limiter, events == null ? this.events : events);
    }

    EngineFixture() {
        this(1_000_000, SourceLimiter.Settings.of(1024, 0, 0, 1));
    }

    /** Connected subnets and the node's own addresses. */
    static int route(int family, byte[] a, int off) {
        if (family == 4) {
            int b0 = a[off] & 0xFF;
            int b1 = a[off + 1] & 0xFF;
            int b2 = a[off + 2] & 0xFF;
            int b3 = a[off + 3] & 0xFF;
            if (b3 == 2 && ((b0 == 192 && b1 == 0 && b2 == 2) || (b0 == 198 && b1 == 51 && b2 == 100))) {
                return Router.LOCAL;
            }
            if (b0 == 192 && b1 == 0 && b2 == 2) {
                return INSIDE;
            }
            if (b0 == 198 && b1 == 51 && b2 == 100) {
                return OUTSIDE;
            }
            return Router.NONE;
        }
        if ((a[off] & 0xFF) == 0x20 && (a[off + 1] & 0xFF) == 0x01 && (a[off + 2] & 0xFF) == 0x0d
                && (a[off + 3] & 0xFF) == 0xb8 && a[off + 4] == 0) {
            return a[off + 5] == 1 ? INSIDE : a[off + 5] == 2 ? OUTSIDE : Router.NONE;
        }
        return Router.NONE;
    }

    VerdictReason send(byte[] frame, int ingress, long nowNs) {
        engine.process(frame, 0, frame.length, ingress, nowNs);
        return engine.reason();
    }

    /** A copy of the stored record of the flow between these endpoints. */
    FlowRecord record(String a, int aPort, String b, int bPort, int protocol) {
        FlowKey key = new FlowKey();
        byte[] x = TestFrames.address(a);
        key.set(x.length == 4 ? 4 : 6, protocol, 0, x, 0, aPort, TestFrames.address(b), 0, bPort);
        FlowRecord out = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0);
        return table.get(key, out) ? out : null;
    }

    /** Remembers what the engine told the replication layer. */
    static final class RecordingEvents implements FlowEvents {
        final List<String> log = new ArrayList<>();
        /** Labels told to the peers, as "hash text". */
        final List<String> labels = new ArrayList<>();

        @Override
        public void created(FlowKey key, FlowRecord record) {
            log.add("created " + key + " state " + record.state());
        }

        @Override
        public void updated(FlowKey key, FlowRecord record) {
            log.add("updated " + key + " state " + record.state());
        }

        @Override
        public void removed(FlowKey key, FlowRecord record) {
            log.add("removed " + key);
        }

        @Override
        public void label(long hash, byte[] text, int off, int len) {
            labels.add(hash + " " + new String(text, off, len, java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
