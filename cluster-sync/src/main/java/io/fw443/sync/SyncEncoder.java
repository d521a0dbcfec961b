package io.fw443.sync;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import java.util.Arrays;

/**
 * Writes sync messages of protocol version 1 into {@code byte[]} buffers sized exactly by
 * {@link MessageType#messageLength}. Sections are written first; the header goes on last, when the message is sent,
 * because only then are its entry count and sequence known ({@link #header}).
 */
public final class SyncEncoder {
    private SyncEncoder() {}

    /** Writes the header at {@code off} for a payload of {@code count} entries of {@code type}. */
    public static void header(byte[] buf, int off, MessageType type, int flags, int sender, long incarnation,
                              long sequence, int count) {
        Bytes.u16(buf, off + SyncMessage.MAGIC_OFFSET, SyncMessage.MAGIC);
        Bytes.u8(buf, off + SyncMessage.VERSION_OFFSET, SyncMessage.VERSION);
        Bytes.u8(buf, off + SyncMessage.TYPE_OFFSET, type.code);
        Bytes.u16(buf, off + SyncMessage.FLAGS_OFFSET, flags);
        Bytes.u16(buf, off + SyncMessage.SENDER_OFFSET, sender);
        Bytes.i64(buf, off + SyncMessage.INCARNATION_OFFSET, incarnation);
        Bytes.i32(buf, off + SyncMessage.SEQUENCE_OFFSET, (int) sequence);
        Bytes.u16(buf, off + SyncMessage.COUNT_OFFSET, count);
        Bytes.u16(buf, off + SyncMessage.RESERVED_OFFSET, 0);
        Bytes.i32(buf, off + SyncMessage.PAYLOAD_LENGTH_OFFSET, type.payloadLength(count));
    }

    /** A buffer for one message of {@code type} with room for {@code entries} entries. */
    public static byte[] allocate(MessageType type, int entries) {
        return new byte[type.messageLength(entries)];
    }

    /** UPSERT / DELETE prefix: sender's wall clock at send, the oldest entry's queueing delay, ack request id. */
    public static void deltaPrefix(byte[] buf, long sentAtUs, long maxQueuedUs, int ackRequestId) {
        int p = SyncMessage.HEADER_LENGTH;
        Bytes.i64(buf, p + SyncMessage.SENT_AT_US_OFFSET, sentAtUs);
        Bytes.i32(buf, p + SyncMessage.QUEUED_US_OFFSET, (int) Math.min(WireRecord.MAX_U32, Math.max(0, maxQueuedUs)));
        Bytes.i32(buf, p + SyncMessage.ACK_REQUEST_OFFSET, ackRequestId);
    }

    /** Offset of entry {@code i} of a message of {@code type} whose buffer starts at 0. */
    public static int entryOffset(MessageType type, int i) {
        return SyncMessage.HEADER_LENGTH + type.prefixLength + i * type.entryLength;
    }

    /** Writes record entry {@code i} of an UPSERT or SNAPSHOT_CHUNK. */
    public static void record(byte[] buf, MessageType type, int i, FlowKey key, FlowRecord r, long nowNs) {
        WireRecord.encode(key, r, nowNs, buf, entryOffset(type, i));
    }

    /** Writes delete entry {@code i}: key, version of the deletion, the tombstone's time to live. */
    public static void delete(byte[] buf, int i, byte[] keyBytes, int keyOff, long version, long ttlMs) {
        int e = entryOffset(MessageType.DELETE, i);
        System.arraycopy(keyBytes, keyOff, buf, e, FlowKey.LENGTH);
        Bytes.i64(buf, e + SyncMessage.DELETE_VERSION_OFFSET, version);
        Bytes.i32(buf, e + SyncMessage.DELETE_TTL_MS_OFFSET, (int) Math.min(WireRecord.MAX_U32, Math.max(0, ttlMs)));
        Bytes.i32(buf, e + SyncMessage.DELETE_TTL_MS_OFFSET + 4, 0);
    }

    /** Writes label entry {@code i} of a LABELS message: hash, length, {@code text[off, off+len)}, zero padding. */
    public static void label(byte[] buf, int i, long hash, byte[] text, int off, int len) {
        int e = entryOffset(MessageType.LABELS, i);
        Bytes.i64(buf, e + SyncMessage.LABEL_HASH_OFFSET, hash);
        Bytes.u8(buf, e + SyncMessage.LABEL_LENGTH_OFFSET, len);
        System.arraycopy(text, off, buf, e + SyncMessage.LABEL_TEXT_OFFSET, len);
        Arrays.fill(buf, e + SyncMessage.LABEL_TEXT_OFFSET + len, e + SyncMessage.LABEL_ENTRY_LENGTH, (byte) 0);
    }

