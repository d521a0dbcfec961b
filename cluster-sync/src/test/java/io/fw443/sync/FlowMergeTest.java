package io.fw443.sync;

import static io.fw443.sync.MergeOutcome.APPLY;
import static io.fw443.sync.MergeOutcome.APPLY_SEND_BACK;
import static io.fw443.sync.MergeOutcome.IGNORE_DUPLICATE;
import static io.fw443.sync.MergeOutcome.KEEP_LOCAL_SEND_BACK;
import static io.fw443.sync.TcpStates.CLOSE;
import static io.fw443.sync.TcpStates.CLOSE_WAIT;
import static io.fw443.sync.TcpStates.ESTABLISHED;
import static io.fw443.sync.TcpStates.FIN_WAIT;
import static io.fw443.sync.TcpStates.LAST_ACK;
import static io.fw443.sync.TcpStates.NONE;
import static io.fw443.sync.TcpStates.SYN_RECV;
import static io.fw443.sync.TcpStates.SYN_SENT;
import static io.fw443.sync.TcpStates.SYN_SENT2;
import static io.fw443.sync.TcpStates.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.FlowRecord;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlowMergeTest {
    private final FlowRecord out = Flows.record();

    static Stream<Arguments> tcpStates() {
        return Stream.of(
                // local state, local version, incoming state, incoming version -> outcome, stored state
                Arguments.of(ESTABLISHED, 3, ESTABLISHED, 3, IGNORE_DUPLICATE, ESTABLISHED),
                Arguments.of(ESTABLISHED, 3, ESTABLISHED, 5, APPLY, ESTABLISHED),
                Arguments.of(ESTABLISHED, 5, ESTABLISHED, 3, KEEP_LOCAL_SEND_BACK, ESTABLISHED),
                Arguments.of(ESTABLISHED, 3, FIN_WAIT, 5, APPLY, FIN_WAIT),
                // Teardown wins over established whatever the versions (pfsync: never backwards).
                Arguments.of(ESTABLISHED, 5, FIN_WAIT, 3, APPLY_SEND_BACK, FIN_WAIT),
                Arguments.of(FIN_WAIT, 3, ESTABLISHED, 5, APPLY_SEND_BACK, FIN_WAIT),
                Arguments.of(FIN_WAIT, 5, ESTABLISHED, 3, KEEP_LOCAL_SEND_BACK, FIN_WAIT),
                Arguments.of(CLOSE_WAIT, 3, LAST_ACK, 4, APPLY, LAST_ACK),
                Arguments.of(TIME_WAIT, 4, CLOSE, 3, APPLY_SEND_BACK, CLOSE),
                Arguments.of(CLOSE, 3, ESTABLISHED, 9, APPLY_SEND_BACK, CLOSE),
                Arguments.of(SYN_SENT, 3, SYN_RECV, 2, APPLY_SEND_BACK, SYN_RECV),
                // Simultaneous open sits between SYN_SENT and SYN_RECV.
                Arguments.of(SYN_SENT2, 3, SYN_SENT, 4, APPLY_SEND_BACK, SYN_SENT2),
                Arguments.of(SYN_SENT2, 3, SYN_RECV, 2, APPLY_SEND_BACK, SYN_RECV),
                Arguments.of(NONE, 9, SYN_SENT, 1, APPLY_SEND_BACK, SYN_SENT),
                // A fresh opener with a newer version over a finished connection is a new connection on the tuple.
                Arguments.of(TIME_WAIT, 5, SYN_SENT, 9, APPLY, SYN_SENT),
                Arguments.of(CLOSE, 5, SYN_SENT2, 9, APPLY, SYN_SENT2),
                Arguments.of(SYN_SENT, 9, TIME_WAIT, 5, KEEP_LOCAL_SEND_BACK, SYN_SENT),
                // ...but an older opener is just stale.
                Arguments.of(TIME_WAIT, 9, SYN_SENT, 5, KEEP_LOCAL_SEND_BACK, TIME_WAIT));
    }

    @ParameterizedTest(name = "{0}@{1} + {2}@{3} -> {4} {5}")
    @MethodSource("tcpStates")
    void tcpStatesOnlyAdvance(int localState, long localVersion, int incomingState, long incomingVersion,
                              MergeOutcome expected, int storedState) {
        FlowRecord local = Flows.established(localVersion, 1, 1, 0).state(localState);
        FlowRecord incoming = Flows.established(incomingVersion, 1, 1, 0).state(incomingState);
        assertEquals(expected, FlowMerge.merge(true, local, incoming, out));
        assertEquals(storedState, out.state(), TcpStates.name(out.state()));
        assertEquals(Math.max(localVersion, incomingVersion), out.version());
    }

    @Test
    void nonTcpStateComesFromTheNewerVersion() {
        FlowRecord local = Flows.established(5, 1, 1, 0).state(2);
        FlowRecord incoming = Flows.established(7, 1, 1, 0).state(1);
        assertEquals(APPLY, FlowMerge.merge(false, local, incoming, out));
        assertEquals(1, out.state());
    }

    @Test
    void windowEdgesAdvanceBySequenceArithmeticAcrossTheWrap() {
        FlowRecord local = Flows.established(5, 1, 1, 0);
        FlowRecord incoming = Flows.established(4, 1, 1, 0);
        local.end(0, 0xFFFF_FF00).maxEnd(0, 0x0000_0010).maxWindow(0, 0x7FFF_FFFF);
        incoming.end(0, 0x0000_0100).maxEnd(0, 0xFFFF_FFF0).maxWindow(0, 0x8000_0000);
        assertEquals(APPLY_SEND_BACK, FlowMerge.merge(true, local, incoming, out));
        assertEquals(0x0000_0100, out.end(0), "0x100 is after 0xFFFFFF00 modulo 2^32");
        assertEquals(0x0000_0010, out.maxEnd(0), "0x10 is after 0xFFFFFFF0 modulo 2^32");
        assertEquals(0x8000_0000, out.maxWindow(0), "max window compares unsigned");
    }

    @Test
    void aDirectionNotSeenYetTakesTheOtherCopysWindowWhole() {
        FlowRecord local = Flows.established(9, 1, 1, 0);
        local.end(1, 0).maxEnd(1, 0).maxWindow(1, 0);
        FlowRecord incoming = Flows.established(2, 1, 1, 0);
        incoming.end(1, 0x9000_0000).maxEnd(1, 0x9001_0000).maxWindow(1, 1_000);
        assertEquals(APPLY_SEND_BACK, FlowMerge.merge(true, local, incoming, out));
        assertEquals(0x9000_0000, out.end(1));
        assertEquals(0x9001_0000, out.maxEnd(1));
        assertEquals(1_000, out.maxWindow(1));
    }

    static Stream<Arguments> tombstones() {
        return Stream.of(
                // local dead?, local version, incoming dead?, incoming version -> outcome, stored dead?, version
                Arguments.of(false, 5, true, 5, APPLY, true, 5),
                Arguments.of(false, 6, true, 5, KEEP_LOCAL_SEND_BACK, false, 6),
                Arguments.of(true, 5, false, 5, KEEP_LOCAL_SEND_BACK, true, 5),
                Arguments.of(true, 5, false, 6, APPLY, false, 6),
                Arguments.of(true, 5, true, 5, IGNORE_DUPLICATE, true, 5),
                Arguments.of(true, 5, true, 6, APPLY, true, 6),
                Arguments.of(true, 6, true, 5, KEEP_LOCAL_SEND_BACK, true, 6));
    }

    @ParameterizedTest(name = "dead={0}@{1} + dead={2}@{3} -> {4}")
    @MethodSource("tombstones")
    void aTombstoneAgainstAnythingGoesByVersionWithTiesToTheTombstone(boolean localDead, long localVersion,
            boolean incomingDead, long incomingVersion, MergeOutcome expected, boolean storedDead, long version) {
        FlowRecord local = Flows.established(localVersion, 1, 1, 0);
        FlowRecord incoming = Flows.established(incomingVersion, 2, 2, 0);
        if (localDead) {
            local.setFlag(FlowRecord.FLAG_TOMBSTONE);
        }
        if (incomingDead) {
            incoming.setFlag(FlowRecord.FLAG_TOMBSTONE);
        }
        assertEquals(expected, FlowMerge.merge(true, local, incoming, out));
        assertEquals(storedDead, out.hasFlag(FlowRecord.FLAG_TOMBSTONE));
        assertEquals(version, out.version());
    }

    @Test
    void aDenyIsNeverUndoneAndATlsVerdictIsKeptFromTheCopyThatHasOne() {
        FlowRecord local = Flows.established(3, 1, 1, 0);
        local.setFlag(FlowRecord.FLAG_DENIED | FlowRecord.FLAG_TLS_CHECKED).sniHash(0x1234).ja4Hash(0x5678)
                .tlsVersion(0x0304).alpn(2);
        FlowRecord incoming = Flows.established(8, 2, 1, 0);
        assertEquals(APPLY_SEND_BACK, FlowMerge.merge(true, local, incoming, out));
        assertTrue(out.hasFlag(FlowRecord.FLAG_DENIED));
        assertTrue(out.hasFlag(FlowRecord.FLAG_TLS_CHECKED));
        assertEquals(0x1234, out.sniHash());
        assertEquals(0x5678, out.ja4Hash());
        assertEquals(0x0304, out.tlsVersion());
        assertEquals(2, out.alpn());
        assertEquals(8, out.version());
        assertEquals(2, out.originNode());
    }

    @Test
    void countersAndLastSeenTakeTheMaxExpiryComesFromTheWinnerLocalFlagsStayLocal() {
        FlowRecord local = Flows.established(3, 1, 1, 0).lastSeenNs(500).expiresAtNs(9_000)
                .setFlag(FlowRecord.FLAG_PICKUP | FlowRecord.FLAG_IMPORTED);
        local.packets(0, 70).packets(1, -1).bytes(-1L);
        FlowRecord incoming = Flows.established(8, 2, 1, 0).lastSeenNs(300).expiresAtNs(4_000);
        incoming.packets(0, 80).packets(1, 5).bytes(10);
        FlowMerge.merge(true, local, incoming, out);
        assertEquals(80, out.packets(0));
        assertEquals(-1, out.packets(1), "0xFFFFFFFF packets is the unsigned max");
        assertEquals(-1L, out.bytes());
        assertEquals(500, out.lastSeenNs());
        assertEquals(4_000, out.expiresAtNs(), "expiry from the newer version");
        assertEquals(FlowRecord.FLAG_PICKUP | FlowRecord.FLAG_IMPORTED, out.flags() & FlowMerge.LOCAL_FLAGS);
    }

    @Test
    void aDirectionsPickupAnchoringIsTheLocalCopysWhoeverWins() {
        int anchored = FlowRecord.TCP_PICKUP_ANCHORED;
        FlowRecord local = Flows.established(3, 1, 1, 0).setFlag(FlowRecord.FLAG_PICKUP);
        local.tcpFlags(0, local.tcpFlags(0) | anchored);
        FlowRecord incoming = Flows.established(8, 2, 1, 0);
        incoming.tcpFlags(1, incoming.tcpFlags(1) | anchored);
        FlowMerge.merge(true, local, incoming, out);
        assertEquals(anchored, out.tcpFlags(0) & anchored, "anchored here");
        assertEquals(0, out.tcpFlags(1) & anchored, "the peer's anchoring is not ours");
        FlowRecord dead = Flows.established(9, 2, 1, 0).setFlag(FlowRecord.FLAG_TOMBSTONE);
        dead.tcpFlags(1, dead.tcpFlags(1) | anchored);
        FlowMerge.merge(true, local, dead, out);
        assertEquals(0, out.tcpFlags(1) & anchored, "nor when its copy replaces ours");
        assertTrue(FlowMerge.sameContent(local, Flows.copy(local).tcpFlags(0, local.tcpFlags(0) & ~anchored)),
                "anchoring is not content: digests of two nodes agree");
    }

    @Test
    void aMergeThatMovesAWindowEdgeForwardIsSeen() {
        FlowRecord local = Flows.established(3, 1, 1, 0);
        FlowRecord same = Flows.copy(local).version(9);
        assertFalse(FlowMerge.advancesWindows(local, same));
        FlowRecord ahead = Flows.copy(local).end(1, local.end(1) + 1_000);
        assertTrue(FlowMerge.advancesWindows(local, ahead));
        FlowRecord behind = Flows.copy(local).end(0, local.end(0) - 1_000);
        assertFalse(FlowMerge.advancesWindows(local, behind));
        FlowRecord wrapped = Flows.copy(local).maxEnd(0, local.maxEnd(0) + Integer.MAX_VALUE);
        assertTrue(FlowMerge.advancesWindows(local, wrapped), "sequence arithmetic, modulo 2^32");
    }

    @Test
    void timesAloneDoNotMakeADifference() {
        FlowRecord local = Flows.established(3, 1, 1, 0).lastSeenNs(1).expiresAtNs(2);
        FlowRecord incoming = Flows.established(3, 1, 1, 0).lastSeenNs(100).expiresAtNs(200);
        assertEquals(IGNORE_DUPLICATE, FlowMerge.merge(true, local, incoming, out));
    }

    /** Random live records over a small domain, so collisions in every field are frequent. */
    private static FlowRecord random(Random rnd, boolean withOpeners) {
        int[] states = withOpeners ? new int[] {NONE, SYN_SENT, SYN_SENT2, SYN_RECV, ESTABLISHED, FIN_WAIT, TIME_WAIT,
                CLOSE} : new int[] {NONE, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT, CLOSE};
        FlowRecord r = Flows.record();
        r.state(states[rnd.nextInt(states.length)]).version(1 + rnd.nextInt(4)).originNode(1 + rnd.nextInt(2))
                .flags(rnd.nextInt(0x40) & ~FlowRecord.FLAG_PICKUP);
        for (int dir = 0; dir < 2; dir++) {
            boolean seen = rnd.nextInt(4) != 0;
            r.end(dir, seen ? 0xFFFF_F000 + rnd.nextInt(0x2000) : 0).maxEnd(dir, seen ? 0x10 + rnd.nextInt(8) : 0)
                    .maxWindow(dir, seen ? 1 + rnd.nextInt(3) : 0).windowScale(dir, rnd.nextInt(3))
                    .tcpFlags(dir, rnd.nextInt(4)).packets(dir, rnd.nextInt(3)).zone(dir, rnd.nextInt(2));
        }
        return r.bytes(rnd.nextInt(3)).sniHash(rnd.nextInt(2)).ruleIndex(rnd.nextInt(2));
    }

    private static String describe(FlowRecord r) {
        byte[] b = new byte[FlowRecord.LENGTH];
        r.copyTo(b, 0);
        return java.util.HexFormat.of().formatHex(b, 0, 32) + "/v" + r.version() + "/o" + r.originNode()
                + "/" + java.util.HexFormat.of().formatHex(b, 56, 96);
    }

    private static FlowRecord merged(FlowRecord a, FlowRecord b) {
        FlowRecord o = Flows.record();
        FlowMerge.merge(true, a, b, o);
        return o;
    }

    @Test
    void joinIsCommutativeIdempotentAndAssociativeOnLiveRecords() {
        Random rnd = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            FlowRecord a = random(rnd, true);
            FlowRecord b = random(rnd, true);
            assertTrue(FlowMerge.sameContent(merged(a, b), merged(b, a)), "commutative");
            assertEquals(IGNORE_DUPLICATE, FlowMerge.merge(true, a, Flows.copy(a), Flows.record()), "idempotent");
            FlowRecord x = random(rnd, false);
            FlowRecord y = random(rnd, false);
            FlowRecord z = random(rnd, false);
            FlowRecord left = merged(merged(x, y), z);
            FlowRecord right = merged(x, merged(y, z));
            assertTrue(FlowMerge.sameContent(left, right), () -> "associative: " + describe(x) + " " + describe(y)
                    + " " + describe(z) + " -> " + describe(left) + " vs " + describe(right));
        }
    }

    @Test
    void anOutcomeNeverLosesWhatEitherSideKnew() {
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            FlowRecord a = random(rnd, false);
            FlowRecord b = random(rnd, false);
            FlowRecord o = Flows.record();
            MergeOutcome outcome = FlowMerge.merge(true, a, b, o);
            switch (outcome) {
                case IGNORE_DUPLICATE, KEEP_LOCAL_SEND_BACK -> assertTrue(FlowMerge.sameContent(o, a));
                case APPLY -> assertTrue(FlowMerge.sameContent(o, b));
                case APPLY_SEND_BACK -> assertTrue(!FlowMerge.sameContent(o, a) && !FlowMerge.sameContent(o, b));
            }
            assertTrue(TcpStates.rank(o.state()) >= Math.max(TcpStates.rank(a.state()), TcpStates.rank(b.state())));
            assertEquals(Math.max(a.version(), b.version()), o.version());
            assertEquals(FlowMerge.STICKY_FLAGS & (a.flags() | b.flags()), FlowMerge.STICKY_FLAGS & o.flags());
            if (outcome.sendsBack()) {
                assertTrue(!FlowMerge.sameContent(o, b), "a send-back carries something the sender lacks");
            }
        }
    }

    @Test
    void contentHashSeparatesWhatSameContentSeparates() {
        FlowRecord a = Flows.established(3, 1, 1, 0);
        FlowRecord b = Flows.copy(a).lastSeenNs(99).expiresAtNs(99).setFlag(FlowRecord.FLAG_IMPORTED);
        assertEquals(FlowMerge.contentHash(a), FlowMerge.contentHash(b));
        b.maxWindow(1, b.maxWindow(1) + 1);
        assertTrue(FlowMerge.contentHash(a) != FlowMerge.contentHash(b));
    }
}
