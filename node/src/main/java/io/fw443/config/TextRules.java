package io.fw443.config;

import java.net.IDN;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Shapes of the names and strings a config may contain, each with the sentence that explains it. */
final class TextRules {

    static final Pattern NODE_ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");
    static final String NODE_ID_RULE = "1..32 lower-case letters, digits or '-' (not at either end), e.g. fw-a";

    /** Names of interfaces, zones, sets, rules and sync groups. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    static final String NAME_RULE = "a lower-case letter, then up to 62 lower-case letters, digits, '-' or '_'";

    /** Linux device names: IFNAMSIZ is 16 including the terminating NUL. */
    static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");
    static final String DEVICE_RULE = "1..15 characters of letters, digits, '_', '.', '@' or '-' (Linux IFNAMSIZ)";

    static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String CLUSTER_NAME_RULE = "1..64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
    static final String ENV_NAME_RULE = "an environment variable name: upper-case letters, digits and '_'";

    /** Maximum DNS name length in text form (RFC 1035 §2.3.4, 255 octets on the wire). */
    private static final int MAX_DNS_NAME = 253;
    /** Maximum DNS label length (RFC 1035 §2.3.4). */
    private static final int MAX_DNS_LABEL = 63;
    /** ALPN protocol ids are 1..255 bytes (RFC 7301 §3.1). */
    private static final int MAX_ALPN = 255;

    /** JA4 "a" part TLS version codes (FoxIO JA4 technical details, "TLS and DTLS Version"). */
    private static final Set<String> JA4_VERSIONS =
            Set.of("13", "12", "11", "10", "s3", "s2", "s1", "d1", "d2", "d3", "00");
    static final String JA4_FORM = "(t|q|d)(version 13|12|11|10|s3|s2|s1|d1|d2|d3|00)(d|i)(2-digit cipher count)"
            + "(2-digit extension count)(2 ALPN characters)_(12 lower-case hex)_(12 lower-case hex),"
            + " e.g. t13d1516h2_8daaf6152771_b186095e22b6";

    private TextRules() {
    }

    /**
     * A server name for SNI matching: an exact DNS name or {@code *.suffix}, compared case-insensitively,
     * so it is returned in lower case. Only ASCII (IDNA A-labels) is accepted, because that is what a
     * ClientHello carries (RFC 6066 §3); for a U-label the message suggests the A-label.
     */
    static Parsed<String> sniPattern(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7E || text.charAt(i) < 0x20) {
                return Parsed.bad("'" + IpAddress.abbreviate(text) + "' is not ASCII: a ClientHello carries IDNA"
                        + " A-labels (RFC 6066 §3)" + aLabelHint(text));
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean wildcard = lower.startsWith("*.");
        String name = wildcard ? lower.substring(2) : lower;
        if (name.indexOf('*') >= 0) {
            return Parsed.bad("'" + text + "': a wildcard is only allowed as the whole first label, e.g. *.example.test");
        }
        if (name.endsWith(".")) {
            return Parsed.bad("'" + text + "': write the name without the trailing dot");
        }
        if (name.isEmpty() || name.length() > MAX_DNS_NAME) {
            return Parsed.bad("'" + IpAddress.abbreviate(text) + "' is not a DNS name: 1.." + MAX_DNS_NAME + " characters");
        }
        String lastLabel = "";
        for (String label : name.split("\\.", -1)) {
            if (!isLdhLabel(label)) {
                return Parsed.bad("'" + IpAddress.abbreviate(text) + "' has a bad label '" + IpAddress.abbreviate(label)
                        + "': labels are 1.." + MAX_DNS_LABEL + " letters, digits or '-' (not at either end)");
            }
            lastLabel = label;
        }
        if (lastLabel.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Parsed.bad("'" + text + "' looks like an IP address; SNI carries host names only (RFC 6066 §3)");
        }
        return Parsed.ok(lower);
    }

    private static String aLabelHint(String text) {
        try {
            String ascii = IDN.toASCII(text, IDN.USE_STD3_ASCII_RULES);
            return "; did you mean '" + ascii.toLowerCase(Locale.ROOT) + "'?";
        } catch (IllegalArgumentException notConvertible) {
            return "; convert it to its xn-- form (e.g. with idn2)";
        }
    }

    private static boolean isLdhLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_DNS_LABEL
                || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** An ALPN protocol id (RFC 7301 §3.1) as printable ASCII without spaces, e.g. h2, http/1.1. */
    static Parsed<String> alpn(String text) {
        if (text.isEmpty() || text.length() > MAX_ALPN) {
            return Parsed.bad("'" + IpAddress.abbreviate(text) + "' is not an ALPN protocol id: 1.." + MAX_ALPN
                    + " printable ASCII characters, e.g. h2, http/1.1, h3");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return Parsed.bad("'" + IpAddress.abbreviate(text) + "' is not an ALPN protocol id: only printable"
                        + " ASCII without spaces is accepted, e.g. h2, http/1.1, h3");
            }
        }
        return Parsed.ok(text);
    }

    /** A JA4 TLS client fingerprint; says which part is wrong. */
    static Parsed<String> ja4(String text) {
        String bad = "'" + IpAddress.abbreviate(text) + "' is not a JA4 fingerprint: ";
        if (text.length() != 36) {
            return Parsed.bad(bad + "expected 36 characters " + JA4_FORM);
        }
        if ("tqd".indexOf(text.charAt(0)) < 0) {
            return Parsed.bad(bad + "the first character must be t (TLS over TCP), q (QUIC) or d (DTLS)");
        }
        if (!JA4_VERSIONS.contains(text.substring(1, 3))) {
            return Parsed.bad(bad + "'" + text.substring(1, 3) + "' is not a version code; allowed "
                    + "13, 12, 11, 10, s3, s2, s1, d1, d2, d3, 00");
        }
        if (text.charAt(3) != 'd' && text.charAt(3) != 'i') {
            return Parsed.bad(bad + "the 4th character must be d (SNI present) or i (no SNI)");
        }
        if (!allIn(text, 4, 8, "0123456789")) {
            return Parsed.bad(bad + "characters 5-8 must be the 2-digit cipher and extension counts");
        }
        if (!allIn(text, 8, 10, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) {
            return Parsed.bad(bad + "characters 9-10 must be the two alphanumeric ALPN characters (00 for none)");
        }
        if (text.charAt(10) != '_' || text.charAt(23) != '_') {
            return Parsed.bad(bad + "expected '_' after the 10th and the 23rd character: " + JA4_FORM);
        }
        if (!allIn(text, 11, 23, "0123456789abcdef") || !allIn(text, 24, 36, "0123456789abcdef")) {
            return Parsed.bad(bad + "the two hash parts must be 12 lower-case hex digits each");
        }
        return Parsed.ok(text);
    }

    private static boolean allIn(String text, int from, int to, String allowed) {
        for (int i = from; i < to; i++) {
            if (allowed.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
