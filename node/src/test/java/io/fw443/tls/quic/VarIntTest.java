package io.fw443.tls.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarIntTest
{
    /** RFC 9000 Appendix A.1 sample decodings, plus the two-byte encoding of 37 it mentions. */
    @ParameterizedTest
    @CsvSource({
        "c2197c5eff14e88c, 151288809941952652, 8",
        "9d7f3e7d, 494878333, 4",
        "7bbd, 15293, 2",
        "25, 37, 1",
        "4025, 37, 2",
    })
    void decodesRfc9000Samples(final String hex, final long expected, final int length)
    {
        final byte[] b = HexFormat.of().parseHex(hex);
        assertEquals(expected, VarInt.read(b, 0, b.length));
        assertEquals(length, VarInt.length(b[0]));
    }

    @ParameterizedTest
    @CsvSource({ "c2197c5eff14e88c", "9d7f3e7d", "7bbd" })
    void everyTruncationIsReported(final String hex)
    {
        final byte[] b = HexFormat.of().parseHex(hex);
        for (int limit = 0; limit < b.length; limit++)
        {
            assertEquals(VarInt.TRUNCATED, VarInt.read(b, 0, limit), "limit " + limit);
        }
    }

    @ParameterizedTest
    @CsvSource({ "0, 1", "63, 1", "64, 2", "16383, 2", "16384, 4", "1073741823, 4", "1073741824, 8",
        "4611686018427387903, 8" })
    void shortestEncodingLength(final long value, final int length)
    {
        assertEquals(length, VarInt.encodedLength(value));
        final byte[] encoded = Frames.varint(value);
        assertEquals(length, encoded.length);
        assertEquals(value, VarInt.read(encoded, 0, encoded.length));
    }
}
