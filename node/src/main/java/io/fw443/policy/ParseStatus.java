package io.fw443.policy;

/** Outcome of parsing one CIDR text; everything but {@link #OK} is a reason to reject the line. */
public enum ParseStatus {
    /** A valid IPv4 or IPv6 prefix. */
    OK,
    /** Not a dotted quad of decimal octets 0..255 without leading zeros (RFC 4632 §3.1 notation). */
    BAD_IPV4,
    /** Not an RFC 4291 §2.2 text address (groups, one "::", optional trailing dotted quad). */
    BAD_IPV6,
    /** Prefix length missing after '/', not decimal, or above 32 (IPv4) / 128 (IPv6). */
    BAD_PREFIX_LENGTH,
    /** Bits beyond the prefix length are set, e.g. 192.0.2.1/24: probably a typo, so refused. */
    HOST_BITS_SET,
    /** Something other than a comment follows the prefix on the same line. */
    TRAILING_TEXT,
    /** The line does not fit the loader's buffer; it is skipped whole. */
    LINE_TOO_LONG
}
