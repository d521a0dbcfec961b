package io.fw443.mgmt;

import java.util.List;
import java.util.Objects;

/**
 * One flow as {@code GET /flows} lists it, in the direction it was opened (src is the initiator).
 *
 * @param proto      {@code tcp}, {@code udp}, {@code icmp} or {@code icmpv6}
 * @param src        initiator address literal
 * @param state      the conntrack state, lower case ({@code established}, {@code syn_sent}, {@code stream}, ...)
 * @param sni        the TLS/QUIC server name, null when none was seen
 * @param ja4        the client's JA4 fingerprint, null when none
 * @param alpn       the first ALPN protocol offered, null when none
 * @param tlsVersion the negotiated or offered TLS version ({@code 1.3}), null when none
 * @param ageS       seconds since the flow was created; null when unknown (the table keeps no creation time)
 * @param idleS      seconds since its last packet
 * @param origin     id of the node that created the flow (replicated flows name their peer)
 * @param flags      record flags, lower case: {@code pickup}, {@code tls-checked}, {@code denied}
 */
public record FlowView(String proto, String src, int sport, String dst, int dport, String state, String sni,
        String ja4, String alpn, String tlsVersion, Long ageS, long idleS, long packets, long bytes, String origin,
        List<String> flags) {
    public FlowView {
        Objects.requireNonNull(proto, "proto");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(state, "state");
        flags = List.copyOf(flags);
    }
}
