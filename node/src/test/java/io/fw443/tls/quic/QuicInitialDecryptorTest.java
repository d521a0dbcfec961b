package io.fw443.tls.quic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 9001 Appendix A.2/A.3 and RFC 9369 Appendix A.2/A.3: full protected packets to plaintext and back. */
class QuicInitialDecryptorTest
{
    /** A.2: unprotected payload = the CRYPTO frame plus PADDING to 1162 bytes. */
    private static final int A2_PAYLOAD_LENGTH = 1162;

    private final QuicInitialDecryptor decryptor = new QuicInitialDecryptor();
    private final QuicLongHeaderFlyweight header = new QuicLongHeaderFlyweight();

    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void decryptsClientInitial(final QuicVersion version)
    {
        final RfcVectors rfc = RfcVectors.of(version);
        final byte[] packet = rfc.get("client_protected_packet");
        final byte[] captured = packet.clone();
        final byte[] out = new byte[packet.length];

        assertEquals(QuicReason.NONE, header.wrap(packet, 0, packet.length));
        assertEquals(QuicPacketType.INITIAL, header.packetType());
        final QuicReason r = decryptor.decrypt(header, clientKeys(version, rfc), -1, out, 0);

        assertEquals(QuicReason.NONE, r);
        assertEquals(2, decryptor.packetNumber());
        assertEquals(4, decryptor.packetNumberLength());
        final byte[] unprotectedHeader = rfc.get("client_unprotected_header");
        assertEquals(unprotectedHeader.length, decryptor.payloadOffset());
        assertArrayEquals(unprotectedHeader, Arrays.copyOf(out, unprotectedHeader.length));
        assertArrayEquals(expectedClientPayload(rfc), Arrays.copyOfRange(out, decryptor.payloadOffset(),
            decryptor.payloadOffset() + decryptor.payloadLength()));
        assertArrayEquals(captured, packet, "the captured packet is not modified");
    }

    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void decryptsServerInitialWithTwoBytePacketNumber(final QuicVersion version)
    {
        final RfcVectors rfc = RfcVectors.of(version);
        final byte[] packet = rfc.get("server_protected_packet");
        final byte[] out = new byte[packet.length];
        final byte[] dcid = rfc.get("dcid");
        final QuicInitialKeys keys = new QuicInitialKeys();
        keys.deriveServer(new Hkdf(), version, dcid, 0, dcid.length);

        assertEquals(QuicReason.NONE, header.wrap(packet, 0, packet.length));
        assertEquals(QuicReason.NONE, decryptor.decrypt(header, keys, -1, out, 0));

        assertEquals(1, decryptor.packetNumber());
        assertEquals(2, decryptor.packetNumberLength());
        final byte[] unprotectedHeader = rfc.get("server_unprotected_header");
        assertArrayEquals(unprotectedHeader, Arrays.copyOf(out, unprotectedHeader.length));
        assertArrayEquals(rfc.get("server_payload"), Arrays.copyOfRange(out, decryptor.payloadOffset(),
            decryptor.payloadOffset() + decryptor.payloadLength()));
    }

    /** The test-side protector must rebuild the RFC packets byte for byte, or the synthetic tests prove nothing. */
    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void protectorReproducesRfcPackets(final QuicVersion version)
    {
        final RfcVectors rfc = RfcVectors.of(version);
        final byte[] dcid = rfc.get("dcid");
        assertArrayEquals(rfc.get("client_protected_packet"), QuicInitialProtector.protect(version,
            clientKeys(version, rfc), dcid, new byte[0], new byte[0], 2, 4, expectedClientPayload(rfc)));

        final QuicInitialKeys serverKeys = new QuicInitialKeys();
        serverKeys.deriveServer(new Hkdf(), version, dcid, 0, dcid.length);
        final byte[] serverScid = Arrays.copyOfRange(rfc.get("server_unprotected_header"), 7, 15);
        assertArrayEquals(rfc.get("server_protected_packet"), QuicInitialProtector.protect(version, serverKeys,
            new byte[0], serverScid, new byte[0], 1, 2, rfc.get("server_payload")));
    }

    @Test
    void decryptsInPlaceWhenTheCallerPassesThePacketBuffer()
    {
        final RfcVectors rfc = RfcVectors.of(QuicVersion.V1);
        final byte[] packet = rfc.get("client_protected_packet");
        header.wrap(packet, 0, packet.length);
        assertEquals(QuicReason.NONE, decryptor.decrypt(header, clientKeys(QuicVersion.V1, rfc), -1, packet, 0));
        final byte[] unprotectedHeader = rfc.get("client_unprotected_header");
        assertArrayEquals(unprotectedHeader, Arrays.copyOf(packet, unprotectedHeader.length));
        assertArrayEquals(expectedClientPayload(rfc), Arrays.copyOfRange(packet, unprotectedHeader.length,
            unprotectedHeader.length + A2_PAYLOAD_LENGTH));
    }

