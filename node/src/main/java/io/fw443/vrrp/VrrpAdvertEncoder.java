package io.fw443.vrrp;

import io.fw443.packet.Checksums;
import java.net.InetAddress;
import java.util.List;

/**
 * Writes one group's adverts into caller-owned buffers: the VRRP part alone, the IP packet, or the
 * whole Ethernet frame. Everything but the priority is fixed per group and prepared once, so an
 * encode call allocates nothing. Not thread-safe (it numbers IPv4 datagrams).
 *
 * <p>Frame layout written by {@link #encodeFrame}:
 * <pre>
 * Ethernet  dst 01:00:5e:00:00:12 (IPv4) or 33:33:00:00:00:12 (IPv6); src virtual router MAC
 *           00:00:5e:00:01:VRID or 00:00:5e:00:02:VRID (RFC 5798 §7.2, §7.3); type 0x0800 / 0x86dd
 * IPv4      IHL 5, TOS 0xc0, DF clear, TTL 255, protocol 112, src primary, dst 224.0.0.18 (§5.1.1)
 * IPv6      traffic class 0xc0, hop limit 255, next header 112, src primary (link-local),
 *           dst ff02::12 (§5.1.2)
 * VRRP      see {@link VrrpAdvertFlyweight}; checksum over the pseudo-header (§5.2.8)
 * </pre>
 * TOS/traffic class 0xc0 (precedence "internetwork control") matches keepalived; RFC 5798 leaves it open.
 */
public final class VrrpAdvertEncoder {

    /** Destination MAC, source MAC, EtherType. */
    public static final int ETHERNET_HEADER_LENGTH = 14;

    private static final int TRAFFIC_CLASS = 0xc0;

    private final VrrpFamily family;
    private final int vrid;
    private final int maxAdvertIntervalCs;
    private final byte[] source;
    private final byte[] destination;
    private final byte[] addresses;
    private final int addressCount;
    private final VrrpAdvertFlyweight advert = new VrrpAdvertFlyweight();
    private int ipv4Identification;

