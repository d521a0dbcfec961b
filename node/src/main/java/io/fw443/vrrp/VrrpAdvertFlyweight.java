package io.fw443.vrrp;

/**
 * A view over a VRRPv3 advert (the VRRP part only, without the IP header), re-wrapped for every
 * packet. Reads and writes are big-endian (network order). Accessors do no bounds checks beyond
 * the JVM's own: call them only after {@link AdvertValidator} accepted the packet, or on a buffer
 * you are encoding into.
 *
 * <pre>
 * RFC 5798 §5.1
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Type  | Virtual Rtr ID|   Priority    |Count IPvX Addr|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |(rsvd) |     Max Adver Int     |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                       IPvX Address(es)                        |
 * +                                                               +
 * |          Count x 4 bytes (IPv4) or x 16 bytes (IPv6)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class VrrpAdvertFlyweight {

    /** Version and Type share one octet (RFC 5798 §5.2.1, §5.2.2). */
    public static final int VERSION_TYPE_OFFSET = 0;
    /** Virtual Rtr ID (RFC 5798 §5.2.3). */
    public static final int VRID_OFFSET = 1;
    /** Priority (RFC 5798 §5.2.4). */
    public static final int PRIORITY_OFFSET = 2;
    /** Count IPvX Addr (RFC 5798 §5.2.5). */
    public static final int ADDRESS_COUNT_OFFSET = 3;
    /** 4 reserved bits then the 12-bit Max Adver Int (RFC 5798 §5.2.6, §5.2.7). */
    public static final int MAX_ADVERT_INTERVAL_OFFSET = 4;
    /** Checksum (RFC 5798 §5.2.8). */
    public static final int CHECKSUM_OFFSET = 6;
    /** First IPvX address (RFC 5798 §5.2.9). */
    public static final int ADDRESSES_OFFSET = 8;
    /** Length of the fixed part. */
    public static final int HEADER_LENGTH = 8;

    /** The only version this codec speaks (RFC 5798 §5.2.1). */
    public static final int VERSION_3 = 3;
    /** The only type defined (RFC 5798 §5.2.2). */
    public static final int TYPE_ADVERTISEMENT = 1;

    private static final int MAX_ADVERT_INTERVAL_MASK = 0x0fff;

    private byte[] buffer;
    private int offset;
    private int length;

    /** Points this view at {@code length} bytes of {@code buffer} from {@code offset}. */
    public VrrpAdvertFlyweight wrap(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public int version() {
        return (buffer[offset + VERSION_TYPE_OFFSET] & 0xf0) >>> 4;
    }

    public int type() {
        return buffer[offset + VERSION_TYPE_OFFSET] & 0x0f;
    }

    public VrrpAdvertFlyweight versionType(int version, int type) {
        buffer[offset + VERSION_TYPE_OFFSET] = (byte) ((version & 0x0f) << 4 | type & 0x0f);
        return this;
    }

    public int vrid() {
        return buffer[offset + VRID_OFFSET] & 0xff;
    }

    public VrrpAdvertFlyweight vrid(int vrid) {
        buffer[offset + VRID_OFFSET] = (byte) vrid;
        return this;
    }

    public int priority() {
        return buffer[offset + PRIORITY_OFFSET] & 0xff;
    }

    public VrrpAdvertFlyweight priority(int priority) {
        buffer[offset + PRIORITY_OFFSET] = (byte) priority;
        return this;
    }

    public int addressCount() {
        return buffer[offset + ADDRESS_COUNT_OFFSET] & 0xff;
    }

    public VrrpAdvertFlyweight addressCount(int count) {
        buffer[offset + ADDRESS_COUNT_OFFSET] = (byte) count;
        return this;
    }

    /** The 4 reserved bits; sent as 0, ignored on receipt (RFC 5798 §5.2.6). */
    public int reserved() {
        return (buffer[offset + MAX_ADVERT_INTERVAL_OFFSET] & 0xf0) >>> 4;
    }

    public int maxAdvertIntervalCs() {
        return readU16BigEndian(buffer, offset + MAX_ADVERT_INTERVAL_OFFSET) & MAX_ADVERT_INTERVAL_MASK;
    }

    /** Writes the interval with the reserved bits zero. */
    public VrrpAdvertFlyweight maxAdvertIntervalCs(int intervalCs) {
        writeU16BigEndian(buffer, offset + MAX_ADVERT_INTERVAL_OFFSET, intervalCs & MAX_ADVERT_INTERVAL_MASK);
        return this;
    }

    public int checksum() {
        return readU16BigEndian(buffer, offset + CHECKSUM_OFFSET);
    }

    public VrrpAdvertFlyweight checksum(int checksum) {
        writeU16BigEndian(buffer, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /** Absolute buffer index of address {@code index} for addresses of {@code addressLength} bytes. */
    public int addressOffset(int index, int addressLength) {
        return offset + ADDRESSES_OFFSET + index * addressLength;
    }

    /** Length of an advert carrying {@code count} addresses of {@code family}. */
    public static int advertLength(VrrpFamily family, int count) {
        return HEADER_LENGTH + count * family.addressLength();
    }

    static int readU16BigEndian(byte[] buffer, int index) {
        return (buffer[index] & 0xff) << 8 | buffer[index + 1] & 0xff;
    }

    static void writeU16BigEndian(byte[] buffer, int index, int value) {
        buffer[index] = (byte) (value >>> 8);
        buffer[index + 1] = (byte) value;
    }
}