    /**
     * A SNAPSHOT_REQUEST (header to be written at send) for the ranges set in {@code ranges} (256 bits), limited to
     * records with a version below {@code beforeVersion} (0: all records).
     */
    public static byte[] snapshotRequest(int session, long requesterHlc, long beforeVersion, long[] ranges) {
        byte[] buf = allocate(MessageType.SNAPSHOT_REQUEST, 0);
        int p = SyncMessage.HEADER_LENGTH;
        Bytes.i32(buf, p + SyncMessage.REQUEST_SESSION_OFFSET, session);
        Bytes.i64(buf, p + SyncMessage.REQUEST_HLC_OFFSET, requesterHlc);
        Bytes.i64(buf, p + SyncMessage.REQUEST_BEFORE_OFFSET, beforeVersion);
        for (int range = 0; range < SyncMessage.RANGES; range++) {
            if ((ranges[range >>> 6] & (1L << (range & 63))) != 0) {
                buf[p + SyncMessage.REQUEST_RANGES_OFFSET + (range >>> 3)] |= (byte) (1 << (range & 7));
            }
        }
        return buf;
    }

    /** SNAPSHOT_CHUNK / SNAPSHOT_END prefix: session, chunk index (or chunk count), records (total or sent). */
    public static void streamPrefix(byte[] buf, int session, int index, long records) {
        int p = SyncMessage.HEADER_LENGTH;
        Bytes.i32(buf, p + SyncMessage.STREAM_SESSION_OFFSET, session);
        Bytes.i32(buf, p + SyncMessage.STREAM_INDEX_OFFSET, index);
        Bytes.i64(buf, p + SyncMessage.STREAM_RECORDS_OFFSET, records);
    }

    /**
     * A DIGEST for all ranges: per range the record count, xor and sum of entry fingerprints, over the records with
     * a version below {@code beforeVersion} (0: all); heal as flagged.
     */
    public static byte[] digest(int round, boolean heal, long beforeVersion, RangeDigests digests) {
        byte[] buf = allocate(MessageType.DIGEST, SyncMessage.RANGES);
        Bytes.i32(buf, SyncMessage.HEADER_LENGTH + SyncMessage.DIGEST_ROUND_OFFSET, round);
        Bytes.i32(buf, SyncMessage.HEADER_LENGTH + SyncMessage.DIGEST_FLAGS_OFFSET,
                heal ? SyncMessage.DIGEST_FLAG_HEAL : 0);
        Bytes.i64(buf, SyncMessage.HEADER_LENGTH + SyncMessage.DIGEST_BEFORE_OFFSET, beforeVersion);
        for (int range = 0; range < SyncMessage.RANGES; range++) {
            int e = entryOffset(MessageType.DIGEST, range);
            Bytes.u16(buf, e + SyncMessage.DIGEST_RANGE_OFFSET, range);
            Bytes.i32(buf, e + SyncMessage.DIGEST_COUNT_OFFSET, (int) digests.count(range));
            Bytes.i64(buf, e + SyncMessage.DIGEST_XOR_OFFSET, digests.xor(range));
            Bytes.i64(buf, e + SyncMessage.DIGEST_SUM_OFFSET, digests.sum(range));
        }
        return buf;
    }

    public static byte[] ack(int requestId) {
        byte[] buf = allocate(MessageType.ACK, 0);
        Bytes.i32(buf, SyncMessage.HEADER_LENGTH + SyncMessage.ACK_ID_OFFSET, requestId);
        return buf;
    }

    /** A refusal naming the versions this node speaks and the one it refused. Always in version 1 format. */
    public static byte[] versionRefused(int refusedVersion) {
        byte[] buf = allocate(MessageType.VERSION_REFUSED, 0);
        int p = SyncMessage.HEADER_LENGTH;
        Bytes.u8(buf, p + SyncMessage.REFUSED_MIN_OFFSET, SyncMessage.MIN_VERSION);
        Bytes.u8(buf, p + SyncMessage.REFUSED_MAX_OFFSET, SyncMessage.MAX_VERSION);
        Bytes.u8(buf, p + SyncMessage.REFUSED_VERSION_OFFSET, refusedVersion);
        return buf;
    }
}
