package io.fw443.packet;

/**
 * Outcome of {@link FrameParser#parse}: {@link #OK}, {@link #NOT_IP} (a well-formed frame the IP path does not
 * handle, e.g. ARP), or one drop reason per distinct malformation, each counted in {@link ParseCounters}
 * (pf's {@code PFRES_*} / pfsync's per-check counters). Append new values at the end: ordinals index counters.
 */
public enum ParseResult {
    /** An IPv4 or IPv6 packet whose headers are all consistent; the descriptor is filled. */
    OK,
    /** Not IP (ARP with a complete body, or another EtherType); L2 fields and l3Offset are filled. Not a drop. */
    NOT_IP,
    /** Fewer than 14 bytes: no Ethernet II header. */
    TRUNCATED_ETHERNET,
    /** A VLAN TPID without the 4 bytes of tag that must follow it. */
    TRUNCATED_VLAN,
    /** More than {@link FrameParser#MAX_VLAN_TAGS} stacked tags. */
    VLAN_STACK_TOO_DEEP,
    /** ARP EtherType with fewer than 28 bytes of ARP body. */
    TRUNCATED_ARP,
    /** IPv4 EtherType with fewer than 20 bytes after L2. */
    TRUNCATED_IPV4,
    /** IPv4 EtherType but the version nibble is not 4. */
    BAD_IPV4_VERSION,
    /** IHL below 5 words, or a header longer than the bytes present. */
    BAD_IPV4_IHL,
    /** Total Length below the header length or beyond the frame. */
    BAD_IPV4_TOTAL_LENGTH,
    /** The IPv4 header checksum does not verify (RFC 1812 §5.2.2). */
    BAD_IPV4_CHECKSUM,
    /** An IPv4 option with length below 2 or running past the header. */
    IPV4_OPTION_OVERRUN,
    /** Fragment offset + fragment data beyond 65,535 bytes (the "ping of death"). */
    BAD_IPV4_FRAGMENT,
    /** IPv6 EtherType with fewer than 40 bytes after L2. */
    TRUNCATED_IPV6,
    /** IPv6 EtherType but the version nibble is not 6. */
    BAD_IPV6_VERSION,
    /** 40 + Payload Length beyond the frame. */
    BAD_IPV6_PAYLOAD_LENGTH,
    /** An extension header that runs past the datagram. */
    IPV6_EXT_HEADER_TRUNCATED,
    /** More than {@link FrameParser#MAX_IPV6_EXTENSION_HEADERS} extension headers. */
    IPV6_EXT_CHAIN_TOO_LONG,
    /** A Hop-by-Hop Options header anywhere but first (RFC 8200 §4.1). */
    IPV6_HOP_BY_HOP_MISPLACED,
    /** A type 0 Routing header with segments left (deprecated by RFC 5095 §3). */
    IPV6_ROUTING_TYPE0,
    /** A second Fragment header, fragment data beyond 65,535 bytes, or a non-last fragment whose length is not
     * a multiple of 8 (RFC 8200 §4.5). */
    BAD_IPV6_FRAGMENT,
    /** A first fragment too short to hold the whole transport header (RFC 1858 §3, RFC 7112 §5). */
    FIRST_FRAGMENT_TOO_SHORT,
    /** Fewer than 20 bytes of TCP header. */
    TRUNCATED_TCP,
    /** TCP Data Offset below 5 words or beyond the segment. */
    TCP_BAD_DATA_OFFSET,
    /** A TCP option with length below 2 or running past the header. */
    TCP_OPTION_OVERRUN,
    /** MSS, window scale, SACK-permitted or timestamps option with the wrong length. */
    TCP_BAD_OPTION_LENGTH,
    /** Fewer than 8 bytes of UDP header. */
    TRUNCATED_UDP,
    /** UDP Length below 8 or beyond the datagram. */
    BAD_UDP_LENGTH,
    /** Fewer than 8 bytes of ICMP header. */
    TRUNCATED_ICMP,
    /** An ICMP error whose quoted IPv4 header + 8 bytes is missing or inconsistent. */
    BAD_ICMP_EMBEDDED,
    /** Fewer than 8 bytes of ICMPv6 header. */
    TRUNCATED_ICMPV6,
    /** An ICMPv6 error whose quoted IPv6 header, extension headers or first 8 transport bytes are missing or
     * inconsistent. */
    BAD_ICMPV6_EMBEDDED;

    /** True for the values that mean "drop this frame". */
    public boolean isDrop() {
        return this != OK && this != NOT_IP;
    }
}
