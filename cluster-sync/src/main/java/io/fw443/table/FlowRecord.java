package io.fw443.table;

import static io.fw443.table.UnsafeAccess.BYTE_ARRAY_OFFSET;
import static io.fw443.table.UnsafeAccess.UNSAFE;

/**
 * A flyweight over one flow's 96-byte record, wherever it lives: a heap {@code byte[]} or an off-heap map entry. It is
 * re-wrapped, never allocated, per packet. Fields are in native byte order: a record is local memory; the sync codecs
 * define the wire order. "Original" is the direction of the flow's opener (conntrack's ORIGINAL), "reply" the other;
 * {@link #FLAG_ORIGINAL_FROM_HIGH} maps them onto the canonical key's low/high endpoints.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Layout     |     State     |     Flags     |     ALPN      |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Orig W.Scale  | Reply W.Scale | Orig TCP flags| Reply TCP flgs|  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Orig end | Orig maxend | Orig maxwin  (3 x 32 bits)          |  8
 * |  Reply end | Reply maxend | Reply maxwin (3 x 32 bits)        | 20
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Last seen (local ns, 64)                    | 32
 * |                   Expires at (local ns, 64)                   | 40
 * |                   Version (hybrid logical clock, 64)          | 48
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Origin node          |  Orig zone    |  Reply zone   | 56
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          TLS version          |          Rule index           | 60
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   SNI hash (64)                               | 64
 * |                   JA4 hash (64)                               | 72
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Orig packets (32)      |       Reply packets (32)      | 80
 * |                   Bytes, both directions (64)                 | 88
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Times are this node's monotonic clock; they never leave the node as absolute values.
 */
public final class FlowRecord {
    public static final int LENGTH = 96;
    public static final int LAYOUT_VERSION = 1;

    public static final int LAYOUT_OFFSET = 0;
    public static final int STATE_OFFSET = 1;
    public static final int FLAGS_OFFSET = 2;
    public static final int ALPN_OFFSET = 3;
    public static final int ORIGINAL_WINDOW_SCALE_OFFSET = 4;
    public static final int REPLY_WINDOW_SCALE_OFFSET = 5;
    public static final int ORIGINAL_TCP_FLAGS_OFFSET = 6;
    public static final int REPLY_TCP_FLAGS_OFFSET = 7;
    public static final int ORIGINAL_END_OFFSET = 8;
    public static final int ORIGINAL_MAX_END_OFFSET = 12;
    public static final int ORIGINAL_MAX_WINDOW_OFFSET = 16;
    public static final int REPLY_END_OFFSET = 20;
    public static final int REPLY_MAX_END_OFFSET = 24;
    public static final int REPLY_MAX_WINDOW_OFFSET = 28;
    public static final int LAST_SEEN_OFFSET = 32;
    public static final int EXPIRES_AT_OFFSET = 40;
    public static final int VERSION_OFFSET = 48;
    public static final int ORIGIN_NODE_OFFSET = 56;
    public static final int ORIGINAL_ZONE_OFFSET = 58;
    public static final int REPLY_ZONE_OFFSET = 59;
    public static final int TLS_VERSION_OFFSET = 60;
    public static final int RULE_INDEX_OFFSET = 62;
    public static final int SNI_HASH_OFFSET = 64;
    public static final int JA4_HASH_OFFSET = 72;
    public static final int ORIGINAL_PACKETS_OFFSET = 80;
    public static final int REPLY_PACKETS_OFFSET = 84;
    public static final int BYTES_OFFSET = 88;

