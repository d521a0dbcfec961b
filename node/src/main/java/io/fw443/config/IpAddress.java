package io.fw443.config;

/**
 * A literal IPv4 or IPv6 address, parsed by our own code so that no text in a config file can ever
 * trigger a DNS lookup (InetAddress.getByName resolves names).
 *
 * <p>Both families live in 128 bits: an IPv6 address is {@code high:low}; an IPv4 address is held in
 * the low 32 bits of {@code low} with {@code high == 0}. The family says which.
 *
 * @param family IPv4 or IPv6
 * @param high the upper 64 bits (IPv6 only, 0 for IPv4)
 * @param low the lower 64 bits (for IPv4 the address in the low 32 bits)
 */
public record IpAddress(Family family, long high, long low) implements Comparable<IpAddress> {

    /** Address family, with its bit length. */
    public enum Family {
        IPV4(32),
        IPV6(128);

        private final int bits;

        Family(int bits) {
            this.bits = bits;
        }

        /** Address length in bits: 32 or 128. */
        public int bits() {
            return bits;
        }
    }

    /** Longest literal we look at: a full IPv6 address with an embedded IPv4 tail is 45 characters. */
    private static final int MAX_TEXT_LENGTH = 45;
    private static final long IPV4_MASK = 0xFFFF_FFFFL;

    public IpAddress {
        if (family == Family.IPV4 && (high != 0 || (low & ~IPV4_MASK) != 0)) {
            throw new IllegalArgumentException("an IPv4 address has 32 bits");
        }
    }

