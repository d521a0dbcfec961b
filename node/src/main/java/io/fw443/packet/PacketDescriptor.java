package io.fw443.packet;

/**
 * Everything later stages need to know about one frame, filled once by {@link FrameParser} (pf's
 * {@code pf_pdesc}) and reused for the next frame after {@link #reset()}. Only primitives and the frame
 * reference: addresses stay in the frame and are exposed as absolute offsets, with helpers to copy them out.
 *
 * <p>Absent values are {@value #NONE} (ports, VLAN ids, TCP options, ICMP fields, offsets) or {@code false}.
 * After a drop result the descriptor is only partly filled: read it only after {@link ParseResult#OK} (or the L2
 * fields after {@link ParseResult#NOT_IP}).
 *
 * <p>Canonical 16-byte address form: IPv4 addresses are copied as IPv4-mapped IPv6 addresses
 * {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2), so flow keys have one layout for both families and an IPv4
 * address can never collide with a native IPv6 one.
 */
public final class PacketDescriptor {
    /** Marker for an absent numeric field. */
    public static final int NONE = -1;
    /** Length of the canonical address form written by the {@code copy*Address16} helpers. */
    public static final int CANONICAL_ADDRESS_LENGTH = 16;
    private static final int MAPPED_PREFIX_LENGTH = 12;

    byte[] buffer;
    int frameOffset;
    int frameLength;

    int outerVlanId;
    int vlanId;
    int etherType;
    int l3Offset;

    int family;
    int l3Length;
    int sourceAddressOffset;
    int destinationAddressOffset;
    int protocol;
    int ttl;
    int ipv4OptionNumbers;

    boolean fragment;
    boolean moreFragments;
    boolean dontFragment;
    int fragmentOffset;
    long fragmentId;

    int l4Offset;
    int l4Length;
    int sourcePort;
    int destinationPort;
    int payloadOffset;
    int payloadLength;

    int tcpFlags;
    long tcpSequence;
    long tcpAcknowledgment;
    int tcpWindow;
    int tcpHeaderLength;
    int tcpMss;
    int tcpWindowScale;
    boolean tcpSackPermitted;
    boolean tcpHasTimestamps;
    long tcpTsVal;
    long tcpTsEcr;

    int icmpType;
    int icmpCode;
    int icmpEchoId;
    boolean icmpError;

    int innerL3Offset;
    int innerSourceAddressOffset;
    int innerDestinationAddressOffset;
    int innerProtocol;
    int innerSourcePort;
    int innerDestinationPort;
    long innerTcpSequence;
    int innerIcmpEchoId;

    public PacketDescriptor() {
        reset();
    }

    /** Clears every field to "absent". */
    public void reset() {
        buffer = null;
        frameOffset = 0;
        frameLength = 0;
        outerVlanId = NONE;
        vlanId = NONE;
        etherType = NONE;
        l3Offset = NONE;
        family = 0;
        l3Length = 0;
        sourceAddressOffset = NONE;
        destinationAddressOffset = NONE;
        protocol = NONE;
        ttl = NONE;
        ipv4OptionNumbers = 0;
        fragment = false;
        moreFragments = false;
        dontFragment = false;
        fragmentOffset = 0;
        fragmentId = NONE;
        l4Offset = NONE;
        l4Length = 0;
        sourcePort = NONE;
        destinationPort = NONE;
        payloadOffset = NONE;
        payloadLength = 0;
        tcpFlags = 0;
        tcpSequence = NONE;
        tcpAcknowledgment = NONE;
        tcpWindow = NONE;
        tcpHeaderLength = 0;
        tcpMss = NONE;
        tcpWindowScale = NONE;
        tcpSackPermitted = false;
        tcpHasTimestamps = false;
        tcpTsVal = NONE;
        tcpTsEcr = NONE;
        icmpType = NONE;
        icmpCode = NONE;
        icmpEchoId = NONE;
        icmpError = false;
        innerL3Offset = NONE;
        innerSourceAddressOffset = NONE;
        innerDestinationAddressOffset = NONE;
        innerProtocol = NONE;
        innerSourcePort = NONE;
        innerDestinationPort = NONE;
        innerTcpSequence = NONE;
        innerIcmpEchoId = NONE;
    }

    /** The frame buffer the offsets refer to. */
    public byte[] buffer() {
        return buffer;
    }

    /** Absolute index of the first byte of the Ethernet header. */
    public int frameOffset() {
        return frameOffset;
    }

    public int frameLength() {
        return frameLength;
    }

