package io.fw443.config;

import java.util.List;
import java.util.Optional;

/**
 * One policy rule. Empty lists match anything; a flow matches when every given condition matches
 * (any element of a list).
 *
 * @param name unique rule name, used in logs and counters
 * @param fromZones zones of the ingress interface
 * @param toZones zones of the egress interface
 * @param fromSets sets the source address must be in
 * @param toSets sets the destination address must be in
 * @param protocol the IP protocol
 * @param ports destination ports (TCP and UDP only)
 * @param action what to do with a matching flow
 * @param log log each flow this rule decides
 * @param tls ClientHello conditions an accepted flow must meet (TCP: TLS; UDP: QUIC Initial)
 * @param quic QUIC conditions (UDP only)
 */
public record RuleConfig(
        String name,
        List<String> fromZones,
        List<String> toZones,
        List<String> fromSets,
        List<String> toSets,
        Protocol protocol,
        List<PortRange> ports,
        Action action,
        boolean log,
        Optional<TlsMatch> tls,
        Optional<QuicMatch> quic) {

    /** A rule's verdict. */
    public enum Action implements Keyword {
        ACCEPT,
        /** Discard silently. */
        DROP,
        /** Discard and answer: TCP RST, or ICMP / ICMPv6 destination unreachable. */
        REJECT
    }

    /** The protocol a rule matches. */
    public enum Protocol implements Keyword {
        TCP,
        UDP,
        /** ICMP for IPv4 and ICMPv6 for IPv6. */
        ICMP,
        ANY
    }

    public RuleConfig {
        fromZones = List.copyOf(fromZones);
        toZones = List.copyOf(toZones);
        fromSets = List.copyOf(fromSets);
        toSets = List.copyOf(toSets);
        ports = List.copyOf(ports);
    }
}
