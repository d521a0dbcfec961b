package io.fw443.mgmt;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes one HTTP/1.1 response (RFC 9112) from the bytes read so far: a pure function of (bytes, end of stream),
 * so the client can call it after every read and a fuzzer can call it on anything. It accepts what the management
 * server sends (a Content-Length, or a body up to the end of the stream) and refuses the rest: chunked transfer
 * coding, conflicting lengths, oversized headers or bodies, malformed lines.
 */
final class HttpReplyDecoder {
    /** Bound on the status line and headers together. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Bound on a body: a full page of flows is well under 1 MiB. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private HttpReplyDecoder() {
    }

    /** The result of one decoding attempt. */
    sealed interface Result permits NeedMore, Decoded, Malformed {
    }

    /** Not all of the response has arrived yet. */
    record NeedMore() implements Result {
    }

    record Decoded(ManagementClient.Reply reply) implements Result {
    }

    record Malformed(String reason) implements Result {
    }

    private static final NeedMore NEED_MORE = new NeedMore();

    /**
     * @param buf bytes received, starting at index 0
     * @param len how many of them are valid
     * @param eof whether the peer closed its side (no more bytes will come)
     */
    static Result decode(byte[] buf, int len, boolean eof) {
        if (len < 0 || len > buf.length) {
            return new Malformed("bad buffer length");
        }
        int headerEnd = indexOfBlankLine(buf, Math.min(len, MAX_HEADER_BYTES + 4));
        if (headerEnd < 0) {
            if (len >= MAX_HEADER_BYTES + 4) {
                return new Malformed("response headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            return eof ? new Malformed("connection closed before the response headers ended") : NEED_MORE;
        }
        String head = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n", -1);
        int status = statusCode(lines[0]);
        if (status < 0) {
            return new Malformed("bad status line: " + printable(lines[0]));
        }
        long contentLength = -1;
        String contentType = "";
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, colon)) {
                return new Malformed("bad header line: " + printable(line));
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                long n = parseLength(value);
                if (n < 0 || (contentLength >= 0 && contentLength != n)) {
                    return new Malformed("bad or conflicting Content-Length: " + printable(value));
                }
                contentLength = n;
            } else if (name.equals("transfer-encoding")) {
                return new Malformed("unsupported Transfer-Encoding: " + printable(value));
            } else if (name.equals("content-type")) {
                contentType = value;
            }
        }
        if (contentLength > MAX_BODY_BYTES) {
            return new Malformed("body of " + contentLength + " bytes exceeds " + MAX_BODY_BYTES);
        }
        int bodyStart = headerEnd + 4;
        int available = len - bodyStart;
        if (contentLength < 0) {
            // RFC 9112 §6.3 rule 8: without a length, the body runs to the end of the connection.
            if (available > MAX_BODY_BYTES) {
                return new Malformed("body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            return eof ? decoded(status, contentType, buf, bodyStart, available) : NEED_MORE;
        }
        if (available < contentLength) {
            return eof ? new Malformed("connection closed after " + available + " of " + contentLength
                    + " body bytes") : NEED_MORE;
        }
        return decoded(status, contentType, buf, bodyStart, (int) contentLength);
    }

    private static Decoded decoded(int status, String contentType, byte[] buf, int from, int length) {
        byte[] body = new byte[length];
        System.arraycopy(buf, from, body, 0, length);
        return new Decoded(new ManagementClient.Reply(status, contentType, body));
    }

    /** Index of the CR of the first CRLFCRLF within {@code len} bytes, or -1. */
    private static int indexOfBlankLine(byte[] buf, int len) {
        for (int i = 0; i + 3 < len; i++) {
            if (buf[i] == CR && buf[i + 1] == LF && buf[i + 2] == CR && buf[i + 3] == LF) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]; -1 if malformed. */
    private static int statusCode(String line) {
        if (line.length() < 12 || !line.startsWith("HTTP/1.") || !Character.isDigit(line.charAt(7))
                || line.charAt(8) != ' ' || (line.length() > 12 && line.charAt(12) != ' ')) {
            return -1;
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + (c - '0');
        }
        return code >= 100 ? code : -1;
    }

    private static long parseLength(String value) {
        if (value.isEmpty() || value.length() > 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** RFC 9110 §5.6.2 tchar. */
    private static boolean isToken(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