    /**
     * Parses a literal address: dotted-quad IPv4 (no leading zeros, they read as octal in some tools)
     * or IPv6 in RFC 4291 §2.2 text form (with {@code ::} and an optional dotted-quad tail; no zone id).
     * Host names are refused, never resolved.
     */
    public static Parsed<IpAddress> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Parsed.bad("an empty string is not an IP address");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            return Parsed.bad("'" + abbreviate(text) + "' is too long to be an IP address");
        }
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        Parsed<IpAddress> v4 = parseV4(text);
        if (!v4.ok() && looksLikeHostName(text)) {
            return Parsed.bad("'" + text + "' is not an IP address literal (host names are never resolved;"
                    + " write an address such as 192.0.2.10 or 2001:db8::10)");
        }
        return v4;
    }

    private static Parsed<IpAddress> parseV4(String text) {
        long value = 0;
        int parts = 0;
        int i = 0;
        while (i <= text.length()) {
            int end = text.indexOf('.', i);
            if (end < 0) {
                end = text.length();
            }
            String part = text.substring(i, end);
            if (part.isEmpty() || part.length() > 3 || !allDigits(part)) {
                return Parsed.bad("'" + text + "' is not an IPv4 address: expected four decimal numbers 0..255"
                        + " separated by dots, e.g. 192.0.2.10");
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                return Parsed.bad("'" + text + "' is not an IPv4 address: '" + part
                        + "' has a leading zero (read as octal by some tools); write it without");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return Parsed.bad("'" + text + "' is not an IPv4 address: " + octet + " is outside 0..255");
            }
            value = (value << 8) | octet;
            parts++;
            i = end + 1;
            if (parts > 4) {
                break;
            }
        }
        if (parts != 4) {
            return Parsed.bad("'" + text + "' is not an IPv4 address: expected four decimal numbers 0..255"
                    + " separated by dots, e.g. 192.0.2.10");
        }
        return Parsed.ok(new IpAddress(Family.IPV4, 0, value));
    }

    private static Parsed<IpAddress> parseV6(String text) {
        String invalid = "'" + text + "' is not an IPv6 address: ";
        if (text.indexOf('%') >= 0) {
            return Parsed.bad(invalid + "zone ids (%...) are not allowed; the interface is configured separately");
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return Parsed.bad(invalid + "'::' may appear only once");
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = new int[9];
        int[] tailGroups = new int[9];
        int headCount = groups(head, doubleColon < 0, headGroups);
        int tailCount = groups(tail, true, tailGroups);
        if (headCount < 0 || tailCount < 0) {
            return Parsed.bad(invalid + "expected up to eight groups of 1-4 hex digits separated by ':',"
                    + " '::' for a run of zero groups, e.g. 2001:db8::10");
        }
        int total = headCount + tailCount;
        if (doubleColon >= 0 ? total > 7 : total != 8) {
            return Parsed.bad(invalid + (doubleColon >= 0 ? "too many groups around '::'"
                    : "expected eight groups, or '::' for a run of zero groups"));
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headCount);
        System.arraycopy(tailGroups, 0, all, 8 - tailCount, tailCount);
        long high = 0;
        long low = 0;
        for (int g = 0; g < 4; g++) {
            high = (high << 16) | all[g];
            low = (low << 16) | all[g + 4];
        }
        return Parsed.ok(new IpAddress(Family.IPV6, high, low));
    }

    /**
     * Splits one side of an IPv6 literal into 16-bit groups.
     *
     * @return the number of groups written to {@code out}, or -1 when the text is malformed
     */
    private static int groups(String part, boolean ipv4TailAllowed, int[] out) {
        if (part.isEmpty()) {
            return 0;
        }
        int count = 0;
        int i = 0;
        while (true) {
            int end = part.indexOf(':', i);
            boolean last = end < 0;
            if (last) {
                end = part.length();
            }
            String group = part.substring(i, end);
            if (last && ipv4TailAllowed && group.indexOf('.') >= 0) {
                Parsed<IpAddress> v4 = parseV4(group);
                if (!v4.ok() || count > 6) {
                    return -1;
                }
                out[count++] = (int) (v4.value().low() >>> 16);
                out[count++] = (int) (v4.value().low() & 0xFFFF);
                return count;
            }
            if (group.isEmpty() || group.length() > 4 || !allHex(group) || count == 8) {
                return -1;
            }
            out[count++] = Integer.parseInt(group, 16);
            if (last) {
                return count;
            }
            i = end + 1;
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean allHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeHostName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                return true;
            }
        }
        return false;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** True for IPv4. */
    public boolean isV4() {
        return family == Family.IPV4;
    }

    /** This address with all bits after the first {@code prefixLength} cleared. */
    public IpAddress masked(int prefixLength) {
        return new IpAddress(family, high & maskHigh(prefixLength), low & maskLow(prefixLength));
    }

    /** This address with all bits after the first {@code prefixLength} set. */
    IpAddress withHostBitsSet(int prefixLength) {
        long lowWidth = isV4() ? IPV4_MASK : -1L;
        return new IpAddress(family, isV4() ? 0 : high | ~maskHigh(prefixLength),
                (low | ~maskLow(prefixLength)) & lowWidth);
    }

    private long maskHigh(int prefixLength) {
        if (isV4()) {
            return 0;
        }
        if (prefixLength >= 64) {
            return -1L;
        }
        return prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
    }

    private long maskLow(int prefixLength) {
        if (isV4()) {
            return prefixLength == 0 ? 0 : (IPV4_MASK << (32 - prefixLength)) & IPV4_MASK;
        }
        return prefixLength <= 64 ? 0 : -1L << (128 - prefixLength);
    }

    /** Loopback: 127.0.0.0/8 or ::1. */
    public boolean isLoopback() {
        return isV4() ? (low >>> 24) == 127 : high == 0 && low == 1;
    }

    /** Multicast: 224.0.0.0/4 or ff00::/8. */
    public boolean isMulticast() {
        return isV4() ? (low >>> 28) == 0xE : (high >>> 56) == 0xFF;
    }

    /** The all-zero address of the family. */
    public boolean isUnspecified() {
        return high == 0 && low == 0;
    }

    @Override
    public int compareTo(IpAddress other) {
        int byFamily = family.compareTo(other.family);
        if (byFamily != 0) {
            return byFamily;
        }
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    /** Dotted quad for IPv4; RFC 5952 canonical text for IPv6 (lower case, longest zero run as {@code ::}). */
    @Override
    public String toString() {
        if (isV4()) {
            return (low >>> 24) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "." + (low & 0xFF);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            g[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952 §5: IPv4-mapped addresses are written with a dotted-quad tail.
        boolean mapped = high == 0 && g[4] == 0 && g[5] == 0xFFFF;
        int groups = mapped ? 6 : 8;
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups && g[j] == 0) {
                j++;
            }
            // RFC 5952 §4.2.2/§4.2.3: compress only runs of two or more, the first of equal runs.
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < groups; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        if (mapped) {
            if (sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append((low >>> 24) & 0xFF).append('.').append((low >>> 16) & 0xFF).append('.')
                    .append((low >>> 8) & 0xFF).append('.').append(low & 0xFF);
        }
        return sb.toString();
    }
}
