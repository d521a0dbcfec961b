package io.fw443.packet;

import java.util.Objects;

/**
 * Parses an Ethernet frame once into a {@link PacketDescriptor}: L2 (up to two VLAN tags), IPv4 (options,
 * fragments, header checksum) or IPv6 (extension-header chain, bounded), then TCP (options), UDP, ICMP or ICMPv6
 * including the packet quoted by an error message.
 *
 * <p>Every read is preceded by a length check against the region, so any byte sequence yields a
 * {@link ParseResult}; malformations are drop reasons, counted in the {@link ParseCounters} given at
 * construction. L4 checksums are not verified here (capture of locally generated traffic sees offloaded,
 * partial checksums); see {@link Checksums#isTransportChecksumValid}. The IPv4 header checksum is verified, as a
 * router must (RFC 1812 §5.2.2).
 *
 * <p>One instance per parsing thread: it holds its flyweights and scratch state; no allocation per call.
 */
public final class FrameParser {
    /** An 802.1ad S-tag plus an 802.1Q C-tag; deeper stacks are not expected on a firewall's data links. */
    public static final int MAX_VLAN_TAGS = 2;
    /**
     * Extension headers walked before giving up. RFC 8200 §4.1 recommends an order with at most one of each
     * (Destination Options twice), i.e. 7 including ESP; 8 leaves room for one unexpected header while
     * bounding the work an attacker can ask for (RFC 9098 §5.1).
     */
    public static final int MAX_IPV6_EXTENSION_HEADERS = 8;
    /** Transport bytes an ICMP error must quote, at least (RFC 792; RFC 4443 §2.4(c) quotes more). */
    private static final int QUOTED_TRANSPORT_BYTES = 8;
    private static final int IPV6_FRAGMENT_HEADER_LENGTH = 8;
    private static final int IPV6_FRAGMENT_OFFSET_MASK = 0xFFF8;
    private static final int IPV6_MORE_FRAGMENTS = 0x0001;
    private static final int ROUTING_TYPE_0 = 0;

    private final ParseCounters counters;
    private final EthernetFlyweight ethernet = new EthernetFlyweight();
    private final VlanFlyweight vlan = new VlanFlyweight();
    private final Ipv4Flyweight ipv4 = new Ipv4Flyweight();
    private final Ipv6Flyweight ipv6 = new Ipv6Flyweight();
    private final TcpFlyweight tcp = new TcpFlyweight();
    private final UdpFlyweight udp = new UdpFlyweight();
    private final IcmpFlyweight icmp = new IcmpFlyweight();
    private final Icmpv6Flyweight icmpv6 = new Icmpv6Flyweight();

    /* Results of the last walkIpv6Chain call (multiple return values without allocation). */
    private int chainProtocol;
    private int chainOffset;
    private boolean chainFragment;
    private boolean chainMoreFragments;
    private int chainFragmentOffset;
    private long chainFragmentId;

