package io.fw443.packet;

/**
 * Frames captured with tcpdump on a veth pair between two network namespaces (Linux 6.18, curl to openssl
 * s_server, a connect to a closed port, UDP to a closed port). Field values quoted in the tests were read off
 * tshark's dissection of the same capture, not from the parser.
 */
final class CapturedFrames {
    /** 192.0.2.1:43990 -> 192.0.2.2:443 SYN, MSS 1460, SACK_PERM, TSval 3280460161, WS 10 (tshark frame 11). */
    static final String IPV4_TCP_SYN = "fabe7654f2e75ec6594c707208004500003c5c1a400040065a9ec0000201c0000202abd601bb"
            + "0bc3248c00000000a002faf084320000020405b40402080ac387d981000000000103030a";
    /** SYN to the closed port 444 (frame 49) and the kernel's RST+ACK answer (frame 50). */
    static final String IPV4_TCP_SYN_CLOSED = "fabe7654f2e75ec6594c707208004500003cc0f640004006f5c1c0000201c0000202"
            + "b63601bc561e4fd900000000a002faf084320000020405b40402080aeea366bd000000000103030a";
    static final String IPV4_TCP_RST_ACK = "5ec6594c7072fabe7654f2e7080045000028000040004006b6ccc0000202c0000201"
            + "01bcb63600000000561e4fda50140000cde10000";
    /** 192.0.2.1:46660 -> 192.0.2.2:9 UDP "hi\n" (frame 52; checksum left partial by veth offload). */
    static final String IPV4_UDP = "fabe7654f2e75ec6594c707208004500001f273c400040118f8ec0000201c0000202b644"
            + "0009000b842068690a";
    /** The kernel's ICMP port unreachable for IPV4_UDP (frame 53). */
    static final String IPV4_ICMP_PORT_UNREACHABLE = "5ec6594c7072fabe7654f2e7080045c0003b97e2000040015e1cc0000202"
            + "c00002010303501a000000004500001f273c400040118f8ec0000201c0000202b6440009000b842068690a";
    /** ARP who-has 192.0.2.2 tell 192.0.2.1, unpadded as captured on the sending veth (frame 9). */
    static final String ARP_REQUEST = "ffffffffffff5ec6594c7072080600010800060400015ec6594c7072c0000201"
            + "000000000000c0000202";
    /** 2001:db8::1:34110 -> 2001:db8::2:443 SYN, MSS 1440, SACK_PERM, TSval 2823668834, WS 10 (frame 31). */
    static final String IPV6_TCP_SYN = "fabe7654f2e75ec6594c707286dd60067f990028064020010db8000000000000000000000001"
            + "20010db8000000000000000000000002853e01bb9924dc5700000000a002fd205ba30000020405a00402080aa84dc462"
            + "000000000103030a";
    /** 2001:db8::1:50671 -> 2001:db8::2:9 UDP (frame 54) and the kernel's ICMPv6 port unreachable (frame 55). */
    static final String IPV6_UDP = "fabe7654f2e75ec6594c707286dd600a06c8000b114020010db8000000000000000000000001"
            + "20010db8000000000000000000000002c5ef0009000b5b9168690a";
    static final String IPV6_ICMP_PORT_UNREACHABLE = "5ec6594c7072fabe7654f2e786dd6002beed003b3a4020010db800000000"
            + "000000000000000220010db800000000000000000000000101043b8000000000600a06c8000b114020010db8000000000000"
            + "00000000000120010db8000000000000000000000002c5ef0009000b5b9168690a";
    /** MLDv2 report from :: behind a Hop-by-Hop header with Router Alert (frame 3). */
    static final String IPV6_HOP_BY_HOP_MLD = "333300000016fabe7654f2e786dd60000000003800010000000000000000000000000000"
            + "0000ff0200000000000000000000000000163a000502000001008f007a320000000204000000ff020000000000000000"
            + "0001ff54f2e704000000ff0200000000000000000001ff000002";
    /** Neighbor Solicitation 2001:db8::1 -> ff02::1:ff00:2 for 2001:db8::2 (frame 29) and its answer (frame 30). */
    static final String IPV6_NEIGHBOR_SOLICITATION = "3333ff0000025ec6594c707286dd6000000000203aff20010db80000000000"
            + "00000000000001ff0200000000000000000001ff0000028700f5a20000000020010db8000000000000000000000002"
            + "01015ec6594c7072";
    static final String IPV6_NEIGHBOR_ADVERTISEMENT = "5ec6594c7072fabe7654f2e786dd6000000000203aff20010db8000000"
            + "00000000000000000220010db8000000000000000000000001880028786000000020010db80000000000000000000000"
            + "020201fabe7654f2e7";

    static final String MAC_A = "5ec6594c7072";
    static final String MAC_B = "fabe7654f2e7";

    private CapturedFrames() {
    }

    static byte[] frame(String hex) {
        return Hex.bytes(hex);
    }
}
