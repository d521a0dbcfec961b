package io.fw443.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fw443.policy.CidrSetLoader.LoadResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Arbitrary bytes as a set file. The loader must return a result (never throw), account for every
 * significant line as a prefix or an error, and contain every IPv4 prefix that an independent regex
 * oracle recognises. Seeds live in {@code CidrSetLoaderFuzzTestInputs/loadArbitraryText}.
 */
class CidrSetLoaderFuzzTest {
    private static final Pattern V4 = Pattern.compile(
        "(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})(?:/([0-9]{1,3}))?");

    @FuzzTest(maxDuration = "20s")
    void loadArbitraryText(final byte[] data) throws IOException {
        final LoadResult r = CidrSetLoader.load(new ByteArrayInputStream(data));
        final String text = new String(data, StandardCharsets.ISO_8859_1);
        long significant = 0;
        long oracleValid = 0;
        for (final String rawLine : text.split("\n", -1)) {
            if (rawLine.length() > CidrSetLoader.MAX_LINE_BYTES) {
                significant++;
                continue;
            }
            final String line = stripBlanks(rawLine.replaceFirst("(?s)[#;].*", ""));
            if (line.isEmpty()) {
                continue;
            }
            significant++;
            final long[] range = v4Range(line);
            if (range != null) {
                oracleValid++;
                assertTrue(r.set().containsV4((int) range[0]) && r.set().containsV4((int) range[1]), line);
            }
        }
        assertEquals(significant, r.prefixCount() + r.errorCount());
        assertTrue(oracleValid <= r.prefixCount());
        assertTrue(r.errors().size() <= CidrSetLoader.MAX_REPORTED_ERRORS);
    }

    private static String stripBlanks(final String s) {
        int from = 0;
        int to = s.length();
        while (from < to && " \t\r\f\u000B".indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && " \t\r\f\u000B".indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        return s.substring(from, to);
    }

    /** First and last address of a valid IPv4 prefix without host bits, or null. */
    private static long[] v4Range(final String line) {
        final Matcher m = V4.matcher(line);
        if (!m.matches()) {
            return null;
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            final int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return null;
            }
            address = address << 8 | octet;
        }
        final int length = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
        if (length > 32) {
            return null;
        }
        final long size = 1L << (32 - length);
        return address % size == 0 ? new long[] {address, address + size - 1} : null;
    }
}
