package io.fw443.packet;

/**
 * IP protocol / IPv6 Next Header numbers used by the parser (IANA "Assigned Internet Protocol Numbers";
 * extension-header set per RFC 8200 §4 and RFC 7045 §2).
 */
public final class IpProtocols {
    /** IPv6 Hop-by-Hop Options, RFC 8200 §4.3. */
    public static final int HOP_BY_HOP = 0;
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    /** IPv6 Routing header, RFC 8200 §4.4. */
    public static final int ROUTING = 43;
    /** IPv6 Fragment header, RFC 8200 §4.5. */
    public static final int FRAGMENT = 44;
    /** Encapsulating Security Payload, RFC 4303: opaque, ends the walk. */
    public static final int ESP = 50;
    /** Authentication Header, RFC 4302 §2.2: length in 4-octet units minus 2. */
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    /** No Next Header, RFC 8200 §4.7. */
    public static final int NO_NEXT_HEADER = 59;
    /** IPv6 Destination Options, RFC 8200 §4.6. */
    public static final int DESTINATION_OPTIONS = 60;
    /** VRRP, RFC 5798 §5.2.4. */
    public static final int VRRP = 112;
    /** Mobility header, RFC 6275 §6.1. */
    public static final int MOBILITY = 135;
    /** Host Identity Protocol, RFC 7401 §5.1. */
    public static final int HIP = 139;
    /** Shim6, RFC 5533 §5. */
    public static final int SHIM6 = 140;

    private IpProtocols() {
    }

    /**
     * True for the IPv6 extension headers that share the "Next Header, Hdr Ext Len" prefix and are walked to reach
     * the upper-layer protocol (RFC 7045 §2). ESP is not: what follows it is encrypted.
     */
    public static boolean isIpv6ExtensionHeader(int nextHeader) {
        switch (nextHeader) {
            case HOP_BY_HOP:
            case ROUTING:
            case FRAGMENT:
            case AH:
            case DESTINATION_OPTIONS:
            case MOBILITY:
            case HIP:
            case SHIM6:
                return true;
            default:
                return false;
        }
    }
}
