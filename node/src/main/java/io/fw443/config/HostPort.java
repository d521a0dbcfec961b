package io.fw443.config;

/**
 * A literal address and a TCP/UDP port, written {@code 203.0.113.2:7800} or {@code [2001:db8::2]:7800}.
 *
 * @param address the literal address (never a resolved name)
 * @param port 1..65535
 */
public record HostPort(IpAddress address, int port) {

    public HostPort {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " outside 1..65535");
        }
    }

    /** Parses {@code addr:port}; IPv6 addresses go in brackets. Host names are refused, never resolved. */
    public static Parsed<HostPort> parse(String text) {
        String expected = "expected address:port with a literal address, e.g. 203.0.113.3:7800 or [2001:db8::3]:7800";
        if (text == null || text.isEmpty()) {
            return Parsed.bad(expected);
        }
        String host;
        String port;
        if (text.charAt(0) == '[') {
            int close = text.indexOf("]:");
            if (close < 0) {
                return Parsed.bad("'" + IpAddress.abbreviate(text) + "': " + expected);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
            if (host.indexOf(':') < 0) {
                return Parsed.bad("'" + text + "': brackets are only for IPv6 addresses; write "
                        + host + ":" + port);
            }
        } else {
            int colon = text.indexOf(':');
            if (colon < 0) {
                return Parsed.bad("'" + IpAddress.abbreviate(text) + "' has no port: " + expected);
            }
            if (text.indexOf(':', colon + 1) >= 0) {
                return Parsed.bad("'" + IpAddress.abbreviate(text)
                        + "': write an IPv6 address in brackets, e.g. [2001:db8::3]:7800");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        Parsed<IpAddress> address = IpAddress.parse(host);
        if (!address.ok()) {
            return Parsed.bad(address.error());
        }
        boolean digits = !port.isEmpty() && port.length() <= 5;
        for (int i = 0; i < port.length() && digits; i++) {
            digits = port.charAt(i) >= '0' && port.charAt(i) <= '9';
        }
        if (!digits || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
            return Parsed.bad("'" + IpAddress.abbreviate(text) + "' has a bad port '" + IpAddress.abbreviate(port)
                    + "': allowed 1..65535");
        }
        return Parsed.ok(new HostPort(address.value(), Integer.parseInt(port)));
    }

    @Override
    public String toString() {
        return address.isV4() ? address + ":" + port : "[" + address + "]:" + port;
    }
}
