package io.fw443.config;

/**
 * A unicast Ethernet MAC address written {@code 02:00:5e:10:00:01}.
 *
 * @param value the 48-bit address in the low bits, first octet most significant
 */
public record MacAddress(long value) {

    private static final long MAC_MASK = 0xFFFF_FFFF_FFFFL;

    public MacAddress {
        if ((value & ~MAC_MASK) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits");
        }
    }

    /**
     * Parses six two-digit hex octets separated by colons. Group (multicast) addresses, whose
     * I/G bit (least significant bit of the first octet, IEEE 802 §8.2) is set, and the all-zero
     * address cannot be an interface's address and are refused.
     */
    public static Parsed<MacAddress> parse(String text) {
        String expected = "expected six two-digit hex octets separated by ':', e.g. 02:00:5e:10:00:01";
        if (text == null || text.length() != 17) {
            return Parsed.bad("'" + IpAddress.abbreviate(String.valueOf(text)) + "' is not a MAC address: " + expected);
        }
        long value = 0;
        for (int octet = 0; octet < 6; octet++) {
            int at = octet * 3;
            int hi = hexDigit(text.charAt(at));
            int lo = hexDigit(text.charAt(at + 1));
            if (hi < 0 || lo < 0 || (octet < 5 && text.charAt(at + 2) != ':')) {
                return Parsed.bad("'" + text + "' is not a MAC address: " + expected);
            }
            value = (value << 8) | (hi << 4) | lo;
        }
        if ((value >>> 40 & 1) != 0) {
            return Parsed.bad("'" + text + "' is a group (multicast) address; an interface needs a unicast"
                    + " MAC (first octet even), e.g. 02:00:5e:10:00:01");
        }
        if (value == 0) {
            return Parsed.bad("'" + text + "' is the all-zero MAC address; an interface needs a unicast"
                    + " MAC, e.g. 02:00:5e:10:00:01");
        }
        return Parsed.ok(new MacAddress(value));
    }

    private static int hexDigit(char c) {
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            int octet = (int) (value >>> shift) & 0xFF;
            sb.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
        }
        return sb.toString();
    }
}