    /** The opener was the key's high endpoint. */
    public static final int FLAG_ORIGINAL_FROM_HIGH = 0x01;
    /** Traffic was seen in the reply direction. */
    public static final int FLAG_SEEN_REPLY = 0x02;
    /** The flow completed its opening exchange (TCP established, UDP answered twice). */
    public static final int FLAG_ASSURED = 0x04;
    /** Windows are not trusted yet: re-anchor on the first local packets (flows imported from a peer). */
    public static final int FLAG_PICKUP = 0x08;
    /** The first client flight was inspected; the TLS fields hold its verdict. */
    public static final int FLAG_TLS_CHECKED = 0x10;
    /** Policy denied the flow; later packets are dropped without re-parsing. */
    public static final int FLAG_DENIED = 0x20;
    /** A deleted flow kept briefly so a late stale update cannot resurrect it. */
    public static final int FLAG_TOMBSTONE = 0x40;
    /** The record came from a peer and is not re-broadcast. */
    public static final int FLAG_IMPORTED = 0x80;
    /**
     * Bit of a direction's {@link #tcpFlags(int)}: conntrack has re-anchored that direction's window since pickup.
     * The table knows it so an import can clear it: a peer's copy describes the peer's anchoring, not ours.
     */
    public static final int TCP_PICKUP_ANCHORED = 0x08;

    private Object base;
    private long address;

    /** Wraps a heap array at an offset; the array must hold {@link #LENGTH} bytes from there. */
    public FlowRecord wrap(byte[] array, int offset) {
        if (offset < 0 || array.length - offset < LENGTH) {
            throw new IndexOutOfBoundsException("record needs " + LENGTH + " bytes at " + offset);
        }
        base = array;
        address = BYTE_ARRAY_OFFSET + offset;
        return this;
    }

    /** Wraps off-heap memory at a raw address; the caller guarantees {@link #LENGTH} readable and writable bytes. */
    public FlowRecord wrapAddress(long rawAddress) {
        base = null;
        address = rawAddress;
        return this;
    }

    /** Copies this record's bytes into a heap array. */
    public void copyTo(byte[] dst, int offset) {
        UNSAFE.copyMemory(base, address, dst, BYTE_ARRAY_OFFSET + offset, LENGTH);
    }

    /** Copies a record's bytes from a heap array into the wrapped memory. */
    public FlowRecord copyFrom(byte[] src, int offset) {
        UNSAFE.copyMemory(src, BYTE_ARRAY_OFFSET + offset, base, address, LENGTH);
        return this;
    }

    public FlowRecord copyFrom(FlowRecord other) {
        UNSAFE.copyMemory(other.base, other.address, base, address, LENGTH);
        return this;
    }

    /** Zeroes the record and stamps the layout version. */
    public FlowRecord clear() {
        UNSAFE.setMemory(base, address, LENGTH, (byte) 0);
        UNSAFE.putByte(base, address + LAYOUT_OFFSET, (byte) LAYOUT_VERSION);
        return this;
    }

    public int layout() { return u8(LAYOUT_OFFSET); }
    public int state() { return u8(STATE_OFFSET); }
    public FlowRecord state(int v) { u8(STATE_OFFSET, v); return this; }
    public int flags() { return u8(FLAGS_OFFSET); }
    public FlowRecord flags(int v) { u8(FLAGS_OFFSET, v); return this; }
    public boolean hasFlag(int flag) { return (flags() & flag) != 0; }
    public FlowRecord setFlag(int flag) { return flags(flags() | flag); }
    public FlowRecord clearFlag(int flag) { return flags(flags() & ~flag); }

    /** Marks an imported flow for pickup: each direction's window re-anchors on the first segment seen here. */
    public FlowRecord markPickup() {
        setFlag(FLAG_PICKUP);
        tcpFlags(0, tcpFlags(0) & ~TCP_PICKUP_ANCHORED);
        return tcpFlags(1, tcpFlags(1) & ~TCP_PICKUP_ANCHORED);
    }
    public int alpn() { return u8(ALPN_OFFSET); }
    public FlowRecord alpn(int v) { u8(ALPN_OFFSET, v); return this; }

