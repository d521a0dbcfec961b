package io.fw443.config;

/**
 * An address with a prefix length, as written in config: an interface address ({@code 192.0.2.2/24},
 * host bits set), a VIP, or a network ({@code 198.51.100.0/24}, host bits zero) in a route or a set.
 *
 * @param address the address as written (host bits kept)
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(IpAddress address, int prefixLength) {

    public Cidr {
        if (prefixLength < 0 || prefixLength > address.family().bits()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " outside 0.."
                    + address.family().bits());
        }
    }

    /**
     * Parses {@code address/prefix}. A bare address is taken as a host prefix (/32 or /128) unless
     * {@code prefixRequired}.
     */
    public static Parsed<Cidr> parse(String text, boolean prefixRequired) {
        if (text == null) {
            return Parsed.bad("expected a CIDR such as 192.0.2.0/24 or 2001:db8::/32");
        }
        int slash = text.indexOf('/');
        Parsed<IpAddress> address = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
        if (!address.ok()) {
            return Parsed.bad(address.error());
        }
        int bits = address.value().family().bits();
        if (slash < 0) {
            if (prefixRequired) {
                return Parsed.bad("'" + text + "' has no prefix length: write it as address/prefix, e.g. "
                        + (bits == 32 ? "192.0.2.2/24" : "2001:db8::2/64"));
            }
            return Parsed.ok(new Cidr(address.value(), bits));
        }
        String prefix = text.substring(slash + 1);
        boolean digits = !prefix.isEmpty() && prefix.length() <= 3;
        for (int i = 0; i < prefix.length() && digits; i++) {
            digits = prefix.charAt(i) >= '0' && prefix.charAt(i) <= '9';
        }
        if (!digits || Integer.parseInt(prefix) > bits || (prefix.length() > 1 && prefix.charAt(0) == '0')) {
            return Parsed.bad("'" + IpAddress.abbreviate(text) + "' has a bad prefix length '" + IpAddress.abbreviate(prefix)
                    + "': allowed 0.." + bits + " for " + (bits == 32 ? "IPv4" : "IPv6"));
        }
        return Parsed.ok(new Cidr(address.value(), Integer.parseInt(prefix)));
    }

    /** The network this prefix names (host bits cleared). */
    public Cidr network() {
        return new Cidr(address.masked(prefixLength), prefixLength);
    }

    /** True when no host bits are set, as a route destination or a set entry must be written. */
    public boolean isNetwork() {
        return address.equals(address.masked(prefixLength));
    }

    /** True when {@code other} is of the same family and inside this prefix. */
    public boolean contains(IpAddress other) {
        return other.family() == address.family()
                && other.masked(prefixLength).equals(address.masked(prefixLength));
    }

    /** True when the two prefixes share at least one address. */
    public boolean overlaps(Cidr other) {
        if (other.address.family() != address.family()) {
            return false;
        }
        int shorter = Math.min(prefixLength, other.prefixLength);
        return address.masked(shorter).equals(other.address.masked(shorter));
    }

    /**
     * For an IPv4 prefix shorter than /31, the network and broadcast addresses cannot be an interface's
     * own address (RFC 3021 makes /31 and /32 exceptions).
     */
    public boolean isNetworkOrBroadcastOfV4Subnet() {
        if (!address.isV4() || prefixLength >= 31) {
            return false;
        }
        return isNetwork() || address.equals(address.withHostBitsSet(prefixLength));
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
