package io.fw443.policy;

/**
 * Parses one CIDR prefix from ASCII bytes without regex, {@code InetAddress} or allocation.
 *
 * <p>Accepted forms: {@code a.b.c.d}, {@code a.b.c.d/len} (RFC 4632 §3.1), and the RFC 4291 §2.2
 * IPv6 text forms with an optional {@code /len} (§2.3); a bare address is a host route (/32, /128).
 * Zone ids ({@code %eth0}) are refused. The result is left in {@link #hi()}, {@link #lo()},
 * {@link #prefixLength()} and {@link #family()}; IPv4 sits in the low 32 bits of {@code lo}.
 * One instance is reused for every line of a file, so it is not thread-safe.
 */
final class CidrParser {
    private final int[] words = new int[8];
    private long hi;
    private long lo;
    private int prefixLength;
    private int family;

    long hi() {
        return hi;
    }

    long lo() {
        return lo;
    }

    int prefixLength() {
        return prefixLength;
    }

    /** {@link CidrSet#FAMILY_IPV4} or {@link CidrSet#FAMILY_IPV6} after a successful parse. */
    int family() {
        return family;
    }

    /** Parses {@code text[from, to)}, which must hold exactly one prefix (callers trim it). */
    ParseStatus parse(final byte[] text, final int from, final int to) {
        if (from < 0 || to > text.length || from >= to) {
            return ParseStatus.BAD_IPV4;
        }
        int slash = -1;
        boolean colon = false;
        for (int i = from; i < to; i++) {
            final byte c = text[i];
            if (c == '/') {
                if (slash >= 0) {
                    return ParseStatus.BAD_PREFIX_LENGTH;
                }
                slash = i;
            } else if (c == ':' && slash < 0) {
                colon = true;
            }
        }
        final int addrEnd = slash < 0 ? to : slash;
        if (colon) {
            family = CidrSet.FAMILY_IPV6;
            if (!parseV6(text, from, addrEnd)) {
                return ParseStatus.BAD_IPV6;
            }
        } else {
            family = CidrSet.FAMILY_IPV4;
            final long v4 = parseV4(text, from, addrEnd);
            if (v4 < 0) {
                return ParseStatus.BAD_IPV4;
            }
            hi = 0;
            lo = v4;
        }
        final int maxLength = family == CidrSet.FAMILY_IPV4 ? 32 : 128;
        if (slash < 0) {
            prefixLength = maxLength;
        } else {
            prefixLength = parseDecimal(text, slash + 1, to, maxLength);
            if (prefixLength < 0) {
                return ParseStatus.BAD_PREFIX_LENGTH;
            }
        }
        if (family == CidrSet.FAMILY_IPV4) {
            final long hostMask = prefixLength == 32 ? 0 : 0xFFFF_FFFFL >>> prefixLength;
            return (lo & hostMask) != 0 ? ParseStatus.HOST_BITS_SET : ParseStatus.OK;
        }
        return (hi & CidrSet.hostMaskHi(prefixLength)) != 0 || (lo & CidrSet.hostMaskLo(prefixLength)) != 0
            ? ParseStatus.HOST_BITS_SET : ParseStatus.OK;
    }

    /** Decimal 0..max with 1..3 digits, or -1. */
    private static int parseDecimal(final byte[] text, final int from, final int to, final int max) {
        final int digits = to - from;
        if (digits < 1 || digits > 3) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            final int d = text[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value <= max ? value : -1;
    }

    /** Dotted quad as an unsigned 32-bit value, or -1. Leading zeros are refused (octal ambiguity). */
    static long parseV4(final byte[] text, final int from, final int to) {
        long value = 0;
        int octets = 0;
        int i = from;
        while (true) {
            final int start = i;
            int octet = 0;
            while (i < to && text[i] >= '0' && text[i] <= '9') {
                octet = octet * 10 + (text[i] - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            final int digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && text[start] == '0')) {
                return -1;
            }
            value = (value << 8) | octet;
            octets++;
            if (i == to) {
                return octets == 4 ? value : -1;
            }
            if (text[i] != '.' || octets == 4) {
                return -1;
            }
            i++;
        }
    }

    private boolean parseV6(final byte[] text, final int from, final int to) {
        final int[] w = words;
        int count = 0;
        int gap = -1;
        int i = from;
        if (to - from >= 2 && text[from] == ':' && text[from + 1] == ':') {
            gap = 0;
            i += 2;
        } else if (i < to && text[i] == ':') {
            return false;
        }
        while (i < to) {
            final int groupStart = i;
            int value = 0;
            while (i < to) {
                final int h = hexValue(text[i]);
                if (h < 0) {
                    break;
                }
                value = (value << 4) | h;
                i++;
                if (i - groupStart > 4) {
                    return false;
                }
            }
            if (i < to && text[i] == '.') {
                // RFC 4291 §2.2 form 3: the last 32 bits as a dotted quad.
                if (count > 6) {
                    return false;
                }
                final long v4 = parseV4(text, groupStart, to);
                if (v4 < 0) {
                    return false;
                }
                w[count++] = (int) (v4 >>> 16);
                w[count++] = (int) (v4 & 0xFFFF);
                i = to;
                break;
            }
            if (i == groupStart || count == 8) {
                return false;
            }
            w[count++] = value;
            if (i == to) {
                break;
            }
            if (text[i] != ':') {
                return false;
            }
            i++;
            if (i < to && text[i] == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = count;
                i++;
            } else if (i == to) {
                return false;
            }
        }
        if (gap >= 0) {
            if (count == 8) {
                return false;
            }
            final int tail = count - gap;
            for (int k = 0; k < tail; k++) {
                w[7 - k] = w[count - 1 - k];
            }
            for (int k = gap; k < 8 - tail; k++) {
                w[k] = 0;
            }
        } else if (count != 8) {
            return false;
        }
        hi = ((long) w[0] << 48) | ((long) w[1] << 32) | ((long) w[2] << 16) | w[3];
        lo = ((long) w[4] << 48) | ((long) w[5] << 32) | ((long) w[6] << 16) | w[7];
        return true;
    }

    private static int hexValue(final byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
