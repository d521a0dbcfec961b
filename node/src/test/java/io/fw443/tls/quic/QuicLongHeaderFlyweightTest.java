package io.fw443.tls.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class QuicLongHeaderFlyweightTest
{
    private final QuicLongHeaderFlyweight header = new QuicLongHeaderFlyweight();

    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void readsRfcClientInitialHeader(final QuicVersion version)
    {
        final byte[] packet = RfcVectors.of(version).get("client_protected_packet");
        assertEquals(QuicReason.NONE, header.wrap(packet, 0, packet.length));
        assertEquals(version, header.version());
        assertEquals(version.wireVersion(), header.wireVersion());
        assertEquals(QuicPacketType.INITIAL, header.packetType());
        assertEquals(6, header.dcidOffset());
        assertEquals(8, header.dcidLength());
        assertEquals(0, header.scidLength());
        assertEquals(0, header.tokenLength());
        assertEquals(18, header.packetNumberOffset()); // RFC 9001 A.2: "header[18..21] ^= mask[1..4]"
        assertEquals(1200, header.packetEnd());        // Length 0x049e = 1182 after the 18-byte header
    }

    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void readsRfcServerInitialHeader(final QuicVersion version)
    {
        final byte[] packet = RfcVectors.of(version).get("server_protected_packet");
        assertEquals(QuicReason.NONE, header.wrap(packet, 0, packet.length));
        assertEquals(QuicPacketType.INITIAL, header.packetType());
        assertEquals(0, header.dcidLength());
        assertEquals(8, header.scidLength());
        assertEquals(7, header.scidOffset());
        assertEquals(18, header.packetNumberOffset());
        assertEquals(135, header.packetEnd());
    }

    @Test
    void readsSourceConnectionIdAndToken()
    {
        final byte[] dcid = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        final byte[] scid = { 10, 11, 12 };
        final byte[] token = new byte[70]; // two-byte Token Length
        final byte[] packet = QuicInitialProtector.protect(QuicVersion.V2,
            QuicInitialProtector.clientKeys(QuicVersion.V2, dcid), dcid, scid, token, 5, 2, new byte[30]);
        assertEquals(QuicReason.NONE, header.wrap(packet, 0, packet.length));
        assertEquals(9, header.dcidLength());
        assertEquals(1 + 4 + 1 + 9 + 1, header.scidOffset());
        assertEquals(3, header.scidLength());
        assertEquals(1 + 4 + 1 + 9 + 1 + 3 + 2, header.tokenOffset());
        assertEquals(70, header.tokenLength());
        assertEquals(header.tokenOffset() + 70 + 1, header.packetNumberOffset()); // Length 48 fits one byte
        assertEquals(packet.length, header.packetEnd());
    }

    /** RFC 9000 §17.2 (v1) and RFC 9369 §3.2 (v2): the same bits mean different types. */
    @ParameterizedTest
    @CsvSource({
        "c0, 00000001, INITIAL", "d0, 00000001, ZERO_RTT", "e0, 00000001, HANDSHAKE", "f0, 00000001, RETRY",
        "c0, 6b3343cf, RETRY", "d0, 6b3343cf, INITIAL", "e0, 6b3343cf, ZERO_RTT", "f0, 6b3343cf, HANDSHAKE",
    })
    void typeBitsDependOnVersion(final String first, final String version, final QuicPacketType expected)
    {
        // first byte, version, DCID len 0, SCID len 0, then a token length 0 and Length 20 for Initial
        final byte[] packet = HexFormat.of().parseHex(first + version + "0000" + "00" + "14" + "00".repeat(20));
        header.wrap(packet, 0, packet.length);
        assertEquals(expected, header.packetType());
    }

    @Test
    void versionNegotiationAndUnknownVersions()
    {
        final byte[] vn = HexFormat.of().parseHex("80000000000000");
        assertEquals(QuicReason.VERSION_NEGOTIATION, header.wrap(vn, 0, vn.length));
        final byte[] grease = HexFormat.of().parseHex("c01a2a3a4a0000");
        assertEquals(QuicReason.UNSUPPORTED_VERSION, header.wrap(grease, 0, grease.length));
        assertEquals(0x1a2a3a4a, header.wireVersion());
        final byte[] shortHeader = HexFormat.of().parseHex("40aabbcc");
        assertEquals(QuicReason.SHORT_HEADER, header.wrap(shortHeader, 0, shortHeader.length));
    }

    @Test
    void connectionIdsLongerThan20BytesAreRefused()
    {
        final byte[] dcid21 = HexFormat.of().parseHex("c00000000115" + "00".repeat(40));
        assertEquals(QuicReason.CID_TOO_LONG, header.wrap(dcid21, 0, dcid21.length));
        final byte[] scid21 = HexFormat.of().parseHex("c0000000010015" + "00".repeat(40));
        assertEquals(QuicReason.CID_TOO_LONG, header.wrap(scid21, 0, scid21.length));
    }

    @Test
    void lengthBeyondTheDatagramOrTooShortForTheSample()
    {
        final byte[] beyond = HexFormat.of().parseHex("c00000000100000015" + "00".repeat(20));
        assertEquals(QuicReason.PACKET_TRUNCATED, header.wrap(beyond, 0, beyond.length));
        final byte[] tooShort = HexFormat.of().parseHex("c00000000100000013" + "00".repeat(19));
        assertEquals(QuicReason.PACKET_TOO_SHORT, header.wrap(tooShort, 0, tooShort.length));
        final byte[] longToken = HexFormat.of().parseHex("c000000001000044ff" + "00".repeat(100));
        assertEquals(QuicReason.HEADER_TRUNCATED, header.wrap(longToken, 0, longToken.length));
    }

    /** Every prefix of a valid packet is reported, never thrown. */
    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void everyTruncationIsAReason(final QuicVersion version)
    {
        final byte[] packet = RfcVectors.of(version).get("client_protected_packet");
        for (int length = 0; length < packet.length; length++)
        {
            final QuicReason r = header.wrap(packet, 0, length);
            assertNotEquals(QuicReason.NONE, r, "length " + length);
        }
    }

    @Test
    void wrapsAtAnOffsetAndComparesDcids()
    {
        final byte[] packet = RfcVectors.of(QuicVersion.V1).get("client_protected_packet");
        final byte[] frame = new byte[packet.length + 10];
        System.arraycopy(packet, 0, frame, 10, packet.length);
        assertEquals(QuicReason.NONE, header.wrap(frame, 10, packet.length));
        assertEquals(16, header.dcidOffset());
        assertEquals(28, header.packetNumberOffset());
        assertEquals(1210, header.packetEnd());
        final byte[] dcid = RfcVectors.of(QuicVersion.V1).get("dcid");
        assertEquals(true, header.sameDcid(dcid, 0, 8));
        assertEquals(false, header.sameDcid(dcid, 0, 7));
        dcid[7] ^= 1;
        assertEquals(false, header.sameDcid(dcid, 0, 8));
    }
}
