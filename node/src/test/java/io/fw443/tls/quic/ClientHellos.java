package io.fw443.tls.quic;

import java.util.Arrays;

/** ClientHello handshake messages for tests, derived from the RFC 9001 A.2 ClientHello. */
final class ClientHellos
{
    /** RFC 9000 §19.6 CRYPTO frame header in A.2: type 0x06, offset 0x00, length 0x40f1. */
    private static final int A2_FRAME_HEADER = 4;
    /** RFC 7685: padding extension type. */
    private static final int PADDING_EXTENSION = 21;

    private ClientHellos()
    {
    }

    /** @return the A.2 ClientHello message (msg_type 1, uint24 length, body): the CRYPTO frame's data. */
    static byte[] rfc9001()
    {
        final byte[] frame = RfcVectors.load(RfcVectors.RFC9001).get("client_crypto_frame");
        return Arrays.copyOfRange(frame, A2_FRAME_HEADER, frame.length);
    }

    /**
     * @return the A.2 ClientHello with a padding extension of {@code paddingBytes} appended and its handshake and
     *         extensions lengths fixed up, so it stays a well-formed ClientHello of the wanted size.
     */
    static byte[] enlarged(final int paddingBytes)
    {
        final byte[] hello = rfc9001();
        int pos = 4 + 2 + 32;                                  // header, legacy_version, random
        pos += 1 + (hello[pos] & 0xff);                        // legacy_session_id
        pos += 2 + (((hello[pos] & 0xff) << 8) | (hello[pos + 1] & 0xff)); // cipher_suites
        pos += 1 + (hello[pos] & 0xff);                        // legacy_compression_methods
        final int extensionsLengthAt = pos;
        final int extensionsLength = ((hello[pos] & 0xff) << 8) | (hello[pos + 1] & 0xff);
        if (extensionsLengthAt + 2 + extensionsLength != hello.length)
        {
            throw new IllegalStateException("unexpected ClientHello layout");
        }
        final byte[] out = Arrays.copyOf(hello, hello.length + 4 + paddingBytes);
        out[hello.length] = 0;
        out[hello.length + 1] = PADDING_EXTENSION;
        out[hello.length + 2] = (byte)(paddingBytes >>> 8);
        out[hello.length + 3] = (byte)paddingBytes;
        final int newExtensionsLength = extensionsLength + 4 + paddingBytes;
        out[extensionsLengthAt] = (byte)(newExtensionsLength >>> 8);
        out[extensionsLengthAt + 1] = (byte)newExtensionsLength;
        final int bodyLength = out.length - 4;
        out[1] = (byte)(bodyLength >>> 16);
        out[2] = (byte)(bodyLength >>> 8);
        out[3] = (byte)bodyLength;
        return out;
    }

    /** @return true when {@code needle} occurs in {@code haystack[0, length)}. */
    static boolean contains(final byte[] haystack, final int length, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
