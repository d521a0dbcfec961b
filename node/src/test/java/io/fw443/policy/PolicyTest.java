package io.fw443.policy;

import static io.fw443.policy.Addresses.ip;
import static io.fw443.policy.Addresses.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyTest {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;
    private static final int GRE = 47;

    private static final ZoneMap ZONES = ZoneMap.builder()
        .zone("inside").zone("outside").zone("dmz")
        .bind("eth1", 1, "inside").bind("eth2", 2, "outside").bind("eth3", 3, "dmz")
        .build();
    private static final int INSIDE = ZONES.zoneId("inside");
    private static final int OUTSIDE = ZONES.zoneId("outside");
    private static final int DMZ = ZONES.zoneId("dmz");

    private static final CidrSet BLOCKLIST = set("203.0.113.0/24", "2001:db8:bad::/48");
    private static final CidrSet WEB_SERVERS = set("192.0.2.100", "2001:db8:1::100");
    private static final CidrSet EGRESS_ALLOWED = set("198.51.100.0/25", "2001:db8:2::/64");
    private static final L7Conditions TLS_REQUIRED = new L7Conditions() {
    };

    /** Egress control for 443 and a few classic rules, all with the same rule model. */
    private static final Policy POLICY = Policy.builder(ZONES.zoneCount())
        .add(Rule.builder("drop-blocklisted").src(BLOCKLIST).action(Action.DROP).log(true))
        .add(Rule.builder("https-in").from(OUTSIDE).to(DMZ).dst(WEB_SERVERS)
            .protocol(Protocol.TCP).dstPorts(PortRanges.of(443)).action(Action.ACCEPT).l7(TLS_REQUIRED))
        .add(Rule.builder("quic-in").from(OUTSIDE).to(DMZ).dst(WEB_SERVERS)
            .protocol(Protocol.UDP).dstPorts(PortRanges.of(443)).action(Action.ACCEPT))
        .add(Rule.builder("egress-443-allowed").from(INSIDE).to(OUTSIDE).dst(EGRESS_ALLOWED)
            .protocol(Protocol.TCP).dstPorts(PortRanges.of(443)).action(Action.ACCEPT))
        .add(Rule.builder("egress-443-other").from(INSIDE).to(OUTSIDE)
            .protocol(Protocol.TCP).dstPorts(PortRanges.of(443)).action(Action.REJECT).log(true))
        .add(Rule.builder("dmz-no-egress-443").from(DMZ).to(OUTSIDE).dstNot(EGRESS_ALLOWED)
            .protocol(Protocol.TCP).dstPorts(PortRanges.of(443)).action(Action.DROP))
        .add(Rule.builder("admin-ports").from(INSIDE).to(DMZ).protocol(Protocol.TCP)
            .dstPorts(PortRanges.builder().add(22).add(8000, 8999).build()).action(Action.ACCEPT))
        .add(Rule.builder("ping").protocol(Protocol.ICMP).action(Action.ACCEPT))
        .add(Rule.builder("ping6").protocol(Protocol.ICMPV6).action(Action.ACCEPT))
        .add(Rule.builder("dmz-to-inside").from(DMZ).to(INSIDE).action(Action.REJECT))
        .add(Rule.builder("inside-any").from(INSIDE).to(OUTSIDE, DMZ).srcNot(BLOCKLIST).protocol(Protocol.UDP)
            .action(Action.ACCEPT))
        .build();

    static Stream<Arguments> flows() {
        return Stream.of(
            // description, from, to, src, dst, proto, port, expected rule name or "default"
            Arguments.of("blocklisted source, first rule wins", OUTSIDE, DMZ, "203.0.113.9", "192.0.2.100", TCP, 443, "drop-blocklisted"),
            Arguments.of("blocklisted v6 source", OUTSIDE, DMZ, "2001:db8:bad::1", "2001:db8:1::100", TCP, 443, "drop-blocklisted"),
            Arguments.of("https to a web server", OUTSIDE, DMZ, "198.51.100.200", "192.0.2.100", TCP, 443, "https-in"),
            Arguments.of("https to a web server over v6", OUTSIDE, DMZ, "2001:db8:9::1", "2001:db8:1::100", TCP, 443, "https-in"),
            Arguments.of("quic to a web server", OUTSIDE, DMZ, "198.51.100.200", "192.0.2.100", UDP, 443, "quic-in"),
            Arguments.of("https to another host", OUTSIDE, DMZ, "198.51.100.200", "192.0.2.101", TCP, 443, "default"),
            Arguments.of("port 80 to a web server", OUTSIDE, DMZ, "198.51.100.200", "192.0.2.100", TCP, 80, "default"),
            Arguments.of("wrong zone pair for https-in", INSIDE, DMZ, "198.51.100.200", "192.0.2.100", TCP, 443, "default"),
            Arguments.of("reverse zone pair", DMZ, OUTSIDE, "192.0.2.100", "198.51.100.200", TCP, 443, "dmz-no-egress-443"),
            Arguments.of("egress 443 to an allowed host", INSIDE, OUTSIDE, "192.0.2.10", "198.51.100.1", TCP, 443, "egress-443-allowed"),
            Arguments.of("egress 443 to the last allowed host", INSIDE, OUTSIDE, "192.0.2.10", "198.51.100.127", TCP, 443, "egress-443-allowed"),
            Arguments.of("egress 443 elsewhere is rejected", INSIDE, OUTSIDE, "192.0.2.10", "198.51.100.128", TCP, 443, "egress-443-other"),
            Arguments.of("egress 443 v6 allowed", INSIDE, OUTSIDE, "2001:db8:5::1", "2001:db8:2::ffff", TCP, 443, "egress-443-allowed"),
            Arguments.of("egress 443 v6 elsewhere", INSIDE, OUTSIDE, "2001:db8:5::1", "2001:db8:3::1", TCP, 443, "egress-443-other"),
            Arguments.of("dmz egress to an allowed host passes the negated rule", DMZ, OUTSIDE, "192.0.2.100", "198.51.100.5", TCP, 443, "default"),
            Arguments.of("admin port 22", INSIDE, DMZ, "192.0.2.10", "192.0.2.100", TCP, 22, "admin-ports"),
            Arguments.of("admin port range low end", INSIDE, DMZ, "192.0.2.10", "192.0.2.100", TCP, 8000, "admin-ports"),
            Arguments.of("admin port range high end", INSIDE, DMZ, "192.0.2.10", "192.0.2.100", TCP, 8999, "admin-ports"),
            Arguments.of("just outside the port range", INSIDE, DMZ, "192.0.2.10", "192.0.2.100", TCP, 9000, "default"),
            Arguments.of("between port ranges", INSIDE, DMZ, "192.0.2.10", "192.0.2.100", TCP, 23, "default"),
            Arguments.of("udp to admin ports is not tcp", INSIDE, DMZ, "192.0.2.10", "192.0.2.100", UDP, 22, "inside-any"),
            Arguments.of("icmp any zones", DMZ, INSIDE, "192.0.2.100", "192.0.2.10", ICMP, 0, "ping"),
            Arguments.of("icmpv6 any zones", OUTSIDE, INSIDE, "2001:db8:9::1", "2001:db8:5::1", ICMPV6, 0, "ping6"),
            Arguments.of("any protocol rule catches gre", DMZ, INSIDE, "192.0.2.100", "192.0.2.10", GRE, 0, "dmz-to-inside"),
            Arguments.of("any protocol rule catches tcp", DMZ, INSIDE, "192.0.2.100", "192.0.2.10", TCP, 443, "dmz-to-inside"),
            Arguments.of("gre elsewhere hits the default", INSIDE, OUTSIDE, "192.0.2.10", "198.51.100.1", GRE, 0, "default"),
            Arguments.of("inside udp to dmz", INSIDE, DMZ, "192.0.2.10", "192.0.2.100", UDP, 53, "inside-any"),
            Arguments.of("same zone is a zone pair too", INSIDE, INSIDE, "192.0.2.10", "192.0.2.11", UDP, 53, "default"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flows")
    void firstMatchingRuleWins(final String description, final int from, final int to, final String src,
                               final String dst, final int proto, final int port, final String expected) {
        final byte[] s = ip(src);
        final byte[] d = ip(dst);
        final int result = POLICY.evaluate(from, to, Addresses.family(s), s, 0, d, 0, proto, port);
        assertEquals(expected, result == Policy.DEFAULT ? "default" : POLICY.rule(result).name());
    }

    @Test
    void resultsMapToActionsLogFlagsAndL7Conditions() {
        final byte[] src = ip("198.51.100.200");
        final byte[] dst = ip("192.0.2.100");
        final int https = POLICY.evaluate(OUTSIDE, DMZ, CidrSet.FAMILY_IPV4, src, 0, dst, 0, TCP, 443);
        assertEquals(Action.ACCEPT, POLICY.action(https));
        assertSame(TLS_REQUIRED, POLICY.rule(https).l7());
        assertFalse(POLICY.log(https));
        assertEquals(Action.DROP, POLICY.action(Policy.DEFAULT));
        assertFalse(POLICY.log(Policy.DEFAULT));
        assertEquals(Action.DROP, POLICY.action(Policy.INVALID_INPUT));
        final int blocked = POLICY.evaluate(OUTSIDE, DMZ, CidrSet.FAMILY_IPV4, ip("203.0.113.1"), 0, dst, 0, TCP, 443);
        assertTrue(POLICY.log(blocked));
        assertEquals(POLICY.rules().indexOf(POLICY.rule(blocked)), blocked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACCEPT", "REJECT"})
    void defaultActionIsConfigurable(final Action action) {
        final Policy p = Policy.builder(1).defaultAction(action).defaultLog(true).build();
        final byte[] a = ip("192.0.2.1");
        final int result = p.evaluate(0, 0, CidrSet.FAMILY_IPV4, a, 0, a, 0, TCP, 443);
        assertEquals(Policy.DEFAULT, result);
        assertEquals(action, p.action(result));
        assertTrue(p.log(result));
        assertEquals(Action.DROP, p.action(Policy.INVALID_INPUT), "invalid input never takes the default");
    }

    @Test
    void addressesAreReadAtTheirOffsets() {
        final byte[] packet = new byte[40];
        System.arraycopy(ip("203.0.113.7"), 0, packet, 12, 4);
        System.arraycopy(ip("192.0.2.100"), 0, packet, 16, 4);
        assertEquals(0, POLICY.evaluate(OUTSIDE, DMZ, CidrSet.FAMILY_IPV4, packet, 12, packet, 16, TCP, 443));
        final byte[] v6 = new byte[40];
        System.arraycopy(ip("2001:db8:9::1"), 0, v6, 8, 16);
        System.arraycopy(ip("2001:db8:1::100"), 0, v6, 24, 16);
        assertEquals("https-in", POLICY.rule(POLICY.evaluate(OUTSIDE, DMZ, CidrSet.FAMILY_IPV6, v6, 8, v6, 24, TCP, 443)).name());
    }

    static Stream<Arguments> invalidInputs() {
        final byte[] a4 = ip("192.0.2.1");
        final byte[] a6 = ip("2001:db8::1");
        return Stream.of(
            Arguments.of("from zone negative", -1, 0, 4, a4, 0, TCP, 443),
            Arguments.of("to zone beyond count", 0, 3, 4, a4, 0, TCP, 443),
            Arguments.of("family 5", 0, 1, 5, a4, 0, TCP, 443),
            Arguments.of("v6 family on 4 bytes", 0, 1, 6, a4, 0, TCP, 443),
            Arguments.of("offset past the end", 0, 1, 4, a4, 1, TCP, 443),
            Arguments.of("negative offset", 0, 1, 6, a6, -1, TCP, 443),
            Arguments.of("protocol 256", 0, 1, 4, a4, 0, 256, 0),
            Arguments.of("negative protocol", 0, 1, 4, a4, 0, -1, 0),
            Arguments.of("tcp port 65536", 0, 1, 4, a4, 0, TCP, 65536),
            Arguments.of("udp port negative", 0, 1, 4, a4, 0, UDP, -1),
            Arguments.of("null address", 0, 1, 4, null, 0, TCP, 443));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void invalidInputIsAResultNotAnException(final String description, final int from, final int to, final int family,
                                            final byte[] addr, final int off, final int proto, final int port) {
        assertEquals(Policy.INVALID_INPUT, POLICY.evaluate(from, to, family, addr, off, addr, off, proto, port));
    }

    @Test
    void icmpIgnoresThePortArgument() {
        final byte[] a = ip("192.0.2.1");
        assertEquals("ping", POLICY.rule(POLICY.evaluate(INSIDE, OUTSIDE, 4, a, 0, a, 0, ICMP, -7)).name());
    }

    @Test
    void candidateListsHoldOnlyTheRulesOfTheirCell() {
        // 1,000 rules spread over 8 zones: a flow is checked against its zone pair's rules, not all of them.
        final int zones = 8;
        final Policy.Builder b = Policy.builder(zones);
        for (int i = 0; i < 1000; i++) {
            b.add(Rule.builder("r" + i).from(i % zones).to((i / zones) % zones)
                .protocol(i % 2 == 0 ? Protocol.TCP : Protocol.UDP).dstPorts(PortRanges.of(1000 + i)).action(Action.ACCEPT));
        }
        b.add(Rule.builder("catch-all").action(Action.REJECT));
        final Policy p = b.build();
        for (int from = 0; from < zones; from++) {
            for (int to = 0; to < zones; to++) {
                assertTrue(p.candidateCount(from, to, TCP) <= 1000 / (zones * zones) + 2, from + "->" + to);
                assertEquals(1, p.candidateCount(from, to, ICMP), "only the catch-all");
            }
        }
        final byte[] a = ip("192.0.2.1");
        assertEquals(998, p.evaluate(998 % zones, (998 / zones) % zones, 4, a, 0, a, 0, TCP, 1998));
        assertEquals(1000, p.evaluate(998 % zones, (998 / zones) % zones, 4, a, 0, a, 0, TCP, 1999));
    }

    /** Rules in order, checked field by field, with no candidate lists: the semantics the policy must keep. */
    private static int naiveEvaluate(final List<Rule> rules, final int from, final int to, final int family,
                                     final byte[] src, final byte[] dst, final int proto, final int port) {
        for (final Rule r : rules) {
            final boolean zones = (r.fromZones() & (1L << from)) != 0 && (r.toZones() & (1L << to)) != 0;
            final boolean protocol = r.protocol() == Protocol.ANY || r.protocol().number() == proto;
            boolean ports = true;
            if (!r.dstPorts().isAny()) {
                ports = false;
                final int[] ranges = r.dstPorts().ranges();
                for (int i = 0; i < ranges.length; i += 2) {
                    ports |= port >= ranges[i] && port <= ranges[i + 1];
                }
            }
            final boolean srcOk = r.srcSet() == null || r.srcSet().contains(src, 0, family) ^ r.srcNegate();
            final boolean dstOk = r.dstSet() == null || r.dstSet().contains(dst, 0, family) ^ r.dstNegate();
            if (zones && protocol && ports && srcOk && dstOk) {
                return r.index();
            }
        }
        return Policy.DEFAULT;
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void randomPoliciesAgreeWithInOrderEvaluation(final long seed) {
        final Random rnd = new Random(seed);
        final int zones = 3 + rnd.nextInt(6);
        final CidrSet[] sets = {
            set("192.0.2.0/25", "2001:db8::/33"), set("192.0.2.64/26", "198.51.100.0/24"),
            set("2001:db8:8000::/33", "203.0.113.0/24"), set("0.0.0.0/1")};
        final Protocol[] protocols = Protocol.values();
        final Policy.Builder b = Policy.builder(zones);
        for (int i = 0; i < 300; i++) {
            final Rule.Builder r = Rule.builder("r" + i).action(Action.values()[rnd.nextInt(3)]);
            // Mostly narrow rules, so that later rules stay reachable; a few broad ones shadow them.
            if (rnd.nextInt(10) > 0) {
                r.from(rnd.nextInt(zones));
            }
            if (rnd.nextInt(10) > 0) {
                r.to(rnd.nextInt(zones));
            }
            final Protocol p = rnd.nextInt(20) == 0 ? Protocol.ANY : protocols[1 + rnd.nextInt(protocols.length - 1)];
            r.protocol(p);
            if (p.hasPorts() && rnd.nextInt(5) > 0) {
                final int low = rnd.nextInt(50);
                r.dstPorts(PortRanges.builder().add(low, low + rnd.nextInt(5)).add(rnd.nextInt(60)).build());
            }
            switch (rnd.nextInt(3)) {
                case 0 -> r.src(sets[rnd.nextInt(sets.length)]);
                case 1 -> r.srcNot(sets[rnd.nextInt(sets.length)]);
                default -> { }
            }
            switch (rnd.nextInt(3)) {
                case 0 -> r.dst(sets[rnd.nextInt(sets.length)]);
                case 1 -> r.dstNot(sets[rnd.nextInt(sets.length)]);
                default -> { }
            }
            b.add(r);
        }
        final Policy policy = b.build();
        final int[] protoNumbers = {TCP, UDP, ICMP, ICMPV6, GRE};
        final List<Integer> seen = new ArrayList<>();
        for (int q = 0; q < 20_000; q++) {
            final boolean v6 = rnd.nextBoolean();
            final byte[] src = v6 ? Addresses.v6(0x20010db8_00000000L | (rnd.nextLong() >>> 32), rnd.nextLong())
                : Addresses.v4(0xC0000200 | rnd.nextInt(256));
            final byte[] dst = v6 ? Addresses.v6(0x20010db8_00000000L | (rnd.nextLong() >>> 32), rnd.nextLong())
                : Addresses.v4(rnd.nextBoolean() ? 0xC6336400 | rnd.nextInt(256) : rnd.nextInt());
            final int from = rnd.nextInt(zones);
            final int to = rnd.nextInt(zones);
            final int proto = protoNumbers[rnd.nextInt(protoNumbers.length)];
            final int port = rnd.nextInt(60);
            final int family = v6 ? 6 : 4;
            final int expected = naiveEvaluate(policy.rules(), from, to, family, src, dst, proto, port);
            assertEquals(expected, policy.evaluate(from, to, family, src, 0, dst, 0, proto, port));
            seen.add(expected);
        }
        assertTrue(seen.stream().distinct().count() > 40, () -> "queries should reach many different rules: " + seen.stream().distinct().count() + " zones " + zones);
        assertTrue(seen.contains(Policy.DEFAULT));
    }

    @Test
    void buildersRefuseInconsistentRules() {
        assertThrows(IllegalArgumentException.class,
            () -> Policy.builder(2).add(Rule.builder("x").protocol(Protocol.ICMP).dstPorts(PortRanges.of(1))));
        assertThrows(IllegalArgumentException.class,
            () -> Policy.builder(2).add(Rule.builder("x").dstPorts(PortRanges.of(443))), "ports need tcp or udp");
        assertThrows(IllegalArgumentException.class,
            () -> Policy.builder(2).add(Rule.builder("x")).add(Rule.builder("x")), "duplicate name");
        assertThrows(IllegalArgumentException.class,
            () -> Policy.builder(2).add(Rule.builder("x").from(2)), "zone beyond the count");
        assertThrows(IllegalArgumentException.class, () -> Rule.builder("x").to(64));
        assertThrows(IllegalArgumentException.class, () -> Policy.builder(65));
        assertThrows(IllegalArgumentException.class, () -> new Rule("x", 0, -1, -1, null, true, null, false,
            Protocol.ANY, PortRanges.ANY, Action.DROP, false, null));
        assertThrows(IllegalArgumentException.class, () -> new Rule("x", 0, 0, -1, null, false, null, false,
            Protocol.ANY, PortRanges.ANY, Action.DROP, false, null));
    }

    @Test
    void sixtyFourZonesWork() {
        final Policy p = Policy.builder(64).add(Rule.builder("last").from(63).to(0).action(Action.ACCEPT)).build();
        final byte[] a = ip("192.0.2.1");
        assertEquals(0, p.evaluate(63, 0, 4, a, 0, a, 0, TCP, 1));
        assertEquals(Policy.DEFAULT, p.evaluate(62, 0, 4, a, 0, a, 0, TCP, 1));
    }
}
