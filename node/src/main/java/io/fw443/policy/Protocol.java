package io.fw443.policy;

/** The transport protocol a rule matches, with its IANA "Assigned Internet Protocol Numbers" value. */
public enum Protocol {
    /** Any protocol; such a rule cannot name ports. */
    ANY(-1),
    /** ICMP, protocol 1 (RFC 792). */
    ICMP(1),
    /** TCP, protocol 6 (RFC 9293). */
    TCP(6),
    /** UDP, protocol 17 (RFC 768). */
    UDP(17),
    /** ICMPv6, protocol 58 (RFC 4443). */
    ICMPV6(58);

    private final int number;

    Protocol(final int number) {
        this.number = number;
    }

    /** The IP protocol number, -1 for {@link #ANY}. */
    public int number() {
        return number;
    }

    /** Whether rules of this protocol may match on ports. */
    public boolean hasPorts() {
        return this == TCP || this == UDP;
    }
}
