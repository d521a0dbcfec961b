package io.fw443.tls;

/**
 * The one-byte ALPN code a flow record keeps ({@code FlowRecord.alpn}): the client's first offered protocol, for
 * flow listings. Names from the IANA "TLS Application-Layer Protocol Negotiation (ALPN) Protocol IDs" registry
 * (RFC 7301 §6).
 */
public final class AlpnCode {
    /** No ALPN extension, or an empty list. */
    public static final int NONE = 0;
    public static final int HTTP_1_1 = 1;
    public static final int H2 = 2;
    public static final int H3 = 3;
    /** A protocol not in the table above. */
    public static final int OTHER = 255;

    private static final byte[][] NAMES = {
        null, "http/1.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), {'h', '2'}, {'h', '3'}};

    private AlpnCode() {
    }

    /** The code of the hello's first ALPN protocol (no allocation). */
    public static int of(ClientHelloInfo hello) {
        if (hello.alpnCount() == 0) {
            return NONE;
        }
        int len = hello.alpnLength(0);
        for (int code = 1; code < NAMES.length; code++) {
            byte[] name = NAMES[code];
            if (name.length == len && matches(hello, name)) {
                return code;
            }
        }
        return OTHER;
    }

    /** A display name: the protocol id, "-" for none, "other". */
    public static String name(int code) {
        return switch (code) {
            case NONE -> "-";
            case HTTP_1_1 -> "http/1.1";
            case H2 -> "h2";
            case H3 -> "h3";
            default -> "other";
        };
    }

    private static boolean matches(ClientHelloInfo hello, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (hello.alpnByte(0, i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
