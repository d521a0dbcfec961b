package io.fw443.vrrp;

import io.fw443.packet.Checksums;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Receive-side checks of RFC 5798 §7.1 for one group, over an IP packet in a caller's buffer. Every
 * verdict is counted by {@link AdvertCheck}; nothing is allocated and nothing is thrown for any input.
 *
 * <p>Checks, in order (the first failure decides): IP header complete and of our family; IPv4 not a
 * fragment, IPv6 with no extension header; protocol 112; TTL/hop limit 255; VRRP header present;
 * version 3; type 1; VRID ours; address list complete and nothing after it; checksum over the
 * pseudo-header; interval non-zero; addresses equal to ours as a set. A capture sees frames before
 * the kernel's IP layer, so the IPv4 header checksum is verified here too (as the kernel does for
 * keepalived's raw socket).
 *
 * <p>After {@link AdvertCheck#OK}, {@link #advert()} is wrapped over the VRRP part and
 * {@link #sourceOffset()} points at the sender's address in the buffer.
 */
public final class AdvertValidator {

    private static final int IPV4_MIN_HEADER_LENGTH = 20;
    private static final int IPV4_TOTAL_LENGTH_OFFSET = 2;
    private static final int IPV4_FLAGS_FRAGMENT_OFFSET = 6;
    private static final int IPV4_TTL_OFFSET = 8;
    private static final int IPV4_PROTOCOL_OFFSET = 9;
    private static final int IPV4_SOURCE_OFFSET = 12;
    private static final int IPV4_DESTINATION_OFFSET = 16;
    /** More Fragments flag and 13-bit fragment offset (RFC 791 §3.1); Don't Fragment is allowed. */
    private static final int IPV4_FRAGMENT_MASK = 0x3fff;

    private static final int IPV6_HEADER_LENGTH = 40;
    private static final int IPV6_PAYLOAD_LENGTH_OFFSET = 4;
    private static final int IPV6_NEXT_HEADER_OFFSET = 6;
    private static final int IPV6_HOP_LIMIT_OFFSET = 7;
    private static final int IPV6_SOURCE_OFFSET = 8;
    private static final int IPV6_DESTINATION_OFFSET = 24;

    private final VrrpFamily family;
    private final int vrid;
    private final byte[] addresses;
    private final int addressCount;
    private final long[] counters = new long[AdvertCheck.values().length];
    private final VrrpAdvertFlyweight advert = new VrrpAdvertFlyweight();
    private byte[] buffer;
    private int sourceOffset = -1;

    /**
     * @param vrid the group's VRID
     * @param vips the group's virtual addresses, all of one family
     */
    public AdvertValidator(int vrid, List<InetAddress> vips) {
        if (vips.isEmpty() || vips.size() > VrrpGroupConfig.MAX_ADDRESSES) {
            throw new IllegalArgumentException("a group has 1..255 addresses: " + vips.size());
        }
        this.family = VrrpFamily.of(vips.get(0));
        this.vrid = vrid;
        this.addressCount = vips.size();
        int addressLength = family.addressLength();
        this.addresses = new byte[addressCount * addressLength];
        for (int i = 0; i < addressCount; i++) {
            if (VrrpFamily.of(vips.get(i)) != family) {
                throw new IllegalArgumentException("mixed address families in " + vips);
            }
            System.arraycopy(vips.get(i).getAddress(), 0, addresses, i * addressLength, addressLength);
        }
    }

    /** The validator for a configured group. */
    public static AdvertValidator forGroup(VrrpGroupConfig config) {
        return new AdvertValidator(config.vrid(), config.vips());
    }

    /**
     * Validates the IP packet of {@code length} bytes at {@code offset} (the IP header's first byte)
     * and counts the verdict.
     */
    public AdvertCheck validatePacket(byte[] buffer, int offset, int length) {
        AdvertCheck check = check(buffer, offset, length);
        counters[check.ordinal()]++;
        return check;
    }

    /** The advert of the last packet that reached the VRRP header checks. */
    public VrrpAdvertFlyweight advert() {
        return advert;
    }

    /** Buffer index of the sender's IP address in the last validated packet, -1 before an IP header was read. */
    public int sourceOffset() {
        return sourceOffset;
    }

    /**
     * The sender of the last {@link AdvertCheck#OK} packet, for the machine's event. Allocates; the
     * advert rate is a few per second per group.
     */
    public InetAddress sourceAddress() {
        byte[] bytes = new byte[family.addressLength()];
        System.arraycopy(buffer, sourceOffset, bytes, 0, bytes.length);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Packets counted with {@code check} so far. */
    public long count(AdvertCheck check) {
        return counters[check.ordinal()];
    }

    private AdvertCheck check(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.sourceOffset = -1;
        if (buffer == null || offset < 0 || length < 1 || length > buffer.length - offset) {
            return AdvertCheck.TRUNCATED;
        }
        int ipVersion = (buffer[offset] & 0xf0) >>> 4;
        int payloadOffset;
        int payloadLength;
        int destinationOffset;
        if (family == VrrpFamily.IPV4) {
            if (ipVersion != 4) {
                return AdvertCheck.WRONG_FAMILY;
            }
            int headerLength = (buffer[offset] & 0x0f) * 4;
            if (length < IPV4_MIN_HEADER_LENGTH || headerLength < IPV4_MIN_HEADER_LENGTH || headerLength > length) {
                return AdvertCheck.TRUNCATED;
            }
            int totalLength = VrrpAdvertFlyweight.readU16BigEndian(buffer, offset + IPV4_TOTAL_LENGTH_OFFSET);
            if (totalLength > length || totalLength < headerLength) {
                return AdvertCheck.TRUNCATED;
            }
            int fragment = VrrpAdvertFlyweight.readU16BigEndian(buffer, offset + IPV4_FLAGS_FRAGMENT_OFFSET);
            if ((buffer[offset + IPV4_PROTOCOL_OFFSET] & 0xff) != VrrpFamily.IP_PROTOCOL_VRRP
                || (fragment & IPV4_FRAGMENT_MASK) != 0) {
                return AdvertCheck.NOT_VRRP;
            }
            sourceOffset = offset + IPV4_SOURCE_OFFSET;
            if ((buffer[offset + IPV4_TTL_OFFSET] & 0xff) != VrrpFamily.TTL) {
                return AdvertCheck.BAD_TTL;
            }
            if (Checksums.checksum(buffer, offset, headerLength) != 0) {
                return AdvertCheck.BAD_CHECKSUM;
            }
            destinationOffset = offset + IPV4_DESTINATION_OFFSET;
            payloadOffset = offset + headerLength;
            payloadLength = totalLength - headerLength;
        } else {
            if (ipVersion != 6) {
                return AdvertCheck.WRONG_FAMILY;
            }
            if (length < IPV6_HEADER_LENGTH) {
                return AdvertCheck.TRUNCATED;
            }
            payloadLength = VrrpAdvertFlyweight.readU16BigEndian(buffer, offset + IPV6_PAYLOAD_LENGTH_OFFSET);
            if (payloadLength > length - IPV6_HEADER_LENGTH) {
                return AdvertCheck.TRUNCATED;
            }
            // Adverts carry no extension headers (RFC 5798 §5.1.2); anything else is not for us.
            if ((buffer[offset + IPV6_NEXT_HEADER_OFFSET] & 0xff) != VrrpFamily.IP_PROTOCOL_VRRP) {
                return AdvertCheck.NOT_VRRP;
            }
            sourceOffset = offset + IPV6_SOURCE_OFFSET;
            if ((buffer[offset + IPV6_HOP_LIMIT_OFFSET] & 0xff) != VrrpFamily.TTL) {
                return AdvertCheck.BAD_TTL;
            }
            destinationOffset = offset + IPV6_DESTINATION_OFFSET;
            payloadOffset = offset + IPV6_HEADER_LENGTH;
        }
        return checkAdvert(buffer, payloadOffset, payloadLength, destinationOffset);
    }

    private AdvertCheck checkAdvert(byte[] buffer, int offset, int length, int destinationOffset) {
        if (length < VrrpAdvertFlyweight.HEADER_LENGTH) {
            return AdvertCheck.TRUNCATED;
        }
        advert.wrap(buffer, offset, length);
        if (advert.version() != VrrpAdvertFlyweight.VERSION_3) {
            return AdvertCheck.BAD_VERSION;
        }
        if (advert.type() != VrrpAdvertFlyweight.TYPE_ADVERTISEMENT) {
            return AdvertCheck.BAD_TYPE;
        }
        if (advert.vrid() != vrid) {
            return AdvertCheck.WRONG_VRID;
        }
        int expectedLength = VrrpAdvertFlyweight.advertLength(family, advert.addressCount());
        if (length < expectedLength) {
            return AdvertCheck.TRUNCATED;
        }
        if (length > expectedLength) {
            return AdvertCheck.BAD_LENGTH;
        }
        int addressLength = family.addressLength();
        int protocol = VrrpFamily.IP_PROTOCOL_VRRP;
        long pseudo = family == VrrpFamily.IPV4
            ? Checksums.ipv4PseudoHeaderSum(buffer, sourceOffset, destinationOffset, protocol, length)
            : Checksums.ipv6PseudoHeaderSum(buffer, sourceOffset, destinationOffset, protocol, length);
        if (Checksums.transportChecksum(pseudo, buffer, offset, length) != 0) {
            return AdvertCheck.BAD_CHECKSUM;
        }
        if (advert.maxAdvertIntervalCs() == 0) {
            return AdvertCheck.BAD_INTERVAL;
        }
        if (advert.addressCount() != addressCount || !containsAllOurs(buffer, addressLength)) {
            return AdvertCheck.ADDRESS_LIST_MISMATCH;
        }
        return AdvertCheck.OK;
    }

    // Same count and every one of ours present, in any order: keepalived's vrrp_in_chk_vips rule.
    private boolean containsAllOurs(byte[] buffer, int addressLength) {
        for (int ours = 0; ours < addressCount; ours++) {
            boolean found = false;
            for (int theirs = 0; theirs < addressCount && !found; theirs++) {
                found = equalRange(addresses, ours * addressLength, buffer,
                    advert.addressOffset(theirs, addressLength), addressLength);
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalRange(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
        for (int i = 0; i < length; i++) {
            if (a[aOffset + i] != b[bOffset + i]) {
                return false;
            }
        }
        return true;
    }
}
