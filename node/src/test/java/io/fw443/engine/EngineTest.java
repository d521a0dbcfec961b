package io.fw443.engine;

import static io.fw443.engine.EngineFixture.BLOCKED_CLIENT;
import static io.fw443.engine.EngineFixture.CLIENT;
import static io.fw443.engine.EngineFixture.INSIDE;
import static io.fw443.engine.EngineFixture.OTHER_SERVER;
import static io.fw443.engine.EngineFixture.OUTSIDE;
import static io.fw443.engine.EngineFixture.SERVER;
import static io.fw443.engine.TestFrames.ACK;
import static io.fw443.engine.TestFrames.FIN;
import static io.fw443.engine.TestFrames.PSH;
import static io.fw443.engine.TestFrames.RST;
import static io.fw443.engine.TestFrames.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.conntrack.TcpState;
import io.fw443.conntrack.TcpTracker;
import io.fw443.policy.SourceLimiter;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static final long SECOND = 1_000_000_000L;
    private final EngineFixture fx = new EngineFixture();

    private static TestFrames c2s(int flags, long seq, long ack) {
        return TestFrames.tcp(CLIENT, 40000, SERVER, 443).flags(flags).seq(seq).ack(ack);
    }

    private static TestFrames s2c(int flags, long seq, long ack) {
        return TestFrames.tcp(SERVER, 443, CLIENT, 40000).flags(flags).seq(seq).ack(ack);
    }

    /** Opens the standard HTTPS flow: client ISN 1000, server ISN 5000, window scaling 7 both ways. */
    private void handshake(long now) {
        assertEquals(VerdictReason.FORWARD_NEW,
                fx.send(c2s(SYN, 1000, 0).wscale(7).sackPermitted().build(), INSIDE, now));
        assertEquals(OUTSIDE, fx.engine.egressInterface());
        assertEquals(VerdictReason.FORWARD_ESTABLISHED,
                fx.send(s2c(SYN | ACK, 5000, 1001).wscale(7).sackPermitted().build(), OUTSIDE, now));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(c2s(ACK, 1001, 5001).build(), INSIDE, now));
    }

    @Test
    void aWholeTcpLifeFromHandshakeToTimeWait() {
        handshake(0);
        assertEquals(TcpState.ESTABLISHED.code(), fx.record(CLIENT, 40000, SERVER, 443, 6).state());

        assertEquals(VerdictReason.FORWARD_ESTABLISHED,
                fx.send(c2s(ACK | PSH, 1001, 5001).payload(100).build(), INSIDE, SECOND));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED,
                fx.send(s2c(ACK | PSH, 5001, 1101).payload(1000).build(), OUTSIDE, SECOND));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(c2s(FIN | ACK, 1101, 6001).build(), INSIDE, SECOND));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(s2c(ACK, 6001, 1102).build(), OUTSIDE, SECOND));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(s2c(FIN | ACK, 6001, 1102).build(), OUTSIDE, SECOND));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(c2s(ACK, 1102, 6002).build(), INSIDE, SECOND));

        FlowRecord r = fx.record(SERVER, 443, CLIENT, 40000, 6);
        assertEquals(TcpState.TIME_WAIT.code(), r.state());
        assertEquals(5, r.packets(0), "client-to-server packets");
        assertEquals(4, r.packets(1), "server-to-client packets");
        assertTrue(r.hasFlag(FlowRecord.FLAG_SEEN_REPLY) || r.packets(1) > 0);
        assertEquals(2, r.originNode());
        assertEquals(1, fx.engine.counters().count(VerdictReason.FORWARD_NEW));
        assertEquals(8, fx.engine.counters().count(VerdictReason.FORWARD_ESTABLISHED));
        assertEquals(9, fx.engine.counters().packets());
        // Peers hear of the flow once at creation and at each state change, not for every segment.
        assertTrue(fx.events.log.get(0).startsWith("created tcp 192.0.2.10:40000 <-> 198.51.100.100:443"),
                fx.events.log.toString());
        assertTrue(fx.events.log.size() < 10, fx.events.log.toString());
        assertTrue(fx.events.log.stream().anyMatch(l -> l.endsWith("state " + TcpState.TIME_WAIT.code())));
    }

    @Test
    void aPacketOfNoFlowThatIsNotAnOpenerIsInvalid() {
        assertEquals(VerdictReason.DROP_INVALID, fx.send(c2s(ACK, 1001, 5001).build(), INSIDE, 0));
        assertEquals(VerdictReason.DROP_INVALID, fx.send(s2c(SYN | ACK, 5000, 1001).build(), OUTSIDE, 0));
        assertEquals(VerdictReason.DROP_INVALID, fx.send(c2s(SYN | FIN, 1000, 0).build(), INSIDE, 0));
        assertEquals(VerdictReason.DROP_INVALID, fx.send(c2s(0, 1000, 0).build(), INSIDE, 0));
        assertEquals(0, fx.table.size());
    }

    @Test
    void invalidFlagsAndOutOfWindowDataOfATrackedFlowAreDropped() {
        handshake(0);
        assertEquals(VerdictReason.DROP_TRACKING,
                fx.send(c2s(ACK, 1001 + 50_000_000, 5001).payload(10).build(), INSIDE, SECOND));
        assertEquals(VerdictReason.DROP_TRACKING, fx.send(c2s(SYN | RST, 1001, 5001).build(), INSIDE, SECOND));
        assertEquals(VerdictReason.DROP_TRACKING, fx.send(s2c(RST, 5001 + 50_000_000, 0).build(), OUTSIDE, SECOND));
        assertEquals(TcpState.ESTABLISHED.code(), fx.record(CLIENT, 40000, SERVER, 443, 6).state(),
                "refused segments leave the flow as it was");
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(s2c(RST | ACK, 5001, 1001).build(), OUTSIDE, SECOND));
        assertEquals(TcpState.CLOSE.code(), fx.record(CLIENT, 40000, SERVER, 443, 6).state());
    }

    @Test
    void policyDecidesNewFlowsFirstMatch() {
        assertEquals(VerdictReason.DROP_POLICY, fx.send(
                TestFrames.tcp(BLOCKED_CLIENT, 40000, SERVER, 443).flags(SYN).seq(1).build(), INSIDE, 0));
        assertEquals(0, fx.engine.ruleIndex(), "the blocklist rule comes first");
        assertEquals(VerdictReason.DROP_POLICY, fx.send(
                TestFrames.tcp(CLIENT, 40000, OTHER_SERVER, 443).flags(SYN).seq(1).build(), INSIDE, 0),
                "egress control: 443 only to the web server");
        assertEquals(VerdictReason.DROP_POLICY, fx.send(
                TestFrames.tcp(CLIENT, 40000, SERVER, 80).flags(SYN).seq(1).build(), INSIDE, 0), "default drop");
        assertEquals(VerdictReason.REJECT_POLICY, fx.send(
                TestFrames.tcp(CLIENT, 40000, SERVER, 22).flags(SYN).seq(1).build(), INSIDE, 0));
        assertEquals(Verdict.REJECT, VerdictReason.REJECT_POLICY.verdict());
        assertEquals(VerdictReason.DROP_POLICY, fx.send(
                TestFrames.tcp(SERVER, 40000, CLIENT, 443).flags(SYN).seq(1).build(), OUTSIDE, 0),
                "servers may not open flows to clients");
        assertEquals(VerdictReason.FORWARD_NEW, fx.send(
                TestFrames.tcp(CLIENT, 40001, SERVER, 443).flags(SYN).seq(1).build(), INSIDE, 0));
        assertEquals(1, fx.engine.ruleIndex());
        assertEquals(1, fx.table.size());
    }

    @Test
    void quicFlowsOpenOnUdp443AndCarryReplies() {
        assertEquals(VerdictReason.FORWARD_NEW,
                fx.send(TestFrames.udp(CLIENT, 50000, SERVER, 443).payload(1200).build(), INSIDE, 0));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED,
                fx.send(TestFrames.udp(SERVER, 443, CLIENT, 50000).payload(1200).build(), OUTSIDE, 0));
        assertEquals(VerdictReason.DROP_POLICY,
                fx.send(TestFrames.udp(CLIENT, 50000, SERVER, 53).payload(40).build(), INSIDE, 0));
    }

    @Test
    void pingOpensAnEchoFlowAndOnlyItsReplyComesBack() {
        assertEquals(VerdictReason.FORWARD_NEW, fx.send(TestFrames.echo(CLIENT, SERVER, 8, 77).build(), INSIDE, 0));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED,
                fx.send(TestFrames.echo(SERVER, CLIENT, 0, 77).build(), OUTSIDE, 0));
        assertEquals(VerdictReason.DROP_INVALID, fx.send(TestFrames.echo(SERVER, CLIENT, 0, 78).build(), OUTSIDE, 0),
                "an echo reply nobody asked for");
    }

    @Test
    void ipv6FlowsAreTrackedLikeIpv4() {
        String c = "2001:db8:1::10";
        String s = "2001:db8:2::100";
        assertEquals(VerdictReason.FORWARD_NEW,
                fx.send(TestFrames.tcp(c, 40000, s, 443).flags(SYN).seq(7).build(), INSIDE, 0));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED,
                fx.send(TestFrames.tcp(s, 443, c, 40000).flags(SYN | ACK).seq(900).ack(8).build(), OUTSIDE, 0));
        assertEquals(VerdictReason.FORWARD_NEW, fx.send(TestFrames.echo(c, s, 128, 5).build(), INSIDE, 0));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(TestFrames.echo(s, c, 129, 5).build(), OUTSIDE, 0));
        assertEquals(VerdictReason.DROP_POLICY,
                fx.send(TestFrames.tcp(c, 40000, "2001:db8:2::200", 443).flags(SYN).seq(7).build(), INSIDE, 0));
    }

    @Test
    void fragNeededForATrackedFlowPassesAndForAnUnknownFlowIsDropped() {
        handshake(0);
        byte[] big = c2s(ACK | PSH, 1001, 5001).payload(1400).dontFragment().build();
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, fx.send(big, INSIDE, SECOND));
        byte[] fragNeeded = TestFrames.packetTooBig(big, 1280, "198.51.100.254");
        assertEquals(VerdictReason.FORWARD_RELATED, fx.send(fragNeeded, OUTSIDE, SECOND));

        byte[] stranger = TestFrames.tcp(CLIENT, 41000, SERVER, 443).flags(ACK).seq(1).ack(1).payload(1400)
                .dontFragment().build();
        assertEquals(VerdictReason.DROP_RELATED_UNKNOWN,
                fx.send(TestFrames.packetTooBig(stranger, 1280, "198.51.100.254"), OUTSIDE, SECOND));

        byte[] forged = c2s(ACK | PSH, 1001 + 90_000_000, 5001).payload(1400).dontFragment().build();
        assertEquals(VerdictReason.DROP_RELATED_UNKNOWN,
                fx.send(TestFrames.packetTooBig(forged, 1280, "198.51.100.254"), OUTSIDE, SECOND),
                "an error quoting a sequence number the flow never sent");
    }

    @Test
    void hostTrafficMalformedFramesAndFragmentsAreSortedOut() {
        byte[] arp = new byte[60];
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertEquals(VerdictReason.HOST, fx.send(arp, INSIDE, 0));
        assertEquals(VerdictReason.HOST,
                fx.send(TestFrames.tcp(CLIENT, 40000, "192.0.2.2", 22).flags(SYN).build(), INSIDE, 0),
                "addressed to the node itself");
        byte[] syn = c2s(SYN, 1000, 0).build();
        assertEquals(VerdictReason.DROP_MALFORMED, fx.send(Arrays.copyOf(syn, 30), INSIDE, 0));
        assertEquals(VerdictReason.DROP_FRAGMENT,
                fx.send(TestFrames.udp(CLIENT, 50000, SERVER, 443).payload(64).fragment(0).build(), INSIDE, 0));
        assertEquals(VerdictReason.DROP_NO_ROUTE,
                fx.send(TestFrames.tcp(CLIENT, 40000, "203.0.113.9", 443).flags(SYN).build(), INSIDE, 0));
        assertEquals(0, fx.table.size());
        assertTrue(fx.engine.parseCounters().drops() > 0);
    }

    @Test
    void theTableLimitDropsNewFlowsButNotEstablishedOnes() {
        EngineFixture small = new EngineFixture(2, SourceLimiter.Settings.of(1024, 0, 0, 1));
        for (int port = 1; port <= 2; port++) {
            assertEquals(VerdictReason.FORWARD_NEW, small.send(
                    TestFrames.tcp(CLIENT, 40000 + port, SERVER, 443).flags(SYN).seq(1).build(), INSIDE, 0));
        }
        assertEquals(VerdictReason.DROP_TABLE_FULL, small.send(
                TestFrames.tcp(CLIENT, 40003, SERVER, 443).flags(SYN).seq(1).build(), INSIDE, 0));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED, small.send(
                TestFrames.tcp(SERVER, 443, CLIENT, 40001).flags(SYN | ACK).seq(9).ack(2).build(), OUTSIDE, 0));
    }

    @Test
    void perSourceRateAndConcurrencyLimitsEachHaveTheirReason() {
        EngineFixture rated = new EngineFixture(1000, SourceLimiter.Settings.of(1024, 2, 0, 1));
        assertEquals(VerdictReason.FORWARD_NEW, rated.send(
                TestFrames.tcp(CLIENT, 40001, SERVER, 443).flags(SYN).seq(1).build(), INSIDE, 0));
        assertEquals(VerdictReason.FORWARD_NEW, rated.send(
                TestFrames.tcp(CLIENT, 40002, SERVER, 443).flags(SYN).seq(1).build(), INSIDE, 0));
        assertEquals(VerdictReason.DROP_RATE_LIMITED, rated.send(
                TestFrames.tcp(CLIENT, 40003, SERVER, 443).flags(SYN).seq(1).build(), INSIDE, 0));
        assertEquals(VerdictReason.FORWARD_NEW, rated.send(
                TestFrames.tcp(CLIENT, 40003, SERVER, 443).flags(SYN).seq(1).build(), INSIDE, SECOND),
                "a second later the bucket has refilled");

        EngineFixture capped = new EngineFixture(1000, SourceLimiter.Settings.of(1024, 0, 1, 1));
        assertEquals(VerdictReason.FORWARD_NEW, capped.send(
                TestFrames.tcp(CLIENT, 40001, SERVER, 443).flags(SYN).seq(1).build(), INSIDE, 0));
        assertEquals(VerdictReason.DROP_SOURCE_LIMIT, capped.send(
                TestFrames.tcp(CLIENT, 40002, SERVER, 443).flags(SYN).seq(1).build(), INSIDE, 0));
        assertEquals(VerdictReason.FORWARD_NEW, capped.send(
                TestFrames.tcp("192.0.2.11", 40002, SERVER, 443).flags(SYN).seq(1).build(), INSIDE, 0),
                "the limit is per source");
    }

    @Test
    void aSynReusingAClosedFlowsPortsStartsAFreshFlow() {
        handshake(0);
        fx.send(s2c(RST | ACK, 5001, 1001).build(), OUTSIDE, SECOND);
        assertEquals(VerdictReason.FORWARD_NEW, fx.send(c2s(SYN, 777_000, 0).build(), INSIDE, 2 * SECOND));
        assertEquals(TcpState.SYN_SENT.code(), fx.record(CLIENT, 40000, SERVER, 443, 6).state());
        assertTrue(fx.events.log.stream().anyMatch(l -> l.startsWith("removed ")), fx.events.log.toString());
    }

    @Test
    void aFlowImportedFromAPeerMidStreamIsPickedUp() {
        // A peer's copy of an established flow, its windows ten megabytes behind what is on the wire now.
        EngineFixture peer = new EngineFixture();
        peer.send(c2s(SYN, 1000, 0).wscale(7).build(), INSIDE, 0);
        peer.send(s2c(SYN | ACK, 5000, 1001).wscale(7).build(), OUTSIDE, 0);
        peer.send(c2s(ACK, 1001, 5001).build(), INSIDE, 0);
        FlowRecord copy = peer.record(CLIENT, 40000, SERVER, 443, 6);
        assertNotNull(copy);
        copy.markPickup();
        copy.setFlag(FlowRecord.FLAG_IMPORTED);
        FlowKey key = new FlowKey();
        key.set(4, 6, 0, TestFrames.address(CLIENT), 0, 40000, TestFrames.address(SERVER), 0, 443);
        fx.table.put(key, copy);

        long c = 1001 + 10_000_000;
        long s = 5001 + 10_000_000;
        assertEquals(VerdictReason.FORWARD_ESTABLISHED,
                fx.send(s2c(ACK | PSH, s, c).payload(500).build(), OUTSIDE, SECOND));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED,
                fx.send(c2s(ACK | PSH, c, s + 500).payload(200).build(), INSIDE, SECOND));
        assertEquals(VerdictReason.FORWARD_ESTABLISHED,
                fx.send(s2c(ACK, s + 500, c + 200).build(), OUTSIDE, SECOND));
        assertEquals(VerdictReason.DROP_TRACKING,
                fx.send(c2s(ACK, c + 200 + 80_000_000, s + 500).payload(10).build(), INSIDE, SECOND),
                "after both directions re-anchored the window is strict again");
        assertNull(fx.record(CLIENT, 40000, SERVER, 80, 6));
    }
}
