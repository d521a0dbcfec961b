package io.fw443.sync;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;

/**
 * A flow on the sync wire: its 40-byte {@link FlowKey} followed by the record in network byte order with times made
 * relative, so peers need no agreeing clocks (pfsync does the same with its creation/expire seconds). The sender
 * writes age and time-to-live from its own monotonic "now"; the receiver turns them back into its own monotonic
 * times. Local-only flags (IMPORTED, PICKUP, a direction's pickup anchoring) never travel.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Flow key (40 bytes, FlowKey layout)           |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Layout     |     State     |     Flags     |     ALPN      | 40
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Orig W.Scale  | Reply W.Scale | Orig TCP flags| Reply TCP flgs| 44
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Orig end | Orig maxend | Orig maxwin   (3 x 32 bits)         | 48
 * |  Reply end | Reply maxend | Reply maxwin (3 x 32 bits)        | 60
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              Age: ms since last seen (32)                     | 72
 * |              Time to live: ms until expiry, 0 = expired (32)  | 76
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Version (hybrid logical clock, 64)          | 80
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Origin node          |  Orig zone    |  Reply zone   | 88
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          TLS version          |          Rule index           | 92
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   SNI hash (64)                               | 96
 * |                   JA4 hash (64)                               |104
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Orig packets (32)      |       Reply packets (32)      |112
 * |                   Bytes, both directions (64)                 |120
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class WireRecord {
    public static final int LENGTH = 128;
    public static final int KEY_OFFSET = 0;
    public static final int LAYOUT_OFFSET = 40;
    public static final int STATE_OFFSET = 41;
    public static final int FLAGS_OFFSET = 42;
    public static final int ALPN_OFFSET = 43;
    public static final int WINDOW_SCALE_OFFSET = 44;
    public static final int TCP_FLAGS_OFFSET = 46;
    public static final int WINDOWS_OFFSET = 48;
    public static final int AGE_MS_OFFSET = 72;
    public static final int TTL_MS_OFFSET = 76;
    public static final int VERSION_OFFSET = 80;
    public static final int ORIGIN_NODE_OFFSET = 88;
    public static final int ZONES_OFFSET = 90;
    public static final int TLS_VERSION_OFFSET = 92;
    public static final int RULE_INDEX_OFFSET = 94;
    public static final int SNI_HASH_OFFSET = 96;
    public static final int JA4_HASH_OFFSET = 104;
    public static final int PACKETS_OFFSET = 112;
    public static final int BYTES_OFFSET = 120;

    static final long NS_PER_MS = 1_000_000L;
    static final long MAX_U32 = 0xFFFF_FFFFL;

    private WireRecord() {}

    /** Writes key and record at {@code off}; times relative to {@code nowNs} on the sender's monotonic clock. */
    public static void encode(FlowKey key, FlowRecord r, long nowNs, byte[] dst, int off) {
        System.arraycopy(key.bytes(), 0, dst, off + KEY_OFFSET, FlowKey.LENGTH);
        encodeRecord(r, nowNs, dst, off);
    }

    /** As {@link #encode(FlowKey, FlowRecord, long, byte[], int)} with the key as raw bytes. */
    public static void encode(byte[] keyBytes, int keyOff, FlowRecord r, long nowNs, byte[] dst, int off) {
        System.arraycopy(keyBytes, keyOff, dst, off + KEY_OFFSET, FlowKey.LENGTH);
        encodeRecord(r, nowNs, dst, off);
    }

    private static void encodeRecord(FlowRecord r, long nowNs, byte[] dst, int off) {
        Bytes.u8(dst, off + LAYOUT_OFFSET, r.layout());
        Bytes.u8(dst, off + STATE_OFFSET, r.state());
        Bytes.u8(dst, off + FLAGS_OFFSET, r.flags() & FlowMerge.WIRE_FLAGS);
        Bytes.u8(dst, off + ALPN_OFFSET, r.alpn());
        for (int dir = 0; dir < 2; dir++) {
            Bytes.u8(dst, off + WINDOW_SCALE_OFFSET + dir, r.windowScale(dir));
            Bytes.u8(dst, off + TCP_FLAGS_OFFSET + dir, r.tcpFlags(dir) & FlowMerge.WIRE_TCP_FLAGS);
            int w = off + WINDOWS_OFFSET + dir * 12;
            Bytes.i32(dst, w, r.end(dir));
            Bytes.i32(dst, w + 4, r.maxEnd(dir));
            Bytes.i32(dst, w + 8, r.maxWindow(dir));
            Bytes.u8(dst, off + ZONES_OFFSET + dir, r.zone(dir));
            Bytes.i32(dst, off + PACKETS_OFFSET + dir * 4, r.packets(dir));
        }
        Bytes.i32(dst, off + AGE_MS_OFFSET, (int) clampMs(nowNs - r.lastSeenNs()));
        Bytes.i32(dst, off + TTL_MS_OFFSET, (int) clampMs(r.expiresAtNs() - nowNs));
        Bytes.i64(dst, off + VERSION_OFFSET, r.version());
        Bytes.u16(dst, off + ORIGIN_NODE_OFFSET, r.originNode());
        Bytes.u16(dst, off + TLS_VERSION_OFFSET, r.tlsVersion());
        Bytes.u16(dst, off + RULE_INDEX_OFFSET, r.ruleIndex());
        Bytes.i64(dst, off + SNI_HASH_OFFSET, r.sniHash());
        Bytes.i64(dst, off + JA4_HASH_OFFSET, r.ja4Hash());
        Bytes.i64(dst, off + BYTES_OFFSET, r.bytes());
    }

    /** A duration in ms, clamped to the unsigned 32-bit field (negative means "none left" / "just now"). */
    static long clampMs(long durationNs) {
        return durationNs <= 0 ? 0 : Math.min(MAX_U32, durationNs / NS_PER_MS);
    }

    /** Copies the key bytes of the entry at {@code off} into {@code key}. */
    public static void decodeKey(byte[] src, int off, FlowKey key) {
        key.setBytes(src, off + KEY_OFFSET);
    }

    /** Fills {@code out} from the entry at {@code off}; times become {@code nowNs}-relative local monotonic times. */
    public static void decodeRecord(byte[] src, int off, long nowNs, FlowRecord out) {
        out.clear();
        out.state(Bytes.u8(src, off + STATE_OFFSET));
        out.flags(Bytes.u8(src, off + FLAGS_OFFSET));
        out.alpn(Bytes.u8(src, off + ALPN_OFFSET));
        for (int dir = 0; dir < 2; dir++) {
            out.windowScale(dir, Bytes.u8(src, off + WINDOW_SCALE_OFFSET + dir));
            out.tcpFlags(dir, Bytes.u8(src, off + TCP_FLAGS_OFFSET + dir));
            int w = off + WINDOWS_OFFSET + dir * 12;
            out.end(dir, Bytes.i32(src, w)).maxEnd(dir, Bytes.i32(src, w + 4)).maxWindow(dir, Bytes.i32(src, w + 8));
            out.zone(dir, Bytes.u8(src, off + ZONES_OFFSET + dir));
            out.packets(dir, Bytes.i32(src, off + PACKETS_OFFSET + dir * 4));
        }
        out.lastSeenNs(nowNs - Bytes.u32(src, off + AGE_MS_OFFSET) * NS_PER_MS);
        out.expiresAtNs(nowNs + Bytes.u32(src, off + TTL_MS_OFFSET) * NS_PER_MS);
        out.version(Bytes.i64(src, off + VERSION_OFFSET));
        out.originNode(Bytes.u16(src, off + ORIGIN_NODE_OFFSET));
        out.tlsVersion(Bytes.u16(src, off + TLS_VERSION_OFFSET));
        out.ruleIndex(Bytes.u16(src, off + RULE_INDEX_OFFSET));
        out.sniHash(Bytes.i64(src, off + SNI_HASH_OFFSET));
        out.ja4Hash(Bytes.i64(src, off + JA4_HASH_OFFSET));
        out.bytes(Bytes.i64(src, off + BYTES_OFFSET));
    }

    public static long version(byte[] src, int off) {
        return Bytes.i64(src, off + VERSION_OFFSET);
    }

    public static long ttlMs(byte[] src, int off) {
        return Bytes.u32(src, off + TTL_MS_OFFSET);
    }

    /**
     * Checks one entry: a canonical key, the one record layout this protocol version carries, a valid TCP state,
     * no local-only flag, a non-zero version. The checks a merge relies on, so a bad entry is never applied.
     */
    public static boolean valid(byte[] src, int off) {
        return validKey(src, off + KEY_OFFSET)
                && Bytes.u8(src, off + LAYOUT_OFFSET) == FlowRecord.LAYOUT_VERSION
                && TcpStates.valid(Bytes.u8(src, off + STATE_OFFSET))
                && (Bytes.u8(src, off + FLAGS_OFFSET) & FlowMerge.LOCAL_FLAGS) == 0
                && Bytes.i64(src, off + VERSION_OFFSET) != 0;
    }

    /**
     * A key as {@link FlowKey#set} writes it: family 4 or 6, IPv4 addresses zero-padded, and the lower endpoint
     * first, so no two byte strings name one flow.
     */
    public static boolean validKey(byte[] src, int off) {
        int family = Bytes.u8(src, off + FlowKey.FAMILY_OFFSET);
        if (family != FlowKey.FAMILY_IPV4 && family != FlowKey.FAMILY_IPV6) {
            return false;
        }
        int addressLength = family == FlowKey.FAMILY_IPV4 ? 4 : FlowKey.ADDRESS_BYTES;
        for (int i = addressLength; i < FlowKey.ADDRESS_BYTES; i++) {
            if (src[off + FlowKey.LOW_ADDRESS_OFFSET + i] != 0 || src[off + FlowKey.HIGH_ADDRESS_OFFSET + i] != 0) {
                return false;
            }
        }
        for (int i = 0; i < addressLength; i++) {
            int d = Bytes.u8(src, off + FlowKey.LOW_ADDRESS_OFFSET + i)
                    - Bytes.u8(src, off + FlowKey.HIGH_ADDRESS_OFFSET + i);
            if (d != 0) {
                return d < 0;
            }
        }
        return Bytes.u16(src, off + FlowKey.LOW_PORT_OFFSET) <= Bytes.u16(src, off + FlowKey.HIGH_PORT_OFFSET);
    }
}
