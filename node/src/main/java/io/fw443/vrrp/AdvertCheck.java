package io.fw443.vrrp;

/** Verdict of {@link AdvertValidator} on one received packet; each has its own counter. */
public enum AdvertCheck {
    /** A valid advert for this group: feed it to the machine. */
    OK(false),
    /** Shorter than the IP header, the IP length fields, the VRRP header or the address list claims. */
    TRUNCATED(true),
    /** Not an IP packet of this group's family (IP version field). */
    WRONG_FAMILY(false),
    /** Not VRRP: another protocol, an IPv6 extension header first, or an IPv4 fragment. */
    NOT_VRRP(false),
    /** TTL / hop limit is not 255, so it may come from off-link (RFC 5798 §7.1). */
    BAD_TTL(true),
    /** VRRP version is not 3 (RFC 5798 §7.1); a VRRPv2 speaker on the link lands here. */
    BAD_VERSION(true),
    /** Type is not ADVERTISEMENT (RFC 5798 §5.2.2). */
    BAD_TYPE(true),
    /** Another virtual router on the same link: not an error, just not ours (RFC 5798 §7.1). */
    WRONG_VRID(false),
    /** The VRRP part is longer than its header and address list (keepalived drops these too). */
    BAD_LENGTH(true),
    /**
     * The VRRP checksum over pseudo-header and advert does not verify (RFC 5798 §5.2.8, §7.1), or the
     * IPv4 header checksum does not (RFC 791 §3.1).
     */
    BAD_CHECKSUM(true),
    /** Max Adver Int is 0, which would make Master_Down_Interval collapse to Skew_Time. */
    BAD_INTERVAL(true),
    /**
     * Count or addresses differ from ours (RFC 5798 §7.1 "MAY verify"). Dropped, as keepalived does:
     * two routers that disagree on the VIPs must not elect each other.
     */
    ADDRESS_LIST_MISMATCH(true);

    private final boolean error;

    AdvertCheck(boolean error) {
        this.error = error;
    }

    /** True for a malformed or misconfigured advert worth a log line; false for OK and foreign traffic. */
    public boolean isError() {
        return error;
    }
}
