package io.fw443.table;

import static io.fw443.table.UnsafeAccess.BYTE_ARRAY_OFFSET;
import static io.fw443.table.UnsafeAccess.UNSAFE;

import java.util.Arrays;

/**
 * A flow's identity in canonical form: the lower endpoint first, so both directions of a connection find one record.
 * The key owns its 40 bytes and is meant to be reused: the engine fills one per packet, a table copies it on insert.
 * The bytes are the same on every node (ports big-endian, IPv4 in the first four address bytes), so they travel on the
 * sync wire and serve as the off-heap map key unchanged.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Family     |   Protocol    |            Domain             |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Lower address (16 bytes)                     |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Higher address (16 bytes)                    | 20
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Lower port           |          Higher port          | 36
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * For ICMP echo flows the "ports" are the identifier on both sides.
 */
public final class FlowKey {
    public static final int LENGTH = 40;
    public static final int FAMILY_OFFSET = 0;
    public static final int PROTOCOL_OFFSET = 1;
    public static final int DOMAIN_OFFSET = 2;
    public static final int LOW_ADDRESS_OFFSET = 4;
    public static final int HIGH_ADDRESS_OFFSET = 20;
    public static final int LOW_PORT_OFFSET = 36;
    public static final int HIGH_PORT_OFFSET = 38;
    public static final int ADDRESS_BYTES = 16;

    public static final int FAMILY_IPV4 = 4;
    public static final int FAMILY_IPV6 = 6;

    private final byte[] bytes = new byte[LENGTH];

    /** The backing bytes, for codecs and map adapters; do not keep a reference across packets. */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * Fills the key from one packet's endpoints and returns whether the source was the higher endpoint, i.e. whether the
     * packet travels from the key's high side to its low side. Address length is 4 for IPv4 and 16 for IPv6.
     */
    public boolean set(int family, int protocol, int domain,
                       byte[] src, int srcOffset, int srcPort,
                       byte[] dst, int dstOffset, int dstPort) {
        int addressLength = family == FAMILY_IPV4 ? 4 : 16;
        int cmp = compareEndpoints(src, srcOffset, srcPort, dst, dstOffset, dstPort, addressLength);
        boolean swapped = cmp > 0;
        bytes[FAMILY_OFFSET] = (byte) family;
        bytes[PROTOCOL_OFFSET] = (byte) protocol;
        putU16(DOMAIN_OFFSET, domain);
        if (swapped) {
            putAddress(LOW_ADDRESS_OFFSET, dst, dstOffset, addressLength);
            putAddress(HIGH_ADDRESS_OFFSET, src, srcOffset, addressLength);
            putU16(LOW_PORT_OFFSET, dstPort);
            putU16(HIGH_PORT_OFFSET, srcPort);
        } else {
            putAddress(LOW_ADDRESS_OFFSET, src, srcOffset, addressLength);
            putAddress(HIGH_ADDRESS_OFFSET, dst, dstOffset, addressLength);
            putU16(LOW_PORT_OFFSET, srcPort);
            putU16(HIGH_PORT_OFFSET, dstPort);
        }
        return swapped;
    }

    /** Copies raw key bytes, e.g. from a sync message or a map entry. */
    public FlowKey setBytes(byte[] src, int offset) {
        System.arraycopy(src, offset, bytes, 0, LENGTH);
        return this;
    }

    public FlowKey copyFrom(FlowKey other) {
        return setBytes(other.bytes, 0);
    }

    public FlowKey copy() {
        return new FlowKey().copyFrom(this);
    }

    public int family() {
        return bytes[FAMILY_OFFSET] & 0xFF;
    }

    public int protocol() {
        return bytes[PROTOCOL_OFFSET] & 0xFF;
    }

    public int domain() {
        return getU16(DOMAIN_OFFSET);
    }

    public int lowPort() {
        return getU16(LOW_PORT_OFFSET);
    }

