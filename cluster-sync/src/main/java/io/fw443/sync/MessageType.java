package io.fw443.sync;

/**
 * The sync message types of protocol version 1. Codes are permanent: a type may be retired, never renumbered. Each
 * type has a fixed-size prefix and fixed-size entries, so a message's exact length follows from its entry count
 * (see docs/design/sync.md for every section's layout).
 */
public enum MessageType {
    /** Batched flow changes: prefix (sent-at, queue delay, ack request), entries are {@link WireRecord}s. */
    UPSERT(1, 16, WireRecord.LENGTH, SyncMessage.MAX_RECORDS),
    /** Batched deletions: prefix as UPSERT; entries are key, version, tombstone time to live. */
    DELETE(2, 16, SyncMessage.DELETE_ENTRY_LENGTH, SyncMessage.MAX_RECORDS),
    /** Ask a peer for its records in a set of key ranges (all of them: a full resync), optionally settled ones. */
    SNAPSHOT_REQUEST(3, 56, 0, 0),
    /** Records answering a snapshot request (or pushed by an anti-entropy repair). */
    SNAPSHOT_CHUNK(4, 16, WireRecord.LENGTH, SyncMessage.MAX_RECORDS),
    /** The last message of a snapshot stream: how many chunks and records were sent. */
    SNAPSHOT_END(5, 16, 0, 0),
    /** Per key range: record count and two order-independent sums of content fingerprints. */
    DIGEST(6, 16, SyncMessage.DIGEST_ENTRY_LENGTH, SyncMessage.RANGES),
    /** A peer applied an UPSERT that asked for acknowledgement (synchronous insert). */
    ACK(7, 8, 0, 0),
    /** This node refuses the sender's protocol version; says which versions it speaks. */
    VERSION_REFUSED(8, 8, 0, 0),
    /**
     * Labels (hash → opaque text of up to 255 bytes) new on the sender, or all it knows when it serves a snapshot:
     * prefix as UPSERT (no ack request); entries are hash, length, text zero-padded to a fixed size.
     */
    LABELS(9, 16, SyncMessage.LABEL_ENTRY_LENGTH, SyncMessage.MAX_LABELS);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    public final int code;
    public final int prefixLength;
    public final int entryLength;
    public final int maxEntries;

    MessageType(int code, int prefixLength, int entryLength, int maxEntries) {
        this.code = code;
        this.prefixLength = prefixLength;
        this.entryLength = entryLength;
        this.maxEntries = maxEntries;
    }

    /** The type for a wire code, or null. */
    public static MessageType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The exact payload length for {@code entries} entries. */
    public int payloadLength(int entries) {
        return prefixLength + entries * entryLength;
    }

    /** The exact message length for {@code entries} entries. */
    public int messageLength(int entries) {
        return SyncMessage.HEADER_LENGTH + payloadLength(entries);
    }
}
