package io.fw443.sync;

/**
 * Validates a received message completely before anything is applied: header, lengths, every section field and
 * every entry, then the replay window. The message is applied whole or not at all; bad input is a
 * {@link DecodeResult}, never an exception (bounds are checked before every read). On {@link DecodeResult#OK} the
 * given {@link SyncMessage} flyweight is wrapped over the message.
 */
public final class SyncDecoder {
    private final int localNode;
    private final ReplayGuard replayGuard;

    public SyncDecoder(int localNode, ReplayGuard replayGuard) {
        this.localNode = localNode;
        this.replayGuard = replayGuard;
    }

    /**
     * @param fromNode the member the transport received the message from (its node id)
     */
    public DecodeResult decode(byte[] buf, int off, int len, int fromNode, SyncMessage out) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return DecodeResult.TRUNCATED;
        }
        if (len < 4) {
            return len >= 2 && !SyncMessage.hasMagic(buf, off, len) ? DecodeResult.BAD_MAGIC : DecodeResult.TRUNCATED;
        }
        if (!SyncMessage.hasMagic(buf, off, len)) {
            return DecodeResult.BAD_MAGIC;
        }
        int version = SyncMessage.versionOf(buf, off);
        if (version < SyncMessage.MIN_VERSION || version > SyncMessage.MAX_VERSION) {
            return DecodeResult.UNSUPPORTED_VERSION;
        }
        if (len < SyncMessage.HEADER_LENGTH) {
            return DecodeResult.TRUNCATED;
        }
        MessageType type = MessageType.of(SyncMessage.typeCodeOf(buf, off));
        if (type == null) {
            return DecodeResult.BAD_TYPE;
        }
        int flags = Bytes.u16(buf, off + SyncMessage.FLAGS_OFFSET);
        if ((flags & ~SyncMessage.KNOWN_FLAGS) != 0 || Bytes.u16(buf, off + SyncMessage.RESERVED_OFFSET) != 0) {
            return DecodeResult.BAD_FLAGS;
        }
        long payloadLength = Bytes.u32(buf, off + SyncMessage.PAYLOAD_LENGTH_OFFSET);
        long available = len - SyncMessage.HEADER_LENGTH;
        if (payloadLength > available) {
            return DecodeResult.TRUNCATED;
        }
        if (payloadLength != available) {
            return DecodeResult.LENGTH_MISMATCH;
        }
        int count = Bytes.u16(buf, off + SyncMessage.COUNT_OFFSET);
        if (count > type.maxEntries) {
            return DecodeResult.BAD_COUNT;
        }
        if (payloadLength != type.payloadLength(count)) {
            return DecodeResult.LENGTH_MISMATCH;
        }
        int sender = SyncMessage.senderOf(buf, off);
        if (sender != fromNode || sender == localNode) {
            return DecodeResult.BAD_SENDER;
        }
        long incarnation = Bytes.i64(buf, off + SyncMessage.INCARNATION_OFFSET);
        long sequence = Bytes.u32(buf, off + SyncMessage.SEQUENCE_OFFSET);
        if (incarnation == 0 || sequence == 0) {
            return DecodeResult.BAD_FIELD;
        }
        int prefix = off + SyncMessage.HEADER_LENGTH;
        int entries = prefix + type.prefixLength;
        DecodeResult body = switch (type) {
            case UPSERT, SNAPSHOT_CHUNK -> records(buf, entries, count);
            case DELETE -> deletes(buf, entries, count);
            case SNAPSHOT_REQUEST -> Bytes.i64(buf, prefix + SyncMessage.REQUEST_HLC_OFFSET) == 0
                    || Bytes.i64(buf, prefix + SyncMessage.REQUEST_BEFORE_OFFSET) < 0
                    || Bytes.i32(buf, prefix + 4) != 0 ? DecodeResult.BAD_FIELD : DecodeResult.OK;
            case DIGEST -> digests(buf, prefix, entries, count);
            case SNAPSHOT_END -> DecodeResult.OK;
            case ACK -> Bytes.i32(buf, prefix + 4) != 0 ? DecodeResult.BAD_FIELD : DecodeResult.OK;
            case LABELS -> Bytes.i32(buf, prefix + SyncMessage.ACK_REQUEST_OFFSET) != 0 ? DecodeResult.BAD_FIELD
                    : labels(buf, entries, count);
            case VERSION_REFUSED -> Bytes.u8(buf, prefix + SyncMessage.REFUSED_MIN_OFFSET)
                    > Bytes.u8(buf, prefix + SyncMessage.REFUSED_MAX_OFFSET) ? DecodeResult.BAD_FIELD : DecodeResult.OK;
        };
        if (body != DecodeResult.OK) {
            return body;
        }
        boolean unicast = (flags & SyncMessage.FLAG_UNICAST) != 0;
        if (!replayGuard.accept(sender, unicast, incarnation, sequence)) {
            return DecodeResult.REPLAYED;
        }
        out.wrap(buf, off);
        return DecodeResult.OK;
    }

    private static DecodeResult records(byte[] buf, int first, int count) {
        for (int i = 0; i < count; i++) {
            if (!WireRecord.valid(buf, first + i * WireRecord.LENGTH)) {
                return DecodeResult.BAD_RECORD;
            }
        }
        return DecodeResult.OK;
    }

    private static DecodeResult deletes(byte[] buf, int first, int count) {
        for (int i = 0; i < count; i++) {
            int e = first + i * SyncMessage.DELETE_ENTRY_LENGTH;
            if (!WireRecord.validKey(buf, e) || Bytes.i64(buf, e + SyncMessage.DELETE_VERSION_OFFSET) == 0
                    || Bytes.i32(buf, e + SyncMessage.DELETE_TTL_MS_OFFSET + 4) != 0) {
                return DecodeResult.BAD_RECORD;
            }
        }
        return DecodeResult.OK;
    }

    /** Each label: a hash (0 means "no label" in records), a length 1..255, zeros after the text. */
    private static DecodeResult labels(byte[] buf, int first, int count) {
        for (int i = 0; i < count; i++) {
            int e = first + i * SyncMessage.LABEL_ENTRY_LENGTH;
            int len = Bytes.u8(buf, e + SyncMessage.LABEL_LENGTH_OFFSET);
            if (Bytes.i64(buf, e + SyncMessage.LABEL_HASH_OFFSET) == 0 || len == 0) {
                return DecodeResult.BAD_RECORD;
            }
            for (int p = e + SyncMessage.LABEL_TEXT_OFFSET + len; p < e + SyncMessage.LABEL_ENTRY_LENGTH; p++) {
                if (buf[p] != 0) {
                    return DecodeResult.BAD_RECORD;
                }
            }
        }
        return DecodeResult.OK;
    }

    private static DecodeResult digests(byte[] buf, int prefix, int first, int count) {
        if ((Bytes.i32(buf, prefix + SyncMessage.DIGEST_FLAGS_OFFSET) & ~SyncMessage.DIGEST_FLAG_HEAL) != 0) {
            return DecodeResult.BAD_FIELD;
        }
        int previous = -1;
        for (int i = 0; i < count; i++) {
            int e = first + i * SyncMessage.DIGEST_ENTRY_LENGTH;
            int range = Bytes.u16(buf, e + SyncMessage.DIGEST_RANGE_OFFSET);
            if (range >= SyncMessage.RANGES || range <= previous || Bytes.u16(buf, e + 2) != 0) {
                return DecodeResult.BAD_FIELD;
            }
            previous = range;
        }
        return DecodeResult.OK;
    }
}