    public int highPort() {
        return getU16(HIGH_PORT_OFFSET);
    }

    public int addressLength() {
        return family() == FAMILY_IPV4 ? 4 : 16;
    }

    /** A stable 64-bit hash of the key bytes (FNV-1a), the same on every node; used for sharding and digests. */
    public long hash64() {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < LENGTH; i++) {
            h ^= bytes[i] & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * A fast seeded 64-bit hash of 40 key bytes at {@code base}/{@code address} (a key's array or a table's slab), read
     * as five native-order words. For in-memory tables only: the value depends on the byte order, and a table picks a
     * random seed so that flows an attacker chooses do not collide by design. Every output bit depends on every key bit
     * (xxHash64-style rounds, then MurmurHash3's finaliser), unlike {@link Arrays#hashCode(byte[])}, whose values for
     * keys differing in a port or an address octet fall into a few runs.
     */
    static long hash(long seed, Object base, long address) {
        long h = seed;
        for (int i = 0; i < LENGTH; i += 8) {
            h = Long.rotateLeft(h + UNSAFE.getLong(base, address + i) * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** {@link #hash} of this key's bytes. */
    long hash(long seed) {
        return hash(seed, bytes, BYTE_ARRAY_OFFSET);
    }

    /** Whether this key's bytes equal the 40 bytes at {@code base}/{@code address}. */
    boolean equalsAt(Object base, long address) {
        for (int i = 0; i < LENGTH; i += 8) {
            if (UNSAFE.getLong(bytes, BYTE_ARRAY_OFFSET + i) != UNSAFE.getLong(base, address + i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return (int) hash(0);
    }

    @Override
    public String toString() {
        return protocolName(protocol()) + " " + endpoint(LOW_ADDRESS_OFFSET, lowPort()) + " <-> "
                + endpoint(HIGH_ADDRESS_OFFSET, highPort()) + (domain() == 0 ? "" : " domain " + domain());
    }

    /** The text form of one endpoint's address: dotted quad or RFC 5952-style hex groups (not compressed). */
    public String address(boolean high) {
        int off = high ? HIGH_ADDRESS_OFFSET : LOW_ADDRESS_OFFSET;
        StringBuilder sb = new StringBuilder(40);
        if (family() == FAMILY_IPV4) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    sb.append('.');
                }
                sb.append(bytes[off + i] & 0xFF);
            }
        } else {
            for (int i = 0; i < 16; i += 2) {
                if (i > 0) {
                    sb.append(':');
                }
                sb.append(Integer.toHexString(((bytes[off + i] & 0xFF) << 8) | (bytes[off + i + 1] & 0xFF)));
            }
        }
        return sb.toString();
    }

    private String endpoint(int off, int port) {
        String a = address(off == HIGH_ADDRESS_OFFSET);
        return family() == FAMILY_IPV4 ? a + ":" + port : "[" + a + "]:" + port;
    }

    private static String protocolName(int protocol) {
        return switch (protocol) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "icmpv6";
            default -> "proto" + protocol;
        };
    }

    private static int compareEndpoints(byte[] a, int aOff, int aPort, byte[] b, int bOff, int bPort, int len) {
        for (int i = 0; i < len; i++) {
            int d = (a[aOff + i] & 0xFF) - (b[bOff + i] & 0xFF);
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(aPort, bPort);
    }

    private void putAddress(int off, byte[] src, int srcOffset, int len) {
        System.arraycopy(src, srcOffset, bytes, off, len);
        for (int i = len; i < ADDRESS_BYTES; i++) {
            bytes[off + i] = 0;
        }
    }

    private void putU16(int off, int v) {
        bytes[off] = (byte) (v >>> 8);
        bytes[off + 1] = (byte) v;
    }

    private int getU16(int off) {
        return ((bytes[off] & 0xFF) << 8) | (bytes[off + 1] & 0xFF);
    }
}
