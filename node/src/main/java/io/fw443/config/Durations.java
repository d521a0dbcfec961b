package io.fw443.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Duration and rate text as written in config: {@code 50ms}, {@code 2s}, {@code 40.95s}, {@code 500/s}. */
final class Durations {

    static final String DURATION_FORM = "a number and a unit (ns, us, ms, s, m, h, d), e.g. 50ms, 2s, 1m";
    static final String RATE_FORM = "a count per second, minute or hour, e.g. 500/s, 300/m, 1000/h";

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(\\.[0-9]{1,9})?(ns|us|ms|s|m|h|d)");
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(3650L * 86_400_000_000_000L);
    private static final Pattern RATE = Pattern.compile("([0-9]{1,10})/(s|m|h)");

    private Durations() {
    }

    /** Parses a non-negative duration; a bare {@code 0} is allowed without a unit. */
    static Parsed<Duration> parse(String text) {
        if ("0".equals(text)) {
            return Parsed.ok(Duration.ZERO);
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return Parsed.bad("'" + IpAddress.abbreviate(text) + "' is not a duration: expected " + DURATION_FORM);
        }
        BigDecimal nanos = new BigDecimal(m.group(1) + (m.group(2) == null ? "" : m.group(2)))
                .multiply(BigDecimal.valueOf(unitNanos(m.group(3))));
        if (nanos.stripTrailingZeros().scale() > 0) {
            return Parsed.bad("'" + text + "' is finer than a nanosecond");
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            return Parsed.bad("'" + text + "' is longer than the longest duration accepted, 3650d");
        }
        return Parsed.ok(Duration.ofNanos(nanos.longValueExact()));
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ns":
                return 1L;
            case "us":
                return 1_000L;
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            default:
                return 86_400_000_000_000L;
        }
    }

    /** Parses {@code N/s}, {@code N/m} or {@code N/h}. */
    static Parsed<Rate> parseRate(String text) {
        Matcher m = RATE.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            return Parsed.bad("'" + IpAddress.abbreviate(text) + "' is not a rate: expected " + RATE_FORM
                    + " (count at least 1)");
        }
        Duration period = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        return Parsed.ok(new Rate(Long.parseLong(m.group(1)), period));
    }

    /** Short text for a duration, in the largest unit that keeps it exact up to two decimals: 40.95s, 5d. */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String[] units = {"d", "h", "m", "s", "ms", "us"};
        for (String unit : units) {
            BigInteger per = BigInteger.valueOf(unitNanos(unit));
            BigInteger hundredths = BigInteger.valueOf(nanos).multiply(BigInteger.valueOf(100));
            if (nanos >= per.longValue() && hundredths.mod(per).signum() == 0) {
                return new BigDecimal(hundredths.divide(per), 2).stripTrailingZeros().toPlainString() + unit;
            }
        }
        return nanos + "ns";
    }
}
