package io.fw443.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, ordered first-match rule list with a default action, evaluated once per new flow.
 *
 * <p>Being immutable, a policy is replaced on reload by publishing a new instance through one volatile
 * field (or {@code AtomicReference}); a packet evaluates against whichever instance it read.
 *
 * <p>At build time every cell (ingress zone, egress zone, protocol class) gets the ordered list of
 * rules whose zone masks and protocol admit that cell; identical lists are shared. A rule left out of a
 * cell cannot match any packet of that cell, so the first match among a cell's candidates is the first
 * match of the whole list, while a flow checks only the rules written for its zone pair and protocol.
 * Protocol classes are TCP, UDP, ICMP, ICMPv6 and "other"; a rule with ports lives only in TCP or UDP.
 */
public final class Policy {
    /** {@link #evaluate} result when no rule matched: apply the default action. */
    public static final int DEFAULT = -1;
    /** {@link #evaluate} result for a zone, family, protocol, port or offset out of range: drop. */
    public static final int INVALID_INPUT = -2;

    private static final int CLASS_TCP = 0;
    private static final int CLASS_UDP = 1;
    private static final int CLASS_ICMP = 2;
    private static final int CLASS_ICMPV6 = 3;
    private static final int CLASS_OTHER = 4;
    private static final int PROTOCOL_CLASSES = 5;
    private static final int MAX_PORT = 65535;

    private final Rule[] rules;
    private final List<Rule> ruleList;
    private final int zoneCount;
    private final Action defaultAction;
    private final boolean defaultLog;
    /** Candidate rule indexes per cell {@code (from * zoneCount + to) * PROTOCOL_CLASSES + class}. */
    private final int[][] cells;

    private Policy(final List<Rule> rules, final int zoneCount, final Action defaultAction, final boolean defaultLog) {
        this.rules = rules.toArray(new Rule[0]);
        this.ruleList = List.copyOf(rules);
        this.zoneCount = zoneCount;
        this.defaultAction = defaultAction;
        this.defaultLog = defaultLog;
        this.cells = new int[zoneCount * zoneCount * PROTOCOL_CLASSES][];
        final Map<CandidateList, int[]> interned = new HashMap<>();
        final int[] scratch = new int[this.rules.length];
        for (int from = 0; from < zoneCount; from++) {
            for (int to = 0; to < zoneCount; to++) {
                for (int cls = 0; cls < PROTOCOL_CLASSES; cls++) {
                    int n = 0;
                    for (final Rule r : this.rules) {
                        if ((r.fromZones() >>> from & 1) != 0 && (r.toZones() >>> to & 1) != 0
                            && admits(r.protocol(), cls)) {
                            scratch[n++] = r.index();
                        }
                    }
                    final int[] list = Arrays.copyOf(scratch, n);
                    cells[(from * zoneCount + to) * PROTOCOL_CLASSES + cls] =
                        interned.computeIfAbsent(new CandidateList(list), k -> list);
                }
            }
        }
    }

    /** A builder for a policy over zones {@code 0 .. zoneCount - 1}; default action DROP, not logged. */
    public static Builder builder(final int zoneCount) {
        return new Builder(zoneCount);
    }

    /**
     * The first rule matching a new flow, {@link #DEFAULT} when none does, or {@link #INVALID_INPUT}.
     * Addresses are 4 (IPv4) or 16 (IPv6) bytes in network order at the given offsets; {@code family}
     * is {@link CidrSet#FAMILY_IPV4} or {@link CidrSet#FAMILY_IPV6}; {@code proto} is the IP protocol
     * number; {@code dstPort} is read only for TCP and UDP. No allocation.
     */
    public int evaluate(final int fromZone, final int toZone, final int family,
                        final byte[] src, final int srcOff, final byte[] dst, final int dstOff,
                        final int proto, final int dstPort) {
        final int addressBytes = family == CidrSet.FAMILY_IPV4 ? 4 : family == CidrSet.FAMILY_IPV6 ? 16 : -1;
        if (fromZone < 0 || fromZone >= zoneCount || toZone < 0 || toZone >= zoneCount
            || addressBytes < 0 || src == null || dst == null
            || srcOff < 0 || srcOff > src.length - addressBytes || dstOff < 0 || dstOff > dst.length - addressBytes) {
            return INVALID_INPUT;
        }
        final int cls = protocolClass(proto);
        if (cls < 0 || ((cls == CLASS_TCP || cls == CLASS_UDP) && (dstPort < 0 || dstPort > MAX_PORT))) {
            return INVALID_INPUT;
        }
        final int[] candidates = cells[(fromZone * zoneCount + toZone) * PROTOCOL_CLASSES + cls];
        for (final int index : candidates) {
            final Rule r = rules[index];
            if (r.dstPorts().contains(dstPort)
                && setMatches(r.srcSet(), r.srcNegate(), src, srcOff, family)
                && setMatches(r.dstSet(), r.dstNegate(), dst, dstOff, family)) {
                return index;
            }
        }
        return DEFAULT;
    }

