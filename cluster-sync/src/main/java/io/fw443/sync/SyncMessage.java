package io.fw443.sync;

/**
 * A flyweight over one received sync message after {@link SyncDecoder} accepted it, and the header layout. All
 * fields are in network byte order. The first eight bytes keep their meaning in every protocol version, so a node
 * can tell a peer which versions it speaks even when it cannot read the rest.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Magic 'F'   |   Magic '4'   |    Version    |     Type      |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Flags             |          Sender node          |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Sender incarnation (64)                     |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence (32)                          | 16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Entry count          |        Reserved (zero)        | 20
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Payload length (32)                       | 24
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Payload: type prefix, then Entry count entries ...     | 28
 * </pre>
 * The incarnation is chosen at random when a node starts; sequences count from 1 per incarnation and per channel
 * (multicast, and unicast as flagged), so a receiver can drop replays (see {@link ReplayGuard}).
 */
public final class SyncMessage {
    public static final int MAGIC = 0x4634; // "F4"
    public static final int VERSION = 1;
    /** The protocol versions this build speaks (a range so a future build can speak two during an upgrade). */
    public static final int MIN_VERSION = 1;
    public static final int MAX_VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 2;
    public static final int TYPE_OFFSET = 3;
    public static final int FLAGS_OFFSET = 4;
    public static final int SENDER_OFFSET = 6;
    public static final int INCARNATION_OFFSET = 8;
    public static final int SEQUENCE_OFFSET = 16;
    public static final int COUNT_OFFSET = 20;
    public static final int RESERVED_OFFSET = 22;
    public static final int PAYLOAD_LENGTH_OFFSET = 24;
    public static final int HEADER_LENGTH = 28;

    /** Sent point-to-point: sequenced apart from multicasts, which the network may deliver in another order. */
    public static final int FLAG_UNICAST = 0x0001;
    static final int KNOWN_FLAGS = FLAG_UNICAST;

    /** Records per UPSERT, DELETE or SNAPSHOT_CHUNK message at most (a 256 KiB message). */
    public static final int MAX_RECORDS = 2048;
    /** Key ranges of the anti-entropy digests: the top 8 bits of the key's 64-bit hash. */
    public static final int RANGES = 256;
    public static final int RANGE_SHIFT = 56;
    public static final int DELETE_ENTRY_LENGTH = 56;
    public static final int DIGEST_ENTRY_LENGTH = 24;
    /** The longest label text (a DNS name's limit, RFC 1035 §2.3.4, and more than a JA4 string needs). */
    public static final int MAX_LABEL_BYTES = 255;
    /** Hash (64), length (8), text padded with zeros to {@link #MAX_LABEL_BYTES}: fixed, like every entry. */
    public static final int LABEL_ENTRY_LENGTH = 8 + 1 + MAX_LABEL_BYTES;
    /** Labels per LABELS message at most (a 66 KiB message; senders stay within one 60 KB batch). */
    public static final int MAX_LABELS = 256;

