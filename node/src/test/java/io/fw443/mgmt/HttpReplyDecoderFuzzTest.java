package io.fw443.mgmt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Whatever is on the socket, the client's decoder returns a result and never throws; a decoded body never claims
 * more bytes than arrived. Seeds: a JSON reply, a reply without a length, a chunked one, a split header.
 */
class HttpReplyDecoderFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void decodeNeverThrows(byte[] input) {
        check(HttpReplyDecoder.decode(input, input.length, false), input.length);
        check(HttpReplyDecoder.decode(input, input.length, true), input.length);
    }

    private static void check(HttpReplyDecoder.Result r, int received) {
        if (r instanceof HttpReplyDecoder.Decoded) {
            HttpReplyDecoder.Decoded d = (HttpReplyDecoder.Decoded) r;
            assertTrue(d.reply().body().length <= received);
            assertTrue(d.reply().status() >= 100 && d.reply().status() <= 999);
        }
    }
}