    /**
     * @param vrid                1..255
     * @param maxAdvertIntervalCs 1..4095, carried in every advert
     * @param source              the primary address: IP source and pseudo-header source
     * @param vips                the addresses listed in the advert, in this order
     */
    public VrrpAdvertEncoder(int vrid, int maxAdvertIntervalCs, InetAddress source, List<InetAddress> vips) {
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("vrid must be 1..255: " + vrid);
        }
        if (maxAdvertIntervalCs < 1 || maxAdvertIntervalCs > VrrpGroupConfig.MAX_ADVERT_INTERVAL_CS) {
            throw new IllegalArgumentException("advert interval must be 1..4095 cs: " + maxAdvertIntervalCs);
        }
        if (vips.isEmpty() || vips.size() > VrrpGroupConfig.MAX_ADDRESSES) {
            throw new IllegalArgumentException("an advert carries 1..255 addresses: " + vips.size());
        }
        this.family = VrrpFamily.of(source);
        this.vrid = vrid;
        this.maxAdvertIntervalCs = maxAdvertIntervalCs;
        this.source = source.getAddress();
        this.destination = family.groupAddress();
        this.addressCount = vips.size();
        int addressLength = family.addressLength();
        this.addresses = new byte[addressCount * addressLength];
        for (int i = 0; i < addressCount; i++) {
            InetAddress vip = vips.get(i);
            if (VrrpFamily.of(vip) != family) {
                throw new IllegalArgumentException("vip " + vip + " is not of the source address's family");
            }
            System.arraycopy(vip.getAddress(), 0, addresses, i * addressLength, addressLength);
        }
    }

    /** The encoder for a configured group. */
    public static VrrpAdvertEncoder forGroup(VrrpGroupConfig config) {
        return new VrrpAdvertEncoder(config.vrid(), config.advertIntervalCs(), config.primaryAddress(), config.vips());
    }

    public VrrpFamily family() {
        return family;
    }

    /** Bytes written by {@link #encodeAdvert}. */
    public int advertLength() {
        return VrrpAdvertFlyweight.HEADER_LENGTH + addresses.length;
    }

    /** Bytes written by {@link #encodePacket}. */
    public int packetLength() {
        return family.ipHeaderLength() + advertLength();
    }

    /** Bytes written by {@link #encodeFrame}. */
    public int frameLength() {
        return ETHERNET_HEADER_LENGTH + packetLength();
    }

    /**
     * Writes the VRRP part at {@code offset}, checksum included.
     *
     * @return bytes written
     */
    public int encodeAdvert(byte[] buffer, int offset, int priority) {
        checkPriority(priority);
        checkCapacity(buffer, offset, advertLength());
        advert.wrap(buffer, offset, advertLength())
            .versionType(VrrpAdvertFlyweight.VERSION_3, VrrpAdvertFlyweight.TYPE_ADVERTISEMENT)
            .vrid(vrid)
            .priority(priority)
            .addressCount(addressCount)
            .maxAdvertIntervalCs(maxAdvertIntervalCs)
            .checksum(0);
        System.arraycopy(addresses, 0, buffer, offset + VrrpAdvertFlyweight.ADDRESSES_OFFSET, addresses.length);
        // Pseudo-header (RFC 5798 §5.2.8): source, destination, upper-layer length, protocol 112. The IPv4 and
        // IPv6 forms add up to the same one's-complement sum for an advert shorter than 64 KiB.
        long pseudo = Checksums.sum(source, 0, family.addressLength(), 0);
        pseudo = Checksums.sum(destination, 0, family.addressLength(), pseudo);
        pseudo += VrrpFamily.IP_PROTOCOL_VRRP + advertLength();
        advert.checksum(Checksums.transportChecksum(pseudo, buffer, offset, advertLength()));
        return advertLength();
    }

    /**
     * Writes the IP header and the advert at {@code offset}.
     *
     * @return bytes written
     */
    public int encodePacket(byte[] buffer, int offset, int priority) {
        checkPriority(priority);
        checkCapacity(buffer, offset, packetLength());
        if (family == VrrpFamily.IPV4) {
            writeIpv4Header(buffer, offset);
        } else {
            writeIpv6Header(buffer, offset);
        }
        encodeAdvert(buffer, offset + family.ipHeaderLength(), priority);
        return packetLength();
    }

    /**
     * Writes the Ethernet header, the IP header and the advert at {@code offset}.
     *
     * @return bytes written
     */
    public int encodeFrame(byte[] buffer, int offset, int priority) {
        checkPriority(priority);
        checkCapacity(buffer, offset, frameLength());
        family.writeGroupMac(buffer, offset);
        family.writeVirtualMac(buffer, offset + 6, vrid);
        VrrpAdvertFlyweight.writeU16BigEndian(buffer, offset + 12, family.etherType());
        encodePacket(buffer, offset + ETHERNET_HEADER_LENGTH, priority);
        return frameLength();
    }

    // RFC 791 §3.1 header, RFC 5798 §5.1.1 field values.
    private void writeIpv4Header(byte[] buffer, int offset) {
        buffer[offset] = 0x45;
        buffer[offset + 1] = (byte) TRAFFIC_CLASS;
        VrrpAdvertFlyweight.writeU16BigEndian(buffer, offset + 2, packetLength());
        ipv4Identification = ipv4Identification + 1 & 0xffff;
        VrrpAdvertFlyweight.writeU16BigEndian(buffer, offset + 4, ipv4Identification);
        VrrpAdvertFlyweight.writeU16BigEndian(buffer, offset + 6, 0);
        buffer[offset + 8] = (byte) VrrpFamily.TTL;
        buffer[offset + 9] = (byte) VrrpFamily.IP_PROTOCOL_VRRP;
        VrrpAdvertFlyweight.writeU16BigEndian(buffer, offset + 10, 0);
        System.arraycopy(source, 0, buffer, offset + 12, 4);
        System.arraycopy(destination, 0, buffer, offset + 16, 4);
        VrrpAdvertFlyweight.writeU16BigEndian(buffer, offset + 10,
            Checksums.checksum(buffer, offset, family.ipHeaderLength()));
    }

    // RFC 8200 §3 header, RFC 5798 §5.1.2 field values.
    private void writeIpv6Header(byte[] buffer, int offset) {
        buffer[offset] = (byte) (0x60 | TRAFFIC_CLASS >>> 4);
        buffer[offset + 1] = (byte) ((TRAFFIC_CLASS & 0x0f) << 4);
        buffer[offset + 2] = 0;
        buffer[offset + 3] = 0;
        VrrpAdvertFlyweight.writeU16BigEndian(buffer, offset + 4, advertLength());
        buffer[offset + 6] = (byte) VrrpFamily.IP_PROTOCOL_VRRP;
        buffer[offset + 7] = (byte) VrrpFamily.TTL;
        System.arraycopy(source, 0, buffer, offset + 8, 16);
        System.arraycopy(destination, 0, buffer, offset + 24, 16);
    }

    private static void checkPriority(int priority) {
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority must be 0..255: " + priority);
        }
    }

    private static void checkCapacity(byte[] buffer, int offset, int needed) {
        if (offset < 0 || buffer.length - offset < needed) {
            throw new IllegalArgumentException("buffer too small: need " + needed + " bytes at " + offset
                + ", have " + (buffer.length - offset));
        }
    }
}