    // UPSERT and DELETE prefix.
    public static final int SENT_AT_US_OFFSET = 0;
    public static final int QUEUED_US_OFFSET = 8;
    public static final int ACK_REQUEST_OFFSET = 12;
    // DELETE entry.
    public static final int DELETE_VERSION_OFFSET = 40;
    public static final int DELETE_TTL_MS_OFFSET = 48;
    // SNAPSHOT_REQUEST prefix.
    public static final int REQUEST_SESSION_OFFSET = 0;
    public static final int REQUEST_HLC_OFFSET = 8;
    public static final int REQUEST_BEFORE_OFFSET = 16;
    public static final int REQUEST_RANGES_OFFSET = 24;
    public static final int RANGE_BITMAP_BYTES = RANGES / 8;
    // SNAPSHOT_CHUNK and SNAPSHOT_END prefix.
    public static final int STREAM_SESSION_OFFSET = 0;
    public static final int STREAM_INDEX_OFFSET = 4;
    public static final int STREAM_RECORDS_OFFSET = 8;
    // DIGEST prefix and entry.
    public static final int DIGEST_ROUND_OFFSET = 0;
    public static final int DIGEST_FLAGS_OFFSET = 4;
    public static final int DIGEST_BEFORE_OFFSET = 8;
    /** DIGEST flag: repair every differing range now (a partition healed, a resync ended). */
    public static final int DIGEST_FLAG_HEAL = 0x1;
    public static final int DIGEST_RANGE_OFFSET = 0;
    public static final int DIGEST_COUNT_OFFSET = 4;
    public static final int DIGEST_XOR_OFFSET = 8;
    public static final int DIGEST_SUM_OFFSET = 16;
    // ACK prefix.
    public static final int ACK_ID_OFFSET = 0;
    // LABELS entry.
    public static final int LABEL_HASH_OFFSET = 0;
    public static final int LABEL_LENGTH_OFFSET = 8;
    public static final int LABEL_TEXT_OFFSET = 9;
    // VERSION_REFUSED prefix.
    public static final int REFUSED_MIN_OFFSET = 0;
    public static final int REFUSED_MAX_OFFSET = 1;
    public static final int REFUSED_VERSION_OFFSET = 2;

    private byte[] buf;
    private int off;

    SyncMessage wrap(byte[] buffer, int offset) {
        this.buf = buffer;
        this.off = offset;
        return this;
    }

    public byte[] buffer() {
        return buf;
    }

    public MessageType type() {
        return MessageType.of(Bytes.u8(buf, off + TYPE_OFFSET));
    }

    public int flags() {
        return Bytes.u16(buf, off + FLAGS_OFFSET);
    }

    public int sender() {
        return Bytes.u16(buf, off + SENDER_OFFSET);
    }

    public long incarnation() {
        return Bytes.i64(buf, off + INCARNATION_OFFSET);
    }

    public long sequence() {
        return Bytes.u32(buf, off + SEQUENCE_OFFSET);
    }

    public int count() {
        return Bytes.u16(buf, off + COUNT_OFFSET);
    }

    public int payloadLength() {
        return Bytes.i32(buf, off + PAYLOAD_LENGTH_OFFSET);
    }

    /** Absolute offset of the type prefix. */
    public int prefixOffset() {
        return off + HEADER_LENGTH;
    }

    /** Absolute offset of entry {@code i}. */
    public int entryOffset(int i) {
        MessageType t = type();
        return off + HEADER_LENGTH + t.prefixLength + i * t.entryLength;
    }

    public long prefixU32(int field) {
        return Bytes.u32(buf, prefixOffset() + field);
    }

    public long prefixI64(int field) {
        return Bytes.i64(buf, prefixOffset() + field);
    }

    /** Whether key range {@code range} is asked for by a SNAPSHOT_REQUEST. */
    public boolean requestsRange(int range) {
        return (buf[prefixOffset() + REQUEST_RANGES_OFFSET + (range >>> 3)] & (1 << (range & 7))) != 0;
    }

    /** The header's version byte of any buffer of at least 8 bytes (valid in every version). */
    public static int versionOf(byte[] b, int off) {
        return Bytes.u8(b, off + VERSION_OFFSET);
    }

    public static int typeCodeOf(byte[] b, int off) {
        return Bytes.u8(b, off + TYPE_OFFSET);
    }

    public static int senderOf(byte[] b, int off) {
        return Bytes.u16(b, off + SENDER_OFFSET);
    }

    public static boolean hasMagic(byte[] b, int off, int len) {
        return len >= 2 && Bytes.u16(b, off + MAGIC_OFFSET) == MAGIC;
    }

    /** The key range of a key hash: its top 8 bits. */
    public static int rangeOf(long keyHash) {
        return (int) (keyHash >>> RANGE_SHIFT);
    }
}