    /** S-tag VLAN id when the frame is double tagged, else {@value #NONE}. */
    public int outerVlanId() {
        return outerVlanId;
    }

    /** Innermost (C-tag) VLAN id, or {@value #NONE} when untagged. */
    public int vlanId() {
        return vlanId;
    }

    /** The EtherType after any VLAN tags. */
    public int etherType() {
        return etherType;
    }

    /** Absolute index of the L3 header (after Ethernet and VLAN tags). */
    public int l3Offset() {
        return l3Offset;
    }

    /** Bytes of L2 header before {@link #l3Offset()}. */
    public int l2Length() {
        return l3Offset - frameOffset;
    }

    /** 4 or 6 for IP packets, 0 otherwise. */
    public int family() {
        return family;
    }

    /** IP datagram length as the IP header states it (IPv4 Total Length, or 40 + IPv6 Payload Length); Ethernet
     * padding after it is not part of the packet. */
    public int l3Length() {
        return l3Length;
    }

    /** Address length in bytes: 4 or 16. */
    public int addressLength() {
        return family == 4 ? Ipv4Flyweight.ADDRESS_LENGTH : Ipv6Flyweight.ADDRESS_LENGTH;
    }

    /** Absolute index of the IP source address. */
    public int sourceAddressOffset() {
        return sourceAddressOffset;
    }

    /** Absolute index of the IP destination address. */
    public int destinationAddressOffset() {
        return destinationAddressOffset;
    }

    /** IPv4 source address as a big-endian int; meaningful only when {@link #family()} is 4. */
    public int sourceIpv4() {
        return NetworkOrder.s32(buffer, sourceAddressOffset);
    }

    /** IPv4 destination address as a big-endian int; meaningful only when {@link #family()} is 4. */
    public int destinationIpv4() {
        return NetworkOrder.s32(buffer, destinationAddressOffset);
    }

    /** Upper-layer protocol: IPv4 Protocol, or the IPv6 Next Header after the extension-header chain. */
    public int protocol() {
        return protocol;
    }

    /** IPv4 TTL or IPv6 Hop Limit. */
    public int ttl() {
        return ttl;
    }

    /** Bit {@code n} set when an IPv4 option with option number {@code n} (type & 0x1F, RFC 791) is present. */
    public int ipv4OptionNumbers() {
        return ipv4OptionNumbers;
    }

    /** True for a real fragment (offset ≠ 0 or more-fragments); an IPv6 atomic fragment is not one (RFC 6946). */
    public boolean isFragment() {
        return fragment;
    }

    /** True for the fragment at offset 0, which carries the transport header. */
    public boolean isFirstFragment() {
        return fragment && fragmentOffset == 0;
    }

    public boolean moreFragments() {
        return moreFragments;
    }

