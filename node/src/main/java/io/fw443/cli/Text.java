package io.fw443.cli;

import java.util.Locale;

/** Small formatting helpers shared by the text output of the management commands. */
final class Text {
    private Text() {
    }

    static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    /** {@code 192.0.2.1:443} or {@code [2001:db8::1]:443} (RFC 3986 §3.2.2 brackets for IPv6). */
    static String endpoint(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /** A duration in seconds, as {@code 45s}, {@code 12m05s}, {@code 3h07m}, {@code 2d04h}. */
    static String seconds(long s) {
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s % 86400 / 3600);
    }
}