    @Test
    void decryptsAtAnOffsetIntoABiggerBuffer()
    {
        final RfcVectors rfc = RfcVectors.of(QuicVersion.V2);
        final byte[] packet = rfc.get("client_protected_packet");
        final byte[] frame = new byte[packet.length + 100];
        System.arraycopy(packet, 0, frame, 42, packet.length);
        final byte[] out = new byte[packet.length + 7];
        assertEquals(QuicReason.NONE, header.wrap(frame, 42, packet.length));
        assertEquals(QuicReason.NONE, decryptor.decrypt(header, clientKeys(QuicVersion.V2, rfc), -1, out, 7));
        assertEquals(7 + rfc.get("client_unprotected_header").length, decryptor.payloadOffset());
        assertArrayEquals(expectedClientPayload(rfc), Arrays.copyOfRange(out, decryptor.payloadOffset(),
            decryptor.payloadOffset() + decryptor.payloadLength()));
    }

    /** Any changed byte after the header's first byte breaks either the mask, the AAD or the tag. */
    @ParameterizedTest
    @CsvSource({ "18", "21", "22", "500", "1183", "1199" })
    void corruptedPacketFailsAuthentication(final int index)
    {
        final RfcVectors rfc = RfcVectors.of(QuicVersion.V1);
        final byte[] packet = rfc.get("client_protected_packet");
        packet[index] ^= 0x01;
        header.wrap(packet, 0, packet.length);
        assertEquals(QuicReason.AEAD_FAILED,
            decryptor.decrypt(header, clientKeys(QuicVersion.V1, rfc), -1, new byte[packet.length], 0));
    }

    @Test
    void keysOfTheOtherVersionFailAuthentication()
    {
        final RfcVectors rfc = RfcVectors.of(QuicVersion.V1);
        final byte[] packet = rfc.get("client_protected_packet");
        header.wrap(packet, 0, packet.length);
        assertEquals(QuicReason.AEAD_FAILED, decryptor.decrypt(header,
            clientKeys(QuicVersion.V2, RfcVectors.of(QuicVersion.V2)), -1, new byte[packet.length], 0));
    }

    @ParameterizedTest
    @CsvSource({ "0, NONE", "1, RESERVED_BITS_SET", "2, RESERVED_BITS_SET", "3, RESERVED_BITS_SET" })
    void reservedBitsAreCheckedAfterAuthentication(final int reservedBits, final QuicReason expected)
    {
        final byte[] dcid = { 1, 2, 3, 4, 5, 6, 7, 8 };
        final QuicInitialKeys keys = QuicInitialProtector.clientKeys(QuicVersion.V1, dcid);
        final byte[] packet = QuicInitialProtector.protect(QuicVersion.V1, keys, dcid, new byte[0], new byte[0], 0, 1,
            new Frames().ping().paddedTo(40), reservedBits);
        header.wrap(packet, 0, packet.length);
        assertEquals(expected, decryptor.decrypt(header, keys, -1, new byte[packet.length], 0));
        assertEquals(40, decryptor.payloadLength());
    }

    /** RFC 9000 §17.1 / Appendix A.3, and the window edges of its algorithm. */
    @ParameterizedTest
    @CsvSource({
        "2821665002, 39730, 16, 2821692210", // RFC 9000 A.3: largest 0xa82f30ea, 0x9b32 -> 0xa82f9b32
        "-1, 2, 32, 2",
        "-1, 0, 8, 0",
        "255, 0, 8, 256",
        "256, 255, 8, 255",
        "65534, 1, 16, 65537",
    })
    void decodesPacketNumbers(final long largest, final long truncated, final int bits, final long expected)
    {
        assertEquals(expected, QuicInitialDecryptor.decodePacketNumber(largest, truncated, bits));
    }

    private static QuicInitialKeys clientKeys(final QuicVersion version, final RfcVectors rfc)
    {
        final byte[] dcid = rfc.get("dcid");
        return QuicInitialProtector.clientKeys(version, dcid);
    }

    private static byte[] expectedClientPayload(final RfcVectors rfc)
    {
        return Arrays.copyOf(rfc.get("client_crypto_frame"), A2_PAYLOAD_LENGTH);
    }
}