    public FrameParser(ParseCounters counters) {
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /**
     * Parses {@code frame[offset .. offset + length)} into {@code out} (reset first) and counts the result.
     *
     * @throws IndexOutOfBoundsException only when the region itself lies outside {@code frame} (a caller bug,
     *                                   never a property of the bytes)
     */
    public ParseResult parse(byte[] frame, int offset, int length, PacketDescriptor out) {
        Objects.checkFromIndexSize(offset, length, frame.length);
        out.reset();
        final ParseResult result = parseEthernet(frame, offset, length, out);
        counters.record(result);
        return result;
    }

    private ParseResult parseEthernet(byte[] frame, int offset, int length, PacketDescriptor out) {
        if (length < EthernetFlyweight.HEADER_LENGTH) {
            return ParseResult.TRUNCATED_ETHERNET;
        }
        out.buffer = frame;
        out.frameOffset = offset;
        out.frameLength = length;
        final int end = offset + length;
        int etherType = ethernet.wrap(frame, offset, length).etherType();
        int position = offset + EthernetFlyweight.HEADER_LENGTH;
        int tags = 0;
        while (etherType == EthernetFlyweight.ETHER_TYPE_VLAN || etherType == EthernetFlyweight.ETHER_TYPE_QINQ) {
            if (tags == MAX_VLAN_TAGS) {
                return ParseResult.VLAN_STACK_TOO_DEEP;
            }
            if (end - position < VlanFlyweight.TAG_LENGTH) {
                return ParseResult.TRUNCATED_VLAN;
            }
            vlan.wrap(frame, position, end - position);
            out.outerVlanId = out.vlanId;
            out.vlanId = vlan.vlanId();
            etherType = vlan.etherType();
            position += VlanFlyweight.TAG_LENGTH;
            tags++;
        }
        out.etherType = etherType;
        out.l3Offset = position;
        switch (etherType) {
            case EthernetFlyweight.ETHER_TYPE_IPV4:
                return parseIpv4(frame, position, end, out);
            case EthernetFlyweight.ETHER_TYPE_IPV6:
                return parseIpv6(frame, position, end, out);
            case EthernetFlyweight.ETHER_TYPE_ARP:
                return end - position < ArpFlyweight.LENGTH ? ParseResult.TRUNCATED_ARP : ParseResult.NOT_IP;
            default:
                return ParseResult.NOT_IP;
        }
    }

    private ParseResult parseIpv4(byte[] frame, int position, int end, PacketDescriptor out) {
        final int available = end - position;
        if (available < Ipv4Flyweight.MIN_HEADER_LENGTH) {
            return ParseResult.TRUNCATED_IPV4;
        }
        ipv4.wrap(frame, position, available);
        if (ipv4.version() != Ipv4Flyweight.VERSION) {
            return ParseResult.BAD_IPV4_VERSION;
        }
        final int headerLength = ipv4.headerLength();
        if (headerLength < Ipv4Flyweight.MIN_HEADER_LENGTH || headerLength > available) {
            return ParseResult.BAD_IPV4_IHL;
        }
        final int totalLength = ipv4.totalLength();
        if (totalLength < headerLength || totalLength > available) {
            return ParseResult.BAD_IPV4_TOTAL_LENGTH;
        }
        if (Checksums.checksum(frame, position, headerLength) != 0) {
            return ParseResult.BAD_IPV4_CHECKSUM;
        }
        final int optionNumbers = ipv4OptionNumbers(frame, position + Ipv4Flyweight.OPTIONS_OFFSET,
                position + headerLength);
        if (optionNumbers < 0) {
            return ParseResult.IPV4_OPTION_OVERRUN;
        }
        final int fragmentOffset = ipv4.fragmentOffsetBytes();
        if (fragmentOffset + totalLength - headerLength > Ipv4Flyweight.MAX_DATAGRAM_LENGTH) {
            return ParseResult.BAD_IPV4_FRAGMENT;
        }
        out.family = 4;
        out.l3Length = totalLength;
        out.sourceAddressOffset = position + Ipv4Flyweight.SOURCE_OFFSET;
        out.destinationAddressOffset = position + Ipv4Flyweight.DESTINATION_OFFSET;
        out.protocol = ipv4.protocol();
        out.ttl = ipv4.ttl();
        out.ipv4OptionNumbers = optionNumbers;
        out.moreFragments = ipv4.moreFragments();
        out.dontFragment = ipv4.dontFragment();
        out.fragmentOffset = fragmentOffset;
        out.fragment = out.moreFragments || fragmentOffset != 0;
        out.fragmentId = ipv4.identification();
        if (fragmentOffset != 0) {
            return ParseResult.OK;
        }
        return parseTransport(frame, position + headerLength, position + totalLength, out);
    }

    /** Bit mask of option numbers present in {@code [start, end)}, or -1 on an overrun (RFC 791 §3.1). */
    private static int ipv4OptionNumbers(byte[] frame, int start, int end) {
        int mask = 0;
        int index = start;
        while (index < end) {
            final int type = NetworkOrder.u8(frame, index);
            if (type == Ipv4Flyweight.OPTION_END) {
                break;
            }
            if (type == Ipv4Flyweight.OPTION_NOP) {
                index++;
                continue;
            }
            if (end - index < 2) {
                return -1;
            }
            final int optionLength = NetworkOrder.u8(frame, index + 1);
            if (optionLength < 2 || optionLength > end - index) {
                return -1;
            }
            mask |= 1 << (type & 0x1F);
            index += optionLength;
        }
        return mask;
    }

    private ParseResult parseIpv6(byte[] frame, int position, int end, PacketDescriptor out) {
        final int available = end - position;
        if (available < Ipv6Flyweight.HEADER_LENGTH) {
            return ParseResult.TRUNCATED_IPV6;
        }
        ipv6.wrap(frame, position, available);
        if (ipv6.version() != Ipv6Flyweight.VERSION) {
            return ParseResult.BAD_IPV6_VERSION;
        }
        final int datagramLength = Ipv6Flyweight.HEADER_LENGTH + ipv6.payloadLength();
        if (datagramLength > available) {
            return ParseResult.BAD_IPV6_PAYLOAD_LENGTH;
        }
        out.family = 6;
        out.l3Length = datagramLength;
        out.sourceAddressOffset = ipv6.sourceAddressOffset();
        out.destinationAddressOffset = ipv6.destinationAddressOffset();
        out.ttl = ipv6.hopLimit();
        final int datagramEnd = position + datagramLength;
        final ParseResult chain = walkIpv6Chain(frame, position + Ipv6Flyweight.HEADER_LENGTH, datagramEnd,
                ipv6.nextHeader(), false);
        if (chain != ParseResult.OK) {
            return chain;
        }
        out.protocol = chainProtocol;
        out.fragment = chainFragment;
        out.moreFragments = chainMoreFragments;
        out.fragmentOffset = chainFragmentOffset;
        out.fragmentId = chainFragmentId;
        if (chainOffset < 0) {
            return ParseResult.OK;
        }
        return parseTransport(frame, chainOffset, datagramEnd, out);
    }

    /**
     * Walks IPv6 extension headers from {@code start} with first Next Header {@code nextHeader}, bounded by
     * {@code end} and {@link #MAX_IPV6_EXTENSION_HEADERS}. Sets the {@code chain*} fields; {@code chainOffset} is
     * -1 when the upper-layer header is not in this packet (non-first fragment). For a quoted packet
     * ({@code quoted}), checks that depend on the whole datagram being present are skipped.
     */
    private ParseResult walkIpv6Chain(byte[] frame, int start, int end, int nextHeader, boolean quoted) {
        chainFragment = false;
        chainMoreFragments = false;
        chainFragmentOffset = 0;
        chainFragmentId = PacketDescriptor.NONE;
        boolean seenFragmentHeader = false;
        int header = nextHeader;
        int index = start;
        int count = 0;
        while (IpProtocols.isIpv6ExtensionHeader(header)) {
            if (count == MAX_IPV6_EXTENSION_HEADERS) {
                return ParseResult.IPV6_EXT_CHAIN_TOO_LONG;
            }
            if (header == IpProtocols.HOP_BY_HOP && count != 0) {
                return ParseResult.IPV6_HOP_BY_HOP_MISPLACED;
            }
            if (end - index < IPV6_FRAGMENT_HEADER_LENGTH) {
                // Every extension header is at least 8 bytes (RFC 8200 §4: multiples of 8; AH is 12+).
                return ParseResult.IPV6_EXT_HEADER_TRUNCATED;
            }
            final int next = NetworkOrder.u8(frame, index);
            final int headerLength;
            if (header == IpProtocols.FRAGMENT) {
                headerLength = IPV6_FRAGMENT_HEADER_LENGTH;
            } else if (header == IpProtocols.AH) {
                headerLength = (NetworkOrder.u8(frame, index + 1) + 2) << 2;
            } else {
                headerLength = (NetworkOrder.u8(frame, index + 1) + 1) << 3;
            }
            if (headerLength > end - index) {
                return ParseResult.IPV6_EXT_HEADER_TRUNCATED;
            }
            if (header == IpProtocols.ROUTING && NetworkOrder.u8(frame, index + 2) == ROUTING_TYPE_0
                    && NetworkOrder.u8(frame, index + 3) != 0) {
                return ParseResult.IPV6_ROUTING_TYPE0;
            }
            if (header == IpProtocols.FRAGMENT) {
                if (seenFragmentHeader) {
                    return ParseResult.BAD_IPV6_FRAGMENT;
                }
                seenFragmentHeader = true;
                final int word = NetworkOrder.u16(frame, index + 2);
                final int fragmentOffset = word & IPV6_FRAGMENT_OFFSET_MASK;
                final boolean more = (word & IPV6_MORE_FRAGMENTS) != 0;
                final int fragmentDataLength = end - index - IPV6_FRAGMENT_HEADER_LENGTH;
                if (!quoted && (fragmentOffset + fragmentDataLength > Ipv4Flyweight.MAX_DATAGRAM_LENGTH
                        || (more && (fragmentDataLength & 7) != 0))) {
                    return ParseResult.BAD_IPV6_FRAGMENT;
                }
                chainFragmentId = NetworkOrder.u32(frame, index + 4);
                chainFragmentOffset = fragmentOffset;
                chainMoreFragments = more;
                chainFragment = more || fragmentOffset != 0;
                if (fragmentOffset != 0) {
                    chainProtocol = next;
                    chainOffset = -1;
                    return ParseResult.OK;
                }
            }
            header = next;
            index += headerLength;
            count++;
        }
        chainProtocol = header;
        chainOffset = index;
        return ParseResult.OK;
    }

    private ParseResult parseTransport(byte[] frame, int position, int end, PacketDescriptor out) {
        out.l4Offset = position;
        out.l4Length = end - position;
        final int protocol = out.protocol;
        if (protocol == IpProtocols.TCP) {
            return parseTcp(frame, position, end, out);
        }
        if (protocol == IpProtocols.UDP) {
            return parseUdp(frame, position, end, out);
        }
        if (protocol == IpProtocols.ICMP && out.family == 4) {
            return parseIcmp(frame, position, end, out);
        }
        if (protocol == IpProtocols.ICMPV6 && out.family == 6) {
            return parseIcmpv6(frame, position, end, out);
        }
        return ParseResult.OK;
    }

    /** A transport header cut short is a tiny-fragment attack when the packet is a first fragment. */
    private static ParseResult truncated(PacketDescriptor out, ParseResult otherwise) {
        return out.fragment ? ParseResult.FIRST_FRAGMENT_TOO_SHORT : otherwise;
    }

    private ParseResult parseTcp(byte[] frame, int position, int end, PacketDescriptor out) {
        final int available = end - position;
        if (available < TcpFlyweight.MIN_HEADER_LENGTH) {
            return truncated(out, ParseResult.TRUNCATED_TCP);
        }
        tcp.wrap(frame, position, available);
        final int headerLength = tcp.headerLength();
        if (headerLength < TcpFlyweight.MIN_HEADER_LENGTH) {
            return ParseResult.TCP_BAD_DATA_OFFSET;
        }
        if (headerLength > available) {
            return truncated(out, ParseResult.TCP_BAD_DATA_OFFSET);
        }
        out.sourcePort = tcp.sourcePort();
        out.destinationPort = tcp.destinationPort();
        out.tcpSequence = tcp.sequenceNumber();
        out.tcpAcknowledgment = tcp.acknowledgmentNumber();
        out.tcpFlags = tcp.flags();
        out.tcpWindow = tcp.window();
        out.tcpHeaderLength = headerLength;
        out.payloadOffset = position + headerLength;
        out.payloadLength = available - headerLength;
        return parseTcpOptions(frame, position + TcpFlyweight.OPTIONS_OFFSET, position + headerLength, out);
    }

    private static ParseResult parseTcpOptions(byte[] frame, int start, int end, PacketDescriptor out) {
        int index = start;
        while (index < end) {
            final int kind = NetworkOrder.u8(frame, index);
            if (kind == TcpFlyweight.OPTION_END) {
                break;
            }
            if (kind == TcpFlyweight.OPTION_NOP) {
                index++;
                continue;
            }
            if (end - index < 2) {
                return ParseResult.TCP_OPTION_OVERRUN;
            }
            final int optionLength = NetworkOrder.u8(frame, index + 1);
            if (optionLength < 2 || optionLength > end - index) {
                return ParseResult.TCP_OPTION_OVERRUN;
            }
            switch (kind) {
                case TcpFlyweight.OPTION_MSS:
                    if (optionLength != TcpFlyweight.OPTION_MSS_LENGTH) {
                        return ParseResult.TCP_BAD_OPTION_LENGTH;
                    }
                    out.tcpMss = NetworkOrder.u16(frame, index + 2);
                    break;
                case TcpFlyweight.OPTION_WINDOW_SCALE:
                    if (optionLength != TcpFlyweight.OPTION_WINDOW_SCALE_LENGTH) {
                        return ParseResult.TCP_BAD_OPTION_LENGTH;
                    }
                    out.tcpWindowScale = Math.min(NetworkOrder.u8(frame, index + 2), TcpFlyweight.MAX_WINDOW_SCALE);
                    break;
                case TcpFlyweight.OPTION_SACK_PERMITTED:
                    if (optionLength != TcpFlyweight.OPTION_SACK_PERMITTED_LENGTH) {
                        return ParseResult.TCP_BAD_OPTION_LENGTH;
                    }
                    out.tcpSackPermitted = true;
                    break;
                case TcpFlyweight.OPTION_TIMESTAMPS:
                    if (optionLength != TcpFlyweight.OPTION_TIMESTAMPS_LENGTH) {
                        return ParseResult.TCP_BAD_OPTION_LENGTH;
                    }
                    out.tcpHasTimestamps = true;
                    out.tcpTsVal = NetworkOrder.u32(frame, index + 2);
                    out.tcpTsEcr = NetworkOrder.u32(frame, index + 6);
                    break;
                default:
                    break;
            }
            index += optionLength;
        }
        return ParseResult.OK;
    }

    private ParseResult parseUdp(byte[] frame, int position, int end, PacketDescriptor out) {
        final int available = end - position;
        if (available < UdpFlyweight.HEADER_LENGTH) {
            return truncated(out, ParseResult.TRUNCATED_UDP);
        }
        udp.wrap(frame, position, available);
        final int udpLength = udp.udpLength();
        // A first fragment carries only part of the datagram the UDP Length describes.
        if (udpLength < UdpFlyweight.HEADER_LENGTH || (!out.fragment && udpLength > available)) {
            return ParseResult.BAD_UDP_LENGTH;
        }
        out.sourcePort = udp.sourcePort();
        out.destinationPort = udp.destinationPort();
        out.payloadOffset = position + UdpFlyweight.HEADER_LENGTH;
        out.payloadLength = Math.min(udpLength, available) - UdpFlyweight.HEADER_LENGTH;
        return ParseResult.OK;
    }

    private ParseResult parseIcmp(byte[] frame, int position, int end, PacketDescriptor out) {
        final int available = end - position;
        if (available < IcmpFlyweight.HEADER_LENGTH) {
            return truncated(out, ParseResult.TRUNCATED_ICMP);
        }
        icmp.wrap(frame, position, available);
        final int type = icmp.type();
        out.icmpType = type;
        out.icmpCode = icmp.code();
        if (IcmpFlyweight.isEcho(type)) {
            out.icmpEchoId = icmp.identifier();
        }
        if (!IcmpFlyweight.isError(type)) {
            return ParseResult.OK;
        }
        final int inner = position + IcmpFlyweight.HEADER_LENGTH;
        final int quoted = end - inner;
        if (quoted < Ipv4Flyweight.MIN_HEADER_LENGTH) {
            return ParseResult.BAD_ICMP_EMBEDDED;
        }
        ipv4.wrap(frame, inner, quoted);
        final int headerLength = ipv4.headerLength();
        if (ipv4.version() != Ipv4Flyweight.VERSION || headerLength < Ipv4Flyweight.MIN_HEADER_LENGTH
                || headerLength > quoted) {
            return ParseResult.BAD_ICMP_EMBEDDED;
        }
        out.icmpError = true;
        out.innerL3Offset = inner;
        out.innerSourceAddressOffset = inner + Ipv4Flyweight.SOURCE_OFFSET;
        out.innerDestinationAddressOffset = inner + Ipv4Flyweight.DESTINATION_OFFSET;
        out.innerProtocol = ipv4.protocol();
        if (ipv4.fragmentOffsetBytes() != 0) {
            return ParseResult.OK;
        }
        return parseInnerTransport(frame, inner + headerLength, end, out, ParseResult.BAD_ICMP_EMBEDDED);
    }

    private ParseResult parseIcmpv6(byte[] frame, int position, int end, PacketDescriptor out) {
        final int available = end - position;
        if (available < Icmpv6Flyweight.HEADER_LENGTH) {
            return truncated(out, ParseResult.TRUNCATED_ICMPV6);
        }
        icmpv6.wrap(frame, position, available);
        final int type = icmpv6.type();
        out.icmpType = type;
        out.icmpCode = icmpv6.code();
        if (Icmpv6Flyweight.isEcho(type)) {
            out.icmpEchoId = icmpv6.identifier();
        }
        if (!Icmpv6Flyweight.isError(type)) {
            return ParseResult.OK;
        }
        final int inner = position + Icmpv6Flyweight.HEADER_LENGTH;
        final int quoted = end - inner;
        if (quoted < Ipv6Flyweight.HEADER_LENGTH) {
            return ParseResult.BAD_ICMPV6_EMBEDDED;
        }
        ipv6.wrap(frame, inner, quoted);
        if (ipv6.version() != Ipv6Flyweight.VERSION) {
            return ParseResult.BAD_ICMPV6_EMBEDDED;
        }
        if (walkIpv6Chain(frame, inner + Ipv6Flyweight.HEADER_LENGTH, end, ipv6.nextHeader(), true)
                != ParseResult.OK) {
            return ParseResult.BAD_ICMPV6_EMBEDDED;
        }
        out.icmpError = true;
        out.innerL3Offset = inner;
        out.innerSourceAddressOffset = ipv6.sourceAddressOffset();
        out.innerDestinationAddressOffset = ipv6.destinationAddressOffset();
        out.innerProtocol = chainProtocol;
        if (chainOffset < 0) {
            return ParseResult.OK;
        }
        return parseInnerTransport(frame, chainOffset, end, out, ParseResult.BAD_ICMPV6_EMBEDDED);
    }

    /** Reads ports / sequence / echo id of the quoted transport header; TCP, UDP and echo need 8 bytes. */
    private ParseResult parseInnerTransport(byte[] frame, int position, int end, PacketDescriptor out,
                                            ParseResult tooShort) {
        final int protocol = out.innerProtocol;
        final boolean icmpOfFamily = out.family == 4 ? protocol == IpProtocols.ICMP : protocol == IpProtocols.ICMPV6;
        if (protocol != IpProtocols.TCP && protocol != IpProtocols.UDP && !icmpOfFamily) {
            return ParseResult.OK;
        }
        if (end - position < QUOTED_TRANSPORT_BYTES) {
            return tooShort;
        }
        if (icmpOfFamily) {
            final int type = NetworkOrder.u8(frame, position);
            final boolean echo = out.family == 4 ? IcmpFlyweight.isEcho(type) : Icmpv6Flyweight.isEcho(type);
            if (echo) {
                out.innerIcmpEchoId = NetworkOrder.u16(frame, position + IcmpFlyweight.IDENTIFIER_OFFSET);
            }
            return ParseResult.OK;
        }
        out.innerSourcePort = NetworkOrder.u16(frame, position);
        out.innerDestinationPort = NetworkOrder.u16(frame, position + 2);
        if (protocol == IpProtocols.TCP) {
            out.innerTcpSequence = NetworkOrder.u32(frame, position + TcpFlyweight.SEQUENCE_OFFSET);
        }
        return ParseResult.OK;
    }
}
