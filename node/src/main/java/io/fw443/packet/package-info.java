/**
 * Zero-allocation packet parsing and writing for the data plane.
 *
 * <p>Why it exists: every frame the node captures is parsed exactly once, by {@link io.fw443.packet.FrameParser},
 * into a reusable {@link io.fw443.packet.PacketDescriptor} (pf's {@code pf_pdesc}) that every later stage reads
 * (conntrack, policy, TLS inspection, forwarding). Per-packet object trees (pcap4j's typed {@code Packet}) cost
 * too much at line rate, and hostile input must never turn into an exception in the forwarding loop: malformed
 * headers come back as a {@link io.fw443.packet.ParseResult} drop reason that is counted in
 * {@link io.fw443.packet.ParseCounters}.
 *
 * <p>The flyweights ({@code *Flyweight}) are views re-wrapped over a {@code byte[]} region; all multi-byte fields
 * are big-endian (network order, RFC 1700) and widened to unsigned Java types. Accessors do not bounds-check:
 * the parser checks every length before it reads, and writers/builders check the output capacity first.
 *
 * <p>Writers cover what a forwarder changes (MACs, TTL/hop limit with RFC 1624 incremental checksum update);
 * builders produce the replies a firewall sends itself (TCP RST, ICMP/ICMPv6 errors, ARP, neighbour discovery).
 */
package io.fw443.packet;