    private static boolean setMatches(final CidrSet set, final boolean negate,
                                      final byte[] addr, final int off, final int family) {
        return set == null || set.contains(addr, off, family) != negate;
    }

    /** The action for an {@link #evaluate} result: the rule's, the default, or DROP for invalid input. */
    public Action action(final int result) {
        return result >= 0 ? rules[result].action() : result == DEFAULT ? defaultAction : Action.DROP;
    }

    /** Whether an {@link #evaluate} result is to be logged (invalid input: no, the engine counts it). */
    public boolean log(final int result) {
        return result >= 0 ? rules[result].log() : result == DEFAULT && defaultLog;
    }

    /** The rule at {@code index}. */
    public Rule rule(final int index) {
        return rules[index];
    }

    /** All rules in order. */
    public List<Rule> rules() {
        return ruleList;
    }

    /** Number of zones the policy was built for. */
    public int zoneCount() {
        return zoneCount;
    }

    /** Action when no rule matches. */
    public Action defaultAction() {
        return defaultAction;
    }

    /** Whether default-action flows are logged. */
    public boolean defaultLog() {
        return defaultLog;
    }

    /** How many rules a flow in this cell is checked against (for tests and diagnostics). */
    int candidateCount(final int fromZone, final int toZone, final int proto) {
        return cells[(fromZone * zoneCount + toZone) * PROTOCOL_CLASSES + protocolClass(proto)].length;
    }

    /** Protocol class of an IP protocol number, or -1 when it is not one. */
    private static int protocolClass(final int proto) {
        return switch (proto) {
            case 6 -> CLASS_TCP;
            case 17 -> CLASS_UDP;
            case 1 -> CLASS_ICMP;
            case 58 -> CLASS_ICMPV6;
            default -> proto >= 0 && proto <= 255 ? CLASS_OTHER : -1;
        };
    }

    private static boolean admits(final Protocol p, final int cls) {
        return switch (p) {
            case ANY -> true;
            case TCP -> cls == CLASS_TCP;
            case UDP -> cls == CLASS_UDP;
            case ICMP -> cls == CLASS_ICMP;
            case ICMPV6 -> cls == CLASS_ICMPV6;
        };
    }

    /** Key for sharing identical candidate arrays between cells. */
    private record CandidateList(int[] indexes) {
        @Override
        public boolean equals(final Object o) {
            return o instanceof CandidateList other && Arrays.equals(other.indexes, indexes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(indexes);
        }

        @Override
        public String toString() {
            return Arrays.toString(indexes);
        }
    }

    /** Collects rules in order; {@link #build()} validates and compiles them. */
    public static final class Builder {
        private final int zoneCount;
        private final List<Rule> rules = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private Action defaultAction = Action.DROP;
        private boolean defaultLog;

        private Builder(final int zoneCount) {
            if (zoneCount < 1 || zoneCount > ZoneMap.MAX_ZONES) {
                throw new IllegalArgumentException("zone count " + zoneCount);
            }
            this.zoneCount = zoneCount;
        }

        /** Action when no rule matches; default DROP. */
        public Builder defaultAction(final Action action) {
            defaultAction = action;
            return this;
        }

        /** Whether default-action flows are logged; default false. */
        public Builder defaultLog(final boolean on) {
            defaultLog = on;
            return this;
        }

        /** Appends a rule; its index is its position. */
        public Builder add(final Rule.Builder rule) {
            final Rule r = rule.build(rules.size());
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("rule name '" + r.name() + "' used twice");
            }
            final long known = zoneCount == ZoneMap.MAX_ZONES ? -1L : (1L << zoneCount) - 1;
            if ((r.fromZones() != Rule.ZONES_ANY && (r.fromZones() & ~known) != 0)
                || (r.toZones() != Rule.ZONES_ANY && (r.toZones() & ~known) != 0)) {
                throw new IllegalArgumentException("rule '" + r.name() + "': zone id beyond " + (zoneCount - 1));
            }
            rules.add(r);
            return this;
        }

        /** The compiled policy. */
        public Policy build() {
            return new Policy(rules, zoneCount, defaultAction, defaultLog);
        }
    }
}