    /** IPv4 Don't Fragment bit (always false for IPv6, where routers never fragment). */
    public boolean dontFragment() {
        return dontFragment;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** IPv4 Identification or IPv6 fragment Identification; {@value #NONE} for IPv6 without a fragment header. */
    public long fragmentId() {
        return fragmentId;
    }

    /** Absolute index of the transport header, or {@value #NONE} when it is not in this packet (non-first
     * fragment). */
    public int l4Offset() {
        return l4Offset;
    }

    /** Bytes from {@link #l4Offset()} to the end of the IP datagram. */
    public int l4Length() {
        return l4Length;
    }

    /** TCP/UDP source port, or {@value #NONE}. */
    public int sourcePort() {
        return sourcePort;
    }

    /** TCP/UDP destination port, or {@value #NONE}. */
    public int destinationPort() {
        return destinationPort;
    }

    /** Absolute index of the TCP/UDP payload, or {@value #NONE}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** TCP/UDP payload bytes in this packet. */
    public int payloadLength() {
        return payloadLength;
    }

    /** The 8 TCP control bits (see {@link TcpFlyweight#SYN} etc.). */
    public int tcpFlags() {
        return tcpFlags;
    }

    public long tcpSequence() {
        return tcpSequence;
    }

    public long tcpAcknowledgment() {
        return tcpAcknowledgment;
    }

    /** Raw (unscaled) window field. */
    public int tcpWindow() {
        return tcpWindow;
    }

    /** TCP header length in bytes (Data Offset × 4). */
    public int tcpHeaderLength() {
        return tcpHeaderLength;
    }

    public int tcpMss() {
        return tcpMss;
    }

    /** Window scale shift, clamped to 14 (RFC 7323 §2.3), or {@value #NONE} when absent. */
    public int tcpWindowScale() {
        return tcpWindowScale;
    }

    public boolean tcpSackPermitted() {
        return tcpSackPermitted;
    }

    public boolean tcpHasTimestamps() {
        return tcpHasTimestamps;
    }

    public long tcpTsVal() {
        return tcpTsVal;
    }

    public long tcpTsEcr() {
        return tcpTsEcr;
    }

    /** Sequence space a TCP segment occupies: payload plus one for SYN and one for FIN (RFC 9293 §3.4). */
    public long tcpSegmentLength() {
        return payloadLength + ((tcpFlags & TcpFlyweight.SYN) != 0 ? 1 : 0)
                + ((tcpFlags & TcpFlyweight.FIN) != 0 ? 1 : 0);
    }

    /** ICMP or ICMPv6 type, or {@value #NONE}. */
    public int icmpType() {
        return icmpType;
    }

    public int icmpCode() {
        return icmpCode;
    }

    /** Identifier of an echo request/reply, or {@value #NONE}. */
    public int icmpEchoId() {
        return icmpEchoId;
    }

    /** True when the packet is an ICMP/ICMPv6 error whose quoted packet was parsed into the inner fields. */
    public boolean isIcmpError() {
        return icmpError;
    }

    /** Absolute index of the quoted IP header inside an ICMP error. */
    public int innerL3Offset() {
        return innerL3Offset;
    }

    public int innerSourceAddressOffset() {
        return innerSourceAddressOffset;
    }

    public int innerDestinationAddressOffset() {
        return innerDestinationAddressOffset;
    }

    public int innerProtocol() {
        return innerProtocol;
    }

    public int innerSourcePort() {
        return innerSourcePort;
    }

    public int innerDestinationPort() {
        return innerDestinationPort;
    }

    /** Sequence number of the quoted TCP segment, or {@value #NONE}. */
    public long innerTcpSequence() {
        return innerTcpSequence;
    }

    /** Identifier of a quoted echo request, or {@value #NONE}. */
    public int innerIcmpEchoId() {
        return innerIcmpEchoId;
    }

    /** Copies the source address in canonical 16-byte form to {@code dst[dstOffset ..]}. */
    public void copySourceAddress16(byte[] dst, int dstOffset) {
        copyCanonical(sourceAddressOffset, dst, dstOffset);
    }

    /** Copies the destination address in canonical 16-byte form to {@code dst[dstOffset ..]}. */
    public void copyDestinationAddress16(byte[] dst, int dstOffset) {
        copyCanonical(destinationAddressOffset, dst, dstOffset);
    }

    /** Copies the quoted packet's source address in canonical 16-byte form. */
    public void copyInnerSourceAddress16(byte[] dst, int dstOffset) {
        copyCanonical(innerSourceAddressOffset, dst, dstOffset);
    }

    /** Copies the quoted packet's destination address in canonical 16-byte form. */
    public void copyInnerDestinationAddress16(byte[] dst, int dstOffset) {
        copyCanonical(innerDestinationAddressOffset, dst, dstOffset);
    }

    private void copyCanonical(int addressOffset, byte[] dst, int dstOffset) {
        if (family == 4) {
            for (int i = 0; i < MAPPED_PREFIX_LENGTH - 2; i++) {
                dst[dstOffset + i] = 0;
            }
            dst[dstOffset + MAPPED_PREFIX_LENGTH - 2] = (byte) 0xFF;
            dst[dstOffset + MAPPED_PREFIX_LENGTH - 1] = (byte) 0xFF;
            System.arraycopy(buffer, addressOffset, dst, dstOffset + MAPPED_PREFIX_LENGTH,
                    Ipv4Flyweight.ADDRESS_LENGTH);
        } else {
            System.arraycopy(buffer, addressOffset, dst, dstOffset, Ipv6Flyweight.ADDRESS_LENGTH);
        }
    }

    @Override
    public String toString() {
        return "PacketDescriptor{vlan=" + vlanId + ", etherType=0x" + Integer.toHexString(etherType)
                + ", family=" + family + ", proto=" + protocol + ", ttl=" + ttl + ", frag=" + fragment
                + "/" + fragmentOffset + ", l4=" + l4Offset + ", ports=" + sourcePort + "->" + destinationPort
                + ", tcpFlags=0x" + Integer.toHexString(tcpFlags) + ", icmp=" + icmpType + "/" + icmpCode
                + ", innerProto=" + innerProtocol + '}';
    }
}
