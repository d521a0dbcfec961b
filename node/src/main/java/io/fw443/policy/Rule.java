package io.fw443.policy;

import java.util.Objects;

/**
 * One compiled filtering rule. A rule matches a new flow when every given condition holds: ingress zone
 * in {@code fromZones}, egress zone in {@code toZones} (bit masks over zone ids, {@link #ZONES_ANY} for
 * any), source and destination address in (or, when negated, outside) their sets ({@code null} = any),
 * the protocol, and for TCP/UDP the destination port. {@code l7} is carried for the TLS inspector.
 *
 * @param name      unique name, used in logs and counters
 * @param index     position in the policy; the first matching index wins
 * @param fromZones bit {@code z} set when ingress zone {@code z} matches
 * @param toZones   bit {@code z} set when egress zone {@code z} matches
 * @param srcSet    source addresses, or {@code null} for any
 * @param srcNegate match sources outside {@code srcSet} instead
 * @param dstSet    destination addresses, or {@code null} for any
 * @param dstNegate match destinations outside {@code dstSet} instead
 * @param protocol  transport protocol
 * @param dstPorts  destination ports; not {@link PortRanges#ANY} only for TCP and UDP
 * @param action    what to do with a matching flow
 * @param log       whether a match is logged
 * @param l7        TLS/QUIC conditions applied after the match, or {@code null}
 */
public record Rule(String name, int index, long fromZones, long toZones,
                   CidrSet srcSet, boolean srcNegate, CidrSet dstSet, boolean dstNegate,
                   Protocol protocol, PortRanges dstPorts, Action action, boolean log, L7Conditions l7) {
    /** Zone mask matching every zone. */
    public static final long ZONES_ANY = -1L;

    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(dstPorts, "dstPorts");
        Objects.requireNonNull(action, "action");
        if (name.isBlank()) {
            throw new IllegalArgumentException("rule without a name");
        }
        if (fromZones == 0 || toZones == 0) {
            throw new IllegalArgumentException("rule '" + name + "': empty zone set");
        }
        if ((srcNegate && srcSet == null) || (dstNegate && dstSet == null)) {
            throw new IllegalArgumentException("rule '" + name + "': negation without a set");
        }
        if (!dstPorts.isAny() && !protocol.hasPorts()) {
            throw new IllegalArgumentException("rule '" + name + "': ports need protocol TCP or UDP, not " + protocol);
        }
    }

    /** A builder for a rule named {@code name}: any zones, addresses, protocol and port, action DROP. */
    public static Builder builder(final String name) {
        return new Builder(name);
    }

    /** Collects a rule's conditions; {@link Policy.Builder#add(Builder)} assigns its index. */
    public static final class Builder {
        private final String name;
        private long fromZones = ZONES_ANY;
        private long toZones = ZONES_ANY;
        private CidrSet srcSet;
        private boolean srcNegate;
        private CidrSet dstSet;
        private boolean dstNegate;
        private Protocol protocol = Protocol.ANY;
        private PortRanges dstPorts = PortRanges.ANY;
        private Action action = Action.DROP;
        private boolean log;
        private L7Conditions l7;

        private Builder(final String name) {
            this.name = name;
        }

        /** Ingress zones (ids); default any. */
        public Builder from(final int... zoneIds) {
            fromZones = mask(zoneIds);
            return this;
        }

        /** Egress zones (ids); default any. */
        public Builder to(final int... zoneIds) {
            toZones = mask(zoneIds);
            return this;
        }

        /** Sources inside {@code set}. */
        public Builder src(final CidrSet set) {
            srcSet = Objects.requireNonNull(set);
            srcNegate = false;
            return this;
        }

        /** Sources outside {@code set}. */
        public Builder srcNot(final CidrSet set) {
            srcSet = Objects.requireNonNull(set);
            srcNegate = true;
            return this;
        }

        /** Destinations inside {@code set}. */
        public Builder dst(final CidrSet set) {
            dstSet = Objects.requireNonNull(set);
            dstNegate = false;
            return this;
        }

        /** Destinations outside {@code set}. */
        public Builder dstNot(final CidrSet set) {
            dstSet = Objects.requireNonNull(set);
            dstNegate = true;
            return this;
        }

        /** Transport protocol; default any. */
        public Builder protocol(final Protocol p) {
            protocol = p;
            return this;
        }

        /** Destination ports (TCP/UDP rules only); default any. */
        public Builder dstPorts(final PortRanges ports) {
            dstPorts = ports;
            return this;
        }

        /** Action on match; default DROP. */
        public Builder action(final Action a) {
            action = a;
            return this;
        }

        /** Whether matches are logged; default false. */
        public Builder log(final boolean on) {
            log = on;
            return this;
        }

        /** TLS/QUIC conditions carried for the inspector. */
        public Builder l7(final L7Conditions conditions) {
            l7 = conditions;
            return this;
        }

        Rule build(final int index) {
            return new Rule(name, index, fromZones, toZones, srcSet, srcNegate, dstSet, dstNegate,
                protocol, dstPorts, action, log, l7);
        }

        private static long mask(final int... zoneIds) {
            long m = 0;
            for (final int z : zoneIds) {
                if (z < 0 || z >= ZoneMap.MAX_ZONES) {
                    throw new IllegalArgumentException("zone id " + z);
                }
                m |= 1L << z;
            }
            return m;
        }
    }
}
