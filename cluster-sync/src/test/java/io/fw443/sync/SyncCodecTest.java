package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SyncCodecTest {
    private static final int LOCAL = 1;
    private static final int PEER = 2;
    private static final long INCARNATION = 0x0102030405060708L;
    private static final long NOW_NS = 10_000_000_000L;

    /**
     * Version 1 of the protocol, byte for byte, written out by hand from the layout in docs/design/sync.md: a change
     * to the wire format fails here and must come with a new protocol version.
     */
    private static final String PINNED_UPSERT_V1 = String.join("",
            "4634", "01", "01", "0000", "0002", "0102030405060708", "00000009", "0001", "0000", "00000090",
            "00060a1b2c3d4e5f", "000000fa", "00000000",
            "04", "06", "0000", "c000020a000000000000000000000000", "c6336464000000000000000000000000", "9c40", "01bb",
            "01", "03", "06", "02", "07", "08", "01", "02",
            "11111111", "22222222", "0000ffff", "33333333", "44444444", "00010000",
            "000005dc", "0001d4c0", "018bcfe568000005", "0002", "01", "02", "0304", "0007",
            "0102030405060708", "1112131415161718", "0000000a", "00000014", "0000000000012345");

    static FlowKey pinnedKey() {
        FlowKey key = new FlowKey();
        key.set(FlowKey.FAMILY_IPV4, 6, 0, new byte[] {(byte) 192, 0, 2, 10}, 0, 40000,
                new byte[] {(byte) 198, 51, 100, 100}, 0, 443);
        return key;
    }

    static FlowRecord pinnedRecord() {
        FlowRecord r = Flows.record().state(TcpStates.ESTABLISHED)
                .flags(FlowRecord.FLAG_SEEN_REPLY | FlowRecord.FLAG_ASSURED | FlowRecord.FLAG_PICKUP
                        | FlowRecord.FLAG_IMPORTED)
                .alpn(2).windowScale(0, 7).windowScale(1, 8).tcpFlags(0, 1).tcpFlags(1, 2)
                .end(0, 0x11111111).maxEnd(0, 0x22222222).maxWindow(0, 0xffff)
                .end(1, 0x33333333).maxEnd(1, 0x44444444).maxWindow(1, 0x10000)
                .lastSeenNs(NOW_NS - 1_500_000_000L).expiresAtNs(NOW_NS + 120_000_000_000L)
                .version(Hlc.of(1_700_000_000_000L, 5)).originNode(2).zone(0, 1).zone(1, 2)
                .tlsVersion(0x0304).ruleIndex(7).sniHash(0x0102030405060708L).ja4Hash(0x1112131415161718L)
                .packets(0, 10).packets(1, 20);
        return r.bytes(0x12345);
    }

    static byte[] pinnedUpsert() {
        byte[] buf = SyncEncoder.allocate(MessageType.UPSERT, 1);
        SyncEncoder.record(buf, MessageType.UPSERT, 0, pinnedKey(), pinnedRecord(), NOW_NS);
        SyncEncoder.deltaPrefix(buf, 0x00060a1b2c3d4e5fL, 250, 0);
        SyncEncoder.header(buf, 0, MessageType.UPSERT, 0, PEER, INCARNATION, 9, 1);
        return buf;
    }

    private static SyncDecoder decoder() {
        return new SyncDecoder(LOCAL, new ReplayGuard());
    }

    @Test
    void upsertVersion1BytesArePinned() {
        assertEquals(PINNED_UPSERT_V1, HexFormat.of().formatHex(pinnedUpsert()));
    }

    @Test
    void pinnedUpsertDecodesToTheSameFlowWithTimesRelativeToTheReceiversClock() {
        byte[] buf = HexFormat.of().parseHex(PINNED_UPSERT_V1);
        SyncMessage msg = new SyncMessage();
        assertEquals(DecodeResult.OK, decoder().decode(buf, 0, buf.length, PEER, msg));
        assertEquals(MessageType.UPSERT, msg.type());
        assertEquals(PEER, msg.sender());
        assertEquals(INCARNATION, msg.incarnation());
        assertEquals(9, msg.sequence());
        assertEquals(1, msg.count());
        assertEquals(16 + WireRecord.LENGTH, msg.payloadLength());
        assertEquals(250, msg.prefixU32(SyncMessage.QUEUED_US_OFFSET));
        FlowKey key = new FlowKey();
        FlowRecord r = Flows.record();
        long receiverNow = 77_000_000_000L;
        WireRecord.decodeKey(buf, msg.entryOffset(0), key);
        WireRecord.decodeRecord(buf, msg.entryOffset(0), receiverNow, r);
        assertEquals(pinnedKey(), key);
        FlowRecord expected = pinnedRecord().clearFlag(FlowMerge.LOCAL_FLAGS);
        assertTrue(FlowMerge.sameContent(expected, r));
        assertEquals(0, r.flags() & FlowMerge.LOCAL_FLAGS, "local flags never travel");
        assertEquals(receiverNow - 1_500_000_000L, r.lastSeenNs());
        assertEquals(receiverNow + 120_000_000_000L, r.expiresAtNs());
    }

    @Test
    void everyTypeRoundTrips() {
        SyncDecoder decoder = decoder();
        SyncMessage msg = new SyncMessage();
        long seq = 1;

        long[] ranges = new long[4];
        ranges[0] = 1L << 5;
        ranges[3] = 1L << 63;
        byte[] request = SyncEncoder.snapshotRequest(12, 0x55L, 0x66L, ranges);
        SyncEncoder.header(request, 0, MessageType.SNAPSHOT_REQUEST, SyncMessage.FLAG_UNICAST, PEER, INCARNATION,
                seq++, 0);
        assertEquals(DecodeResult.OK, decoder.decode(request, 0, request.length, PEER, msg));
        assertEquals(12, msg.prefixU32(SyncMessage.REQUEST_SESSION_OFFSET));
        assertEquals(0x55L, msg.prefixI64(SyncMessage.REQUEST_HLC_OFFSET));
        assertEquals(0x66L, msg.prefixI64(SyncMessage.REQUEST_BEFORE_OFFSET));
        for (int r = 0; r < SyncMessage.RANGES; r++) {
            assertEquals(r == 5 || r == 255, msg.requestsRange(r), "range " + r);
        }

        byte[] end = SyncEncoder.allocate(MessageType.SNAPSHOT_END, 0);
        SyncEncoder.streamPrefix(end, 12, 40, 16_000);
        SyncEncoder.header(end, 0, MessageType.SNAPSHOT_END, SyncMessage.FLAG_UNICAST, PEER, INCARNATION, seq++, 0);
        assertEquals(DecodeResult.OK, decoder.decode(end, 0, end.length, PEER, msg));
        assertEquals(40, msg.prefixU32(SyncMessage.STREAM_INDEX_OFFSET));
        assertEquals(16_000, msg.prefixI64(SyncMessage.STREAM_RECORDS_OFFSET));

        byte[] delete = SyncEncoder.allocate(MessageType.DELETE, 2);
        SyncEncoder.delete(delete, 0, Flows.key(1).bytes(), 0, 77, 60_000);
        SyncEncoder.delete(delete, 1, Flows.key(2).bytes(), 0, 78, 0);
        SyncEncoder.deltaPrefix(delete, 1, 2, 0);
        SyncEncoder.header(delete, 0, MessageType.DELETE, 0, PEER, INCARNATION, 1, 2);
        assertEquals(DecodeResult.OK, decoder.decode(delete, 0, delete.length, PEER, msg));
        assertArrayEquals(Flows.key(2).bytes(), Arrays.copyOfRange(delete, msg.entryOffset(1),
                msg.entryOffset(1) + FlowKey.LENGTH));

        RangeDigests digests = new RangeDigests();
        digests.add(0x0100_0000_0000_0000L, 3);
        digests.add(0xFF00_0000_0000_0001L, 4);
        byte[] digest = SyncEncoder.digest(5, true, 0x77L, digests);
        SyncEncoder.header(digest, 0, MessageType.DIGEST, SyncMessage.FLAG_UNICAST, PEER, INCARNATION, seq++,
                SyncMessage.RANGES);
        assertEquals(DecodeResult.OK, decoder.decode(digest, 0, digest.length, PEER, msg));
        RangeDigests back = RangeDigests.read(msg);
        assertTrue(RangeDigests.isEmpty(back.differingRanges(digests)));
        assertEquals(1, back.count(1));
        assertEquals(1, back.count(255));
        assertEquals(SyncMessage.DIGEST_FLAG_HEAL, msg.prefixU32(SyncMessage.DIGEST_FLAGS_OFFSET));
        assertEquals(0x77L, msg.prefixI64(SyncMessage.DIGEST_BEFORE_OFFSET));

        byte[] ack = SyncEncoder.ack(0xABCDEF);
        SyncEncoder.header(ack, 0, MessageType.ACK, SyncMessage.FLAG_UNICAST, PEER, INCARNATION, seq++, 0);
        assertEquals(DecodeResult.OK, decoder.decode(ack, 0, ack.length, PEER, msg));
        assertEquals(0xABCDEF, msg.prefixU32(SyncMessage.ACK_ID_OFFSET));

        byte[] labels = SyncEncoder.allocate(MessageType.LABELS, 2);
        byte[] longest = new byte[SyncMessage.MAX_LABEL_BYTES];
        Arrays.fill(longest, (byte) 'a');
        SyncEncoder.label(labels, 0, 0x1122L, new byte[] {'x', 'h', '2', 'x'}, 1, 2);
        SyncEncoder.label(labels, 1, -1L, longest, 0, longest.length);
        SyncEncoder.deltaPrefix(labels, 3, 0, 0);
        SyncEncoder.header(labels, 0, MessageType.LABELS, 0, PEER, INCARNATION, 2, 2);
        assertEquals(DecodeResult.OK, decoder.decode(labels, 0, labels.length, PEER, msg));
        assertEquals(MessageType.LABELS, msg.type());
        int first = msg.entryOffset(0);
        assertEquals(0x1122L, Bytes.i64(labels, first + SyncMessage.LABEL_HASH_OFFSET));
        assertEquals(2, Bytes.u8(labels, first + SyncMessage.LABEL_LENGTH_OFFSET));
        assertEquals("h2", new String(labels, first + SyncMessage.LABEL_TEXT_OFFSET, 2,
                java.nio.charset.StandardCharsets.US_ASCII));
        int second = msg.entryOffset(1);
        assertEquals(-1L, Bytes.i64(labels, second + SyncMessage.LABEL_HASH_OFFSET));
        assertArrayEquals(longest, Arrays.copyOfRange(labels, second + SyncMessage.LABEL_TEXT_OFFSET,
                second + SyncMessage.LABEL_TEXT_OFFSET + SyncMessage.MAX_LABEL_BYTES));

        byte[] refused = SyncEncoder.versionRefused(2);
        SyncEncoder.header(refused, 0, MessageType.VERSION_REFUSED, SyncMessage.FLAG_UNICAST, PEER, INCARNATION,
                seq, 0);
        assertEquals(DecodeResult.OK, decoder.decode(refused, 0, refused.length, PEER, msg));
        assertEquals(2, refused[msg.prefixOffset() + SyncMessage.REFUSED_VERSION_OFFSET]);
    }

    static Stream<Arguments> malformed() {
        IntUnaryOperator same = len -> len;
        return Stream.of(
                bad("empty", DecodeResult.TRUNCATED, b -> { }, len -> 0),
                bad("shorter than a header", DecodeResult.TRUNCATED, b -> { }, len -> 20),
                bad("last byte missing", DecodeResult.TRUNCATED, b -> { }, len -> len - 1),
                bad("one byte extra", DecodeResult.LENGTH_MISMATCH, b -> { }, len -> len + 1),
                bad("magic", DecodeResult.BAD_MAGIC, b -> b[0] = 'X', same),
                bad("version 2", DecodeResult.UNSUPPORTED_VERSION, b -> b[2] = 2, same),
                bad("version 0", DecodeResult.UNSUPPORTED_VERSION, b -> b[2] = 0, same),
                bad("type", DecodeResult.BAD_TYPE, b -> b[3] = 99, same),
                bad("unknown flag", DecodeResult.BAD_FLAGS, b -> b[4] = (byte) 0x80, same),
                bad("reserved", DecodeResult.BAD_FLAGS, b -> b[23] = 1, same),
                bad("count disagrees with length", DecodeResult.LENGTH_MISMATCH, b -> b[21] = 2, same),
                bad("payload length beyond the message", DecodeResult.TRUNCATED, b -> b[27] = (byte) 0x91, same),
                bad("entries on a type without", DecodeResult.BAD_COUNT, b -> b[3] = (byte) MessageType.ACK.code,
                        same),
                bad("too many entries", DecodeResult.BAD_COUNT, b -> b[20] = 0x09, same),
                bad("spoofed sender", DecodeResult.BAD_SENDER, b -> b[7] = 3, same),
                bad("own node id", DecodeResult.BAD_SENDER, b -> b[7] = LOCAL, same),
                bad("zero incarnation", DecodeResult.BAD_FIELD, b -> Arrays.fill(b, 8, 16, (byte) 0), same),
                bad("zero sequence", DecodeResult.BAD_FIELD, b -> Arrays.fill(b, 16, 20, (byte) 0), same),
                bad("record layout", DecodeResult.BAD_RECORD, b -> b[44 + 40] = 2, same),
                bad("tcp state", DecodeResult.BAD_RECORD, b -> b[44 + 41] = 10, same),
                bad("local flag on the wire", DecodeResult.BAD_RECORD, b -> b[44 + 42] |= (byte) 0x80, same),
                bad("zero version", DecodeResult.BAD_RECORD, b -> Arrays.fill(b, 44 + 80, 44 + 88, (byte) 0), same),
                bad("key family", DecodeResult.BAD_RECORD, b -> b[44] = 5, same),
                bad("ipv4 key with address padding", DecodeResult.BAD_RECORD, b -> b[44 + 4 + 9] = 1, same),
                bad("key not canonical", DecodeResult.BAD_RECORD, b -> b[44 + 4] = (byte) 199, same));
    }

    private static Arguments bad(String name, DecodeResult expected, Consumer<byte[]> mutate,
                                 IntUnaryOperator length) {
        return Arguments.of(name, expected, mutate, length);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("malformed")
    void malformedMessagesAreRejectedWithTheirReason(String name, DecodeResult expected, Consumer<byte[]> mutate,
                                                     IntUnaryOperator length) {
        byte[] good = pinnedUpsert();
        int len = length.applyAsInt(good.length);
        byte[] buf = Arrays.copyOf(good, Math.max(good.length, len));
        mutate.accept(buf);
        assertEquals(expected, decoder().decode(buf, 0, len, PEER, new SyncMessage()));
    }

    @Test
    void aReplayedMessageIsDroppedAfterItsFirstDelivery() {
        SyncDecoder decoder = decoder();
        byte[] buf = pinnedUpsert();
        SyncMessage msg = new SyncMessage();
        assertEquals(DecodeResult.OK, decoder.decode(buf, 0, buf.length, PEER, msg));
        assertEquals(DecodeResult.REPLAYED, decoder.decode(buf, 0, buf.length, PEER, msg));
    }

    @Test
    void aBadMessageDoesNotAdvanceTheReplayWindow() {
        SyncDecoder decoder = decoder();
        byte[] bad = pinnedUpsert();
        bad[44 + 41] = 10;
        SyncMessage msg = new SyncMessage();
        assertEquals(DecodeResult.BAD_RECORD, decoder.decode(bad, 0, bad.length, PEER, msg));
        byte[] good = pinnedUpsert();
        assertEquals(DecodeResult.OK, decoder.decode(good, 0, good.length, PEER, msg));
    }

    @Test
    void boundsAreCheckedOnTheCallersSliceNotTheArray() {
        byte[] good = pinnedUpsert();
        byte[] framed = new byte[good.length + 10];
        System.arraycopy(good, 0, framed, 5, good.length);
        SyncMessage msg = new SyncMessage();
        assertEquals(DecodeResult.OK, decoder().decode(framed, 5, good.length, PEER, msg));
        assertEquals(DecodeResult.TRUNCATED, decoder().decode(framed, 5, framed.length, PEER, msg));
        assertFalse(decoder().decode(null, 0, 0, PEER, msg) == DecodeResult.OK);
    }
}
