package io.fw443.mgmt;

import io.fw443.conntrack.TcpState;
import io.fw443.conntrack.UdpState;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The filters of {@code GET /flows}, validated. Every filter left null matches everything; given filters must all
 * match. Parsing never resolves names: addresses must be IPv4 or IPv6 literals.
 *
 * @param address matches when either end of the flow has this address
 * @param src     matches the initiator's address
 * @param dst     matches the responder's address
 * @param port    matches when either end has this port
 * @param sni     an exact server name or a {@code *.suffix} pattern
 * @param state   a conntrack state name, lower case
 * @param limit   page size, 1..{@value #MAX_LIMIT}
 * @param cursor  the previous page's {@code nextCursor}, opaque to everyone but the backend
 */
public record FlowQuery(InetAddress address, InetAddress src, InetAddress dst, Integer port, SniPattern sni,
        String state, int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** The query parameters {@code GET /flows} accepts, in documentation order. */
    public static final List<String> PARAMETERS =
            List.of("address", "src", "dst", "port", "sni", "state", "limit", "cursor");
    /** Every state a flow can be in: the TCP and the UDP/ICMP trackers' states. */
    public static final Set<String> STATES = states();

    private static final Pattern IPV4_LITERAL = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");
    private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_.=-]{1,256}");

    /** The first invalid parameter. */
    public static final class InvalidParameterException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String parameter;

        public InvalidParameterException(String parameter, String detail) {
            super(parameter + ": " + detail, null, false, false);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /**
     * Validates single-valued query parameters; unknown names are refused so a typo ({@code sin=}) is not silently
     * ignored.
     */
    public static FlowQuery parse(Map<String, String> params) throws InvalidParameterException {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new InvalidParameterException(name, "unknown parameter; known: " + String.join(", ", PARAMETERS));
            }
        }
        String limit = params.get("limit");
        String state = params.get("state");
        if (state != null && !STATES.contains(state.toLowerCase(Locale.ROOT))) {
            throw new InvalidParameterException("state", "unknown state '" + state + "'; known: " + STATES);
        }
        String cursor = params.get("cursor");
        if (cursor != null && !CURSOR.matcher(cursor).matches()) {
            throw new InvalidParameterException("cursor", "not a cursor returned by this API");
        }
        String sni = params.get("sni");
        return new FlowQuery(
                address("address", params.get("address")),
                address("src", params.get("src")),
                address("dst", params.get("dst")),
                params.get("port") == null ? null : number("port", params.get("port"), 0, 65535),
                sni == null ? null : SniPattern.parse(sni),
                state == null ? null : state.toLowerCase(Locale.ROOT),
                limit == null ? DEFAULT_LIMIT : number("limit", limit, 1, MAX_LIMIT),
                cursor);
    }

    /**
     * The reference semantics of the filters (the cursor and the limit are the backend's business). Allocates: for
     * backends that build {@link FlowView}s anyway, not for a scan of the live table.
     */
    public boolean matches(FlowView flow) {
        InetAddress flowSrc = literal(flow.src());
        InetAddress flowDst = literal(flow.dst());
        return (address == null || address.equals(flowSrc) || address.equals(flowDst))
                && (src == null || src.equals(flowSrc))
                && (dst == null || dst.equals(flowDst))
                && (port == null || port == flow.sport() || port == flow.dport())
                && (sni == null || sni.matches(flow.sni()))
                && (state == null || state.equalsIgnoreCase(flow.state()));
    }

    /**
     * A server name filter: {@code www.example.test} matches exactly, {@code *.example.test} matches any name with
     * one or more labels before {@code .example.test} (not {@code example.test} itself). Names compare without case
     * (RFC 4343).
     */
    public record SniPattern(String name, boolean wildcard) {
        private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
        /** RFC 1035 §2.3.4: 255 octets on the wire, 253 characters as text. */
        private static final int MAX_NAME_CHARS = 253;

        static SniPattern parse(String text) throws InvalidParameterException {
            String lower = text.toLowerCase(Locale.ROOT);
            boolean wildcard = lower.startsWith("*.");
            String name = wildcard ? lower.substring(2) : lower;
            if (name.isEmpty() || name.length() > MAX_NAME_CHARS || name.endsWith(".")) {
                throw new InvalidParameterException("sni", "not a host name or *.suffix pattern: " + text);
            }
            for (String label : name.split("\\.", -1)) {
                if (!LABEL.matcher(label).matches()) {
                    throw new InvalidParameterException("sni", "not a host name or *.suffix pattern: " + text);
                }
            }
            return new SniPattern(name, wildcard);
        }

        public boolean matches(String sni) {
            if (sni == null) {
                return false;
            }
            String s = sni.toLowerCase(Locale.ROOT);
            return wildcard ? s.endsWith("." + name) : s.equals(name);
        }
    }

    private static InetAddress address(String parameter, String text) throws InvalidParameterException {
        if (text == null) {
            return null;
        }
        InetAddress a = literal(text);
        if (a == null) {
            throw new InvalidParameterException(parameter, "not an IPv4 or IPv6 address literal: " + text);
        }
        return a;
    }

    /**
     * Parses an address literal, or returns null. {@link InetAddress#getByName} never asks DNS about a string
     * that starts with a hex digit or a colon and contains a colon (it parses it as IPv6 or fails), nor about a
     * dotted quad without leading zeros; nothing else gets that far (no zone ids, no brackets, no octal).
     */
    static InetAddress literal(String text) {
        boolean v4 = IPV4_LITERAL.matcher(text).matches();
        boolean v6 = !v4 && text.indexOf(':') >= 0 && IPV6_LITERAL.matcher(text).matches();
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int number(String parameter, String text, int min, int max) throws InvalidParameterException {
        if (!DIGITS.matcher(text).matches()) {
            throw new InvalidParameterException(parameter, "not a number: " + text);
        }
        int n = Integer.parseInt(text);
        if (n < min || n > max) {
            throw new InvalidParameterException(parameter, "must be within " + min + ".." + max + ": " + text);
        }
        return n;
    }

    private static Set<String> states() {
        Set<String> s = new TreeSet<>();
        for (TcpState t : TcpState.values()) {
            s.add(t.name().toLowerCase(Locale.ROOT));
        }
        for (UdpState u : UdpState.values()) {
            s.add(u.name().toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(s);
    }
}
