package io.fw443.mgmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpReplyDecoderTest {
    private static final String OK = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n"
            + "{\"a\":\"b\"}\r\n";

    private static HttpReplyDecoder.Result decode(String s, boolean eof) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return HttpReplyDecoder.decode(b, b.length, eof);
    }

    @Test
    void aCompleteReplyDecodes() {
        HttpReplyDecoder.Decoded d = assertInstanceOf(HttpReplyDecoder.Decoded.class, decode(OK, false));
        assertEquals(200, d.reply().status());
        assertEquals("application/json", d.reply().contentType());
        assertEquals("{\"a\":\"b\"}\r\n", d.reply().text());
    }

    @Test
    void everyPrefixNeedsMoreAndIsMalformedAtEndOfStream() {
        byte[] all = OK.getBytes(StandardCharsets.ISO_8859_1);
        for (int len = 0; len < all.length; len++) {
            byte[] prefix = Arrays.copyOf(all, all.length);
            assertInstanceOf(HttpReplyDecoder.NeedMore.class, HttpReplyDecoder.decode(prefix, len, false), "len " + len);
            assertInstanceOf(HttpReplyDecoder.Malformed.class, HttpReplyDecoder.decode(prefix, len, true), "len " + len);
        }
    }

    @Test
    void withoutALengthTheBodyRunsToTheEndOfTheStream() {
        String reply = "HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\ndown";
        assertInstanceOf(HttpReplyDecoder.NeedMore.class, decode(reply, false));
        HttpReplyDecoder.Decoded d = assertInstanceOf(HttpReplyDecoder.Decoded.class, decode(reply, true));
        assertEquals(503, d.reply().status());
        assertArrayEquals("down".getBytes(StandardCharsets.US_ASCII), d.reply().body());
    }

    @Test
    void bytesAfterTheBodyAreNotPartOfIt() {
        HttpReplyDecoder.Decoded d = assertInstanceOf(HttpReplyDecoder.Decoded.class, decode(OK + "HTTP/1.1", false));
        assertEquals(11, d.reply().body().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1 200OK\r\n\r\n",
        "http/1.1 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\n: empty name\r\n\r\n",
        "HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 16777217\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"})
    void malformedRepliesAreRefused(String reply) {
        assertInstanceOf(HttpReplyDecoder.Malformed.class, decode(reply, true));
    }

    @Test
    void endlessHeadersAreRefusedWithoutWaitingForTheEnd() {
        String reply = "HTTP/1.1 200 OK\r\n" + "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(400);
        HttpReplyDecoder.Malformed m = assertInstanceOf(HttpReplyDecoder.Malformed.class, decode(reply, false));
        assertTrue(m.reason().contains("headers longer than"), m.reason());
    }

    @Test
    void aRepeatedEqualLengthIsAccepted() {
        assertInstanceOf(HttpReplyDecoder.Decoded.class,
                decode("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\ncontent-length: 0\r\n\r\n", false));
    }
}
