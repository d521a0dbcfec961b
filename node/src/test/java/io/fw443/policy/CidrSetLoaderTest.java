package io.fw443.policy;

import static io.fw443.policy.Addresses.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.policy.CidrSetLoader.LineError;
import io.fw443.policy.CidrSetLoader.LoadResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CidrSetLoaderTest {

    private static LoadResult load(final String text) throws IOException {
        return CidrSetLoader.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void loadsV4AndV6WithCommentsBlanksAndCrlf(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("blocklist.txt");
        Files.writeString(file, """
            # a blocklist
            192.0.2.0/24
              198.51.100.7\t# a host route with an inline comment
            \r
            2001:db8::/32\r
            2001:db8:ffff::1 ; Spamhaus-style comment
            203.0.113.0/25""");
        final LoadResult r = CidrSetLoader.load(file);
        assertEquals(List.of(), r.errors());
        assertTrue(r.clean());
        assertEquals(5, r.prefixCount());
        final CidrSet s = r.set();
        assertTrue(contains(s, "192.0.2.0"));
        assertTrue(contains(s, "192.0.2.255"));
        assertFalse(contains(s, "192.0.3.0"));
        assertTrue(contains(s, "198.51.100.7"));
        assertFalse(contains(s, "198.51.100.6"));
        assertFalse(contains(s, "198.51.100.8"));
        assertTrue(contains(s, "203.0.113.127"));
        assertFalse(contains(s, "203.0.113.128"));
        assertTrue(contains(s, "2001:db8:1234::99"));
        assertFalse(contains(s, "2001:db9::"));
        assertEquals(3, s.rangeCountV4());
        assertEquals(1, s.rangeCountV6(), "2001:db8:ffff::1 is inside 2001:db8::/32");
    }

    @Test
    void defaultRoutesContainEverything() throws IOException {
        final CidrSet s = load("0.0.0.0/0\n::/0\n").set();
        for (final String a : List.of("0.0.0.0", "255.255.255.255", "192.0.2.1", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "2001:db8::1")) {
            assertTrue(contains(s, a), a);
        }
        assertEquals(1, s.rangeCountV4());
        assertEquals(1, s.rangeCountV6());
    }

    @Test
    void overlappingAndAdjacentPrefixesAreMerged() throws IOException {
        final LoadResult r = load("""
            10.0.0.0/8
            10.1.0.0/16
            10.255.255.255
            11.0.0.0/9
            11.128.0.0/9
            12.0.0.1
            12.0.0.3
            2001:db8::/33
            2001:db8:8000::/33
            2001:db8::1
            2001:db9::/32
            2001:dbb::/32
            ::/127
            ::2/127
            """);
        final CidrSet s = r.set();
        assertEquals(14, r.prefixCount());
        // 10/8 + 11/8 are adjacent -> one range; 12.0.0.1 and 12.0.0.3 are not adjacent.
        assertEquals(3, s.rangeCountV4());
        // 2001:db8::/32 (two halves) + 2001:db9::/32 adjacent; 2001:dbb::/32 separate; ::/126 from two /127s.
        assertEquals(3, s.rangeCountV6());
        assertTrue(contains(s, "11.255.255.255"));
        assertFalse(contains(s, "12.0.0.2"));
        assertFalse(contains(s, "2001:dba::"));
        assertTrue(contains(s, "2001:db9:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertTrue(contains(s, "::3"));
        assertFalse(contains(s, "::4"));
    }

    @Test
    void mergesAcrossTheCarryOfTheLowerHalf() {
        // 2001:db8::/64 ends at 2001:db8:0:0:ffff:ffff:ffff:ffff; the next /64 starts at 2001:db8:0:1:: (a carry).
        final CidrSet s = CidrSet.builder().add("2001:db8::/64").add("2001:db8:0:1::/64").add("2001:db8:0:2::1").build();
        assertEquals(2, s.rangeCountV6());
        assertTrue(contains(s, "2001:db8:0:1::5"));
        assertFalse(contains(s, "2001:db8:0:2::"));
        assertTrue(contains(s, "2001:db8:0:2::1"));
    }

    @Test
    void reportsBadLinesWithLineNumbersAndKeepsTheRest() throws IOException {
        final LoadResult r = load("""
            192.0.2.0/24
            192.0.2.300
            # fine
            198.51.100.1/24
            2001:db8::/129

            2001:db8::zz
            203.0.113.0/24 extra
            203.0.113.0/24""");
        assertEquals(List.of(
            new LineError(2, ParseStatus.BAD_IPV4, "192.0.2.300"),
            new LineError(4, ParseStatus.HOST_BITS_SET, "198.51.100.1/24"),
            new LineError(5, ParseStatus.BAD_PREFIX_LENGTH, "2001:db8::/129"),
            new LineError(7, ParseStatus.BAD_IPV6, "2001:db8::zz"),
            new LineError(8, ParseStatus.TRAILING_TEXT, "203.0.113.0/24 extra")), r.errors());
        assertEquals(5, r.errorCount());
        assertEquals(2, r.prefixCount());
        assertTrue(contains(r.set(), "203.0.113.5"));
        assertFalse(contains(r.set(), "198.51.100.1"));
    }

    @Test
    void skipsOverlongLinesAcrossBufferBoundaries() throws IOException {
        final String longLine = "1".repeat(300_000);
        final String shortLong = "2".repeat(CidrSetLoader.MAX_LINE_BYTES + 1);
        final LoadResult r = load("192.0.2.0/24\n" + longLine + "\n" + shortLong + "\n198.51.100.0/24\n" + longLine);
        assertEquals(3, r.errorCount());
        assertEquals(List.of(2L, 3L, 5L), r.errors().stream().map(LineError::line).toList());
        assertTrue(r.errors().stream().allMatch(e -> e.reason() == ParseStatus.LINE_TOO_LONG));
        assertEquals(2, r.prefixCount());
        assertTrue(contains(r.set(), "198.51.100.200"));
    }

    @Test
    void keepsTheFirstErrorsButCountsAll() throws IOException {
        final int bad = CidrSetLoader.MAX_REPORTED_ERRORS + 50;
        final LoadResult r = load("bad\n".repeat(bad) + "192.0.2.0/24\n");
        assertEquals(bad, r.errorCount());
        assertEquals(CidrSetLoader.MAX_REPORTED_ERRORS, r.errors().size());
        assertEquals(CidrSetLoader.MAX_REPORTED_ERRORS, r.errors().get(r.errors().size() - 1).line());
        assertEquals(1, r.prefixCount());
    }

    @Test
    void emptyInputGivesAnEmptySet() throws IOException {
        final LoadResult r = load("# nothing\n\n   \n");
        assertTrue(r.set().isEmpty());
        assertTrue(r.clean());
        assertFalse(contains(r.set(), "192.0.2.1"));
        assertFalse(contains(r.set(), "2001:db8::1"));
    }

    @Test
    void builderRefusesBadTextAndUnionsSets() {
        final CidrSet.Builder b = CidrSet.builder();
        assertEquals(ParseStatus.HOST_BITS_SET, b.tryAdd("192.0.2.1/24"));
        assertEquals(ParseStatus.BAD_IPV6, b.tryAdd("2001:db8::é"));
        assertEquals(ParseStatus.OK, b.tryAdd(" 192.0.2.0/25 "));
        final CidrSet union = CidrSet.builder().addAll(b.build()).add("192.0.2.128/25").add("2001:db8::/48").build();
        assertEquals(1, union.rangeCountV4());
        assertEquals(3, union.prefixCount());
        assertTrue(contains(union, "192.0.2.255"));
        assertTrue(contains(union, "2001:db8:0:ffff::"));
    }

    @Test
    void lookupRejectsBadFamilyAndOffsets() {
        final CidrSet s = Addresses.set("0.0.0.0/0", "::/0");
        final byte[] addr = new byte[16];
        assertTrue(s.contains(addr, 0, CidrSet.FAMILY_IPV4));
        assertTrue(s.contains(addr, 12, CidrSet.FAMILY_IPV4));
        assertFalse(s.contains(addr, 13, CidrSet.FAMILY_IPV4));
        assertFalse(s.contains(addr, -1, CidrSet.FAMILY_IPV4));
        assertTrue(s.contains(addr, 0, CidrSet.FAMILY_IPV6));
        assertFalse(s.contains(addr, 1, CidrSet.FAMILY_IPV6));
        assertFalse(s.contains(addr, 0, 5));
    }
}