    /** Direction index 0 is original, 1 is reply; the tracker addresses both through these. */
    public int windowScale(int dir) { return u8(ORIGINAL_WINDOW_SCALE_OFFSET + dir); }
    public FlowRecord windowScale(int dir, int v) { u8(ORIGINAL_WINDOW_SCALE_OFFSET + dir, v); return this; }
    public int tcpFlags(int dir) { return u8(ORIGINAL_TCP_FLAGS_OFFSET + dir); }
    public FlowRecord tcpFlags(int dir, int v) { u8(ORIGINAL_TCP_FLAGS_OFFSET + dir, v); return this; }
    public int end(int dir) { return i32(ORIGINAL_END_OFFSET + dir * 12); }
    public FlowRecord end(int dir, int v) { i32(ORIGINAL_END_OFFSET + dir * 12, v); return this; }
    public int maxEnd(int dir) { return i32(ORIGINAL_MAX_END_OFFSET + dir * 12); }
    public FlowRecord maxEnd(int dir, int v) { i32(ORIGINAL_MAX_END_OFFSET + dir * 12, v); return this; }
    public int maxWindow(int dir) { return i32(ORIGINAL_MAX_WINDOW_OFFSET + dir * 12); }
    public FlowRecord maxWindow(int dir, int v) { i32(ORIGINAL_MAX_WINDOW_OFFSET + dir * 12, v); return this; }

    public long lastSeenNs() { return i64(LAST_SEEN_OFFSET); }
    public FlowRecord lastSeenNs(long v) { i64(LAST_SEEN_OFFSET, v); return this; }
    public long expiresAtNs() { return i64(EXPIRES_AT_OFFSET); }
    public FlowRecord expiresAtNs(long v) { i64(EXPIRES_AT_OFFSET, v); return this; }
    public long version() { return i64(VERSION_OFFSET); }
    public FlowRecord version(long v) { i64(VERSION_OFFSET, v); return this; }
    public int originNode() { return u16(ORIGIN_NODE_OFFSET); }
    public FlowRecord originNode(int v) { u16(ORIGIN_NODE_OFFSET, v); return this; }
    public int zone(int dir) { return u8(ORIGINAL_ZONE_OFFSET + dir); }
    public FlowRecord zone(int dir, int v) { u8(ORIGINAL_ZONE_OFFSET + dir, v); return this; }
    public int tlsVersion() { return u16(TLS_VERSION_OFFSET); }
    public FlowRecord tlsVersion(int v) { u16(TLS_VERSION_OFFSET, v); return this; }
    public int ruleIndex() { return u16(RULE_INDEX_OFFSET); }
    public FlowRecord ruleIndex(int v) { u16(RULE_INDEX_OFFSET, v); return this; }
    public long sniHash() { return i64(SNI_HASH_OFFSET); }
    public FlowRecord sniHash(long v) { i64(SNI_HASH_OFFSET, v); return this; }
    public long ja4Hash() { return i64(JA4_HASH_OFFSET); }
    public FlowRecord ja4Hash(long v) { i64(JA4_HASH_OFFSET, v); return this; }
    public int packets(int dir) { return i32(ORIGINAL_PACKETS_OFFSET + dir * 4); }
    public FlowRecord packets(int dir, int v) { i32(ORIGINAL_PACKETS_OFFSET + dir * 4, v); return this; }
    public long bytes() { return i64(BYTES_OFFSET); }
    public FlowRecord bytes(long v) { i64(BYTES_OFFSET, v); return this; }

    /** Counts one packet of {@code length} bytes in direction {@code dir}. */
    public FlowRecord count(int dir, int length) {
        packets(dir, packets(dir) + 1);
        return bytes(bytes() + length);
    }

    private int u8(int off) { return UNSAFE.getByte(base, address + off) & 0xFF; }
    private void u8(int off, int v) { UNSAFE.putByte(base, address + off, (byte) v); }
    private int u16(int off) { return UNSAFE.getShort(base, address + off) & 0xFFFF; }
    private void u16(int off, int v) { UNSAFE.putShort(base, address + off, (short) v); }
    private int i32(int off) { return UNSAFE.getInt(base, address + off); }
    private void i32(int off, int v) { UNSAFE.putInt(base, address + off, v); }
    private long i64(int off) { return UNSAFE.getLong(base, address + off); }
    private void i64(int off, long v) { UNSAFE.putLong(base, address + off, v); }
}
